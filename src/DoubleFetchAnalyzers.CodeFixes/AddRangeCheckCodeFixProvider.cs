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
using Microsoft.CodeAnalysis.Simplification;

namespace DoubleFetchAnalyzers.CodeFixes
{
    /// <summary>
    /// "Add range check" for DF0002, DF0003, DF0004 and DF0005: inserts <c>if ((uint)i &gt;= (uint)a.Length) throw ...;</c>
    /// (<c>&gt;</c> for a length) before the statement that uses the value, with variants that <c>return</c> (void
    /// methods) or <c>continue</c> (inside loops). Offered where a bound is known: the target's Length or Count, or
    /// its known constant length.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddRangeCheckCodeFixProvider)), Shared]
    public sealed class AddRangeCheckCodeFixProvider : CodeFixProvider
    {
        /// <summary>The equivalence keys for DF0002; for another rule, <see cref="KeyFor"/> (rule ID plus action name).</summary>
        public const string ThrowKey = DiagnosticIds.UncheckedIndex + "." + ThrowAction;
        public const string ReturnKey = DiagnosticIds.UncheckedIndex + "." + ReturnAction;
        public const string ContinueKey = DiagnosticIds.UncheckedIndex + "." + ContinueAction;

        public const string ThrowAction = "AddRangeCheck.Throw";
        public const string ReturnAction = "AddRangeCheck.Return";
        public const string ContinueAction = "AddRangeCheck.Continue";

        public static string KeyFor(string diagnosticId, string action) => diagnosticId + "." + action;

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
            DiagnosticIds.UncheckedIndex, DiagnosticIds.IncompleteBoundsCheck, DiagnosticIds.UncheckedLength, DiagnosticIds.UncheckedMemoryOffset);

        public override FixAllProvider GetFixAllProvider() =>
            FixAllProvider.Create(async (context, document, diagnostics) =>
                await ApplyAsync(document, diagnostics, VariantOf(context.CodeActionEquivalenceKey), context.CancellationToken).ConfigureAwait(false));

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
                if (Plan.Create(root, model, diagnostic, context.CancellationToken) is not { } plan)
                {
                    continue;
                }

