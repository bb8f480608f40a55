using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;

namespace DoubleFetchAnalyzers.CodeFixes
{
    /// <summary>
    /// Statements to insert before other statements, collected first and applied once, so that several fixes in
    /// one Fix All pass can share an anchor. An anchor that is an embedded statement (an if body without braces)
    /// is wrapped in a block.
    /// </summary>
    internal sealed class StatementInsertions
    {
        private readonly Dictionary<StatementSyntax, List<StatementSyntax>> _before = new();
        private readonly List<StatementSyntax> _order = new();

        public bool IsEmpty => _order.Count == 0;

        public void Add(StatementSyntax anchor, StatementSyntax statement)
        {
            if (!_before.TryGetValue(anchor, out var list))
            {
                _before[anchor] = list = new List<StatementSyntax>();
                _order.Add(anchor);
            }

            list.Add(statement.WithAdditionalAnnotations(Formatter.Annotation));
        }

        public void ApplyTo(SyntaxEditor editor)
        {
            foreach (var anchor in _order)
            {
                var statements = _before[anchor];
                if (anchor.Parent is GlobalStatementSyntax global)
                {
                    editor.InsertBefore(global, statements.Select(s => SyntaxFactory.GlobalStatement(s)));
                }
                else if (FixSyntax.IsListed(anchor))
                {
                    // Comments and blank lines above the anchor go above the inserted statements, which belong to it.
                    var leading = anchor.GetLeadingTrivia();
                    var indentation = leading.Count > 0 && leading[leading.Count - 1].IsKind(SyntaxKind.WhitespaceTrivia)
                        ? SyntaxFactory.TriviaList(leading[leading.Count - 1])
                        : SyntaxFactory.TriviaList();
                    if (leading.Count > indentation.Count)
                    {
                        statements[0] = statements[0].WithLeadingTrivia(leading);
                        editor.ReplaceNode(anchor, (current, _) => current.WithLeadingTrivia(indentation));
                    }

                    editor.InsertBefore(anchor, statements);
                }
                else
                {
                    editor.ReplaceNode(anchor, (current, _) =>
                        SyntaxFactory.Block(statements.Append(((StatementSyntax)current).WithoutLeadingTrivia()))
                            .WithLeadingTrivia(current.GetLeadingTrivia())
                            .WithAdditionalAnnotations(Formatter.Annotation));
                }
            }
        }
    }
}
