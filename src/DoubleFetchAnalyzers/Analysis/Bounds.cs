using System;
using Microsoft.CodeAnalysis;

namespace DoubleFetchAnalyzers.Analysis
{
    /// <summary>Where a bound came from; decides whether it is a check and how a message names it.</summary>
    internal enum BoundOrigin
    {
        /// <summary>A relational comparison on a branch.</summary>
        Comparison,

        /// <summary>A relational pattern (<c>is &gt;= 0 and &lt; N</c>) or a switch arm.</summary>
        Pattern,

        /// <summary>An equality with a constant on its true branch.</summary>
        Equality,

        /// <summary>A throw helper (<c>ArgumentOutOfRangeException.ThrowIfNegative</c> ...).</summary>
        ThrowHelper,

        /// <summary><c>Math.Clamp</c>.</summary>
        Clamp,

        /// <summary><c>Math.Min</c>: an upper bound only.</summary>
        MathMin,

        /// <summary><c>Math.Max</c>: a lower bound only.</summary>
        MathMax,

        /// <summary>A configured sanitizer returned normally.</summary>
        Sanitizer,

        /// <summary>A bounds-checked index with the same value already executed.</summary>
        PriorIndex,

        /// <summary>A constant value.</summary>
        Constant,

        /// <summary>The range of the value's type (<c>byte</c>, <c>ushort</c>, unsigned types).</summary>
        TypeRange,

        /// <summary><c>x &amp; mask</c>.</summary>
        Mask,

        /// <summary><c>x % n</c>.</summary>
        Modulo,

        /// <summary>An unsigned right shift.</summary>
        Shift,
    }

    internal enum UpperBoundKind
    {
        /// <summary><c>value &lt; Offset</c>.</summary>
        Constant,

        /// <summary><c>value &lt; Path.Length + Offset</c> (<c>Length</c> or <c>Count</c> of the collection at Path).</summary>
        LengthOf,

        /// <summary><c>value &lt; Path + Offset</c> for a variable at Path.</summary>
        Variable,
    }

    internal static class BoundOrigins
    {
        /// <summary>Intrinsic ranges (type, mask, modulo, shift) bound a value but are no check of their own.</summary>
        public static bool IsIntrinsic(this BoundOrigin origin) =>
            origin is BoundOrigin.TypeRange or BoundOrigin.Mask or BoundOrigin.Modulo or BoundOrigin.Shift or BoundOrigin.Constant;
    }

    /// <summary><c>value &gt;= Value</c>.</summary>
    internal sealed class LowerBound : IEquatable<LowerBound>
    {
        public LowerBound(long value, BoundOrigin origin, IOperation? check, bool asserted)
        {
            Value = value;
            Origin = origin;
            Check = check;
            Asserted = asserted;
        }

        public long Value { get; }

        public BoundOrigin Origin { get; }

        /// <summary>The comparison, pattern or call that established the bound, if any.</summary>
        public IOperation? Check { get; }

        /// <summary>Established only by a debug assertion.</summary>
        public bool Asserted { get; }

        public LowerBound WithValue(long value) => value == Value ? this : new LowerBound(value, Origin, Check, Asserted);

        public LowerBound AsAsserted() => Asserted ? this : new LowerBound(Value, Origin, Check, asserted: true);

        public bool Equals(LowerBound? other) =>
            other is not null && Value == other.Value && Origin == other.Origin && Asserted == other.Asserted && ReferenceEquals(Check, other.Check);

        public override bool Equals(object? obj) => Equals(obj as LowerBound);

        public override int GetHashCode() => Value.GetHashCode() ^ (int)Origin;
    }

    /// <summary>An exclusive upper bound: <c>value &lt; base + Offset</c> where the base depends on <see cref="Kind"/>.</summary>
    internal sealed class UpperBound : IEquatable<UpperBound>
    {
        public UpperBound(UpperBoundKind kind, AccessPath? path, long offset, BoundOrigin origin, IOperation? check, bool asserted,
            bool baseMayBeNegative = false, bool baseUntrusted = false, long? knownLength = null)
        {
            Kind = kind;
            Path = path;
            Offset = offset;
            Origin = origin;
            Check = check;
            Asserted = asserted;
            BaseMayBeNegative = baseMayBeNegative;
            BaseUntrusted = baseUntrusted;
            KnownLength = knownLength;
        }

        public UpperBoundKind Kind { get; }

        /// <summary>The collection (for <see cref="UpperBoundKind.LengthOf"/>) or variable the bound is relative to.</summary>
        public AccessPath? Path { get; }

        public long Offset { get; }

        public BoundOrigin Origin { get; }

        public IOperation? Check { get; }

        public bool Asserted { get; }

        /// <summary>An unsigned comparison with a base that may be negative: it proves nothing.</summary>
        public bool BaseMayBeNegative { get; }

        /// <summary>The base is itself untrusted (<c>i &lt; untrusted_n</c>, <c>Math.Min(i, untrusted_n)</c>).</summary>
        public bool BaseUntrusted { get; }

        /// <summary>For <see cref="UpperBoundKind.LengthOf"/>: the collection's length, when it is a known constant.</summary>
        public long? KnownLength { get; }

        /// <summary>
        /// The same base, for joins. What an earlier access proved is kept apart from a check or an assertion with the
        /// same base: the check still counts for other collections, the access only for its own.
        /// </summary>
        public bool SameBase(UpperBound other) =>
            Kind == other.Kind && (Origin == BoundOrigin.PriorIndex) == (other.Origin == BoundOrigin.PriorIndex) && Equals(Path, other.Path);

        public UpperBound WithOffset(long offset) =>
            offset == Offset ? this : new UpperBound(Kind, Path, offset, Origin, Check, Asserted, BaseMayBeNegative, BaseUntrusted, KnownLength);

        public UpperBound AsAsserted() =>
            Asserted ? this : new UpperBound(Kind, Path, Offset, Origin, Check, asserted: true, BaseMayBeNegative, BaseUntrusted, KnownLength);

        /// <summary>The weaker of two bounds with the same base.</summary>
        public UpperBound Weaker(UpperBound other)
        {
            var offset = Math.Max(Offset, other.Offset);
            var asserted = Asserted || other.Asserted;
            var mayBeNegative = BaseMayBeNegative || other.BaseMayBeNegative;
            var untrusted = BaseUntrusted || other.BaseUntrusted;
            var primary = Offset >= other.Offset ? this : other;
            if (offset == primary.Offset && asserted == primary.Asserted && mayBeNegative == primary.BaseMayBeNegative && untrusted == primary.BaseUntrusted)
            {
                return primary;
            }

            return new UpperBound(Kind, Path, offset, primary.Origin, primary.Check, asserted, mayBeNegative, untrusted, primary.KnownLength);
        }

        public bool Equals(UpperBound? other) =>
            other is not null && Kind == other.Kind && Offset == other.Offset && Origin == other.Origin && Asserted == other.Asserted &&
            BaseMayBeNegative == other.BaseMayBeNegative && BaseUntrusted == other.BaseUntrusted && KnownLength == other.KnownLength &&
            Equals(Path, other.Path) && ReferenceEquals(Check, other.Check);

        public override bool Equals(object? obj) => Equals(obj as UpperBound);

        public override int GetHashCode() => ((int)Kind * 31) ^ Offset.GetHashCode() ^ (Path?.GetHashCode() ?? 0);
    }
}
