using System.Threading;
using System.Threading.Tasks;
using DoubleFetchAnalyzers.CodeFixes;
using Xunit;
using static DoubleFetchAnalyzers.Tests.Verify;

namespace DoubleFetchAnalyzers.Tests.Rules
{
    /// <summary>
    /// DF0002 "Add range check" (SPEC section 7): <c>if ((uint)i &gt;= (uint)a.Length) throw/return/continue;</c> before
    /// the statement that indexes. Every test also checks Fix All in document, project and solution scope. A NoFix_
    /// test expects the code unchanged with no equivalence key: the verifier applies the first action offered, so any
    /// action at all would change the code and fail the test.
    /// </summary>
    public class DF0002FixTests
    {
        private static Task NoFixAsync(string source, string? equivalenceKey = null) =>
            CodeFixAsync<AddRangeCheckCodeFixProvider>(source, source, equivalenceKey);

        // ---- throw ----

        [Fact]
        public Task Fix_ThrowsInvalidDataExceptionForValueReadFromSharedMemory() => CodeFixAsync<AddRangeCheckCodeFixProvider>(
            """
            using DoubleFetch;

            [SharedMemory]
            struct TxResponse
            {
                public int Id;
            }

            unsafe class Netfront
            {
                private object?[] skbs = new object?[256];

                void TxBufGc(TxResponse* txrsp)
                {
                    var id = txrsp->Id;
                    skbs[{|DF0002:id|}] = null;
                }
            }
            """,
            """
            using System.IO;
            using DoubleFetch;

            [SharedMemory]
            struct TxResponse
            {
                public int Id;
            }

            unsafe class Netfront
            {
                private object?[] skbs = new object?[256];

                void TxBufGc(TxResponse* txrsp)
                {
                    var id = txrsp->Id;
                    if ((uint)id >= (uint)skbs.Length)
                        throw new InvalidDataException("'id' is out of range.");
                    skbs[id] = null;
                }
            }
            """,
            AddRangeCheckCodeFixProvider.ThrowKey);

        [Fact]
        public Task Fix_DoesNotDuplicateSystemIOImport() => CodeFixAsync<AddRangeCheckCodeFixProvider>(
            """
            using System;
            using System.IO;
            using DoubleFetch;

            [SharedMemory]
            struct TxResponse
            {
                public int Id;
            }

            unsafe class Netfront
            {
                private object?[] skbs = Array.Empty<object?>();

                void TxBufGc(TxResponse* txrsp)
                {
                    var id = txrsp->Id;
                    skbs[{|DF0002:id|}] = null;
                }
            }
            """,
            """
            using System;
            using System.IO;
            using DoubleFetch;

            [SharedMemory]
            struct TxResponse
            {
                public int Id;
            }

            unsafe class Netfront
            {
                private object?[] skbs = Array.Empty<object?>();

                void TxBufGc(TxResponse* txrsp)
                {
                    var id = txrsp->Id;
                    if ((uint)id >= (uint)skbs.Length)
                        throw new InvalidDataException("'id' is out of range.");
                    skbs[id] = null;
                }
            }
            """,
            AddRangeCheckCodeFixProvider.ThrowKey);

        [Fact]
        public Task Fix_AddsSystemIOImportAfterSystemImport() => CodeFixAsync<AddRangeCheckCodeFixProvider>(
            """
            using System;
            using DoubleFetch;

            [SharedMemory]
            struct TxResponse
            {
                public int Id;
            }

            unsafe class Netfront
            {
                private object?[] skbs = Array.Empty<object?>();

                void TxBufGc(TxResponse* txrsp)
                {
                    var id = txrsp->Id;
                    skbs[{|DF0002:id|}] = null;
                }
            }
            """,
            """
            using System;
            using System.IO;
            using DoubleFetch;

            [SharedMemory]
            struct TxResponse
            {
                public int Id;
            }

            unsafe class Netfront
            {
                private object?[] skbs = Array.Empty<object?>();

                void TxBufGc(TxResponse* txrsp)
                {
                    var id = txrsp->Id;
                    if ((uint)id >= (uint)skbs.Length)
                        throw new InvalidDataException("'id' is out of range.");
                    skbs[id] = null;
                }
            }
            """,
            AddRangeCheckCodeFixProvider.ThrowKey);

