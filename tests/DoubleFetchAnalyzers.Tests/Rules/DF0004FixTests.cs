using System.Threading.Tasks;
using DoubleFetchAnalyzers.CodeFixes;
using Xunit;
using static DoubleFetchAnalyzers.Tests.Verify;

namespace DoubleFetchAnalyzers.Tests.Rules
{
    /// <summary>
    /// DF0004 "Add range check" (SPEC section 7): where the length is measured against a collection, insert
    /// <c>if ((uint)n &gt; (uint)a.Length) throw/return/continue;</c> before the statement (a length may equal the
    /// length, so '&gt;'); for a loop count, before the loop. Not offered where no bound is known (an allocation, a
    /// capacity) or the value is not a variable. Every test also checks Fix All, and that nothing is left to report.
    /// </summary>
    public class DF0004FixTests
    {
        private static Task NoFixAsync(string source) => CodeFixAsync<AddRangeCheckCodeFixProvider>(source, source, null);

        [Fact]
        public Task Fix_AsSpanLengthThrows() => CodeFixAsync<AddRangeCheckCodeFixProvider>(
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
                    return buffer.AsSpan(0, {|DF0004:length|});
                }
            }
            """,
            """
            using System;
            using System.IO;
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
                    if ((uint)length > (uint)buffer.Length)
                        throw new InvalidDataException("'length' is out of range.");
                    return buffer.AsSpan(0, length);
                }
            }
            """,
            AddRangeCheckCodeFixProvider.KeyFor("DF0004", AddRangeCheckCodeFixProvider.ThrowAction));

        [Fact]
        public Task Fix_UntrustedParameterThrowsArgumentOutOfRange() => CodeFixAsync<AddRangeCheckCodeFixProvider>(
            """
            class Parser
            {
                string Prefix(string text, int untrusted_length)
                {
                    return text.Substring(0, {|DF0004:untrusted_length|});
                }
            }
            """,
            """
            using System;

            class Parser
            {
                string Prefix(string text, int untrusted_length)
                {
                    if ((uint)untrusted_length > (uint)text.Length)
                        throw new ArgumentOutOfRangeException(nameof(untrusted_length));
                    return text.Substring(0, untrusted_length);
                }
            }
            """,
            AddRangeCheckCodeFixProvider.KeyFor("DF0004", AddRangeCheckCodeFixProvider.ThrowAction));

        [Fact]
        public Task Fix_SliceOfSpanParameterReturns() => CodeFixAsync<AddRangeCheckCodeFixProvider>(
            """
            using System;
            using System.Buffers.Binary;
            using DoubleFetch;

            class Parser
            {
                void Consume([SharedMemory] ReadOnlySpan<byte> frame, ReadOnlySpan<byte> copy, Action<int> sink)
                {
                    var length = BinaryPrimitives.ReadInt32LittleEndian(frame);
                    var body = copy.Slice(0, {|DF0004:length|});
                    sink(body.Length);
                }
            }
            """,
            """
            using System;
            using System.Buffers.Binary;
            using DoubleFetch;

            class Parser
            {
                void Consume([SharedMemory] ReadOnlySpan<byte> frame, ReadOnlySpan<byte> copy, Action<int> sink)
                {
                    var length = BinaryPrimitives.ReadInt32LittleEndian(frame);
                    if ((uint)length > (uint)copy.Length)
                        return;
                    var body = copy.Slice(0, length);
                    sink(body.Length);
                }
            }
            """,
            AddRangeCheckCodeFixProvider.KeyFor("DF0004", AddRangeCheckCodeFixProvider.ReturnAction));

        [Fact]
        public Task Fix_ArrayCopyLengthAgainstTheSourceArray() => CodeFixAsync<AddRangeCheckCodeFixProvider>(
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
                private readonly byte[] _staging = new byte[256];

                void Copy(Message* message, byte[] destination)
                {
                    var length = message->Length;
                    Array.Copy(_staging, destination, {|DF0004:length|});
                }
            }
            """,
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
                private readonly byte[] _staging = new byte[256];

                void Copy(Message* message, byte[] destination)
                {
                    var length = message->Length;
                    if ((uint)length > (uint)_staging.Length)
                        return;
                    Array.Copy(_staging, destination, length);
                }
            }
            """,
            AddRangeCheckCodeFixProvider.KeyFor("DF0004", AddRangeCheckCodeFixProvider.ReturnAction));

        [Fact]
        public Task Fix_LengthInsideLoopContinues() => CodeFixAsync<AddRangeCheckCodeFixProvider>(
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
                int Drain(Message*[] messages, byte[] buffer)
                {
                    var total = 0;
                    foreach (var message in messages)
                    {
                        var length = message->Length;
                        Array.Clear(buffer, 0, {|DF0004:length|});
                        total += length;
                    }

                    return total;
                }
            }
            """,
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
                int Drain(Message*[] messages, byte[] buffer)
                {
                    var total = 0;
                    foreach (var message in messages)
                    {
                        var length = message->Length;
                        if ((uint)length > (uint)buffer.Length)
                            continue;
                        Array.Clear(buffer, 0, length);
                        total += length;
                    }

                    return total;
                }
            }
            """,
            AddRangeCheckCodeFixProvider.KeyFor("DF0004", AddRangeCheckCodeFixProvider.ContinueAction));

        [Fact]
        public Task Fix_LoopCountIsCheckedBeforeTheLoop() => CodeFixAsync<AddRangeCheckCodeFixProvider>(
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
            """,
            """
            using System.IO;
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
                    if ((uint)count > (uint)table.Length)
                        throw new InvalidDataException("'count' is out of range.");
                    for (int i = 0; i < count; i++)
                        sum += table[i];
                    return sum;
                }
            }
            """,
            AddRangeCheckCodeFixProvider.KeyFor("DF0004", AddRangeCheckCodeFixProvider.ThrowAction));

        [Fact]
        public Task Fix_WhileLoopCountOverKnownLengthTableReturns() => CodeFixAsync<AddRangeCheckCodeFixProvider>(
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
                    var i = 0;
                    while (i < {|DF0004:nr|})
                    {
                        _segments[i] = 0;
                        i++;
                    }
                }
            }
            """,
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
                    var i = 0;
                    if (nr > _segments.Length)
                        return;
                    while (i < nr)
                    {
                        _segments[i] = 0;
                        i++;
                    }
                }
            }
            """,
            AddRangeCheckCodeFixProvider.KeyFor("DF0004", AddRangeCheckCodeFixProvider.ReturnAction));

        [Fact]
        public Task Fix_AllLengthsInDocument() => CodeFixAsync<AddRangeCheckCodeFixProvider>(
            """
            using System;
            using DoubleFetch;

            [SharedMemory]
            struct Message
            {
                public int Offset;
                public int Length;
            }

            unsafe class Reader
            {
                ReadOnlySpan<byte> Body(Message* message, byte[] frame)
                {
                    var offset = message->Offset;
                    var rest = frame.AsSpan({|DF0004:offset|});
                    var length = message->Length;
                    return rest.Slice(0, {|DF0004:length|});
                }

                string Name(string text, int untrusted_count) => Take(text, untrusted_count);

                string Take(string text, int untrusted_count)
                {
                    return text.Substring(0, {|DF0004:untrusted_count|});
                }
            }
            """,
            """
            using System;
            using System.IO;
            using DoubleFetch;

            [SharedMemory]
            struct Message
            {
                public int Offset;
                public int Length;
            }

            unsafe class Reader
            {
                ReadOnlySpan<byte> Body(Message* message, byte[] frame)
                {
                    var offset = message->Offset;
                    if ((uint)offset > (uint)frame.Length)
                        throw new InvalidDataException("'offset' is out of range.");
                    var rest = frame.AsSpan(offset);
                    var length = message->Length;
                    if ((uint)length > (uint)rest.Length)
                        throw new InvalidDataException("'length' is out of range.");
                    return rest.Slice(0, length);
                }

                string Name(string text, int untrusted_count) => Take(text, untrusted_count);

                string Take(string text, int untrusted_count)
                {
                    if ((uint)untrusted_count > (uint)text.Length)
                        throw new ArgumentOutOfRangeException(nameof(untrusted_count));
                    return text.Substring(0, untrusted_count);
                }
            }
            """,
            AddRangeCheckCodeFixProvider.KeyFor("DF0004", AddRangeCheckCodeFixProvider.ThrowAction));

        // ---- Not offered: no bound is known, or the value is not a variable ----

        [Theory]
        [InlineData("_ = new byte[{|DF0004:length|}];")]
        [InlineData("_ = new System.Collections.Generic.List<int>({|DF0004:length|});")]
        [InlineData("_ = System.Linq.Enumerable.Range(0, {|DF0004:length|});")]
        [InlineData("_ = new string(' ', {|DF0004:length|});")]
        [InlineData("System.Array.Resize(ref buffer, {|DF0004:length|});")]
        [InlineData("_ = buffer.AsSpan(0, {|DF0004:message->Other|});")]
        [InlineData("_ = buffer.AsSpan(0, {|DF0004:length * 2|});")]
        [InlineData("_ = Buffer().AsSpan(0, {|DF0004:length|});")]
        public Task NoFix_NoBoundOrNoVariable(string statement) => NoFixAsync(
            $$"""
            using System;
            using DoubleFetch;

            [SharedMemory]
            struct Message
            {
                public int Length;
                public int Other;
            }

            unsafe class Reader
            {
                byte[] Buffer() => new byte[16];

                void Read(Message* message, byte[] buffer)
                {
                    var length = message->Length;
                    {{statement}}
                }
            }
            """);

        [Fact]
        public Task NoFix_LoopCountChangedInTheLoop() => NoFixAsync(
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
                    {
                        sum += table[i];
                        count--;
                    }

                    return sum;
                }
            }
            """);
    }
}
