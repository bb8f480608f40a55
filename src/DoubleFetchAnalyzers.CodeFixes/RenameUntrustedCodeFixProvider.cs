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
using Microsoft.CodeAnalysis.Rename;

namespace DoubleFetchAnalyzers.CodeFixes
{
    /// <summary>DF0007 "Rename to untrusted_x": renames the variable and every reference through the Renamer.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RenameUntrustedCodeFixProvider)), Shared]
    public sealed class RenameUntrustedCodeFixProvider : CodeFixProvider
    {
        public const string EquivalenceKey = DiagnosticIds.UntrustedValueUnderTrustedName + ".Rename";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.UntrustedValueUnderTrustedName);

        public override FixAllProvider GetFixAllProvider() => new RenameAllProvider();

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach (var diagnostic in context.Diagnostics)
            {
                if (!diagnostic.Properties.TryGetValue(PropertyNames.NewName, out var newName) || newName is null)
                {
                    continue;
                }

                var symbol = await DeclaredSymbolAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false);
                if (symbol is null)
                {
                    continue;
                }

                var solution = context.Document.Project.Solution;
                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Rename to '{newName}'",
                        ct => RenameAsync(solution, new[] { (context.Document.Id, diagnostic) }, ct),
                        EquivalenceKey),
                    diagnostic);
            }
        }

        /// <summary>
        /// Renames one symbol after the other. Each rename can move text, so every declaration is found again in the
        /// current solution through an annotation put on it before the first rename.
        /// </summary>
        private static async Task<Solution> RenameAsync(Solution solution, IEnumerable<(DocumentId Document, Diagnostic Diagnostic)> diagnostics, CancellationToken cancellationToken)
        {
            var pending = new List<(DocumentId Document, SyntaxAnnotation Annotation, string NewName)>();
            foreach (var group in diagnostics.GroupBy(d => d.Document))
            {
                var document = solution.GetDocument(group.Key);
                var root = document is null ? null : await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                if (root is null)
                {
                    continue;
                }

                var annotated = new Dictionary<SyntaxNode, SyntaxAnnotation>();
                foreach (var (_, diagnostic) in group)
                {
                    if (diagnostic.Properties.TryGetValue(PropertyNames.NewName, out var newName) && newName is not null &&
                        root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is { } node && !annotated.ContainsKey(node))
                    {
                        var annotation = new SyntaxAnnotation();
                        annotated[node] = annotation;
                        pending.Add((group.Key, annotation, newName));
                    }
                }

                root = root.ReplaceNodes(annotated.Keys, (original, current) => current.WithAdditionalAnnotations(annotated[original]));
                solution = solution.WithDocumentSyntaxRoot(group.Key, root);
            }

            foreach (var (documentId, annotation, newName) in pending)
            {
                var document = solution.GetDocument(documentId);
                if (document is null || await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } root ||
                    await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } model)
                {
                    continue;
                }

                var node = root.GetAnnotatedNodes(annotation).FirstOrDefault();
                var symbol = node is null ? null : model.GetDeclaredSymbol(node, cancellationToken);
                if (node is null || symbol is null || symbol.Name == newName)
                {
                    continue;
                }

                // The suggested name may be taken (the untrusted parameter the value was copied from): take the next free one.
                var name = FixSyntax.FreeName(model, node, newName, new Dictionary<SyntaxNode, HashSet<string>>());
                solution = await Renamer.RenameSymbolAsync(solution, symbol, new SymbolRenameOptions(), name, cancellationToken).ConfigureAwait(false);
            }

            return solution;
        }

        private static async Task<ISymbol?> DeclaredSymbolAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return null;
            }

            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            return model.GetDeclaredSymbol(node, cancellationToken);
        }

        /// <summary>Fix All: one solution-wide action that renames every flagged variable in the scope.</summary>
        private sealed class RenameAllProvider : FixAllProvider
        {
            public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() =>
                new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

            public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
            {
                var diagnostics = new List<(DocumentId, Diagnostic)>();
                foreach (var project in Projects(fixAllContext))
                {
                    foreach (var document in project.Documents)
                    {
                        if (fixAllContext.Scope == FixAllScope.Document && document.Id != fixAllContext.Document?.Id)
                        {
                            continue;
                        }

                        foreach (var diagnostic in await fixAllContext.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false))
                        {
                            diagnostics.Add((document.Id, diagnostic));
                        }
                    }
                }

                var solution = fixAllContext.Solution;
                return CodeAction.Create(
                    "Rename untrusted variables",
                    ct => RenameAsync(solution, diagnostics, ct),
                    fixAllContext.CodeActionEquivalenceKey);
            }

            private static IEnumerable<Project> Projects(FixAllContext context) => context.Scope switch
            {
                FixAllScope.Solution => context.Solution.Projects,
                _ => new[] { context.Project },
            };
        }
    }
}
