using System.Threading.Tasks;
using DoubleFetchAnalyzers.CodeFixes;
using Xunit;
using static DoubleFetchAnalyzers.Tests.Verify;

namespace DoubleFetchAnalyzers.Tests.Rules
{
    /// <summary>
    /// DF0006 "Turn the assertion into a check" (SPEC section 7): <c>Debug.Assert(cond)</c> becomes
    /// <c>if (!(cond)) throw new InvalidDataException(...);</c>, with the assertion's message when it is a string
    /// literal. Every test also checks Fix All, and that the analyzer reports nothing on the fixed code.
    /// </summary>
    public class DF0006FixTests
    {
        private static Task FixAsync(string source, string fixedSource) =>
            CodeFixAsync<AssertionToCheckCodeFixProvider>(source, fixedSource, AssertionToCheckCodeFixProvider.EquivalenceKey);

        [Fact]
        public Task Fix_DebugAssertBecomesCheckWithConditionAsMessage() => FixAsync(
            """
            using System.Diagnostics;
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Id;
            }

            unsafe class Backend
            {
                int Lookup(Request* p, int[] table)
                {
                    var id = p->Id;
                    Debug.Assert(id >= 0 && id < table.Length);
                    return table[{|DF0006:id|}];
                }
            }
            """,
            """
            using System.Diagnostics;
            using System.IO;
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Id;
            }

            unsafe class Backend
            {
                int Lookup(Request* p, int[] table)
                {
                    var id = p->Id;
                    if (!(id >= 0 && id < table.Length))
                        throw new InvalidDataException("Check failed: id >= 0 && id < table.Length");
                    return table[id];
                }
            }
            """);

        [Fact]
        public Task Fix_MessageTakenFromTheAssertionsStringLiteral() => FixAsync(
            """
            using System.Diagnostics;
            using DoubleFetch;

            [SharedMemory]
            struct XenNetifTxResponse
            {
                public ushort Id;
            }

            unsafe class Netfront
            {
                void XennetTxBufGc(XenNetifTxResponse* txrsp, object?[] skbs)
                {
                    var id = txrsp->Id;
                    Debug.Assert(id < skbs.Length, "tx response id out of range");
                    skbs[{|DF0006:id|}] = null;
                }
            }
            """,
            """
            using System.Diagnostics;
            using System.IO;
            using DoubleFetch;

            [SharedMemory]
            struct XenNetifTxResponse
            {
                public ushort Id;
            }

            unsafe class Netfront
            {
                void XennetTxBufGc(XenNetifTxResponse* txrsp, object?[] skbs)
                {
                    var id = txrsp->Id;
                    if (!(id < skbs.Length))
                        throw new InvalidDataException("tx response id out of range");
                    skbs[id] = null;
                }
            }
            """);

        [Fact]
        public Task Fix_TraceAssertWithMessageAndDetail() => FixAsync(
            """
            using System.Diagnostics;
            using DoubleFetch;

            [SharedMemory]
            struct Descriptor
            {
                public int Offset;
            }

            unsafe class Nic
            {
                const int RingBytes = 4096;

                byte FirstByte(Descriptor* descriptor, byte* ring)
                {
                    var offset = descriptor->Offset;
                    Trace.Assert((uint)offset < RingBytes, "offset past the ring", "the device wrote a bad descriptor");
                    return ring[{|DF0006:offset|}];
                }
            }
            """,
            """
            using System.Diagnostics;
            using System.IO;
            using DoubleFetch;

            [SharedMemory]
            struct Descriptor
            {
                public int Offset;
            }

            unsafe class Nic
            {
                const int RingBytes = 4096;

                byte FirstByte(Descriptor* descriptor, byte* ring)
                {
                    var offset = descriptor->Offset;
                    if (!((uint)offset < RingBytes))
                        throw new InvalidDataException("offset past the ring");
                    return ring[offset];
                }
            }
            """);

        [Fact]
        public Task Fix_MessageThatIsNotALiteralIsNotUsed() => FixAsync(
            """
            using System.Diagnostics;
            using DoubleFetch;

            [SharedMemory]
            struct Message
            {
                public int Length;
            }

            unsafe class Reader
            {
                const int MaxMessage = 4096;

                byte[] Read(Message* message)
                {
                    var length = message->Length;
                    Debug.Assert(length is >= 0 and <= MaxMessage, $"length {length}");
                    return new byte[{|DF0006:length|}];
                }
            }
            """,
            """
            using System.Diagnostics;
            using System.IO;
            using DoubleFetch;

            [SharedMemory]
            struct Message
            {
                public int Length;
            }

            unsafe class Reader
            {
                const int MaxMessage = 4096;

                byte[] Read(Message* message)
                {
                    var length = message->Length;
                    if (!(length is >= 0 and <= MaxMessage))
                        throw new InvalidDataException("Check failed: length is >= 0 and <= MaxMessage");
                    return new byte[length];
                }
            }
            """);

