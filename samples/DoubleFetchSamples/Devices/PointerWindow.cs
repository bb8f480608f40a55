using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using DoubleFetch;

// A device model reads guest memory through a pointer window.
//
// An emulator maps the guest's RAM into its own process and keeps a pointer to it: guest address A is the byte at
// _guestRam + A. The guest's driver asks the emulated block device for work with descriptors (a virtio descriptor
// ring): each one gives a guest address and a length. The guest wrote them, so they are untrusted: the device model
// must check that each address and length stay inside the guest's RAM before it reads there.
//
// Nothing else checks them. A pointer, Unsafe.Add and Buffer.MemoryCopy do not know where the window ends: an address
// past the RAM reads (or writes) the emulator's own memory. That is the guest escaping into its host, the worst bug
// an emulator can have. A C# array would have thrown; a pointer just reads.
namespace Samples.Devices.Violations
{
    /// <summary>One descriptor of a virtqueue, as the guest writes it into the descriptor table (struct virtq_desc).</summary>
    [SharedMemory]
    [StructLayout(LayoutKind.Sequential, Pack = 1)]
    public struct VirtqDescriptor
    {
        public ulong Address;
        public uint Length;
        public ushort Flags;
        public ushort Next;
    }

    /// <summary>The emulated block device's view of the guest.</summary>
    public sealed unsafe class BlockDeviceModel
    {
        /// <summary>The guest's RAM, mapped into this process, and its size.</summary>
        private readonly byte* _guestRam;
        private readonly ulong _ramSize;

        public BlockDeviceModel(byte* guestRam, ulong ramSize)
        {
            _guestRam = guestRam;
            _ramSize = ramSize;
        }

        /// <summary>Reads the request type, the first field of the request header the descriptor points at.</summary>
        public uint ReadRequestType(VirtqDescriptor* descriptor)
        {
            // One copy of the descriptor: the guest can rewrite the table, not the copy. The values are still the guest's.
            VirtqDescriptor desc = *descriptor;
            ulong address = desc.Address;

            // Unsafe.Add moves a reference by as much as it is told, and Unsafe.ReadUnaligned reads wherever it lands.
            ref byte header = ref Unsafe.Add(ref *_guestRam, (nuint)address); // DF0005
            return Unsafe.ReadUnaligned<uint>(ref header);
        }

        /// <summary>Copies the data buffer the descriptor points at into <paramref name="destination"/>.</summary>
        public int ReadData(VirtqDescriptor* descriptor, Span<byte> destination)
        {
            VirtqDescriptor desc = *descriptor;
            ulong address = desc.Address;
            uint length = desc.Length;

            // Buffer.MemoryCopy checks the length against the destination's size only. The source is the window: an
            // address near its end, or a length past it, copies the emulator's memory into the guest's request.
            fixed (byte* target = destination)
            {
                Buffer.MemoryCopy(
                    _guestRam + address, // DF0005
                    target,
                    destination.Length,
                    length); // DF0005
            }

            return (int)length;
        }

        /// <summary>Writes the request's status byte where the guest's last descriptor points.</summary>
        public void WriteStatus(VirtqDescriptor* descriptor, byte status)
        {
            VirtqDescriptor desc = *descriptor;

            // A write through the window: the guest picks which byte of the emulator's memory becomes status.
            byte* statusByte = _guestRam + desc.Address; // DF0005
            *statusByte = status;
        }
    }
}
