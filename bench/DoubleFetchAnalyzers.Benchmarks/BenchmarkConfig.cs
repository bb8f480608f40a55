using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Order;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace DoubleFetchAnalyzers.Benchmarks
{
    /// <summary>
    /// One modest job: in process (no generated project to restore and build), one launch, a few warm-up and measured
    /// iterations of one invocation each (an invocation is a whole compilation), monitoring strategy (no pilot, no
    /// overhead estimate), allocations measured. <see cref="Project"/> for workloads (a) and (b), whose compilations
    /// take seconds; <see cref="Method"/> for workload (c), whose compilations take a fraction of a second and vary more.
    /// </summary>
    public sealed class BenchmarkConfig : ManualConfig
    {
        private BenchmarkConfig(int warmupCount, int iterationCount)
        {
            WarmupCount = warmupCount;
            IterationCount = iterationCount;
            AddJob(Job.Default
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithStrategy(RunStrategy.Monitoring)
                .WithLaunchCount(1)
                .WithWarmupCount(warmupCount)
                .WithIterationCount(iterationCount)
                .WithInvocationCount(1)
                .WithUnrollFactor(1)
                .WithId("Modest"));
            AddDiagnoser(MemoryDiagnoser.Default);
            AddColumnProvider(DefaultColumnProviders.Instance);
            AddLogger(ConsoleLogger.Default);
            AddExporter(MarkdownExporter.GitHub);
            WithOrderer(new DefaultOrderer(SummaryOrderPolicy.Declared));
            WithOptions(ConfigOptions.DisableLogFile);
        }

        public static BenchmarkConfig Project { get; } = new(warmupCount: 1, iterationCount: 5);

        public static BenchmarkConfig Method { get; } = new(warmupCount: 5, iterationCount: 25);

        public int WarmupCount { get; }

        public int IterationCount { get; }

        public override string ToString() =>
            string.Format(CultureInfo.InvariantCulture, "{0} warm-up + {1} measured iterations", WarmupCount, IterationCount);
    }
}
