using System.Threading.Tasks;
using DoubleFetchAnalyzers.CodeFixes;
using Xunit;
using static DoubleFetchAnalyzers.Tests.Verify;

namespace DoubleFetchAnalyzers.Tests.Rules
{
    /// <summary>
    /// DF0003 "Complete the check" (SPEC section 7): the incomplete comparison is rewritten in place: '>=' for '>',
    /// the (uint) idiom for a one-sided check, the target's length for another collection's. Every test also checks
    /// Fix All in document, project and solution scope, and that the analyzer reports nothing on the fixed code. A
    /// NoFix_ test expects the code unchanged with no equivalence key: any action offered would change it. The last
    /// tests apply "Add range check" (the other fix DF0003 offers).
    /// </summary>
    public class DF0003FixTests
    {
        private static Task FixAsync(string source, string fixedSource) =>
            CodeFixAsync<CompleteCheckCodeFixProvider>(source, fixedSource, CompleteCheckCodeFixProvider.EquivalenceKey);

        private static Task NoFixAsync(string source) => CodeFixAsync<CompleteCheckCodeFixProvider>(source, source, null);

        /// <summary>A request in shared memory, an id read once from it, and a table of unknown length.</summary>
        private static string Source(string statements) => $$"""
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Id;
                public long Offset;
            }

            unsafe class Backend
            {
                int Lookup(Request* p, int[] table)
                {
                    var id = p->Id;
                    {{statements}}
                }
            }
            """;

        // ---- '>' where '>=' is needed ----

        [Theory]
        [InlineData(
            "if (id < 0 || id > table.Length)\n            return -1;\n        return table[{|DF0003:id|}];",
            "if (id < 0 || (uint)id >= (uint)table.Length)\n            return -1;\n        return table[id];")]
        [InlineData(
            "if (id > table.Length)\n            return -1;\n        return table[{|DF0003:id|}];",
            "if ((uint)id >= (uint)table.Length)\n            return -1;\n        return table[id];")]
        [InlineData(
            "if (table.Length < id || id < 0)\n            return -1;\n        return table[{|DF0003:id|}];",
            "if ((uint)table.Length <= (uint)id || id < 0)\n            return -1;\n        return table[id];")]
        [InlineData(
            "if (id >= 0 && id <= table.Length)\n            return table[{|DF0003:id|}];\n        return -1;",
            "if (id >= 0 && (uint)id < (uint)table.Length)\n            return table[id];\n        return -1;")]
        [InlineData(
            "if ((uint)id > (uint)table.Length)\n            return -1;\n        return table[{|DF0003:id|}];",
            "if ((uint)id >= (uint)table.Length)\n            return -1;\n        return table[id];")]
        public Task Fix_GreaterThanBecomesGreaterOrEqualInTheUnsignedIdiom(string statements, string fixedStatements) => FixAsync(
            Source(statements),
            Source(fixedStatements));

        [Fact]
        public Task Fix_GreaterThanAgainstConstantEqualToKnownLength() => FixAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct MemoryOp
            {
                public int Node;
            }

            unsafe class Hypervisor
            {
                const int MaxNumNodes = 64;
                private readonly long[] _avail = new long[MaxNumNodes];

                long Available(MemoryOp* op)
                {
                    var node = op->Node;
                    if (node > MaxNumNodes)
                        return 0;
                    return _avail[{|DF0003:node|}];
                }
            }
            """,
            """
            using DoubleFetch;

            [SharedMemory]
            struct MemoryOp
            {
                public int Node;
            }

            unsafe class Hypervisor
            {
                const int MaxNumNodes = 64;
                private readonly long[] _avail = new long[MaxNumNodes];

