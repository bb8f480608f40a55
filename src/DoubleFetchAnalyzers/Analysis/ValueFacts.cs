using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace DoubleFetchAnalyzers.Analysis
{
    /// <summary>
    /// What is known about one value at a program point: whether it is untrusted (and where that came from),
    /// its lower and upper bounds, and a few facts rules need for their messages. Immutable.
    /// </summary>
    internal sealed record ValueFacts
    {
        public static readonly ValueFacts Trusted = new();

        /// <summary>At most this many upper bounds per value: enough for every real check, and joins stay cheap.</summary>
        private const int MaxUppers = 8;

        private static readonly ValueFacts?[] SmallConstants = new ValueFacts?[256];

        private ValueFacts()
        {
        }

        /// <summary>Where the untrusted value came from (the operation that fetched or read it, or the untrusted symbol); null when trusted.</summary>
        public object? UntrustedOrigin { get; init; }

        public bool IsUntrusted => UntrustedOrigin is not null;

        public LowerBound? Lower { get; init; }

        public ImmutableArray<UpperBound> Uppers { get; init; } = ImmutableArray<UpperBound>.Empty;

        /// <summary>The value is a copy of this shared location, read earlier (for validation re-reads).</summary>
        public AccessPath? CopyOf { get; init; }

        /// <summary>The value was compared for equality with special values (<c>NUMA_NO_NODE</c>), and that is all.</summary>
        public IOperation? SpecialValueCheck { get; init; }

        /// <summary>The value was checked only after a cast that truncates it (<c>(uint)id</c> for a long id).</summary>
        public IOperation? TruncatedCheck { get; init; }

        /// <summary>For an array, span or buffer: its number of elements, when known.</summary>
        public long? KnownLength { get; init; }

        /// <summary>The value comes from a double fetch: DF0001 covers it, so sinks do not report it again.</summary>
        public bool IsRefetch { get; init; }

        /// <summary>A configured sanitizer accepted the value (SPEC section 5): it is in range for every use until reassigned.</summary>
        public bool Sanitized { get; init; }

        public static ValueFacts Untrusted(object origin) => new() { UntrustedOrigin = origin };

        public static ValueFacts Constant(long value)
        {
            // Small constants are made once: they hold no symbol or operation, and every visit of a block asks again.
            if (value >= 0 && value < SmallConstants.Length)
            {
                return SmallConstants[value] ??= MakeConstant(value);
            }

            return MakeConstant(value);
        }

        private static ValueFacts MakeConstant(long value) => new()
        {
            Lower = new LowerBound(value, BoundOrigin.Constant, null, false),
            Uppers = ImmutableArray.Create(new UpperBound(UpperBoundKind.Constant, null, value + 1, BoundOrigin.Constant, null, false)),
        };

        public static ValueFacts Length(long knownLength) => new() { KnownLength = knownLength };

        public ValueFacts WithUntrusted(object? origin) => ReferenceEquals(origin, UntrustedOrigin) ? this : this with { UntrustedOrigin = origin };

        public ValueFacts WithLower(LowerBound? lower) => this with { Lower = lower };

        public ValueFacts WithUppers(ImmutableArray<UpperBound> uppers) => this with { Uppers = uppers };

        public ValueFacts WithBounds(LowerBound? lower, ImmutableArray<UpperBound> uppers) => this with { Lower = lower, Uppers = uppers };

        public ValueFacts WithCopyOf(AccessPath? copyOf) => Equals(copyOf, CopyOf) ? this : this with { CopyOf = copyOf };

        public ValueFacts WithSpecialValueCheck(IOperation? check) => ReferenceEquals(check, SpecialValueCheck) ? this : this with { SpecialValueCheck = check };

        public ValueFacts WithTruncatedCheck(IOperation? check) => ReferenceEquals(check, TruncatedCheck) ? this : this with { TruncatedCheck = check };

        public ValueFacts WithKnownLength(long? length) => length == KnownLength ? this : this with { KnownLength = length };

        public ValueFacts AsRefetch() => IsRefetch ? this : this with { IsRefetch = true };

        /// <summary>The value with only its taint: bounds and copies are facts about the old value.</summary>
        public ValueFacts TaintOnly() => UntrustedOrigin is null ? Trusted : Untrusted(UntrustedOrigin);

        public ValueFacts AsSanitized() => Sanitized ? this : this with { Sanitized = true };

        /// <summary>The taint and the notes about incomplete checks, without bounds: a new value computed from this one.</summary>
        public ValueFacts TaintAndNotes() => TaintOnly() with { SpecialValueCheck = SpecialValueCheck, TruncatedCheck = TruncatedCheck };

        /// <summary>
        /// Adds an upper bound, replacing a weaker one with the same base. These same facts when the bound adds nothing
        /// (each visit of a loop refines the same comparisons again): no allocation then.
        /// </summary>
        public ValueFacts AddUpper(UpperBound bound)
        {
            for (var i = 0; i < Uppers.Length; i++)
            {
                var existing = Uppers[i];
                if (!existing.SameBase(bound))
                {
                    continue;
                }

                // Keep the tighter bound; a real check beats an assertion.
                var keepExisting = existing.Offset < bound.Offset || (existing.Offset == bound.Offset && (!existing.Asserted || bound.Asserted));
                return keepExisting ? this : WithUppers(Uppers.SetItem(i, bound));
            }

            // A value compared with many variables (a count against every loop counter) keeps the newest few.
            var uppers = Uppers.Length >= MaxUppers ? Uppers.RemoveAt(0) : Uppers;
            return WithUppers(uppers.Add(bound));
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
                if (!Refers(bound.Path, path))
                {
                    builder.Add(bound);
                }
            }

            var copyOf = Refers(CopyOf, path) ? null : CopyOf;
            if (builder.Count == Uppers.Length && ReferenceEquals(copyOf, CopyOf))
            {
                return this;
            }

            return this with { Uppers = builder.ToImmutable(), CopyOf = copyOf };
        }

        public bool MentionsPath(AccessPath path)
        {
            foreach (var bound in Uppers)
            {
                if (Refers(bound.Path, path))
                {
                    return true;
                }
            }

            return Refers(CopyOf, path);
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

            // Joins run at every meeting of paths and every round of a loop: the result is made once, and not at all
            // when it is one of the two.
            LowerBound? lower = null;
            ImmutableArray<UpperBound> uppers;
            bool sanitized;
            if (a.IsUntrusted != b.IsUntrusted)
            {
                var untrusted = a.IsUntrusted ? a : b;
                lower = untrusted.Lower;
                uppers = untrusted.Uppers;
                sanitized = untrusted.Sanitized;
            }
            else
            {
                if (a.Lower is not null && b.Lower is not null)
                {
                    var weaker = a.Lower.Value <= b.Lower.Value ? a.Lower : b.Lower;
                    lower = a.Lower.Asserted || b.Lower.Asserted ? weaker.AsAsserted() : weaker;
                }

                uppers = JoinUppers(a.Uppers, b.Uppers);
                sanitized = a.Sanitized && b.Sanitized;
            }

            var origin = a.UntrustedOrigin ?? b.UntrustedOrigin;
            var copyOf = Equals(a.CopyOf, b.CopyOf) ? a.CopyOf : null;
            var specialValueCheck = a.SpecialValueCheck ?? b.SpecialValueCheck;
            var truncatedCheck = a.TruncatedCheck ?? b.TruncatedCheck;
            var knownLength = a.KnownLength == b.KnownLength ? a.KnownLength : null;
            var isRefetch = a.IsRefetch || b.IsRefetch;
            // Most joins give back one of the two (the loop's state again): that is found without making a third.
            if (a.Has(origin, lower, uppers, copyOf, specialValueCheck, truncatedCheck, knownLength, isRefetch, sanitized))
            {
                return a;
            }

            if (b.Has(origin, lower, uppers, copyOf, specialValueCheck, truncatedCheck, knownLength, isRefetch, sanitized))
            {
                return b;
            }

            return new ValueFacts
            {
                UntrustedOrigin = origin,
                Lower = lower,
                Uppers = uppers,
                CopyOf = copyOf,
                SpecialValueCheck = specialValueCheck,
                TruncatedCheck = truncatedCheck,
                KnownLength = knownLength,
                IsRefetch = isRefetch,
                Sanitized = sanitized,
            };
        }

        /// <summary>The bounds with a base on both sides, each the weaker of the two; the first side's array when that is all of it.</summary>
        private static ImmutableArray<UpperBound> JoinUppers(ImmutableArray<UpperBound> a, ImmutableArray<UpperBound> b)
        {
            if (a.IsEmpty || b.IsEmpty)
            {
                return ImmutableArray<UpperBound>.Empty;
            }

            ImmutableArray<UpperBound>.Builder? builder = null;
            for (var i = 0; i < a.Length; i++)
            {
                UpperBound? kept = null;
                foreach (var ub in b)
                {
                    if (a[i].SameBase(ub))
                    {
                        kept = a[i].Weaker(ub);
                        break;
                    }
                }

                if (builder is null && kept is not null && kept.Equals(a[i]))
                {
                    continue;
                }

                if (builder is null)
                {
                    builder = ImmutableArray.CreateBuilder<UpperBound>(a.Length);
                    for (var j = 0; j < i; j++)
                    {
                        builder.Add(a[j]);
                    }
                }

                if (kept is not null)
                {
                    builder.Add(kept);
                }
            }

            return builder is null ? a : builder.ToImmutable();
        }

        /// <summary>Join after several rounds around a loop: bounds that still move are dropped.</summary>
        public static ValueFacts Widen(ValueFacts previous, ValueFacts next)
        {
            var joined = Join(previous, next);
            var lower = joined.Lower is not null && previous.Lower is not null && joined.Lower.Value == previous.Lower.Value ? joined.Lower : null;
            ImmutableArray<UpperBound>.Builder? builder = null;
            for (var i = 0; i < joined.Uppers.Length; i++)
            {
                var bound = joined.Uppers[i];
                var steady = false;
                foreach (var old in previous.Uppers)
                {
                    if (old.SameBase(bound) && old.Offset == bound.Offset)
                    {
                        steady = true;
                        break;
                    }
                }

                if (steady && builder is null)
                {
                    continue;
                }

                if (builder is null)
                {
                    builder = ImmutableArray.CreateBuilder<UpperBound>(joined.Uppers.Length);
                    for (var j = 0; j < i; j++)
                    {
                        builder.Add(joined.Uppers[j]);
                    }
                }

                if (steady)
                {
                    builder.Add(bound);
                }
            }

            if (builder is null && ReferenceEquals(lower, joined.Lower))
            {
                return joined;
            }

            var widened = joined.WithBounds(lower, builder is null ? joined.Uppers : builder.ToImmutable());
            return widened.Equals(previous) ? previous : widened;
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

            return Has(other.UntrustedOrigin, other.Lower, other.Uppers, other.CopyOf, other.SpecialValueCheck, other.TruncatedCheck, other.KnownLength, other.IsRefetch, other.Sanitized);
        }

        /// <summary>These facts have exactly these fields (origins and checks by reference, bounds and copies by value).</summary>
        private bool Has(
            object? origin, LowerBound? lower, ImmutableArray<UpperBound> uppers, AccessPath? copyOf, IOperation? specialValueCheck,
            IOperation? truncatedCheck, long? knownLength, bool isRefetch, bool sanitized) =>
            ReferenceEquals(UntrustedOrigin, origin) && Equals(Lower, lower) && Equals(CopyOf, copyOf) &&
            ReferenceEquals(SpecialValueCheck, specialValueCheck) && ReferenceEquals(TruncatedCheck, truncatedCheck) &&
            KnownLength == knownLength && IsRefetch == isRefetch && Sanitized == sanitized && SameUppers(Uppers, uppers);

        private static bool SameUppers(ImmutableArray<UpperBound> a, ImmutableArray<UpperBound> b)
        {
            if (a == b)
            {
                return true;
            }

            if (a.Length != b.Length)
            {
                return false;
            }

            for (var i = 0; i < a.Length; i++)
            {
                if (!a[i].Equals(b[i]))
                {
                    return false;
                }
            }

            return true;
        }

        public override int GetHashCode() => (UntrustedOrigin?.GetHashCode() ?? 0) ^ Uppers.Length ^ (Lower?.GetHashCode() ?? 0);

        /// <summary>The bound's or copy's path depends on <paramref name="assigned"/>, which was just assigned.</summary>
        private static bool Refers(AccessPath? path, AccessPath assigned) =>
            path is not null && (path.StartsWith(assigned) || (assigned.RootSymbol is not null && assigned.Parent is null && path.DependsOn(assigned.RootSymbol)));
    }
}
