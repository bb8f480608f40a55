using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DoubleFetchAnalyzers.Benchmarks
{
    /// <summary>
    /// Workloads (a) and (b): compile only; compile with ours, without and with the driver timing our actions; compile
    /// with the peer's flow-analysis rule; compile with the analyzers the SDK runs by default, without and with ours.
    /// </summary>
    public class ProjectBenchmarks
    {
        private ImmutableArray<SyntaxTree> _trees;
        private ImmutableArray<DiagnosticAnalyzer> _peer;
        private ImmutableArray<DiagnosticAnalyzer> _sdk;
        private ImmutableArray<DiagnosticAnalyzer> _sdkAndOurs;

        public static IEnumerable<string> Workloads => new[] { Workbench.Ordinary, Workbench.WithSources };

        [ParamsSource(nameof(Workloads))]
        public string Workload { get; set; } = Workbench.Ordinary;

        [GlobalSetup]
        public void Setup()
        {
            _trees = Workbench.Parse(Workbench.Generate(Workload));
            _peer = PeerAnalyzers.ForRule(Workbench.PeerRule);
            _sdk = PeerAnalyzers.SdkDefaults(Workbench.PeerRule);
            _sdkAndOurs = _sdk.AddRange(Workbench.OurAnalyzers);
        }

        [Benchmark(Baseline = true)]
        public int CompileOnly() => CpuTime.Measure(Workload, nameof(CompileOnly), () => Workbench.CompileOnly(_trees).Length);

        [Benchmark]
        public int CompileWithOurs() => CpuTime.Measure(Workload, nameof(CompileWithOurs), () => Workbench.CompileWithAnalyzers(_trees, Workbench.OurAnalyzers).Length);

        [Benchmark]
        public int CompileWithOursTimed() => CpuTime.Measure(Workload, nameof(CompileWithOursTimed), () =>
            CpuTime.RecordActionTime(Workload, nameof(CompileWithOursTimed), Workbench.CompileWithAnalyzersTimed(_trees, Workbench.OurAnalyzers)).Length);

        [Benchmark]
        public int CompileWithPeerCA2000() => CpuTime.Measure(Workload, nameof(CompileWithPeerCA2000), () => Workbench.CompileWithAnalyzers(_trees, _peer).Length);

        [Benchmark]
        public int CompileWithSdkAnalyzers() => CpuTime.Measure(Workload, nameof(CompileWithSdkAnalyzers), () => Workbench.CompileWithAnalyzers(_trees, _sdk).Length);

        [Benchmark]
        public int CompileWithSdkAnalyzersAndOurs() => CpuTime.Measure(Workload, nameof(CompileWithSdkAnalyzersAndOurs), () => Workbench.CompileWithAnalyzers(_trees, _sdkAndOurs).Length);
    }

    /// <summary>
    /// Workload (c): one dense method of 250, 1,000 and 4,000 statements: compile only, compile with ours, and compile
    /// with ours with the driver timing our actions.
    /// </summary>
    public class MethodSizeBenchmarks
    {
        private ImmutableArray<SyntaxTree> _trees;

        public static IEnumerable<string> Workloads => WorkloadGenerator.MethodSizes.Select(Workbench.LargeMethodName);

        [ParamsSource(nameof(Workloads))]
        public string Workload { get; set; } = "";

        private static bool s_warm;

        [GlobalSetup]
        public void Setup()
        {
            _trees = Workbench.Parse(Workbench.Generate(Workload));
            WarmUpOnce();
        }

        /// <summary>
        /// The runtime compiles a method unoptimized at its first calls and again, optimized, after some thirty calls and
        /// a pause without new compilations. A few warm-up iterations of the first size do not get there, and the sizes
        /// would then be compared on differently compiled code (the first one measured looked slower than the last).
        /// Once per process, before the first size: compilations of every size with our analyzers, then a pause for the
        /// background recompilation to finish. Whether workloads (a) and (b) ran before no longer matters.
        /// </summary>
        private static void WarmUpOnce()
        {
            if (s_warm)
            {
                return;
            }

            s_warm = true;
            foreach (var size in Workloads)
            {
                var trees = Workbench.Parse(Workbench.Generate(size));
                for (var i = 0; i < 12; i++)
                {
                    Workbench.CompileOnly(trees);
                    Workbench.CompileWithAnalyzers(trees, Workbench.OurAnalyzers);
                    Workbench.CompileWithAnalyzersTimed(trees, Workbench.OurAnalyzers);
                }
            }

            System.Threading.Thread.Sleep(1000);
        }

        [Benchmark(Baseline = true)]
        public int CompileOnly() => CpuTime.Measure(Workload, nameof(CompileOnly), () => Workbench.CompileOnly(_trees).Length);

        [Benchmark]
        public int CompileWithOurs() => CpuTime.Measure(Workload, nameof(CompileWithOurs), () => Workbench.CompileWithAnalyzers(_trees, Workbench.OurAnalyzers).Length);

        [Benchmark]
        public int CompileWithOursTimed() => CpuTime.Measure(Workload, nameof(CompileWithOursTimed), () =>
            CpuTime.RecordActionTime(Workload, nameof(CompileWithOursTimed), Workbench.CompileWithAnalyzersTimed(_trees, Workbench.OurAnalyzers)).Length);
    }

    /// <summary>Where our time goes on workload (a): the parts of our analyzer, and a syntactic lower bound.</summary>
    public class BreakdownBenchmarks
    {
        private static readonly Dictionary<string, ImmutableArray<DiagnosticAnalyzer>> Sets = Operations.AnalyzerSets(new BreakdownAnalyzers.FiltersOnly());

        private ImmutableArray<SyntaxTree> _trees;

        public static IEnumerable<string> Workloads => new[] { Workbench.Ordinary };

        [ParamsSource(nameof(Workloads))]
        public string Workload { get; set; } = Workbench.Ordinary;

        [GlobalSetup]
        public void Setup() => _trees = Workbench.Parse(Workbench.Generate(Workload));

        [Benchmark]
        public int CompileWithNoActions() => CpuTime.Measure(Workload, nameof(CompileWithNoActions), () => Workbench.CompileWithAnalyzers(_trees, Sets[Operations.CompileWithNoActions]).Length);

        [Benchmark]
        public int CompileWithCompilationStartOnly() => CpuTime.Measure(Workload, nameof(CompileWithCompilationStartOnly), () => Workbench.CompileWithAnalyzers(_trees, Sets[Operations.CompileWithCompilationStartOnly]).Length);

        [Benchmark]
        public int CompileWithNoOpOperationBlock() => CpuTime.Measure(Workload, nameof(CompileWithNoOpOperationBlock), () => Workbench.CompileWithAnalyzers(_trees, Sets[Operations.CompileWithNoOpOperationBlock]).Length);

        [Benchmark]
        public int CompileWithNoOpCodeBlock() => CpuTime.Measure(Workload, nameof(CompileWithNoOpCodeBlock), () => Workbench.CompileWithAnalyzers(_trees, Sets[Operations.CompileWithNoOpCodeBlock]).Length);

        [Benchmark]
        public int CompileWithFiltersOnly() => CpuTime.Measure(Workload, nameof(CompileWithFiltersOnly), () => Workbench.CompileWithAnalyzers(_trees, Sets[Operations.CompileWithFiltersOnly]).Length);

        [Benchmark]
        public int CompileWithSyntacticGlance() => CpuTime.Measure(Workload, nameof(CompileWithSyntacticGlance), () => Workbench.CompileWithAnalyzers(_trees, Sets[Operations.CompileWithSyntacticGlance]).Length);
    }
}