                long Available(MemoryOp* op)
                {
                    var node = op->Node;
                    if ((uint)node >= (uint)MaxNumNodes)
                        return 0;
                    return _avail[node];
                }
            }
            """);

        // ---- One side only ----

        [Theory]
        [InlineData(
            "if (id >= table.Length)\n            return -1;\n        return table[{|DF0003:id|}];",
            "if ((uint)id >= (uint)table.Length)\n            return -1;\n        return table[id];")]
        [InlineData(
            "if (id < table.Length)\n            return table[{|DF0003:id|}];\n        return -1;",
            "if ((uint)id < (uint)table.Length)\n            return table[id];\n        return -1;")]
        [InlineData(
            "if (table.Length <= id)\n            return -1;\n        return table[{|DF0003:id|}];",
            "if ((uint)table.Length <= (uint)id)\n            return -1;\n        return table[id];")]
        [InlineData(
            "if (id == 7 || id >= table.Length)\n            return -1;\n        return table[{|DF0003:id|}];",
            "if (id == 7 || (uint)id >= (uint)table.Length)\n            return -1;\n        return table[id];")]
        public Task Fix_NoLowerBoundBecomesTheUnsignedIdiom(string statements, string fixedStatements) => FixAsync(
            Source(statements),
            Source(fixedStatements));

        [Theory]
        [InlineData(
            "if (id < 0)\n            return -1;\n        return table[{|DF0003:id|}];",
            "if ((uint)id >= (uint)table.Length)\n            return -1;\n        return table[id];")]
        [InlineData(
            "if (id >= 0)\n            return table[{|DF0003:id|}];\n        return -1;",
            "if ((uint)id < (uint)table.Length)\n            return table[id];\n        return -1;")]
        [InlineData(
            "if (0 > id)\n            return -1;\n        return table[{|DF0003:id|}];",
            "if ((uint)id >= (uint)table.Length)\n            return -1;\n        return table[id];")]
        public Task Fix_NoUpperBoundBecomesTheUnsignedIdiom(string statements, string fixedStatements) => FixAsync(
            Source(statements),
            Source(fixedStatements));

        [Fact]
        public Task Fix_NoLowerBoundOfLongValueUsesUlong() => FixAsync(
            Source("var offset = p->Offset;\n        if (offset >= table.Length)\n            return -1;\n        return table[{|DF0003:offset|}];"),
            Source("var offset = p->Offset;\n        if ((ulong)offset >= (ulong)table.Length)\n            return -1;\n        return table[offset];"));

        [Fact]
        public Task Fix_NoUpperBoundAgainstKnownLengthField() => FixAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Id;
            }

            unsafe class Backend
            {
                private readonly int[] _table = new int[16];

                int Lookup(Request* p)
                {
                    var id = p->Id;
                    if (id < 0)
                        throw new System.ArgumentOutOfRangeException(nameof(p));
                    return _table[{|DF0003:id|}];
                }
            }
            """,
            """
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Id;
            }

            unsafe class Backend
            {
                private readonly int[] _table = new int[16];

                int Lookup(Request* p)
                {
                    var id = p->Id;
                    if ((uint)id >= (uint)_table.Length)
                        throw new System.ArgumentOutOfRangeException(nameof(p));
                    return _table[id];
                }
            }
            """);

        // ---- Another collection's length ----

        [Theory]
        [InlineData("id < 0 || id >= _keys.Length", "id < 0 || id >= _values.Length")]
        [InlineData("(uint)id >= (uint)_keys.Length", "(uint)id >= (uint)_values.Length")]
        [InlineData("_keys.Length <= id || id < 0", "_values.Length <= id || id < 0")]
        public Task Fix_OtherCollectionsLengthBecomesTheTargets(string check, string fixedCheck) => FixAsync(
            OtherCollection(check, "return _values[{|DF0003:id|}];"),
            OtherCollection(fixedCheck, "return _values[id];"));

        // ---- Formatting, trivia, Fix All ----

        [Fact]
        public Task Fix_KeepsCommentsAroundTheCheck() => FixAsync(
            """
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
                    // Reject ids past the table.
                    if (id < 0 || /* upper */ id > table.Length /* end */) // checked
                        return -1;
                    return table[{|DF0003:id|}];
                }
            }
            """,
            """
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
                    // Reject ids past the table.
                    if (id < 0 || /* upper */ (uint)id >= (uint)table.Length /* end */) // checked
                        return -1;
                    return table[id];
                }
            }
            """);

