using System;
using Microsoft.CodeAnalysis;

namespace DoubleFetchAnalyzers.Analysis
{
    /// <summary>
    /// Decides whether the facts about a value make up a complete bounds check for a target (SPEC section 6),
    /// and if not, what is missing.
    /// </summary>
    internal static class BoundsEvaluator
    {
        public readonly struct Verdict
        {
            public Verdict(MissingCheck? missing, IOperation? check, long? boundConstant)
            {
                Missing = missing;
                Check = check;
                BoundConstant = boundConstant;
            }

            /// <summary>Null when the value is in range on every path.</summary>
            public MissingCheck? Missing { get; }

            public IOperation? Check { get; }

            public long? BoundConstant { get; }
        }

        private static readonly Verdict Safe = new(null, null, null);

        public static Verdict Evaluate(ValueFacts facts, in SinkTarget target, Func<AccessPath, ValueFacts?> lookup)
        {
            if (!facts.IsUntrusted || facts.IsRefetch || facts.Sanitized)
            {
                return Safe;
            }

            if (LowerOk(facts, allowAsserted: false) && FindAcceptedUpper(facts, target, lookup, allowAsserted: false) is not null)
            {
                return Safe;
            }

            if (LowerOk(facts, allowAsserted: true) && FindAcceptedUpper(facts, target, lookup, allowAsserted: true) is { } assertedUpper)
            {
                var assertion = facts.Lower is { Asserted: true } lower ? lower.Check : assertedUpper.Check;
                return new Verdict(MissingCheck.AssertionOnly, assertion ?? assertedUpper.Check, null);
            }

            return Explain(facts, target, lookup);
        }

        /// <summary>
        /// The value is proven non-negative. An intrinsic lower bound (an unsigned type, a mask) counts: safety still
        /// needs an accepted upper bound, and an intrinsic upper bound is accepted only against a known length.
        /// </summary>
        private static bool LowerOk(ValueFacts facts, bool allowAsserted) =>
            facts.Lower is { } lower && lower.Value >= 0 && (allowAsserted || !lower.Asserted);

        private static UpperBound? FindAcceptedUpper(ValueFacts facts, in SinkTarget target, Func<AccessPath, ValueFacts?> lookup, bool allowAsserted)
        {
            foreach (var upper in facts.Uppers)
            {
                if ((allowAsserted || !upper.Asserted) && Accepts(upper, target, lookup, allowAsserted))
                {
                    return upper;
                }
            }

            return null;
        }

        private static bool Accepts(UpperBound upper, in SinkTarget target, Func<AccessPath, ValueFacts?> lookup, bool allowAsserted = false, int depth = 0)
        {
            if (upper.BaseMayBeNegative || (upper.BaseUntrusted && upper.Kind != UpperBoundKind.Variable))
            {
                return false;
            }

            var slack = target.Inclusive ? 1 : 0;
            switch (upper.Kind)
            {
                case UpperBoundKind.Constant:
                    // A constant bound proves the range when it is no larger than the known length; for a target of
                    // unknown length, a checked constant counts, an intrinsic range (a mask, a byte) does not, except
                    // as the size of an allocation, where a 16-bit range is small enough.
                    if (target.KnownLength is { } length)
                    {
                        return upper.Offset <= length + slack;
                    }

                    return !upper.Origin.IsIntrinsic() || (target.IsAllocationSize && upper.Offset <= ushort.MaxValue + 1);
                case UpperBoundKind.LengthOf:
                    if (upper.Offset > slack)
                    {
                        return false;
                    }

                    if (target.Path is not null && upper.Path is not null && target.Path.Equals(upper.Path))
                    {
                        return true;
                    }

                    // Another collection's length: right when the lengths are known to fit; where the target's length
                    // is unknown, a complete check against a trusted bound counts (SPEC section 6). An earlier access
                    // is no check: it proves the range of that collection only.
                    if (target.KnownLength is not { } targetLength)
                    {
                        return upper.Origin != BoundOrigin.PriorIndex;
                    }

                    return upper.KnownLength is { } boundLength && boundLength + upper.Offset <= targetLength + slack;
                case UpperBoundKind.Variable:
                    var baseFacts = upper.Path is null ? null : lookup(upper.Path);
                    if (baseFacts is null || !baseFacts.IsUntrusted)
                    {
                        // A trusted variable: where the target's length is unknown any two-sided check counts; where
                        // it is known, the variable's own range is not tracked, so the check is taken as meant.
                        return !upper.BaseUntrusted;
                    }

                    // An untrusted bound counts only when it is itself bounded for this target: i < n, n <= a.Length.
                    if (depth < 4)
                    {
                        foreach (var baseUpper in baseFacts.Uppers)
                        {
                            if ((allowAsserted || !baseUpper.Asserted) && Accepts(baseUpper.WithOffset(baseUpper.Offset + upper.Offset - 1), target, lookup, allowAsserted, depth + 1))
                            {
                                return true;
                            }
                        }
                    }

                    return false;
                default:
                    return false;
            }
        }

