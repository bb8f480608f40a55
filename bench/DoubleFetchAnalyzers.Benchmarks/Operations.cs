using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DoubleFetchAnalyzers.Benchmarks
{
    /// <summary>The measured operations, named as the benchmark methods that measure them.</summary>
    public static class Operations
    {
        public const string CompileOnly = nameof(CompileOnly);
        public const string CompileWithOurs = nameof(CompileWithOurs);

        /// <summary>Compile + ours with the driver timing our actions; not an analyzer set of its own.</summary>
        public const string CompileWithOursTimed = nameof(CompileWithOursTimed);
        public const string CompileWithPeerCA2000 = nameof(CompileWithPeerCA2000);
        public const string CompileWithNoActions = nameof(CompileWithNoActions);
        public const string CompileWithCompilationStartOnly = nameof(CompileWithCompilationStartOnly);
        public const string CompileWithNoOpOperationBlock = nameof(CompileWithNoOpOperationBlock);
        public const string CompileWithNoOpCodeBlock = nameof(CompileWithNoOpCodeBlock);
        public const string CompileWithFiltersOnly = nameof(CompileWithFiltersOnly);
        public const string CompileWithSyntacticGlance = nameof(CompileWithSyntacticGlance);
        public const string CompileWithSdkAnalyzers = nameof(CompileWithSdkAnalyzers);
        public const string CompileWithSdkAnalyzersAndOurs = nameof(CompileWithSdkAnalyzersAndOurs);

        /// <summary>The analyzer set of every operation but compile only; <paramref name="filters"/> is the one whose counts the caller reads.</summary>
        public static Dictionary<string, ImmutableArray<DiagnosticAnalyzer>> AnalyzerSets(BreakdownAnalyzers.FiltersOnly filters) => new()
        {
            [CompileWithOurs] = Workbench.OurAnalyzers,
            [CompileWithPeerCA2000] = PeerAnalyzers.ForRule(Workbench.PeerRule),
            [CompileWithNoActions] = One(new BreakdownAnalyzers.NoActions()),
            [CompileWithCompilationStartOnly] = One(new BreakdownAnalyzers.CompilationStartOnly()),
            [CompileWithNoOpOperationBlock] = One(new BreakdownAnalyzers.NoOpOperationBlock()),
            [CompileWithNoOpCodeBlock] = One(new BreakdownAnalyzers.NoOpCodeBlock()),
            [CompileWithFiltersOnly] = One(filters),
            [CompileWithSyntacticGlance] = One(new BreakdownAnalyzers.SyntacticGlance()),
            [CompileWithSdkAnalyzers] = PeerAnalyzers.SdkDefaults(Workbench.PeerRule),
            [CompileWithSdkAnalyzersAndOurs] = PeerAnalyzers.SdkDefaults(Workbench.PeerRule).AddRange(Workbench.OurAnalyzers),
        };

        public static ImmutableArray<DiagnosticAnalyzer> One(DiagnosticAnalyzer analyzer) => ImmutableArray.Create(analyzer);
    }
}
