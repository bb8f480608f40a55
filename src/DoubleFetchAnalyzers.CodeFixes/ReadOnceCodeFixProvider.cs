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

namespace DoubleFetchAnalyzers.CodeFixes
{
    /// <summary>
    /// DF0001 "Read 'p-&gt;Len' once": declares a local with the first fetch just before the statement that holds it,
    /// in the innermost block that holds every fetch of the location, and reads the local everywhere.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ReadOnceCodeFixProvider)), Shared]
    public sealed class ReadOnceCodeFixProvider : CodeFixProvider
    {
        public const string EquivalenceKey = DiagnosticIds.SharedMemoryReadMoreThanOnce + ".ReadOnce";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.SharedMemoryReadMoreThanOnce);

        public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(async (context, document, diagnostics) => await ApplyAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false));

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
                if (Plan.Create(root, model, diagnostic, context.CancellationToken) is { } plan)
                {
                    var document = context.Document;
                    context.RegisterCodeFix(
                        CodeAction.Create($"Read '{plan.FirstText}' once", ct => ApplyAsync(document, ImmutableArray.Create(diagnostic), ct), EquivalenceKey),
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
            var insertions = new StatementInsertions();
            var reserved = new Dictionary<SyntaxNode, HashSet<string>>();
            var replaced = new HashSet<SyntaxNode>();
            foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
            {
                if (Plan.Create(root, model, diagnostic, cancellationToken) is not { } plan || plan.Fetches.Any(replaced.Contains))
                {
                    continue;
                }

                var name = FixSyntax.FreeName(model, plan.Anchor, plan.BaseName, reserved);
                foreach (var fetch in plan.Fetches)
                {
                    replaced.Add(fetch);
                    editor.ReplaceNode(fetch, SyntaxFactory.IdentifierName(name).WithTriviaFrom(fetch));
                }

                insertions.Add(plan.Anchor, Declaration(name, plan.Fetches[0]));
            }

            if (insertions.IsEmpty)
            {
                return document;
            }

            insertions.ApplyTo(editor);
            return await DocumentCleanup.CleanUpAsync(document.WithSyntaxRoot(editor.GetChangedRoot()), cancellationToken).ConfigureAwait(false);
        }

        private static LocalDeclarationStatementSyntax Declaration(string name, ExpressionSyntax value) =>
            SyntaxFactory.LocalDeclarationStatement(
                SyntaxFactory.VariableDeclaration(
                    SyntaxFactory.IdentifierName("var"),
                    SyntaxFactory.SingletonSeparatedList(
                        SyntaxFactory.VariableDeclarator(SyntaxFactory.Identifier(name))
                            .WithInitializer(SyntaxFactory.EqualsValueClause(value.WithoutTrivia())))));

        /// <summary>Where the local goes and which expressions it replaces; null when the fix would be wrong.</summary>
        private sealed class Plan
        {
            private Plan(List<ExpressionSyntax> fetches, StatementSyntax anchor, string baseName)
            {
                Fetches = fetches;
                Anchor = anchor;
                BaseName = baseName;
            }

            /// <summary>Every fetch of the location, the first fetch first.</summary>
            public List<ExpressionSyntax> Fetches { get; }

            public StatementSyntax Anchor { get; }

            public string BaseName { get; }

            public string FirstText => Fetches[0].ToString();

            public static Plan? Create(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
            {
                if (diagnostic.AdditionalLocations.Count == 0)
                {
                    return null;
                }

                var fetches = new List<ExpressionSyntax>();
                foreach (var location in diagnostic.AdditionalLocations.Prepend(diagnostic.Location))
                {
                    if (location.SourceTree != root.SyntaxTree ||
                        root.FindNode(location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax fetch ||
                        fetch.Span != location.SourceSpan || FixSyntax.IsWritten(fetch))
                    {
                        return null;
                    }

                    fetches.Add(fetch);
                }

                // The first additional location is the first fetch: it becomes the initializer.
                var first = fetches[1];
                fetches.RemoveAt(1);
                fetches.Insert(0, first);
                fetches = fetches.Distinct().ToList();

                if (FixSyntax.Placement(fetches, first) is not var (anchor, outer))
                {
                    return null;
                }

                // Hoisting the first fetch out of a loop or a function that holds it would change what it reads; a
                // local declared outside a lambda would be read when the lambda runs, not when it was made.
                if (FixSyntax.LoopOrFunctionBetween(first, outer) || fetches.Any(f => FixSyntax.FunctionBetween(f, outer)))
                {
                    return null;
                }

                if (!FixSyntax.ReadsOnlyValuesDeclaredBefore(model, first, anchor, cancellationToken))
                {
                    return null;
                }

                return new Plan(fetches, anchor, NameFor(first));
            }

            private static string NameFor(ExpressionSyntax fetch) => fetch switch
            {
                MemberAccessExpressionSyntax member => FixSyntax.CamelCase(member.Name.Identifier.ValueText),
                MemberBindingExpressionSyntax binding => FixSyntax.CamelCase(binding.Name.Identifier.ValueText),
                IdentifierNameSyntax identifier => FixSyntax.CamelCase(identifier.Identifier.ValueText),
                InvocationExpressionSyntax => "value",
                _ => "element",
            };
        }
    }
}
