using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Text;

namespace DoubleFetchAnalyzers.CodeFixes
{
    /// <summary>
    /// DF0001's fixes, "Read 'p-&gt;Len' once" and "Copy '*p' once", in one provider. Fix All with either applies that
    /// fix where it is offered and the other one elsewhere, so that one pass (one <c>dotnet format</c> run) leaves no
    /// double fetch that either fix could remove.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DoubleFetchCodeFixProvider)), Shared]
    public sealed class DoubleFetchCodeFixProvider : CodeFixProvider
    {
        public const string ReadOnceKey = DiagnosticIds.SharedMemoryReadMoreThanOnce + ".ReadOnce";
        public const string CopyStructKey = DiagnosticIds.SharedMemoryReadMoreThanOnce + ".CopyStruct";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.SharedMemoryReadMoreThanOnce);

        public override FixAllProvider GetFixAllProvider() =>
            FixAllProvider.Create(async (context, document, diagnostics) =>
                await ApplyAsync(document, diagnostics, preferCopy: context.CodeActionEquivalenceKey == CopyStructKey, fallBack: true, context.CancellationToken).ConfigureAwait(false));

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return;
            }

            var document = context.Document;
            foreach (var diagnostic in context.Diagnostics)
            {
                var single = ImmutableArray.Create(diagnostic);
                if (ReadOncePlan.Create(root, model, diagnostic, context.CancellationToken) is { } readOnce)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create(readOnce.Title, ct => ApplyAsync(document, single, preferCopy: false, fallBack: false, ct), ReadOnceKey),
                        diagnostic);
                }

                if (CopyStructPlan.Create(root, model, diagnostic, context.CancellationToken) is { } copy)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create(copy.Title, ct => ApplyAsync(document, single, preferCopy: true, fallBack: false, ct), CopyStructKey),
                        diagnostic);
                }
            }
        }

        private static async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, bool preferCopy, bool fallBack, CancellationToken cancellationToken)
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
            var replaced = new List<TextSpan>();
            foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
            {
                var plan = Plan(root, model, diagnostic, preferCopy, cancellationToken);
                if (plan is null && fallBack)
                {
                    plan = Plan(root, model, diagnostic, !preferCopy, cancellationToken);
                }

                // Several diagnostics share one group (or one struct): it is fixed once.
                if (plan is null || plan.Replaced.Any(node => replaced.Any(span => span.OverlapsWith(node.Span))))
                {
                    continue;
                }

                replaced.AddRange(plan.Replaced.Select(node => node.Span));
                plan.Apply(editor, insertions, model, reserved);
            }

            if (insertions.IsEmpty)
            {
                return document;
            }

            insertions.ApplyTo(editor);
            return await DocumentCleanup.CleanUpAsync(document.WithSyntaxRoot(editor.GetChangedRoot()), cancellationToken).ConfigureAwait(false);
        }

        private static IReadOncePlan? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, bool copy, CancellationToken cancellationToken) =>
            copy ? CopyStructPlan.Create(root, model, diagnostic, cancellationToken) : ReadOncePlan.Create(root, model, diagnostic, cancellationToken);
    }
}
