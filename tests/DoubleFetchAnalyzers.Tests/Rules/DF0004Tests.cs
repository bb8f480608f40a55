using System.Threading.Tasks;
using Xunit;
using static DoubleFetchAnalyzers.Tests.Verify;

namespace DoubleFetchAnalyzers.Tests.Rules
{
    /// <summary>
    /// DF0004: an untrusted value is a length, count, start or size for an API that checks it, or the count of a loop
    /// whose counter indexes a collection, with no complete bounds check (SPEC sections 4 and 6). A length may equal
    /// the collection's length; an allocation or capacity has no collection to compare with, so any complete check
    /// against a trusted bound counts there.
    /// </summary>
    public class DF0004Tests
    {
        /// <summary>A message in shared memory, a length read once from it, and arrays, strings and spans of unknown length.</summary>
        private static string Source(string statements) => $$"""
            using System;
            using System.Collections.Generic;
            using System.IO;
            using System.Linq;
            using System.Text;
            using DoubleFetch;

            [SharedMemory]
            struct Message
            {
                public int Length;
                public uint Size;
                public ushort Small;
                public byte Tiny;
            }

            unsafe class Reader
            {
                const int MaxMessage = 4096;

                void Read(Message* message, byte[] buffer, byte[] destination, char[] chars, string text, ReadOnlySpan<byte> span)
                {
                    var n = message->Length;
                    {{statements}}
                }
            }
            """;

        // ---- Every API, unchecked ----

        [Theory]
        [InlineData("_ = new byte[{|#0:n|}];", "new byte[n]")]
        [InlineData("_ = new int[{|#0:n|}, 4];", "new int[n, 4]")]
        [InlineData("_ = buffer.AsSpan(0, {|#0:n|});", "buffer")]
        [InlineData("_ = buffer.AsSpan({|#0:n|});", "buffer")]
        [InlineData("_ = buffer.AsMemory(0, {|#0:n|});", "buffer")]
        [InlineData("_ = text.AsSpan(0, {|#0:n|});", "text")]
        [InlineData("_ = span.Slice(0, {|#0:n|});", "span")]
        [InlineData("_ = span.Slice({|#0:n|});", "span")]
        [InlineData("_ = new Span<byte>(buffer, 0, {|#0:n|});", "buffer")]
        [InlineData("_ = new ReadOnlySpan<byte>(buffer, {|#0:n|}, 4);", "buffer")]
        [InlineData("_ = new Memory<byte>(buffer, 0, {|#0:n|});", "buffer")]
        [InlineData("_ = new ArraySegment<byte>(buffer, 0, {|#0:n|});", "buffer")]
        [InlineData("_ = text.Substring(0, {|#0:n|});", "text")]
        [InlineData("_ = text.Remove({|#0:n|});", "text")]
        [InlineData("Array.Copy(buffer, destination, {|#0:n|});", "buffer")]
        [InlineData("Array.Copy(buffer, {|#0:n|}, destination, 0, 4);", "buffer")]
        [InlineData("Array.Copy(buffer, 0, destination, {|#0:n|}, 4);", "destination")]
        [InlineData("Array.ConstrainedCopy(buffer, 0, destination, 0, {|#0:n|});", "buffer")]
        [InlineData("Array.Clear(buffer, 0, {|#0:n|});", "buffer")]
        [InlineData("Array.Fill(buffer, (byte)0, 0, {|#0:n|});", "buffer")]
        [InlineData("buffer.CopyTo(destination, {|#0:n|});", "destination")]
        [InlineData("_ = new string(' ', {|#0:n|});", "new string(' ', n)")]
        [InlineData("_ = new string(chars, 0, {|#0:n|});", "chars")]
        [InlineData("_ = Enumerable.Range(0, {|#0:n|});", "Enumerable.Range")]
        [InlineData("_ = Enumerable.Repeat((byte)0, {|#0:n|});", "Enumerable.Repeat")]
        [InlineData("_ = new List<int>({|#0:n|});", "new List<int>(n)")]
        [InlineData("_ = new Dictionary<int, string>({|#0:n|});", "new Dictionary<int, string>(n)")]
        [InlineData("_ = new StringBuilder({|#0:n|});", "new StringBuilder(n)")]
        [InlineData("_ = new MemoryStream({|#0:n|});", "new MemoryStream(n)")]
        [InlineData("Array.Resize(ref buffer, {|#0:n|});", "Array.Resize")]
        [InlineData("Buffer.BlockCopy(buffer, 0, destination, 0, {|#0:n|});", "Buffer.BlockCopy")]
        [InlineData("_ = GC.AllocateUninitializedArray<byte>({|#0:n|});", "GC.AllocateUninitializedArray")]
        [InlineData("_ = System.Buffers.ArrayPool<byte>.Shared.Rent({|#0:n|});", "ArrayPool.Rent")]
        public Task Reports_UncheckedLength(string statement, string target) => AnalyzerAsync(
            Source(statement),
            Diagnostic("DF0004").WithLocation(0).WithArguments("n", target)
                .WithMessage($"Untrusted value 'n' is used as a length in '{target}' without a bounds check"));

