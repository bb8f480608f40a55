using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Editing;

namespace DoubleFetchAnalyzers.CodeFixes
{
    /// <summary>One way to make a group of fetches one read: which nodes it replaces, and how.</summary>
    internal interface IReadOncePlan
    {
        string Title { get; }

        IEnumerable<SyntaxNode> Replaced { get; }

        void Apply(SyntaxEditor editor, StatementInsertions insertions, SemanticModel model, IDictionary<SyntaxNode, HashSet<string>> reserved);
    }
}
