using System.Threading.Tasks;
using Xunit;
using static DoubleFetchAnalyzers.Tests.Verify;

namespace DoubleFetchAnalyzers.Tests.Rules
{
    /// <summary>DF0001: a location in shared memory is read more than once (SPEC sections 3 to 5).</summary>
    public class DF0001Tests
    {
        // ---- Sources: pointers to a [SharedMemory] struct ----

        [Theory]
        [InlineData("p->Len", "p->Len")]
        [InlineData("(*p).Len", "(*p).Len")]
        [InlineData("p->Len", "(*p).Len")]
        [InlineData("p[i].Len", "p[i].Len")]
        [InlineData("p[0].Len", "p->Len")]
        [InlineData("p->Hdr.Len", "p->Hdr.Len")]
        [InlineData("(*p).Hdr.Len", "p->Hdr.Len")]
        [InlineData("p->Size", "p->Size")]
        public Task Reports_FieldReadTwiceThroughPointer(string first, string second) => AnalyzerAsync(
            $$"""
            using DoubleFetch;

            struct Inner { public int Len; }

            [SharedMemory]
            struct Header { public int Len; public int Kind; public Inner Hdr; public int Size => Len * 4; }

            unsafe class C
            {
                int M(Header* p, int i)
                {
                    int a = {{first}};
                    int b = {|DF0001:{{second}}|};
                    return a + b;
                }
            }
            """);

        [Theory]
        [InlineData("p->Len", "p->Kind")]
        [InlineData("p->Len", "p->Hdr.Len")]
        [InlineData("p[0].Len", "p[1].Len")]
        [InlineData("p[i].Len", "p[i + 1].Len")]
        [InlineData("p[i].Len", "p[j].Len")]
        public Task NoDiagnostic_DifferentLocationsThroughPointer(string first, string second) => AnalyzerAsync(
            $$"""
            using DoubleFetch;

            struct Inner { public int Len; }

            [SharedMemory]
            struct Header { public int Len; public int Kind; public Inner Hdr; }

            unsafe class C
            {
                int M(Header* p, int i, int j)
                {
                    int a = {{first}};
                    int b = {{second}};
                    return a + b;
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_EachFieldReadOnce() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header* p)
                {
                    int len = p->Len;
                    int kind = p->Kind;
                    if (len > 16)
                        return kind;
                    return len + kind;
                }
            }
            """);

        [Theory]
        [InlineData("Span<Header>")]
        [InlineData("ReadOnlySpan<Header>")]
        [InlineData("Header[]")]
        public Task Reports_ElementOfSharedStructCollectionReadTwice(string collection) => AnalyzerAsync(
            $$"""
            using System;
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            class C
            {
                int M({{collection}} ring, int i)
                {
                    if (ring[i].Len > 16)
                        return 0;
                    return {|DF0001:ring[i].Len|};
                }
            }
            """);

        [Fact]
        public Task Reports_InstanceMethodOfSharedStructReadsFieldTwice() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header
            {
                public int Len;

                public int Clamped()
                {
                    if (Len > 16)
                        return 16;
                    return {|DF0001:Len|};
                }
            }
            """);

        [Fact]
        public Task Reports_FixedSizeBufferElementReadTwice() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            unsafe struct Packet { public int Len; public fixed byte Buf[16]; }

            unsafe class C
            {
                int M(Packet* p)
                {
                    if (p->Buf[3] > 7)
                        return 0;
                    return {|DF0001:p->Buf[3]|};
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_DifferentFixedSizeBufferElements() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            unsafe struct Packet { public int Len; public fixed byte Buf[16]; }

            unsafe class C
            {
                int M(Packet* p)
                {
                    int a = p->Buf[3];
                    int b = p->Buf[4];
                    return a + b;
                }
            }
            """);

        // ---- Sources: references ----

        [Theory]
        [InlineData("ref var")]
        [InlineData("ref Header")]
        [InlineData("ref readonly var")]
        [InlineData("ref readonly Header")]
        public Task Reports_RefLocalThenPointer(string declaration) => AnalyzerAsync(
            $$"""
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header* p)
                {
                    {{declaration}} h = ref *p;
                    int a = h.Len;
                    int b = {|DF0001:p->Len|};
                    return a + b;
                }
            }
            """);

        [Theory]
        [InlineData("ref var")]
        [InlineData("ref readonly var")]
        public Task Reports_PointerThenRefLocal(string declaration) => AnalyzerAsync(
            $$"""
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header* p)
                {
                    int a = p->Len;
                    {{declaration}} h = ref *p;
                    int b = {|DF0001:h.Len|};
                    return a + b;
                }
            }
            """);

        [Theory]
        [InlineData("ref var")]
        [InlineData("ref readonly var")]
        public Task Reports_RefLocalReadTwice(string declaration) => AnalyzerAsync(
            $$"""
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header* p, int[] table)
                {
                    {{declaration}} h = ref p[2];
                    if (h.Len > 16)
                        return 0;
                    return {|DF0001:h.Len|};
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_RefLocalRetargetedBetweenReads() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header* p)
                {
                    ref Header h = ref p[0];
                    int a = h.Len;
                    h = ref p[1];
                    int b = h.Len;
                    return a + b;
                }
            }
            """);

