using System.Threading.Tasks;
using Xunit;
using static DoubleFetchAnalyzers.Tests.Verify;

namespace DoubleFetchAnalyzers.Tests.Rules
{
    /// <summary>
    /// DF0006: the only check that makes the range complete at the sink is a <c>Debug.Assert</c> or
    /// <c>Trace.Assert</c> condition (SPEC sections 4 and 6). The diagnostic is at the sink; the assertion call is its
    /// additional location. When a real check also holds there is nothing to report; when even the assertion leaves a
    /// side open, the value is unchecked (DF0002, DF0004, DF0005) or incompletely checked (DF0003).
    /// </summary>
    public class DF0006Tests
    {
        /// <summary>DF0006 at location 0 with the assertion at location 1, and its message.</summary>
        private static Verifiers.DiagnosticResult Assertion(string value, string verb, string target) =>
            Diagnostic("DF0006").WithLocation(0).WithLocation(1).WithArguments(value, verb, target)
                .WithMessage($"The only bounds check of '{value}' before it {verb} '{target}' is an assertion, not a check that rejects the value");

        /// <summary>A request in shared memory, an id read once from it, and a table of unknown length.</summary>
        private static string Source(string statements) => $$"""
            using System.Diagnostics;
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Id;
                public uint Slot;
            }

            unsafe class Backend
            {
                const int Size = 16;
                private readonly int[] _table = new int[Size];

                int Lookup(Request* p, int[] table)
                {
                    var id = p->Id;
                    var slot = p->Slot;
                    {{statements}}
                }
            }
            """;

        // ---- Assertions that complete the range ----

        [Theory]
        [InlineData("{|#1:Debug.Assert(id >= 0 && id < table.Length)|}; return table[{|#0:id|}];", "id", "table")]
        [InlineData("{|#1:Debug.Assert((uint)id < (uint)table.Length)|}; return table[{|#0:id|}];", "id", "table")]
        [InlineData("{|#1:Debug.Assert(id >= 0 && id < table.Length, \"id out of range\")|}; return table[{|#0:id|}];", "id", "table")]
        [InlineData("{|#1:Trace.Assert(id >= 0 && id < table.Length)|}; return table[{|#0:id|}];", "id", "table")]
        [InlineData("{|#1:Trace.Assert((uint)id < (uint)table.Length, \"bad id\", \"the backend sent an id past the table\")|}; return table[{|#0:id|}];", "id", "table")]
        [InlineData("{|#1:System.Diagnostics.Debug.Assert(!(id < 0 || id >= table.Length))|}; return table[{|#0:id|}];", "id", "table")]
        [InlineData("{|#1:Debug.Assert(id is >= 0 and < Size)|}; return _table[{|#0:id|}];", "id", "_table")]
        [InlineData("{|#1:Debug.Assert(slot < table.Length)|}; return table[{|#0:slot|}];", "slot", "table")]
        public Task Reports_AssertionIsTheOnlyCheck(string statements, string value, string target) => AnalyzerAsync(
            Source(statements),
            Assertion(value, "indexes", target));

