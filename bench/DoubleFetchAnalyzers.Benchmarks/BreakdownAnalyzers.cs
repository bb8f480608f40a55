using System;
using System.Collections.Immutable;
using System.Reflection;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace DoubleFetchAnalyzers.Benchmarks
{
    /// <summary>
    /// Analyzers that do part of what ours does, to see where its time goes on code without sources: a compilation-start
    /// action that registers nothing (what a compilation that cannot contain a source would cost, ENGINE.md); registering
    /// an operation-block action and nothing else; that plus the product's cheap filter (reached by reflection, the
    /// analyzer assembly's internals are not visible here); and a purely syntactic glance over every tree, what SPEC
    /// section 9 asks of methods without sources ("a syntactic glance, nothing more"). None of them reports anything.
    /// </summary>
    public static class BreakdownAnalyzers
    {
        private static readonly DiagnosticDescriptor Never = new(
            "BENCH0001", "Never reported", "Never reported", "Benchmark", DiagnosticSeverity.Warning, isEnabledByDefault: true);

        /// <summary>A compilation-start action that registers nothing.</summary>
        [DiagnosticAnalyzer(LanguageNames.CSharp)]
        public sealed class CompilationStartOnly : DiagnosticAnalyzer
        {
            public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Never);

            public override void Initialize(AnalysisContext context)
            {
                context.EnableConcurrentExecution();
                context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
                context.RegisterCompilationStartAction(static _ => { });
            }
        }

        /// <summary>The same registration as the product (compilation start, then operation block), with an empty action.</summary>
        [DiagnosticAnalyzer(LanguageNames.CSharp)]
        public sealed class NoOpOperationBlock : DiagnosticAnalyzer
        {
            public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Never);

            public override void Initialize(AnalysisContext context)
            {
                context.EnableConcurrentExecution();
                context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
                context.RegisterCompilationStartAction(static start => start.RegisterOperationBlockAction(static _ => { }));
            }
        }

        /// <summary>The product's analyzer up to and including its cheap filter, without the control-flow graph and data flow.</summary>
        [DiagnosticAnalyzer(LanguageNames.CSharp)]
        public sealed class SourceFilterOnly : DiagnosticAnalyzer
        {
            private static readonly Lazy<Internals> Product = new(Internals.Find);

            private long _bodies;
            private long _passed;

            public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Never);

            /// <summary>Bodies the filter looked at, and those it let through, since the last <see cref="ResetCounts"/>.</summary>
            public (long Bodies, long Passed) Counts => (Interlocked.Read(ref _bodies), Interlocked.Read(ref _passed));

            public void ResetCounts()
            {
                Interlocked.Exchange(ref _bodies, 0);
                Interlocked.Exchange(ref _passed, 0);
            }

            public override void Initialize(AnalysisContext context)
            {
                var product = Product.Value;
                context.EnableConcurrentExecution();
                context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
                context.RegisterCompilationStartAction(start =>
                {
                    var engine = product.CreateEngine(start.Compilation);
                    start.RegisterOperationBlockAction(block =>
                    {
                        if (block.OperationBlocks.IsEmpty)
                        {
                            return;
                        }

                        var sources = product.SourcesFor(engine, block.OperationBlocks[0].Syntax.SyntaxTree, block.Options);
                        foreach (var root in block.OperationBlocks)
                        {
                            if (root is not (IBlockOperation or IMethodBodyOperation or IConstructorBodyOperation))
                            {
                                continue;
                            }

                            Interlocked.Increment(ref _bodies);
                            if (product.MayTouchSource(root, sources))
                            {
                                Interlocked.Increment(ref _passed);
                            }
                        }
                    });
                });
            }

            /// <summary>EngineContext, EngineContext.SourcesFor and SourceFilter.MayTouchSource of the analyzer assembly.</summary>
            private sealed class Internals
            {
                private readonly ConstructorInfo _engine;
                private readonly MethodInfo _sourcesFor;
                private readonly MethodInfo _mayTouchSource;

                private Internals(ConstructorInfo engine, MethodInfo sourcesFor, MethodInfo mayTouchSource)
                {
                    _engine = engine;
                    _sourcesFor = sourcesFor;
                    _mayTouchSource = mayTouchSource;
                }

                public static Internals Find()
                {
                    var assembly = typeof(DiagnosticIds).Assembly;
                    const BindingFlags Any = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;
                    var engineType = assembly.GetType("DoubleFetchAnalyzers.Analysis.EngineContext", throwOnError: true)!;
                    var filterType = assembly.GetType("DoubleFetchAnalyzers.Analysis.SourceFilter", throwOnError: true)!;
                    var engine = engineType.GetConstructor(Any, new[] { typeof(Compilation) });
                    var sourcesFor = engineType.GetMethod("SourcesFor", Any, new[] { typeof(SyntaxTree), typeof(AnalyzerOptions) });
                    var mayTouchSource = filterType.GetMethod("MayTouchSource", Any);
                    if (engine is null || sourcesFor is null || mayTouchSource is null)
                    {
                        throw new InvalidOperationException(
                            "The analyzer's EngineContext(Compilation), EngineContext.SourcesFor(SyntaxTree, AnalyzerOptions) or " +
                            "SourceFilter.MayTouchSource changed; update BreakdownAnalyzers.SourceFilterOnly.");
                    }

                    return new Internals(engine, sourcesFor, mayTouchSource);
                }

                public object CreateEngine(Compilation compilation) => _engine.Invoke(new object[] { compilation });

                public object SourcesFor(object engine, SyntaxTree tree, AnalyzerOptions options) => _sourcesFor.Invoke(engine, new object[] { tree, options })!;

                public bool MayTouchSource(IOperation root, object sources) => (bool)_mayTouchSource.Invoke(null, new[] { root, sources })!;
            }
        }

        /// <summary>
        /// A syntax-tree action that looks at every identifier token for an untrusted_ spelling or a name of a shared
        /// type; no semantic model, no binding. What a syntactic pre-filter would cost at most.
        /// </summary>
        [DiagnosticAnalyzer(LanguageNames.CSharp)]
        public sealed class SyntacticGlance : DiagnosticAnalyzer
        {
            public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Never);

            public override void Initialize(AnalysisContext context)
            {
                context.EnableConcurrentExecution();
                context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
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