        [Fact]
        public Task Fix_ThrowsArgumentOutOfRangeExceptionForParameter() => CodeFixAsync<AddRangeCheckCodeFixProvider>(
            """
            using System;

            class Table
            {
                private readonly int[] _slots = new int[8];

                public int Get(int untrusted_i)
                {
                    return _slots[{|DF0002:untrusted_i|}];
                }
            }
            """,
            """
            using System;

            class Table
            {
                private readonly int[] _slots = new int[8];

                public int Get(int untrusted_i)
                {
                    if ((uint)untrusted_i >= (uint)_slots.Length)
                        throw new ArgumentOutOfRangeException(nameof(untrusted_i));
                    return _slots[untrusted_i];
                }
            }
            """,
            AddRangeCheckCodeFixProvider.ThrowKey);

        [Fact]
        public Task Fix_ThrowsArgumentOutOfRangeExceptionForParameterAndAddsSystemImport() => CodeFixAsync<AddRangeCheckCodeFixProvider>(
            """
            using DoubleFetch;

            class Table
            {
                public string Name(string[] names, [Untrusted] int index)
                {
                    return names[{|DF0002:index|}];
                }
            }
            """,
            """
            using System;
            using DoubleFetch;

            class Table
            {
                public string Name(string[] names, [Untrusted] int index)
                {
                    if ((uint)index >= (uint)names.Length)
                        throw new ArgumentOutOfRangeException(nameof(index));
                    return names[index];
                }
            }
            """,
            AddRangeCheckCodeFixProvider.ThrowKey);

        [Fact]
        public Task Fix_ThrowIsTheDefaultAction() => CodeFixAsync<AddRangeCheckCodeFixProvider>(
            """
            using System;

            class Table
            {
                void Clear(int[] slots, int untrusted_i)
                {
                    slots[{|DF0002:untrusted_i|}] = 0;
                }
            }
            """,
            """
            using System;

            class Table
            {
                void Clear(int[] slots, int untrusted_i)
                {
                    if ((uint)untrusted_i >= (uint)slots.Length)
                        throw new ArgumentOutOfRangeException(nameof(untrusted_i));
                    slots[untrusted_i] = 0;
                }
            }
            """,
            equivalenceKey: null);

        // ---- return and continue ----

        [Fact]
        public Task Fix_ReturnsInVoidMethod() => CodeFixAsync<AddRangeCheckCodeFixProvider>(
            """
            using DoubleFetch;

            [SharedMemory]
            struct TxResponse
            {
                public int Id;
            }

            unsafe class Netfront
            {
                void TxBufGc(TxResponse* txrsp, object?[] skbs)
                {
                    var id = txrsp->Id;
                    skbs[{|DF0002:id|}] = null;
                }
            }
            """,
            """
            using DoubleFetch;

            [SharedMemory]
            struct TxResponse
            {
                public int Id;
            }

            unsafe class Netfront
            {
                void TxBufGc(TxResponse* txrsp, object?[] skbs)
                {
                    var id = txrsp->Id;
                    if ((uint)id >= (uint)skbs.Length)
                        return;
                    skbs[id] = null;
                }
            }
            """,
            AddRangeCheckCodeFixProvider.ReturnKey);

        [Fact]
        public Task Fix_ReturnsInAsyncTaskMethod() => CodeFixAsync<AddRangeCheckCodeFixProvider>(
            """
            using System.Threading.Tasks;

            class Table
            {
                async Task ClearAsync(int[] slots, int untrusted_i)
                {
                    await Task.Yield();
                    slots[{|DF0002:untrusted_i|}] = 0;
                }
            }
            """,
            """
            using System.Threading.Tasks;

            class Table
            {
                async Task ClearAsync(int[] slots, int untrusted_i)
                {
                    await Task.Yield();
                    if ((uint)untrusted_i >= (uint)slots.Length)
                        return;
                    slots[untrusted_i] = 0;
                }
            }
            """,
            AddRangeCheckCodeFixProvider.ReturnKey);

