using System.Threading.Tasks;
using Xunit;
using static DoubleFetchAnalyzers.Tests.Verify;

namespace DoubleFetchAnalyzers.Tests.Rules
{
    /// <summary>
    /// DF0005: an untrusted value offsets, indexes or sizes memory that the runtime does not check (pointers,
    /// Unsafe, Marshal, NativeMemory, fixed-size buffers, stackalloc, spans over pointers), with no complete bounds
    /// check (SPEC sections 4 and 6). For a pointer of unknown length any complete two-sided check against a trusted
    /// bound counts; for a fixed-size buffer or a stackalloc of constant size the check must stay below its size.
    /// </summary>
    public class DF0005Tests
    {
        /// <summary>A descriptor in shared memory, an offset and a length read once from it, and raw memory.</summary>
        private static string Source(string statements) => $$"""
            using System;
            using System.Runtime.CompilerServices;
            using System.Runtime.InteropServices;
            using DoubleFetch;

            [SharedMemory]
            struct Descriptor
            {
                public int Offset;
                public uint Length;
            }

            unsafe class Nic
            {
                const int RingBytes = 4096;

                void Receive(Descriptor* descriptor, byte* ring, byte* destination, ref byte first, byte[] managed, IntPtr native)
                {
                    var offset = descriptor->Offset;
                    var length = descriptor->Length;
                    {{statements}}
                }
            }
            """;

        // ---- Offsets ----

        [Theory]
        [InlineData("_ = ring[{|#0:offset|}];", "offset", "ring")]
        [InlineData("ring[{|#0:offset|}] = 0;", "offset", "ring")]
        [InlineData("_ = *(ring + {|#0:offset|});", "offset", "ring")]
        [InlineData("_ = *({|#0:offset|} + ring);", "offset", "ring")]
        [InlineData("byte* p = ring + {|#0:offset|}; *p = 0;", "offset", "ring")]
        [InlineData("byte* p = ring; p += {|#0:offset|}; *p = 0;", "offset", "p")]
        [InlineData("byte* p = ring - {|#0:offset|}; *p = 0;", "offset", "ring")]
        [InlineData("_ = ring[{|#0:length|}];", "length", "ring")]
        [InlineData("_ = Unsafe.Read<int>(ring + {|#0:offset|});", "offset", "ring")]
        [InlineData("_ = Unsafe.ReadUnaligned<long>(ring + {|#0:offset|});", "offset", "ring")]
        [InlineData("_ = Unsafe.AsRef<int>(ring + {|#0:offset|});", "offset", "ring")]
        [InlineData("_ = Unsafe.Add(ref first, {|#0:offset|});", "offset", "first")]
        [InlineData("_ = Unsafe.Subtract(ref first, {|#0:offset|});", "offset", "first")]
        [InlineData("_ = Unsafe.AddByteOffset(ref first, {|#0:offset|});", "offset", "Unsafe.AddByteOffset")]
        [InlineData("_ = Marshal.ReadInt32(native, {|#0:offset|});", "offset", "Marshal.ReadInt32")]
        [InlineData("Marshal.WriteByte(native, {|#0:offset|}, 0);", "offset", "Marshal.WriteByte")]
        public Task Reports_UncheckedOffset(string statements, string value, string target) => AnalyzerAsync(
            Source(statements),
            Diagnostic("DF0005").WithLocation(0).WithArguments(value, target)
                .WithMessage($"Untrusted value '{value}' offsets or sizes unchecked memory in '{target}' without a bounds check"));

        [Theory]
        [InlineData("_ = ring[offset];")]
        [InlineData("ring[offset] = 0;")]
        [InlineData("_ = *(ring + offset);")]
        [InlineData("byte* p = ring; p += offset; *p = 0;")]
        [InlineData("_ = Unsafe.Read<int>(ring + offset);")]
        [InlineData("_ = Unsafe.ReadUnaligned<long>(ring + offset);")]
        [InlineData("_ = Unsafe.Add(ref first, offset);")]
        [InlineData("_ = Unsafe.AddByteOffset(ref first, offset);")]
        [InlineData("_ = Marshal.ReadInt32(native, offset);")]
        public Task NoDiagnostic_OffsetCheckedAgainstTrustedBound(string statement) => AnalyzerAsync(
            Source("if (offset < 0 || offset >= RingBytes) return; " + statement));

