using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace DoubleFetchAnalyzers.Benchmarks
{
    /// <summary>
    /// The run's closing tables: absolute figures, then the ratios against the targets of SPEC section 9, each computed
    /// from BenchmarkDotNet's wall-clock means and from the median CPU time of the same invocations.
    /// </summary>
    public static class RatioTable
    {
        public const double OrdinaryTarget = 1.02;
        public const double WithSourcesTarget = 1.10;
        public const double MethodSizeTarget = 6.0;

        private static readonly string[] OperationOrder =
        {
            Operations.CompileOnly, Operations.CompileWithOurs, Operations.CompileWithOursTimed, Operations.CompileWithPeerCA2000,
            Operations.CompileWithSdkAnalyzers, Operations.CompileWithSdkAnalyzersAndOurs,
            Operations.CompileWithNoActions, Operations.CompileWithCompilationStartOnly, Operations.CompileWithNoOpOperationBlock, Operations.CompileWithNoOpCodeBlock, Operations.CompileWithFiltersOnly, Operations.CompileWithSyntacticGlance,
        };

        /// <summary>Writes both tables as Markdown; <paramref name="title"/> says what the numbers are (a measurement or a smoke run).</summary>
        public static void Write(TextWriter writer, Results results, string title)
        {
            writer.WriteLine();
            writer.WriteLine("## " + title);
            writer.WriteLine();
            writer.WriteLine("| Workload | Operation | Wall mean (ms) | Wall StdDev (ms) | CPU median (ms) | GC pause median (ms) | Our actions median (ms) | Allocated (MB) | n |");
            writer.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var workload in Workbench.AllWorkloadNames)
            {
                foreach (var operation in OperationOrder)
                {
                    if (results.Get(workload, operation) is { } m)
                    {
                        writer.WriteLine(Invariant(
                            $"| {workload} | {operation} | {m.MeanMilliseconds:F0} | {Format(m.StandardDeviationMilliseconds, "F0")} | {Format(m.CpuMilliseconds, "F0")} | {Format(m.GcPauseMilliseconds, "F0")} | {Format(m.ActionMilliseconds, "F0")} | {Format(m.AllocatedBytes / 1048576.0, "F0")} | {m.Samples} |"));
                    }
                }
            }

            writer.WriteLine();
            writer.WriteLine("| Ratio | Wall | CPU | Target | Result (wall / CPU) |");
            writer.WriteLine("|---|---:|---:|---:|---|");
            foreach (var row in Rows(results))
            {
                var verdict = row.Target is { } target ? Verdict(row.Wall, target) + " / " + Verdict(row.Cpu, target) : "";
                var targetText = row.Target is { } t ? Invariant($"< {t:0.00}") : "";
                writer.WriteLine(Invariant($"| {row.Name} | {Format(row.Wall, "F3")} | {Format(row.Cpu, "F3")} | {targetText} | {verdict} |"));
            }

            writer.WriteLine();
        }

        private static IEnumerable<(string Name, double? Wall, double? Cpu, double? Target)> Rows(Results results)
        {
            var a = Workbench.Ordinary;
            var b = Workbench.WithSources;
            var small = Workbench.LargeMethodName(1_000);
            var large = Workbench.LargeMethodName(4_000);

            yield return Ratio("(a) compile + ours / compile only", results, a, Operations.CompileWithOurs, OrdinaryTarget);
            yield return Ratio("(b) compile + ours / compile only", results, b, Operations.CompileWithOurs, WithSourcesTarget);
            yield return OwnActions("(a) (compile only + our actions' own time, as the driver times them) / compile only", results, a, OrdinaryTarget);
            yield return OwnActions("(b) (compile only + our actions' own time, as the driver times them) / compile only", results, b, WithSourcesTarget);
            yield return Ratio("(a) compile + an analyzer that registers no action at all / compile only (the driver's floor)", results, a, Operations.CompileWithNoActions, null);
            yield return Against("(a) compile + ours / compile + an analyzer that registers no action at all", results, a, Operations.CompileWithOurs, Operations.CompileWithNoActions);
            yield return Against("(a) compile + SDK analyzers + ours / compile + SDK analyzers (what adding the package costs a build)", results, a,
                Operations.CompileWithSdkAnalyzersAndOurs, Operations.CompileWithSdkAnalyzers);
            yield return Against("(b) compile + SDK analyzers + ours / compile + SDK analyzers (what adding the package costs a build)", results, b,
                Operations.CompileWithSdkAnalyzersAndOurs, Operations.CompileWithSdkAnalyzers);
            yield return Ratio("(a) compile + SDK analyzers / compile only", results, a, Operations.CompileWithSdkAnalyzers, null);
            yield return Ratio("(a) compile + peer CA2000 / compile only", results, a, Operations.CompileWithPeerCA2000, null);
            yield return Ratio("(b) compile + peer CA2000 / compile only", results, b, Operations.CompileWithPeerCA2000, null);
            yield return (
                "(c) our analyzers' own time as the analyzer driver times their actions (median), 4,000 / 1,000 statements",
                Divide(results.Get(large, Operations.CompileWithOursTimed)?.ActionMilliseconds, results.Get(small, Operations.CompileWithOursTimed)?.ActionMilliseconds),
                null,
                MethodSizeTarget);
            yield return (
                "(c) our analyzer's own time (compile + ours − compile only), 4,000 / 1,000 statements",
                AnalyzerTimeRatio(results, large, small, Wall),
                AnalyzerTimeRatio(results, large, small, Cpu),
                MethodSizeTarget);
            yield return (
                "(c) our analyzer's own time less garbage-collection pauses (wall − GC pause), 4,000 / 1,000 statements",
                AnalyzerTimeRatio(results, large, small, WallLessPauses),
                null,
                null);
            yield return (
                "(c) compile + ours, 4,000 / 1,000 statements",
                Divide(Wall(results.Get(large, Operations.CompileWithOurs)), Wall(results.Get(small, Operations.CompileWithOurs))),
                Divide(Cpu(results.Get(large, Operations.CompileWithOurs)), Cpu(results.Get(small, Operations.CompileWithOurs))),
                null);
            foreach (var size in WorkloadGenerator.MethodSizes)
            {
                var name = Workbench.LargeMethodName(size);
                yield return Ratio($"({name}) compile + ours / compile only", results, name, Operations.CompileWithOurs, null);
            }

            yield return Ratio("(a) breakdown: compilation start registering nothing / compile only", results, a, Operations.CompileWithCompilationStartOnly, null);
            yield return Against("(a) compile + ours / compile + an analyzer that registers nothing", results, a, Operations.CompileWithOurs, Operations.CompileWithCompilationStartOnly);
            yield return Ratio("(a) breakdown: no-op operation-block action / compile only", results, a, Operations.CompileWithNoOpOperationBlock, null);
            yield return Ratio("(a) breakdown: no-op code-block action (our registration) / compile only", results, a, Operations.CompileWithNoOpCodeBlock, null);
            yield return Ratio("(a) breakdown: code block + our glance and semantic filter / compile only", results, a, Operations.CompileWithFiltersOnly, null);
            yield return Ratio("(a) breakdown: syntactic glance (syntax-tree action) / compile only", results, a, Operations.CompileWithSyntacticGlance, null);
            yield return Allocation("(a) allocated: compile + ours / compile only", results, a, Operations.CompileWithOurs);
            yield return Allocation("(b) allocated: compile + ours / compile only", results, b, Operations.CompileWithOurs);
            yield return Allocation("(a) allocated: compile + peer CA2000 / compile only", results, a, Operations.CompileWithPeerCA2000);
            yield return Allocation("(a) allocated: no-op operation-block action / compile only", results, a, Operations.CompileWithNoOpOperationBlock);
            yield return Allocation("(a) allocated: no-op code-block action / compile only", results, a, Operations.CompileWithNoOpCodeBlock);
        }

        private static (string, double?, double?, double?) Ratio(string name, Results results, string workload, string operation, double? target)
        {
            var measured = results.Get(workload, operation);
            var baseline = results.Get(workload, Operations.CompileOnly);
            return (name, Divide(Wall(measured), Wall(baseline)), Divide(Cpu(measured), Cpu(baseline)), target);
        }

        /// <summary>
        /// What our own code adds to compile time: the median time the driver measured in our actions, over compile only's
        /// wall-clock mean, as 1 + that share. The driver's cost of running any analyzer at all is not in it (see the
        /// floor row); the wall column of compile + ours / compile only has both.
        /// </summary>
        private static (string, double?, double?, double?) OwnActions(string name, Results results, string workload, double target)
        {
            var compile = Wall(results.Get(workload, Operations.CompileOnly));
            var actions = results.Get(workload, Operations.CompileWithOursTimed)?.ActionMilliseconds;
            return (name, Divide(compile + actions, compile), null, target);
        }

        /// <summary>One operation against another of the same workload, no target.</summary>
        private static (string, double?, double?, double?) Against(string name, Results results, string workload, string operation, string baseline) => (
            name,
            Divide(Wall(results.Get(workload, operation)), Wall(results.Get(workload, baseline))),
            Divide(Cpu(results.Get(workload, operation)), Cpu(results.Get(workload, baseline))),
            null);

        /// <summary>Allocations are one figure: it goes in both columns.</summary>
        private static (string, double?, double?, double?) Allocation(string name, Results results, string workload, string operation)
        {
            var ratio = Divide(results.Get(workload, operation)?.AllocatedBytes, results.Get(workload, Operations.CompileOnly)?.AllocatedBytes);
            return (name, ratio, ratio, null);
        }

        /// <summary>(compile + ours − compile only) of one workload over the same of another.</summary>
        private static double? AnalyzerTimeRatio(Results results, string numerator, string denominator, Func<Measurement?, double?> time)
        {
            var top = time(results.Get(numerator, Operations.CompileWithOurs)) - time(results.Get(numerator, Operations.CompileOnly));
            var bottom = time(results.Get(denominator, Operations.CompileWithOurs)) - time(results.Get(denominator, Operations.CompileOnly));
            return Divide(top, bottom);
        }

        private static double? Wall(Measurement? measurement) => measurement?.MeanMilliseconds;

        private static double? Cpu(Measurement? measurement) => measurement?.CpuMilliseconds;

        private static double? WallLessPauses(Measurement? measurement) => measurement?.MeanMilliseconds - measurement?.GcPauseMilliseconds;

        private static string Verdict(double? value, double target) => value is null ? "n/a" : value < target ? "met" : "MISSED";

        private static double? Divide(double? top, double? bottom) => top is null || bottom is null || bottom <= 0 ? null : top / bottom;

        private static string Format(double? value, string format) => value is null ? "-" : value.Value.ToString(format, CultureInfo.InvariantCulture);

        private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
    }
}