        [Fact]
        public Task Reports_AssertionWithTheMessageNamingTheValueAndTheTarget() => AnalyzerAsync(
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
                private readonly object?[] txSkbs = new object?[256];

                void XennetTxBufGc(XenNetifTxResponse* txrsp, object?[] skbs)
                {
                    var id = txrsp->Id;
                    {|#1:Debug.Assert(id < skbs.Length)|};
                    skbs[{|#0:id|}] = null;
                }
            }
            """,
            Diagnostic("DF0006").WithLocation(0).WithLocation(1).WithArguments("id", "indexes", "skbs")
                .WithMessage("The only bounds check of 'id' before it indexes 'skbs' is an assertion, not a check that rejects the value"));

        [Theory]
        [InlineData("if (id >= table.Length) return -1; {|#1:Debug.Assert(id >= 0)|}; return table[{|#0:id|}];")]
        [InlineData("if (id < 0) return -1; {|#1:Debug.Assert(id < table.Length)|}; return table[{|#0:id|}];")]
        [InlineData("{|#1:Debug.Assert(id >= 0)|}; if (id >= table.Length) return -1; return table[{|#0:id|}];")]
        [InlineData("if (id >= 0) { {|#1:Debug.Assert(id < table.Length)|}; return table[{|#0:id|}]; } return -1;")]
        public Task Reports_AssertionCompletesARealCheckOfTheOtherSide(string statements) => AnalyzerAsync(
            Source(statements),
            Assertion("id", "indexes", "table"));

        [Fact]
        public Task Reports_TwoAssertionsTheFirstIsTheAdditionalLocation() => AnalyzerAsync(
            Source("{|#1:Debug.Assert(id >= 0)|}; Debug.Assert(id < table.Length); return table[{|#0:id|}];"),
            Assertion("id", "indexes", "table"));

        [Fact]
        public Task Reports_AssertionOfLengthForAllocation() => AnalyzerAsync(
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
                    {|#1:Debug.Assert(length >= 0 && length <= MaxMessage, "message too long")|};
                    return new byte[{|#0:length|}];
                }
            }
            """,
            Diagnostic("DF0006").WithLocation(0).WithLocation(1).WithArguments("length", "sizes", "new byte[length]")
                .WithMessage("The only bounds check of 'length' before it sizes 'new byte[length]' is an assertion, not a check that rejects the value"));

        [Fact]
        public Task Reports_AssertionOfLengthForSlice() => AnalyzerAsync(
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
                ReadOnlySpan<byte> Payload(Message* message, ReadOnlySpan<byte> frame)
                {
                    var length = message->Length;
                    {|#1:Debug.Assert((uint)length <= (uint)frame.Length)|};
                    return frame.Slice(0, {|#0:length|});
                }
            }
            """,
            Diagnostic("DF0006").WithLocation(0).WithLocation(1).WithArguments("length", "sizes", "frame"));

        [Fact]
        public Task Reports_AssertionOfPointerOffset() => AnalyzerAsync(
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
                    {|#1:Trace.Assert(offset >= 0 && offset < RingBytes)|};
                    return ring[{|#0:offset|}];
                }
            }
            """,
            Diagnostic("DF0006").WithLocation(0).WithLocation(1).WithArguments("offset", "offsets", "ring")
                .WithMessage("The only bounds check of 'offset' before it offsets 'ring' is an assertion, not a check that rejects the value"));

        [Fact]
        public Task Reports_AssertionOfFixedBufferIndex() => AnalyzerAsync(
            """
            using System.Diagnostics;
            using DoubleFetch;

            [SharedMemory]
            unsafe struct BlkifRequest
            {
                public int Index;
                public fixed ulong Segments[11];
            }

            unsafe class Blkback
            {
                ulong Segment(BlkifRequest* req, BlkifRequest* copy)
                {
                    var index = req->Index;
                    {|#1:Debug.Assert((uint)index < 11)|};
                    return copy->Segments[{|#0:index|}];
                }
            }
            """,
            Diagnostic("DF0006").WithLocation(0).WithLocation(1).WithArguments("index", "offsets", "copy->Segments"));

        [Fact]
        public Task Reports_AssertionOfLoopCount() => AnalyzerAsync(
            """
            using System.Diagnostics;
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Count;
            }

            unsafe class Backend
            {
                int Sum(Request* p, int[] table)
                {
                    var count = p->Count;
                    Debug.Assert(count >= 0 && count <= table.Length);
                    var sum = 0;
                    for (int i = 0; i < {|DF0006:count|}; i++)
                        sum += table[i];
                    return sum;
                }
            }
            """);

        [Fact]
        public Task Reports_UntrustedNamedParameterCheckedByAssertionOnly() => AnalyzerAsync(
            """
            using System.Diagnostics;

            class Table
            {
                int Get(int[] slots, int untrusted_slot)
                {
                    {|#1:Debug.Assert(untrusted_slot >= 0 && untrusted_slot < slots.Length)|};
                    return slots[{|#0:untrusted_slot|}];
                }
            }
            """,
            Diagnostic("DF0006").WithLocation(0).WithLocation(1).WithArguments("untrusted_slot", "indexes", "slots"));

        // An access to one collection proves the range of that collection only: for the other target the assertion
        // is still the only check.
        [Fact]
        public Task Reports_AssertionOnlyForSecondTargetAfterAccessToTheFirst() => AnalyzerAsync(
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
                int Lookup(Request* p, int[] table, int[] other, int* raw)
                {
                    var id = p->Id;
                    {|#1:Debug.Assert((uint)id < (uint)table.Length)|};
                    return table[{|#0:id|}] + other[{|#2:id|}] + raw[{|#3:id|}];
                }
            }
            """,
            Diagnostic("DF0006").WithLocation(0).WithLocation(1).WithArguments("id", "indexes", "table"),
            Diagnostic("DF0006").WithLocation(2).WithLocation(1).WithArguments("id", "indexes", "other"),
            Diagnostic("DF0006").WithLocation(3).WithLocation(1).WithArguments("id", "offsets", "raw"));

        // ---- A real check also holds ----

        [Theory]
        [InlineData("Debug.Assert(id >= 0 && id < table.Length); if ((uint)id >= (uint)table.Length) return -1; return table[id];")]
        [InlineData("if ((uint)id >= (uint)table.Length) return -1; Debug.Assert(id >= 0 && id < table.Length); return table[id];")]
        [InlineData("if (id < 0 || id >= table.Length) return -1; Trace.Assert(id < table.Length); return table[id];")]
        [InlineData("Debug.Assert(id < table.Length); if (id < 0 || id >= table.Length) return -1; return table[id];")]
        [InlineData("Debug.Assert(slot < Size); if (slot >= Size) return -1; return _table[slot];")]
        [InlineData("Debug.Assert(id >= 0); return _table[id & (Size - 1)];")]
        [InlineData("Debug.Assert(id > 0); id = 3; return table[id];")]
        public Task NoDiagnostic_RealCheckBesideTheAssertion(string statements) => AnalyzerAsync(Source(statements));

        [Fact]
        public Task NoDiagnostic_AssertionOfTrustedValue() => AnalyzerAsync(
            Source("var i = table.Length - 1; Debug.Assert(i >= 0); return i < 0 ? -1 : table[i];"));

        // ---- The assertion does not complete the range: other rules ----

        [Theory]
        [InlineData("Debug.Assert(id < table.Length); return table[{|DF0002:id|}];")]
        [InlineData("Debug.Assert(id >= 0); return table[{|DF0002:id|}];")]
        [InlineData("Debug.Assert(id != 7); return table[{|DF0002:id|}];")]
        [InlineData("Debug.Assert(id >= 0 && id < 32); return _table[{|DF0002:id|}];")]
        public Task Reports_DF0002_NotDF0006_WhenTheAssertionLeavesASideOpen(string statements) => AnalyzerAsync(Source(statements));

        [Theory]
        [InlineData("if (id >= table.Length) return -1; Debug.Assert(id < 100); return table[{|DF0003:id|}];")]
        [InlineData("if (id < 0) return -1; Debug.Assert(id < 32); return _table[{|DF0003:id|}];")]
        public Task Reports_DF0003_NotDF0006_WhenEvenTheAssertionIsIncomplete(string statements) => AnalyzerAsync(Source(statements));

        [Fact]
        public Task Reports_DF0006_AfterTheAssertedValueIsCopied() => AnalyzerAsync(
            Source("Debug.Assert((uint)id < (uint)table.Length); var j = id; return table[{|DF0006:j|}];"));

        [Fact]
        public Task Reports_DF0002_NotDF0006_WhenTheValueIsAssignedAfterTheAssertion() => AnalyzerAsync(
            Source("Debug.Assert((uint)id < (uint)table.Length); id = id * 2; return table[{|DF0002:id|}];"));

        [Fact]
        public Task Reports_DF0006_OnlyOnThePathWhereTheAssertionIsTheOnlyCheck() => AnalyzerAsync(
            Source("if (slot > 3) { if ((uint)id >= (uint)table.Length) return -1; } else { Debug.Assert((uint)id < (uint)table.Length); } return table[{|DF0006:id|}];"));
    }
}
