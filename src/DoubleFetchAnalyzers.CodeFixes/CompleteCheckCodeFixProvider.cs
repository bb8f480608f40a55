using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DoubleFetchAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;

namespace DoubleFetchAnalyzers.CodeFixes
{
    /// <summary>
    /// DF0003 "Complete the check": rewrites the incomplete comparison in place. <c>&gt;</c> becomes <c>&gt;=</c> (and
    /// <c>&lt;=</c> becomes <c>&lt;</c>); a one-sided check of a signed value becomes the <c>(uint)</c> idiom, which
    /// checks both sides at once; a bound taken from another collection becomes the target's.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CompleteCheckCodeFixProvider)), Shared]
    public sealed class CompleteCheckCodeFixProvider : CodeFixProvider
    {
        public const string EquivalenceKey = DiagnosticIds.IncompleteBoundsCheck + ".CompleteCheck";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.IncompleteBoundsCheck);

        public override FixAllProvider GetFixAllProvider() =>
            FixAllProvider.Create(async (context, document, diagnostics) => await ApplyAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false));

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                if (Rewrite(root, model, diagnostic, context.CancellationToken) is not null)
                {
                    var document = context.Document;
                    context.RegisterCodeFix(
                        CodeAction.Create("Complete the check", ct => ApplyAsync(document, ImmutableArray.Create(diagnostic), ct), EquivalenceKey),
                        diagnostic);
                }
            }
        }

        private static async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return document;
            }

            var editor = new SyntaxEditor(root, document.Project.Solution.Services);
            var rewritten = new HashSet<SyntaxNode>();
            foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
            {
                if (Rewrite(root, model, diagnostic, cancellationToken) is { } rewrite && rewritten.Add(rewrite.Check))
                {
                    editor.ReplaceNode(rewrite.Check, rewrite.Replacement.WithTriviaFrom(rewrite.Check).WithAdditionalAnnotations(Formatter.Annotation));
                }
            }

            return rewritten.Count == 0
                ? document
                : await DocumentCleanup.CleanUpAsync(document.WithSyntaxRoot(editor.GetChangedRoot()), cancellationToken).ConfigureAwait(false);
        }

        /// <summary>The comparison to replace and its replacement; null when the reason has no rewrite.</summary>
        private static (BinaryExpressionSyntax Check, ExpressionSyntax Replacement)? Rewrite(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (diagnostic.AdditionalLocations.Count == 0 ||
                !diagnostic.Properties.TryGetValue(PropertyNames.Missing, out var missing) ||
                root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true) is not BinaryExpressionSyntax check ||
                root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax value)
            {
                return null;
            }

            var valueText = value.ToString();
            var indexOnLeft = Strip(check.Left).ToString() == valueText;
            var indexOnRight = Strip(check.Right).ToString() == valueText;
            if (indexOnLeft == indexOnRight)
            {
                return null;
            }

            var index = indexOnLeft ? check.Left : check.Right;
            var other = indexOnLeft ? check.Right : check.Left;
            var kind = check.Kind();
            diagnostic.Properties.TryGetValue(PropertyNames.Bound, out var targetBound);
            switch (missing)
            {
                case "OffByOne" when IsNonNegativeBound(other, model, cancellationToken):
                    // index > bound -> (uint)index >= (uint)bound; index <= bound -> (uint)index < (uint)bound (and
                    // mirrored): the strict comparison, and the unsigned form that also rejects negative values.
                    var fixedKind = (indexOnLeft, kind) switch
                    {
                        (true, SyntaxKind.GreaterThanExpression) => SyntaxKind.GreaterThanOrEqualExpression,
                        (true, SyntaxKind.LessThanOrEqualExpression) => SyntaxKind.LessThanExpression,
                        (false, SyntaxKind.LessThanExpression) => SyntaxKind.LessThanOrEqualExpression,
                        (false, SyntaxKind.GreaterThanOrEqualExpression) => SyntaxKind.GreaterThanExpression,
                        _ => SyntaxKind.None,
                    };
                    if (fixedKind == SyntaxKind.None)
                    {
                        return null;
                    }

                    return Unsigned(check, fixedKind, index, other, indexOnLeft, model, cancellationToken) ??
                           (check, SyntaxFactory.BinaryExpression(fixedKind, check.Left, check.Right));
                case "NoLowerBound" when IsUpperCheck(kind, indexOnLeft) && IsNonNegativeBound(other, model, cancellationToken):
                    // index >= bound -> (uint)index >= (uint)bound: negative values wrap and fail too.
                    return Unsigned(check, kind, index, other, indexOnLeft, model, cancellationToken);
                case "NoUpperBound" when targetBound is not null && IsZeroLowerCheck(kind, indexOnLeft, other):
                    // index < 0 -> (uint)index >= (uint)target.Length; index >= 0 -> (uint)index < (uint)target.Length.
                    var bound = SyntaxFactory.ParseExpression(targetBound);
                    if (!Binds(bound, check.SpanStart, model))
                    {
                        return null;
                    }

                    var exitForm = (indexOnLeft && kind == SyntaxKind.LessThanExpression) || (!indexOnLeft && kind == SyntaxKind.GreaterThanExpression);
                    var upperKind = exitForm ? SyntaxKind.GreaterThanOrEqualExpression : SyntaxKind.LessThanExpression;
                    return Unsigned(check, upperKind, index, bound, indexOnLeft: true, model, cancellationToken);
                case "OtherCollectionLength" when targetBound is not null:
                    // Replace the other collection's Length (inside any cast) with the target's.
                    var replacement = SyntaxFactory.ParseExpression(targetBound);
                    var length = other.DescendantNodesAndSelf().OfType<MemberAccessExpressionSyntax>()
                        .FirstOrDefault(member => member.Name.Identifier.ValueText is "Length" or "Count");
                    if (length is null || !Binds(replacement, check.SpanStart, model))
                    {
                        return null;
                    }

                    return (check, check.ReplaceNode(length, replacement.WithTriviaFrom(length)));
                default:
                    return null;
            }
        }

        /// <summary><c>(uint)index op (uint)bound</c> in place of <paramref name="replaced"/>; index must be a signed int or long.</summary>
        private static (BinaryExpressionSyntax, ExpressionSyntax)? Unsigned(BinaryExpressionSyntax replaced, SyntaxKind kind, ExpressionSyntax index, ExpressionSyntax bound, bool indexOnLeft,
            SemanticModel model, CancellationToken cancellationToken)
        {
            var cast = model.GetTypeInfo(Strip(index), cancellationToken).Type?.SpecialType switch
            {
                SpecialType.System_Int32 or SpecialType.System_Int16 or SpecialType.System_SByte => "uint",
                SpecialType.System_Int64 => "ulong",
                _ => null,
            };
            if (cast is null)
            {
                return null;
            }

            ExpressionSyntax Cast(ExpressionSyntax e) => SyntaxFactory.CastExpression(SyntaxFactory.ParseTypeName(cast), Parenthesize(Strip(e).WithoutTrivia()));
            var left = indexOnLeft ? Cast(index) : Cast(bound);
            var right = indexOnLeft ? Cast(bound) : Cast(index);
            return (replaced, SyntaxFactory.BinaryExpression(kind, left, right));
        }

        private static ExpressionSyntax Parenthesize(ExpressionSyntax expression) =>
            expression is IdentifierNameSyntax or MemberAccessExpressionSyntax or LiteralExpressionSyntax or InvocationExpressionSyntax or ElementAccessExpressionSyntax
                ? expression
                : SyntaxFactory.ParenthesizedExpression(expression);

        /// <summary><c>index &gt;= bound</c> (exit) or <c>index &lt; bound</c> (guard), either way round.</summary>
        private static bool IsUpperCheck(SyntaxKind kind, bool indexOnLeft) => indexOnLeft
            ? kind is SyntaxKind.GreaterThanOrEqualExpression or SyntaxKind.LessThanExpression
            : kind is SyntaxKind.LessThanOrEqualExpression or SyntaxKind.GreaterThanExpression;

        /// <summary><c>index &lt; 0</c> (exit) or <c>index &gt;= 0</c> (guard), either way round.</summary>
        private static bool IsZeroLowerCheck(SyntaxKind kind, bool indexOnLeft, ExpressionSyntax other) =>
            Strip(other) is LiteralExpressionSyntax { Token.ValueText: "0" } &&
            (indexOnLeft
                ? kind is SyntaxKind.LessThanExpression or SyntaxKind.GreaterThanOrEqualExpression
                : kind is SyntaxKind.GreaterThanExpression or SyntaxKind.LessThanOrEqualExpression);

        private static bool IsNonNegativeBound(ExpressionSyntax bound, SemanticModel model, CancellationToken cancellationToken)
        {
            bound = Strip(bound);
            if (model.GetConstantValue(bound, cancellationToken) is { HasValue: true, Value: int constant })
            {
                return constant >= 0;
            }

            return model.GetSymbolInfo(bound, cancellationToken).Symbol is IPropertySymbol { Name: "Length" or "Count" };
        }

        private static bool Binds(ExpressionSyntax expression, int position, SemanticModel model) =>
            model.GetSpeculativeSymbolInfo(position, expression, SpeculativeBindingOption.BindAsExpression).Symbol is not null;

        /// <summary>The expression without parentheses and casts: <c>(uint)(id)</c> is <c>id</c>.</summary>
        private static ExpressionSyntax Strip(ExpressionSyntax expression)
        {
            while (true)
            {
                switch (expression)
                {
                    case ParenthesizedExpressionSyntax parenthesized:
                        expression = parenthesized.Expression;
                        continue;
                    case CastExpressionSyntax cast:
                        expression = cast.Expression;
                        continue;
                    default:
                        return expression;
                }
            }
        }
    }
}