                var document = context.Document;
                foreach (var variant in plan.Variants)
                {
                    var (title, key) = variant switch
                    {
                        Exit.Return => ($"Add range check for '{plan.Index}' (return)", KeyFor(diagnostic.Id, ReturnAction)),
                        Exit.Continue => ($"Add range check for '{plan.Index}' (continue)", KeyFor(diagnostic.Id, ContinueAction)),
                        _ => ($"Add range check for '{plan.Index}' (throw)", KeyFor(diagnostic.Id, ThrowAction)),
                    };
                    context.RegisterCodeFix(CodeAction.Create(title, ct => ApplyAsync(document, ImmutableArray.Create(diagnostic), variant, ct), key), diagnostic);
                }
            }
        }

        private enum Exit
        {
            Throw,
            Return,
            Continue,
        }

        private static Exit VariantOf(string? key) =>
            key is null ? Exit.Throw :
            key.EndsWith(ReturnAction, System.StringComparison.Ordinal) ? Exit.Return :
            key.EndsWith(ContinueAction, System.StringComparison.Ordinal) ? Exit.Continue :
            Exit.Throw;

        private static async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, Exit exit, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return document;
            }

            var insertions = new StatementInsertions();
            var done = new HashSet<(StatementSyntax, string, string)>();
            foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
            {
                if (Plan.Create(root, model, diagnostic, cancellationToken) is { } plan && plan.Variants.Contains(exit) &&
                    done.Add((plan.Anchor, plan.Index, plan.BoundText)))
                {
                    insertions.Add(plan.Anchor, plan.Check(exit));
                }
            }

            if (insertions.IsEmpty)
            {
                return document;
            }

            var editor = new SyntaxEditor(root, document.Project.Solution.Services);
            insertions.ApplyTo(editor);
            return await DocumentCleanup.CleanUpAsync(document.WithSyntaxRoot(editor.GetChangedRoot()), cancellationToken).ConfigureAwait(false);
        }

        private sealed class Plan
        {
            private Plan(StatementSyntax anchor, ExpressionSyntax index, ITypeSymbol indexType, string bound, bool inclusive, bool isParameter, List<Exit> variants)
            {
                Anchor = anchor;
                IndexExpression = index;
                IndexType = indexType;
                BoundText = bound;
                Inclusive = inclusive;
                IsParameter = isParameter;
                Variants = variants;
            }

            public StatementSyntax Anchor { get; }

            public ExpressionSyntax IndexExpression { get; }

            public string Index => IndexExpression.ToString();

            public ITypeSymbol IndexType { get; }

            /// <summary>The exclusive bound, e.g. <c>queue.Skbs.Length</c>.</summary>
            public string BoundText { get; }

            /// <summary>A length may equal the bound.</summary>
            public bool Inclusive { get; }

            public bool IsParameter { get; }

            public List<Exit> Variants { get; }

            public static Plan? Create(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
            {
                if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax index ||
                    index.Span != diagnostic.Location.SourceSpan)
                {
                    return null;
                }

                // The check reads the value and the bound before the statement: both must be variables that hold the
                // same values there (the analyzer says whether the value is one: a field of shared memory is not).
                if (!diagnostic.Properties.TryGetValue(PropertyNames.ValueIsVariable, out var variable) || variable != "true" ||
                    !IsStableVariable(index, model, cancellationToken) || model.GetTypeInfo(index, cancellationToken).Type is not { } indexType ||
                    Bound(index, diagnostic, model, cancellationToken) is not { } bound)
                {
                    return null;
                }

                var anchor = FixSyntax.ContainingStatement(index);
                if (anchor is null || !FixSyntax.ReadsOnlyValuesDeclaredBefore(model, index, anchor, cancellationToken) || !BindsBefore(bound, anchor, model) ||
                    (Target(root, diagnostic) is { } target && !FixSyntax.ReadsOnlyValuesDeclaredBefore(model, target, anchor, cancellationToken)))
                {
                    return null;
                }

                // In a loop header, a check before the loop is right only for a count the loop does not change.
                if (anchor is ForStatementSyntax or WhileStatementSyntax or DoStatementSyntax or CommonForEachStatementSyntax &&
                    (diagnostic.Id != DiagnosticIds.UncheckedLength || IsWrittenIn(anchor, index, model, cancellationToken)))
                {
                    return null;
                }

                var variants = new List<Exit> { Exit.Throw };
                if (ReturnsNothing(anchor, model, cancellationToken))
                {
                    variants.Add(Exit.Return);
                }

                if (InLoop(anchor))
                {
                    variants.Add(Exit.Continue);
                }

                var isParameter = model.GetSymbolInfo(index, cancellationToken).Symbol is IParameterSymbol;
                var inclusive = diagnostic.Properties.TryGetValue(PropertyNames.Inclusive, out var flag) && flag == "true";
                return new Plan(anchor, index, indexType, bound.ToString(), inclusive, isParameter, variants);
            }

            /// <summary>
            /// The exclusive bound: from the diagnostic (the analyzer knows the target), else from the collection the
            /// value indexes. It must be a constant, or the Length or Count of a variable.
            /// </summary>
            private static ExpressionSyntax? Bound(ExpressionSyntax index, Diagnostic diagnostic, SemanticModel model, CancellationToken cancellationToken)
            {
                ExpressionSyntax? bound = null;
                if (diagnostic.Properties.TryGetValue(PropertyNames.Bound, out var text) && text is not null)
                {
                    bound = SyntaxFactory.ParseExpression(text);
                }
                else if (index.Parent is ArgumentSyntax { Parent: BracketedArgumentListSyntax { Arguments.Count: 1, Parent: ElementAccessExpressionSyntax access } } &&
                         BoundProperty(model.GetTypeInfo(access.Expression, cancellationToken).Type) is { } property)
                {
                    bound = SyntaxFactory.ParseExpression(access.Expression.WithoutTrivia() + "." + property);
                }

                switch (bound)
                {
                    case LiteralExpressionSyntax { RawKind: (int)SyntaxKind.NumericLiteralExpression }:
                        return bound;
                    case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Length" or "Count" } member when IsVariableChain(member.Expression):
                        var symbol = model.GetSpeculativeSymbolInfo(index.SpanStart, member, SpeculativeBindingOption.BindAsExpression).Symbol;
                        return symbol is IPropertySymbol ? bound : null;
                    default:
                        return null;
                }
            }

            /// <summary>The target expression the analyzer measured the value against, when it is in this tree.</summary>
            private static ExpressionSyntax? Target(SyntaxNode root, Diagnostic diagnostic)
            {
                if (!diagnostic.Properties.TryGetValue(PropertyNames.TargetSpan, out var text) || text is null)
                {
                    return null;
                }

                var parts = text.Split(':');
                if (parts.Length != 2 || !int.TryParse(parts[0], out var start) || !int.TryParse(parts[1], out var length) ||
                    start < 0 || start + length > root.FullSpan.End)
                {
                    return null;
                }

                return root.FindNode(new Microsoft.CodeAnalysis.Text.TextSpan(start, length), getInnermostNodeForTie: true) as ExpressionSyntax;
            }

            /// <summary>The bound means the same before the anchor: its root variable is declared before it.</summary>
            private static bool BindsBefore(ExpressionSyntax bound, StatementSyntax anchor, SemanticModel model)
            {
                var root = bound;
                while (root is MemberAccessExpressionSyntax member)
                {
                    root = member.Expression;
                }

                if (root is LiteralExpressionSyntax or ThisExpressionSyntax)
                {
                    return true;
                }

                var symbol = model.GetSpeculativeSymbolInfo(anchor.SpanStart, root, SpeculativeBindingOption.BindAsExpression).Symbol;
                return symbol switch
                {
                    ILocalSymbol local => local.DeclaringSyntaxReferences.All(r => r.Span.End <= anchor.SpanStart),
                    null => false,
                    _ => true,
                };
            }

            private static bool IsVariableChain(ExpressionSyntax expression) => expression switch
            {
                IdentifierNameSyntax or ThisExpressionSyntax => true,
                MemberAccessExpressionSyntax { RawKind: (int)SyntaxKind.SimpleMemberAccessExpression } member => IsVariableChain(member.Expression),
                _ => false,
            };

            private static bool IsWrittenIn(SyntaxNode scope, ExpressionSyntax variable, SemanticModel model, CancellationToken cancellationToken)
            {
                var symbol = model.GetSymbolInfo(variable, cancellationToken).Symbol;
                return scope.DescendantNodes().OfType<ExpressionSyntax>().Any(e =>
                    FixSyntax.IsWritten(e) && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(e, cancellationToken).Symbol, symbol));
            }

            /// <summary><c>if ((uint)i &gt;= (uint)a.Length) throw/return/continue;</c></summary>
            public StatementSyntax Check(Exit exit)
            {
                var constant = char.IsDigit(BoundText[0]);
                string Cast(string type) => constant ? BoundText : "(" + type + ")" + BoundText;
                var (left, right) = IndexType.SpecialType switch
                {
                    SpecialType.System_Byte or SpecialType.System_UInt16 or SpecialType.System_UInt32 or SpecialType.System_Char => (Index, BoundText),
                    SpecialType.System_UInt64 => (Index, Cast("ulong")),
                    SpecialType.System_Int64 => ("(ulong)" + Index, Cast("ulong")),
                    SpecialType.System_IntPtr => ("(nuint)" + Index, Cast("nuint")),
                    SpecialType.System_UIntPtr => (Index, Cast("nuint")),
                    _ => ("(uint)" + Index, Cast("uint")),
                };
                var condition = SyntaxFactory.ParseExpression(left + (Inclusive ? " > " : " >= ") + right);
                StatementSyntax body = exit switch
                {
                    Exit.Return => SyntaxFactory.ReturnStatement(),
                    Exit.Continue => SyntaxFactory.ContinueStatement(),
                    _ => SyntaxFactory.ThrowStatement(Exception()),
                };
                return SyntaxFactory.IfStatement(condition, body);
            }

            private ExpressionSyntax Exception()
            {
                if (IsParameter)
                {
                    return SyntaxFactory.ObjectCreationExpression(QualifiedType("System.ArgumentOutOfRangeException"))
                        .WithArgumentList(SyntaxFactory.ParseArgumentList("(nameof(" + Index + "))"));
                }

                var message = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal("'" + Index + "' is out of range."));
                return SyntaxFactory.ObjectCreationExpression(QualifiedType("System.IO.InvalidDataException"))
                    .WithArgumentList(SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(message))));
            }

            private static TypeSyntax QualifiedType(string name) =>
                SyntaxFactory.ParseTypeName(name).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);

            /// <summary>A local, a parameter, or fields of them and of <c>this</c>: no calls, no element access.</summary>
            private static bool IsStableVariable(ExpressionSyntax expression, SemanticModel model, CancellationToken cancellationToken)
            {
                switch (expression)
                {
                    case IdentifierNameSyntax:
                        return model.GetSymbolInfo(expression, cancellationToken).Symbol is ILocalSymbol { RefKind: RefKind.None } or IParameterSymbol or IFieldSymbol;
                    case ThisExpressionSyntax:
                        return true;
                    case MemberAccessExpressionSyntax { RawKind: (int)SyntaxKind.SimpleMemberAccessExpression } member:
                        return model.GetSymbolInfo(member, cancellationToken).Symbol is IFieldSymbol && IsStableVariable(member.Expression, model, cancellationToken);
                    default:
                        return false;
                }
            }

            /// <summary>Length for arrays, strings and spans; Count for lists; null when there is neither.</summary>
            private static string? BoundProperty(ITypeSymbol? type)
            {
                if (type is null)
                {
                    return null;
                }

                if (type.TypeKind == TypeKind.Array || type.SpecialType == SpecialType.System_String)
                {
                    return "Length";
                }

                for (var current = type; current is not null; current = current.BaseType)
                {
                    foreach (var name in new[] { "Count", "Length" })
                    {
                        if (current.GetMembers(name).OfType<IPropertySymbol>().Any(p => !p.IsStatic && p.Type.SpecialType == SpecialType.System_Int32))
                        {
                            return name;
                        }
                    }
                }

                return type.AllInterfaces.Any(i => i.Name is "IList" or "IReadOnlyList" or "ICollection" or "IReadOnlyCollection") ? "Count" : null;
            }

            private static bool ReturnsNothing(SyntaxNode node, SemanticModel model, CancellationToken cancellationToken)
            {
                var function = node.Ancestors().FirstOrDefault(FixSyntax.IsFunctionBoundary);
                var symbol = function switch
                {
                    null => null,
                    AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax => model.GetSymbolInfo(function, cancellationToken).Symbol ?? model.GetDeclaredSymbol(function, cancellationToken),
                    _ => model.GetDeclaredSymbol(function, cancellationToken),
                };
                if (symbol is not IMethodSymbol method || method.IsIterator())
                {
                    return false;
                }

                return method.ReturnsVoid || (method.IsAsync && method.ReturnType is INamedTypeSymbol { IsGenericType: false, Name: "Task" or "ValueTask" });
            }

            private static bool InLoop(SyntaxNode node)
            {
                foreach (var ancestor in node.Ancestors())
                {
                    if (ancestor is ForStatementSyntax or CommonForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax)
                    {
                        return true;
                    }

                    if (FixSyntax.IsFunctionBoundary(ancestor))
                    {
                        return false;
                    }
                }

                return false;
            }
        }
    }

    internal static class MethodSymbolExtensions
    {
        public static bool IsIterator(this IMethodSymbol method) =>
            method.DeclaringSyntaxReferences.Any(r => r.GetSyntax().DescendantNodes().Any(n => n is YieldStatementSyntax));
    }
}
