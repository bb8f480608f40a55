using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DoubleFetchAnalyzers.Benchmarks
{
    /// <summary>
    /// <c>--smoke</c>: every workload and operation once, timed with a stopwatch, no BenchmarkDotNet. Checks that the
    /// run works (no compiler error in a workload, no analyzer exception) and prints the same tables, which are not a
    /// measurement: one cold run each.
    /// </summary>
    public static class SmokeRun
    {
        public static int Run(TextWriter output)
        {
            var results = new Results();
            var problems = new List<string>();
            var filter = new BreakdownAnalyzers.FiltersOnly();
            var operations = Operations.AnalyzerSets(filter);

            foreach (var name in Workbench.AllWorkloadNames)
            {
                var workload = Workbench.Generate(name);
                var trees = Workbench.Parse(workload);
                output.WriteLine(Invariant($"{name}: {workload.Files.Count} files, {workload.MethodCount} methods, {workload.SourceMethods.Count} reading sources"));

                var compiled = Measure(name, Operations.CompileOnly, () => Workbench.CompileOnly(trees), results);
                var errors = compiled.Count(d => d.Severity == DiagnosticSeverity.Error);
                output.WriteLine(Invariant($"  {Operations.CompileOnly,-32} {Times(results.Get(name, Operations.CompileOnly)!)}  {errors} errors, {compiled.Count(d => d.Severity == DiagnosticSeverity.Warning)} warnings"));
                if (errors > 0)
                {
                    problems.Add($"{name}: {errors} compiler errors, first: {compiled.First(d => d.Severity == DiagnosticSeverity.Error)}");
                }

                foreach (var (operation, analyzers) in operations)
                {
                    if (!Applies(name, operation))
                    {
                        continue;
                    }

                    filter.ResetCounts();
                    var diagnostics = Measure(name, operation, () => Workbench.CompileWithAnalyzers(trees, analyzers), results);
                    var reported = diagnostics.Where(d => !d.Id.StartsWith("CS", StringComparison.Ordinal)).ToList();
                    var byId = string.Join(", ", reported.GroupBy(d => d.Id).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Invariant($"{g.Key}×{g.Count()}")));
                    var note = operation == Operations.CompileWithFiltersOnly
                        ? Invariant($"  ({filter.Counts.Bodies} code blocks: {filter.Counts.Glanced} past the glance, {filter.Counts.Passed} past the semantic filter)")
                        : "";
                    output.WriteLine(Invariant($"  {operation,-32} {Times(results.Get(name, operation)!)}  {reported.Count} analyzer diagnostics{(byId.Length > 0 ? ": " + byId : "")}{note}"));
                    if (reported.Any(d => d.Id == "AD0001"))
                    {
                        problems.Add($"{name}, {operation}: an analyzer threw: {reported.First(d => d.Id == "AD0001")}");
                    }
                }

                if (Applies(name, Operations.CompileWithOursTimed))
                {
                    var timed = Measure(name, Operations.CompileWithOursTimed, () => CpuTime.RecordActionTime(name, Operations.CompileWithOursTimed, Workbench.CompileWithAnalyzersTimed(trees, Workbench.OurAnalyzers)), results);
                    var actions = results.Get(name, Operations.CompileWithOursTimed)!.ActionMilliseconds;
                    output.WriteLine(Invariant($"  {Operations.CompileWithOursTimed,-32} {Times(results.Get(name, Operations.CompileWithOursTimed)!)}  {timed.Length} analyzer diagnostics, {actions:F0} ms in our actions"));
                    if (timed.Any(d => d.Id == "AD0001"))
                    {
                        problems.Add($"{name}, {Operations.CompileWithOursTimed}: an analyzer threw: {timed.First(d => d.Id == "AD0001")}");
                    }
                }
            }

            RatioTable.Write(output, results, "smoke: not a measurement (one cold run of each)");
            foreach (var problem in problems)
            {
                output.WriteLine("problem: " + problem);
            }

            output.WriteLine(problems.Count == 0 ? "smoke: ok" : Invariant($"smoke: {problems.Count} problems"));
            return problems.Count == 0 ? 0 : 1;
        }

        /// <summary>The benchmark classes' matrix: peers on (a) and (b), the breakdown on (a).</summary>
        public static bool Applies(string workload, string operation) => operation switch
        {
            Operations.CompileOnly or Operations.CompileWithOurs or Operations.CompileWithOursTimed => true,
            Operations.CompileWithPeerCA2000 or Operations.CompileWithSdkAnalyzers or Operations.CompileWithSdkAnalyzersAndOurs =>
                workload is Workbench.Ordinary or Workbench.WithSources,
            _ => workload == Workbench.Ordinary,
        };

        private static ImmutableArray<Diagnostic> Measure(string workload, string operation, Func<ImmutableArray<Diagnostic>> run, Results results)
        {
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var stopwatch = Stopwatch.StartNew();
            var diagnostics = CpuTime.Measure(workload, operation, run);
            stopwatch.Stop();
            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
            results.Add(new Measurement(workload, operation, stopwatch.Elapsed.TotalMilliseconds, null, CpuTime.Median(workload, operation, skip: 0), allocated, 1)
            {
                GcPauseMilliseconds = CpuTime.PauseMedian(workload, operation, skip: 0),
                ActionMilliseconds = CpuTime.ActionTimeMedian(workload, operation, skip: 0),
            });
            return diagnostics;
        }

        private static string Times(Measurement measurement) =>
            Invariant($"{measurement.MeanMilliseconds,8:F0} ms wall {measurement.CpuMilliseconds,8:F0} ms CPU");

        private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
    }
}
