using System.IO;
using DoubleFetch;

// Off by one: '>' where '>=' is needed.
//
// An index is in range when 0 <= index < length. A check that rejects only index > length lets one value too many
// through: index == length, the first element past the end. It is the easiest way to get a bounds check almost
// right, and the hardest to see in review, because the check is there and looks right.
//
// Two places it hides: a parser of a binary event log, whose records name their event by an index into the file's
// name table, and a completion ring shared with a device, which writes the slot number of each finished request.
namespace Samples.Parsers.Violations
{
    /// <summary>Reads the records of a binary event log: a table of event names, then records that refer to it.</summary>
    public sealed class EventLogReader
    {
        private readonly string[] _eventNames;

        public EventLogReader(string[] eventNames)
        {
            _eventNames = eventNames;
        }

        /// <summary>Reads one record: the index of its event name, then its timestamp.</summary>
        public (string Name, long Timestamp) ReadRecord(BinaryReader reader)
        {
            // The file comes from somewhere else: what it says stays in untrusted_ variables until it is checked.
            int untrusted_nameIndex = reader.ReadInt32();
            long timestamp = reader.ReadInt64();

            // The lower side is right; the upper side lets untrusted_nameIndex == _eventNames.Length through.
            if (untrusted_nameIndex < 0 || untrusted_nameIndex > _eventNames.Length)
            {
                throw new InvalidDataException($"Record names event {untrusted_nameIndex}, which is not in the name table.");
            }

            int nameIndex = untrusted_nameIndex;
            return (_eventNames[nameIndex], timestamp); // DF0003
        }
    }

    /// <summary>A completion as the device writes it into the ring: which request finished, and how.</summary>
    [SharedMemory]
    public struct Completion
    {
        public int Slot;
        public int Status;
    }

    /// <summary>A request the driver handed to the device, waiting for its completion.</summary>
    public sealed class PendingIo
    {
        public int Status;
    }

    /// <summary>The driver's side of a completion ring: the device writes completions, the driver consumes them.</summary>
    public sealed unsafe class CompletionRing
    {
        public const int RingSize = 64;

        /// <summary>The completion entries: memory the device writes.</summary>
        private readonly Completion* _completions;

        /// <summary>The requests in flight, by slot: RingSize entries, and readonly, so the analyzer knows its length.</summary>
        private readonly PendingIo?[] _inFlight = new PendingIo?[RingSize];

        private uint _consumer;

        public CompletionRing(Completion* completions)
        {
            _completions = completions;
        }

        /// <summary>Consumes the next completion and returns the request it completes.</summary>
        public PendingIo? Consume()
        {
            // One copy of the entry: the device can change the ring, not the copy.
            Completion completion = _completions[_consumer++ % RingSize];

            // RingSize is a slot count, not the last slot: '>' lets slot 64 through, one past the end of _inFlight.
            int slot = completion.Slot;
            if (slot < 0 || slot > RingSize)
            {
                throw new InvalidDataException($"The device completed slot {slot}, which does not exist.");
            }

            PendingIo? request = _inFlight[slot]; // DF0003
            _inFlight[slot] = null;
            if (request is not null)
            {
                request.Status = completion.Status;
            }

            return request;
        }
    }
}
