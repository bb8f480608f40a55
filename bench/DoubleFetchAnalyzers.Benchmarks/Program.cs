using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Running;
using Microsoft.CodeAnalysis;

namespace DoubleFetchAnalyzers.Benchmarks
{
    /// <summary>
    /// <c>dotnet run -c Release --project bench/DoubleFetchAnalyzers.Benchmarks</c>: the full measurement (BenchmarkDotNet),
    /// then the ratio table. With <c>--smoke</c>: every workload once, no timing worth the name (for CI). With
    /// <c>--paired [rounds [workload...]]</c>: the ratios again, taken within shuffled rounds (see <see cref="PairedRun"/>). Any other
    /// arguments go to BenchmarkDotNet (e.g. <c>--filter *MethodSize*</c>); the table then has gaps.
    /// </summary>
    public static class Program
    {
        public static int Main(string[] args)
        {
            WriteMachine(Console.Out);
            if (args.Length == 1 && args[0] == "--smoke")
            {
                return SmokeRun.Run(Console.Out);
            }

            if (args.Length >= 1 && args[0] == "--paired")
            {
                // --paired [rounds [workload...]]
                var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
                var status = PairedRun.Run(Console.Out, rounds, args.Skip(2).ToArray());
                WriteMachine(Console.Out);
                return status;
            }

            var runs = new[]
            {
                (Type: typeof(ProjectBenchmarks), Config: BenchmarkConfig.Project),
                (Type: typeof(MethodSizeBenchmarks), Config: BenchmarkConfig.Method),
                (Type: typeof(BreakdownBenchmarks), Config: BenchmarkConfig.Project),
            };
            var summaries = runs
                .SelectMany(run => args.Length == 0
                    ? new[] { BenchmarkRunner.Run(run.Type, run.Config) }
                    : BenchmarkSwitcher.FromTypes(new[] { run.Type }).Run(args, run.Config))
                .ToArray();
            var results = Results.FromSummaries(summaries);
            var title = Invariant($"BenchmarkDotNet 0.14.0, in process; (a), (b): {BenchmarkConfig.Project}; (c): {BenchmarkConfig.Method}; one compilation per iteration");
            WriteMachine(Console.Out);
            RatioTable.Write(Console.Out, results, title);

            // The same tables beside BenchmarkDotNet's own reports.
            var artifacts = summaries.Select(summary => summary.ResultsDirectoryPath).FirstOrDefault(path => !string.IsNullOrEmpty(path)) ?? Directory.GetCurrentDirectory();
            Directory.CreateDirectory(artifacts);
            using (var file = new StreamWriter(Path.Combine(artifacts, "ratios.md")))
            {
                WriteMachine(file);
                RatioTable.Write(file, results, title);
            }

            var failed = summaries.Sum(summary => summary.Reports.Count(report => !report.Success));
            if (failed > 0)
            {
                Console.Error.WriteLine(Invariant($"{failed} benchmarks failed; see the log above."));
                return 1;
            }

            return 0;
        }

        /// <summary>The machine the figures come from.</summary>
        private static void WriteMachine(TextWriter writer)
        {
            writer.WriteLine(Invariant($"machine: {Environment.ProcessorCount} logical processors, {CpuModel()}, {MemoryGiB()} memory"));
            writer.WriteLine(Invariant($"os: {RuntimeInformation.OSDescription}; runtime: {RuntimeInformation.FrameworkDescription}; Roslyn (host) {typeof(Compilation).Assembly.GetName().Version}"));
            writer.WriteLine(Invariant($"references: {Workbench.References.Length} assemblies from {Workbench.ReferenceSource}"));
            writer.WriteLine("peer: " + PeerAnalyzers.PackageDescription);
            writer.WriteLine("load average (1, 5, 15 min): " + LoadAverage());
        }

        /// <summary>Other work on the machine: the benchmark's figures are only as good as the machine was quiet.</summary>
        private static string LoadAverage()
        {
            const string loadavg = "/proc/loadavg";
            return File.Exists(loadavg) ? string.Join(", ", File.ReadAllText(loadavg).Split(' ').Take(3)) : "unknown";
        }

        private static string CpuModel()
        {
            const string cpuinfo = "/proc/cpuinfo";
            var line = File.Exists(cpuinfo) ? File.ReadLines(cpuinfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) : null;
            return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line.Substring(line.IndexOf(':', StringComparison.Ordinal) + 1).Trim();
        }

        private static string MemoryGiB()
        {
            const string meminfo = "/proc/meminfo";
            var line = File.Exists(meminfo) ? File.ReadLines(meminfo).FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)) : null;
            var kilobytes = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1);
            return long.TryParse(kilobytes, NumberStyles.Integer, CultureInfo.InvariantCulture, out var kb)
                ? Invariant($"{kb / 1048576.0:F1} GiB")
                : "unknown";
        }

        private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
    }
}
