using System.Threading.Tasks;
using Xunit;
using static DoubleFetchAnalyzers.Tests.Verify;

namespace DoubleFetchAnalyzers.Tests.Rules
{
    /// <summary>
    /// DF0003: an untrusted value is checked before it indexes, sizes or offsets something, but the check is not
    /// complete (SPEC sections 3, 4 and 6). Every Reports_ test asserts the message, whose last argument says what is
    /// missing; every accepted idiom has a NoDiagnostic_ twin. The reasons that compare with a length (a larger bound,
    /// another collection's length, a mask, '%') need the target's length to be known: the known-length tests show
    /// where it is and where it is not.
    /// </summary>
    public class DF0003Tests
    {
        private const string NoLowerBound = "no lower bound: negative values pass";
        private const string NoUpperBound = "no upper bound: values past the end pass";
        private const string SpecialValuesOnly = "compared with special values only";
        private const string SignedModulo = "'%' on a signed value can be negative";
        private const string MinFromAboveOnly = "Math.Min bounds it from above only";
        private const string UnsignedCompareWithNegative = "the unsigned comparison is with a bound that may be negative";
        private const string TruncatedCheck = "the check compares the value cast to a smaller type, which drops its high bits";
        private const string UntrustedBound = "the bound it is compared with is itself untrusted";

        private static string OffByOne(string comparison) => $"'{comparison}' lets index == length through";

        /// <summary>The message for an exclusive bound (<c>i &gt;= bound</c> fails): values up to bound - 1 pass.</summary>
        private static string BoundLarger(long bound, long length, string target) => $"values up to {bound - 1} pass but '{target}' has {length} elements";

        private static string OtherLength(string checkedAgainst, string indexed) => $"checked against the length of '{checkedAgainst}', indexes '{indexed}'";

        /// <summary>A request in shared memory, an id read once from it, and a table of unknown length.</summary>
        private static string UnknownLength(string statements) => $$"""
            using System;
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Id;
                public int Count;
            }

            unsafe class Backend
            {
                int Lookup(Request* p, int[] table, int limit)
                {
                    var id = p->Id;
                    {{statements}}
                }
            }
            """;

        /// <summary>The same with a table of 16 elements (a readonly field created with a constant size).</summary>
        private static string KnownLength(string statements) => $$"""
            using System;
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Id;
                public uint Slot;
            }

            unsafe class Backend
            {
                private const int Size = 16;
                private readonly int[] _table = new int[Size];

                int Lookup(Request* p)
                {
                    var id = p->Id;
                    {{statements}}
                }
            }
            """;

        // ---- Compared with special values only (XSA-231) ----

        [Fact]
        public Task Reports_ComparisonWithSpecialValueOnly_Xsa231AllocHeapPages() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct XenMemoryReservation
            {
                public uint MemFlags;
                public int Node;
            }

            unsafe class HeapAllocator
            {
                const int MaxNumNodes = 64;
                const int NumaNoNode = 0xFF;
                private readonly long[] _avail = new long[MaxNumNodes];

