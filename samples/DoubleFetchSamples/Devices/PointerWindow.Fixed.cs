using System;
using System.IO;
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
//
// Fixed: every address and length is checked against the size of the window before the pointer moves, and a bad
// descriptor is rejected. The checks are written so that they cannot overflow: address + length could wrap around
// past 2^64 and look small, so the length is compared with the room left after the address, _ramSize - address,
// once the address is known to be inside the window.
namespace Samples.Devices.Fixed
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

            // The four bytes of the request type must be inside the window.
            if (_ramSize < sizeof(uint) || address > _ramSize - sizeof(uint))
            {
                throw new InvalidDataException($"The request header at guest address 0x{address:X} is outside the guest's RAM.");
            }

            ref byte header = ref Unsafe.Add(ref *_guestRam, (nuint)address);
            return Unsafe.ReadUnaligned<uint>(ref header);
        }

        /// <summary>Copies the data buffer the descriptor points at into <paramref name="destination"/>.</summary>
        public int ReadData(VirtqDescriptor* descriptor, Span<byte> destination)
        {
            VirtqDescriptor desc = *descriptor;
            ulong address = desc.Address;
            uint length = desc.Length;

            // The whole buffer, address to address + length, must be inside the window, and fit the destination.
            if (address > _ramSize || length > _ramSize - address || length > destination.Length)
            {
                throw new InvalidDataException($"The data buffer at guest address 0x{address:X}, {length} bytes, is outside the guest's RAM or larger than the destination.");
            }

            fixed (byte* target = destination)
            {
                Buffer.MemoryCopy(
                    _guestRam + address,
                    target,
                    destination.Length,
                    length);
            }

            return (int)length;
        }

        /// <summary>Writes the request's status byte where the guest's last descriptor points.</summary>
        public void WriteStatus(VirtqDescriptor* descriptor, byte status)
        {
            VirtqDescriptor desc = *descriptor;

            // The status byte must be inside the window.
            ulong address = desc.Address;
            if (address >= _ramSize)
            {
                throw new InvalidDataException($"The status byte at guest address 0x{address:X} is outside the guest's RAM.");
            }

            byte* statusByte = _guestRam + address;
            *statusByte = status;
        }
    }
}