        [Fact]
        public Task Fix_ContinuesInLoop() => CodeFixAsync<AddRangeCheckCodeFixProvider>(
            """
            using DoubleFetch;

            [SharedMemory]
            struct TxResponse
            {
                public int Id;
            }

            unsafe class Netfront
            {
                int Drain(TxResponse* ring, int count, object?[] skbs)
                {
                    var freed = 0;
                    for (int k = 0; k < count; k++)
                    {
                        var id = ring[k].Id;
                        skbs[{|DF0002:id|}] = null;
                        freed++;
                    }

                    return freed;
                }
            }
            """,
            """
            using DoubleFetch;

            [SharedMemory]
            struct TxResponse
            {
                public int Id;
            }

            unsafe class Netfront
            {
                int Drain(TxResponse* ring, int count, object?[] skbs)
                {
                    var freed = 0;
                    for (int k = 0; k < count; k++)
                    {
                        var id = ring[k].Id;
                        if ((uint)id >= (uint)skbs.Length)
                            continue;
                        skbs[id] = null;
                        freed++;
                    }

                    return freed;
                }
            }
            """,
            AddRangeCheckCodeFixProvider.ContinueKey);

        [Fact]
        public Task NoFix_ReturnVariantInMethodThatReturnsAValue() => NoFixAsync(
            """
            class Table
            {
                int Get(int[] slots, int untrusted_i)
                {
                    return slots[{|DF0002:untrusted_i|}];
                }
            }
            """,
            AddRangeCheckCodeFixProvider.ReturnKey);

        [Fact]
        public Task NoFix_ReturnVariantInIterator() => NoFixAsync(
            """
            using System.Collections.Generic;

            class Table
            {
                IEnumerable<int> Get(int[] slots, int untrusted_i)
                {
                    yield return slots[{|DF0002:untrusted_i|}];
                }
            }
            """,
            AddRangeCheckCodeFixProvider.ReturnKey);

        [Fact]
        public Task NoFix_ContinueVariantOutsideLoop() => NoFixAsync(
            """
            class Table
            {
                void Clear(int[] slots, int untrusted_i)
                {
                    slots[{|DF0002:untrusted_i|}] = 0;
                }
            }
            """,
            AddRangeCheckCodeFixProvider.ContinueKey);

        [Fact]
        public Task NoFix_ContinueVariantInLambdaInsideLoop() => NoFixAsync(
            """
            using System;

            class Table
            {
                void Clear(int[] slots, int[] ids)
                {
                    foreach (var id in ids)
                    {
                        Action<int> clear = untrusted_i =>
                        {
                            slots[{|DF0002:untrusted_i|}] = 0;
                        };
                        clear(id);
                    }
                }
            }
            """,
            AddRangeCheckCodeFixProvider.ContinueKey);

        // ---- Bounds and index types ----

        [Fact]
        public Task Fix_UsesCountForList() => CodeFixAsync<AddRangeCheckCodeFixProvider>(
            """
            using System.Collections.Generic;

            class Registry
            {
                private readonly List<string> _names = new();

                string Name(int untrusted_i)
                {
                    var name = _names[{|DF0002:untrusted_i|}];
                    return name;
                }
            }
            """,
            """
            using System;
            using System.Collections.Generic;

            class Registry
            {
                private readonly List<string> _names = new();

                string Name(int untrusted_i)
                {
                    if ((uint)untrusted_i >= (uint)_names.Count)
                        throw new ArgumentOutOfRangeException(nameof(untrusted_i));
                    var name = _names[untrusted_i];
                    return name;
                }
            }
            """,
            AddRangeCheckCodeFixProvider.ThrowKey);

