using System;
using System.Collections.Generic;
using System.Linq;

namespace DoubleFetchAnalyzers.Benchmarks
{
    /// <summary>
    /// The process's CPU time (user and kernel, all threads) of every invocation of a benchmark, beside
    /// BenchmarkDotNet's wall-clock time. The compilations run on one thread (<c>concurrentBuild: false</c>,
    /// <c>concurrentAnalysis: false</c>), so on a machine shared with other work the CPU time is the steadier figure.
    /// </summary>
    public static class CpuTime
    {
        private static readonly Dictionary<(string Workload, string Operation), List<double>> Samples = new();

        public static T Measure<T>(string workload, string operation, Func<T> run)
        {
            var start = Environment.CpuUsage.TotalTime;
            var result = run();
            var milliseconds = (Environment.CpuUsage.TotalTime - start).TotalMilliseconds;
            lock (Samples)
            {
                if (!Samples.TryGetValue((workload, operation), out var list))
                {
                    Samples[(workload, operation)] = list = new List<double>();
                }

                list.Add(milliseconds);
            }

            return result;
        }

        /// <summary>
        /// The median over the invocations after the first <paramref name="skip"/> (the warm-up iterations, with the JIT
        /// at work), which leaves the measured iterations and BenchmarkDotNet's extra one for allocations.
        /// </summary>
        public static double? Median(string workload, string operation, int skip)
        {
            double[] values;
            lock (Samples)
            {
                if (!Samples.TryGetValue((workload, operation), out var list) || list.Count == 0)
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
