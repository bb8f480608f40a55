using Microsoft.CodeAnalysis;

namespace DoubleFetchAnalyzers.Analysis
{
    /// <summary>What an index, length or offset is used with: the collection or memory, its path and known length.</summary>
    internal readonly struct SinkTarget
    {
        public SinkTarget(IOperation? operation, AccessPath? path, long? knownLength, string display)
        {
            Operation = operation;
            Path = path;
            KnownLength = knownLength;
            Display = display;
        }

        public IOperation? Operation { get; }

        /// <summary>The collection's path, to match bounds taken from its <c>Length</c> or <c>Count</c>.</summary>
        public AccessPath? Path { get; }

        /// <summary>The number of elements, when known.</summary>
        public long? KnownLength { get; }

        public string Display { get; }
    }
}
