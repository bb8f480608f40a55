using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace DoubleFetchAnalyzers.CodeFixes
{
    /// <summary>
    /// DF0006 "Turn the assertion into a check": <c>Debug.Assert(cond)</c> becomes
    /// <c>if (!(cond)) throw new InvalidDataException(...);</c>, which release builds keep.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AssertionToCheckCodeFixProvider)), Shared]
    public sealed class AssertionToCheckCodeFixProvider : CodeFixProvider
    {
        public const string EquivalenceKey = DiagnosticIds.AssertionOnlyBoundsCheck + ".AssertionToCheck";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.AssertionOnlyBoundsCheck);

        public override FixAllProvider GetFixAllProvider() =>
            FixAllProvider.Create(async (context, document, diagnostics) => await ApplyAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false));

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                if (Assertion(root, diagnostic) is not null)
                {
                    var document = context.Document;
                    context.RegisterCodeFix(
                        CodeAction.Create("Turn the assertion into a check", ct => ApplyAsync(document, ImmutableArray.Create(diagnostic), ct), EquivalenceKey),
                        diagnostic);
                }
            }
        }

        private static async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }

            var editor = new SyntaxEditor(root, document.Project.Solution.Services);
            var done = new HashSet<SyntaxNode>();
            foreach (var diagnostic in diagnostics)
            {
                if (Assertion(root, diagnostic) is { } assertion && done.Add(assertion.Statement))
                {
                    editor.ReplaceNode(assertion.Statement, Check(assertion.Invocation).WithTriviaFrom(assertion.Statement));
                }
            }

            return done.Count == 0
                ? document
                : await DocumentCleanup.CleanUpAsync(document.WithSyntaxRoot(editor.GetChangedRoot()), cancellationToken).ConfigureAwait(false);
        }

        /// <summary>The <c>Debug.Assert(...);</c> statement the diagnostic points at (its additional location).</summary>
        private static (ExpressionStatementSyntax Statement, InvocationExpressionSyntax Invocation)? Assertion(SyntaxNode root, Diagnostic diagnostic)
        {
            if (diagnostic.AdditionalLocations.Count == 0 ||
                root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true) is not { } node)
            {
                return null;
            }

            var invocation = node.AncestorsAndSelf().OfType<InvocationExpressionSyntax>().FirstOrDefault();
            if (invocation is null || invocation.Parent is not ExpressionStatementSyntax statement || invocation.ArgumentList.Arguments.Count == 0 ||
                !invocation.Expression.ToString().EndsWith("Assert", System.StringComparison.Ordinal))
            {
                return null;
            }

            return (statement, invocation);
        }

        private static StatementSyntax Check(InvocationExpressionSyntax invocation)
        {
            var arguments = invocation.ArgumentList.Arguments;
            var condition = arguments[0].Expression.WithoutTrivia();
            var message = arguments.Count > 1 && arguments[1].Expression is LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression } literal
                ? (ExpressionSyntax)literal.WithoutTrivia()
                : SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal("Check failed: " + condition));
            var exception = SyntaxFactory.ObjectCreationExpression(
                    SyntaxFactory.ParseTypeName("System.IO.InvalidDataException").WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation))
                .WithArgumentList(SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(message))));
            var negated = SyntaxFactory.PrefixUnaryExpression(SyntaxKind.LogicalNotExpression, SyntaxFactory.ParenthesizedExpression(condition).WithAdditionalAnnotations(Simplifier.Annotation));
            return SyntaxFactory.IfStatement(negated, SyntaxFactory.ThrowStatement(exception)).WithAdditionalAnnotations(Formatter.Annotation);
        }
    }
}