        [Fact]
        public Task Fix_UsesLengthForSpanAndString() => CodeFixAsync<AddRangeCheckCodeFixProvider>(
            """
            using System;

            class Parser
            {
                int Sum(ReadOnlySpan<byte> data, string text, int untrusted_i, int untrusted_j)
                {
                    var b = data[{|DF0002:untrusted_i|}];
                    var c = text[{|DF0002:untrusted_j|}];
                    return b + c;
                }
            }
            """,
            """
            using System;

            class Parser
            {
                int Sum(ReadOnlySpan<byte> data, string text, int untrusted_i, int untrusted_j)
                {
                    if ((uint)untrusted_i >= (uint)data.Length)
                        throw new ArgumentOutOfRangeException(nameof(untrusted_i));
                    var b = data[untrusted_i];
                    if ((uint)untrusted_j >= (uint)text.Length)
                        throw new ArgumentOutOfRangeException(nameof(untrusted_j));
                    var c = text[untrusted_j];
                    return b + c;
                }
            }
            """,
            AddRangeCheckCodeFixProvider.ThrowKey);

        [Theory]
        [InlineData("uint", "id >= skbs.Length")]
        [InlineData("ushort", "id >= skbs.Length")]
        [InlineData("byte", "id >= skbs.Length")]
        [InlineData("long", "(ulong)id >= (ulong)skbs.Length")]
        [InlineData("ulong", "id >= (ulong)skbs.Length")]
        [InlineData("short", "(uint)id >= (uint)skbs.Length")]
        [InlineData("sbyte", "(uint)id >= (uint)skbs.Length")]
        [InlineData("char", "id >= skbs.Length")]
        [InlineData("nint", "(nuint)id >= (nuint)skbs.Length")]
        [InlineData("nuint", "id >= (nuint)skbs.Length")]
        public Task Fix_ComparisonFitsTheIndexType(string type, string condition) => CodeFixAsync<AddRangeCheckCodeFixProvider>(
            $$"""
            using DoubleFetch;

            [SharedMemory]
            struct TxResponse
            {
                public {{type}} Id;
            }

            unsafe class Netfront
            {
                void TxBufGc(TxResponse* txrsp, object?[] skbs)
                {
                    var id = txrsp->Id;
                    skbs[{|DF0002:id|}] = null;
                }
            }
            """,
            $$"""
            using DoubleFetch;

            [SharedMemory]
            struct TxResponse
            {
                public {{type}} Id;
            }

            unsafe class Netfront
            {
                void TxBufGc(TxResponse* txrsp, object?[] skbs)
                {
                    var id = txrsp->Id;
                    if ({{condition}})
                        return;
                    skbs[id] = null;
                }
            }
            """,
            AddRangeCheckCodeFixProvider.ReturnKey);

        [Fact]
        public Task Fix_UsesKnownLengthOfInlineArray() => CodeFixAsync<AddRangeCheckCodeFixProvider>(
            """
            using System.Runtime.CompilerServices;
            using DoubleFetch;

            [InlineArray(8)]
            struct Slots
            {
                private int _element;
            }

            [SharedMemory]
            struct Request
            {
                public int Id;
            }

            unsafe class Backend
            {
                private Slots _slots;

                void Clear(Request* p)
                {
                    var id = p->Id;
                    _slots[{|DF0002:id|}] = 0;
                }
            }
            """,
            """
            using System.Runtime.CompilerServices;
            using DoubleFetch;

            [InlineArray(8)]
            struct Slots
            {
                private int _element;
            }

            [SharedMemory]
            struct Request
            {
                public int Id;
            }

            unsafe class Backend
            {
                private Slots _slots;

                void Clear(Request* p)
                {
                    var id = p->Id;
                    if ((uint)id >= 8)
                        return;
                    _slots[id] = 0;
                }
            }
            """,
            AddRangeCheckCodeFixProvider.ReturnKey);

