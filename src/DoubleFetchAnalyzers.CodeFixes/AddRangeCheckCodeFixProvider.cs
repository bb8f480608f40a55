using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
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
    /// DF0002 "Add range check": inserts <c>if ((uint)i &gt;= (uint)a.Length) throw ...;</c> before the statement that
    /// indexes, with variants that <c>return</c> (void methods) or <c>continue</c> (inside loops).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddRangeCheckCodeFixProvider)), Shared]
    public sealed class AddRangeCheckCodeFixProvider : CodeFixProvider
    {
        public const string ThrowKey = "AddRangeCheck.Throw";
        public const string ReturnKey = "AddRangeCheck.Return";
        public const string ContinueKey = "AddRangeCheck.Continue";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.UncheckedIndex);

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
                        Exit.Return => ($"Add range check for '{plan.Index}' (return)", ReturnKey),
                        Exit.Continue => ($"Add range check for '{plan.Index}' (continue)", ContinueKey),
                        _ => ($"Add range check for '{plan.Index}' (throw)", ThrowKey),
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

        private static Exit VariantOf(string? key) => key switch
        {
            ReturnKey => Exit.Return,
            ContinueKey => Exit.Continue,
            _ => Exit.Throw,
        };

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
                    done.Add((plan.Anchor, plan.Index, plan.Bound)))
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
            private Plan(StatementSyntax anchor, ExpressionSyntax index, ITypeSymbol indexType, string bound, bool isParameter, List<Exit> variants)
            {
                Anchor = anchor;
                IndexExpression = index;
                IndexType = indexType;
                Bound = bound;
                IsParameter = isParameter;
                Variants = variants;
            }

            public StatementSyntax Anchor { get; }

            public ExpressionSyntax IndexExpression { get; }

            public string Index => IndexExpression.ToString();

            public ITypeSymbol IndexType { get; }

            /// <summary>The exclusive bound, e.g. <c>queue.Skbs.Length</c>.</summary>
            public string Bound { get; }

            public bool IsParameter { get; }

            public List<Exit> Variants { get; }

            public static Plan? Create(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
            {
                if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax index ||
                    index.Span != diagnostic.Location.SourceSpan ||
                    index.Parent is not ArgumentSyntax { Parent: BracketedArgumentListSyntax { Arguments.Count: 1, Parent: ElementAccessExpressionSyntax access } })
                {
                    return null;
                }

                // The check reads the index and the collection before the statement: both must be variables that
                // hold the same values there.
                if (!IsStableVariable(index, model, cancellationToken) || !IsStableVariable(access.Expression, model, cancellationToken) ||
                    model.GetTypeInfo(index, cancellationToken).Type is not { } indexType ||
                    BoundProperty(model.GetTypeInfo(access.Expression, cancellationToken).Type) is not { } lengthName)
                {
                    return null;
                }

                var anchor = FixSyntax.ContainingStatement(index);
                if (anchor is null || anchor is ForStatementSyntax or WhileStatementSyntax or DoStatementSyntax or CommonForEachStatementSyntax ||
                    !FixSyntax.ReadsOnlyValuesDeclaredBefore(model, index, anchor, cancellationToken) ||
                    !FixSyntax.ReadsOnlyValuesDeclaredBefore(model, access.Expression, anchor, cancellationToken))
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
                return new Plan(anchor, index, indexType, access.Expression.WithoutTrivia() + "." + lengthName, isParameter, variants);
            }

            /// <summary><c>if ((uint)i &gt;= (uint)a.Length) throw/return/continue;</c></summary>
            public StatementSyntax Check(Exit exit)
            {
                var (left, right) = IndexType.SpecialType switch
                {
                    SpecialType.System_Byte or SpecialType.System_UInt16 or SpecialType.System_UInt32 or SpecialType.System_Char => (Index, Bound),
                    SpecialType.System_UInt64 => (Index, "(ulong)" + Bound),
                    SpecialType.System_Int64 => ("(ulong)" + Index, "(ulong)" + Bound),
                    SpecialType.System_IntPtr => ("(nuint)" + Index, "(nuint)" + Bound),
                    _ => ("(uint)" + Index, "(uint)" + Bound),
                };
                var condition = SyntaxFactory.ParseExpression(left + " >= " + right);
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
