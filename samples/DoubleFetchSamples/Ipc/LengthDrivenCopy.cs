using System;
using System.Runtime.InteropServices;
using DoubleFetch;

// Lengths and counts that the other process chooses.
//
// A monitoring agent publishes its latest frame in shared memory: a header that says how many payload bytes are valid
// and how many sensor readings the frame holds, the readings, then the payload. The reader below takes each frame out
// of the mapping the right way round: it copies the header once (no double fetch), and copies the readings and the
// payload areas whole, with sizes it chose itself. Then it trusts the header: its PayloadLength sizes an allocation
// and a copy, and its ReadingCount runs a loop over the readings. The agent is another process, and it can write any
// number there. In C# the runtime checks the copies, so a bad length is an exception in the middle of the update, or
// an allocation of up to 2 GB that the other process asked for.
namespace Samples.Ipc.Violations
{
    /// <summary>The header of a frame, as the agent writes it at the start of the mapping.</summary>
    [SharedMemory]
    [StructLayout(LayoutKind.Sequential)]
    public struct FrameHeader
    {
        public int PayloadLength;
        public int ReadingCount;
    }

    public sealed unsafe class TelemetryReader
    {
        public const int MaxReadings = 64;
        public const int PayloadCapacity = 4096;

        private readonly FrameHeader* _header;
        private readonly int* _sharedReadings;
        private readonly byte* _sharedPayload;

        // Private copies of the readings and payload areas, the size of the areas.
        private readonly int[] _readings = new int[MaxReadings];
        private readonly byte[] _payload = new byte[PayloadCapacity];

        public TelemetryReader(byte* mapping)
        {
            _header = (FrameHeader*)mapping;
            _sharedReadings = (int*)(mapping + sizeof(FrameHeader));
            _sharedPayload = (byte*)(_sharedReadings + MaxReadings);
        }

        /// <summary>Returns the valid part of the frame's payload as a new array.</summary>
        public byte[] ReadPayload()
        {
            FrameHeader header = *_header;
            new ReadOnlySpan<byte>(_sharedPayload, PayloadCapacity).CopyTo(_payload);

            // The agent decides how much to allocate, and how many bytes to copy out of the 4096 in _payload.
            int length = header.PayloadLength;
            var message = new byte[length]; // DF0004
            Array.Copy(_payload, message, length); // DF0004
            return message;
        }

        /// <summary>Copies the valid part of the frame's payload into <paramref name="destination"/>.</summary>
        public int CopyPayloadTo(Span<byte> destination)
        {
            FrameHeader header = *_header;
            new ReadOnlySpan<byte>(_sharedPayload, PayloadCapacity).CopyTo(_payload);

            int length = header.PayloadLength;
            _payload.AsSpan(0, length).CopyTo(destination); // DF0004
            return length;
        }

        /// <summary>The average of the frame's readings.</summary>
        public double AverageReading()
        {
            FrameHeader header = *_header;
            new ReadOnlySpan<int>(_sharedReadings, MaxReadings).CopyTo(_readings);

            // The index i is the loop's own, but the agent's count decides how far it goes: past 63, _readings[i] throws.
            int count = header.ReadingCount;
            long sum = 0;
            for (int i = 0; i < count; i++) // DF0004
            {
                sum += _readings[i];
            }

            return count == 0 ? 0 : (double)sum / count;
        }
    }
}