        private static Verdict Explain(ValueFacts facts, in SinkTarget target, Func<AccessPath, ValueFacts?> lookup)
        {
            UpperBound? evidence = null;
            foreach (var upper in facts.Uppers)
            {
                // An earlier access proves nothing about another collection; an assertion is not evidence of a check;
                // nor is the range of the value's type.
                if (upper.Asserted || upper.Origin is BoundOrigin.PriorIndex or BoundOrigin.TypeRange)
                {
                    continue;
                }

                if (upper.Origin.IsIntrinsic() && target.KnownLength is null && !(upper.Kind == UpperBoundKind.LengthOf && upper.Origin == BoundOrigin.Modulo))
                {
                    continue;
                }

                if (evidence is null || Rank(upper, target, lookup) > Rank(evidence, target, lookup))
                {
                    evidence = upper;
                }
            }

            var lower = facts.Lower is { Asserted: false } l && l.Origin != BoundOrigin.PriorIndex && (!l.Origin.IsIntrinsic() || evidence is not null) ? l : null;
            var lowerOk = lower is not null && lower.Value >= 0;

            if (evidence is not null)
            {
                if (!Accepts(evidence, target, lookup))
                {
                    // The largest value the bound lets through, as the message states it.
                    return new Verdict(UpperProblem(evidence, target, lookup), evidence.Check, evidence.Kind == UpperBoundKind.Constant ? evidence.Offset - 1 : evidence.Offset);
                }

                if (!lowerOk)
                {
                    var missing = evidence.Origin switch
                    {
                        BoundOrigin.Modulo => MissingCheck.SignedModulo,
                        BoundOrigin.MathMin => MissingCheck.MinFromAboveOnly,
                        _ => MissingCheck.NoLowerBound,
                    };
                    return new Verdict(missing, evidence.Check, null);
                }
            }

            if (lower is not null && !lower.Origin.IsIntrinsic())
            {
                return new Verdict(lowerOk ? MissingCheck.NoUpperBound : MissingCheck.NoLowerBound, lower.Check, null);
            }

            if (facts.TruncatedCheck is not null)
            {
                return new Verdict(MissingCheck.TruncatedCheck, facts.TruncatedCheck, null);
            }

            if (facts.SpecialValueCheck is not null)
            {
                return new Verdict(MissingCheck.SpecialValuesOnly, facts.SpecialValueCheck, null);
            }

            return new Verdict(MissingCheck.Unchecked, null, null);
        }

        private static int Rank(UpperBound upper, in SinkTarget target, Func<AccessPath, ValueFacts?> lookup) => Accepts(upper, target, lookup) ? 2 : upper.Origin.IsIntrinsic() ? 0 : 1;

        private static MissingCheck UpperProblem(UpperBound upper, in SinkTarget target, Func<AccessPath, ValueFacts?> lookup)
        {
            if (upper.BaseMayBeNegative)
            {
                return MissingCheck.UnsignedCompareWithNegative;
            }

            if (upper.BaseUntrusted || (upper.Kind == UpperBoundKind.Variable && upper.Path is not null && lookup(upper.Path) is { IsUntrusted: true }))
            {
                return upper.Origin == BoundOrigin.MathMin ? MissingCheck.MinFromAboveOnly : MissingCheck.UntrustedBound;
            }

            switch (upper.Kind)
            {
                case UpperBoundKind.LengthOf:
                    if (upper.Offset > 0 && (target.KnownLength is null || target.Path is null || upper.Path is null || target.Path.Equals(upper.Path) ||
                        upper.KnownLength == target.KnownLength))
                    {
                        var slack = target.Inclusive ? 1 : 0;
                        return upper.Offset == slack + 1 ? MissingCheck.OffByOne : MissingCheck.PastTheEnd;
                    }

                    return MissingCheck.OtherCollectionLength;
                case UpperBoundKind.Constant when upper.Origin == BoundOrigin.Mask:
                    return MissingCheck.MaskTooWide;
                case UpperBoundKind.Constant when target.KnownLength is { } length && upper.Offset == length + 1 && !upper.Origin.IsIntrinsic():
                    return MissingCheck.OffByOne;
                default:
                    return MissingCheck.BoundLargerThanLength;
            }
        }
    }
}
