using System;
using System.IO;
using System.Runtime.InteropServices;

// A network driver's receive ring, from a driver that knows nothing of the analyzer: no attribute anywhere. The device
// exposes registers, read through DeviceRegisters.ReadRegister, and writes receive descriptors into DMA memory. Both
// change at any time. The project's .editorconfig declares them:
//
//   double_fetch.shared_memory_accessors = M:Samples.Configured.Devices.Violations.DeviceRegisters.ReadRegister|...
//   double_fetch.shared_memory_members   = ...|F:Samples.Configured.Devices.Violations.RxRing._registers|...
//   double_fetch.shared_memory_types     = ...|T:Samples.Configured.Devices.Violations.RxDescriptor|...
//
// Each ReadRegister call on the shared _registers field is one fetch of the register it names: two calls with the same
// register read the same location twice.
namespace Samples.Configured.Devices.Violations
{
    /// <summary>A device's register window: every read goes to the device.</summary>
    public sealed class DeviceRegisters
    {
        private readonly IntPtr _base;

        public DeviceRegisters(IntPtr registerBase) => _base = registerBase;

        public int ReadRegister(int register) => Marshal.ReadInt32(_base, register * sizeof(int));

        public void WriteRegister(int register, int value) => Marshal.WriteInt32(_base, register * sizeof(int), value);
    }

    /// <summary>A receive descriptor, written by the device into DMA memory.</summary>
    public struct RxDescriptor
    {
        public int BufferId;
        public int Length;
    }

    public sealed unsafe class RxRing
    {
        public const int RingSize = 256;
        public const int BufferSize = 2048;

        private const int HeadRegister = 0x10;
        private const int TailRegister = 0x11;

        private readonly DeviceRegisters _registers;
        private readonly RxDescriptor* _descriptors;
        private readonly byte[][] _buffers;

        public RxRing(DeviceRegisters registers, RxDescriptor* descriptors)
        {
            _registers = registers;
            _descriptors = descriptors;
            _buffers = new byte[RingSize][];
            for (int i = 0; i < RingSize; i++)
            {
                _buffers[i] = new byte[BufferSize];
            }
        }

        /// <summary>The buffer the device filled last.</summary>
        public byte[] NewestBuffer()
        {
            // The head register is checked on one read and used on another: the device may have moved it in between.
            if ((uint)_registers.ReadRegister(HeadRegister) >= RingSize)
            {
                throw new InvalidDataException("The device reported a bad ring head.");
            }

            return _buffers[_registers.ReadRegister(HeadRegister)]; // DF0001
        }

        /// <summary>Copies the packet of descriptor <paramref name="slot"/> into <paramref name="destination"/>.</summary>
        public int Receive(int slot, Span<byte> destination)
        {
            RxDescriptor* descriptor = _descriptors + (slot & (RingSize - 1));

            // The device chooses the buffer id, and it selects a buffer without any check (xen-netfront's bug).
            byte[] buffer = _buffers[descriptor->BufferId]; // DF0002

            // The length is checked on one read of the descriptor and used on another.
            if (descriptor->Length < 0 ||
                descriptor->Length > buffer.Length || // DF0001
                descriptor->Length > destination.Length) // DF0001
            {
                throw new InvalidDataException("Bad packet length.");
            }

            buffer.AsSpan(0, descriptor->Length).CopyTo(destination); // DF0001
            return descriptor->Length; // DF0001
        }

        /// <summary>Acknowledges every packet up to the tail the device reports.</summary>
        public void Acknowledge()
        {
            int tail = _registers.ReadRegister(TailRegister);
            _registers.WriteRegister(HeadRegister, tail);
        }
    }
}