                long AllocHeapPages(XenMemoryReservation* reservation, int localNode)
                {
                    var node = reservation->Node;
                    if ({|#1:node == NumaNoNode|})
                        node = localNode;
                    return _avail[{|#0:node|}];
                }
            }
            """,
            Diagnostic("DF0003").WithLocation(0).WithLocation(1).WithArguments("node", "indexes", "_avail", SpecialValuesOnly)
                .WithMessage("The bounds check of 'node' before it indexes '_avail' is incomplete: compared with special values only"));

        [Theory]
        [InlineData("if ({|#1:node == NumaNoNode|}) return 0; return _avail[{|#0:node|}];")]
        [InlineData("if ({|#1:node != NumaNoNode|}) return _avail[{|#0:node|}]; return 0;")]
        [InlineData("if ({|#1:NumaNoNode == node|}) return 0; return _avail[{|#0:node|}];")]
        [InlineData("if ({|#1:node == NumaNoNode|} || node == -1) return 0; return _avail[{|#0:node|}];")]
        public Task Reports_ComparisonWithSpecialValuesOnly(string statements) => AnalyzerAsync(
            $$"""
            using DoubleFetch;

            [SharedMemory]
            struct MemoryOp
            {
                public int Node;
            }

            unsafe class Hypervisor
            {
                const int NumaNoNode = 0xFF;
                private readonly long[] _avail = new long[64];

                long Available(MemoryOp* op)
                {
                    var node = op->Node;
                    {{statements}}
                }
            }
            """,
            Diagnostic("DF0003").WithLocation(0).WithLocation(1).WithArguments("node", "indexes", "_avail", SpecialValuesOnly));

        [Theory]
        [InlineData("if (node is NumaNoNode) return 0; return _avail[{|#0:node|}];")]
        [InlineData("if (node is not NumaNoNode) return _avail[{|#0:node|}]; return 0;")]
        [InlineData("switch (node) { case NumaNoNode: return 0; default: return _avail[{|#0:node|}]; }")]
        public Task Reports_PatternWithSpecialValuesOnly(string statements) => AnalyzerAsync(
            $$"""
            using DoubleFetch;

            [SharedMemory]
            struct MemoryOp
            {
                public int Node;
            }

            unsafe class Hypervisor
            {
                const int NumaNoNode = 0xFF;
                private readonly long[] _avail = new long[64];

                long Available(MemoryOp* op)
                {
                    var node = op->Node;
                    {{statements}}
                }
            }
            """,
            Diagnostic("DF0003").WithLocation(0).WithArguments("node", "indexes", "_avail", SpecialValuesOnly));

        [Theory]
        [InlineData("if (node == NumaNoNode) node = localNode; else if ((uint)node >= MaxNumNodes) return -1;")]
        [InlineData("if (node == NumaNoNode) node = localNode; else if (node < 0 || node >= _avail.Length) return -1;")]
        [InlineData("if (node == NumaNoNode) node = localNode; else if (node is < 0 or >= MaxNumNodes) return -1;")]
        public Task NoDiagnostic_SpecialValueAndRangeChecked_Xsa231Fixed(string check) => AnalyzerAsync(
            $$"""
            using DoubleFetch;

            [SharedMemory]
            struct XenMemoryReservation
            {
                public int Node;
            }

            unsafe class HeapAllocator
            {
                const int MaxNumNodes = 64;
                const int NumaNoNode = 0xFF;
                private readonly long[] _avail = new long[MaxNumNodes];

                long AllocHeapPages(XenMemoryReservation* reservation, int localNode)
                {
                    var node = reservation->Node;
                    {{check}}
                    return _avail[node];
                }
            }
            """);

        // ---- One side only ----

        [Theory]
        [InlineData("if ({|#1:id >= table.Length|}) return -1; return table[{|#0:id|}];")]
        [InlineData("if ({|#1:table.Length <= id|}) return -1; return table[{|#0:id|}];")]
        [InlineData("if ({|#1:id < table.Length|}) return table[{|#0:id|}]; return -1;")]
        [InlineData("if ({|#1:id > table.Length - 1|}) return -1; return table[{|#0:id|}];")]
        [InlineData("if (id == 3 || {|#1:id >= table.Length|}) return -1; return table[{|#0:id|}];")]
        [InlineData("{|#1:ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(id, table.Length)|}; return table[{|#0:id|}];")]
        public Task Reports_NoLowerBoundForSignedValue(string statements) => AnalyzerAsync(
            UnknownLength(statements),
            Diagnostic("DF0003").WithLocation(0).WithLocation(1).WithArguments("id", "indexes", "table", NoLowerBound)
                .WithMessage("The bounds check of 'id' before it indexes 'table' is incomplete: no lower bound: negative values pass"));

        [Theory]
        [InlineData("if ({|#1:id < 0|}) return -1; return table[{|#0:id|}];", "id")]
        [InlineData("if ({|#1:0 > id|}) return -1; return table[{|#0:id|}];", "id")]
        [InlineData("if ({|#1:id >= 0|}) return table[{|#0:id|}]; return -1;", "id")]
        [InlineData("if ({|#1:id is < 0|}) return -1; return table[{|#0:id|}];", "id")]
        [InlineData("{|#1:ArgumentOutOfRangeException.ThrowIfNegative(id)|}; return table[{|#0:id|}];", "id")]
        [InlineData("var j = {|#1:Math.Max(id, 0)|}; return table[{|#0:j|}];", "j")]
        public Task Reports_NoUpperBound(string statements, string value) => AnalyzerAsync(
            UnknownLength(statements),
            Diagnostic("DF0003").WithLocation(0).WithLocation(1).WithArguments(value, "indexes", "table", NoUpperBound)
                .WithMessage($"The bounds check of '{value}' before it indexes 'table' is incomplete: no upper bound: values past the end pass"));

        [Theory]
        [InlineData("List<int>", "Count")]
        [InlineData("IReadOnlyList<int>", "Count")]
        [InlineData("Span<int>", "Length")]
        [InlineData("string", "Length")]
        [InlineData("int[]", "Length")]
        public Task Reports_NoLowerBoundAgainstLengthOrCount(string type, string length) => AnalyzerAsync(
            $$"""
            using System;
            using System.Collections.Generic;
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Id;
            }

            unsafe class Backend
            {
                int Lookup(Request* p, {{type}} items)
                {
                    var id = p->Id;
                    if ({|#1:id >= items.{{length}}|})
                        return -1;
                    return items[{|#0:id|}];
                }
            }
            """,
            Diagnostic("DF0003").WithLocation(0).WithLocation(1).WithArguments("id", "indexes", "items", NoLowerBound));

        [Theory]
        [InlineData("List<int>", "Count")]
        [InlineData("IReadOnlyList<int>", "Count")]
        [InlineData("Span<int>", "Length")]
        [InlineData("string", "Length")]
        public Task NoDiagnostic_CompleteCheckAgainstLengthOrCount(string type, string length) => AnalyzerAsync(
            $$"""
            using System;
            using System.Collections.Generic;
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Id;
            }

            unsafe class Backend
            {
                int Lookup(Request* p, {{type}} items)
                {
                    var id = p->Id;
                    if ((uint)id >= (uint)items.{{length}})
                        return -1;
                    return items[id];
                }
            }
            """);

        [Fact]
        public Task Reports_NoUpperBoundForSbyteIntoTableSmallerThanItsRange() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public sbyte Kind;
            }

            unsafe class Backend
            {
                private readonly int[] _handlers = new int[64];

                int Dispatch(Request* p)
                {
                    var kind = p->Kind;
                    if ({|#1:kind < 0|})
                        return -1;
                    return _handlers[{|#0:kind|}];
                }
            }
            """,
            Diagnostic("DF0003").WithLocation(0).WithLocation(1).WithArguments("kind", "indexes", "_handlers", NoUpperBound));

        [Fact]
        public Task NoDiagnostic_SbyteCheckedForNegativeIntoTableOfItsRange() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public sbyte Kind;
            }

            unsafe class Backend
            {
                private readonly int[] _handlers = new int[128];

                int Dispatch(Request* p)
                {
                    var kind = p->Kind;
                    if (kind < 0)
                        return -1;
                    return _handlers[kind];
                }
            }
            """);

        [Theory]
        [InlineData("uint")]
        [InlineData("ushort")]
        [InlineData("byte")]
        public Task NoDiagnostic_UpperCheckOnlyOfUnsignedValue(string type) => AnalyzerAsync(
            $$"""
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public {{type}} Id;
            }

            unsafe class Backend
            {
                int Lookup(Request* p, int[] table)
                {
                    var id = p->Id;
                    if (id >= table.Length)
                        return -1;
                    return table[id];
                }
            }
            """);

        // ---- '>' where '>=' is needed ----

        [Theory]
        [InlineData("if (id < 0 || {|#1:id > table.Length|}) return -1; return table[{|#0:id|}];", ">")]
        [InlineData("if ({|#1:(uint)id > (uint)table.Length|}) return -1; return table[{|#0:id|}];", ">")]
        [InlineData("if ({|#1:id > table.Length|} || id < 0) return -1; return table[{|#0:id|}];", ">")]
        [InlineData("if (id >= 0 && {|#1:id <= table.Length|}) return table[{|#0:id|}]; return -1;", "<=")]
        [InlineData("if (id < 0 || {|#1:table.Length < id|}) return -1; return table[{|#0:id|}];", "<")]
        public Task Reports_OffByOneAgainstLength(string statements, string comparison) => AnalyzerAsync(
            UnknownLength(statements),
            Diagnostic("DF0003").WithLocation(0).WithLocation(1).WithArguments("id", "indexes", "table", OffByOne(comparison)));

        [Theory]
        [InlineData("if (id < 0 || {|#1:id > 16|}) return -1; return _table[{|#0:id|}];", ">")]
        [InlineData("if (id < 0 || {|#1:id > Size|}) return -1; return _table[{|#0:id|}];", ">")]
        [InlineData("if ({|#1:(uint)id > Size|}) return -1; return _table[{|#0:id|}];", ">")]
        [InlineData("if (id >= 0 && {|#1:id <= Size|}) return _table[{|#0:id|}]; return -1;", "<=")]
        public Task Reports_OffByOneAgainstConstantEqualToKnownLength(string statements, string comparison) => AnalyzerAsync(
            KnownLength(statements),
            Diagnostic("DF0003").WithLocation(0).WithLocation(1).WithArguments("id", "indexes", "_table", OffByOne(comparison))
                .WithMessage($"The bounds check of 'id' before it indexes '_table' is incomplete: '{comparison}' lets index == length through"));

        [Theory]
        [InlineData("if (id < 0 || id > table.Length - 1) return -1; return table[id];")]
        [InlineData("if (id < 0 || id >= table.Length) return -1; return table[id];")]
        [InlineData("if ((uint)id >= (uint)table.Length) return -1; return table[id];")]
        [InlineData("if (id >= 0 && id <= table.Length - 1) return table[id]; return -1;")]
        [InlineData("if (id < 0 || table.Length <= id) return -1; return table[id];")]
        public Task NoDiagnostic_StrictComparisonAgainstLength(string statements) => AnalyzerAsync(UnknownLength(statements));

        [Theory]
        [InlineData("if (id < 0 || id > 15) return -1; return _table[id];")]
        [InlineData("if (id < 0 || id >= Size) return -1; return _table[id];")]
        [InlineData("if ((uint)id >= Size) return -1; return _table[id];")]
        [InlineData("if (id < 0 || id >= 8) return -1; return _table[id];")]
        [InlineData("if (id is >= 0 and <= Size - 1) return _table[id]; return -1;")]
        public Task NoDiagnostic_ConstantBoundNoLargerThanKnownLength(string statements) => AnalyzerAsync(KnownLength(statements));

        // ---- A bound larger than the known length ----

        [Theory]
        [InlineData("if (id < 0 || {|#1:id >= 32|}) return -1; return _table[{|#0:id|}];")]
        [InlineData("if ({|#1:(uint)id >= 32|}) return -1; return _table[{|#0:id|}];")]
        [InlineData("if (id >= 0 && {|#1:id < 32|}) return _table[{|#0:id|}]; return -1;")]
        public Task Reports_BoundLargerThanKnownLength(string statements) => AnalyzerAsync(
            KnownLength(statements),
            Diagnostic("DF0003").WithLocation(0).WithLocation(1).WithArguments("id", "indexes", "_table", BoundLarger(32, 16, "_table"))
                .WithMessage("The bounds check of 'id' before it indexes '_table' is incomplete: values up to 31 pass but '_table' has 16 elements"));

        [Fact]
        public Task Reports_RelationalPatternWithBoundLargerThanKnownLength() => AnalyzerAsync(
            KnownLength("if (id is < 0 or >= 32) return -1; return _table[{|#0:id|}];"),
            Diagnostic("DF0003").WithLocation(0).WithArguments("id", "indexes", "_table", BoundLarger(32, 16, "_table")));

        [Fact]
        public Task Reports_UnsignedModuloLargerThanKnownLength() => AnalyzerAsync(
            KnownLength("var slot = p->Slot % 32; return _table[{|#0:slot|}];"),
            Diagnostic("DF0003").WithLocation(0).WithArguments("slot", "indexes", "_table", BoundLarger(32, 16, "_table")));

        // ---- Another collection's length ----

        [Theory]
        [InlineData("if ({|#1:(uint)id >= (uint)_keys.Length|}) return -1; return _values[{|#0:id|}];")]
        [InlineData("if (id < 0 || {|#1:id >= _keys.Length|}) return -1; return _values[{|#0:id|}];")]
        [InlineData("if (id >= 0 && {|#1:id < _keys.Length|}) return _values[{|#0:id|}]; return -1;")]
        public Task Reports_CheckedAgainstLengthOfArrayOfOtherKnownLength(string statements) => AnalyzerAsync(
            $$"""
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Id;
            }

            unsafe class Backend
            {
                private readonly int[] _keys = new int[32];
                private readonly int[] _values = new int[16];

                int Lookup(Request* p)
                {
                    var id = p->Id;
                    {{statements}}
                }
            }
            """,
            Diagnostic("DF0003").WithLocation(0).WithLocation(1).WithArguments("id", "indexes", "_values", OtherLength("_keys", "_values"))
                .WithMessage("The bounds check of 'id' before it indexes '_values' is incomplete: checked against the length of '_keys', indexes '_values'"));

        [Fact]
        public Task Reports_CheckedAgainstLengthOfArrayOfUnknownLengthForTargetOfKnownLength() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Id;
            }

            unsafe class Backend
            {
                private readonly int[] _values = new int[16];

                int Lookup(Request* p, int[] keys)
                {
                    var id = p->Id;
                    if ({|#1:(uint)id >= (uint)keys.Length|})
                        return -1;
                    return _values[{|#0:id|}];
                }
            }
            """,
            Diagnostic("DF0003").WithLocation(0).WithLocation(1).WithArguments("id", "indexes", "_values", OtherLength("keys", "_values")));