        [Fact]
        public Task Fix_OnlyTheAssertionThatCompletesARealCheck() => FixAsync(
            """
            using System.Diagnostics;
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Id;
            }

            unsafe class Backend
            {
                int Lookup(Request* p, int[] table)
                {
                    var id = p->Id;
                    Debug.Assert(table.Length > 0);
                    if (id >= table.Length)
                        return -1;
                    // Negative ids are rejected by the producer.
                    Debug.Assert(id >= 0); // see spec
                    return table[{|DF0006:id|}];
                }
            }
            """,
            """
            using System.Diagnostics;
            using System.IO;
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Id;
            }

            unsafe class Backend
            {
                int Lookup(Request* p, int[] table)
                {
                    var id = p->Id;
                    Debug.Assert(table.Length > 0);
                    if (id >= table.Length)
                        return -1;
                    // Negative ids are rejected by the producer.
                    if (!(id >= 0))
                        throw new InvalidDataException("Check failed: id >= 0"); // see spec
                    return table[id];
                }
            }
            """);

        [Fact]
        public Task Fix_FullyQualifiedAssertionWithoutUsingDirective() => FixAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public uint Slot;
            }

            unsafe class Backend
            {
                private readonly int[] _slots = new int[16];

                int Lookup(Request* p)
                {
                    var slot = p->Slot;
                    System.Diagnostics.Debug.Assert(slot < 16);
                    return _slots[{|DF0006:slot|}];
                }
            }
            """,
            """
            using System.IO;
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public uint Slot;
            }

            unsafe class Backend
            {
                private readonly int[] _slots = new int[16];

                int Lookup(Request* p)
                {
                    var slot = p->Slot;
                    if (!(slot < 16))
                        throw new InvalidDataException("Check failed: slot < 16");
                    return _slots[slot];
                }
            }
            """);

        [Fact]
        public Task Fix_OneAssertionGuardingTwoSinksIsRewrittenOnce() => FixAsync(
            """
            using System;
            using System.Diagnostics;
            using DoubleFetch;

            [SharedMemory]
            struct Message
            {
                public int Length;
            }

            unsafe class Reader
            {
                byte[] Read(Message* message)
                {
                    var length = message->Length;
                    Debug.Assert(length >= 0 && length <= 64);
                    var payload = new byte[{|DF0006:length|}];
                    Array.Clear(payload, 0, {|DF0006:length|});
                    return payload;
                }
            }
            """,
            """
            using System;
            using System.Diagnostics;
            using System.IO;
            using DoubleFetch;

            [SharedMemory]
            struct Message
            {
                public int Length;
            }

            unsafe class Reader
            {
                byte[] Read(Message* message)
                {
                    var length = message->Length;
                    if (!(length >= 0 && length <= 64))
                        throw new InvalidDataException("Check failed: length >= 0 && length <= 64");
                    var payload = new byte[length];
                    Array.Clear(payload, 0, length);
                    return payload;
                }
            }
            """);

        [Fact]
        public Task Fix_AllAssertionsInDocument() => FixAsync(
            """
            using System;
            using System.Diagnostics;
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Id;
                public int Length;
            }

            unsafe class Backend
            {
                int Lookup(Request* p, int[] table)
                {
                    var id = p->Id;
                    Debug.Assert(id >= 0 && id < table.Length, "bad id");
                    return table[{|DF0006:id|}];
                }

                ReadOnlySpan<byte> Payload(Request* p, byte[] buffer)
                {
                    var length = p->Length;
                    Trace.Assert((uint)length <= (uint)buffer.Length);
                    return buffer.AsSpan(0, {|DF0006:length|});
                }
            }
            """,
            """
            using System;
            using System.Diagnostics;
            using System.IO;
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Id;
                public int Length;
            }

            unsafe class Backend
            {
                int Lookup(Request* p, int[] table)
                {
                    var id = p->Id;
                    if (!(id >= 0 && id < table.Length))
                        throw new InvalidDataException("bad id");
                    return table[id];
                }

                ReadOnlySpan<byte> Payload(Request* p, byte[] buffer)
                {
                    var length = p->Length;
                    if (!((uint)length <= (uint)buffer.Length))
                        throw new InvalidDataException("Check failed: (uint)length <= (uint)buffer.Length");
                    return buffer.AsSpan(0, length);
                }
            }
            """);

        [Fact]
        public Task Fix_ConditionWithStringLiteralIsEscapedInTheMessage() => FixAsync(
            """
            using System.Diagnostics;

            class Table
            {
                int Get(int[] slots, int untrusted_slot, string mode)
                {
                    Debug.Assert(mode == "fast" && untrusted_slot >= 0 && untrusted_slot < slots.Length);
                    return slots[{|DF0006:untrusted_slot|}];
                }
            }
            """,
            """
            using System.Diagnostics;
            using System.IO;

            class Table
            {
                int Get(int[] slots, int untrusted_slot, string mode)
                {
                    if (!(mode == "fast" && untrusted_slot >= 0 && untrusted_slot < slots.Length))
                        throw new InvalidDataException("Check failed: mode == \"fast\" && untrusted_slot >= 0 && untrusted_slot < slots.Length");
                    return slots[untrusted_slot];
                }
            }
            """);
    }
}
