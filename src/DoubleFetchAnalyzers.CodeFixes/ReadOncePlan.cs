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
    /// "Read 'p-&gt;Len' once": a local with the first fetch, declared just before the statement that holds it in the
    /// innermost block that holds every fetch of the location; every fetch reads the local.
    /// </summary>
    internal sealed class ReadOncePlan : IReadOncePlan
    {
        private ReadOncePlan(List<ExpressionSyntax> fetches, StatementSyntax anchor, string baseName)
        {
            Fetches = fetches;
            Anchor = anchor;
            BaseName = baseName;
        }

        /// <summary>Every fetch of the location, the first fetch first.</summary>
        public List<ExpressionSyntax> Fetches { get; }

        public StatementSyntax Anchor { get; }

        public string BaseName { get; }

        public string Title => $"Read '{Fetches[0]}' once";

        public IEnumerable<SyntaxNode> Replaced => Fetches;

        public void Apply(SyntaxEditor editor, StatementInsertions insertions, SemanticModel model, IDictionary<SyntaxNode, HashSet<string>> reserved)
        {
            var name = FixSyntax.FreeName(model, Anchor, BaseName, reserved);
            foreach (var fetch in Fetches)
            {
                editor.ReplaceNode(fetch, SyntaxFactory.IdentifierName(name).WithTriviaFrom(fetch));
            }

            insertions.Add(Anchor, FixSyntax.VarDeclaration(name, Fetches[0].WithoutTrivia()));
        }

        public static ReadOncePlan? Create(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            // Only when every read in the group is of the same location (not a field and its whole struct).
            if (diagnostic.AdditionalLocations.Count == 0 ||
                !diagnostic.Properties.TryGetValue(PropertyNames.SameLocation, out var same) || same != "true")
            {
                return null;
            }

            var fetches = new List<ExpressionSyntax>();
            foreach (var location in diagnostic.AdditionalLocations.Prepend(diagnostic.Location))
            {
                // A read whose value is used: not a call statement like accessor.Read(0, out var x).
                if (location.SourceTree != root.SyntaxTree ||
                    root.FindNode(location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax fetch ||
                    fetch.Span != location.SourceSpan || FixSyntax.IsWritten(fetch) || fetch.Parent is ExpressionStatementSyntax ||
                    model.GetTypeInfo(fetch, cancellationToken).Type is not { SpecialType: not SpecialType.System_Void })
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

            return new ReadOncePlan(fetches, anchor, NameFor(first));
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
