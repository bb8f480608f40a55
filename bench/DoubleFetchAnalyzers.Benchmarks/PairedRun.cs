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
    /// <c>--paired</c>: a cross-check of the ratios for a machine shared with other work, where BenchmarkDotNet's
    /// benchmark-after-benchmark order lets a change of load between two benchmarks show up as a ratio. Here every
    /// round runs compile only and each analyzer set once, in a shuffled order, and a ratio is taken within the round;
    /// the table shows the median over the rounds, of wall-clock and of CPU time. For our analyzers it also shows the
    /// median of the within-round difference (compile + ours − compile only, CPU), the analyzers' own time, from which
    /// the 4,000 / 1,000-statement ratio is taken. Not BenchmarkDotNet; the main figures are the default run's.
    /// </summary>
    public static class PairedRun
    {
        public static int Run(TextWriter output, int rounds, IReadOnlyCollection<string> only)
        {
            var operations = Operations.AnalyzerSets(new BreakdownAnalyzers.FiltersOnly());

            output.WriteLine();
            output.WriteLine(Invariant($"## paired rounds: ratios within a round, median over {rounds} rounds ((c): {3 * rounds}); CPU and wall"));
            output.WriteLine();
            output.WriteLine("| Workload | Operation | CPU median (ms) | Wall median (ms) | Ratio CPU | Ratio wall | Ours − compile only (ms, CPU) |");
            output.WriteLine("|---|---|---:|---:|---:|---:|---:|");

            var shuffle = new Random(1);
            var ownTimes = new Dictionary<string, double>();
            var warm = false;
            foreach (var name in Workbench.AllWorkloadNames.Where(name => only.Count == 0 || only.Contains(name)))
            {
                var trees = Workbench.Parse(Workbench.Generate(name));
                var applicable = operations.Where(operation => SmokeRun.Applies(name, operation.Key)).ToList();
                var runs = new List<(string Operation, Func<ImmutableArray<Diagnostic>> Run)> { (Operations.CompileOnly, () => Workbench.CompileOnly(trees)) };
                runs.AddRange(applicable.Select(operation => (operation.Key, (Func<ImmutableArray<Diagnostic>>)(() => Workbench.CompileWithAnalyzers(trees, operation.Value)))));

                if (!warm)
                {
                    // One untimed round first, for the JIT.
                    foreach (var run in runs)
                    {
                        run.Run();
                    }

                    warm = true;
                }

                var samples = runs.ToDictionary(run => run.Operation, _ => new List<(double Cpu, double Wall)>());
                var roundCount = Workbench.IsLargeMethod(name) ? 3 * rounds : rounds;
                for (var round = 0; round < roundCount; round++)
                {
                    foreach (var run in runs.OrderBy(_ => shuffle.Next()).ToList())
                    {
                        GC.Collect();
                        GC.WaitForPendingFinalizers();
                        var cpu = Environment.CpuUsage.TotalTime;
                        var wall = Stopwatch.StartNew();
                        run.Run();
                        samples[run.Operation].Add(((Environment.CpuUsage.TotalTime - cpu).TotalMilliseconds, wall.Elapsed.TotalMilliseconds));
                    }
                }

                var baseline = samples[Operations.CompileOnly];
                ownTimes[name] = Median(samples[Operations.CompileWithOurs].Select((sample, i) => sample.Cpu - baseline[i].Cpu));
                foreach (var run in runs)
                {
                    var list = samples[run.Operation];
                    var ratioCpu = Median(list.Select((sample, i) => sample.Cpu / baseline[i].Cpu));
                    var ratioWall = Median(list.Select((sample, i) => sample.Wall / baseline[i].Wall));
                    var own = run.Operation == Operations.CompileWithOurs ? Invariant($"{ownTimes[name]:F0}") : "";
                    output.WriteLine(Invariant(
                        $"| {name} | {run.Operation} | {Median(list.Select(s => s.Cpu)):F0} | {Median(list.Select(s => s.Wall)):F0} | {ratioCpu:F3} | {ratioWall:F3} | {own} |"));
                }
            }

            var sizes = WorkloadGenerator.MethodSizes.Select(Workbench.LargeMethodName).ToArray();
            if (sizes.All(ownTimes.ContainsKey))
            {
                output.WriteLine();
                output.WriteLine(Invariant(
                    $"(c) our analyzers' own time (CPU), 1,000 / 250 statements: {ownTimes[sizes[1]] / ownTimes[sizes[0]]:F2}; 4,000 / 1,000: {ownTimes[sizes[2]] / ownTimes[sizes[1]]:F2} (target < {RatioTable.MethodSizeTarget:0.00})"));
            }

            output.WriteLine();
            return 0;
        }

        private static double Median(IEnumerable<double> values)
        {
            var sorted = values.OrderBy(value => value).ToArray();
            var middle = sorted.Length / 2;
            return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        }

        private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
    }
}