        [Fact]
        public Task Fix_FieldIndexAndQualifiedTarget() => CodeFixAsync<AddRangeCheckCodeFixProvider>(
            """
            using DoubleFetch;

            sealed class Queue
            {
                public object?[] Skbs = null!;
            }

            class Netfront
            {
                [Untrusted]
                private int _id;

                void Release(Queue queue)
                {
                    queue.Skbs[{|DF0002:_id|}] = null;
                }
            }
            """,
            """
            using System.IO;
            using DoubleFetch;

            sealed class Queue
            {
                public object?[] Skbs = null!;
            }

            class Netfront
            {
                [Untrusted]
                private int _id;

                void Release(Queue queue)
                {
                    if ((uint)_id >= (uint)queue.Skbs.Length)
                        throw new InvalidDataException("'_id' is out of range.");
                    queue.Skbs[_id] = null;
                }
            }
            """,
            AddRangeCheckCodeFixProvider.ThrowKey);

        [Fact]
        public Task Fix_FieldOfPrivateCopyOfSharedStruct() => CodeFixAsync<AddRangeCheckCodeFixProvider>(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Response
            {
                public int Id;
                public int Status;
            }

            unsafe class Backend
            {
                void Complete(Response* p, int[] status)
                {
                    var rsp = *p;
                    status[{|DF0002:rsp.Id|}] = rsp.Status;
                }
            }
            """,
            """
            using System.IO;
            using DoubleFetch;

            [SharedMemory]
            struct Response
            {
                public int Id;
                public int Status;
            }

            unsafe class Backend
            {
                void Complete(Response* p, int[] status)
                {
                    var rsp = *p;
                    if ((uint)rsp.Id >= (uint)status.Length)
                        throw new InvalidDataException("'rsp.Id' is out of range.");
                    status[rsp.Id] = rsp.Status;
                }
            }
            """,
            AddRangeCheckCodeFixProvider.ThrowKey);

        [Fact]
        public Task Fix_ReturnsInsideLambdaBlock() => CodeFixAsync<AddRangeCheckCodeFixProvider>(
            """
            using System;

            class Table
            {
                Action<int> Clearer(int[] slots)
                {
                    return untrusted_i =>
                    {
                        slots[{|DF0002:untrusted_i|}] = 0;
                    };
                }
            }
            """,
            """
            using System;

            class Table
            {
                Action<int> Clearer(int[] slots)
                {
                    return untrusted_i =>
                    {
                        if ((uint)untrusted_i >= (uint)slots.Length)
                            return;
                        slots[untrusted_i] = 0;
                    };
                }
            }
            """,
            AddRangeCheckCodeFixProvider.ReturnKey);

        // ---- Where the check goes ----

        [Fact]
        public Task Fix_WrapsEmbeddedStatementInBlock() => CodeFixAsync<AddRangeCheckCodeFixProvider>(
            """
            class Table
            {
                void Set(int[] a, int untrusted_i, bool x)
                {
                    if (x) a[{|DF0002:untrusted_i|}] = 1;
                }
            }
            """,
            """
            class Table
            {
                void Set(int[] a, int untrusted_i, bool x)
                {
                    if (x)
                    {
                        if ((uint)untrusted_i >= (uint)a.Length)
                            return;
                        a[untrusted_i] = 1;
                    }
                }
            }
            """,
            AddRangeCheckCodeFixProvider.ReturnKey);

        [Fact]
        public Task Fix_WrapsEmbeddedStatementOnItsOwnLineInBlock() => CodeFixAsync<AddRangeCheckCodeFixProvider>(
            """
            class Table
            {
                void Set(int[] a, int untrusted_i, bool x)
                {
                    if (x)
                        a[{|DF0002:untrusted_i|}] = 1;
                    else
                        a[0] = 1;
                }
            }
            """,
            """
            class Table
            {
                void Set(int[] a, int untrusted_i, bool x)
                {
                    if (x)
                    {
                        if ((uint)untrusted_i >= (uint)a.Length)
                            return;
                        a[untrusted_i] = 1;
                    }
                    else
                        a[0] = 1;
                }
            }
            """,
            AddRangeCheckCodeFixProvider.ReturnKey);

        [Fact]
        public Task Fix_InsertsInSwitchSection() => CodeFixAsync<AddRangeCheckCodeFixProvider>(
            """
            class Table
            {
                int Get(int[] a, int untrusted_i, int mode)
                {
                    switch (mode)
                    {
                        case 1:
                            return a[{|DF0002:untrusted_i|}];
                        default:
                            return 0;
                    }
                }
            }
            """,
            """
            using System;

            class Table
            {
                int Get(int[] a, int untrusted_i, int mode)
                {
                    switch (mode)
                    {
                        case 1:
                            if ((uint)untrusted_i >= (uint)a.Length)
                                throw new ArgumentOutOfRangeException(nameof(untrusted_i));
                            return a[untrusted_i];
                        default:
                            return 0;
                    }
                }
            }
            """,
            AddRangeCheckCodeFixProvider.ThrowKey);

        [Fact]
        public Task Fix_KeepsCommentsAndBlankLines() => CodeFixAsync<AddRangeCheckCodeFixProvider>(
            """
            class Table
            {
                void Release(object?[] skbs, int untrusted_id)
                {
                    var count = 0;

                    // Release the slot.
                    skbs[{|DF0002:untrusted_id|}] = null; // done
                    count++;
                }
            }
            """,
            """
            class Table
            {
                void Release(object?[] skbs, int untrusted_id)
                {
                    var count = 0;

                    // Release the slot.
                    if ((uint)untrusted_id >= (uint)skbs.Length)
                        return;
                    skbs[untrusted_id] = null; // done
                    count++;
                }
            }
            """,
            AddRangeCheckCodeFixProvider.ReturnKey);

        [Fact]
        public async Task Fix_TwoArraysIndexedBySameValueInOneStatementGetTwoChecks()
        {
            // One fix at a time, the first check is enough: the lengths of both parameters are unknown, and where the
            // target's length is unknown any complete check against a trusted bound counts (SPEC section 6). Fix All
            // sees both diagnostics at once and adds a check for each array.
            var test = new CodeFixTest<AddRangeCheckCodeFixProvider>
            {
                TestCode = """
                    using DoubleFetch;

                    [SharedMemory]
                    struct TxResponse
                    {
                        public int Id;
                    }

                    unsafe class Netfront
                    {
                        void TxBufGc(TxResponse* txrsp, int[] grants, object?[] skbs)
                        {
                            var id = txrsp->Id;
                            grants[{|DF0002:id|}] = skbs[{|DF0002:id|}] is null ? 0 : 1;
                        }
                    }
                    """,
                FixedCode = """
                    using DoubleFetch;

                    [SharedMemory]
                    struct TxResponse
                    {
                        public int Id;
                    }

                    unsafe class Netfront
                    {
                        void TxBufGc(TxResponse* txrsp, int[] grants, object?[] skbs)
                        {
                            var id = txrsp->Id;
                            if ((uint)id >= (uint)grants.Length)
                                return;
                            grants[id] = skbs[id] is null ? 0 : 1;
                        }
                    }
                    """,
                BatchFixedCode = """
                    using DoubleFetch;

                    [SharedMemory]
                    struct TxResponse
                    {
                        public int Id;
                    }

                    unsafe class Netfront
                    {
                        void TxBufGc(TxResponse* txrsp, int[] grants, object?[] skbs)
                        {
                            var id = txrsp->Id;
                            if ((uint)id >= (uint)grants.Length)
                                return;
                            if ((uint)id >= (uint)skbs.Length)
                                return;
                            grants[id] = skbs[id] is null ? 0 : 1;
                        }
                    }
                    """,
                CodeActionEquivalenceKey = AddRangeCheckCodeFixProvider.ReturnKey,
            };
            await test.RunAsync();
        }

        [Fact]
        public Task Fix_SameArrayIndexedTwiceInOneStatementGetsOneCheck() => CodeFixAsync<AddRangeCheckCodeFixProvider>(
            """
            using DoubleFetch;

            [SharedMemory]
            struct TxResponse
            {
                public int Id;
            }

            unsafe class Netfront
            {
                int Weight(TxResponse* txrsp, int[] weights, bool doubled)
                {
                    var id = txrsp->Id;
                    var weight = doubled ? weights[{|DF0002:id|}] * 2 : weights[{|DF0002:id|}];
                    return weight;
                }
            }
            """,
            """
            using System.IO;
            using DoubleFetch;

            [SharedMemory]
            struct TxResponse
            {
                public int Id;
            }

            unsafe class Netfront
            {
                int Weight(TxResponse* txrsp, int[] weights, bool doubled)
                {
                    var id = txrsp->Id;
                    if ((uint)id >= (uint)weights.Length)
                        throw new InvalidDataException("'id' is out of range.");
                    var weight = doubled ? weights[id] * 2 : weights[id];
                    return weight;
                }
            }
            """,
            AddRangeCheckCodeFixProvider.ThrowKey);

        [Fact]
        public Task Fix_AllSinksInDocument() => CodeFixAsync<AddRangeCheckCodeFixProvider>(
            """
            using System;
            using DoubleFetch;

            [SharedMemory]
            struct TxResponse
            {
                public int Id;
                public int Grant;
            }

            unsafe class Netfront
            {
                private object?[] _skbs = Array.Empty<object?>();
                private int[] _grants = Array.Empty<int>();

                void TxBufGc(TxResponse* txrsp)
                {
                    var id = txrsp->Id;
                    _skbs[{|DF0002:id|}] = null;
                    var grant = txrsp->Grant;
                    _grants[{|DF0002:grant|}] = 0;
                }

                object? Peek(int untrusted_slot) => Find(untrusted_slot);

                object? Find(int untrusted_slot)
                {
                    return _skbs[{|DF0002:untrusted_slot|}];
                }
            }
            """,
            """
            using System;
            using System.IO;
            using DoubleFetch;

            [SharedMemory]
            struct TxResponse
            {
                public int Id;
                public int Grant;
            }

            unsafe class Netfront
            {
                private object?[] _skbs = Array.Empty<object?>();
                private int[] _grants = Array.Empty<int>();

                void TxBufGc(TxResponse* txrsp)
                {
                    var id = txrsp->Id;
                    if ((uint)id >= (uint)_skbs.Length)
                        throw new InvalidDataException("'id' is out of range.");
                    _skbs[id] = null;
                    var grant = txrsp->Grant;
                    if ((uint)grant >= (uint)_grants.Length)
                        throw new InvalidDataException("'grant' is out of range.");
                    _grants[grant] = 0;
                }

                object? Peek(int untrusted_slot) => Find(untrusted_slot);

                object? Find(int untrusted_slot)
                {
                    if ((uint)untrusted_slot >= (uint)_skbs.Length)
                        throw new ArgumentOutOfRangeException(nameof(untrusted_slot));
                    return _skbs[untrusted_slot];
                }
            }
            """,
            AddRangeCheckCodeFixProvider.ThrowKey);

        [Fact]
        public Task Fix_AllWithReturnKeySkipsSinksWhereReturnDoesNotFit() => new CodeFixTest<AddRangeCheckCodeFixProvider>
        {
            TestCode = """
                class Table
                {
                    void Clear(int[] slots, int untrusted_i)
                    {
                        slots[{|DF0002:untrusted_i|}] = 0;
                    }

                    int Get(int[] slots, int untrusted_i)
                    {
                        return slots[{|DF0002:untrusted_i|}];
                    }
                }
                """,
            FixedCode = """
                class Table
                {
                    void Clear(int[] slots, int untrusted_i)
                    {
                        if ((uint)untrusted_i >= (uint)slots.Length)
                            return;
                        slots[untrusted_i] = 0;
                    }

                    int Get(int[] slots, int untrusted_i)
                    {
                        return slots[{|DF0002:untrusted_i|}];
                    }
                }
                """,
            CodeActionEquivalenceKey = AddRangeCheckCodeFixProvider.ReturnKey,
        }.RunAsync(CancellationToken.None);

        // ---- Not offered ----

        [Fact]
        public Task NoFix_IndexIsSharedMemoryRead() => NoFixAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct TxResponse
            {
                public int Id;
            }

            unsafe class Netfront
            {
                void TxBufGc(TxResponse* txrsp, object?[] skbs)
                {
                    skbs[{|DF0002:txrsp->Id|}] = null;
                }
            }
            """);