        [Theory]
        [InlineData("if ((uint)offset >= RingBytes) return;")]
        [InlineData("if (offset < 0 || offset > RingBytes - 1) return;")]
        [InlineData("if (offset is < 0 or >= RingBytes) return;")]
        [InlineData("if (!(offset >= 0 && offset < RingBytes)) throw new InvalidOperationException();")]
        [InlineData("offset = Math.Clamp(offset, 0, RingBytes - 1);")]
        [InlineData("ArgumentOutOfRangeException.ThrowIfNegative(offset); ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(offset, RingBytes);")]
        public Task NoDiagnostic_CompleteCheckSpellingsForPointerOfUnknownLength(string check) => AnalyzerAsync(
            Source(check + " _ = ring[offset];"));

        [Fact]
        public Task NoDiagnostic_OffsetCheckedAgainstTrustedParameter() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Descriptor
            {
                public int Offset;
            }

            unsafe class Nic
            {
                byte Peek(Descriptor* descriptor, byte* window, int windowSize)
                {
                    var offset = descriptor->Offset;
                    if (offset < 0 || offset >= windowSize)
                        return 0;
                    return window[offset];
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_ElementOffsetCheckedAgainstSpanLength() => AnalyzerAsync(
            """
            using System;
            using System.Runtime.CompilerServices;
            using System.Runtime.InteropServices;
            using DoubleFetch;

            [SharedMemory]
            struct Descriptor
            {
                public int Offset;
            }

            unsafe class Nic
            {
                int Peek(Descriptor* descriptor, Span<int> window)
                {
                    var offset = descriptor->Offset;
                    if ((uint)offset >= (uint)window.Length)
                        return 0;
                    return Unsafe.Add(ref MemoryMarshal.GetReference(window), offset);
                }
            }
            """);

        [Fact]
        public Task Reports_IdFromSharedRingIndexesPointerToArray_XennetTxBufGc() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct XenNetifTxResponse
            {
                public ushort Id;
                public short Status;
            }

            unsafe class Netfront
            {
                void XennetTxBufGc(XenNetifTxResponse* txrsp, void** txSkbs, int* grantTxRef)
                {
                    var id = txrsp->Id;
                    txSkbs[{|#0:id|}] = null;
                    grantTxRef[{|#1:id|}] = 0;
                }
            }
            """,
            Diagnostic("DF0005").WithLocation(0).WithArguments("id", "txSkbs"),
            Diagnostic("DF0005").WithLocation(1).WithArguments("id", "grantTxRef"));

        [Fact]
        public Task Reports_UntrustedParameterAsPointerIndex() => AnalyzerAsync(
            """
            unsafe class Table
            {
                int Get(int* slots, int untrusted_slot) => slots[{|#0:untrusted_slot|}];
            }
            """,
            Diagnostic("DF0005").WithLocation(0).WithArguments("untrusted_slot", "slots"));

        [Fact]
        public Task Reports_ByteIndexIntoPointerOfUnknownLength() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public byte Kind;
            }

            unsafe class Backend
            {
                int Dispatch(Request* p, int* handlers)
                {
                    var kind = p->Kind;
                    return handlers[{|#0:kind|}];
                }
            }
            """,
            Diagnostic("DF0005").WithLocation(0).WithArguments("kind", "handlers"));

        // ---- Fixed-size buffers ----

        [Theory]
        [InlineData("ulong")]
        [InlineData("byte")]
        public Task Reports_FixedSizeBufferElement(string type) => AnalyzerAsync(
            $$"""
            using DoubleFetch;

            [SharedMemory]
            unsafe struct BlkifRequest
            {
                public int Index;
                public fixed {{type}} Segments[11];
            }

            unsafe class Blkback
            {
                {{type}} Segment(BlkifRequest* req, BlkifRequest* copy)
                {
                    var index = req->Index;
                    return copy->Segments[{|#0:index|}];
                }
            }
            """,
            Diagnostic("DF0005").WithLocation(0).WithArguments("index", "copy->Segments")
                .WithMessage("Untrusted value 'index' offsets or sizes unchecked memory in 'copy->Segments' without a bounds check"));

        [Fact]
        public Task Reports_FixedSizeBufferElementOfLocalCopy() => AnalyzerAsync(
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
                ulong Last(BlkifRequest* req)
                {
                    var copy = *req;
                    return copy.Segments[{|#0:copy.NrSegments - 1|}];
                }
            }
            """,
            Diagnostic("DF0005").WithLocation(0).WithArguments("copy.NrSegments - 1", "copy.Segments"));

        [Theory]
        [InlineData("if ((uint)index >= 11) return 0;")]
        [InlineData("if (index < 0 || index >= MaxSegments) return 0;")]
        [InlineData("if (index is < 0 or > 10) return 0;")]
        [InlineData("index = Math.Clamp(index, 0, MaxSegments - 1);")]
        [InlineData("index %= MaxSegments; if (index < 0) return 0;")]
        public Task NoDiagnostic_FixedSizeBufferElementCheckedAgainstItsSize(string check) => AnalyzerAsync(
            $$"""
            using System;
            using DoubleFetch;

            [SharedMemory]
            unsafe struct BlkifRequest
            {
                public int Index;
                public fixed ulong Segments[11];
            }

            unsafe class Blkback
            {
                const int MaxSegments = 11;

                ulong Segment(BlkifRequest* req, BlkifRequest* copy)
                {
                    var index = req->Index;
                    {{check}}
                    return copy->Segments[index];
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_ByteIndexIntoFixedBufferOf256() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            unsafe struct Page
            {
                public byte Slot;
                public fixed byte Data[256];
            }

            unsafe class Reader
            {
                byte Peek(Page* page, Page* other)
                {
                    var slot = page->Slot;
                    return other->Data[slot];
                }
            }
            """);

        // ---- stackalloc ----

        [Theory]
        [InlineData("byte* scratch = stackalloc byte[{|#0:offset|}]; scratch[0] = 0;", "offset")]
        [InlineData("Span<byte> scratch = stackalloc byte[{|#0:offset|}]; scratch.Clear();", "offset")]
        [InlineData("Span<int> scratch = stackalloc int[{|#0:(int)length|}]; scratch.Clear();", "(int)length")]
        public Task Reports_StackallocSize(string statements, string value) => AnalyzerAsync(
            Source(statements),
            Diagnostic("DF0005").WithLocation(0).WithArguments(value, "stackalloc"));

        [Theory]
        [InlineData("if (offset < 0 || offset > 1024) return; Span<byte> scratch = stackalloc byte[offset]; scratch.Clear();")]
        [InlineData("if ((uint)offset > 1024) return; byte* scratch = stackalloc byte[offset]; scratch[0] = 0;")]
        [InlineData("Span<byte> scratch = stackalloc byte[256]; scratch[offset & 0xFF] = 0;")]
        [InlineData("byte* scratch = stackalloc byte[64]; if ((uint)offset >= 64) return; scratch[offset] = 0;")]
        public Task NoDiagnostic_StackallocSizeOrIndexChecked(string statements) => AnalyzerAsync(Source(statements));

        [Fact]
        public Task Reports_StackallocPointerIndexedWithoutCheck() => AnalyzerAsync(
            Source("byte* scratch = stackalloc byte[64]; scratch[{|#0:offset|}] = 0;"),
            Diagnostic("DF0005").WithLocation(0).WithArguments("offset", "scratch"));

        // ---- Lengths of unchecked copies and spans ----

        [Theory]
        [InlineData("Buffer.MemoryCopy(ring, destination, RingBytes, {|#0:length|});", "length", "Buffer.MemoryCopy")]
        [InlineData("Buffer.MemoryCopy(ring, destination, {|#0:length|}, 64);", "length", "Buffer.MemoryCopy")]
        [InlineData("Marshal.Copy(native, managed, 0, {|#0:(int)length|});", "(int)length", "managed")]
        [InlineData("Marshal.Copy(native, managed, {|#0:offset|}, 4);", "offset", "managed")]
        [InlineData("Marshal.Copy(managed, 0, native, {|#0:offset|});", "offset", "managed")]
        [InlineData("NativeMemory.Copy(ring, destination, {|#0:length|});", "length", "NativeMemory.Copy")]
        [InlineData("NativeMemory.Clear(destination, {|#0:length|});", "length", "NativeMemory.Clear")]
        [InlineData("NativeMemory.Fill(destination, {|#0:length|}, 0);", "length", "NativeMemory.Fill")]
        [InlineData("Unsafe.CopyBlock(destination, ring, {|#0:length|});", "length", "Unsafe.CopyBlock")]
        [InlineData("Unsafe.CopyBlockUnaligned(destination, ring, {|#0:length|});", "length", "Unsafe.CopyBlockUnaligned")]
        [InlineData("Unsafe.CopyBlock(ref first, ref first, {|#0:length|});", "length", "Unsafe.CopyBlock")]
        [InlineData("Unsafe.InitBlock(destination, 0, {|#0:length|});", "length", "Unsafe.InitBlock")]
        [InlineData("Unsafe.InitBlockUnaligned(destination, 0, {|#0:length|});", "length", "Unsafe.InitBlockUnaligned")]
        [InlineData("_ = new Span<byte>(ring, {|#0:offset|});", "offset", "new Span<byte>(ring, offset)")]
        [InlineData("_ = new ReadOnlySpan<byte>(ring, {|#0:(int)length|});", "(int)length", "new ReadOnlySpan<byte>(ring, (int)length)")]
        [InlineData("_ = MemoryMarshal.CreateSpan(ref first, {|#0:offset|});", "offset", "MemoryMarshal.CreateSpan")]
        [InlineData("_ = MemoryMarshal.CreateReadOnlySpan(ref first, {|#0:offset|});", "offset", "MemoryMarshal.CreateReadOnlySpan")]
        public Task Reports_UncheckedLengthOfUncheckedMemory(string statement, string value, string target) => AnalyzerAsync(
            Source(statement),
            Diagnostic("DF0005").WithLocation(0).WithArguments(value, target)
                .WithMessage($"Untrusted value '{value}' offsets or sizes unchecked memory in '{target}' without a bounds check"));

        [Theory]
        [InlineData("Buffer.MemoryCopy(ring, destination, RingBytes, length);")]
        [InlineData("Marshal.Copy(native, managed, 0, (int)length);")]
        [InlineData("NativeMemory.Copy(ring, destination, length);")]
        [InlineData("NativeMemory.Clear(destination, length);")]
        [InlineData("NativeMemory.Fill(destination, length, 0);")]
        [InlineData("Unsafe.CopyBlock(destination, ring, length);")]
        [InlineData("Unsafe.CopyBlockUnaligned(destination, ring, length);")]
        [InlineData("Unsafe.InitBlock(destination, 0, length);")]
        [InlineData("_ = new Span<byte>(ring, (int)length);")]
        [InlineData("_ = MemoryMarshal.CreateSpan(ref first, (int)length);")]
        public Task NoDiagnostic_LengthCheckedAgainstTrustedBound(string statement) => AnalyzerAsync(
            Source("if (length > RingBytes) return; " + statement));

        [Fact]
        public Task NoDiagnostic_MarshalCopyLengthNoLargerThanTheArray() => AnalyzerAsync(
            Source("var count = (int)length; if (count < 0 || count > managed.Length) return; Marshal.Copy(native, managed, 0, count);"));

        // The range of ushort limits an allocation; it does not keep a copy inside memory of unknown size.
        [Theory]
        [InlineData("NativeMemory.Copy(ring, destination, {|#0:size|});", "NativeMemory.Copy")]
        [InlineData("Unsafe.CopyBlock(destination, ring, {|#0:size|});", "Unsafe.CopyBlock")]
        [InlineData("_ = new ReadOnlySpan<byte>(ring, {|#0:size|});", "new ReadOnlySpan<byte>(ring, size)")]
        public Task Reports_UshortLengthOfUncheckedMemory(string statement, string target) => AnalyzerAsync(
            $$"""
            using System;
            using System.Runtime.CompilerServices;
            using System.Runtime.InteropServices;
            using DoubleFetch;

            [SharedMemory]
            struct Descriptor
            {
                public ushort Size;
            }

            unsafe class Nic
            {
                void Receive(Descriptor* descriptor, byte* ring, byte* destination)
                {
                    var size = descriptor->Size;
                    {{statement}}
                }
            }
            """,
            Diagnostic("DF0005").WithLocation(0).WithArguments("size", target));

        // ---- Where DF0005 ends ----

        [Fact]
        public Task Reports_DF0003_NotDF0005_ForOneSidedCheck() => AnalyzerAsync(
            Source("if (offset >= RingBytes) return; _ = ring[{|DF0003:offset|}];"));

        [Fact]
        public Task Reports_DF0006_NotDF0005_ForAssertionOnly() => AnalyzerAsync(
            Source("System.Diagnostics.Debug.Assert((uint)offset < RingBytes); _ = ring[{|DF0006:offset|}];"));

        [Fact]
        public Task Reports_DF0002_NotDF0005_ForSpanOverPointer() => AnalyzerAsync(
            Source("var window = new Span<byte>(ring, RingBytes); _ = window[{|DF0002:offset|}];"));

        [Fact]
        public Task NoDiagnostic_TrustedOffsets() => AnalyzerAsync(
            Source("for (var i = 0; i < RingBytes; i++) ring[i] = 0; _ = *(ring + RingBytes - 1); Buffer.MemoryCopy(ring, destination, RingBytes, RingBytes); _ = new Span<byte>(ring, RingBytes);"));
    }
}
