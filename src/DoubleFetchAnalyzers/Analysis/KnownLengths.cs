using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DoubleFetchAnalyzers.Analysis
{
    /// <summary>
    /// The number of elements of arrays held in fields, where the code makes it certain: a readonly field assigned
    /// <c>new T[C]</c> (or an initializer of C elements) in its initializer or in every constructor; fixed-size
    /// buffers; inline arrays. Computed on demand and cached for the compilation.
    /// </summary>
    internal sealed class KnownLengths
    {
        private readonly Compilation _compilation;
        private readonly ConcurrentDictionary<ISymbol, long?> _fields = new(SymbolEqualityComparer.Default);

        public KnownLengths(Compilation compilation)
        {
            _compilation = compilation;
        }

        public long? OfField(IFieldSymbol field, CancellationToken cancellationToken)
        {
            if (field.IsFixedSizeBuffer)
            {
                return field.FixedSize;
            }

            if (!field.IsReadOnly || field.Type.TypeKind != TypeKind.Array)
            {
                return null;
            }

            var definition = (IFieldSymbol)field.OriginalDefinition;
            if (!_fields.TryGetValue(definition, out var length))
            {
                length = Compute(definition, cancellationToken);
                _fields.TryAdd(definition, length);
            }

            return length;
        }

        /// <summary>The length of an <c>[InlineArray(N)]</c> struct.</summary>
        public static long? OfInlineArray(ITypeSymbol? type)
        {
            if (type is null)
            {
                return null;
            }

            foreach (var attribute in type.GetAttributes())
            {
                if (attribute.AttributeClass?.Name == "InlineArrayAttribute" && attribute.ConstructorArguments.Length == 1 &&
                    attribute.ConstructorArguments[0].Value is int length)
                {
                    return length;
                }
            }

            return null;
        }

        private long? Compute(IFieldSymbol field, CancellationToken cancellationToken)
        {
            long? fromInitializer = null;
            foreach (var reference in field.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer.Value: { } value })
                {
                    fromInitializer = LengthOf(value, cancellationToken);
                    if (fromInitializer is null)
                    {
                        return null;
                    }
                }
            }

            var constructors = field.IsStatic ? field.ContainingType.StaticConstructors : field.ContainingType.InstanceConstructors;
            long? result = fromInitializer;
            foreach (var constructor in constructors)
            {
                if (constructor.IsImplicitlyDeclared)
                {
                    continue;
                }

                var assigned = AssignedIn(field, constructor, depth: 0, cancellationToken);
                if (assigned.Conflict)
                {
                    return null;
                }

                var value = assigned.Length ?? fromInitializer;
                if (value is null || (result is not null && result != value))
                {
                    return null;
                }

                result = value;
            }

            return result;
        }

        private (long? Length, bool Conflict) AssignedIn(IFieldSymbol field, IMethodSymbol constructor, int depth, CancellationToken cancellationToken)
        {
            if (depth > 8)
            {
                return (null, true);
            }

            foreach (var reference in constructor.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is not ConstructorDeclarationSyntax declaration)
                {
                    continue;
                }

                var model = SemanticModelFor(declaration.SyntaxTree);
                long? found = null;
                if (declaration.Initializer is { ThisOrBaseKeyword.Text: "this" } chained &&
                    model.GetSymbolInfo(chained, cancellationToken).Symbol is IMethodSymbol target)
                {
                    var inherited = AssignedIn(field, target, depth + 1, cancellationToken);
                    if (inherited.Conflict)
                    {
                        return inherited;
                    }

                    found = inherited.Length;
                }

                SyntaxNode? body = (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody;
                if (body is null)
                {
                    continue;
                }

                foreach (var assignment in body.DescendantNodes().OfType<AssignmentExpressionSyntax>())
                {
                    if (!SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(assignment.Left, cancellationToken).Symbol?.OriginalDefinition, field))
                    {
                        continue;
                    }

                    var length = LengthOf(assignment.Right, cancellationToken);
                    if (length is null || (found is not null && found != length))
                    {
                        return (null, true);
                    }

                    found = length;
                }

                return (found, false);
            }

            return (null, false);
        }

        private long? LengthOf(ExpressionSyntax value, CancellationToken cancellationToken)
        {
            switch (value)
            {
                case ArrayCreationExpressionSyntax creation:
                    var ranks = creation.Type.RankSpecifiers;
                    if (ranks.Count != 1 || ranks[0].Sizes.Count != 1)
                    {
                        return null;
                    }

                    if (ranks[0].Sizes[0] is OmittedArraySizeExpressionSyntax)
                    {
                        return creation.Initializer?.Expressions.Count;
                    }

                    var constant = SemanticModelFor(value.SyntaxTree).GetConstantValue(ranks[0].Sizes[0], cancellationToken);
                    return constant.HasValue && constant.Value is int size ? size : null;
                case ImplicitArrayCreationExpressionSyntax implicitCreation:
                    return implicitCreation.Initializer.Expressions.Count;
                case InitializerExpressionSyntax initializer:
                    return initializer.Expressions.Count;
                default:
                    return null;
            }
        }

        // The semantic model of another tree than the one being analysed: needed once per field to evaluate the
        // constant in `new T[Size]`, and cached with the result.
#pragma warning disable RS1030 // Do not invoke Compilation.GetSemanticModel() method within a diagnostic analyzer
        private SemanticModel SemanticModelFor(SyntaxTree tree) => _compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
    }
}
