using System;
using System.IO;

// A message channel between two processes over a memory-mapped file, from a library that knows nothing of the
// analyzer: no attribute anywhere. The project's .editorconfig declares what is shared:
//
//   double_fetch.shared_memory_members = F:Samples.Configured.Ipc.Violations.MappedChannel._header|...
//   double_fetch.shared_memory_types   = T:Samples.Configured.Ipc.Violations.MessageDescriptor|...
//
// Layout of the mapping: a ChannelHeader, a table of MessageDescriptor, then the message bytes. The writer is another
// process. It can change any of these bytes at any moment, also while we read them.
namespace Samples.Configured.Ipc.Violations
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
            // Every _header->Length reads the mapping again: the length that is copied and returned need not be any of
            // the lengths that were checked.
            if (_header->Length < 0 ||
                _header->Length > buffer.Length || // DF0001
                _header->Length > _capacity) // DF0001
            {
                throw new InvalidDataException("The message does not fit.");
            }

            new ReadOnlySpan<byte>(_payload, _header->Length).CopyTo(buffer); // DF0001
            return _header->Length; // DF0001
        }

        /// <summary>Hands the message to the handler for its kind.</summary>
        public void Dispatch()
        {
            // The writer chooses the kind, and it selects a handler without any check.
            int kind = _header->Kind;
            _handlers[kind](_header->Length); // DF0002
        }

        /// <summary>The first byte of descriptor <paramref name="index"/>'s message.</summary>
        public byte FirstByte(int index)
        {
            if ((uint)index >= MaxDescriptors)
            {
                throw new ArgumentOutOfRangeException(nameof(index));
            }

            // The descriptor's offset is checked against the capacity on one read and used on another.
            MessageDescriptor* descriptor = _descriptors + index;
            if (descriptor->Offset < 0 ||
                descriptor->Offset >= _capacity) // DF0001
            {
                throw new InvalidDataException("Bad message offset.");
            }

            return _payload[descriptor->Offset]; // DF0001
        }

        /// <summary>Sums the lengths of the messages the header says are in the table.</summary>
        public long TotalLength()
        {
            // The count comes from the writer: nothing keeps it within the table, and the loop reads past its end.
            int count = _header->DescriptorCount;
            long total = 0;
            for (int i = 0; i < count; i++) // DF0005
            {
                total += _descriptors[i].Length;
            }

            return total;
        }
    }
}