        [Theory]
        [InlineData("in")]
        [InlineData("ref")]
        public Task NoFix_IndexIsFieldReadThroughSharedByRefParameter(string modifier) => NoFixAsync(
            $$"""
            using DoubleFetch;

            [SharedMemory]
            struct Response
            {
                public int Id;
            }

            class Backend
            {
                void Complete({{modifier}} Response rsp, object?[] slots)
                {
                    slots[{|DF0002:rsp.Id|}] = null;
                }
            }
            """);

        [Fact]
        public Task NoFix_IndexIsFieldOfSharedMemoryClass() => NoFixAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            sealed class MappedHeader
            {
                public int NameIndex;
            }

            class Reader
            {
                string Name(MappedHeader header, string[] names)
                {
                    return names[{|DF0002:header.NameIndex|}];
                }
            }
            """);

        [Fact]
        public Task NoFix_TargetAssignedEarlierInTheSameStatement() => NoFixAsync(
            """
            class Table
            {
                private int[]? _cache;

                int Get(int untrusted_i)
                {
                    int[]? slots;
                    return (slots = _cache) != null ? slots[{|DF0002:untrusted_i|}] : 0;
                }
            }
            """);

        [Fact]
        public Task NoFix_IndexIsComputed() => NoFixAsync(
            """
            class Table
            {
                void Clear(int[] slots, int untrusted_i)
                {
                    slots[{|DF0002:untrusted_i + 1|}] = 0;
                }
            }
            """);

        [Fact]
        public Task NoFix_TargetIsMethodCallResult() => NoFixAsync(
            """
            class Table
            {
                private readonly int[] _slots = new int[4];

