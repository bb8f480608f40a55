using Microsoft.CodeAnalysis;

namespace DoubleFetchAnalyzers.Analysis
{
    /// <summary>What an index, length or offset is used with: the collection or memory, its path and known length.</summary>
    internal readonly struct SinkTarget
    {
        public SinkTarget(IOperation? operation, AccessPath? path, long? knownLength, string display, bool inclusive = false, bool isAllocationSize = false)
        {
            Operation = operation;
            Path = path;
            KnownLength = knownLength;
            Display = display;
            Inclusive = inclusive;
            IsAllocationSize = isAllocationSize;
        }

        public IOperation? Operation { get; }

        /// <summary>The collection's path, to match bounds taken from its <c>Length</c> or <c>Count</c>.</summary>
        public AccessPath? Path { get; }

        /// <summary>The number of elements, when known.</summary>
        public long? KnownLength { get; }

        public string Display { get; }

        /// <summary>
        /// A length or an end offset: the value may equal the target's length (<c>a.AsSpan(0, n)</c> with n == a.Length
        /// is fine), where an index must stay below it.
        /// </summary>
        public bool Inclusive { get; }

        /// <summary>
        /// The size of an allocation or a capacity on the managed heap: a value a 16-bit type bounds (a ushort) is small
        /// enough without a check. Not so for unchecked memory, where 64 KB past a buffer is 64 KB too far.
        /// </summary>
        public bool IsAllocationSize { get; }
    }
}