        [Fact]
        public Task Fix_AllIncompleteChecksInDocument() => FixAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Id;
                public int Slot;
                public int Node;
            }

            unsafe class Backend
            {
                private readonly int[] _keys = new int[32];
                private readonly int[] _values = new int[16];

                int Lookup(Request* p, int[] table)
                {
                    var id = p->Id;
                    if (id > table.Length)
                        return -1;
                    var slot = p->Slot;
                    if (slot < 0)
                        return -2;
                    var node = p->Node;
                    if (node < 0 || node >= _keys.Length)
                        return -3;
                    return table[{|DF0003:id|}] + table[{|DF0003:slot|}] + _values[{|DF0003:node|}];
                }

                int Peek(int[] ring, int untrusted_index)
                {
                    if (untrusted_index >= ring.Length)
                        return 0;
                    return ring[{|DF0003:untrusted_index|}];
                }
            }
            """,
            """
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Id;
                public int Slot;
                public int Node;
            }

            unsafe class Backend
            {
                private readonly int[] _keys = new int[32];
                private readonly int[] _values = new int[16];

                int Lookup(Request* p, int[] table)
                {
                    var id = p->Id;
                    if ((uint)id >= (uint)table.Length)
                        return -1;
                    var slot = p->Slot;
                    if ((uint)slot >= (uint)table.Length)
                        return -2;
                    var node = p->Node;
                    if (node < 0 || node >= _values.Length)
                        return -3;
                    return table[id] + table[slot] + _values[node];
                }

                int Peek(int[] ring, int untrusted_index)
                {
                    if ((uint)untrusted_index >= (uint)ring.Length)
                        return 0;
                    return ring[untrusted_index];
                }
            }
            """);

        [Fact]
        public Task Fix_OneCheckGuardingTwoSinksIsRewrittenOnce() => FixAsync(
            Source("if (id > table.Length)\n            return -1;\n        table[{|DF0003:id|}]++;\n        return table[id];"),
            Source("if ((uint)id >= (uint)table.Length)\n            return -1;\n        table[id]++;\n        return table[id];"));

        // ---- Not offered: the reason has no in-place rewrite ----

        [Fact]
        public Task NoFix_ComparedWithSpecialValuesOnly() => NoFixAsync(
            """
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

                long Available(MemoryOp* op, int localNode)
                {
                    var node = op->Node;
                    if (node == NumaNoNode)
                        node = localNode;
                    return _avail[{|DF0003:node|}];
                }
            }
            """);

        [Theory]
        [InlineData("return table[{|DF0003:id % table.Length|}];")]
        [InlineData("var j = System.Math.Min(id, table.Length - 1);\n        return table[{|DF0003:j|}];")]
        [InlineData("var count = (int)p->Offset;\n        if (id < 0 || id >= count)\n            return -1;\n        return table[{|DF0003:id|}];")]
        [InlineData("var offset = p->Offset;\n        if ((uint)offset >= (uint)table.Length)\n            return -1;\n        return table[{|DF0003:offset|}];")]
        public Task NoFix_ReasonWithoutRewrite(string statements) => NoFixAsync(Source(statements));

        [Fact]
        public Task NoFix_MaskWiderThanTarget() => NoFixAsync(
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
                    return buffer[{|DF0003:producer & 0xFFF|}];
                }
            }
            """);

        [Fact]
        public Task NoFix_BoundLargerThanKnownLength() => NoFixAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Id;
            }

            unsafe class Backend
            {
                private readonly int[] _table = new int[16];

                int Lookup(Request* p)
                {
                    var id = p->Id;
                    if (id < 0 || id >= 32)
                        return -1;
                    return _table[{|DF0003:id|}];
                }
            }
            """);

        [Fact]
        public Task NoFix_UnsignedComparisonWithBoundThatMayBeNegative() => NoFixAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Id;
            }

            unsafe class Backend
            {
                int Lookup(Request* p, int[] table, int limit)
                {
                    var id = p->Id;
                    if ((uint)id >= (uint)limit)
                        return -1;
                    return table[{|DF0003:id|}];
                }
            }
            """);

        // The (uint) form is right only for a bound that cannot be negative: a trusted int parameter may be.
        [Fact]
        public Task NoFix_NoLowerBoundAgainstBoundThatMayBeNegative() => NoFixAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Id;
            }

            unsafe class Backend
            {
                int Lookup(Request* p, int[] table, int limit)
                {
                    var id = p->Id;
                    if (id >= limit)
                        return -1;
                    return table[{|DF0003:id|}];
                }
            }
            """);

        [Fact]
        public Task NoFix_ThrowHelperIsNoComparison() => NoFixAsync(
            Source("System.ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(id, table.Length);\n        return table[{|DF0003:id|}];"));

        // ---- The other fix: Add range check ----

        [Fact]
        public Task AddRangeCheck_ForComparisonWithSpecialValuesOnly_Xsa231() => CodeFixAsync<AddRangeCheckCodeFixProvider>(
            """
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

                long Available(MemoryOp* op, int localNode)
                {
                    var node = op->Node;
                    if (node == NumaNoNode)
                        node = localNode;
                    return _avail[{|DF0003:node|}];
                }
            }
            """,
            """
            using System.IO;
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

                long Available(MemoryOp* op, int localNode)
                {
                    var node = op->Node;
                    if (node == NumaNoNode)
                        node = localNode;
                    if ((uint)node >= (uint)_avail.Length)
                        throw new InvalidDataException("'node' is out of range.");
                    return _avail[node];
                }
            }
            """,
            AddRangeCheckCodeFixProvider.KeyFor("DF0003", AddRangeCheckCodeFixProvider.ThrowAction));

        [Fact]
        public Task AddRangeCheck_ForSignedModuloIsNotOffered() => CodeFixAsync<AddRangeCheckCodeFixProvider>(
            Source("return table[{|DF0003:id % table.Length|}];"),
            Source("return table[{|DF0003:id % table.Length|}];"),
            null);

        [Fact]
        public Task AddRangeCheck_ForMaskWiderThanTargetThroughLocal() => CodeFixAsync<AddRangeCheckCodeFixProvider>(
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

                void Clear(Ring* ring)
                {
                    var slot = ring->Producer & 0x1F;
                    _slots[{|DF0003:slot|}] = 0;
                }
            }
            """,
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

                void Clear(Ring* ring)
                {
                    var slot = ring->Producer & 0x1F;
                    if (slot >= _slots.Length)
                        return;
                    _slots[slot] = 0;
                }
            }
            """,
            AddRangeCheckCodeFixProvider.KeyFor("DF0003", AddRangeCheckCodeFixProvider.ReturnAction));

        private static string OtherCollection(string check, string use) => $$"""
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
                    if ({{check}})
                        return -1;
                    {{use}}
                }
            }
            """;
    }
}