        [Fact]
        public Task Reports_LocalArraysOfDifferentConstantLength() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Id;
            }

            unsafe class Backend
            {
                int Lookup(Request* p)
                {
                    var keys = new int[32];
                    var values = new int[16];
                    var id = p->Id;
                    if ({|#1:(uint)id >= (uint)keys.Length|})
                        return -1;
                    return values[{|#0:id|}];
                }
            }
            """,
            Diagnostic("DF0003").WithLocation(0).WithLocation(1).WithArguments("id", "indexes", "values", OtherLength("keys", "values")));

        [Fact]
        public Task NoDiagnostic_CheckedAgainstLengthOfArrayOfTheSameKnownLength() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Id;
            }

            unsafe class Backend
            {
                private readonly int[] _keys = new int[16];
                private readonly int[] _values = new int[16];

                int Lookup(Request* p)
                {
                    var id = p->Id;
                    if ((uint)id >= (uint)_keys.Length)
                        return -1;
                    return _values[id] + _keys[id];
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_CheckedAgainstLengthOfArrayCreatedFromTheSameConstant() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct TxResponse
            {
                public ushort Id;
            }

            sealed class NetfrontQueue
            {
                public const int NetTxRingSize = 256;
                public readonly object?[] TxSkbs = new object?[NetTxRingSize];
                public readonly int[] GrantTxRef = new int[NetTxRingSize];
            }

            unsafe class Netfront
            {
                void TxBufGc(NetfrontQueue queue, TxResponse* txrsp)
                {
                    var id = txrsp->Id;
                    if (id >= queue.TxSkbs.Length)
                        return;
                    queue.TxSkbs[id] = null;
                    queue.GrantTxRef[id] = 0;
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_CheckedAgainstLengthOfSmallerArray() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Id;
            }

            unsafe class Backend
            {
                private readonly int[] _keys = new int[16];
                private readonly int[] _values = new int[32];

                int Lookup(Request* p)
                {
                    var id = p->Id;
                    if ((uint)id >= (uint)_keys.Length)
                        return -1;
                    return _values[id];
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_LocalArraysOfTheSameConstantLength() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Id;
            }

            unsafe class Backend
            {
                const int Slots = 8;

                int Lookup(Request* p)
                {
                    var keys = new int[Slots];
                    var values = new int[Slots];
                    var id = p->Id;
                    if (id < 0 || id >= keys.Length)
                        return -1;
                    return values[id];
                }
            }
            """);

        // SPEC section 6: where the target's length is unknown, any complete check against a trusted bound counts.
        [Theory]
        [InlineData("(uint)id >= (uint)keys.Length")]
        [InlineData("id < 0 || id >= keys.Length")]
        [InlineData("id < 0 || id >= limit")]
        [InlineData("(uint)id >= 32")]
        public Task NoDiagnostic_CompleteCheckAgainstTrustedBoundWhenTargetLengthIsUnknown(string check) => AnalyzerAsync(
            $$"""
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Id;
            }

            unsafe class Backend
            {
                int Lookup(Request* p, int[] keys, int[] values, int limit)
                {
                    var id = p->Id;
                    if ({{check}})
                        return -1;
                    return values[id];
                }
            }
            """);

        // ---- Known lengths: where they come from, and where they do not ----

        [Fact]
        public Task Reports_KnownLengthFromEveryConstructor() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Id;
            }

            unsafe class Backend
            {
                private readonly int[] _table;

                public Backend()
                {
                    _table = new int[16];
                }

                public Backend(string name)
                    : this()
                {
                    Name = name;
                }

                public Backend(bool verbose)
                {
                    _table = new int[16];
                    Verbose = verbose;
                }

                public string Name { get; } = "";

                public bool Verbose { get; }

                int Lookup(Request* p)
                {
                    var id = p->Id;
                    if ({|#1:(uint)id >= 32|})
                        return -1;
                    return _table[{|#0:id|}];
                }
            }
            """,
            Diagnostic("DF0003").WithLocation(0).WithLocation(1).WithArguments("id", "indexes", "_table", BoundLarger(32, 16, "_table")));

        [Fact]
        public Task Reports_KnownLengthFromStaticReadonlyField() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Id;
            }

            unsafe class Backend
            {
                private static readonly string[] Names = { "read", "write", "flush", "discard" };

                string Name(Request* p)
                {
                    var id = p->Id;
                    if ({|#1:(uint)id >= 8|})
                        return "";
                    return Names[{|#0:id|}];
                }
            }
            """,
            Diagnostic("DF0003").WithLocation(0).WithLocation(1).WithArguments("id", "indexes", "Names", BoundLarger(8, 4, "Names")));

        [Theory]
        [InlineData("private readonly int[] _table; public Backend() { _table = new int[16]; } public Backend(string name) { Name = name; }")]
        [InlineData("private readonly int[] _table; public Backend() { _table = new int[16]; } public Backend(int[] table) { _table = table; }")]
        [InlineData("private readonly int[] _table; public Backend() { _table = new int[16]; } public Backend(int size) { _table = new int[size]; }")]
        [InlineData("private readonly int[] _table = new int[16]; public Backend() { } public Backend(int size) { _table = new int[size]; }")]
        [InlineData("private int[] _table = new int[16];")]
        [InlineData("private readonly int[] _table = new int[16]; public Backend(int[] table) { _table = table; }")]
        public Task NoDiagnostic_LengthNotKnownSoAnyCompleteCheckCounts(string declarations) => AnalyzerAsync(
            $$"""
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Id;
            }

            unsafe class Backend
            {
                {{declarations}}

                public string Name { get; } = "";

                int Lookup(Request* p)
                {
                    var id = p->Id;
                    if ((uint)id >= 32)
                        return -1;
                    return _table[id];
                }
            }
            """);

        [Fact]
        public Task Reports_KnownLengthOfArrayCreatedInTheSameMethod() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Id;
            }

            unsafe class Backend
            {
                int Lookup(Request* p)
                {
                    var histogram = new int[16];
                    var id = p->Id;
                    if ({|#1:(uint)id >= 32|})
                        return -1;
                    return ++histogram[{|#0:id|}];
                }
            }
            """,
            Diagnostic("DF0003").WithLocation(0).WithLocation(1).WithArguments("id", "indexes", "histogram", BoundLarger(32, 16, "histogram")));

        [Fact]
        public Task Reports_KnownLengthOfStackallocSpan() => AnalyzerAsync(
            """
            using System;
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Id;
            }

            unsafe class Backend
            {
                int Lookup(Request* p)
                {
                    Span<int> scratch = stackalloc int[16];
                    var id = p->Id;
                    if ({|#1:(uint)id >= 32|})
                        return -1;
                    return scratch[{|#0:id|}];
                }
            }
            """,
            Diagnostic("DF0003").WithLocation(0).WithLocation(1).WithArguments("id", "indexes", "scratch", BoundLarger(32, 16, "scratch")));

        [Fact]
        public Task NoDiagnostic_StackallocSpanWithCheckAgainstItsLength() => AnalyzerAsync(
            """
            using System;
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Id;
            }

            unsafe class Backend
            {
                int Lookup(Request* p)
                {
                    Span<int> scratch = stackalloc int[16];
                    var id = p->Id;
                    if ((uint)id >= 16)
                        return -1;
                    return scratch[id];
                }
            }
            """);

        [Fact]
        public Task Reports_KnownLengthOfInlineArray() => AnalyzerAsync(
            """
            using System.Runtime.CompilerServices;
            using DoubleFetch;

            [InlineArray(8)]
            struct Slots
            {
                private int _element0;
            }

            [SharedMemory]
            struct Request
            {
                public int Id;
            }

            unsafe class Backend
            {
                private Slots _slots;

                int Lookup(Request* p)
                {
                    var id = p->Id;
                    if ({|#1:(uint)id >= 16|})
                        return -1;
                    return _slots[{|#0:id|}];
                }
            }
            """,
            Diagnostic("DF0003").WithLocation(0).WithLocation(1).WithArguments("id", "indexes", "_slots", BoundLarger(16, 8, "_slots")));

        [Fact]
        public Task NoDiagnostic_InlineArrayWithCheckAgainstItsLength() => AnalyzerAsync(
            """
            using System.Runtime.CompilerServices;
            using DoubleFetch;

            [InlineArray(8)]
            struct Slots
            {
                private int _element0;
            }

            [SharedMemory]
            struct Request
            {
                public int Id;
            }

            unsafe class Backend
            {
                private Slots _slots;

                int Lookup(Request* p)
                {
                    var id = p->Id;
                    if (id < 0 || id >= 8)
                        return -1;
                    return _slots[id];
                }
            }
            """);

        [Fact]
        public Task Reports_KnownLengthOfFixedSizeBuffer() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            unsafe struct BlkifRequest
            {
                public int NrSegments;
                public fixed ulong Segments[11];
            }

            unsafe class Blkback
            {
                ulong Segment(BlkifRequest* req, BlkifRequest* copy)
                {
                    var n = req->NrSegments;
                    if ({|#1:(uint)n >= 16|})
                        return 0;
                    return copy->Segments[{|#0:n|}];
                }
            }
            """,
            Diagnostic("DF0003").WithLocation(0).WithLocation(1).WithArguments("n", "offsets", "copy->Segments", BoundLarger(16, 11, "copy->Segments")));

        [Fact]
        public Task Reports_KnownLengthOfFixedSizeBufferInPrivateStructThroughPointer() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Index;
            }

            unsafe struct SegmentTable
            {
                public fixed ulong Segments[11];
            }

            unsafe class Blkback
            {
                ulong Segment(Request* req, SegmentTable* table)
                {
                    var n = req->Index;
                    if ({|#1:(uint)n >= 16|})
                        return 0;
                    return table->Segments[{|#0:n|}];
                }
            }
            """,
            Diagnostic("DF0003").WithLocation(0).WithLocation(1).WithArguments("n", "offsets", "table->Segments", BoundLarger(16, 11, "table->Segments")));

        [Fact]
        public Task NoDiagnostic_FixedSizeBufferWithCheckAgainstItsSize() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            unsafe struct BlkifRequest
            {
                public int NrSegments;
                public fixed ulong Segments[11];
            }

            unsafe class Blkback
            {
                const int MaxSegments = 11;

                ulong Segment(BlkifRequest* req, BlkifRequest* copy)
                {
                    var n = req->NrSegments;
                    if (n < 0 || n >= MaxSegments)
                        return 0;
                    return copy->Segments[n];
                }
            }
            """);

        [Fact]
        public Task Reports_KnownLengthOfStackallocPointer() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Offset;
            }

            unsafe class Backend
            {
                byte Peek(Request* p)
                {
                    byte* scratch = stackalloc byte[64];
                    var offset = p->Offset;
                    if ({|#1:(uint)offset >= 128|})
                        return 0;
                    return scratch[{|#0:offset|}];
                }
            }
            """,
            Diagnostic("DF0003").WithLocation(0).WithLocation(1).WithArguments("offset", "offsets", "scratch", BoundLarger(128, 64, "scratch")));

        // ---- '%' on a signed value ----

        [Theory]
        [InlineData("return _table[{|#0:id % 16|}];", "id % 16")]
        [InlineData("return _table[{|#0:id % Size|}];", "id % Size")]
        [InlineData("var slot = id % _table.Length; return _table[{|#0:slot|}];", "slot")]
        public Task Reports_SignedModulo(string statements, string value) => AnalyzerAsync(
            KnownLength(statements),
            Diagnostic("DF0003").WithLocation(0).WithArguments(value, "indexes", "_table", SignedModulo)
                .WithMessage($"The bounds check of '{value}' before it indexes '_table' is incomplete: '%' on a signed value can be negative"));

        [Fact]
        public Task Reports_SignedModuloByLengthOfTargetOfUnknownLength() => AnalyzerAsync(
            UnknownLength("return table[{|#0:id % table.Length|}];"),
            Diagnostic("DF0003").WithLocation(0).WithArguments("id % table.Length", "indexes", "table", SignedModulo));

        [Theory]
        [InlineData("return _table[p->Slot % 16];")]
        [InlineData("return _table[p->Slot % Size];")]
        [InlineData("return _table[(uint)id % 16];")]
        [InlineData("if (id < 0) return -1; return _table[id % 16];")]
        [InlineData("var slot = p->Slot % (uint)_table.Length; return _table[slot];")]
        public Task NoDiagnostic_ModuloOfNonNegativeValue(string statements) => AnalyzerAsync(KnownLength(statements));

        // ---- Masks ----

        [Fact]
        public Task Reports_MaskWiderThanTarget() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Ring
            {
                public int Producer;
            }

            unsafe class Consumer
            {
                private readonly byte[] buffer = new byte[2048];

                byte Peek(Ring* ring)
                {
                    var producer = ring->Producer;
                    return buffer[{|#0:producer & 0xFFF|}];
                }
            }
            """,
            Diagnostic("DF0003").WithLocation(0).WithArguments("producer & 0xFFF", "indexes", "buffer", "a mask of 0xFFF allows 4095 but 'buffer' has 2048 elements")
                .WithMessage("The bounds check of 'producer & 0xFFF' before it indexes 'buffer' is incomplete: a mask of 0xFFF allows 4095 but 'buffer' has 2048 elements"));

        [Fact]
        public Task Reports_MaskWiderThanTargetThroughLocal() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Ring
            {
                public uint Producer;
            }

            unsafe class Consumer
            {
                private readonly int[] _slots = new int[16];

                int Peek(Ring* ring)
                {
                    var slot = ring->Producer & 0x1F;
                    return _slots[{|#0:slot|}];
                }
            }
            """,
            Diagnostic("DF0003").WithLocation(0).WithArguments("slot", "indexes", "_slots", "a mask of 0x1F allows 31 but '_slots' has 16 elements"));

        [Theory]
        [InlineData("producer & 0x7FF")]
        [InlineData("producer & (Size - 1)")]
        [InlineData("producer & 0xFF")]
        [InlineData("0x7FF & producer")]
        [InlineData("(int)((uint)producer & 0x7FF)")]
        public Task NoDiagnostic_MaskNoWiderThanTarget(string index) => AnalyzerAsync(
            $$"""
            using DoubleFetch;

            [SharedMemory]
            struct Ring
            {
                public int Producer;
            }

            unsafe class Consumer
            {
                private const int Size = 2048;
                private readonly byte[] buffer = new byte[Size];

                byte Peek(Ring* ring)
                {
                    var producer = ring->Producer;
                    return buffer[{{index}}];
                }
            }
            """);

        // ---- Unsigned shifts, small types ----

        [Theory]
        [InlineData("(uint)id >> 28")]
        [InlineData("id >>> 28")]
        [InlineData("(id >> 8) & 0xF")]
        [InlineData("p->Slot >> 28")]
        [InlineData("(byte)id >> 4")]
        public Task NoDiagnostic_ShiftIntoRange(string index) => AnalyzerAsync(KnownLength($"return _table[{index}];"));

        [Fact]
        public Task NoDiagnostic_UshortIntoTableOfItsRange() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public ushort Port;
                public byte Kind;
            }

            unsafe class Backend
            {
                private readonly int[] _ports = new int[65536];
                private readonly int[] _kinds = new int[256];

                int Lookup(Request* p) => _ports[p->Port] + _kinds[p->Kind];
            }
            """);

        // ---- Math.Min, Math.Max, Math.Clamp ----

        [Theory]
        [InlineData("var j = {|#1:Math.Min(id, table.Length - 1)|}; return table[{|#0:j|}];", "j")]
        [InlineData("return table[{|#0:{|#1:Math.Min(id, table.Length - 1)|}|}];", "Math.Min(id, table.Length - 1)")]
        [InlineData("var j = {|#1:Math.Min(table.Length - 1, id)|}; return table[{|#0:j|}];", "j")]
        public Task Reports_MathMinOnly(string statements, string value) => AnalyzerAsync(
            UnknownLength(statements),
            Diagnostic("DF0003").WithLocation(0).WithLocation(1).WithArguments(value, "indexes", "table", MinFromAboveOnly)
                .WithMessage($"The bounds check of '{value}' before it indexes 'table' is incomplete: Math.Min bounds it from above only"));

        [Fact]
        public Task Reports_MathMinWithUntrustedBound() => AnalyzerAsync(
            UnknownLength("var count = p->Count; if (id < 0) return -1; var j = Math.Min(id, count); return table[{|#0:j|}];"),
            Diagnostic("DF0003").WithLocation(0).WithArguments("j", "indexes", "table", MinFromAboveOnly));

        [Theory]
        [InlineData("var j = Math.Clamp(id, 0, table.Length - 1);")]
        [InlineData("var j = Math.Max(0, Math.Min(id, table.Length - 1));")]
        [InlineData("var j = Math.Min(Math.Max(id, 0), table.Length - 1);")]
        [InlineData("if (id < 0) return -1; var j = Math.Min(id, table.Length - 1);")]
        [InlineData("var j = Math.Min((ushort)p->Count, table.Length - 1);")]
        public Task NoDiagnostic_MathMinWithLowerBoundOrClamp(string statements) => AnalyzerAsync(
            UnknownLength(statements + " return table[j];"));

        [Fact]
        public Task Reports_MathClampWithBoundLargerThanKnownLength() => AnalyzerAsync(
            KnownLength("var j = {|#1:Math.Clamp(id, 0, 32)|}; return _table[{|#0:j|}];"),
            Diagnostic("DF0003").WithLocation(0).WithLocation(1).WithArguments("j", "indexes", "_table", BoundLarger(33, 16, "_table")));

        // ---- The unsigned comparison with a bound that may be negative ----

        [Theory]
        [InlineData("if ({|#1:(uint)id >= (uint)limit|}) return -1; return table[{|#0:id|}];")]
        [InlineData("if ({|#1:(uint)id < (uint)limit|}) return table[{|#0:id|}]; return -1;")]
        [InlineData("if ({|#1:(uint)limit <= (uint)id|}) return -1; return table[{|#0:id|}];")]
        public Task Reports_UnsignedComparisonWithBoundThatMayBeNegative(string statements) => AnalyzerAsync(
            UnknownLength(statements),
            Diagnostic("DF0003").WithLocation(0).WithLocation(1).WithArguments("id", "indexes", "table", UnsignedCompareWithNegative)
                .WithMessage("The bounds check of 'id' before it indexes 'table' is incomplete: the unsigned comparison is with a bound that may be negative"));

        [Theory]
        [InlineData("if (limit < 0) return -1; if ((uint)id >= (uint)limit) return -1; return table[id];")]
        [InlineData("if (limit < 0 || (uint)id >= (uint)limit) return -1; return table[id];")]
        [InlineData("if ((uint)id >= (uint)table.Length) return -1; return table[id];")]
        public Task NoDiagnostic_UnsignedComparisonWithNonNegativeBound(string statements) => AnalyzerAsync(UnknownLength(statements));

        [Fact]
        public Task NoDiagnostic_UnsignedComparisonWithUnsignedBound() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Id;
            }

            unsafe class Backend
            {
                int Lookup(Request* p, int[] table, uint limit)
                {
                    var id = p->Id;
                    if ((uint)id >= limit)
                        return -1;
                    return table[id];
                }
            }
            """);

        // ---- A check of a truncated copy ----

        [Theory]
        [InlineData("long", "{|#1:(uint)id >= (uint)table.Length|}")]
        [InlineData("ulong", "{|#1:(uint)id >= (uint)table.Length|}")]
        [InlineData("long", "{|#1:(int)id < 0|} || (int)id >= table.Length")]
        public Task Reports_CheckOnTruncatedCopy(string type, string check) => AnalyzerAsync(
            $$"""
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public {{type}} Id;
            }

            unsafe class Backend
            {
                int Lookup(Request* p, int[] table)
                {
                    var id = p->Id;
                    if ({{check}})
                        return -1;
                    return table[{|#0:id|}];
                }
            }
            """,
            Diagnostic("DF0003").WithLocation(0).WithLocation(1).WithArguments("id", "indexes", "table", TruncatedCheck));

        // ---- A bound that is itself untrusted ----

        [Theory]
        [InlineData("var count = p->Count; if (id < 0 || {|#1:id >= count|}) return -1; return table[{|#0:id|}];")]
        [InlineData("var count = p->Count; if (count < 0) return -1; if ({|#1:(uint)id >= (uint)count|}) return -1; return table[{|#0:id|}];")]
        public Task Reports_BoundThatIsItselfUntrusted(string statements) => AnalyzerAsync(
            UnknownLength(statements),
            Diagnostic("DF0003").WithLocation(0).WithLocation(1).WithArguments("id", "indexes", "table", UntrustedBound));

        [Theory]
        [InlineData("var count = p->Count; if (count < 0 || count > table.Length) return -1; if (id < 0 || id >= count) return -1; return table[id];")]
        [InlineData("var count = p->Count; if ((uint)count > (uint)table.Length) return -1; if ((uint)id >= (uint)count) return -1; return table[id];")]
        [InlineData("var count = Math.Min(p->Count, table.Length); if (id < 0 || id >= count) return -1; return table[id];")]
        public Task NoDiagnostic_UntrustedBoundThatIsItselfChecked(string statements) => AnalyzerAsync(UnknownLength(statements));

        // ---- Lengths and offsets checked incompletely ----

        [Fact]
        public Task Reports_LengthWithNoLowerBound() => AnalyzerAsync(
            """
            using System;
            using DoubleFetch;

            [SharedMemory]
            struct Message
            {
                public int Length;
            }

            unsafe class Reader
            {
                ReadOnlySpan<byte> Payload(Message* message, byte[] buffer)
                {
                    var length = message->Length;
                    if ({|#1:length > buffer.Length|})
                        throw new ArgumentException("too long");
                    return buffer.AsSpan(0, {|#0:length|});
                }
            }
            """,
            Diagnostic("DF0003").WithLocation(0).WithLocation(1).WithArguments("length", "sizes", "buffer", NoLowerBound)
                .WithMessage("The bounds check of 'length' before it sizes 'buffer' is incomplete: no lower bound: negative values pass"));

        [Fact]
        public Task Reports_LengthWithBoundLargerThanKnownLength() => AnalyzerAsync(
            """
            using System;
            using DoubleFetch;

            [SharedMemory]
            struct Message
            {
                public int Length;
            }

            unsafe class Reader
            {
                private readonly byte[] _buffer = new byte[16];

                ReadOnlySpan<byte> Payload(Message* message)
                {
                    var length = message->Length;
                    if (length < 0 || {|#1:length >= 32|})
                        throw new ArgumentException("too long");
                    return _buffer.AsSpan(0, {|#0:length|});
                }
            }
            """,
            Diagnostic("DF0003").WithLocation(0).WithLocation(1).WithArguments("length", "sizes", "_buffer", BoundLarger(32, 16, "_buffer")));

        [Theory]
        [InlineData("length < 0 || length > _buffer.Length")]
        [InlineData("length < 0 || length > 16")]
        [InlineData("(uint)length > (uint)_buffer.Length")]
        [InlineData("length is < 0 or > 16")]
        public Task NoDiagnostic_LengthMayEqualKnownLength(string check) => AnalyzerAsync(
            $$"""
            using System;
            using DoubleFetch;

            [SharedMemory]
            struct Message
            {
                public int Length;
            }

            unsafe class Reader
            {
                private readonly byte[] _buffer = new byte[16];

                ReadOnlySpan<byte> Payload(Message* message)
                {
                    var length = message->Length;
                    if ({{check}})
                        throw new ArgumentException("too long");
                    return _buffer.AsSpan(0, length);
                }
            }
            """);

        [Fact]
        public Task Reports_PointerOffsetWithNoLowerBound() => AnalyzerAsync(
            """
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
                    if ({|#1:offset >= RingBytes|})
                        return 0;
                    return ring[{|#0:offset|}];
                }
            }
            """,
            Diagnostic("DF0003").WithLocation(0).WithLocation(1).WithArguments("offset", "offsets", "ring", NoLowerBound)
                .WithMessage("The bounds check of 'offset' before it offsets 'ring' is incomplete: no lower bound: negative values pass"));

        // ---- One diagnostic per sink ----

        [Fact]
        public Task Reports_OneDiagnosticForSinkWithSeveralIncompleteChecks() => AnalyzerAsync(
            UnknownLength("if (id == 7) return -1; if ({|#1:id > table.Length|}) return -1; return table[{|#0:id|}];"),
            Diagnostic("DF0003").WithLocation(0).WithLocation(1).WithArguments("id", "indexes", "table", OffByOne(">")));

        [Fact]
        public Task Reports_OnlyTheFirstOfTwoAccessesWithTheSameValue() => AnalyzerAsync(
            UnknownLength("if (id >= table.Length) return -1; var old = table[{|#0:id|}]; table[id] = old + 1; return old;"),
            Diagnostic("DF0003").WithLocation(0).WithArguments("id", "indexes", "table", NoLowerBound));

        [Fact]
        public Task Reports_CompoundAssignmentOfElementOnce() => AnalyzerAsync(
            UnknownLength("if (id >= table.Length) return -1; table[{|#0:id|}] += 1; return 0;"),
            Diagnostic("DF0003").WithLocation(0).WithArguments("id", "indexes", "table", NoLowerBound));

        [Fact]
        public Task Reports_EachSinkWithItsOwnReason() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Id;
                public int Node;
            }

            unsafe class Backend
            {
                const int NumaNoNode = -1;
                private readonly int[] _table = new int[16];
                private readonly int[] _nodes = new int[64];

                int Lookup(Request* p)
                {
                    var id = p->Id;
                    var node = p->Node;
                    if (id > _table.Length)
                        return -1;
                    if (node == NumaNoNode)
                        return -2;
                    return _table[{|#0:id|}] + _nodes[{|#1:node|}] + _table[{|#2:node & 0x3F|}];
                }
            }
            """,
            Diagnostic("DF0003").WithLocation(0).WithArguments("id", "indexes", "_table", OffByOne(">")),
            Diagnostic("DF0003").WithLocation(1).WithArguments("node", "indexes", "_nodes", SpecialValuesOnly),
            Diagnostic("DF0003").WithLocation(2).WithArguments("node & 0x3F", "indexes", "_table", "a mask of 0x3F allows 63 but '_table' has 16 elements"));

        [Fact]
        public Task Reports_CheckOnOneBranchIncompleteOnTheOther() => AnalyzerAsync(
            UnknownLength("if (limit > 0) { if ((uint)id >= (uint)table.Length) return -1; } else { if (id < 0) return -1; } return table[{|#0:id|}];"),
            Diagnostic("DF0003").WithLocation(0).WithArguments("id", "indexes", "table", NoUpperBound));

        // ---- Where DF0003 ends ----

        [Fact]
        public Task NoDiagnostic_CompleteCheckAfterIncompleteOne() => AnalyzerAsync(
            UnknownLength("if (id > table.Length) return -1; if (id < 0 || id >= table.Length) return -2; return table[id];"));

        [Fact]
        public Task Reports_DF0002_NotDF0003_ForCheckOfAnotherVariable() => AnalyzerAsync(
            UnknownLength("var other = p->Count; if (other < 0 || other >= table.Length) return -1; return table[{|DF0002:id|}];"));

        [Fact]
        public Task Reports_DF0002_NotDF0003_WhenTheValueIsAssignedAfterTheCheck() => AnalyzerAsync(
            UnknownLength("if (id >= table.Length) return -1; id = p->Count; return table[{|DF0002:id|}];"));

        [Fact]
        public Task Reports_DF0006_NotDF0003_WhenAnAssertionCompletesTheCheck() => AnalyzerAsync(
            UnknownLength("if (id >= table.Length) return -1; System.Diagnostics.Debug.Assert(id >= 0); return table[{|DF0006:id|}];"));
    }
}