        [Theory]
        [InlineData("_ = new byte[n];")]
        [InlineData("_ = new int[n, 4];")]
        [InlineData("_ = buffer.AsSpan(0, n);")]
        [InlineData("_ = buffer.AsSpan(n);")]
        [InlineData("_ = buffer.AsMemory(0, n);")]
        [InlineData("_ = text.AsSpan(0, n);")]
        [InlineData("_ = span.Slice(0, n);")]
        [InlineData("_ = new Span<byte>(buffer, 0, n);")]
        [InlineData("_ = new ReadOnlySpan<byte>(buffer, n, 0);")]
        [InlineData("_ = new Memory<byte>(buffer, 0, n);")]
        [InlineData("_ = new ArraySegment<byte>(buffer, 0, n);")]
        [InlineData("_ = text.Substring(0, n);")]
        [InlineData("Array.Copy(buffer, destination, n);")]
        [InlineData("Array.ConstrainedCopy(buffer, 0, destination, 0, n);")]
        [InlineData("Array.Clear(buffer, 0, n);")]
        [InlineData("Array.Fill(buffer, (byte)0, 0, n);")]
        [InlineData("buffer.CopyTo(destination, n);")]
        [InlineData("_ = new string(' ', n);")]
        [InlineData("_ = new string(chars, 0, n);")]
        [InlineData("_ = Enumerable.Range(0, n);")]
        [InlineData("_ = Enumerable.Repeat((byte)0, n);")]
        [InlineData("_ = new List<int>(n);")]
        [InlineData("_ = new StringBuilder(n);")]
        [InlineData("_ = new MemoryStream(n);")]
        [InlineData("Array.Resize(ref buffer, n);")]
        [InlineData("Buffer.BlockCopy(buffer, 0, destination, 0, n);")]
        [InlineData("_ = System.Buffers.ArrayPool<byte>.Shared.Rent(n);")]
        public Task NoDiagnostic_LengthCheckedAgainstTrustedBound(string statement) => AnalyzerAsync(
            Source("if (n < 0 || n > MaxMessage) return; " + statement));

        // ---- A length may equal the collection's length ----

        [Theory]
        [InlineData("if (n < 0 || n > buffer.Length) return;")]
        [InlineData("if ((uint)n > (uint)buffer.Length) return;")]
        [InlineData("if (n > buffer.Length || n < 0) throw new InvalidDataException();")]
        [InlineData("if (!(n >= 0 && n <= buffer.Length)) return;")]
        [InlineData("if (n is < 0) return; if (n > buffer.Length) return;")]
        [InlineData("ArgumentOutOfRangeException.ThrowIfNegative(n); ArgumentOutOfRangeException.ThrowIfGreaterThan(n, buffer.Length);")]
        [InlineData("n = Math.Clamp(n, 0, buffer.Length);")]
        public Task NoDiagnostic_LengthNoLargerThanTheArraysLength(string check) => AnalyzerAsync(
            Source(check + " _ = buffer.AsSpan(0, n);"));

        [Fact]
        public Task NoDiagnostic_LengthInsideTheCheckedBranch() => AnalyzerAsync(
            Source("if (n >= 0 && n <= span.Length) { var payload = span.Slice(0, n); _ = payload.Length; }"));

