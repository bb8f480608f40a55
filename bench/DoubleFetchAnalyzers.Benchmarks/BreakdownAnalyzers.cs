using System;
using System.Collections.Immutable;
using System.Threading;
using DoubleFetchAnalyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace DoubleFetchAnalyzers.Benchmarks
{
    /// <summary>
    /// Analyzers that do part of what ours does, to see where its time goes on code without sources: an analyzer that
    /// registers no action at all, and a compilation-start action that registers nothing (the driver's own cost, the
    /// floor for any analyzer); an empty operation-block action
    /// (what the driver charges for building every body's operation tree); an empty code-block action (the product's
    /// registration); the product's two filters without the data flow (its internals are visible to this project); and
    /// a purely syntactic glance over every tree. None of them reports anything.
    /// </summary>
    public static class BreakdownAnalyzers
    {
        private static readonly DiagnosticDescriptor Never = new(
            "BENCH0001", "Never reported", "Never reported", "Benchmark", DiagnosticSeverity.Warning, isEnabledByDefault: true);

        /// <summary>What every analyzer here shares: one descriptor it never reports, concurrent, no generated code, as ours.</summary>
        public abstract class NeverReporting : DiagnosticAnalyzer
        {
            public sealed override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Never);

            public sealed override void Initialize(AnalysisContext context)
            {
                context.EnableConcurrentExecution();
                context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
                Register(context);
            }

            /// <summary>The actions the analyzer registers, if any.</summary>
            protected abstract void Register(AnalysisContext context);
        }

        /// <summary>An analyzer that registers no action at all: what handing any analyzer to the driver costs.</summary>
        [DiagnosticAnalyzer(LanguageNames.CSharp)]
        public sealed class NoActions : NeverReporting
        {
            protected override void Register(AnalysisContext context)
            {
            }
        }

        /// <summary>A compilation-start action that registers nothing.</summary>
        [DiagnosticAnalyzer(LanguageNames.CSharp)]
        public sealed class CompilationStartOnly : NeverReporting
        {
            protected override void Register(AnalysisContext context)
            {
                context.RegisterCompilationStartAction(static _ => { });
            }
        }

        /// <summary>The same registration as the product (compilation start, then operation block), with an empty action.</summary>
        [DiagnosticAnalyzer(LanguageNames.CSharp)]
        public sealed class NoOpOperationBlock : NeverReporting
        {
            protected override void Register(AnalysisContext context)
            {
                context.RegisterCompilationStartAction(static start => start.RegisterOperationBlockAction(static _ => { }));
            }
        }

        /// <summary>The same registration as the product (compilation start, then code block), with an empty action.</summary>
        [DiagnosticAnalyzer(LanguageNames.CSharp)]
        public sealed class NoOpCodeBlock : NeverReporting
        {
            protected override void Register(AnalysisContext context)
            {
                context.RegisterCompilationStartAction(static start => start.RegisterCodeBlockAction(static _ => { }));
            }
        }

        /// <summary>
        /// The product's analyzer up to and including its two filters (the syntactic glance, then the operation tree and
        /// the semantic filter), without the control-flow graph and the data flow: the same calls in the same order.
        /// </summary>
        [DiagnosticAnalyzer(LanguageNames.CSharp)]
        public sealed class FiltersOnly : NeverReporting
        {
            private long _bodies;
            private long _glanced;
            private long _passed;

            /// <summary>Code blocks seen, those the glance let through, and those the semantic filter let through, since the last <see cref="ResetCounts"/>.</summary>
            public (long Bodies, long Glanced, long Passed) Counts => (Interlocked.Read(ref _bodies), Interlocked.Read(ref _glanced), Interlocked.Read(ref _passed));

            public void ResetCounts()
            {
                Interlocked.Exchange(ref _bodies, 0);
                Interlocked.Exchange(ref _glanced, 0);
                Interlocked.Exchange(ref _passed, 0);
            }

            protected override void Register(AnalysisContext context)
            {
                context.RegisterCompilationStartAction(start =>
                {
                    var engine = new EngineContext(start.Compilation);
                    start.RegisterCodeBlockAction(block =>
                    {
                        Interlocked.Increment(ref _bodies);
                        var sources = engine.SourcesFor(block.CodeBlock.SyntaxTree, block.Options);
                        if (!engine.Hints(block.CancellationToken).MayTouchSource(block.CodeBlock, block.SemanticModel, sources, block.CancellationToken))
                        {
                            return;
                        }

                        Interlocked.Increment(ref _glanced);
                        var root = block.SemanticModel.GetOperation(block.CodeBlock, block.CancellationToken);
                        while (root?.Parent is { } parent)
                        {
                            root = parent;
                        }

                        if (root is (IBlockOperation or IMethodBodyOperation or IConstructorBodyOperation) && SourceFilter.MayTouchSource(root, sources))
                        {
                            Interlocked.Increment(ref _passed);
                        }
                    });
                });
            }
        }

        /// <summary>
        /// A syntax-tree action that looks at every identifier token for an untrusted_ spelling or a name of a shared
        /// type; no semantic model, no binding. What a syntactic pre-filter would cost at most.
        /// </summary>
        [DiagnosticAnalyzer(LanguageNames.CSharp)]
        public sealed class SyntacticGlance : NeverReporting
        {
            protected override void Register(AnalysisContext context)
            {
                context.RegisterSyntaxTreeAction(static tree =>
                {
                    var hits = 0;
                    foreach (var token in tree.Tree.GetRoot(tree.CancellationToken).DescendantTokens())
                    {
                        if (token.IsKind(SyntaxKind.IdentifierToken) && LooksLikeSource(token.ValueText))
                        {
                            hits++;
                        }
                    }

                    GC.KeepAlive(hits);
                });
            }

            private static bool LooksLikeSource(string name)
            {
                var start = 0;
                while (start < name.Length && name[start] == '_')
                {
                    start++;
                }

                return string.Compare(name, start, "untrusted", 0, "untrusted".Length, StringComparison.OrdinalIgnoreCase) == 0 ||
                       name is "SharedMemory" or "SharedMemoryAttribute" or "RingHeader" or "Descriptor" or "Message";
            }
        }
    }
}