                int[] Slots() => _slots;

                void Clear(int untrusted_i)
                {
                    Slots()[{|DF0002:untrusted_i|}] = 0;
                }
            }
            """);

        [Theory]
        [InlineData("while (slots[{|DF0002:untrusted_i|}] != 0) slots[0]--;")]
        [InlineData("for (; slots[{|DF0002:untrusted_i|}] != 0;) slots[0]--;")]
        [InlineData("do { slots[0]--; } while (slots[{|DF0002:untrusted_i|}] != 0);")]
        public Task NoFix_SinkInLoopHeader(string loop) => NoFixAsync(
            $$"""
            class Table
            {
                void Wait(int[] slots, int untrusted_i)
                {
                    {{loop}}
                }
            }
            """);

        [Fact]
        public Task NoFix_IndexDeclaredInTheSameStatement() => NoFixAsync(
            """
            class Table
            {
                int Get(int[] slots, string text)
                {
                    return int.TryParse(text, out var untrusted_i) ? slots[{|DF0002:untrusted_i|}] : -1;
                }
            }
            """);

        [Fact]
        public Task NoFix_IndexAssignedEarlierInTheSameStatement() => NoFixAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct TxResponse
            {
                public int Id;
            }

            unsafe class Netfront
            {
                int Get(TxResponse* txrsp, int[] slots)
                {
                    int id;
                    return (id = txrsp->Id) > 0 ? slots[{|DF0002:id|}] : 0;
                }
            }
            """);
    }
}