        [Fact]
        public Task NoDiagnostic_LengthEqualToKnownLength() => AnalyzerAsync(
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
                private readonly byte[] _buffer = new byte[64];

                ReadOnlySpan<byte> Payload(Message* message)
                {
                    var n = message->Length;
                    if (n < 0 || n > 64)
                        return default;
                    return _buffer.AsSpan(0, n);
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_StartAndLengthEachNoLargerThanTheSpan() => AnalyzerAsync(
            Source("if ((uint)n > (uint)span.Length) return; var rest = span.Slice(n); var size = message->Small; if (size > rest.Length) return; _ = rest.Slice(0, size);"));

        // The checks the BCL itself uses for (start, length) pairs: each value is bounded by the span's length (minus
        // the other, already checked, non-negative value).
        [Theory]
        [InlineData("if ((uint)start > (uint)span.Length || (uint)length > (uint)(span.Length - start)) return;")]
        [InlineData("if (start < 0 || length < 0 || start > span.Length - length) return;")]
        [InlineData("if (start < 0 || start > span.Length) return; if (length < 0 || length > span.Length - start) return;")]
        public Task NoDiagnostic_StartAndLengthCheckedTheOverflowSafeWay(string check) => AnalyzerAsync(
            Source("var start = n; var length = message->Small - 4; " + check + " _ = span.Slice(start, length);"));

        // ---- Small types ----

        [Theory]
        [InlineData("_ = new byte[message->Small];")]
        [InlineData("_ = new byte[message->Tiny];")]
        [InlineData("_ = new List<int>(message->Small);")]
        [InlineData("_ = new string(' ', message->Tiny);")]
        public Task NoDiagnostic_AllocationSizedBy16BitValue(string statement) => AnalyzerAsync(Source(statement));

        [Theory]
        [InlineData("var size = message->Size; _ = new byte[{|#0:size|}];", "size", "new byte[size]")]
        [InlineData("var small = message->Small; _ = buffer.AsSpan(0, {|#0:small|});", "small", "buffer")]
        [InlineData("var tiny = message->Tiny; Array.Clear(buffer, 0, {|#0:tiny|});", "tiny", "buffer")]
        public Task Reports_UnsignedValueWithoutCheck(string statements, string value, string target) => AnalyzerAsync(
            Source(statements),
            Diagnostic("DF0004").WithLocation(0).WithArguments(value, target));

        [Theory]
        [InlineData("_ = new byte[size];")]
        [InlineData("_ = new List<byte>((int)size);")]
        [InlineData("_ = buffer.AsSpan(0, (int)size);")]
        public Task NoDiagnostic_UnsignedValueCheckedFromAboveOnly(string statement) => AnalyzerAsync(
            Source("var size = message->Size; if (size > buffer.Length) return; " + statement));

        // ---- Sources ----

        [Fact]
        public Task Reports_UntrustedParameterAsArraySize() => AnalyzerAsync(
            """
            class Parser
            {
                byte[] Allocate(int untrusted_length) => new byte[{|#0:untrusted_length|}];
            }
            """,
            Diagnostic("DF0004").WithLocation(0).WithArguments("untrusted_length", "new byte[untrusted_length]"));

        [Fact]
        public Task Reports_LengthReadFromMemoryMappedViewAccessor() => AnalyzerAsync(
            """
            using System.IO.MemoryMappedFiles;

            class Mailbox
            {
                byte[] Read(MemoryMappedViewAccessor view)
                {
                    var length = view.ReadInt32(0);
                    var payload = new byte[{|#0:length|}];
                    view.ReadArray(4, payload, 0, payload.Length);
                    return payload;
                }
            }
            """,
            Diagnostic("DF0004").WithLocation(0).WithArguments("length", "new byte[length]"));

        [Fact]
        public Task NoDiagnostic_LengthReadFromMemoryMappedViewAccessorAndChecked() => AnalyzerAsync(
            """
            using System.IO;
            using System.IO.MemoryMappedFiles;

            class Mailbox
            {
                const int MaxPayload = 4096;

                byte[] Read(MemoryMappedViewAccessor view)
                {
                    var length = view.ReadInt32(0);
                    if ((uint)length > MaxPayload)
                        throw new InvalidDataException("payload too long");
                    var payload = new byte[length];
                    view.ReadArray(4, payload, 0, payload.Length);
                    return payload;
                }
            }
            """);

        [Fact]
        public Task Reports_LengthReadWithBinaryPrimitivesFromSharedSpan() => AnalyzerAsync(
            """
            using System;
            using System.Buffers.Binary;
            using DoubleFetch;

            class Parser
            {
                ReadOnlySpan<byte> Body([SharedMemory] ReadOnlySpan<byte> frame, byte[] scratch)
                {
                    var length = BinaryPrimitives.ReadInt32LittleEndian(frame);
                    return scratch.AsSpan(0, {|#0:length|});
                }
            }
            """,
            Diagnostic("DF0004").WithLocation(0).WithArguments("length", "scratch"));

        // ---- Loop bounds that drive an index ----

        [Theory]
        [InlineData("for (int i = 0; i < {|#0:count|}; i++) sum += table[i];")]
        [InlineData("for (int i = 0; {|#0:count|} > i; i++) sum += table[i];")]
        [InlineData("for (var i = 0; i != table.Length && i < {|#0:count|}; ++i) sum += table[i];")]
        [InlineData("var i = 0; while (i < {|#0:count|}) { sum += table[i]; i++; }")]
        [InlineData("for (int i = 0; i <= {|#0:count|} - 1; i++) sum += table[i];")]
        public Task Reports_UntrustedLoopCountThatDrivesAnIndex(string loop) => AnalyzerAsync(
            $$"""
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
                    {{loop}}
                    return sum;
                }
            }
            """,
            Diagnostic("DF0004").WithLocation(0).WithArguments("count", "table")
                .WithMessage("Untrusted value 'count' is used as a length in 'table' without a bounds check"));

        [Fact]
        public Task Reports_UntrustedLoopCountOverKnownLengthTable() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct BlkifRequest
            {
                public byte NrSegments;
            }

            unsafe class Blkback
            {
                private readonly ulong[] _segments = new ulong[11];

                void Map(BlkifRequest* req)
                {
                    var nr = req->NrSegments;
                    for (var i = 0; i < {|#0:nr|}; i++)
                        _segments[i] = 0;
                }
            }
            """,
            Diagnostic("DF0004").WithLocation(0).WithArguments("nr", "_segments"));

        [Theory]
        [InlineData("if (count < 0 || count > table.Length) return 0; for (int i = 0; i < count; i++) sum += table[i];")]
        [InlineData("if ((uint)count > (uint)table.Length) return 0; for (int i = 0; i < count; i++) sum += table[i];")]
        [InlineData("var n = Math.Min(count, table.Length); for (int i = 0; i < n; i++) sum += table[i];")]
        [InlineData("for (int i = 0; i < count && i < table.Length; i++) sum += table[i];")]
        [InlineData("for (int i = 0; i < table.Length; i++) sum += table[i];")]
        [InlineData("for (int i = 0; i < count; i++) sum += i;")]
        [InlineData("if ((uint)count > 64) return 0; for (int i = 0; i < count; i++) sum += table[i];")]
        [InlineData("foreach (var value in table) sum += value;")]
        public Task NoDiagnostic_LoopCountCheckedOrNotDrivingAnIndex(string statements) => AnalyzerAsync(
            $$"""
            using System;
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
                    {{statements}}
                    return sum;
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_TrustedLoopCountInRangeOfKnownLength() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Id;
            }

            unsafe class Backend
            {
                const int Slots = 16;
                private readonly int[] _table = new int[Slots];

                int Sum(Request* p)
                {
                    var sum = 0;
                    for (int i = 0; i < Slots; i++)
                        sum += _table[i];
                    return sum;
                }
            }
            """);

        // A count checked against a bound larger than the table is checked, incompletely: DF0003, not "without a check".
        [Fact]
        public Task Reports_DF0003_NotDF0004_ForLoopCountCheckedAgainstBoundLargerThanKnownLength() => AnalyzerAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Count;
            }

            unsafe class Backend
            {
                private readonly int[] _table = new int[16];

                int Sum(Request* p)
                {
                    var count = p->Count;
                    if (count < 0 || count > 64)
                        return 0;
                    var sum = 0;
                    for (int i = 0; i < {|DF0003:count|}; i++)
                        sum += _table[i];
                    return sum;
                }
            }
            """);

        // ---- Where DF0004 ends ----

        [Fact]
        public Task Reports_DF0003_NotDF0004_ForLengthCheckedFromAboveOnly() => AnalyzerAsync(
            Source("if (n > buffer.Length) return; _ = buffer.AsSpan(0, {|DF0003:n|});"));

        [Fact]
        public Task Reports_DF0006_NotDF0004_ForLengthCheckedByAssertionOnly() => AnalyzerAsync(
            Source("System.Diagnostics.Debug.Assert(n >= 0 && n <= MaxMessage); _ = new byte[{|DF0006:n|}];"));

        [Fact]
        public Task Reports_DF0005_NotDF0004_ForStackallocSize() => AnalyzerAsync(
            Source("Span<byte> scratch = stackalloc byte[{|DF0005:n|}]; _ = scratch.Length;"));

        [Fact]
        public Task Reports_DF0002_NotDF0004_ForIndex() => AnalyzerAsync(
            Source("_ = buffer[{|DF0002:n|}];"));

        [Fact]
        public Task NoDiagnostic_TrustedLength() => AnalyzerAsync(
            Source("var length = buffer.Length / 2; _ = new byte[length]; _ = buffer.AsSpan(0, length); Array.Clear(buffer, 0, length);"));
    }
}
