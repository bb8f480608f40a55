using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DoubleFetchAnalyzers.CodeFixes
{
    /// <summary>Syntax questions the fixes share: where a statement can go, loops and functions in the way, free names.</summary>
    internal static class FixSyntax
    {
        /// <summary>The statement that holds <paramref name="node"/> and sits directly in a block, a switch section or the compilation unit.</summary>
        public static StatementSyntax? ContainingListedStatement(SyntaxNode node)
        {
            for (var current = node; current is not null; current = current.Parent)
            {
                if (IsFunctionBoundary(current) && current != node)
                {
                    return null;
                }

                if (current is StatementSyntax statement && IsListed(statement))
                {
                    return statement;
                }
            }

            return null;
        }

        /// <summary>The closest statement holding <paramref name="node"/>, listed or embedded (an if body without braces).</summary>
        public static StatementSyntax? ContainingStatement(SyntaxNode node)
        {
            for (var current = node; current is not null; current = current.Parent)
            {
                // A local function is a statement, but its body is another function: a check cannot go before it.
                if (IsFunctionBoundary(current))
                {
                    return null;
                }

                if (current is StatementSyntax statement and not BlockSyntax)
                {
                    return statement;
                }
            }

            return null;
        }

        /// <summary>A statement in a list where another can be inserted before it.</summary>
        public static bool IsListed(StatementSyntax statement) =>
            statement.Parent is BlockSyntax or SwitchSectionSyntax or GlobalStatementSyntax;

        /// <summary>
        /// Where a statement that must run before <paramref name="first"/> goes, so that it also precedes every node of
        /// <paramref name="nodes"/>: before the statement holding <paramref name="first"/> in the innermost block that
        /// holds them all, or before the innermost embedded statement (an if body without braces) that holds them all,
        /// which then gets a block. <c>Outer</c> is the block, or the statement that embeds the anchor.
        /// </summary>
        public static (StatementSyntax Anchor, SyntaxNode Outer)? Placement(IReadOnlyList<SyntaxNode> nodes, SyntaxNode first)
        {
            SyntaxNode? common = nodes[0];
            foreach (var node in nodes.Skip(1))
            {
                while (common is not null && !common.Span.Contains(node.Span))
                {
                    common = common.Parent;
                }
            }

            for (var current = common; current is not null; current = current.Parent)
            {
                if (current is BlockSyntax or SwitchSectionSyntax or CompilationUnitSyntax)
                {
                    return ListedStatementIn(current, first) is { } anchor ? (anchor, current) : null;
                }

                if (current is StatementSyntax statement and not BlockSyntax && !IsListed(statement) && statement.Parent is not null &&
                    statement.Parent is StatementSyntax or ElseClauseSyntax)
                {
                    return (statement, statement.Parent);
                }

                if (IsFunctionBoundary(current))
                {
                    return null;
                }
            }

            return null;
        }

        /// <summary>The statement of <paramref name="list"/> that holds <paramref name="node"/>.</summary>
        public static StatementSyntax? ListedStatementIn(SyntaxNode list, SyntaxNode node)
        {
            for (var current = node; current is not null && current != list; current = current.Parent)
            {
                if (current is StatementSyntax statement && current.Parent == list)
                {
                    return statement;
                }

                if (current is GlobalStatementSyntax global && current.Parent == list)
                {
                    return global.Statement;
                }
            }

            return null;
        }

        /// <summary>True when a loop or a function lies between <paramref name="node"/> and <paramref name="outer"/>.</summary>
        public static bool LoopOrFunctionBetween(SyntaxNode node, SyntaxNode outer)
        {
            for (var current = node.Parent; current is not null && current != outer; current = current.Parent)
            {
                if (current is ForStatementSyntax or ForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax or CommonForEachStatementSyntax ||
                    IsFunctionBoundary(current))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>True when a lambda or local function lies between <paramref name="node"/> and <paramref name="outer"/>.</summary>
        public static bool FunctionBetween(SyntaxNode node, SyntaxNode outer)
        {
            for (var current = node.Parent; current is not null && current != outer; current = current.Parent)
            {
                if (IsFunctionBoundary(current))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Every name <paramref name="expression"/> reads is declared before <paramref name="anchor"/> and not assigned
        /// between the start of the anchor and the expression: evaluating it before the anchor gives the same value.
        /// </summary>
        public static bool ReadsOnlyValuesDeclaredBefore(SemanticModel model, ExpressionSyntax expression, StatementSyntax anchor, System.Threading.CancellationToken cancellationToken)
        {
            var symbols = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            foreach (var identifier in expression.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
            {
                var symbol = model.GetSymbolInfo(identifier, cancellationToken).Symbol;
                switch (symbol)
                {
                    case null:
                        return false;
                    case ILocalSymbol local:
                        if (local.DeclaringSyntaxReferences.Any(r => r.Span.End > anchor.SpanStart))
                        {
                            return false;
                        }

                        symbols.Add(local);
                        break;
                    case IParameterSymbol or IFieldSymbol or IPropertySymbol:
                        symbols.Add(symbol);
                        break;
                }
            }

            foreach (var node in anchor.DescendantNodes())
            {
                if (node.SpanStart >= expression.SpanStart)
                {
                    break;
                }

                var written = node switch
                {
                    AssignmentExpressionSyntax assignment => assignment.Left,
                    PrefixUnaryExpressionSyntax prefix when prefix.Kind() is SyntaxKind.PreIncrementExpression or SyntaxKind.PreDecrementExpression => prefix.Operand,
                    PostfixUnaryExpressionSyntax postfix => postfix.Operand,
                    ArgumentSyntax argument when !argument.RefKindKeyword.IsKind(SyntaxKind.None) => argument.Expression,
                    _ => null,
                };
                if (written is not null && model.GetSymbolInfo(written, cancellationToken).Symbol is { } target && symbols.Contains(target))
                {
                    return false;
                }
            }

            return true;
        }

        public static bool IsFunctionBoundary(SyntaxNode node) =>
            node is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or
                PropertyDeclarationSyntax or IndexerDeclarationSyntax;

        /// <summary>The expression is written to (assignment target, ++/--, ref or out argument, address taken).</summary>
        public static bool IsWritten(ExpressionSyntax expression)
        {
            var node = (SyntaxNode)expression;
            while (node.Parent is ParenthesizedExpressionSyntax)
            {
                node = node.Parent;
            }

            return node.Parent switch
            {
                AssignmentExpressionSyntax assignment => assignment.Left == node,
                PrefixUnaryExpressionSyntax prefix => prefix.Kind() is SyntaxKind.PreIncrementExpression or SyntaxKind.PreDecrementExpression or SyntaxKind.AddressOfExpression,
                PostfixUnaryExpressionSyntax => true,
                ArgumentSyntax argument => !argument.RefKindKeyword.IsKind(SyntaxKind.None),
                RefExpressionSyntax => true,
                _ => false,
            };
        }

        /// <summary>
        /// A local name not used anywhere in the enclosing member, nor already given by this fix in that member
        /// (<paramref name="reserved"/>, per member, so that Fix All names as a single fix would).
        /// </summary>
        public static string FreeName(SemanticModel model, SyntaxNode position, string baseName, IDictionary<SyntaxNode, HashSet<string>> reserved)
        {
            var candidate = ValidIdentifier(baseName);
            var member = position.AncestorsAndSelf().FirstOrDefault(n => n is MemberDeclarationSyntax or CompilationUnitSyntax) ?? position;
            if (!reserved.TryGetValue(member, out var taken))
            {
                reserved[member] = taken = new HashSet<string>();
            }

            var used = new HashSet<string>(member.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText));
            foreach (var symbol in model.LookupSymbols(position.SpanStart))
            {
                used.Add(symbol.Name);
            }

            var name = candidate;
            for (var i = 2; used.Contains(name) || taken.Contains(name); i++)
            {
                name = candidate + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            taken.Add(name);
            return name;
        }

        /// <summary><c>var name = value;</c></summary>
        public static LocalDeclarationStatementSyntax VarDeclaration(string name, ExpressionSyntax value) =>
            SyntaxFactory.LocalDeclarationStatement(
                SyntaxFactory.VariableDeclaration(
                    SyntaxFactory.IdentifierName("var"),
                    SyntaxFactory.SingletonSeparatedList(
                        SyntaxFactory.VariableDeclarator(SyntaxFactory.Identifier(name)).WithInitializer(SyntaxFactory.EqualsValueClause(value)))));

        /// <summary>camelCase of a member name; "value" for names that would be keywords or are empty.</summary>
        public static string CamelCase(string name)
        {
            name = name.TrimStart('_');
            if (name.Length == 0)
            {
                return "value";
            }

            return char.ToLowerInvariant(name[0]) + name.Substring(1);
        }

        private static string ValidIdentifier(string name)
        {
            if (name.Length == 0 || !SyntaxFacade.IsValidIdentifier(name) || SyntaxFacade.IsKeyword(name))
            {
                return "value";
            }

            return name;
        }

        private static class SyntaxFacade
        {
            public static bool IsValidIdentifier(string name) => Microsoft.CodeAnalysis.CSharp.SyntaxFacts.IsValidIdentifier(name);

            public static bool IsKeyword(string name) =>
                Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ||
                Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetContextualKeywordKind(name) != SyntaxKind.None;
        }
    }
}
