using System.Threading.Tasks;
using DoubleFetchAnalyzers.CodeFixes;
using Xunit;
using static DoubleFetchAnalyzers.Tests.Verify;

namespace DoubleFetchAnalyzers.Tests.Rules
{
    /// <summary>
    /// DF0005 "Add range check" (SPEC section 7), offered only where a bound is known: a fixed-size buffer's size, a
    /// stackalloc of constant size, the managed array of a Marshal.Copy. A raw pointer has no bound the fix could
    /// use, so nothing is offered there. Every test also checks Fix All, and that nothing is left to report.
    /// </summary>
    public class DF0005FixTests
    {
        private static Task NoFixAsync(string source) => CodeFixAsync<AddRangeCheckCodeFixProvider>(source, source, null);

        [Fact]
        public Task Fix_FixedSizeBufferIndexThrows() => CodeFixAsync<AddRangeCheckCodeFixProvider>(
            """
            using DoubleFetch;

            [SharedMemory]
            unsafe struct BlkifRequest
            {
                public int Index;
                public fixed ulong Segments[16];
            }

            unsafe class Blkback
            {
                ulong Segment(BlkifRequest* req, BlkifRequest* copy)
                {
                    var k = req->Index;
                    return copy->Segments[{|DF0005:k|}];
                }
            }
            """,
            """
            using System.IO;
            using DoubleFetch;

            [SharedMemory]
            unsafe struct BlkifRequest
            {
                public int Index;
                public fixed ulong Segments[16];
            }

            unsafe class Blkback
            {
                ulong Segment(BlkifRequest* req, BlkifRequest* copy)
                {
                    var k = req->Index;
                    if ((uint)k >= 16)
                        throw new InvalidDataException("'k' is out of range.");
                    return copy->Segments[k];
                }
            }
            """,
            AddRangeCheckCodeFixProvider.KeyFor("DF0005", AddRangeCheckCodeFixProvider.ThrowAction));

        [Fact]
        public Task Fix_FixedSizeBufferOfLocalCopyWithUnsignedIndexReturns() => CodeFixAsync<AddRangeCheckCodeFixProvider>(
            """
            using DoubleFetch;

            [SharedMemory]
            unsafe struct Page
            {
                public uint Slot;
                public fixed byte Data[16];
            }

            unsafe class Reader
            {
                void Clear(Page* page)
                {
                    var copy = *page;
                    var slot = copy.Slot;
                    copy.Data[{|DF0005:slot|}] = 0;
                }
            }
            """,
            """
            using DoubleFetch;

            [SharedMemory]
            unsafe struct Page
            {
                public uint Slot;
                public fixed byte Data[16];
            }

            unsafe class Reader
            {
                void Clear(Page* page)
                {
                    var copy = *page;
                    var slot = copy.Slot;
                    if (slot >= 16)
                        return;
                    copy.Data[slot] = 0;
                }
            }
            """,
            AddRangeCheckCodeFixProvider.KeyFor("DF0005", AddRangeCheckCodeFixProvider.ReturnAction));

