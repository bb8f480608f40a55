using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace DoubleFetchAnalyzers.Analysis
{
    /// <summary>A shared location read again after an earlier read on some path, with no exception applying.</summary>
    internal sealed class DoubleFetchFinding
    {
        public DoubleFetchFinding(IOperation fetch, IOperation firstFetch, AccessPath location, AccessPath firstLocation)
        {
            Fetch = fetch;
            FirstFetch = firstFetch;
            Location = location;
            FirstLocation = firstLocation;
        }

        public IOperation Fetch { get; }

        public IOperation FirstFetch { get; }

        public AccessPath Location { get; }

        /// <summary>The location the first fetch read: the same, or one that overlaps (a field and its whole struct).</summary>
        public AccessPath FirstLocation { get; }
    }

    /// <summary>How an untrusted value is used.</summary>
    internal enum SinkKind
    {
        /// <summary>Indexes a collection the runtime bounds-checks (array, span, list, string, indexer).</summary>
        Index,

        /// <summary>Is a length, count or size for an API that checks it.</summary>
        Length,

        /// <summary>Offsets or sizes memory the runtime does not check (pointers, Unsafe, Marshal, fixed buffers).</summary>
        UncheckedMemory,
    }

    /// <summary>Why a bounds check does not cover a sink.</summary>
    internal enum MissingCheck
    {
        /// <summary>There is no check at all.</summary>
        Unchecked,

        /// <summary>Only debug assertions check the value.</summary>
        AssertionOnly,

        NoLowerBound,
        NoUpperBound,
        SpecialValuesOnly,
        TruncatedCheck,
        OffByOne,
        PastTheEnd,
        BoundLargerThanLength,
        OtherCollectionLength,
        SignedModulo,
        MaskTooWide,
        MinFromAboveOnly,
        UntrustedBound,
        UnsignedCompareWithNegative,
    }

    /// <summary>An untrusted value reaches a sink without a complete bounds check on every path.</summary>
    internal sealed class SinkFinding
    {
        public SinkFinding(SinkKind kind, IOperation value, in SinkTarget target, MissingCheck missing, IOperation? relatedCheck, long? boundConstant, bool valueIsVariable)
        {
            ValueIsVariable = valueIsVariable;
            Kind = kind;
            Value = value;
            Target = target.Operation;
            TargetDisplay = target.Display;
            Missing = missing;
            RelatedCheck = relatedCheck;
            KnownLength = target.KnownLength;
            Inclusive = target.Inclusive;
            BoundConstant = boundConstant;
        }

        public SinkKind Kind { get; }

        /// <summary>The index, length or offset expression.</summary>
        public IOperation Value { get; }

        /// <summary>The collection, pointer or call the value is used with.</summary>
        public IOperation? Target { get; }

        public string TargetDisplay { get; }

        public MissingCheck Missing { get; }

        /// <summary>The incomplete check or assertion, when there is one.</summary>
        public IOperation? RelatedCheck { get; }

        /// <summary>The target's known number of elements, when the reason depends on it.</summary>
        public long? KnownLength { get; }

        /// <summary>The value is a variable (a local, a parameter, a field of one), not shared memory: reading it again reads the same value.</summary>
        public bool ValueIsVariable { get; }

        /// <summary>The value is a length or end offset, which may equal the target's length.</summary>
        public bool Inclusive { get; }

        /// <summary>The constant bound (or mask) that was used, when the reason depends on it.</summary>
        public long? BoundConstant { get; }
    }

    /// <summary>An untrusted, unchecked value stored in a variable whose name does not say so.</summary>
    internal sealed class UntrustedStoreFinding
    {
        public UntrustedStoreFinding(ISymbol variable, SyntaxNode declaration)
        {
            Variable = variable;
            Declaration = declaration;
        }

        public ISymbol Variable { get; }

        public SyntaxNode Declaration { get; }
    }

    /// <summary>Everything the engine found in one body (a method, a lambda or a local function).</summary>
    internal sealed class BodyFindings
    {
        public List<DoubleFetchFinding> DoubleFetches { get; } = new();

        public List<SinkFinding> Sinks { get; } = new();

        public List<UntrustedStoreFinding> UntrustedStores { get; } = new();

        /// <summary>Every fetch the analysis saw, grouped by location and path root, for the copy-the-struct fix.</summary>
        public List<(IOperation Fetch, AccessPath Location)> Fetches { get; } = new();

        /// <summary>Writes through shared locations, for the copy-the-struct fix.</summary>
        public List<(IOperation Write, AccessPath Location)> Writes { get; } = new();

        public bool IsEmpty => DoubleFetches.Count == 0 && Sinks.Count == 0 && UntrustedStores.Count == 0;

        /// <summary>Where each block's findings start in each list, in the order the blocks reported.</summary>
        private readonly List<BlockStart> _blocks = new();
        private bool _outOfOrder;

        /// <summary>The findings from here on are block <paramref name="ordinal"/>'s.</summary>
        public void StartBlock(int ordinal)
        {
            _outOfOrder |= _blocks.Count > 0 && _blocks[_blocks.Count - 1].Ordinal > ordinal;
            _blocks.Add(new BlockStart(ordinal, DoubleFetches.Count, Sinks.Count, UntrustedStores.Count, Fetches.Count, Writes.Count));
        }

        /// <summary>
        /// Puts the findings in block order: blocks outside loops report while the analysis runs, those in loops after
        /// it, and the rules see the findings in the order of the code either way.
        /// </summary>
        public void Complete()
        {
            if (!_outOfOrder)
            {
                return;
            }

            var order = new int[_blocks.Count];
            for (var i = 0; i < order.Length; i++)
            {
                order[i] = i;
            }

            // Each block reports once: ordinals are distinct, so an unstable sort is fine.
            System.Array.Sort(order, (x, y) => _blocks[x].Ordinal.CompareTo(_blocks[y].Ordinal));
            Reorder(DoubleFetches, order, static start => start.DoubleFetches);
            Reorder(Sinks, order, static start => start.Sinks);
            Reorder(UntrustedStores, order, static start => start.UntrustedStores);
            Reorder(Fetches, order, static start => start.Fetches);
            Reorder(Writes, order, static start => start.Writes);
            _blocks.Clear();
            _outOfOrder = false;
        }

        private void Reorder<T>(List<T> list, int[] order, System.Func<BlockStart, int> start)
        {
            if (list.Count == 0)
            {
                return;
            }

            var items = list.ToArray();
            list.Clear();
            foreach (var index in order)
            {
                var end = index + 1 < _blocks.Count ? start(_blocks[index + 1]) : items.Length;
                for (var i = start(_blocks[index]); i < end; i++)
                {
                    list.Add(items[i]);
                }
            }
        }

        private readonly struct BlockStart
        {
            public BlockStart(int ordinal, int doubleFetches, int sinks, int untrustedStores, int fetches, int writes)
            {
                Ordinal = ordinal;
                DoubleFetches = doubleFetches;
                Sinks = sinks;
                UntrustedStores = untrustedStores;
                Fetches = fetches;
                Writes = writes;
            }

            public int Ordinal { get; }

            public int DoubleFetches { get; }

            public int Sinks { get; }

            public int UntrustedStores { get; }

            public int Fetches { get; }

            public int Writes { get; }
        }
    }
}
