using System.Threading.Tasks;
using Xunit;
using static DoubleFetchAnalyzers.Tests.Verify;

namespace DoubleFetchAnalyzers.Tests.Rules
{
    /// <summary>
    /// DF0002: an untrusted value indexes a bounds-checked collection (array, span, list, string, indexer with a count)
    /// with no complete bounds check on every path (SPEC sections 3, 4 and 6). The NoDiagnostic_ tests are the
    /// accepted checks; the tests at the end document where DF0002 stops and DF0001, DF0003, DF0004, DF0005 or DF0006
    /// take over.
    /// </summary>
    public class DF0002Tests
    {
        // ---- Untrusted sources ----

        [Fact]
        public Task Reports_IdFromSharedRingIndexesTwoArrays_XennetTxBufGc() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct XenNetifTxResponse
            {
                public ushort Id;
                public short Status;
            }

            sealed class SkBuff { }

            sealed class NetfrontQueue
            {
                public SkBuff?[] TxSkbs = null!;
                public int[] GrantTxRef = null!;
            }

            unsafe class Netfront
            {
                void XennetTxBufGc(NetfrontQueue queue, XenNetifTxResponse* txrsp)
                {
                    var id = txrsp->Id;
                    var skb = queue.TxSkbs[{|#0:id|}];
                    queue.GrantTxRef[{|#1:id|}] = 0;
                }
            }
            """,
            Diagnostic("DF0002").WithLocation(0).WithArguments("id", "queue.TxSkbs"),
            Diagnostic("DF0002").WithLocation(1).WithArguments("id", "queue.GrantTxRef"));

        [Fact]
        public Task Reports_XennetTxBufGcLoopOverSharedRing() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct XenNetifTxResponse
            {
                public ushort Id;
                public short Status;
            }

            [SharedMemory]
            struct XenNetifTxSring
            {
                public uint RspProd;
            }

            sealed class NetfrontQueue
            {
                public const uint RingSize = 256;
                public uint RspCons;
                public object?[] TxSkbs = null!;
                public int[] GrantTxRef = null!;
            }

            unsafe class Netfront
            {
                void XennetTxBufGc(NetfrontQueue queue, XenNetifTxSring* sring, XenNetifTxResponse* responses)
                {
                    var prod = sring->RspProd;
                    for (var cons = queue.RspCons; cons != prod; cons++)
                    {
                        var txrsp = &responses[cons & (NetfrontQueue.RingSize - 1)];
                        if (txrsp->Status == 1)
                            continue;
                        var id = txrsp->Id;
                        var skb = queue.TxSkbs[{|#0:id|}];
                        queue.GrantTxRef[{|#1:id|}] = 0;
                    }

                    queue.RspCons = prod;
                }
            }
            """,
            Diagnostic("DF0002").WithLocation(0).WithArguments("id", "queue.TxSkbs"),
            Diagnostic("DF0002").WithLocation(1).WithArguments("id", "queue.GrantTxRef"));

        [Fact]
        public Task Reports_UshortIdFromSharedRingIndexesArrayOfKnownLength() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct XenNetifTxResponse
            {
                public ushort Id;
                public short Status;
            }

            sealed class SkBuff { }

            sealed class NetfrontQueue
            {
                public const int NetTxRingSize = 256;
                public readonly SkBuff?[] TxSkbs = new SkBuff?[NetTxRingSize];
                public readonly int[] GrantTxRef = new int[NetTxRingSize];
            }

            unsafe class Netfront
            {
                void XennetTxBufGc(NetfrontQueue queue, XenNetifTxResponse* txrsp)
                {
                    var id = txrsp->Id;
                    var skb = queue.TxSkbs[{|#0:id|}];
                    queue.GrantTxRef[id] = 0;
                }
            }
            """,
            // The range of ushort is no check (it is not DF0003's "bound larger than the length"); after the first
            // access, id is below 256, which is the known length of GrantTxRef too.
            Diagnostic("DF0002").WithLocation(0).WithArguments("id", "queue.TxSkbs"));

        [Fact]
        public Task NoDiagnostic_IdFromSharedRingCheckedBeforeUse_XennetTxBufGcFixed() => AnalyzerAsync(
            """
            using System.IO;
            using DoubleFetch;

            [SharedMemory]
            struct XenNetifTxResponse
            {
                public ushort Id;
                public short Status;
            }

            sealed class SkBuff { }

            sealed class NetfrontQueue
            {
                public SkBuff?[] TxSkbs = null!;
                public int[] GrantTxRef = null!;
            }

            unsafe class Netfront
            {
                void XennetTxBufGc(NetfrontQueue queue, XenNetifTxResponse* txrsp)
                {
                    var id = txrsp->Id;
                    if (id >= queue.TxSkbs.Length || id >= queue.GrantTxRef.Length)
                        throw new InvalidDataException("Bad tx response id");
                    var skb = queue.TxSkbs[id];
                    queue.GrantTxRef[id] = 0;
                }
            }
            """);

        [Theory]
        [InlineData("in")]
        [InlineData("ref")]
        [InlineData("ref readonly")]
        public Task Reports_FieldReadThroughByRefParameterOfSharedStruct(string modifier) => AnalyzerAsync(
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
        public Task Reports_ValueCopiedFromByRefParameterOfSharedStruct() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Response
            {
                public int Id;
            }

            class Backend
            {
                void Complete(in Response rsp, object?[] slots)
                {
                    int id = rsp.Id;
                    slots[{|DF0002:id|}] = null;
                }
            }
            """);

        [Fact]
        public Task Reports_ElementOfSharedMemorySpanParameter() => AnalyzerAsync(
            """
            using System;
            using DoubleFetch;

            class Consumer
            {
                int Lookup([SharedMemory] ReadOnlySpan<int> ring, int[] table)
                {
                    var id = ring[0];
                    return table[{|#0:id|}];
                }
            }
            """,
            Diagnostic("DF0002").WithLocation(0).WithArguments("id", "table"));

        [Fact]
        public Task Reports_FieldOfSpanElementOfSharedStructType() => AnalyzerAsync(
            """
            using System;
            using DoubleFetch;

            [SharedMemory]
            struct Descriptor
            {
                public int Slot;
            }

            class Consumer
            {
                int Lookup(Span<Descriptor> ring, int head, int[] table)
                {
                    var slot = ring[head].Slot;
                    return table[{|DF0002:slot|}];
                }
            }
            """);

        [Fact]
        public Task Reports_ValueReadFromMemoryMappedViewAccessor() => AnalyzerAsync(
            """
            using System.IO.MemoryMappedFiles;

            class Reader
            {
                string Name(MemoryMappedViewAccessor view, string[] names)
                {
                    var index = view.ReadInt32(16);
                    return names[{|#0:index|}];
                }
            }
            """,
            Diagnostic("DF0002").WithLocation(0).WithArguments("index", "names"));

        [Fact]
        public Task NoDiagnostic_ValueReadFromMemoryMappedViewAccessorAndChecked() => AnalyzerAsync(
            """
            using System.IO;
            using System.IO.MemoryMappedFiles;

            class Reader
            {
                string Name(MemoryMappedViewAccessor view, string[] names)
                {
                    var index = view.ReadInt32(16);
                    if ((uint)index >= (uint)names.Length)
                        throw new InvalidDataException("bad name index");
                    return names[index];
                }
            }
            """);

        [Fact]
        public Task Reports_ValueReadWithBinaryPrimitivesFromSharedSpan() => AnalyzerAsync(
            """
            using System;
            using System.Buffers.Binary;
            using DoubleFetch;

            class Parser
            {
                string Kind([SharedMemory] ReadOnlySpan<byte> message, string[] kinds)
                {
                    var kind = BinaryPrimitives.ReadInt32LittleEndian(message);
                    return kinds[{|DF0002:kind|}];
                }
            }
            """);

        [Fact]
        public Task Reports_ByteReadThroughSharedMemoryPointerField() => AnalyzerAsync(
            """
            using DoubleFetch;

            unsafe class Device
            {
                [SharedMemory]
                private byte* _registers;

                private readonly int[] _handlers = new int[16];

                int Handler() => _handlers[{|DF0002:_registers[4]|}];
            }
            """);

        [Fact]
        public Task Reports_FieldReadThroughPointerReturnedBySharedMemoryMethod() => AnalyzerAsync(
            """
            using DoubleFetch;

            struct Header
            {
                public int Slot;
            }

            unsafe class Mapping
            {
                [return: SharedMemory]
                Header* Map() => null;

                int Get(int[] slots)
                {
                    var header = Map();
                    return slots[{|DF0002:header->Slot|}];
                }
            }
            """);

        [Fact]
        public Task Reports_PropertyOfSharedMemoryClass() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            sealed class MappedHeader
            {
                public int NameIndex { get; set; }
            }

            class Reader
            {
                string Name(MappedHeader header, string[] names) => names[{|#0:header.NameIndex|}];
            }
            """,
            Diagnostic("DF0002").WithLocation(0).WithArguments("header.NameIndex", "names"));

        [Fact]
        public Task Reports_EnumFieldOfSharedStructCastToIndex() => AnalyzerAsync(
            """
            using DoubleFetch;

            enum Opcode : byte
            {
                Read,
                Write,
            }

            [SharedMemory]
            struct Request
            {
                public Opcode Opcode;
            }

            unsafe class Backend
            {
                private readonly int[] _handlers = new int[2];

                int Dispatch(Request* p) => _handlers[{|DF0002:(int)p->Opcode|}];
            }
            """);

        [Fact]
        public Task Reports_FieldOfPrivateCopyOfSharedStruct() => AnalyzerAsync(
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
                    status[{|#0:rsp.Id|}] = rsp.Status;
                }
            }
            """,
            Diagnostic("DF0002").WithLocation(0).WithArguments("rsp.Id", "status"));

        [Fact]
        public Task NoDiagnostic_FieldOfPrivateCopyOfSharedStructChecked() => AnalyzerAsync(
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
                    if (rsp.Id < 0 || rsp.Id >= status.Length)
                        return;
                    status[rsp.Id] = rsp.Status;
                }
            }
            """);

        [Theory]
        [InlineData("untrusted_index")]
        [InlineData("untrustedIndex")]
        [InlineData("UntrustedIndex")]
        [InlineData("_untrustedIndex")]
        [InlineData("_untrusted_index")]
        [InlineData("Untrusted_index")]
        public Task Reports_ParameterWithUntrustedName(string name) => AnalyzerAsync(
            $$"""
            class Table
            {
                int Get(int[] slots, int {{name}}) => slots[{|#0:{{name}}|}];
            }
            """,
            Diagnostic("DF0002").WithLocation(0).WithArguments(name, "slots"));

        [Theory]
        [InlineData("untrustedness")]
        [InlineData("distrusted")]
        [InlineData("trusted_index")]
        [InlineData("Untrustworthy")]
        public Task NoDiagnostic_NameThatIsNotTheUntrustedPrefix(string name) => AnalyzerAsync(
            $$"""
            class Table
            {
                int Get(int[] slots, int {{name}}) => slots[{{name}}];
            }
            """);

        [Fact]
        public Task Reports_FieldWithUntrustedName() => AnalyzerAsync(
            """
            class Parser
            {
                private int _untrustedCount;
                private readonly string[] _names = new string[4];

                public void Load(int value) => _untrustedCount = value;

                public string Last() => _names[{|#0:_untrustedCount|}];
            }
            """,
            Diagnostic("DF0002").WithLocation(0).WithArguments("_untrustedCount", "_names"));

        [Fact]
        public Task Reports_PropertyWithUntrustedName() => AnalyzerAsync(
            """
            class Header
            {
                public int UntrustedKind { get; set; }
            }

            class Parser
            {
                string Describe(Header header, string[] kinds) => kinds[{|#0:header.UntrustedKind|}];
            }
            """,
            Diagnostic("DF0002").WithLocation(0).WithArguments("header.UntrustedKind", "kinds"));

        [Fact]
        public Task Reports_LocalWithUntrustedName() => AnalyzerAsync(
            """
            using System.IO;

            class Parser
            {
                string Kind(BinaryReader reader, string[] kinds)
                {
                    int untrusted_kind = reader.ReadInt32();
                    return kinds[{|#0:untrusted_kind|}];
                }
            }
            """,
            Diagnostic("DF0002").WithLocation(0).WithArguments("untrusted_kind", "kinds"));

        [Fact]
        public Task NoDiagnostic_UntrustedLocalCheckedAndCopiedToPlainName() => AnalyzerAsync(
            """
            using System.IO;

            class Parser
            {
                string Kind(BinaryReader reader, string[] kinds)
                {
                    int untrusted_kind = reader.ReadInt32();
                    if (untrusted_kind < 0 || untrusted_kind >= kinds.Length)
                        throw new InvalidDataException("kind");
                    int kind = untrusted_kind;
                    return kinds[kind];
                }
            }
            """);

        [Fact]
        public Task Reports_UntrustedAttributeOnParameter() => AnalyzerAsync(
            """
            using DoubleFetch;

            class Table
            {
                int Get(int[] slots, [Untrusted] int slot) => slots[{|#0:slot|}];
            }
            """,
            Diagnostic("DF0002").WithLocation(0).WithArguments("slot", "slots"));

        [Fact]
        public Task NoDiagnostic_TwoSidedCheckThatLeavesInsideTryFinally() => AnalyzerAsync(
            """
            using DoubleFetch;

            class Table
            {
                int _calls;

                int Get(int[] slots, [Untrusted] int slot)
                {
                    try
                    {
                        if (slot < 0 || slot >= slots.Length)
                            return -1;
                        return slots[slot];
                    }
                    finally
                    {
                        _calls++;
                    }
                }
            }
            """);

        [Fact]
        public Task Reports_IndexInFinallyReachedFromTheEarlyReturnOfTheCheck() => AnalyzerAsync(
            """
            using DoubleFetch;

            class Table
            {
                int _last;

                int Get(int[] slots, [Untrusted] int slot)
                {
                    try
                    {
                        if (slot < 0 || slot >= slots.Length)
                            return -1;
                        return slots[slot];
                    }
                    finally
                    {
                        // The early return leaves through the finally with the slot out of range.
                        _last = slots[{|#0:slot|}];
                    }
                }
            }
            """,
            Diagnostic("DF0002").WithLocation(0).WithArguments("slot", "slots"));

        [Theory]
        [InlineData("[Untrusted] public int Slot;", "Slot")]
        [InlineData("[Untrusted] public int Slot { get; set; }", "Slot")]
        [InlineData("[return: Untrusted] public int ReadSlot() => 0;", "ReadSlot()")]
        public Task Reports_UntrustedAttributeOnMember(string member, string value) => AnalyzerAsync(
            $$"""
            using DoubleFetch;

            class Table
            {
                {{member}}

                int Get(int[] slots) => slots[{|#0:{{value}}|}];
            }
            """,
            Diagnostic("DF0002").WithLocation(0).WithArguments(value, "slots"));

        [Fact]
        public Task Reports_UntrustedAttributeDeclaredByTheUserInAnotherNamespace() => AnalyzerAsync(
            """
            namespace My.Security
            {
                [System.AttributeUsage(System.AttributeTargets.Parameter)]
                sealed class Untrusted : System.Attribute { }
            }

            namespace App
            {
                using My.Security;

                class Table
                {
                    int Get(int[] slots, [Untrusted] int slot) => slots[{|DF0002:slot|}];
                }
            }
            """);

        // ---- Derived values ----

        [Theory]
        [InlineData("id + 1")]
        [InlineData("1 + id")]
        [InlineData("id - 1")]
        [InlineData("id * 2")]
        [InlineData("id / 2")]
        [InlineData("id << 2")]
        [InlineData("id >> 1")]
        [InlineData("-id")]
        [InlineData("(int)(short)id")]
        [InlineData("(int)(uint)id")]
        [InlineData("flag ? id : 0")]
        [InlineData("flag ? 0 : id")]
        [InlineData("id % 8")]
        public Task Reports_ValueComputedFromSharedValueInTheIndex(string index) => AnalyzerAsync(
            $$"""
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Id;
            }

            unsafe class Backend
            {
                int Lookup(Request* p, int[] table, bool flag)
                {
                    var id = p->Id;
                    return table[{|#0:{{index}}|}];
                }
            }
            """,
            Diagnostic("DF0002").WithLocation(0).WithArguments(index, "table"));

        [Theory]
        [InlineData("var j = id + 1;")]
        [InlineData("var j = id * 2;")]
        [InlineData("int j = (int)(long)id;")]
        [InlineData("long wide = id; int j = (int)wide;")]
        [InlineData("var j = flag ? id : -1;")]
        [InlineData("int j = 0; j += id;")]
        [InlineData("int j = 1; j *= id;")]
        [InlineData("int j; j = id; j++;")]
        [InlineData("var (j, k) = (id, 0);")]
        [InlineData("(int j, int k) = (0, 0); (k, j) = (1, id);")]
        [InlineData("int j = id; int m = j; j = m;")]
        public Task Reports_ValueDerivedFromSharedValueThroughLocals(string derivation) => AnalyzerAsync(
            $$"""
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Id;
            }

            unsafe class Backend
            {
                int Lookup(Request* p, int[] table, bool flag)
                {
                    var id = p->Id;
                    {{derivation}}
                    return table[{|#0:j|}];
                }
            }
            """,
            Diagnostic("DF0002").WithLocation(0).WithArguments("j", "table"));

        [Fact]
        public Task Reports_OnlyTheUntrustedElementOfADeconstructedTuple() => AnalyzerAsync(
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
                    var (id, first) = (p->Id, 0);
                    return table[{|DF0002:id|}] + table[first];
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_ComparisonResultOfUntrustedValue() => AnalyzerAsync(
            """
            class Stats
            {
                private readonly int[] _buckets = new int[2];

                void Count(int untrusted_size, int limit)
                {
                    bool large = untrusted_size > limit;
                    _buckets[large ? 1 : 0]++;
                    int bit = (untrusted_size == 0) ? 0 : 1;
                    _buckets[bit]++;
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_ValueReplacedByTrustedValue() => AnalyzerAsync(
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
                    id = table.Length - 1;
                    return table[id];
                }
            }
            """);

        // ---- Targets ----

        [Theory]
        [InlineData("int[]")]
        [InlineData("Span<int>")]
        [InlineData("ReadOnlySpan<int>")]
        [InlineData("List<int>")]
        [InlineData("string")]
        [InlineData("IList<int>")]
        [InlineData("IReadOnlyList<int>")]
        [InlineData("ImmutableArray<int>")]
        [InlineData("Ring")]
        public Task Reports_IndexIntoBoundsCheckedCollection(string type) => AnalyzerAsync(
            $$"""
            using System;
            using System.Collections.Generic;
            using System.Collections.Immutable;
            using DoubleFetch;

            sealed class Ring
            {
                private readonly int[] _items = new int[16];

                public int Count => _items.Length;

                public int this[int index] => _items[index];
            }

            class Consumer
            {
                int Get({{type}} items, [Untrusted] int index) => items[{|#0:index|}];
            }
            """,
            Diagnostic("DF0002").WithLocation(0).WithArguments("index", "items"));

        [Theory]
        [InlineData("int[]", "Length")]
        [InlineData("Span<int>", "Length")]
        [InlineData("ReadOnlySpan<int>", "Length")]
        [InlineData("List<int>", "Count")]
        [InlineData("string", "Length")]
        [InlineData("IList<int>", "Count")]
        [InlineData("IReadOnlyList<int>", "Count")]
        [InlineData("ImmutableArray<int>", "Length")]
        [InlineData("Ring", "Count")]
        public Task NoDiagnostic_IndexIntoBoundsCheckedCollectionAfterCheck(string type, string length) => AnalyzerAsync(
            $$"""
            using System;
            using System.Collections.Generic;
            using System.Collections.Immutable;
            using DoubleFetch;

            sealed class Ring
            {
                private readonly int[] _items = new int[16];

                public int Count => _items.Length;

                public int this[int index] => _items[index];
            }

            class Consumer
            {
                int Get({{type}} items, [Untrusted] int index)
                {
                    if ((uint)index >= (uint)items.{{length}})
                        throw new ArgumentOutOfRangeException(nameof(index));
                    return items[index];
                }
            }
            """);

        [Theory]
        [InlineData("Dictionary<int, string>")]
        [InlineData("IDictionary<int, string>")]
        [InlineData("IReadOnlyDictionary<int, string>")]
        [InlineData("SortedDictionary<int, string>")]
        [InlineData("SortedList<int, string>")]
        public Task NoDiagnostic_UntrustedKeyOfDictionary(string type) => AnalyzerAsync(
            $$"""
            using System.Collections.Generic;
            using DoubleFetch;

            class Consumer
            {
                string Get({{type}} names, [Untrusted] int key) => names[key];
            }
            """);

        // ---- Accepted checks (SPEC section 6) ----

        [Theory]
        [InlineData("throw new InvalidDataException(\"bad id\");")]
        [InlineData("return -1;")]
        public Task NoDiagnostic_TwoSidedCheckThatLeaves(string exit) => AnalyzerAsync(
            $$"""
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
                    if (id < 0 || id >= table.Length)
                        {{exit}}
                    return table[id];
                }
            }
            """);

        [Theory]
        [InlineData("continue;")]
        [InlineData("break;")]
        public Task NoDiagnostic_TwoSidedCheckThatLeavesTheLoopIteration(string exit) => AnalyzerAsync(
            $$"""
            using DoubleFetch;

            [SharedMemory]
            struct Response
            {
                public int Id;
            }

            unsafe class Frontend
            {
                void Drain(Response* ring, int count, object?[] slots)
                {
                    for (int k = 0; k < count; k++)
                    {
                        var id = ring[k].Id;
                        if (id < 0 || id >= slots.Length)
                            {{exit}}
                        slots[id] = null;
                    }
                }
            }
            """);

        [Fact]
        public Task Reports_CheckedValueUsedAfterTheLoopItWasCheckedIn() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Response
            {
                public int Id;
            }

            unsafe class Frontend
            {
                void Drain(Response* ring, int count, object?[] slots)
                {
                    int id = 0;
                    for (int k = 0; k < count; k++)
                    {
                        id = ring[k].Id;
                        if (id < 0 || id >= slots.Length)
                            break;
                    }

                    slots[{|DF0002:id|}] = null;
                }
            }
            """);

        [Theory]
        [InlineData("if ((uint)id >= (uint)table.Length) return -1;")]
        [InlineData("if ((uint)table.Length <= (uint)id) return -1;")]
        [InlineData("if (!((uint)id < (uint)table.Length)) return -1;")]
        [InlineData("if (id >= table.Length || id < 0) return -1;")]
        [InlineData("if (id > table.Length - 1 || id < 0) return -1;")]
        [InlineData("if (!(id >= 0 && id < table.Length)) return -1;")]
        [InlineData("if (id < 0) return -1; if (id >= table.Length) return -1;")]
        [InlineData("if (id < 0) return -1; else if (id >= table.Length) return -2;")]
        public Task NoDiagnostic_CompleteCheckSpellings(string check) => AnalyzerAsync(
            $$"""
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
                    {{check}}
                    return table[id];
                }
            }
            """);

        [Theory]
        [InlineData("if (id >= 0 && id < table.Length) { return table[id]; }")]
        [InlineData("if (0 <= id && id < table.Length) { return table[id]; }")]
        [InlineData("if (id >= 0) { if (id < table.Length) { return table[id]; } }")]
        [InlineData("if ((uint)id < (uint)table.Length) return table[id];")]
        [InlineData("if (id >= 0 && id <= table.Length - 1) return table[id];")]
        public Task NoDiagnostic_UseInsideTheCheckedBranch(string statement) => AnalyzerAsync(
            $$"""
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
                    {{statement}}
                    return -1;
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_ConditionalExpressionWithCompleteCheck() => AnalyzerAsync(
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
                    return (uint)id < (uint)table.Length ? table[id] : -1;
                }
            }
            """);

        [Fact]
        public Task Reports_UseInTheFailingBranchOfTheCheck() => AnalyzerAsync(
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
                    if (id >= 0 && id < table.Length)
                        return 0;
                    return table[{|DF0002:id|}];
                }
            }
            """);

        [Theory]
        [InlineData("if (id is >= 0 and < 16) return table[id];")]
        [InlineData("if (id is >= 0 and <= 15) return table[id];")]
        [InlineData("if (id is < 0 or >= 16) return -1; return table[id];")]
        [InlineData("if (id is not (>= 0 and < 16)) return -1; return table[id];")]
        [InlineData("if (!(id is >= 0 and < 16)) return -1; return table[id];")]
        public Task NoDiagnostic_RelationalPatternAgainstConstantNoLargerThanKnownLength(string statements) => AnalyzerAsync(
            $$"""
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
                    var table = new int[16];
                    var id = p->Id;
                    {{statements}}
                    return -1;
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_RelationalPatternAgainstConstantForTargetOfUnknownLength() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Id;
            }

            unsafe class Backend
            {
                const int MaxQueues = 8;

                int Lookup(Request* p, int[] queues)
                {
                    var id = p->Id;
                    if (id is < 0 or >= MaxQueues)
                        return -1;
                    return queues[id];
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_SwitchStatementWithConstantArms() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Operation;
            }

            unsafe class Backend
            {
                int Dispatch(Request* p, int[] handlers)
                {
                    var operation = p->Operation;
                    switch (operation)
                    {
                        case 0:
                        case 1:
                        case 2:
                            return handlers[operation];
                        default:
                            return -1;
                    }
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_SwitchStatementWithRelationalArm() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Operation;
            }

            unsafe class Backend
            {
                private readonly int[] _handlers = new int[4];

                int Dispatch(Request* p)
                {
                    var operation = p->Operation;
                    switch (operation)
                    {
                        case >= 0 and < 4:
                            return _handlers[operation];
                        default:
                            return -1;
                    }
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_SwitchExpressionArmWithRangePattern() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Operation;
            }

            unsafe class Backend
            {
                int Dispatch(Request* p, int[] handlers)
                {
                    var operation = p->Operation;
                    return operation switch
                    {
                        >= 0 and < 3 => handlers[operation],
                        _ => -1,
                    };
                }
            }
            """);

        // The default arm knows only that the value is not 0: a comparison with special values (XSA-231).
        [Fact]
        public Task Reports_DF0003_NotDF0002_ForSwitchDefaultArmAfterSpecialValueCase() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Operation;
            }

            unsafe class Backend
            {
                int Dispatch(Request* p, int[] handlers)
                {
                    var operation = p->Operation;
                    switch (operation)
                    {
                        case 0:
                            return handlers[operation];
                        default:
                            return handlers[{|DF0003:operation|}];
                    }
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_ArgumentOutOfRangeExceptionThrowHelpers() => AnalyzerAsync(
            """
            using System;
            using DoubleFetch;

            class Table
            {
                int Get(int[] slots, [Untrusted] int slot)
                {
                    ArgumentOutOfRangeException.ThrowIfNegative(slot);
                    ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(slot, slots.Length);
                    return slots[slot];
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_ArgumentOutOfRangeExceptionThrowHelpersWithGreaterThanAndLengthMinusOne() => AnalyzerAsync(
            """
            using System;
            using DoubleFetch;

            class Table
            {
                int Get(int[] slots, [Untrusted] int slot)
                {
                    ArgumentOutOfRangeException.ThrowIfLessThan(slot, 0);
                    ArgumentOutOfRangeException.ThrowIfGreaterThan(slot, slots.Length - 1);
                    return slots[slot];
                }
            }
            """);

        [Fact]
        public Task Reports_ThrowIfGreaterThanOrEqualWithoutThrowIfNegative_IsDF0003() => AnalyzerAsync(
            """
            using System;
            using DoubleFetch;

            class Table
            {
                int Get(int[] slots, [Untrusted] int slot)
                {
                    ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(slot, slots.Length);
                    return slots[{|DF0003:slot|}];
                }
            }
            """);

        [Theory]
        [InlineData("var j = Math.Clamp(id, 0, _table.Length - 1);")]
        [InlineData("var j = Math.Clamp(id, 0, 15);")]
        public Task NoDiagnostic_MathClamp(string clamp) => AnalyzerAsync(
            $$"""
            using System;
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
                    {{clamp}}
                    return _table[j];
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_MathClampForTargetOfUnknownLength() => AnalyzerAsync(
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
                int Lookup(Request* p, int[] table)
                {
                    var j = Math.Clamp(p->Id, 0, table.Length - 1);
                    return table[j];
                }
            }
            """);

        [Theory]
        [InlineData("uint")]
        [InlineData("ushort")]
        [InlineData("byte")]
        [InlineData("char")]
        public Task NoDiagnostic_UnsignedValueCheckedFromAboveOnly(string type) => AnalyzerAsync(
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

        [Theory]
        [InlineData("uint")]
        [InlineData("ushort")]
        [InlineData("byte")]
        public Task Reports_UncheckedUnsignedValue(string type) => AnalyzerAsync(
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
                    return table[{|DF0002:id|}];
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_ByteIndexIntoArrayOf256() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public byte Opcode;
            }

            unsafe class Backend
            {
                private readonly int[] _handlers = new int[256];

                int Dispatch(Request* p) => _handlers[p->Opcode];
            }
            """);

        [Fact]
        public Task NoDiagnostic_MaskSmallerThanKnownLength() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Ring
            {
                public int Producer;
            }

            unsafe class Consumer
            {
                const int RingSize = 256;
                private readonly int[] _slots = new int[RingSize];

                int Peek(Ring* ring) => _slots[ring->Producer & (RingSize - 1)];
            }
            """);

        [Fact]
        public Task NoDiagnostic_UnsignedModuloByTheTargetsLength() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Ring
            {
                public uint Producer;
            }

            unsafe class Consumer
            {
                int Peek(Ring* ring, int[] slots) => slots[ring->Producer % (uint)slots.Length];
            }
            """);

        [Fact]
        public Task NoDiagnostic_UnsignedModuloByConstantNoLargerThanKnownLength() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Ring
            {
                public uint Producer;
            }

            unsafe class Consumer
            {
                private readonly int[] _slots = new int[64];

                int Peek(Ring* ring) => _slots[ring->Producer % 64];
            }
            """);

        [Fact]
        public Task Reports_FirstOfTwoIndexesWithTheSameValueIntoTheSameArray() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Id;
            }

            unsafe class Backend
            {
                void Bump(Request* p, int[] counters)
                {
                    var id = p->Id;
                    var old = counters[{|DF0002:id|}];
                    counters[id] = old + 1;
                }
            }
            """);

        [Fact]
        public Task Reports_IncrementOfElementOnce() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Id;
            }

            unsafe class Backend
            {
                void Bump(Request* p, int[] counters)
                {
                    var id = p->Id;
                    counters[{|DF0002:id|}]++;
                    counters[id] += 2;
                }
            }
            """);

        [Fact]
        public Task Reports_CheckedValueAfterItIsAssignedAgain() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int First;
                public int Second;
            }

            unsafe class Backend
            {
                int Sum(Request* p, int[] table)
                {
                    var id = p->First;
                    if ((uint)id >= (uint)table.Length)
                        return -1;
                    var sum = table[id];
                    id = p->Second;
                    return sum + table[{|DF0002:id|}];
                }
            }
            """);

        [Fact]
        public Task Reports_CheckOnOneBranchOnly() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Id;
            }

            unsafe class Backend
            {
                int Lookup(Request* p, int[] table, bool strict)
                {
                    var id = p->Id;
                    if (strict)
                    {
                        if (id < 0 || id >= table.Length)
                            return -1;
                    }

                    return table[{|DF0002:id|}];
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_CheckOnEveryBranch() => AnalyzerAsync(
            """
            using System.IO;
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Id;
            }

            unsafe class Backend
            {
                int Lookup(Request* p, int[] table, bool strict)
                {
                    var id = p->Id;
                    if (strict)
                    {
                        if (id < 0 || id >= table.Length)
                            return -1;
                    }
                    else if ((uint)id >= (uint)table.Length)
                    {
                        throw new InvalidDataException("id");
                    }

                    return table[id];
                }
            }
            """);

        // The lower half of the check still holds; the upper half was about the array that is gone.
        [Fact]
        public Task Reports_DF0003_NotDF0002_WhenTheCheckedCollectionIsReplacedAfterTheCheck() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Id;
            }

            unsafe class Backend
            {
                int Lookup(Request* p, int[] table, int[] other)
                {
                    var id = p->Id;
                    if ((uint)id >= (uint)table.Length)
                        return -1;
                    table = other;
                    return table[{|DF0003:id|}];
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_CheckAgainstAnotherCollectionWhenTheTargetsLengthIsUnknown() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Id;
            }

            unsafe class Backend
            {
                int Lookup(Request* p, int[] keys, int[] values)
                {
                    var id = p->Id;
                    if ((uint)id >= (uint)keys.Length)
                        return -1;
                    return values[id];
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_IndexAfterCheckInTheSameCondition() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Id;
            }

            unsafe class Backend
            {
                bool IsSet(Request* p, bool[] flags)
                {
                    var id = p->Id;
                    return id >= 0 && id < flags.Length && flags[id];
                }
            }
            """);

        [Fact]
        public Task Reports_IndexBeforeCheckInTheSameCondition() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Id;
            }

            unsafe class Backend
            {
                bool IsSet(Request* p, bool[] flags)
                {
                    var id = p->Id;
                    return flags[{|DF0002:id|}] && id >= 0 && id < flags.Length;
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_MaskIntoStackallocSpanOfKnownLength() => AnalyzerAsync(
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
                int Hash(Request* p)
                {
                    Span<int> buckets = stackalloc int[16];
                    buckets[p->Id & 15]++;
                    return buckets[0];
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_MaskIntoInlineArray() => AnalyzerAsync(
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

                int Get(Request* p) => _slots[p->Id & 7];
            }
            """);

        [Fact]
        public Task Reports_IndexIntoInlineArray() => AnalyzerAsync(
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

                int Get(Request* p) => _slots[{|DF0002:p->Id|}];
            }
            """);

        [Theory]
        [InlineData("int[]")]
        [InlineData("Span<int>")]
        [InlineData("List<int>")]
        public Task Reports_IndexFromEnd(string type) => AnalyzerAsync(
            $$"""
            using System;
            using System.Collections.Generic;
            using DoubleFetch;

            class Consumer
            {
                int Last({{type}} items, [Untrusted] int back) => items[{|DF0002:^back|}];
            }
            """);

        [Fact]
        public Task Reports_EachIndexOfMultidimensionalAndJaggedArrays() => AnalyzerAsync(
            """
            using DoubleFetch;

            class Board
            {
                int Cell(int[,] grid, int[][] rows, [Untrusted] int x, [Untrusted] int y) =>
                    grid[{|DF0002:x|}, {|DF0002:y|}] + rows[{|DF0002:y|}][{|DF0002:x|}];
            }
            """);

        [Fact]
        public Task NoDiagnostic_EachIndexOfMultidimensionalArrayChecked() => AnalyzerAsync(
            """
            using DoubleFetch;

            class Board
            {
                int Cell(int[,] grid, [Untrusted] int x, [Untrusted] int y)
                {
                    if ((uint)x >= (uint)grid.GetLength(0) || (uint)y >= (uint)grid.GetLength(1))
                        return 0;
                    return grid[x, y];
                }
            }
            """);

        // ---- Trusted values ----

        [Fact]
        public Task NoDiagnostic_TrustedLoopCounter() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Ring
            {
                public int Producer;
            }

            unsafe class Consumer
            {
                int Sum(Ring* ring, int[] slots)
                {
                    var sum = ring->Producer;
                    for (int i = 0; i < slots.Length; i++)
                        sum += slots[i];
                    foreach (var slot in slots)
                        sum += slot;
                    return sum;
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_ConstantAndLengthDerivedIndexes() => AnalyzerAsync(
            """
            using DoubleFetch;

            class Table
            {
                int Edges(int[] slots, [Untrusted] int slot) => slots[0] + slots[slots.Length - 1] + slot;
            }
            """);

        [Fact]
        public Task NoDiagnostic_TrustedIndexIntoCollectionOfSharedElements() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Slot
            {
                public int Value;
            }

            class Consumer
            {
                int First(Slot[] slots) => slots.Length > 0 ? slots[0].Value : 0;
            }
            """);

        [Fact]
        public Task NoDiagnostic_UntrustedValueStoredInCollectionNotUsedAsIndex() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Id;
            }

            unsafe class Backend
            {
                void Save(Request* p, int[] ids, int head)
                {
                    if ((uint)head >= (uint)ids.Length)
                        return;
                    ids[head] = p->Id;
                }
            }
            """);

        [Fact]
        public Task Reports_InLambdaAndLocalFunction() => AnalyzerAsync(
            """
            using System;
            using DoubleFetch;

            class Table
            {
                Func<int, int> Getter(int[] slots) => ([Untrusted] int slot) => slots[{|DF0002:slot|}];

                int Get(int[] slots, int untrusted_slot)
                {
                    return Local(untrusted_slot);

                    int Local(int untrusted_inner) => slots[{|DF0002:untrusted_inner|}];
                }
            }
            """);

        [Fact]
        public Task Reports_InPropertyAccessorAndConstructor() => AnalyzerAsync(
            """
            using DoubleFetch;

            class Table
            {
                private readonly string[] _names = { "a", "b" };
                private readonly string _name;

                [Untrusted]
                public int Index { get; set; }

                public Table([Untrusted] int index)
                {
                    _name = _names[{|DF0002:index|}];
                }

                public string Name => _names[{|DF0002:Index|}];
            }
            """);

        // ---- Where DF0002 ends: other rules report these ----

        [Fact]
        public Task Reports_DF0003_NotDF0002_ForGreaterThanWhereGreaterOrEqualIsNeeded() => AnalyzerAsync(
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
                    if (id < 0 || id > table.Length)
                        return -1;
                    return table[{|DF0003:id|}];
                }
            }
            """);

        [Fact]
        public Task Reports_DF0003_NotDF0002_ForUnsignedGreaterThanWhereGreaterOrEqualIsNeeded() => AnalyzerAsync(
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
                    if ((uint)id > (uint)table.Length)
                        return -1;
                    return table[{|DF0003:id|}];
                }
            }
            """);

        [Fact]
        public Task Reports_DF0003_NotDF0002_ForUpperCheckOnlyOfSignedValue() => AnalyzerAsync(
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
                    if (id >= table.Length)
                        return -1;
                    return table[{|DF0003:id|}];
                }
            }
            """);

        [Fact]
        public Task Reports_DF0003_NotDF0002_ForLowerCheckOnly() => AnalyzerAsync(
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
                    if (id < 0)
                        return -1;
                    return table[{|DF0003:id|}];
                }
            }
            """);

        [Fact]
        public Task Reports_DF0003_NotDF0002_ForComparisonWithSpecialValueOnly_Xsa231() => AnalyzerAsync(
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
                private readonly int[] _nodeOnline = new int[64];

                int Online(MemoryOp* op)
                {
                    var node = op->Node;
                    if (node == NumaNoNode)
                        return 0;
                    return _nodeOnline[{|DF0003:node|}];
                }
            }
            """);

        [Fact]
        public Task Reports_DF0003_NotDF0002_ForBoundLargerThanKnownLength() => AnalyzerAsync(
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
                    if (id is < 0 or >= 32)
                        return -1;
                    return _table[{|DF0003:id|}];
                }
            }
            """);

        [Fact]
        public Task Reports_DF0003_NotDF0002_ForLengthOfAnArrayOfOtherKnownLength() => AnalyzerAsync(
            """
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
                    if ((uint)id >= (uint)_keys.Length)
                        return -1;
                    return _values[{|DF0003:id|}];
                }
            }
            """);

        [Fact]
        public Task Reports_DF0003_NotDF0002_ForSignedModulo() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Ring
            {
                public int Producer;
            }

            unsafe class Consumer
            {
                int Peek(Ring* ring, int[] slots) => slots[{|DF0003:ring->Producer % slots.Length|}];
            }
            """);

        [Fact]
        public Task Reports_DF0003_NotDF0002_ForMathMinOnly() => AnalyzerAsync(
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
                int Lookup(Request* p, int[] table)
                {
                    var id = Math.Min(p->Id, table.Length - 1);
                    return table[{|DF0003:id|}];
                }
            }
            """);

        [Fact]
        public Task Reports_DF0006_NotDF0002_ForDebugAssertOnly() => AnalyzerAsync(
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
            """);

        [Fact]
        public Task NoDiagnostic_DebugAssertBesideARealCheck() => AnalyzerAsync(
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
                    Debug.Assert(id >= 0);
                    if ((uint)id >= (uint)table.Length)
                        return -1;
                    return table[id];
                }
            }
            """);

        [Fact]
        public Task Reports_DF0005_NotDF0002_ForPointerElementAccess() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Id;
            }

            unsafe class Backend
            {
                int Lookup(Request* p, int* table)
                {
                    var id = p->Id;
                    return table[{|DF0005:id|}];
                }
            }
            """);

        [Fact]
        public Task Reports_DF0004_NotDF0002_ForArrayLength() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Count;
            }

            unsafe class Backend
            {
                int[] Allocate(Request* p)
                {
                    var count = p->Count;
                    return new int[{|DF0004:count|}];
                }
            }
            """);

        // A narrowing cast in the check lets 0x1_0000_0001 through as 1: a check, but an incomplete one.
        [Theory]
        [InlineData("long", "(uint)id >= (uint)table.Length")]
        [InlineData("ulong", "(uint)id >= (uint)table.Length")]
        [InlineData("nuint", "(uint)id >= (uint)table.Length")]
        [InlineData("long", "(int)id < 0 || (int)id >= table.Length")]
        public Task Reports_DF0003_ForCheckThatTruncatesTheValue(string type, string check) => AnalyzerAsync(
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
                    return table[{|DF0003:id|}];
                }
            }
            """);

        [Theory]
        [InlineData("long", "(ulong)id >= (ulong)table.Length")]
        [InlineData("ulong", "id >= (ulong)table.Length")]
        [InlineData("nint", "(nuint)id >= (nuint)table.Length")]
        [InlineData("nuint", "id >= (nuint)table.Length")]
        [InlineData("long", "id < 0 || id >= table.Length")]
        public Task NoDiagnostic_WideValueCheckedWithoutTruncation(string type, string check) => AnalyzerAsync(
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
                    return table[id];
                }
            }
            """);

        [Fact]
        public Task Reports_DF0005_NotDF0002_ForFixedSizeBufferElement() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            unsafe struct Request
            {
                public int Id;
                public fixed int Segments[16];
            }

            unsafe class Backend
            {
                int Segment(Request* p, Request* q)
                {
                    var id = p->Id;
                    return q->Segments[{|DF0005:id|}];
                }
            }
            """);

        [Fact]
        public Task Reports_DF0004_NotDF0002_ForUntrustedLoopBoundThatDrivesAnIndex() => AnalyzerAsync(
            """
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
                    var sum = 0;
                    for (int i = 0; i < {|DF0004:count|}; i++)
                        sum += table[i];
                    return sum;
                }
            }
            """);

        [Fact]
        public Task Reports_DF0001_NotDF0002_ForIndexReadAgainFromSharedMemory() => AnalyzerAsync(
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
                    if ((uint)p->Id >= (uint)table.Length)
                        return -1;
                    return table[{|DF0001:p->Id|}];
                }
            }
            """);
    }
}
