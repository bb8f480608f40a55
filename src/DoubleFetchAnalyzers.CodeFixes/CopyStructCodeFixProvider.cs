using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
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
using Microsoft.CodeAnalysis.Text;

namespace DoubleFetchAnalyzers.CodeFixes
{
    /// <summary>
    /// DF0001 "Copy '*p' once": takes one private copy of the shared struct (<c>var req = *p;</c>, as Xen's
    /// RING_COPY_REQUEST does) and reads every field from the copy. The analyzer offers it (through the diagnostic's
    /// properties) only when the struct is reached through a pointer or reference and nothing writes through it.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CopyStructCodeFixProvider)), Shared]
    public sealed class CopyStructCodeFixProvider : CodeFixProvider
    {
        public const string EquivalenceKey = DiagnosticIds.SharedMemoryReadMoreThanOnce + ".CopyStruct";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.SharedMemoryReadMoreThanOnce);

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
                if (Plan.Create(root, model, diagnostic, context.CancellationToken) is { } plan)
                {
                    var document = context.Document;
                    context.RegisterCodeFix(
                        CodeAction.Create($"Copy '{plan.Source}' once", ct => ApplyAsync(document, ImmutableArray.Create(diagnostic), ct), EquivalenceKey),
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
                // Every diagnostic about the same struct carries the same sites: the struct is copied once.
                if (Plan.Create(root, model, diagnostic, cancellationToken) is not { } plan || plan.Sites.Any(s => replaced.Contains(s.Replaced)))
                {
                    continue;
                }

                var name = FixSyntax.FreeName(model, plan.Anchor, plan.BaseName, reserved);
                foreach (var site in plan.Sites)
                {
                    replaced.Add(site.Replaced);
                    editor.ReplaceNode(site.Replaced, site.Replacement(name).WithTriviaFrom(site.Replaced));
                }

                insertions.Add(plan.Anchor, SyntaxFactory.LocalDeclarationStatement(
                    SyntaxFactory.VariableDeclaration(
                        SyntaxFactory.IdentifierName("var"),
                        SyntaxFactory.SingletonSeparatedList(
                            SyntaxFactory.VariableDeclarator(SyntaxFactory.Identifier(name))
                                .WithInitializer(SyntaxFactory.EqualsValueClause(SyntaxFactory.ParseExpression(plan.Source)))))));
            }

            if (insertions.IsEmpty)
            {
                return document;
            }

            insertions.ApplyTo(editor);
            return await DocumentCleanup.CleanUpAsync(document.WithSyntaxRoot(editor.GetChangedRoot()), cancellationToken).ConfigureAwait(false);
        }

        /// <summary>One read through the struct: the node to replace, and how the copy reads the same field.</summary>
        private sealed class Site
        {
            public Site(SyntaxNode replaced, Func<string, ExpressionSyntax> replacement, string source)
            {
                Replaced = replaced;
                Replacement = replacement;
                Source = source;
            }

            public SyntaxNode Replaced { get; }

            public Func<string, ExpressionSyntax> Replacement { get; }

            /// <summary>The expression that reads the whole struct (<c>*p</c>, <c>p[i]</c>, <c>r</c>).</summary>
            public string Source { get; }

            /// <summary>
            /// <c>p</c> in <c>p-&gt;X</c> becomes <c>copy.X</c>; <c>(*p)</c> in <c>(*p).X</c> and <c>p[i]</c> in
            /// <c>p[i].X</c> become <c>copy</c>; a ref local or parameter <c>r</c> becomes <c>copy</c>.
            /// </summary>
            public static Site? From(ExpressionSyntax node)
            {
                if (node.Parent is MemberAccessExpressionSyntax { RawKind: (int)SyntaxKind.PointerMemberAccessExpression } arrow && arrow.Expression == node)
                {
                    var pointer = node is IdentifierNameSyntax or MemberAccessExpressionSyntax or ThisExpressionSyntax ? node.ToString() : "(" + node + ")";
                    return new Site(arrow, name => SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName(name), arrow.Name.WithoutTrivia()), "*" + pointer);
                }

                SyntaxNode replaced = node;
                while (replaced.Parent is ParenthesizedExpressionSyntax parenthesized)
                {
                    replaced = parenthesized;
                }

                if (node is not (PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PointerIndirectionExpression } or ElementAccessExpressionSyntax or IdentifierNameSyntax or MemberAccessExpressionSyntax))
                {
                    return null;
                }

                return new Site(replaced, name => SyntaxFactory.IdentifierName(name), node.WithoutTrivia().ToString());
            }
        }

        private sealed class Plan
        {
            private Plan(List<Site> sites, StatementSyntax anchor, string source, string baseName)
            {
                Sites = sites;
                Anchor = anchor;
                Source = source;
                BaseName = baseName;
            }

            public List<Site> Sites { get; }

            public StatementSyntax Anchor { get; }

            public string Source { get; }

            public string BaseName { get; }

            public static Plan? Create(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
            {
                if (!diagnostic.Properties.TryGetValue(PropertyNames.CopySites, out var spans) || spans is null)
                {
                    return null;
                }

                var sites = new List<Site>();
                var nodes = new List<ExpressionSyntax>();
                foreach (var part in spans.Split(';'))
                {
                    var pieces = part.Split(':');
                    if (pieces.Length != 2 ||
                        !int.TryParse(pieces[0], NumberStyles.None, CultureInfo.InvariantCulture, out var start) ||
                        !int.TryParse(pieces[1], NumberStyles.None, CultureInfo.InvariantCulture, out var length) ||
                        start + length > root.FullSpan.End ||
                        root.FindNode(new TextSpan(start, length), getInnermostNodeForTie: true) is not ExpressionSyntax node ||
                        Site.From(node) is not { } site)
                    {
                        return null;
                    }

                    nodes.Add(node);
                    sites.Add(site);
                }

                if (sites.Count < 2 || sites.Select(s => s.Source).Distinct().Count() != 1)
                {
                    return null;
                }

                var first = nodes.OrderBy(n => n.SpanStart).First();
                if (FixSyntax.Placement(nodes, first) is not var (anchor, outer) ||
                    FixSyntax.LoopOrFunctionBetween(first, outer) || nodes.Any(n => FixSyntax.FunctionBetween(n, outer)) ||
                    !FixSyntax.ReadsOnlyValuesDeclaredBefore(model, first, anchor, cancellationToken))
                {
                    return null;
                }

                var type = model.GetTypeInfo(first, cancellationToken).Type;
                if (type is IPointerTypeSymbol pointer)
                {
                    type = pointer.PointedAtType;
                }

                var baseName = type is null ? "copy" : FixSyntax.CamelCase(type.Name);
                return new Plan(sites, anchor, sites[0].Source, baseName);
            }
        }
    }
}