        [Fact]
        public Task Fix_StackallocPointerIndexReturns() => CodeFixAsync<AddRangeCheckCodeFixProvider>(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Descriptor
            {
                public int Offset;
            }

            unsafe class Nic
            {
                void Mark(Descriptor* descriptor)
                {
                    byte* scratch = stackalloc byte[64];
                    var offset = descriptor->Offset;
                    scratch[{|DF0005:offset|}] = 1;
                }
            }
            """,
            """
            using DoubleFetch;

            [SharedMemory]
            struct Descriptor
            {
                public int Offset;
            }

            unsafe class Nic
            {
                void Mark(Descriptor* descriptor)
                {
                    byte* scratch = stackalloc byte[64];
                    var offset = descriptor->Offset;
                    if ((uint)offset >= 64)
                        return;
                    scratch[offset] = 1;
                }
            }
            """,
            AddRangeCheckCodeFixProvider.KeyFor("DF0005", AddRangeCheckCodeFixProvider.ReturnAction));

        [Fact]
        public Task Fix_FixedSizeBufferIndexInLoopContinues() => CodeFixAsync<AddRangeCheckCodeFixProvider>(
            """
            using DoubleFetch;

            [SharedMemory]
            unsafe struct Ring
            {
                public fixed int Ids[8];
                public fixed long Slots[16];
            }

            unsafe class Consumer
            {
                long Sum(Ring* ring, Ring* table)
                {
                    long sum = 0;
                    for (var i = 0; i < 8; i++)
                    {
                        var id = ring->Ids[i];
                        sum += table->Slots[{|DF0005:id|}];
                    }

                    return sum;
                }
            }
            """,
            """
            using DoubleFetch;

            [SharedMemory]
            unsafe struct Ring
            {
                public fixed int Ids[8];
                public fixed long Slots[16];
            }

            unsafe class Consumer
            {
                long Sum(Ring* ring, Ring* table)
                {
                    long sum = 0;
                    for (var i = 0; i < 8; i++)
                    {
                        var id = ring->Ids[i];
                        if ((uint)id >= 16)
                            continue;
                        sum += table->Slots[id];
                    }

                    return sum;
                }
            }
            """,
            AddRangeCheckCodeFixProvider.KeyFor("DF0005", AddRangeCheckCodeFixProvider.ContinueAction));

        [Fact]
        public Task Fix_MarshalCopyLengthAgainstTheManagedArray() => CodeFixAsync<AddRangeCheckCodeFixProvider>(
            """
            using System;
            using System.Runtime.InteropServices;
            using DoubleFetch;

            [SharedMemory]
            struct Descriptor
            {
                public int Length;
            }

            unsafe class Nic
            {
                void Receive(Descriptor* descriptor, IntPtr native, byte[] managed)
                {
                    var length = descriptor->Length;
                    Marshal.Copy(native, managed, 0, {|DF0005:length|});
                }
            }
            """,
            """
            using System;
            using System.IO;
            using System.Runtime.InteropServices;
            using DoubleFetch;

            [SharedMemory]
            struct Descriptor
            {
                public int Length;
            }

            unsafe class Nic
            {
                void Receive(Descriptor* descriptor, IntPtr native, byte[] managed)
                {
                    var length = descriptor->Length;
                    if ((uint)length > (uint)managed.Length)
                        throw new InvalidDataException("'length' is out of range.");
                    Marshal.Copy(native, managed, 0, length);
                }
            }
            """,
            AddRangeCheckCodeFixProvider.KeyFor("DF0005", AddRangeCheckCodeFixProvider.ThrowAction));

        [Fact]
        public Task Fix_AllKnownBoundsInDocument() => CodeFixAsync<AddRangeCheckCodeFixProvider>(
            """
            using DoubleFetch;

            [SharedMemory]
            unsafe struct BlkifRequest
            {
                public int Index;
                public int Offset;
                public fixed ulong Segments[16];
            }

            unsafe class Blkback
            {
                ulong Segment(BlkifRequest* req, BlkifRequest* copy)
                {
                    var k = req->Index;
                    var segment = copy->Segments[{|DF0005:k|}];
                    byte* scratch = stackalloc byte[32];
                    var offset = req->Offset;
                    return segment + scratch[{|DF0005:offset|}];
                }
            }
            """,
            """
            using System.IO;
            using DoubleFetch;

            [SharedMemory]
            unsafe struct BlkifRequest
            {
                public int Index;
                public int Offset;
                public fixed ulong Segments[16];
            }

            unsafe class Blkback
            {
                ulong Segment(BlkifRequest* req, BlkifRequest* copy)
                {
                    var k = req->Index;
                    if ((uint)k >= 16)
                        throw new InvalidDataException("'k' is out of range.");
                    var segment = copy->Segments[k];
                    byte* scratch = stackalloc byte[32];
                    var offset = req->Offset;
                    if ((uint)offset >= 32)
                        throw new InvalidDataException("'offset' is out of range.");
                    return segment + scratch[offset];
                }
            }
            """,
            AddRangeCheckCodeFixProvider.KeyFor("DF0005", AddRangeCheckCodeFixProvider.ThrowAction));

        // ---- Not offered: no bound is known ----

        [Theory]
        [InlineData("_ = ring[{|DF0005:offset|}];")]
        [InlineData("_ = *(ring + {|DF0005:offset|});")]
        [InlineData("_ = Unsafe.Add(ref first, {|DF0005:offset|});")]
        [InlineData("Buffer.MemoryCopy(ring, destination, 4096, {|DF0005:offset|});")]
        [InlineData("NativeMemory.Clear(destination, {|DF0005:length|});")]
        [InlineData("_ = new Span<byte>(ring, {|DF0005:offset|});")]
        [InlineData("byte* scratch = stackalloc byte[{|DF0005:offset|}]; scratch[0] = 0;")]
        [InlineData("_ = MemoryMarshal.CreateSpan(ref first, {|DF0005:offset|});")]
        [InlineData("_ = ring[{|DF0005:descriptor->Other|}];")]
        public Task NoFix_NoBoundKnown(string statement) => NoFixAsync(
            $$"""
            using System;
            using System.Runtime.CompilerServices;
            using System.Runtime.InteropServices;
            using DoubleFetch;

            [SharedMemory]
            struct Descriptor
            {
                public int Offset;
                public uint Length;
                public int Other;
            }

            unsafe class Nic
            {
                void Receive(Descriptor* descriptor, byte* ring, byte* destination, ref byte first)
                {
                    var offset = descriptor->Offset;
                    var length = descriptor->Length;
                    {{statement}}
                }
            }
            """);
    }
}
