using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace DoubleFetchAnalyzers.Benchmarks
{
    /// <summary>
    /// The process's CPU time (user and kernel, all threads) of every invocation of a benchmark, beside
    /// BenchmarkDotNet's wall-clock time. The compilations run on one thread (<c>concurrentBuild: false</c>,
    /// <c>concurrentAnalysis: false</c>), so on a machine shared with other work the CPU time is the steadier figure.
    /// Also the time the runtime paused the process for garbage collection during each invocation, and, for the
    /// operation that asks the driver to time them, the time spent in the analyzers' actions.
    /// </summary>
    public static class CpuTime
    {
        private static readonly Dictionary<(string Workload, string Operation), List<double>> Samples = new();
        private static readonly Dictionary<(string Workload, string Operation), List<double>> Pauses = new();
        private static readonly Dictionary<(string Workload, string Operation), List<double>> ActionTimes = new();

        public static T Measure<T>(string workload, string operation, Func<T> run)
        {
            var start = Environment.CpuUsage.TotalTime;
            var pausedBefore = GC.GetTotalPauseDuration();
            var result = run();
            var milliseconds = (Environment.CpuUsage.TotalTime - start).TotalMilliseconds;
            var paused = (GC.GetTotalPauseDuration() - pausedBefore).TotalMilliseconds;
            lock (Samples)
            {
                Add(Samples, (workload, operation), milliseconds);
                Add(Pauses, (workload, operation), paused);
            }

            return result;
        }

        /// <summary>Records the time the analyzer driver measured in the analyzers' actions during one invocation; returns the diagnostics.</summary>
        public static ImmutableArray<Diagnostic> RecordActionTime(string workload, string operation, (ImmutableArray<Diagnostic> Diagnostics, double ActionMilliseconds) timed)
        {
            lock (Samples)
            {
                Add(ActionTimes, (workload, operation), timed.ActionMilliseconds);
            }

            return timed.Diagnostics;
        }

        /// <summary>The median time in the analyzers' actions, over the same invocations as <see cref="Median"/>; null for operations that do not time them.</summary>
        public static double? ActionTimeMedian(string workload, string operation, int skip) => Median(ActionTimes, workload, operation, skip);

        /// <summary>The median garbage-collection pause, over the same invocations as <see cref="Median"/>.</summary>
        public static double? PauseMedian(string workload, string operation, int skip) => Median(Pauses, workload, operation, skip);

        /// <summary>
        /// The median over the invocations after the first <paramref name="skip"/> (the warm-up iterations, with the JIT
        /// at work), which leaves the measured iterations and BenchmarkDotNet's extra one for allocations.
        /// </summary>
        public static double? Median(string workload, string operation, int skip) => Median(Samples, workload, operation, skip);

        private static void Add(Dictionary<(string Workload, string Operation), List<double>> samples, (string, string) key, double value)
        {
            if (!samples.TryGetValue(key, out var list))
            {
                samples[key] = list = new List<double>();
            }

            list.Add(value);
        }

        private static double? Median(Dictionary<(string Workload, string Operation), List<double>> samples, string workload, string operation, int skip)
        {
            double[] values;
            lock (Samples)
            {
                if (!samples.TryGetValue((workload, operation), out var list) || list.Count == 0)
                {
                    return null;
                }

                values = list.Skip(System.Math.Min(skip, list.Count - 1)).OrderBy(value => value).ToArray();
            }

            var middle = values.Length / 2;
            return values.Length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
        }
    }
}
