using System;
using System.IO;
using System.Runtime.InteropServices;

// A network driver's receive ring, from a driver that knows nothing of the analyzer: no attribute anywhere. The device
// exposes registers, read through DeviceRegisters.ReadRegister, and writes receive descriptors into DMA memory. Both
// change at any time. The project's .editorconfig declares them:
//
//   double_fetch.shared_memory_accessors = M:Samples.Configured.Devices.Fixed.DeviceRegisters.ReadRegister|...
//   double_fetch.shared_memory_members   = ...|F:Samples.Configured.Devices.Fixed.RxRing._registers|...
//   double_fetch.shared_memory_types     = ...|T:Samples.Configured.Devices.Fixed.RxDescriptor|...
//
// Fixed: each register is read once into a local, the descriptor is copied once, and only checked copies are used.
namespace Samples.Configured.Devices.Fixed
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
            // One read of the head register: the value that is checked is the value that is used.
            int head = _registers.ReadRegister(HeadRegister);
            if ((uint)head >= (uint)_buffers.Length)
            {
                throw new InvalidDataException("The device reported a bad ring head.");
            }

            return _buffers[head];
        }

        /// <summary>Copies the packet of descriptor <paramref name="slot"/> into <paramref name="destination"/>.</summary>
        public int Receive(int slot, Span<byte> destination)
        {
            // One copy of the descriptor (Xen's RING_COPY_REQUEST); the buffer id is checked before it selects a buffer.
            RxDescriptor descriptor = _descriptors[slot & (RingSize - 1)];
            if ((uint)descriptor.BufferId >= (uint)_buffers.Length)
            {
                throw new InvalidDataException("Bad buffer id.");
            }

            byte[] buffer = _buffers[descriptor.BufferId];
            if (descriptor.Length < 0 ||
                descriptor.Length > buffer.Length ||
                descriptor.Length > destination.Length)
            {
                throw new InvalidDataException("Bad packet length.");
            }

            buffer.AsSpan(0, descriptor.Length).CopyTo(destination);
            return descriptor.Length;
        }

        /// <summary>Acknowledges every packet up to the tail the device reports.</summary>
        public void Acknowledge()
        {
            int tail = _registers.ReadRegister(TailRegister);
            _registers.WriteRegister(HeadRegister, tail);
        }
    }
}
