using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DoubleFetchAnalyzers.Cli.Analysis;
using DoubleFetchAnalyzers.Cli.CommandLine;

namespace DoubleFetchAnalyzers.Cli.Output
{
    /// <summary>
    /// Findings in the compiler's form, <c>path(line,col): warning DF0001: message</c>, with the path relative to the
    /// current directory, then one summary line of counts per rule. A finding without a source location (DF1000, about
    /// the configuration) names the project file or the analyzed folder instead: <c>path: warning DF1000: message</c>.
    /// </summary>
    internal static class ConsoleReport
    {
        public static string Format(Finding finding)
        {
            var severity = SeverityWord(finding.Severity);
            if (finding.Place is { } place)
            {
                var start = place.Span.Start;
                return $"{DisplayPath(place.Path)}({start.Line + 1},{start.Character + 1}): {severity} {finding.Id}: {finding.Message}";
            }

            return $"{DisplayPath(finding.Scope)}: {severity} {finding.Id}: {finding.Message}";
        }

        /// <summary>"DF0001: 2, DF0002: 3 (5 findings in 12 files)", or "0 findings in 12 files".</summary>
        public static string Summary(IReadOnlyCollection<Finding> findings, int fileCount)
        {
            var tail = $"{Count(findings.Count, "finding")} in {Count(fileCount, "file")}";
            if (findings.Count == 0)
            {
                return tail;
            }

            var perRule = findings.GroupBy(finding => finding.Id, StringComparer.Ordinal)
                .OrderBy(group => group.Key, StringComparer.Ordinal)
                .Select(group => $"{group.Key}: {group.Count()}");
            return $"{string.Join(", ", perRule)} ({tail})";
        }

        /// <summary>"Fixed DF0001: 7, DF0002: 3 (10 findings, 4 files changed)": per rule, how many fewer findings there are.</summary>
        public static string FixSummary(IReadOnlyCollection<Finding> before, IReadOnlyCollection<Finding> after, int changedFiles)
        {
            var remaining = after.GroupBy(finding => finding.Id, StringComparer.Ordinal).ToDictionary(group => group.Key, group => group.Count(), StringComparer.Ordinal);
            var fixedCounts = before.GroupBy(finding => finding.Id, StringComparer.Ordinal)
                .Select(group => (Id: group.Key, Count: group.Count() - remaining.GetValueOrDefault(group.Key)))
                .Where(item => item.Count > 0)
                .OrderBy(item => item.Id, StringComparer.Ordinal)
                .ToList();
            var total = fixedCounts.Sum(item => item.Count);
            var changed = Count(changedFiles, "file") + " changed";
            return fixedCounts.Count == 0
                ? $"Fixed nothing ({changed})"
                : $"Fixed {string.Join(", ", fixedCounts.Select(item => $"{item.Id}: {item.Count}"))} ({Count(total, "finding")}, {changed})";
        }

        public static string SeverityWord(FindingSeverity severity) => severity switch
        {
            FindingSeverity.Error => "error",
            FindingSeverity.Warning => "warning",
            FindingSeverity.Info => "info",
            _ => "hidden",
        };

        /// <summary>A path as the tool prints it: relative to the current directory.</summary>
        public static string DisplayPath(string path) => Path.GetRelativePath(Environment.CurrentDirectory, path);

        private static string Count(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";
    }
}
