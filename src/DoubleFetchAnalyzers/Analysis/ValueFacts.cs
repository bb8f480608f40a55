using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace DoubleFetchAnalyzers.Analysis
{
    /// <summary>
    /// What is known about one value at a program point: whether it is untrusted (and where that came from),
    /// its lower and upper bounds, and a few facts rules need for their messages. Immutable.
    /// </summary>
    internal sealed class ValueFacts : IEquatable<ValueFacts>
    {
        public static readonly ValueFacts Trusted = new(null, null, ImmutableArray<UpperBound>.Empty, null, null, null, false);

        public ValueFacts(object? untrustedOrigin, LowerBound? lower, ImmutableArray<UpperBound> uppers, AccessPath? copyOf,
            IOperation? specialValueCheck, long? knownLength, bool isRefetch)
        {
            UntrustedOrigin = untrustedOrigin;
            Lower = lower;
            Uppers = uppers.IsDefault ? ImmutableArray<UpperBound>.Empty : uppers;
            CopyOf = copyOf;
            SpecialValueCheck = specialValueCheck;
            KnownLength = knownLength;
            IsRefetch = isRefetch;
        }

        /// <summary>Where the untrusted value came from (the operation that fetched or read it, or the untrusted symbol); null when trusted.</summary>
        public object? UntrustedOrigin { get; }

        public bool IsUntrusted => UntrustedOrigin is not null;

        public LowerBound? Lower { get; }

        public ImmutableArray<UpperBound> Uppers { get; }

        /// <summary>The value is a copy of this shared location, read earlier (for validation re-reads).</summary>
        public AccessPath? CopyOf { get; }

        /// <summary>The value was compared for equality with special values (<c>NUMA_NO_NODE</c>), and that is all.</summary>
        public IOperation? SpecialValueCheck { get; }

        /// <summary>For an array, span or buffer: its number of elements, when known.</summary>
        public long? KnownLength { get; }

        /// <summary>The value comes from a double fetch: DF0001 covers it, so sinks do not report it again.</summary>
        public bool IsRefetch { get; }

        public bool HasBounds => Lower is not null || !Uppers.IsEmpty;

        public static ValueFacts Untrusted(object origin) => new(origin, null, ImmutableArray<UpperBound>.Empty, null, null, null, false);

        public static ValueFacts Constant(long value) =>
            new(null, new LowerBound(value, BoundOrigin.Constant, null, false),
                ImmutableArray.Create(new UpperBound(UpperBoundKind.Constant, null, value + 1, BoundOrigin.Constant, null, false)), null, null, null, false);

        public static ValueFacts Length(long knownLength) => new(null, null, ImmutableArray<UpperBound>.Empty, null, null, knownLength, false);

        public ValueFacts WithUntrusted(object? origin) =>
            ReferenceEquals(origin, UntrustedOrigin) ? this : new(origin, Lower, Uppers, CopyOf, SpecialValueCheck, KnownLength, IsRefetch);

        public ValueFacts WithLower(LowerBound? lower) => new(UntrustedOrigin, lower, Uppers, CopyOf, SpecialValueCheck, KnownLength, IsRefetch);

        public ValueFacts WithUppers(ImmutableArray<UpperBound> uppers) => new(UntrustedOrigin, Lower, uppers, CopyOf, SpecialValueCheck, KnownLength, IsRefetch);

        public ValueFacts WithBounds(LowerBound? lower, ImmutableArray<UpperBound> uppers) =>
            new(UntrustedOrigin, lower, uppers, CopyOf, SpecialValueCheck, KnownLength, IsRefetch);

        public ValueFacts WithCopyOf(AccessPath? copyOf) => new(UntrustedOrigin, Lower, Uppers, copyOf, SpecialValueCheck, KnownLength, IsRefetch);

        public ValueFacts WithSpecialValueCheck(IOperation? check) => new(UntrustedOrigin, Lower, Uppers, CopyOf, check, KnownLength, IsRefetch);

        public ValueFacts WithKnownLength(long? length) => new(UntrustedOrigin, Lower, Uppers, CopyOf, SpecialValueCheck, length, IsRefetch);

        public ValueFacts AsRefetch() => IsRefetch ? this : new(UntrustedOrigin, Lower, Uppers, CopyOf, SpecialValueCheck, KnownLength, true);

        /// <summary>The value with only its taint: bounds and copies are facts about the old value.</summary>
        public ValueFacts TaintOnly() => UntrustedOrigin is null ? Trusted : Untrusted(UntrustedOrigin);

        /// <summary>Adds an upper bound, replacing a weaker one with the same base.</summary>
        public ValueFacts AddUpper(UpperBound bound)
        {
            var builder = ImmutableArray.CreateBuilder<UpperBound>(Uppers.Length + 1);
            var added = false;
            foreach (var existing in Uppers)
            {
                if (!added && existing.SameBase(bound))
                {
                    // Keep the tighter bound; a real check beats an assertion.
                    var keepExisting = existing.Offset < bound.Offset || (existing.Offset == bound.Offset && (!existing.Asserted || bound.Asserted));
                    builder.Add(keepExisting ? existing : bound);
                    added = true;
                }
                else
                {
                    builder.Add(existing);
                }
            }

            if (!added)
            {
                builder.Add(bound);
            }

            return WithUppers(builder.ToImmutable());
        }

        /// <summary>Adds a lower bound, keeping the tighter of the two.</summary>
        public ValueFacts AddLower(LowerBound bound)
        {
            if (Lower is not null && (Lower.Value > bound.Value || (Lower.Value == bound.Value && (!Lower.Asserted || bound.Asserted))))
            {
                return this;
            }

            return WithLower(bound);
        }

        /// <summary>Removes bounds that refer to <paramref name="path"/> (it was assigned).</summary>
        public ValueFacts WithoutBoundsOn(AccessPath path)
        {
            var builder = ImmutableArray.CreateBuilder<UpperBound>(Uppers.Length);
            foreach (var bound in Uppers)
            {
                if (bound.Path is null || !(bound.Path.StartsWith(path) || (path.RootSymbol is not null && path.Parent is null && bound.Path.DependsOn(path.RootSymbol))))
                {
                    builder.Add(bound);
                }
            }

            var copyOf = CopyOf is not null && (CopyOf.StartsWith(path) || (path.RootSymbol is not null && path.Parent is null && CopyOf.DependsOn(path.RootSymbol))) ? null : CopyOf;
            if (builder.Count == Uppers.Length && ReferenceEquals(copyOf, CopyOf))
            {
                return this;
            }

            return new ValueFacts(UntrustedOrigin, Lower, builder.ToImmutable(), copyOf, SpecialValueCheck, KnownLength, IsRefetch);
        }

        public bool MentionsPath(AccessPath path)
        {
            foreach (var bound in Uppers)
            {
                if (bound.Path is not null && (bound.Path.StartsWith(path) || (path.RootSymbol is not null && path.Parent is null && bound.Path.DependsOn(path.RootSymbol))))
                {
                    return true;
                }
            }

            return CopyOf is not null && (CopyOf.StartsWith(path) || (path.RootSymbol is not null && path.Parent is null && CopyOf.DependsOn(path.RootSymbol)));
        }

        /// <summary>
        /// Where paths meet: untrusted if untrusted on either. Bounds matter only where the value is untrusted: when
        /// one side is trusted, the untrusted side's bounds hold for the join; when both are, only those on both.
        /// </summary>
        public static ValueFacts Join(ValueFacts a, ValueFacts b)
        {
            if (ReferenceEquals(a, b) || a.Equals(b))
            {
                return a;
            }

            if (a.IsUntrusted != b.IsUntrusted)
            {
                var untrusted = a.IsUntrusted ? a : b;
                return new ValueFacts(
                    untrusted.UntrustedOrigin,
                    untrusted.Lower,
                    untrusted.Uppers,
                    Equals(a.CopyOf, b.CopyOf) ? a.CopyOf : null,
                    a.SpecialValueCheck ?? b.SpecialValueCheck,
                    a.KnownLength == b.KnownLength ? a.KnownLength : null,
                    a.IsRefetch || b.IsRefetch);
            }

            LowerBound? lower = null;
            if (a.Lower is not null && b.Lower is not null)
            {
                var weaker = a.Lower.Value <= b.Lower.Value ? a.Lower : b.Lower;
                lower = a.Lower.Asserted || b.Lower.Asserted ? weaker.AsAsserted() : weaker;
            }

            var uppers = ImmutableArray<UpperBound>.Empty;
            if (!a.Uppers.IsEmpty && !b.Uppers.IsEmpty)
            {
                var builder = ImmutableArray.CreateBuilder<UpperBound>();
                foreach (var ua in a.Uppers)
                {
                    foreach (var ub in b.Uppers)
                    {
                        if (ua.SameBase(ub))
                        {
                            builder.Add(ua.Weaker(ub));
                            break;
                        }
                    }
                }

                uppers = builder.ToImmutable();
            }

            return new ValueFacts(
                a.UntrustedOrigin ?? b.UntrustedOrigin,
                lower,
                uppers,
                Equals(a.CopyOf, b.CopyOf) ? a.CopyOf : null,
                a.SpecialValueCheck ?? b.SpecialValueCheck,
                a.KnownLength == b.KnownLength ? a.KnownLength : null,
                a.IsRefetch || b.IsRefetch);
        }

        /// <summary>Join after several rounds around a loop: bounds that still move are dropped.</summary>
        public static ValueFacts Widen(ValueFacts previous, ValueFacts next)
        {
            var joined = Join(previous, next);
            var lower = joined.Lower is not null && previous.Lower is not null && joined.Lower.Value == previous.Lower.Value ? joined.Lower : null;
            var builder = ImmutableArray.CreateBuilder<UpperBound>();
            foreach (var bound in joined.Uppers)
            {
                foreach (var old in previous.Uppers)
                {
                    if (old.SameBase(bound) && old.Offset == bound.Offset)
                    {
                        builder.Add(bound);
                        break;
                    }
                }
            }

            return joined.WithBounds(lower, builder.ToImmutable());
        }

        public bool Equals(ValueFacts? other)
        {
            if (other is null)
            {
                return false;
            }

            if (ReferenceEquals(this, other))
            {
                return true;
            }

            if (!ReferenceEquals(UntrustedOrigin, other.UntrustedOrigin) || !Equals(Lower, other.Lower) || !Equals(CopyOf, other.CopyOf) ||
                !ReferenceEquals(SpecialValueCheck, other.SpecialValueCheck) || KnownLength != other.KnownLength || IsRefetch != other.IsRefetch ||
                Uppers.Length != other.Uppers.Length)
            {
                return false;
            }

            for (var i = 0; i < Uppers.Length; i++)
            {
                if (!Uppers[i].Equals(other.Uppers[i]))
                {
                    return false;
                }
            }

            return true;
        }

        public override bool Equals(object? obj) => Equals(obj as ValueFacts);

        public override int GetHashCode() => (UntrustedOrigin?.GetHashCode() ?? 0) ^ Uppers.Length ^ (Lower?.GetHashCode() ?? 0);
    }
}
