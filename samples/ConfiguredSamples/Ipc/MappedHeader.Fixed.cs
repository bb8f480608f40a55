using System;
using System.IO;

// A message channel between two processes over a memory-mapped file, from a library that knows nothing of the
// analyzer: no attribute anywhere. The project's .editorconfig declares what is shared:
//
//   double_fetch.shared_memory_members = F:Samples.Configured.Ipc.Fixed.MappedChannel._header|...
//   double_fetch.shared_memory_types   = T:Samples.Configured.Ipc.Fixed.MessageDescriptor|...
//
// Layout of the mapping: a ChannelHeader, a table of MessageDescriptor, then the message bytes. The writer is another
// process. It can change any of these bytes at any moment, also while we read them.
//
// Fixed: the header and each descriptor are copied once, the copies are checked, and only the copies are used.
namespace Samples.Configured.Ipc.Fixed
{
    /// <summary>The header at the start of the mapping. An ordinary struct: only the pointer to it is declared shared.</summary>
    public struct ChannelHeader
    {
        public int Length;
        public int Kind;
        public int DescriptorCount;
    }

    /// <summary>One entry of the descriptor table. The type is declared shared: it only ever lives in the mapping.</summary>
    public struct MessageDescriptor
    {
        public int Offset;
        public int Length;
    }

    public sealed unsafe class MappedChannel
    {
        private const int MaxDescriptors = 64;

        private readonly ChannelHeader* _header;
        private readonly MessageDescriptor* _descriptors;
        private readonly byte* _payload;
        private readonly int _capacity;
        private readonly Action<int>[] _handlers;

        public MappedChannel(byte* mapping, int mappingLength, Action<int>[] handlers)
        {
            _header = (ChannelHeader*)mapping;
            _descriptors = (MessageDescriptor*)(mapping + sizeof(ChannelHeader));
            _payload = mapping + sizeof(ChannelHeader) + MaxDescriptors * sizeof(MessageDescriptor);
            _capacity = mappingLength - sizeof(ChannelHeader) - MaxDescriptors * sizeof(MessageDescriptor);
            _handlers = handlers;
        }

        /// <summary>Copies the message into <paramref name="buffer"/> and returns its length.</summary>
        public int Receive(Span<byte> buffer)
        {
            // One read of the length: the checks, the copy and the result all see the same value.
            int length = _header->Length;
            if (length < 0 ||
                length > buffer.Length ||
                length > _capacity)
            {
                throw new InvalidDataException("The message does not fit.");
            }

            new ReadOnlySpan<byte>(_payload, length).CopyTo(buffer);
            return length;
        }

        /// <summary>Hands the message to the handler for its kind.</summary>
        public void Dispatch()
        {
            // A copy of the whole header: one read of the mapping. The kind is checked against the handler table.
            ChannelHeader header = *_header;
            if ((uint)header.Kind >= (uint)_handlers.Length)
            {
                throw new InvalidDataException($"Unknown message kind {header.Kind}.");
            }

            _handlers[header.Kind](header.Length);
        }

        /// <summary>The first byte of descriptor <paramref name="index"/>'s message.</summary>
        public byte FirstByte(int index)
        {
            if ((uint)index >= MaxDescriptors)
            {
                throw new ArgumentOutOfRangeException(nameof(index));
            }

            // The descriptor is copied once; the offset that is checked is the offset that is used.
            MessageDescriptor descriptor = _descriptors[index];
            if (descriptor.Offset < 0 || descriptor.Offset >= _capacity)
            {
                throw new InvalidDataException("Bad message offset.");
            }

            return _payload[descriptor.Offset];
        }

        /// <summary>Sums the lengths of the messages the header says are in the table.</summary>
        public long TotalLength()
        {
            // The count comes from the writer: check it against the size of the table before it drives the loop.
            int count = _header->DescriptorCount;
            if (count < 0 || count > MaxDescriptors)
            {
                throw new InvalidDataException($"Bad descriptor count {count}.");
            }

            long total = 0;
            for (int i = 0; i < count; i++)
            {
                total += _descriptors[i].Length;
            }

            return total;
        }
    }
}
