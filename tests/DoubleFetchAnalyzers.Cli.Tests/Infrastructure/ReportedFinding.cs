using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace DoubleFetchAnalyzers.Cli.Tests.Infrastructure
{
    /// <summary>One finding line of the tool's output: <c>path(line,col): severity DFnnnn: message</c>.</summary>
    public sealed record ReportedFinding(string Path, int Line, int Column, string Severity, string Id, string Message)
    {
        private static readonly Regex Format = new(@"^(?<path>.+)\((?<line>\d+),(?<column>\d+)\): (?<severity>error|warning|info|hidden) (?<id>DF\d{4}): (?<message>.+)$", RegexOptions.CultureInvariant);

        /// <summary>The finding lines of the output; <paramref name="workingDirectory"/> resolves their relative paths.</summary>
        public static IReadOnlyList<ReportedFinding> Parse(ToolRun run, string workingDirectory)
        {
            var findings = new List<ReportedFinding>();
            foreach (var line in run.OutputLines)
            {
                var match = Format.Match(line);
                if (match.Success)
                {
                    findings.Add(new ReportedFinding(
                        System.IO.Path.GetFullPath(System.IO.Path.Combine(workingDirectory, match.Groups["path"].Value)),
                        int.Parse(match.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture),
                        int.Parse(match.Groups["column"].Value, System.Globalization.CultureInfo.InvariantCulture),
                        match.Groups["severity"].Value,
                        match.Groups["id"].Value,
                        match.Groups["message"].Value));
                }
            }

            return findings;
        }
    }

    /// <summary>
    /// The end-of-line markers of the samples (<c>// DF0002</c>, <c>// DF0001 DF0002</c>): the IDs reported on each line
    /// of a violation file. The fixed twins (<c>*.Fixed.cs</c>) have none, and must report nothing.
    /// </summary>
    public static class SampleMarkers
    {
        private static readonly Regex Marker = new(@"//\s*(?<ids>DF\d{4}(?:[\s,]+DF\d{4})*)\s*$", RegexOptions.CultureInvariant);

        /// <summary>"path:line: IDS" for every marked line of the files, in a stable order.</summary>
        public static IReadOnlyList<string> Expected(IEnumerable<string> files)
        {
            var expected = new List<string>();
            foreach (var file in files.OrderBy(file => file, StringComparer.Ordinal))
            {
                var lines = File.ReadAllLines(file);
                for (var i = 0; i < lines.Length; i++)
                {
                    var match = Marker.Match(lines[i]);
                    if (match.Success)
                    {
                        var ids = match.Groups["ids"].Value.Split(new[] { ' ', '\t', ',' }, StringSplitOptions.RemoveEmptyEntries);
                        expected.Add(Describe(file, i + 1, ids));
                    }
                }
            }

            return expected;
        }

        /// <summary>The same form for what the tool reported in the files.</summary>
        public static IReadOnlyList<string> Actual(IEnumerable<ReportedFinding> findings, IEnumerable<string> files)
        {
            var wanted = new HashSet<string>(files, StringComparer.Ordinal);
            return findings
                .Where(finding => wanted.Contains(finding.Path))
                .GroupBy(finding => (finding.Path, finding.Line))
                .OrderBy(group => group.Key.Path, StringComparer.Ordinal)
                .ThenBy(group => group.Key.Line)
                .Select(group => Describe(group.Key.Path, group.Key.Line, group.Select(finding => finding.Id)))
                .ToList();
        }

        private static string Describe(string file, int line, IEnumerable<string> ids) =>
            $"{file}:{line}: {string.Join(" ", ids.Distinct(StringComparer.Ordinal).OrderBy(id => id, StringComparer.Ordinal))}";
    }
}
