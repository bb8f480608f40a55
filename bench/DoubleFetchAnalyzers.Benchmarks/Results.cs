using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Reports;

namespace DoubleFetchAnalyzers.Benchmarks
{
    /// <summary>
    /// One operation on one workload: mean wall-clock time and its standard deviation, median CPU time, allocated bytes
    /// per operation.
    /// </summary>
    public sealed class Measurement
    {
        public Measurement(string workload, string operation, double meanMilliseconds, double? standardDeviationMilliseconds, double? cpuMilliseconds, long? allocatedBytes, int samples)
        {
            Workload = workload;
            Operation = operation;
            MeanMilliseconds = meanMilliseconds;
            StandardDeviationMilliseconds = standardDeviationMilliseconds;
            CpuMilliseconds = cpuMilliseconds;
            AllocatedBytes = allocatedBytes;
            Samples = samples;
        }

        public string Workload { get; }

        public string Operation { get; }

        public double MeanMilliseconds { get; }

        public double? StandardDeviationMilliseconds { get; }

        public double? CpuMilliseconds { get; }

        public long? AllocatedBytes { get; }

        /// <summary>The median time the process was paused for garbage collection during one invocation.</summary>
        public double? GcPauseMilliseconds { get; init; }

        /// <summary>The median time in the analyzers' actions as the driver timed it; only for <see cref="Operations.CompileWithOursTimed"/>.</summary>
        public double? ActionMilliseconds { get; init; }

        public int Samples { get; }
    }

    /// <summary>The measurements of one run, by workload and operation.</summary>
    public sealed class Results
    {
        private readonly Dictionary<(string Workload, string Operation), Measurement> _measurements = new();

        public IEnumerable<Measurement> All => _measurements.Values;

        public void Add(Measurement measurement) => _measurements[(measurement.Workload, measurement.Operation)] = measurement;

        public Measurement? Get(string workload, string operation) => _measurements.TryGetValue((workload, operation), out var measurement) ? measurement : null;

        /// <summary>
        /// The means and allocations BenchmarkDotNet measured (benchmarks that failed are left out), with the CPU time
        /// <see cref="CpuTime"/> recorded in the same invocations.
        /// </summary>
        public static Results FromSummaries(IEnumerable<Summary> summaries)
        {
            var results = new Results();
            foreach (var summary in summaries)
            {
                foreach (var report in summary.Reports)
                {
                    var statistics = report.ResultStatistics;
                    if (statistics is null)
                    {
                        continue;
                    }

                    var benchmark = report.BenchmarkCase;
                    var workload = benchmark.Parameters.Items.FirstOrDefault(parameter => parameter.Name == "Workload")?.Value as string ?? "";
                    var operation = benchmark.Descriptor.WorkloadMethod.Name;
                    results.Add(new Measurement(
                        workload,
                        operation,
                        statistics.Mean / 1e6,
                        statistics.StandardDeviation / 1e6,
                        CpuTime.Median(workload, operation, skip: benchmark.Job.Run.WarmupCount),
                        report.GcStats.GetBytesAllocatedPerOperation(benchmark),
                        statistics.N)
                    {
                        GcPauseMilliseconds = CpuTime.PauseMedian(workload, operation, skip: benchmark.Job.Run.WarmupCount),
                        ActionMilliseconds = CpuTime.ActionTimeMedian(workload, operation, skip: benchmark.Job.Run.WarmupCount),
                    });
                }
            }

            return results;
        }
    }
}
