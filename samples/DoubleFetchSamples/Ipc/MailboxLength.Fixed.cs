using System;
using System.IO;
using System.IO.MemoryMappedFiles;
using DoubleFetch;

// A mailbox between two processes: a memory-mapped file that the sender writes and the receiver reads.
//
// Layout of the mapping: the length of the message (int), the kind of message (int), then the message bytes.
// The sender is another process. It can change any of these bytes at any moment, also while we read them: the receiver
// must read each field once, check what it read, and use only what it checked.
//
// Fixed: each field is read once into a local (or the header is copied once), the local is checked, and only the
// local is used.
namespace Samples.Ipc.Fixed
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

            // The copy uses the length that was checked, not a new read of the mapping.
            return _view.ReadArray(PayloadOffset, buffer, 0, length);
        }

        /// <summary>Hands the message to the handler for its kind.</summary>
        public void Dispatch(byte[] message, int length)
        {
            // The sender chooses the kind: check it against the handler table before it selects a handler.
            int kind = _view.ReadInt32(KindOffset);
            if ((uint)kind >= (uint)_handlers.Length)
            {
                throw new InvalidDataException($"Unknown message kind {kind}.");
            }

            _handlers[kind](message, length);
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
            // A real copy of the header (not a ref local): one read of the mapping. The checks and the copy below
            // all see the same length.
            MailboxHeader header = *_header;
            if (header.Length < 0 ||
                header.Length > buffer.Length ||
                header.Length > _payloadCapacity)
            {
                throw new InvalidDataException("The message does not fit.");
            }

            new ReadOnlySpan<byte>(_payload, header.Length).CopyTo(buffer);
            return header.Length;
        }
    }
}
