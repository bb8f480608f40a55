using System;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace DoubleFetchAnalyzers.Analysis
{
    /// <summary>
    /// The key of an index or argument expression inside a location key: a canonical text of a pure expression
    /// over constants, locals, parameters and fields, with the symbols it reads. Expressions with calls, fetches
    /// or side effects have no key, so a location indexed by them is never matched with another.
    /// </summary>
    internal sealed class ValueKey
    {
        public static readonly ValueKey Empty = new(string.Empty, ImmutableArray<ISymbol>.Empty);

        /// <summary>The key of index 0: <c>*p</c> and <c>p[0]</c> are the same location.</summary>
        public static readonly ValueKey Zero = new("#0", ImmutableArray<ISymbol>.Empty);

        private ValueKey(string id, ImmutableArray<ISymbol> dependencies)
        {
            Id = id;
            Dependencies = dependencies;
        }

        public string Id { get; }

        public static ValueKey Constant(long value) => value == 0 ? Zero : new ValueKey("#" + value.ToString(CultureInfo.InvariantCulture), ImmutableArray<ISymbol>.Empty);

        public ImmutableArray<ISymbol> Dependencies { get; }

        public static ValueKey? From(IOperation? operation, Func<IOperation, bool> isShared)
        {
            if (operation is null)
            {
                return null;
            }

            var text = new StringBuilder();
            var dependencies = ImmutableArray.CreateBuilder<ISymbol>();
            return Append(operation, text, dependencies, isShared, depth: 0) ? new ValueKey(text.ToString(), dependencies.ToImmutable()) : null;
        }

        public static ValueKey? FromArguments(ImmutableArray<IArgumentOperation> arguments, Func<IOperation, bool> isShared)
        {
            var text = new StringBuilder();
            var dependencies = ImmutableArray.CreateBuilder<ISymbol>();
            foreach (var argument in arguments)
            {
                if (argument.ArgumentKind == ArgumentKind.DefaultValue)
                {
                    continue;
                }

                if (argument.Parameter?.RefKind is RefKind.Out)
                {
                    continue;
                }

                if (text.Length > 0)
                {
                    text.Append(',');
                }

                if (!Append(argument.Value, text, dependencies, isShared, depth: 0))
                {
                    return null;
                }
            }

            return new ValueKey(text.ToString(), dependencies.ToImmutable());
        }

        private static bool Append(IOperation operation, StringBuilder text, ImmutableArray<ISymbol>.Builder dependencies, Func<IOperation, bool> isShared, int depth)
        {
            if (depth > 16)
            {
                return false;
            }

            if (operation.ConstantValue.HasValue)
            {
                text.Append('#').Append(Convert.ToString(operation.ConstantValue.Value, CultureInfo.InvariantCulture) ?? "null");
                return true;
            }

            switch (operation)
            {
                case ILocalReferenceOperation local:
                    text.Append(AccessPath.SymbolId(local.Local));
                    dependencies.Add(local.Local);
                    return true;
                case IParameterReferenceOperation parameter:
                    text.Append(AccessPath.SymbolId(parameter.Parameter));
                    dependencies.Add(parameter.Parameter);
                    return true;
                case IFieldReferenceOperation field when !isShared(field):
                    if (field.Instance is not null && field.Instance is not IInstanceReferenceOperation)
                    {
                        if (!Append(field.Instance, text, dependencies, isShared, depth + 1))
                        {
                            return false;
                        }
                    }

                    text.Append('.').Append(field.Field.Name);
                    dependencies.Add(field.Field);
                    return true;
                case IPropertyReferenceOperation { Property.Name: "Length" or "Count", Arguments.IsEmpty: true, Instance: { } instance } property when !isShared(property):
                    if (!Append(instance, text, dependencies, isShared, depth + 1))
                    {
                        return false;
                    }

                    text.Append('.').Append(property.Property.Name);
                    return true;
                case IConversionOperation conversion:
                    if (!conversion.IsImplicit)
                    {
                        text.Append('(').Append(conversion.Type?.Name).Append(')');
                    }

                    return Append(conversion.Operand, text, dependencies, isShared, depth + 1);
                case IBinaryOperation binary:
                    text.Append('(');
                    if (!Append(binary.LeftOperand, text, dependencies, isShared, depth + 1))
                    {
                        return false;
                    }

                    text.Append(' ').Append(binary.OperatorKind.ToString()).Append(' ');
                    if (!Append(binary.RightOperand, text, dependencies, isShared, depth + 1))
                    {
                        return false;
                    }

                    text.Append(')');
                    return true;
                case IUnaryOperation unary:
                    text.Append(unary.OperatorKind.ToString()).Append('(');
                    if (!Append(unary.Operand, text, dependencies, isShared, depth + 1))
                    {
                        return false;
                    }

                    text.Append(')');
                    return true;
                default:
                    return false;
            }
        }
    }
}
