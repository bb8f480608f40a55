using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace DoubleFetchAnalyzers.Analysis
{
    /// <summary>Values: arithmetic, conversions and the ranges they imply.</summary>
    internal sealed partial class Transfer
    {
        private ValueFacts VisitBinary(IBinaryOperation binary)
        {
            var left = Visit(binary.LeftOperand);
            var right = Visit(binary.RightOperand);
            if (IsComparison(binary.OperatorKind) || binary.Type?.SpecialType == SpecialType.System_Boolean)
            {
                return ValueFacts.Trusted;
            }

            // Pointer arithmetic: the integer operand offsets memory nobody checks.
            if (binary.Type is IPointerTypeSymbol && binary.OperatorKind is BinaryOperatorKind.Add or BinaryOperatorKind.Subtract)
            {
                if (binary.LeftOperand.Type is IPointerTypeSymbol && IsIntegral(binary.RightOperand.Type))
                {
                    CheckSink(SinkKind.UncheckedMemory, binary.RightOperand, right, PointerTarget(binary.LeftOperand, left));
                }
                else if (binary.RightOperand.Type is IPointerTypeSymbol && IsIntegral(binary.LeftOperand.Type))
                {
                    CheckSink(SinkKind.UncheckedMemory, binary.LeftOperand, left, PointerTarget(binary.RightOperand, right));
                }
            }

            return Arithmetic(binary.OperatorKind, left, right, binary.LeftOperand, binary.RightOperand, binary.Type);
        }

        private ValueFacts VisitUnary(IUnaryOperation unary)
        {
            var operand = Visit(unary.Operand);
            return unary.OperatorKind switch
            {
                UnaryOperatorKind.Plus => operand,
                UnaryOperatorKind.Not or UnaryOperatorKind.True or UnaryOperatorKind.False => ValueFacts.Trusted,
                _ => operand.TaintOnly(),
            };
        }

        /// <summary>The facts of <c>left op right</c>: taint flows; bounds follow where the operator makes that cheap.</summary>
        private ValueFacts Arithmetic(BinaryOperatorKind kind, ValueFacts left, ValueFacts right, IOperation leftOperation, IOperation rightOperation, ITypeSymbol? type)
        {
            var origin = left.UntrustedOrigin ?? right.UntrustedOrigin;
            var result = origin is null ? ValueFacts.Trusted : ValueFacts.Untrusted(origin);
            if (type is IPointerTypeSymbol)
            {
                return result;
            }

            var rightConstant = ConstantOf(rightOperation);
            var leftConstant = ConstantOf(leftOperation);
            switch (kind)
            {
                case BinaryOperatorKind.And:
                    // x & mask: [0, mask] for a non-negative mask, whatever x is.
                    var mask = rightConstant ?? leftConstant;
                    if (mask is >= 0)
                    {
                        var check = rightConstant is not null ? rightOperation : leftOperation;
                        return result.WithBounds(
                            new LowerBound(0, BoundOrigin.Mask, check, false),
                            ImmutableArray.Create(new UpperBound(UpperBoundKind.Constant, null, mask.Value + 1, BoundOrigin.Mask, check, false)));
                    }

                    return result;
                case BinaryOperatorKind.Remainder:
                    // x % n: below n; non-negative only when x is.
                    var modulus = Term(rightOperation);
                    if (modulus.Kind == TermKind.None || (modulus.Kind == TermKind.Constant && modulus.Offset <= 0))
                    {
                        return result;
                    }

                    var upper = modulus.ToUpperBound(0, BoundOrigin.Modulo, rightOperation, asserted: false, EffectiveFacts);
                    var lower = left.Lower is { Value: >= 0 } ? new LowerBound(0, BoundOrigin.Modulo, rightOperation, false) : null;
                    return result.WithBounds(lower, ImmutableArray.Create(upper));
                case BinaryOperatorKind.UnsignedRightShift when rightConstant is > 0 and < 64 && left.Lower is not { Value: >= 0 } && leftOperation.Type is { } shiftedType:
                    // x >>> k fills with zeros: [0, 2^(bits - k)) whatever the sign of x.
                    var bits = SizeOf(shiftedType) * 8;
                    return rightConstant.Value >= bits ? result : result.WithBounds(
                        new LowerBound(0, BoundOrigin.Shift, rightOperation, false),
                        ImmutableArray.Create(new UpperBound(UpperBoundKind.Constant, null, 1L << (int)(bits - rightConstant.Value), BoundOrigin.Shift, rightOperation, false)));
                case BinaryOperatorKind.RightShift or BinaryOperatorKind.UnsignedRightShift when rightConstant is >= 0 and < 64:
                    if (left.Lower is not { Value: >= 0 })
                    {
                        return result;
                    }

                    var shifted = result.WithLower(new LowerBound(0, BoundOrigin.Shift, rightOperation, false));
                    foreach (var bound in left.Uppers)
                    {
                        if (bound.Kind == UpperBoundKind.Constant && !bound.Asserted)
                        {
                            shifted = shifted.AddUpper(new UpperBound(UpperBoundKind.Constant, null, ((bound.Offset - 1) >> (int)rightConstant.Value) + 1, BoundOrigin.Shift, rightOperation, false));
                        }
                    }

                    return shifted;
                case BinaryOperatorKind.Add when rightConstant is { } addend:
                    return Shift(left, addend).WithUntrusted(origin);
                case BinaryOperatorKind.Add when leftConstant is { } addend:
                    return Shift(right, addend).WithUntrusted(origin);
                case BinaryOperatorKind.Subtract when rightConstant is { } subtrahend:
                    return Shift(left, -subtrahend).WithUntrusted(origin);
                default:
                    return result;
            }
        }

        /// <summary><c>x + delta</c>: every bound moves by delta.</summary>
        private static ValueFacts Shift(ValueFacts facts, long delta)
        {
            if (delta == 0)
            {
                return facts;
            }

            if (facts.Lower is null && facts.Uppers.IsEmpty)
            {
                return facts.TaintAndNotes();
            }

            var lower = facts.Lower?.WithValue(facts.Lower.Value + delta);
            var builder = ImmutableArray.CreateBuilder<UpperBound>(facts.Uppers.Length);
            foreach (var bound in facts.Uppers)
            {
                builder.Add(bound.WithOffset(bound.Offset + delta));
            }

            return facts.TaintAndNotes().WithBounds(lower, builder.MoveToImmutable());
        }

        private ValueFacts Convert(ValueFacts operand, IConversionOperation conversion)
        {
            var to = conversion.Type;
            var from = conversion.Operand.Type;
            if (to is null || from is null || !IsIntegral(to) || !IsIntegral(from))
            {
                return operand;
            }

            // A signed value converted to an unsigned type wraps when negative: its bounds only survive when the
            // lower bound proves it is not.
            if (IsUnsigned(to) && !IsUnsigned(from) && operand.Lower is not { Value: >= 0 })
            {
                return operand.TaintAndNotes();
            }

            // A narrowing conversion truncates: the bounds survive only when they fit the smaller type.
            if (IsNarrowing(from, to) && !FitsIn(operand, to))
            {
                return operand.TaintAndNotes();
            }

            return operand;
        }

        /// <summary>Adds the range of small and unsigned integer types (<c>byte</c> is in [0, 255]).</summary>
        private static ValueFacts WithTypeRange(ValueFacts facts, ITypeSymbol? type)
        {
            if (!facts.IsUntrusted || type is null)
            {
                return facts;
            }

            long? min;
            long? max;
            switch (type.SpecialType)
            {
                case SpecialType.System_Byte:
                    (min, max) = (0, byte.MaxValue);
                    break;
                case SpecialType.System_SByte:
                    (min, max) = (sbyte.MinValue, sbyte.MaxValue);
                    break;
                case SpecialType.System_UInt16:
                case SpecialType.System_Char:
                    (min, max) = (0, ushort.MaxValue);
                    break;
                case SpecialType.System_Int16:
                    (min, max) = (short.MinValue, short.MaxValue);
                    break;
                case SpecialType.System_UInt32:
                    (min, max) = (0, uint.MaxValue);
                    break;
                case SpecialType.System_UInt64:
                case SpecialType.System_UIntPtr:
                    (min, max) = (0, null);
                    break;
                default:
                    return facts;
            }

            if (facts.Lower is null || facts.Lower.Value < min)
            {
                facts = facts.WithLower(new LowerBound(min!.Value, BoundOrigin.TypeRange, null, false));
            }

            if (max is { } upper)
            {
                var hasConstant = false;
                foreach (var bound in facts.Uppers)
                {
                    hasConstant |= bound.Kind == UpperBoundKind.Constant && bound.Offset <= upper + 1;
                }

                if (!hasConstant)
                {
                    facts = facts.AddUpper(new UpperBound(UpperBoundKind.Constant, null, upper + 1, BoundOrigin.TypeRange, null, false));
                }
            }

            return facts;
        }

        private ValueFacts VisitArrayCreation(IArrayCreationOperation creation)
        {
            foreach (var size in creation.DimensionSizes)
            {
                var facts = Visit(size);
                if (!size.IsImplicit)
                {
                    CheckSink(SinkKind.Length, size, facts, new SinkTarget(null, null, null, Display(creation), inclusive: true, isAllocationSize: true));
                }
            }

            Visit(creation.Initializer);
            if (creation.DimensionSizes.Length == 1 && ConstantOf(creation.DimensionSizes[0]) is { } length)
            {
                return ValueFacts.Length(length);
            }

            return ValueFacts.Trusted;
        }

        private ValueFacts VisitObjectCreation(IObjectCreationOperation creation)
        {
            var arguments = creation.Arguments;
            var facts = new ValueFacts[arguments.Length];
            for (var i = 0; i < arguments.Length; i++)
            {
                facts[i] = Visit(arguments[i].Value);
            }

            _sinkArguments.Clear();
            SinkCatalog.Collect(creation, _known, _sinkArguments);
            if (creation.Constructor is { } constructor)
            {
                CheckArgumentSinks(arguments, facts, _sinkArguments, Display(creation));
            }

            Visit(creation.Initializer);
            return ValueFacts.Trusted;
        }

        private SinkTarget PointerTarget(IOperation pointer, ValueFacts facts) =>
            new(pointer, Model.PathOfValue(pointer), facts.KnownLength ?? KnownLengthOf(pointer), Display(StripConversions(pointer)));

        private static long? ConstantOf(IOperation operation)
        {
            if (!operation.ConstantValue.HasValue)
            {
                return null;
            }

            return operation.ConstantValue.Value switch
            {
                int i => i,
                long l => l,
                uint u => u,
                short s => s,
                ushort us => us,
                byte b => b,
                sbyte sb => sb,
                char c => c,
                ulong ul when ul <= long.MaxValue => (long)ul,
                _ => null,
            };
        }

        /// <summary>The conversion can lose high bits (long to int, int to byte, nuint to uint).</summary>
        private static bool IsNarrowing(ITypeSymbol from, ITypeSymbol to) => SizeOf(to) < SizeOf(from);

        private static int SizeOf(ITypeSymbol type)
        {
            if (type is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType: { } underlying })
            {
                type = underlying;
            }

            return type.SpecialType switch
            {
                SpecialType.System_Byte or SpecialType.System_SByte => 1,
                SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Char => 2,
                SpecialType.System_Int32 or SpecialType.System_UInt32 => 4,
                _ => 8,
            };
        }

        /// <summary>The facts prove the value is within the range of <paramref name="type"/>.</summary>
        private static bool FitsIn(ValueFacts facts, ITypeSymbol type)
        {
            var size = SizeOf(type);
            var unsigned = IsUnsigned(type);
            var min = unsigned ? 0 : size >= 8 ? long.MinValue : -(1L << ((size * 8) - 1));
            var max = size >= 8 ? long.MaxValue : unsigned ? (1L << (size * 8)) - 1 : (1L << ((size * 8) - 1)) - 1;
            if (facts.Lower is not { } lower || lower.Value < min)
            {
                return false;
            }

            foreach (var upper in facts.Uppers)
            {
                if ((upper.Kind == UpperBoundKind.Constant && upper.Offset - 1 <= max) ||
                    (upper.Kind == UpperBoundKind.LengthOf && upper.Offset <= 0 && max >= int.MaxValue))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsComparison(BinaryOperatorKind kind) =>
            kind is BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual or BinaryOperatorKind.GreaterThan or
                BinaryOperatorKind.GreaterThanOrEqual or BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals;

        private static bool IsIntegral(ITypeSymbol? type) => type?.SpecialType is
            SpecialType.System_Byte or SpecialType.System_SByte or SpecialType.System_Int16 or SpecialType.System_UInt16 or
            SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64 or
            SpecialType.System_Char or SpecialType.System_IntPtr or SpecialType.System_UIntPtr ||
            type?.TypeKind == TypeKind.Enum;

        private static bool IsUnsigned(ITypeSymbol? type) => type?.SpecialType is
            SpecialType.System_Byte or SpecialType.System_UInt16 or SpecialType.System_UInt32 or SpecialType.System_UInt64 or
            SpecialType.System_Char or SpecialType.System_UIntPtr;
    }
}
