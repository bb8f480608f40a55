using System;
using System.Diagnostics;
using System.Runtime.InteropServices;
using DoubleFetch;

// The only check is an assertion.
//
// Debug.Assert is [Conditional("DEBUG")]: the compiler removes the call, condition and all, from release builds, and
// release builds are the ones the other party attacks. Trace.Assert stays in, but what a failed one does is up to the
// trace listeners configured at run time: the default listener ends the process, a service that routes Trace to its
// log carries on past it. Neither rejects the value and goes on safely. An assertion states what the code believes;
// it does not stop a value that another process chose.
//
// Assertions are the right tool for a program's own invariants, which is why checks drift into them: the Qubes OS
// critique of the Xen security process asked for additional checks (ASSERTs) of the hypervisor's invariants, and
// records the answer it got to a request for validating function pointers before dereferencing them: that it "might
// perhaps be justified in debug builds only". A value read from shared memory is not an invariant of our code: it is input,
// and it needs a check in the build that runs.
//
// The reader below is a diagnostics tool that consumes trace records a producer process writes into a shared buffer.
namespace Samples.Diagnostics.Violations
{
    /// <summary>One trace record, as the producer writes it into the shared record table.</summary>
    [SharedMemory]
    [StructLayout(LayoutKind.Sequential)]
    public struct TraceRecord
    {
        public int ProviderId;
        public int Level;
        public int PayloadOffset;
        public int PayloadLength;
    }

    public sealed unsafe class TraceBufferReader
    {
        /// <summary>The size of the shared payload area that records point into.</summary>
        public const int PayloadAreaBytes = 64 * 1024;

        private static readonly string[] LevelNames = { "Critical", "Error", "Warning", "Information", "Verbose" };

        /// <summary>The payload area: memory the producer writes.</summary>
        private readonly byte* _payloadArea;

        /// <summary>The providers this tool knows, by provider id.</summary>
        private readonly string[] _providerNames;

        public TraceBufferReader(byte* payloadArea, string[] providerNames)
        {
            _payloadArea = payloadArea;
            _providerNames = providerNames;
        }

        /// <summary>The name of the provider that wrote the record.</summary>
        public string ProviderOf(TraceRecord* entry)
        {
            TraceRecord record = *entry;
            int provider = record.ProviderId;

            // In a debug build this stops a bad id. In the release build it is not there, and _providerNames[provider]
            // throws IndexOutOfRangeException: any producer can stop the tool.
            Debug.Assert(provider >= 0 && provider < _providerNames.Length, "The producer wrote an unknown provider id.");
            return _providerNames[provider]; // DF0006
        }

        /// <summary>The name of the record's level.</summary>
        public string LevelOf(TraceRecord* entry)
        {
            TraceRecord record = *entry;
            int level = record.Level;

            // Trace.Assert is compiled in, but it does not reject the level: with the default listener a bad level ends
            // the process, with a logging listener it is logged and the index below runs with it.
            Trace.Assert(level >= 0 && level < LevelNames.Length, "The producer wrote an unknown level.");
            return LevelNames[level]; // DF0006
        }

        /// <summary>Copies the record's payload into <paramref name="destination"/>.</summary>
        public int CopyPayload(TraceRecord* entry, Span<byte> destination)
        {
            TraceRecord record = *entry;
            int offset = record.PayloadOffset;
            int length = record.PayloadLength;

            // Through a pointer nothing else checks: in a release build the producer picks which bytes of this
            // process the tool copies out, and how many.
            Debug.Assert(offset >= 0 && offset <= PayloadAreaBytes, "The payload starts outside the payload area.");
            Debug.Assert(length >= 0 && length <= PayloadAreaBytes - offset, "The payload ends outside the payload area.");
            var payload = new ReadOnlySpan<byte>(_payloadArea + offset, length); // DF0006
            payload.CopyTo(destination);
            return length;
        }
    }
}
