using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using DoubleFetchAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Text;

namespace DoubleFetchAnalyzers.CodeFixes
{
    /// <summary>
    /// "Copy '*p' once": one private copy of the shared struct (<c>var req = *p;</c>, as Xen's RING_COPY_REQUEST
    /// does), and every field read from the copy. Offered where the analyzer said so (the struct is reached through a
    /// pointer or reference and nothing writes through it).
    /// </summary>
    internal sealed class CopyStructPlan : IReadOncePlan
    {
        private CopyStructPlan(List<CopySite> sites, StatementSyntax anchor, string source, string baseName)
        {
            Sites = sites;
            Anchor = anchor;
            Source = source;
            BaseName = baseName;
        }

        public List<CopySite> Sites { get; }

        public StatementSyntax Anchor { get; }

        public string Source { get; }

        public string BaseName { get; }

        public string Title => $"Copy '{Source}' once";

        public IEnumerable<SyntaxNode> Replaced => Sites.Select(site => site.Replaced);

        public void Apply(SyntaxEditor editor, StatementInsertions insertions, SemanticModel model, IDictionary<SyntaxNode, HashSet<string>> reserved)
        {
            var name = FixSyntax.FreeName(model, Anchor, BaseName, reserved);
            foreach (var site in Sites)
            {
                editor.ReplaceNode(site.Replaced, site.Replacement(name).WithTriviaFrom(site.Replaced));
            }

            insertions.Add(Anchor, FixSyntax.VarDeclaration(name, SyntaxFactory.ParseExpression(Source)));
        }

        public static CopyStructPlan? Create(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (!diagnostic.Properties.TryGetValue(PropertyNames.CopySites, out var spans) || spans is null)
            {
                return null;
            }

            var sites = new List<CopySite>();
            var nodes = new List<ExpressionSyntax>();
            foreach (var part in spans.Split(';'))
            {
                var pieces = part.Split(':');
                if (pieces.Length != 2 ||
                    !int.TryParse(pieces[0], NumberStyles.None, CultureInfo.InvariantCulture, out var start) ||
                    !int.TryParse(pieces[1], NumberStyles.None, CultureInfo.InvariantCulture, out var length) ||
                    start + length > root.FullSpan.End ||
                    root.FindNode(new TextSpan(start, length), getInnermostNodeForTie: true) is not ExpressionSyntax node ||
                    CopySite.From(node) is not { } site)
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
            return new CopyStructPlan(sites, anchor, sites[0].Source, baseName);
        }
    }

    /// <summary>One read through the struct: the node to replace, and how the copy reads the same field.</summary>
    internal sealed class CopySite
    {
        public CopySite(SyntaxNode replaced, Func<string, ExpressionSyntax> replacement, string source)
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
        public static CopySite? From(ExpressionSyntax node)
        {
            if (node.Parent is MemberAccessExpressionSyntax { RawKind: (int)SyntaxKind.PointerMemberAccessExpression } arrow && arrow.Expression == node)
            {
                var pointer = node is IdentifierNameSyntax or MemberAccessExpressionSyntax or ThisExpressionSyntax ? node.ToString() : "(" + node + ")";
                return new CopySite(arrow, name => SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName(name), arrow.Name.WithoutTrivia()), "*" + pointer);
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

            return new CopySite(replaced, name => SyntaxFactory.IdentifierName(name), node.WithoutTrivia().ToString());
        }
    }
}
