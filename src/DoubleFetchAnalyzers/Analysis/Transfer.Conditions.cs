using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace DoubleFetchAnalyzers.Analysis
{
    internal enum TermKind
    {
        None,
        Constant,
        LengthOf,
        Variable,

        /// <summary>A variable cast to a smaller type: comparing it proves nothing about the variable.</summary>
        Truncated,
    }

    /// <summary>One side of a comparison: a constant, a collection's length or a variable, plus a constant offset.</summary>
    internal readonly struct ComparisonTerm
    {
        public ComparisonTerm(TermKind kind, AccessPath? path, long offset, bool convertedToUnsigned, bool unsignedType, long? knownLength, AccessPath? aliasOf)
        {
            Kind = kind;
            Path = path;
            Offset = offset;
            ConvertedToUnsigned = convertedToUnsigned;
            UnsignedType = unsignedType;
            KnownLength = knownLength;
            AliasOf = aliasOf;
        }

        public TermKind Kind { get; }

        public AccessPath? Path { get; }

        public long Offset { get; }

        /// <summary>A signed value converted to an unsigned type for the comparison (<c>(uint)i</c>).</summary>
        public bool ConvertedToUnsigned { get; }

        /// <summary>The value itself has an unsigned type.</summary>
        public bool UnsignedType { get; }

        public long? KnownLength { get; }

        /// <summary>For a flow capture, the variable it was captured from.</summary>
        public AccessPath? AliasOf { get; }

        public ComparisonTerm WithOffset(long offset) => new(Kind, Path, offset, ConvertedToUnsigned, UnsignedType, KnownLength, AliasOf);

        public UpperBound ToUpperBound(long extra, BoundOrigin origin, IOperation? check, bool asserted, Func<AccessPath, IOperation, ValueFacts?> facts) => Kind switch
        {
            TermKind.Constant => new UpperBound(UpperBoundKind.Constant, null, Offset + extra, origin, check, asserted),
            TermKind.LengthOf => new UpperBound(UpperBoundKind.LengthOf, Path, Offset + extra, origin, check, asserted, knownLength: KnownLength),
            _ => new UpperBound(UpperBoundKind.Variable, Path, Offset + extra, origin, check, asserted,
                baseUntrusted: check is not null && Path is not null && facts(Path, check) is { IsUntrusted: true }),
        };
    }

    /// <summary>Conditions: what a branch, a pattern, a throw helper or an assertion proves about values.</summary>
    internal sealed partial class Transfer
    {
        /// <summary>Refines the state with what <paramref name="condition"/> having the value <paramref name="outcome"/> proves.</summary>
        public void Refine(IOperation condition, bool outcome, bool asserted = false, int depth = 0)
        {
            if (depth > 32)
            {
                return;
            }

            switch (condition)
            {
                case IConversionOperation conversion:
                    Refine(conversion.Operand, outcome, asserted, depth + 1);
                    break;
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                    Refine(not.Operand, !outcome, asserted, depth + 1);
                    break;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.And } conjunction
                    when conjunction.Type?.SpecialType == SpecialType.System_Boolean:
                    if (outcome)
                    {
                        Refine(conjunction.LeftOperand, true, asserted, depth + 1);
                        Refine(conjunction.RightOperand, true, asserted, depth + 1);
                    }

                    break;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr or BinaryOperatorKind.Or } disjunction
                    when disjunction.Type?.SpecialType == SpecialType.System_Boolean:
                    if (!outcome)
                    {
                        Refine(disjunction.LeftOperand, false, asserted, depth + 1);
                        Refine(disjunction.RightOperand, false, asserted, depth + 1);
                    }

                    break;
                case IBinaryOperation binary when IsComparison(binary.OperatorKind):
                    RefineComparison(binary, outcome, asserted);
                    break;
                case IIsPatternOperation isPattern:
                    var term = Term(isPattern.Value);
                    if (term.Kind == TermKind.Variable && CurrentFacts(isPattern.Value) is { } facts)
                    {
                        Store(term, Constrain(facts, term, isPattern.Pattern, outcome, BoundOrigin.Pattern, isPattern, asserted, 0));
                    }

                    break;
                case IInvocationOperation invocation when outcome && invocation.Type?.SpecialType == SpecialType.System_Boolean && _sources.IsSanitizer(invocation.TargetMethod):
                    Sanitize(invocation);
                    break;
            }
        }

        private void RefineComparison(IBinaryOperation binary, bool outcome, bool asserted)
        {
            var kind = outcome ? binary.OperatorKind : Negate(binary.OperatorKind);
            var unsignedDomain = IsUnsigned(binary.LeftOperand.Type) || IsUnsigned(binary.RightOperand.Type);
            var left = Term(binary.LeftOperand, asserted: asserted);
            var right = Term(binary.RightOperand, asserted: asserted);
            NoteTruncatedCheck(left, binary);
            NoteTruncatedCheck(right, binary);
            if (left.Kind == TermKind.Variable && CurrentFacts(StripConversions(binary.LeftOperand)) is { } leftFacts)
            {
                Store(left, Relate(leftFacts, left, kind, right, unsignedDomain, BoundOrigin.Comparison, binary, asserted));
            }

            if (right.Kind == TermKind.Variable && CurrentFacts(StripConversions(binary.RightOperand)) is { } rightFacts)
            {
                Store(right, Relate(rightFacts, right, Flip(kind), left, unsignedDomain, BoundOrigin.Comparison, binary, asserted));
            }

            RefineDifference(binary.LeftOperand, binary.RightOperand, kind, unsignedDomain, binary, asserted);
            RefineDifference(binary.RightOperand, binary.LeftOperand, Flip(kind), unsignedDomain, binary, asserted);
        }

        /// <summary>
        /// <c>u &lt;= a - v</c> with <c>u &gt;= 0</c> gives <c>v &lt;= a</c>: the overflow-safe spelling of
        /// <c>u + v &lt;= a</c> (<c>start &gt; span.Length - length</c> failing bounds length by the span).
        /// </summary>
        private void RefineDifference(IOperation lesser, IOperation difference, BinaryOperatorKind kind, bool unsignedDomain, IOperation check, bool asserted)
        {
            if (kind is not (BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual) ||
                StripConversions(difference) is not IBinaryOperation { OperatorKind: BinaryOperatorKind.Subtract } subtraction)
            {
                return;
            }

            var lesserValue = StripConversions(lesser);
            var lesserNonNegative = IsUnsigned(lesserValue.Type) || ConstantOf(lesserValue) is >= 0 ||
                                    CurrentFacts(lesserValue) is { Lower.Value: >= 0, Lower.Asserted: false };
            var subtracted = Term(subtraction.RightOperand);
            var whole = Term(subtraction.LeftOperand);
            if (!lesserNonNegative || subtracted.Kind != TermKind.Variable || whole.Kind == TermKind.None ||
                CurrentFacts(StripConversions(subtraction.RightOperand)) is not { } facts)
            {
                return;
            }

            Store(subtracted, Relate(facts, subtracted, kind, whole, unsignedDomain && !IsUnsigned(subtraction.RightOperand.Type), BoundOrigin.Comparison, check, asserted));
        }

        /// <summary>A check of a truncated copy of an untrusted variable: DF0003 names it if nothing else checks the variable.</summary>
        private void NoteTruncatedCheck(in ComparisonTerm term, IOperation check)
        {
            if (term.Kind == TermKind.Truncated && term.Path is { } path && EffectiveFacts(path, check) is { IsUntrusted: true } facts)
            {
                _state.SetFacts(path, facts.WithTruncatedCheck(facts.TruncatedCheck ?? check));
            }
        }

        /// <summary>Applies <c>x rel bound</c> to the facts of x.</summary>
        private ValueFacts Relate(ValueFacts facts, in ComparisonTerm x, BinaryOperatorKind relation, in ComparisonTerm bound, bool unsignedDomain,
            BoundOrigin origin, IOperation check, bool asserted)
        {
            if (bound.Kind is TermKind.None or TermKind.Truncated)
            {
                return facts;
            }

            // x + a rel b + c  <=>  x rel b + (c - a).
            var offset = bound.Offset - x.Offset;
            var signedViaUnsigned = unsignedDomain && !x.UnsignedType;
            switch (relation)
            {
                case BinaryOperatorKind.LessThan:
                case BinaryOperatorKind.LessThanOrEqual:
                    var extra = offset - bound.Offset + (relation == BinaryOperatorKind.LessThanOrEqual ? 1 : 0);
                    var upper = bound.ToUpperBound(extra, origin, check, asserted, EffectiveFacts);
                    if (signedViaUnsigned)
                    {
                        // (uint)x < (uint)n proves 0 <= x < n, but only when n cannot be negative.
                        if (!NonNegative(bound))
                        {
                            upper = new UpperBound(upper.Kind, upper.Path, upper.Offset, upper.Origin, check, asserted, baseMayBeNegative: true,
                                baseUntrusted: upper.BaseUntrusted, knownLength: upper.KnownLength);
                        }

                        facts = facts.AddLower(new LowerBound(0, origin, check, asserted));
                    }

                    return facts.AddUpper(upper);
                case BinaryOperatorKind.GreaterThan when bound.Kind == TermKind.Constant && !signedViaUnsigned:
                    return facts.AddLower(new LowerBound(offset + 1, origin, check, asserted));
                case BinaryOperatorKind.GreaterThanOrEqual when bound.Kind == TermKind.Constant && !signedViaUnsigned:
                    return facts.AddLower(new LowerBound(offset, origin, check, asserted));
                case BinaryOperatorKind.Equals when bound.Kind == TermKind.Constant:
                    var equality = origin == BoundOrigin.Comparison ? BoundOrigin.Equality : origin;
                    return facts.AddLower(new LowerBound(offset, equality, check, asserted))
                        .AddUpper(new UpperBound(UpperBoundKind.Constant, null, offset + 1, equality, check, asserted));
                case BinaryOperatorKind.NotEquals when bound.Kind == TermKind.Constant && !asserted:
                    return facts.SpecialValueCheck is null && facts.IsUntrusted ? facts.WithSpecialValueCheck(check) : facts;
                default:
                    return facts;
            }
        }

        /// <summary>What matching (or failing) a pattern proves about the value tested.</summary>
        private ValueFacts Constrain(ValueFacts facts, in ComparisonTerm x, IPatternOperation pattern, bool outcome, BoundOrigin origin, IOperation check, bool asserted, int depth)
        {
            if (depth > 16)
            {
                return facts;
            }

            switch (pattern)
            {
                case IRelationalPatternOperation relational:
                    var value = Term(relational.Value);
                    return Relate(facts, x, outcome ? relational.OperatorKind : Negate(relational.OperatorKind), value, false, origin, check, asserted);
                case IConstantPatternOperation constant:
                    var constantTerm = Term(constant.Value);
                    var equality = outcome ? BinaryOperatorKind.Equals : BinaryOperatorKind.NotEquals;
                    return Relate(facts, x, equality, constantTerm, false, origin == BoundOrigin.Pattern ? BoundOrigin.Equality : origin, check, asserted);
                case INegatedPatternOperation negated:
                    return Constrain(facts, x, negated.Pattern, !outcome, origin, check, asserted, depth + 1);
                case IBinaryPatternOperation binary:
                    var both = (binary.OperatorKind == BinaryOperatorKind.And) == outcome;
                    var left = Constrain(facts, x, binary.LeftPattern, outcome, origin, check, asserted, depth + 1);
                    if (both)
                    {
                        // and matched, or "or" failed: both sides hold.
                        return Constrain(left, x, binary.RightPattern, outcome, origin, check, asserted, depth + 1);
                    }

                    // or matched, or "and" failed: one of the sides holds.
                    var right = Constrain(facts, x, binary.RightPattern, outcome, origin, check, asserted, depth + 1);
                    return ValueFacts.Join(left, right);
                default:
                    return facts;
            }
        }

        /// <summary>Stores refined facts for a variable term, and for the variable a capture stands for.</summary>
        private void Store(in ComparisonTerm term, ValueFacts facts)
        {
            if (term.Path is null)
            {
                return;
            }

            // Offsets were folded into the bounds; the stored facts are the variable's.
            _state.SetFacts(term.Path, facts);
            if (term.AliasOf is { } alias)
            {
                _state.SetFacts(alias, facts.WithCopyOf(_state.GetFacts(alias)?.CopyOf));
            }
        }

        /// <summary>Reads a comparison operand as a constant, a length or a variable plus a constant, without evaluating it.</summary>
        private ComparisonTerm Term(IOperation operation, int depth = 0, bool asserted = false)
        {
            var convertedToUnsigned = false;
            while (operation is IConversionOperation conversion)
            {
                if (conversion.Type is { } to && conversion.Operand.Type is { } from && IsIntegral(to) && IsIntegral(from))
                {
                    // A comparison of a truncated value (the low 32 bits of a long) proves nothing about the value.
                    if (IsNarrowing(from, to))
                    {
                        return VariablePath(StripConversions(conversion.Operand)) is { } truncated
                            ? new ComparisonTerm(TermKind.Truncated, truncated, 0, false, false, null, null)
                            : default;
                    }

                    convertedToUnsigned |= IsUnsigned(to) && !IsUnsigned(from);
                }

                operation = conversion.Operand;
            }

            if (ConstantOf(operation) is { } constant)
            {
                return new ComparisonTerm(TermKind.Constant, null, constant, convertedToUnsigned, constant >= 0, null, null);
            }

            if (depth < 8 && operation is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add or BinaryOperatorKind.Subtract } binary)
            {
                var sign = binary.OperatorKind == BinaryOperatorKind.Add ? 1 : -1;
                if (ConstantOf(binary.RightOperand) is { } right)
                {
                    var inner = Term(binary.LeftOperand, depth + 1, asserted);
                    return inner.Kind == TermKind.None ? inner : inner.WithOffset(inner.Offset + (sign * right));
                }

                if (sign == 1 && ConstantOf(binary.LeftOperand) is { } left)
                {
                    var inner = Term(binary.RightOperand, depth + 1);
                    return inner.Kind == TermKind.None ? inner : inner.WithOffset(inner.Offset + left);
                }

                // length - start with start >= 0 is at most length: the overflow-safe start-and-length check. In an
                // assertion, what other assertions say about start counts too.
                if (sign == -1 && (IsUnsigned(StripConversions(binary.RightOperand).Type) ||
                                   CurrentFacts(StripConversions(binary.RightOperand)) is { Lower.Value: >= 0 } subtrahend && (asserted || !subtrahend.Lower!.Asserted)))
                {
                    var minuend = Term(binary.LeftOperand, depth + 1, asserted);
                    return minuend.Kind is TermKind.LengthOf or TermKind.Constant ? minuend : default;
                }

                return default;
            }

            // a.GetLength(d): the length of one dimension of a multidimensional array.
            if (operation is IInvocationOperation { TargetMethod.Name: "GetLength" or "GetLongLength", Instance: { Type: IArrayTypeSymbol } array } getLength &&
                getLength.Arguments.Length == 1 && ValueKey.From(getLength.Arguments[0].Value, Model.IsSharedPlace) is { } dimension)
            {
                var arrayPath = Model.PathOfValue(array);
                return arrayPath is null ? default : new ComparisonTerm(TermKind.LengthOf, arrayPath.Call("GetLength", dimension), 0, convertedToUnsigned, false, null, null);
            }

            if (operation is IPropertyReferenceOperation { Instance: { } collection } property && IsLengthProperty(property))
            {
                var path = Model.PathOfValue(collection);
                return path is null ? default : new ComparisonTerm(TermKind.LengthOf, path, 0, convertedToUnsigned, false, KnownLengthOf(collection), null);
            }

            if (operation is IArrayElementReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation or ILocalReferenceOperation or
                IParameterReferenceOperation or IFlowCaptureReferenceOperation)
            {
                var variable = VariablePath(operation);
                if (variable is not null)
                {
                    var alias = operation is IFlowCaptureReferenceOperation ? _state.GetAlias(variable) : null;
                    return new ComparisonTerm(TermKind.Variable, variable, 0, convertedToUnsigned, IsUnsigned(operation.Type), null, alias);
                }
            }

            return default;
        }

        /// <summary>The current facts of a variable operand, including its symbol's taint, without evaluating anything.</summary>
        private ValueFacts? CurrentFacts(IOperation operation)
        {
            var place = PeekPlace(operation);
            return place is { } p ? Read(p) : null;
        }

        private Place? PeekPlace(IOperation operation)
        {
            switch (operation)
            {
                case ILocalReferenceOperation local:
                    var localPlace = LocalPlace(local);
                    return localPlace.Kind == PlaceKind.Variable ? localPlace : null;
                case IParameterReferenceOperation parameter:
                    var parameterPlace = ParameterPlace(parameter);
                    return parameterPlace.Kind == PlaceKind.Variable ? parameterPlace : null;
                case IFlowCaptureReferenceOperation capture:
                    var capturePath = Model.PathOf(capture.Id);
                    return new Place(PlaceKind.Variable, capturePath, capture, aliasOf: _state.GetAlias(capturePath));
                case IFieldReferenceOperation field when VariablePath(field) is { } fieldPath:
                    return new Place(PlaceKind.Variable, fieldPath, field, _sources.IsUntrustedSymbol(field.Field));
                case IPropertyReferenceOperation property when VariablePath(property) is { } propertyPath:
                    return new Place(PlaceKind.Variable, propertyPath, property, _sources.IsUntrustedSymbol(property.Property));
                default:
                    return null;
            }
        }

        private bool NonNegative(in ComparisonTerm term) => term.Kind switch
        {
            TermKind.Constant => term.Offset >= 0,
            TermKind.LengthOf => term.Offset >= 0,
            TermKind.Variable => term.UnsignedType || (term.Path is { } path && _state.GetFacts(path)?.Lower is { Value: >= 0, Asserted: false } lower && lower.Value + term.Offset >= 0),
            _ => false,
        };

        /// <summary>The known number of elements of an array, span or buffer expression, without evaluating it.</summary>
        private long? KnownLengthOf(IOperation collection)
        {
            if (Peek(collection)?.KnownLength is { } length)
            {
                return length;
            }

            collection = StripConversions(collection);
            if (Peek(collection)?.KnownLength is { } converted)
            {
                return converted;
            }

            return collection is IFieldReferenceOperation field ? _lengths.OfField(field.Field, _cancellationToken) : null;
        }

        private static IOperation StripConversions(IOperation operation)
        {
            while (operation is IConversionOperation conversion)
            {
                operation = conversion.Operand;
            }

            return operation;
        }

        private static BinaryOperatorKind Negate(BinaryOperatorKind kind) => kind switch
        {
            BinaryOperatorKind.LessThan => BinaryOperatorKind.GreaterThanOrEqual,
            BinaryOperatorKind.LessThanOrEqual => BinaryOperatorKind.GreaterThan,
            BinaryOperatorKind.GreaterThan => BinaryOperatorKind.LessThanOrEqual,
            BinaryOperatorKind.GreaterThanOrEqual => BinaryOperatorKind.LessThan,
            BinaryOperatorKind.Equals => BinaryOperatorKind.NotEquals,
            BinaryOperatorKind.NotEquals => BinaryOperatorKind.Equals,
            _ => kind,
        };

        private static BinaryOperatorKind Flip(BinaryOperatorKind kind) => kind switch
        {
            BinaryOperatorKind.LessThan => BinaryOperatorKind.GreaterThan,
            BinaryOperatorKind.LessThanOrEqual => BinaryOperatorKind.GreaterThanOrEqual,
            BinaryOperatorKind.GreaterThan => BinaryOperatorKind.LessThan,
            BinaryOperatorKind.GreaterThanOrEqual => BinaryOperatorKind.LessThanOrEqual,
            _ => kind,
        };
    }
}