        [Fact]
        public Task Reports_RefLocalReadTwiceAfterPointerReassigned() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header* p, Header* next)
                {
                    ref Header h = ref *p;
                    int a = h.Len;
                    p = next;
                    int b = {|DF0001:h.Len|};
                    return a + b;
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_RefLocalCopiedIntoAPlainLocal() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header* p)
                {
                    ref readonly var h = ref *p;
                    Header copy = h;
                    if (copy.Len > 16)
                        return 0;
                    return copy.Len + copy.Kind;
                }
            }
            """);

        [Theory]
        [InlineData("in")]
        [InlineData("ref")]
        [InlineData("ref readonly")]
        public Task Reports_ByRefParameterOfSharedStruct(string refKind) => AnalyzerAsync(
            $$"""
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            class C
            {
                int M({{refKind}} Header h)
                {
                    if (h.Len > 16)
                        return 0;
                    return {|DF0001:h.Len|};
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_ByValueParameterOfSharedStruct() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            class C
            {
                int M(Header h)
                {
                    if (h.Len > 16)
                        return 0;
                    return h.Len;
                }
            }
            """);

        // ---- Sources: [SharedMemory] on fields, parameters and return values ----

        [Fact]
        public Task Reports_SharedPointerFieldElementReadTwice() => AnalyzerAsync(
            """
            using DoubleFetch;

            unsafe class Channel
            {
                [SharedMemory]
                private byte* _base;

                int Read()
                {
                    if (_base[8] > 100)
                        return 0;
                    return {|DF0001:_base[8]|};
                }
            }
            """);

        [Theory]
        [InlineData("*(_base + 8)", "*(_base + 8)")]
        [InlineData("*(int*)(_base + 8)", "*(int*)(_base + 8)")]
        [InlineData("((int*)_base)[2]", "((int*)_base)[2]")]
        [InlineData("_base[8]", "*(_base + 8)")]
        public Task Reports_SharedPointerFieldReadTwiceThroughArithmetic(string first, string second) => AnalyzerAsync(
            $$"""
            using DoubleFetch;

            unsafe class Channel
            {
                [SharedMemory]
                private byte* _base;

                int Read()
                {
                    int a = {{first}};
                    int b = {|DF0001:{{second}}|};
                    return a + b;
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_SharedPointerFieldDifferentElements() => AnalyzerAsync(
            """
            using DoubleFetch;

            unsafe class Channel
            {
                [SharedMemory]
                private byte* _base;

                int Read()
                {
                    return _base[8] + _base[9];
                }
            }
            """);

        [Fact]
        public Task Reports_SharedPointerPropertyElementReadTwice() => AnalyzerAsync(
            """
            using DoubleFetch;

            unsafe class Channel
            {
                [SharedMemory]
                private byte* Base { get; }

                int Read()
                {
                    if (Base[8] > 100)
                        return 0;
                    return {|DF0001:Base[8]|};
                }
            }
            """);

        [Fact]
        public Task Reports_SharedPointerParameterElementReadTwice() => AnalyzerAsync(
            """
            using DoubleFetch;

            unsafe class Channel
            {
                int Read([SharedMemory] byte* shared)
                {
                    if (shared[8] > 100)
                        return 0;
                    return {|DF0001:shared[8]|};
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_PlainPointerParameterElementReadTwice() => AnalyzerAsync(
            """
            unsafe class Channel
            {
                int Read(byte* local)
                {
                    if (local[8] > 100)
                        return 0;
                    return local[8];
                }
            }
            """);

        [Theory]
        [InlineData("MyNs.SharedMemory")]
        [InlineData("MyNs.SharedMemoryAttribute")]
        public Task Reports_UserDeclaredSharedMemoryAttribute(string attribute) => AnalyzerAsync(
            $$"""
            namespace MyNs
            {
                [System.AttributeUsage(System.AttributeTargets.All)]
                sealed class SharedMemoryAttribute : System.Attribute { }
            }

            [{{attribute}}]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header* p)
                {
                    if (p->Len > 16)
                        return 0;
                    return {|DF0001:p->Len|};
                }
            }
            """);

        [Fact]
        public Task Reports_PointerLocalDerivedFromSharedPointer() => AnalyzerAsync(
            """
            using DoubleFetch;

            unsafe class Channel
            {
                [SharedMemory]
                private byte* _base;

                int Read()
                {
                    byte* b = _base + 16;
                    if (b[0] > 100)
                        return 0;
                    return {|DF0001:b[0]|};
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_PointerLocalDerivedFromSharedPointerReadOnce() => AnalyzerAsync(
            """
            using DoubleFetch;

            unsafe class Channel
            {
                [SharedMemory]
                private byte* _base;

                int Read()
                {
                    byte* b = _base + 16;
                    int value = b[0];
                    if (value > 100)
                        return 0;
                    return value + b[1];
                }
            }
            """);

        [Fact]
        public Task Reports_SharedSpanParameterElementReadTwice() => AnalyzerAsync(
            """
            using System;
            using DoubleFetch;

            class Parser
            {
                int Parse([SharedMemory] ReadOnlySpan<byte> shared)
                {
                    if (shared[0] > 100)
                        return 0;
                    return {|DF0001:shared[0]|};
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_SharedSpanParameterElementReadOnce() => AnalyzerAsync(
            """
            using System;
            using DoubleFetch;

            class Parser
            {
                int Parse([SharedMemory] ReadOnlySpan<byte> shared)
                {
                    int kind = shared[0];
                    if (kind > 100)
                        return 0;
                    return kind + shared[1];
                }
            }
            """);

        [Fact]
        public Task Reports_BinaryPrimitivesReadOfSharedSliceTwice() => AnalyzerAsync(
            """
            using System;
            using System.Buffers.Binary;
            using DoubleFetch;

            class Parser
            {
                int Parse([SharedMemory] ReadOnlySpan<byte> shared)
                {
                    if (BinaryPrimitives.ReadInt32LittleEndian(shared.Slice(4)) > 100)
                        return 0;
                    return {|DF0001:BinaryPrimitives.ReadInt32LittleEndian(shared.Slice(4))|};
                }
            }
            """);

        [Theory]
        [InlineData("MemoryMarshal.Read<int>(shared.Slice(4))")]
        [InlineData("BinaryPrimitives.ReadInt32BigEndian(shared.Slice(4, 4))")]
        [InlineData("BinaryPrimitives.ReadUInt16LittleEndian(shared)")]
        public Task Reports_SpanReadHelperOnSharedMemoryTwice(string read) => AnalyzerAsync(
            $$"""
            using System;
            using System.Buffers.Binary;
            using System.Runtime.InteropServices;
            using DoubleFetch;

            class Parser
            {
                int Parse([SharedMemory] ReadOnlySpan<byte> shared)
                {
                    int a = {{read}};
                    int b = {|DF0001:{{read}}|};
                    return a + b;
                }
            }
            """);

        [Fact]
        public Task Reports_SpanLocalOverSharedMemoryReadTwice() => AnalyzerAsync(
            """
            using System;
            using DoubleFetch;

            class Parser
            {
                int Parse([SharedMemory] ReadOnlySpan<byte> shared)
                {
                    ReadOnlySpan<byte> header = shared.Slice(0, 16);
                    if (header[2] > 8)
                        return 0;
                    return {|DF0001:header[2]|};
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_SharedSpanCopiedToArrayThenReadTwice() => AnalyzerAsync(
            """
            using System;
            using DoubleFetch;

            class Parser
            {
                int Parse([SharedMemory] ReadOnlySpan<byte> shared)
                {
                    byte[] copy = shared.Slice(0, 16).ToArray();
                    if (copy[2] > 8)
                        return 0;
                    return copy[2];
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_BinaryPrimitivesReadsOfDifferentSlices() => AnalyzerAsync(
            """
            using System;
            using System.Buffers.Binary;
            using DoubleFetch;

            class Parser
            {
                int Parse([SharedMemory] ReadOnlySpan<byte> shared)
                {
                    int length = BinaryPrimitives.ReadInt32LittleEndian(shared.Slice(4));
                    int kind = BinaryPrimitives.ReadInt32LittleEndian(shared.Slice(8));
                    if (length > 100)
                        return 0;
                    return length + kind;
                }
            }
            """);

        [Fact]
        public Task Reports_SharedReturnValueAssignedToLocalThenReadTwice() => AnalyzerAsync(
            """
            using DoubleFetch;

            struct Header { public int Len; public int Kind; }

            unsafe class Device
            {
                [return: SharedMemory]
                static Header* Map() => null;

                int Read()
                {
                    Header* h = Map();
                    if (h->Len > 100)
                        return 0;
                    return {|DF0001:h->Len|};
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_PlainReturnValueAssignedToLocalThenReadTwice() => AnalyzerAsync(
            """
            struct Header { public int Len; public int Kind; }

            unsafe class Device
            {
                static Header* Map() => null;

                int Read()
                {
                    Header* h = Map();
                    if (h->Len > 100)
                        return 0;
                    return h->Len;
                }
            }
            """);

        [Fact]
        public Task Reports_SharedClassPropertyReadTwiceOnSameInstance() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            class Mapping
            {
                public int Count { get; set; }
            }

            class C
            {
                int[] M(Mapping m)
                {
                    if (m.Count > 100)
                        return new int[0];
                    return new int[{|DF0001:m.Count|}];
                }
            }
            """);

        [Fact]
        public Task Reports_SharedClassPropertyReadAcrossAwait() => AnalyzerAsync(
            """
            using System.Threading.Tasks;
            using DoubleFetch;

            [SharedMemory]
            class Mapping
            {
                public int Count { get; set; }
            }

            class C
            {
                async Task<int> M(Mapping m)
                {
                    int before = m.Count;
                    await Task.Yield();
                    return before + {|DF0001:m.Count|};
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_SharedClassReferenceAndReadonlyMembers() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            class Mapping
            {
                public readonly int Capacity = 16;
                public string Name { get; set; } = "";
                public Mapping? Next { get; set; }
            }

            class C
            {
                int M(Mapping m)
                {
                    return m.Capacity + m.Capacity + m.Name.Length + m.Name.Length + (m.Next is null ? 0 : 1) + (m.Next is null ? 0 : 1);
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_SharedClassPropertyOnDifferentInstances() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            class Mapping
            {
                public int Count { get; set; }
            }

            class C
            {
                int M(Mapping a, Mapping b)
                {
                    return a.Count + b.Count;
                }
            }
            """);

        [Theory]
        [InlineData("System.IO.MemoryMappedFiles.MemoryMappedViewAccessor")]
        [InlineData("System.IO.UnmanagedMemoryAccessor")]
        public Task Reports_AccessorReadTwiceAtSamePosition(string accessorType) => AnalyzerAsync(
            $$"""
            class C
            {
                int M({{accessorType}} view)
                {
                    if (view.ReadInt32(8) > 100)
                        return 0;
                    return {|DF0001:view.ReadInt32(8)|};
                }
            }
            """);

        [Theory]
        [InlineData("System.IO.MemoryMappedFiles.MemoryMappedViewAccessor")]
        [InlineData("System.IO.UnmanagedMemoryAccessor")]
        public Task NoDiagnostic_AccessorReadsAtDifferentPositions(string accessorType) => AnalyzerAsync(
            $$"""
            class C
            {
                int M({{accessorType}} view)
                {
                    return view.ReadInt32(8) + view.ReadInt32(12);
                }
            }
            """);

        [Fact]
        public Task Reports_AccessorReadTwiceAtSameVariablePosition() => AnalyzerAsync(
            """
            using System.IO.MemoryMappedFiles;

            class C
            {
                int M(MemoryMappedViewAccessor view, long position)
                {
                    if (view.ReadInt32(position) > 100)
                        return 0;
                    return {|DF0001:view.ReadInt32(position)|};
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_AccessorPositionChangedBetweenReads() => AnalyzerAsync(
            """
            using System.IO.MemoryMappedFiles;

            class C
            {
                int M(MemoryMappedViewAccessor view, long position)
                {
                    int a = view.ReadInt32(position);
                    position += 4;
                    int b = view.ReadInt32(position);
                    return a + b;
                }
            }
            """);

        [Fact]
        public Task Reports_AccessorGenericReadTwice() => AnalyzerAsync(
            """
            using System.IO.MemoryMappedFiles;

            struct Header { public int Len; public int Kind; }

            class C
            {
                int M(MemoryMappedViewAccessor view)
                {
                    view.Read(0, out Header first);
                    {|DF0001:view.Read(0, out Header second)|};
                    return first.Len + second.Len;
                }
            }
            """);

        [Fact]
        public Task Reports_SafeBufferReadTwice() => AnalyzerAsync(
            """
            using System.Runtime.InteropServices;

            class C
            {
                int M(SafeBuffer buffer)
                {
                    if (buffer.Read<int>(8) > 100)
                        return 0;
                    return {|DF0001:buffer.Read<int>(8)|};
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_AccessorReadsOnDifferentReceivers() => AnalyzerAsync(
            """
            using System.IO.MemoryMappedFiles;

            class C
            {
                int M(MemoryMappedViewAccessor first, MemoryMappedViewAccessor second)
                {
                    return first.ReadInt32(8) + second.ReadInt32(8);
                }
            }
            """);

        // ---- The message and the additional location ----

        [Fact]
        public Task Reports_MessageNamesTheLaterFetchWithTheFirstAsAdditionalLocation() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header* p, byte[] buffer)
                {
                    if ({|#0:(*p).Len|} > buffer.Length)
                        return 0;
                    return {|#1:p->Len|};
                }
            }
            """,
            Diagnostic("DF0001").WithLocation(1).WithAdditionalLocation(0).WithArguments("p->Len"));

        [Fact]
        public Task Reports_OtherReadsInSourceOrderWhenOneIsInALoop() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header* p, int n)
                {
                    int sum = {|#0:p->Len|};
                    for (int i = 0; i < n; i++)
                        sum += {|#1:p->Len|};
                    sum += {|#2:p->Len|};
                    return sum + {|#3:p->Len|};
                }
            }
            """,
            // The read in the loop is analysed to a fixpoint and reports after the reads that follow the loop; the
            // other reads still come in the order of the code.
            Diagnostic("DF0001").WithLocation(1).WithAdditionalLocation(0).WithAdditionalLocation(2).WithAdditionalLocation(3).WithArguments("p->Len"),
            Diagnostic("DF0001").WithLocation(2).WithAdditionalLocation(0).WithAdditionalLocation(1).WithAdditionalLocation(3).WithArguments("p->Len"),
            Diagnostic("DF0001").WithLocation(3).WithAdditionalLocation(0).WithAdditionalLocation(1).WithAdditionalLocation(2).WithArguments("p->Len"));

        [Fact]
        public Task Reports_MessageForAccessorRead() => AnalyzerAsync(
            """
            using System.IO.MemoryMappedFiles;

            class C
            {
                int M(MemoryMappedViewAccessor view)
                {
                    int a = {|#0:view.ReadInt32(8)|};
                    int b = {|#1:view.ReadInt32(8)|};
                    return a + b;
                }
            }
            """,
            Diagnostic("DF0001").WithLocation(1).WithAdditionalLocation(0).WithArguments("view.ReadInt32(8)")
                .WithMessage("'view.ReadInt32(8)' is read from shared memory again; the other party can change it between the reads"));

        [Fact]
        public Task Reports_EachLaterFetch() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header* p)
                {
                    int a = p->Len;
                    int b = {|DF0001:p->Len|};
                    int c = {|DF0001:p->Len|};
                    return a + b + c;
                }
            }
            """);

        // ---- Paths ----

        [Fact]
        public Task Reports_ReadInBranchThenAfterJoin() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header* p, bool verbose)
                {
                    int logged = 0;
                    if (verbose)
                    {
                        logged = p->Len;
                    }

                    return logged + {|DF0001:p->Len|};
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_ReadOnceInEachBranch() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header* p, bool verbose)
                {
                    int value;
                    if (verbose)
                    {
                        value = p->Len * 2;
                    }
                    else
                    {
                        value = p->Len;
                    }

                    return value;
                }
            }
            """);

        [Theory]
        [InlineData("flag ? p->Len : p->Len * 2")]
        [InlineData("p->Kind switch { 1 => p->Len, 2 => p->Len * 2, _ => 0 }")]
        [InlineData("flag ? p[0].Len : p[1].Len")]
        public Task NoDiagnostic_ReadsOnExclusivePaths(string expression) => AnalyzerAsync(
            $$"""
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header* p, bool flag) => {{expression}};
            }
            """);

        [Fact]
        public Task NoDiagnostic_LoopConditionReadEachIteration() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header* p)
                {
                    int sum = 0;
                    for (int i = 0; i < p->Len; i++)
                    {
                        sum += i;
                    }

                    return sum;
                }
            }
            """);

        [Fact]
        public Task Reports_IndexReadFromSharedMemoryTwice() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header* p)
                {
                    if ((uint)p->Kind >= 8)
                        return 0;
                    return p[{|DF0001:p->Kind|}].Len + p[{|DF0001:p->Kind|}].Len;
                }
            }
            """);

        [Fact]
        public Task Reports_ReadBeforeLoopAndInsideIt() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header* p, int rounds)
                {
                    int first = p->Len;
                    int sum = 0;
                    for (int i = 0; i < rounds; i++)
                    {
                        sum += {|DF0001:p->Len|};
                    }

                    return first + sum;
                }
            }
            """);

        [Fact]
        public Task Reports_TwoReadsInSameLoopIteration() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header* p, int count, int[] table)
                {
                    int sum = 0;
                    for (int i = 0; i < count; i++)
                    {
                        if (p[i].Len > 16)
                            continue;
                        sum += {|DF0001:p[i].Len|};
                    }

                    return sum;
                }
            }
            """);

        [Fact]
        public Task Reports_LoopConditionThenReadInBody() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header* p)
                {
                    int sum = 0;
                    while (p->Len > 0)
                    {
                        sum += {|DF0001:p->Len|};
                    }

                    return sum;
                }
            }
            """);

        [Fact]
        public Task Reports_ReadInLoopThenAfterBreak() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header* p)
                {
                    while (true)
                    {
                        if (p->Len > 0)
                            break;
                    }

                    return {|DF0001:p->Len|};
                }
            }
            """);

        [Fact]
        public Task Reports_WholeStructCopyAfterFieldRead() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header* p)
                {
                    var n = p->Len;
                    var copy = {|DF0001:*p|};
                    return n + copy.Kind;
                }
            }
            """);

        [Fact]
        public Task Reports_FieldReadAfterWholeStructCopy() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header* p)
                {
                    var copy = *p;
                    if (copy.Len > 16)
                        return 0;
                    return {|DF0001:p->Len|};
                }
            }
            """);

        [Fact]
        public Task Reports_CheckedThenUsedInExpression() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header* p)
                {
                    if (p->Len < 0 || {|DF0001:p->Len|} > 1024)
                        return 0;
                    return {|DF0001:p->Len|} * 4;
                }
            }
            """);

        [Theory]
        [InlineData("p->Len > 0 ? {|DF0001:p->Len|} : 0")]
        [InlineData("p->Len is > 0 and < 16 ? {|DF0001:p->Len|} : 0")]
        [InlineData("p->Len switch { 0 => 0, _ => {|DF0001:p->Len|} }")]
        [InlineData("Math.Max(p->Len, {|DF0001:p->Len|})")]
        [InlineData("$\"{p->Len}{{|DF0001:p->Len|}}\".Length")]
        [InlineData("(p->Len, {|DF0001:p->Len|}).Item1")]
        public Task Reports_BothReadsInOneExpression(string expression) => AnalyzerAsync(
            $$"""
            using System;
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header* p) => {{expression}};
            }
            """);

        [Fact]
        public Task Reports_SwitchOnFieldThenReadInSection() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header* p)
                {
                    switch (p->Kind)
                    {
                        case 1:
                            return {|DF0001:p->Kind|} + p->Len;
                        default:
                            return 0;
                    }
                }
            }
            """);

        [Fact]
        public Task Reports_ReadBeforeTryThenInFinally() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header* p)
                {
                    int len = p->Len;
                    try
                    {
                        return len;
                    }
                    finally
                    {
                        Log({|DF0001:p->Len|});
                    }
                }

                static void Log(int value) { }
            }
            """);

        [Fact]
        public Task Reports_ReadInFinallyAfterReadInTryThatOnlyReturnsConstants() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header* p)
                {
                    try
                    {
                        // Both ways out return a constant, and both run the finally first.
                        if (p->Len > 4)
                            return -1;
                        return 0;
                    }
                    finally
                    {
                        Log({|DF0001:p->Len|});
                    }
                }

                static void Log(int value) { }
            }
            """);

        [Fact]
        public Task Reports_ReadInTryThenAfterCatch() => AnalyzerAsync(
            """
            using System;
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header* p)
                {
                    int len = 0;
                    try
                    {
                        len = p->Len;
                        Log(len);
                    }
                    catch (InvalidOperationException)
                    {
                    }

                    return len + {|DF0001:p->Len|};
                }

                static void Log(int value) { }
            }
            """);

        [Fact]
        public Task Reports_ReadInTryThenInFinally() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                void M(Header* p)
                {
                    try
                    {
                        Log(p->Len);
                    }
                    finally
                    {
                        Log({|DF0001:p->Len|});
                    }
                }

                static void Log(int value) { }
            }
            """);

        [Theory]
        [InlineData("Volatile.Read(ref p->Len)", "Volatile.Read(ref p->Len)")]
        [InlineData("p->Len", "Volatile.Read(ref p->Len)")]
        [InlineData("Volatile.Read(ref p->Len)", "p->Len")]
        public Task Reports_VolatileReadNotUsedForValidation(string first, string second) => AnalyzerAsync(
            $$"""
            using System.Threading;
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header* p)
                {
                    int a = {{first}};
                    if (a > 16)
                        return 0;
                    return {|DF0001:{{second}}|};
                }
            }
            """);

        [Fact]
        public Task Reports_CheckedThenUsedAsIndex() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header* p, int[] table)
                {
                    if ((uint)p->Len >= (uint)table.Length)
                        return 0;
                    return table[{|DF0001:p->Len|}];
                }
            }
            """);

        [Fact]
        public Task Reports_CheckedThenUsedAsLength() => AnalyzerAsync(
            """
            using System;
            using DoubleFetch;

            [SharedMemory]
            struct Request { public int NrSegments; }

            unsafe class Backend
            {
                void Handle(Request* req, int[] segments)
                {
                    if (req->NrSegments > segments.Length)
                        return;
                    for (int i = 0; i < {|DF0001:req->NrSegments|}; i++)
                        segments[i] = 0;
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_CheckedCopyUsedAsIndex() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header* p, int[] table)
                {
                    int len = p->Len;
                    if ((uint)len >= (uint)table.Length)
                        return 0;
                    return table[len] * len;
                }
            }
            """);

        // ---- Not a double fetch: loops re-executing one fetch site ----

        [Fact]
        public Task NoDiagnostic_PollingLoop() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Ring { public int Prod; public int Cons; }

            unsafe class C
            {
                void Wait(Ring* p, int cons)
                {
                    while (p->Prod == cons)
                    {
                    }
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_ReadInLoopOnly() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header* p, int rounds)
                {
                    int sum = 0;
                    for (int i = 0; i < rounds; i++)
                    {
                        sum += p->Len;
                    }

                    return sum;
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_RingConsumerLoop() => AnalyzerAsync(
            """
            using System.Threading;
            using DoubleFetch;

            [SharedMemory]
            struct Ring { public uint Prod; public uint Cons; }

            [SharedMemory]
            struct Request { public int Id; public int Op; }

            unsafe class Consumer
            {
                private uint _cons;

                int Consume(Ring* ring, Request* requests)
                {
                    int handled = 0;
                    uint cons = _cons;
                    uint prod = Volatile.Read(ref ring->Prod);
                    while (cons != prod)
                    {
                        Request request = requests[cons % 32];
                        handled += request.Id + request.Op;
                        cons++;
                    }

                    _cons = cons;
                    ring->Cons = cons;
                    return handled;
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_RingConsumerLoopReadingFieldsOncePerSlot() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Ring { public int Prod; public int Cons; }

            [SharedMemory]
            struct Request { public int Id; public int Op; }

            unsafe class Consumer
            {
                int Consume(Ring* ring, Request* requests, int cons)
                {
                    int handled = 0;
                    while (cons != ring->Prod)
                    {
                        int id = requests[cons & 31].Id;
                        int op = requests[cons & 31].Op;
                        handled += id + op;
                        cons++;
                    }

                    return handled;
                }
            }
            """);

        // ---- Not a double fetch: revalidation ----

        [Fact]
        public Task NoDiagnostic_CompareExchangeAfterRead() => AnalyzerAsync(
            """
            using System.Threading;
            using DoubleFetch;

            [SharedMemory]
            struct Lock { public int Owner; public int Count; }

            unsafe class C
            {
                bool TryTake(Lock* p)
                {
                    if (p->Owner != 0)
                        return false;
                    return Interlocked.CompareExchange(ref p->Owner, 1, 0) == 0;
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_CompareExchangeLoop() => AnalyzerAsync(
            """
            using System.Threading;
            using DoubleFetch;

            [SharedMemory]
            struct Lock { public int Owner; public int Count; }

            unsafe class C
            {
                int Increment(Lock* p)
                {
                    int old;
                    do
                    {
                        old = p->Count;
                    }
                    while (Interlocked.CompareExchange(ref p->Count, old + 1, old) != old);
                    return old + 1;
                }
            }
            """);

        [Theory]
        [InlineData("p->Seq != s")]
        [InlineData("s != p->Seq")]
        [InlineData("Volatile.Read(ref p->Seq) != s")]
        public Task NoDiagnostic_SeqlockRetryLoop(string condition) => AnalyzerAsync(
            $$"""
            using System.Threading;
            using DoubleFetch;

            [SharedMemory]
            struct Versioned { public int Seq; public int Data; }

            unsafe class C
            {
                int Read(Versioned* p)
                {
                    int s, d;
                    do
                    {
                        s = p->Seq;
                        d = p->Data;
                    }
                    while ({{condition}});
                    return d;
                }
            }
            """);

        [Theory]
        [InlineData("Volatile.Read(ref p->Seq) != s")]
        [InlineData("p->Seq != s")]
        [InlineData("s == p->Seq")]
        public Task NoDiagnostic_ValidationRereadComparedWithFirstValue(string condition) => AnalyzerAsync(
            $$"""
            using System.Threading;
            using DoubleFetch;

            [SharedMemory]
            struct Versioned { public int Seq; public int Data; }

            unsafe class C
            {
                int Read(Versioned* p)
                {
                    int s = Volatile.Read(ref p->Seq);
                    int d = p->Data;
                    if ({{condition}})
                        return -1;
                    return d;
                }
            }
            """);

        [Fact]
        public Task Reports_SecondReadComparedWithSomethingElse() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Versioned { public int Seq; public int Data; }

            unsafe class C
            {
                int Read(Versioned* p, int expected)
                {
                    int s = p->Seq;
                    if ({|DF0001:p->Seq|} != expected)
                        return -1;
                    return s;
                }
            }
            """);

        // ---- Not a double fetch: writes ----

        [Fact]
        public Task NoDiagnostic_TwoWrites() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                void M(Header* p)
                {
                    p->Len = 0;
                    p->Len = 1;
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_ReadAfterWriteIsAFreshFetch() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header* p)
                {
                    int before = p->Len;
                    p->Len = 0;
                    int after = p->Len;
                    return before + after;
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_ReadAfterWholeStructWrite() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header* p, Header value)
                {
                    int before = p->Len;
                    *p = value;
                    return before + p->Len;
                }
            }
            """);

        // ---- Not a double fetch: private copies and changed keys ----

        [Fact]
        public Task NoDiagnostic_ReadsOfPrivateCopy() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header* p, int[] table)
                {
                    var req = *p;
                    if (req.Len < 0 || req.Len >= table.Length)
                        return 0;
                    return table[req.Len] + req.Len;
                }
            }
            """);

        [Theory]
        [InlineData("p = next;")]
        [InlineData("p++;")]
        [InlineData("p += 1;")]
        [InlineData("Advance(ref p);")]
        [InlineData("Replace(out p);")]
        public Task NoDiagnostic_PointerReassignedBetweenReads(string change) => AnalyzerAsync(
            $$"""
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header* p, Header* next)
                {
                    int a = p->Len;
                    {{change}}
                    int b = p->Len;
                    return a + b;
                }

                static void Advance(ref Header* p) => p++;

                static void Replace(out Header* p) => p = null;
            }
            """);

        [Fact]
        public Task NoDiagnostic_IndexFieldChangedBetweenReads() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                private int _index;

                int M(Header* p)
                {
                    int a = p[_index].Len;
                    _index++;
                    int b = p[_index].Len;
                    return a + b;
                }
            }
            """);

        [Theory]
        [InlineData("i++;")]
        [InlineData("i += 1;")]
        [InlineData("i = j;")]
        public Task NoDiagnostic_IndexChangedBetweenReads(string change) => AnalyzerAsync(
            $$"""
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header* p, int i, int j)
                {
                    int a = p[i].Len;
                    {{change}}
                    int b = p[i].Len;
                    return a + b;
                }
            }
            """);

        [Fact]
        public Task Reports_IndexUnchangedBetweenReads() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header* p, int i, int j)
                {
                    int a = p[i].Len;
                    j++;
                    int b = {|DF0001:p[i].Len|};
                    return a + b;
                }
            }
            """);

        // ---- Not shared ----

        [Fact]
        public Task NoDiagnostic_PointerToPlainStruct() => AnalyzerAsync(
            """
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header* p, int i)
                {
                    return p->Len + p->Len + p[i].Kind + p[i].Kind + (*p).Len;
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_PointersIntoPrivateMemory() => AnalyzerAsync(
            """
            class C
            {
                unsafe int M(byte[] array)
                {
                    byte* local = stackalloc byte[16];
                    local[0] = 1;
                    int sum = local[0] + local[0];
                    fixed (byte* b = array)
                    {
                        sum += b[0] + b[0];
                    }

                    return sum;
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_AddressOfIsNotARead() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int* M(Header* p, bool second)
                {
                    int* a = &p->Len;
                    int* b = &p->Len;
                    return second ? b : a;
                }
            }
            """);

        [Fact]
        public Task Reports_PointerToSharedFieldDereferencedTwice() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header* p)
                {
                    int* len = &p->Len;
                    if (*len > 16)
                        return 0;
                    return {|DF0001:*len|};
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_ForeachLoopReadsEachElementOnce() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header* p, int[] indices)
                {
                    int sum = 0;
                    foreach (var i in indices)
                    {
                        sum += p[i].Len;
                    }

                    return sum;
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_PlainArraysAndSpans() => AnalyzerAsync(
            """
            using System;

            class C
            {
                int M(int[] a, ReadOnlySpan<byte> s, System.Collections.Generic.List<int> l)
                {
                    return a[0] + a[0] + s[1] + s[1] + l[2] + l[2];
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_PlainClassProperty() => AnalyzerAsync(
            """
            class Mapping
            {
                public int Count { get; set; }
            }

            class C
            {
                int M(Mapping m) => m.Count + m.Count;
            }
            """);

        // ---- Lambdas and local functions are analysed on their own ----

        [Fact]
        public Task NoDiagnostic_ReadOutsideAndInsideLambda() => AnalyzerAsync(
            """
            using System;
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header* p)
                {
                    int a = p->Len;
                    Func<int> later = () => p->Len;
                    return a + later();
                }
            }
            """);

        [Fact]
        public Task Reports_TwoReadsInsideLambda() => AnalyzerAsync(
            """
            using System;
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header* p)
                {
                    Func<int> twice = () => p->Len + {|DF0001:p->Len|};
                    return twice();
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_ReadOutsideAndInsideLocalFunction() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header* p)
                {
                    int a = p->Len;
                    return a + Later();

                    int Later() => p->Len;
                }
            }
            """);

        [Fact]
        public Task Reports_TwoReadsInsideLocalFunction() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header* p)
                {
                    return Twice(p);

                    static int Twice(Header* q)
                    {
                        if (q->Len > 16)
                            return 0;
                        return {|DF0001:q->Len|};
                    }
                }
            }
            """);

        // ---- Robustness ----

        [Fact]
        public Task Reports_GenericSharedStruct() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Slot<T> where T : unmanaged { public int Len; public T Value; }

            unsafe class C
            {
                int M(Slot<long>* p)
                {
                    if (p->Len > 16)
                        return 0;
                    return {|DF0001:p->Len|};
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_GenericStructsAndMethods() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Slot<T> where T : unmanaged { public int Len; public T Value; }

            struct Box<T> where T : unmanaged { public T Value; }

            unsafe class C<TItem> where TItem : unmanaged
            {
                long M(Slot<long>* p, Slot<TItem>* q, Box<TItem>* b)
                {
                    TItem item = q->Value;
                    TItem again = b->Value;
                    TItem third = b->Value;
                    return p->Len + p->Value + q->Len;
                }

                T Generic<T>(T* t) where T : unmanaged
                {
                    T first = *t;
                    return *t;
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_PointerToPointerReadOnce() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header** pp, Header* other)
                {
                    int len = (*pp)->Len;
                    int kind = pp[0]->Kind;
                    Header* current = *pp;
                    *pp = other;
                    pp[1] = current;
                    return len + kind + (**pp).Len;
                }
            }
            """);

        [Fact]
        public Task Reports_PointerToPointerFieldReadTwice() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header** pp)
                {
                    if ((*pp)->Len > 16)
                        return 0;
                    return {|DF0001:(*pp)->Len|};
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_OnlyTrustedCode() => AnalyzerAsync(
            """
            using System;
            using System.Collections.Generic;

            class C
            {
                private int _count;

                int M(int[] a, int i, List<int> list)
                {
                    int sum = 0;
                    for (int k = 0; k < a.Length; k++)
                        sum += a[k] + a[k];
                    Func<int> f = () => _count + _count;
                    return sum + list.Count + list.Count + f() + (i < a.Length && i >= 0 ? a[i] + a[i] : 0);
                }
            }
            """);
    }
}
