using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using DoubleFetchAnalyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace DoubleFetchAnalyzers.Rules
{
    /// <summary>
    /// DF0002 to DF0006: an untrusted value reaches an index, a length or an offset. Which rule depends on what is
    /// missing (nothing checked, an incomplete check, only an assertion) and on the kind of sink.
    /// </summary>
    internal static class BoundsRules
    {
        public static void Report(BodyFindings findings, Action<Diagnostic> report)
        {
            var seen = new HashSet<IOperation>();
            foreach (var sink in findings.Sinks)
            {
                if (seen.Add(sink.Value))
                {
                    report(Create(sink));
                }
            }
        }

        private static Diagnostic Create(SinkFinding sink)
        {
            var value = sink.Value.Syntax.ToString();
            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(PropertyNames.SinkKind, sink.Kind.ToString())
                .Add(PropertyNames.Missing, sink.Missing.ToString());
            if (sink.KnownLength is { } length)
            {
                properties = properties.Add(PropertyNames.KnownLength, length.ToString(CultureInfo.InvariantCulture));
            }

            if (BoundText(sink) is { } bound)
            {
                properties = properties.Add(PropertyNames.Bound, bound);
            }

            if (sink.Inclusive)
            {
                properties = properties.Add(PropertyNames.Inclusive, "true");
            }

            if (sink.ValueIsVariable)
            {
                properties = properties.Add(PropertyNames.ValueIsVariable, "true");
            }

            if (sink.Target is { } target)
            {
                var span = target.Syntax.Span;
                properties = properties.Add(PropertyNames.TargetSpan, span.Start.ToString(CultureInfo.InvariantCulture) + ":" + span.Length.ToString(CultureInfo.InvariantCulture));
            }

            var location = sink.Value.Syntax.GetLocation();
            var related = sink.RelatedCheck is null ? Array.Empty<Location>() : new[] { RelatedLocation(sink.RelatedCheck) };
            switch (sink.Missing)
            {
                case MissingCheck.Unchecked:
                    var descriptor = sink.Kind switch
                    {
                        SinkKind.Index => Descriptors.UncheckedIndex,
                        SinkKind.Length => Descriptors.UncheckedLength,
                        _ => Descriptors.UncheckedMemoryOffset,
                    };
                    return Diagnostic.Create(descriptor, location, related, properties, value, sink.TargetDisplay);
                case MissingCheck.AssertionOnly:
                    return Diagnostic.Create(Descriptors.AssertionOnlyBoundsCheck, location, related, properties, value, Verb(sink), sink.TargetDisplay);
                default:
                    return Diagnostic.Create(Descriptors.IncompleteBoundsCheck, location, related, properties, value, Verb(sink), sink.TargetDisplay, Reason(sink));
            }
        }

        /// <summary>What a range check compares with: the target's Length or Count, or its known constant length.</summary>
        private static string? BoundText(SinkFinding sink)
        {
            var target = sink.Target;
            while (target is IConversionOperation conversion)
            {
                target = conversion.Operand;
            }

            if (target?.Type is { } type && type.TypeKind != TypeKind.Pointer && LengthProperty(type) is { } property)
            {
                return target.Syntax.ToString() + "." + property;
            }

            return sink.KnownLength?.ToString(CultureInfo.InvariantCulture);
        }

        private static string? LengthProperty(ITypeSymbol type)
        {
            if (type.TypeKind == TypeKind.Array || type.SpecialType == SpecialType.System_String)
            {
                return "Length";
            }

            for (var current = type; current is not null; current = current.BaseType)
            {
                foreach (var name in new[] { "Count", "Length" })
                {
                    foreach (var member in current.GetMembers(name))
                    {
                        if (member is IPropertySymbol { IsStatic: false, Type.SpecialType: SpecialType.System_Int32 })
                        {
                            return name;
                        }
                    }
                }
            }

            return null;
        }

        /// <summary>The check itself, or for an assertion the whole <c>Debug.Assert(...)</c> call.</summary>
        private static Location RelatedLocation(IOperation check)
        {
            for (var node = check.Syntax; node is not null; node = node.Parent)
            {
                if (node is InvocationExpressionSyntax invocation && invocation.Expression.ToString().EndsWith("Assert", StringComparison.Ordinal))
                {
                    return invocation.GetLocation();
                }

                if (node is StatementSyntax)
                {
                    break;
                }
            }

            return check.Syntax.GetLocation();
        }

        /// <summary>What the value does to the target; a length of unchecked memory sizes it, an offset offsets it.</summary>
        private static string Verb(SinkFinding sink) => sink.Kind switch
        {
            SinkKind.Index => "indexes",
            SinkKind.Length => "sizes",
            _ => sink.Inclusive ? "sizes" : "offsets",
        };

        /// <summary>What is missing, in the words of SPEC section 4.</summary>
        public static string Reason(SinkFinding sink) => sink.Missing switch
        {
            MissingCheck.NoLowerBound => "no lower bound: negative values pass",
            MissingCheck.NoUpperBound => "no upper bound: values past the end pass",
            MissingCheck.SpecialValuesOnly => "compared with special values only",
            MissingCheck.TruncatedCheck => "the check compares the value cast to a smaller type, which drops its high bits",
            MissingCheck.OffByOne => "'" + ComparisonOperator(sink.RelatedCheck) + "' lets index == length through",
            MissingCheck.BoundLargerThanLength => string.Format(CultureInfo.InvariantCulture, "values up to {0} pass but '{1}' has {2} elements",
                sink.BoundConstant, sink.TargetDisplay, sink.KnownLength),
            MissingCheck.PastTheEnd => string.Format(CultureInfo.InvariantCulture, "values up to {0}.Length + {1} pass",
                sink.TargetDisplay, sink.BoundConstant - 1),
            MissingCheck.OtherCollectionLength => "checked against the length of '" + OtherCollection(sink) + "', indexes '" + sink.TargetDisplay + "'",
            MissingCheck.SignedModulo => "'%' on a signed value can be negative",
            MissingCheck.MaskTooWide => string.Format(CultureInfo.InvariantCulture, "a mask of {0} allows {1} but '{2}' has {3} elements",
                MaskText(sink), sink.BoundConstant, sink.TargetDisplay, sink.KnownLength),
            MissingCheck.MinFromAboveOnly => "Math.Min bounds it from above only",
            MissingCheck.UntrustedBound => "the bound it is compared with is itself untrusted",
            MissingCheck.UnsignedCompareWithNegative => "the unsigned comparison is with a bound that may be negative",
            _ => "the check does not cover every path",
        };

        private static string ComparisonOperator(IOperation? check) => check?.Syntax switch
        {
            BinaryExpressionSyntax binary => binary.OperatorToken.Text,
            _ => "<=",
        };

        private static string OtherCollection(SinkFinding sink)
        {
            if (sink.RelatedCheck is not null)
            {
                foreach (var operation in sink.RelatedCheck.DescendantsAndSelf())
                {
                    if (operation is IPropertyReferenceOperation { Property.Name: "Length" or "Count", Instance: { } instance } &&
                        instance.Syntax.ToString() != sink.TargetDisplay)
                    {
                        return instance.Syntax.ToString();
                    }
                }
            }

            return "another collection";
        }

        private static string MaskText(SinkFinding sink)
        {
            if (sink.RelatedCheck?.Syntax is LiteralExpressionSyntax literal)
            {
                return literal.Token.Text;
            }

            return sink.BoundConstant is { } mask ? "0x" + mask.ToString("X", CultureInfo.InvariantCulture) : "the mask";
        }
    }
}
