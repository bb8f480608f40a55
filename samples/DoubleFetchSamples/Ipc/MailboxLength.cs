using System;
using System.IO;
using System.IO.MemoryMappedFiles;
using DoubleFetch;

// A mailbox between two processes: a memory-mapped file that the sender writes and the receiver reads.
//
// Layout of the mapping: the length of the message (int), the kind of message (int), then the message bytes.
// The sender is another process. It can change any of these bytes at any moment, also while we read them: the receiver
// must read each field once, check what it read, and use only what it checked.
namespace Samples.Ipc.Violations
{
    /// <summary>Reads the mailbox through a <see cref="MemoryMappedViewAccessor"/>: every Read call reads the mapping.</summary>
    public sealed class Mailbox : IDisposable
    {
        private const long LengthOffset = 0;
        private const long KindOffset = 4;
        private const long PayloadOffset = 8;

        private readonly MemoryMappedFile _file;
        private readonly MemoryMappedViewAccessor _view;
        private readonly Action<byte[], int>[] _handlers;

        public Mailbox(string path, long capacity, Action<byte[], int>[] handlers)
        {
            _file = MemoryMappedFile.CreateFromFile(path, FileMode.OpenOrCreate, null, capacity);
            _view = _file.CreateViewAccessor(0, capacity);
            _handlers = handlers;
        }

        /// <summary>Copies the message into <paramref name="buffer"/> and returns its length.</summary>
        public int Receive(byte[] buffer)
        {
            // The length is read and checked against the buffer...
            int length = _view.ReadInt32(LengthOffset);
            if (length < 0 || length > buffer.Length)
            {
                throw new InvalidDataException($"The message length {length} does not fit the buffer.");
            }

            // ...and read again for the copy: the sender can make it larger in between, after the check.
            return _view.ReadArray(PayloadOffset, buffer, 0, _view.ReadInt32(LengthOffset)); // DF0001
        }

        /// <summary>Hands the message to the handler for its kind.</summary>
        public void Dispatch(byte[] message, int length)
        {
            // The sender chooses the kind, and it selects a handler without any check.
            int kind = _view.ReadInt32(KindOffset);
            _handlers[kind](message, length); // DF0002
        }

        public void Dispose()
        {
            _view.Dispose();
            _file.Dispose();
        }
    }

    /// <summary>The mailbox's header, as the sender writes it at the start of the mapping.</summary>
    [SharedMemory]
    public struct MailboxHeader
    {
        public int Length;
        public int Kind;
    }

    /// <summary>Reads the same mailbox through a pointer into the mapping.</summary>
    public sealed unsafe class PointerMailbox
    {
        private readonly MailboxHeader* _header;
        private readonly byte* _payload;
        private readonly int _payloadCapacity;

        public PointerMailbox(byte* mapping, int mappingLength)
        {
            _header = (MailboxHeader*)mapping;
            _payload = mapping + sizeof(MailboxHeader);
            _payloadCapacity = mappingLength - sizeof(MailboxHeader);
        }

        /// <summary>Copies the message into <paramref name="buffer"/> and returns its length.</summary>
        public int Receive(Span<byte> buffer)
        {
            // A ref local looks like a copy of the header, but it is an alias: each header.Length reads the mapping
            // again, so the length that is copied and returned need not be any of the lengths that were checked.
            ref readonly MailboxHeader header = ref *_header;
            if (header.Length < 0 ||
                header.Length > buffer.Length || // DF0001
                header.Length > _payloadCapacity) // DF0001
            {
                throw new InvalidDataException("The message does not fit.");
            }

            new ReadOnlySpan<byte>(_payload, header.Length).CopyTo(buffer); // DF0001
            return header.Length; // DF0001
        }
    }
}
