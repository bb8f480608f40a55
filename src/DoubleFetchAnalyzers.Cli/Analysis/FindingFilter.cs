using System.Collections.Immutable;
using DoubleFetchAnalyzers.Cli.CommandLine;
using Microsoft.CodeAnalysis;

namespace DoubleFetchAnalyzers.Cli.Analysis
{
    /// <summary>Which diagnostics are reported (and fixed): --severity and --diagnostics.</summary>
    internal sealed record FindingFilter(FindingSeverity MinimumSeverity, ImmutableHashSet<string>? Ids)
    {
        public bool Includes(Diagnostic diagnostic) =>
            (Ids is null || Ids.Contains(diagnostic.Id)) && Finding.SeverityOf(diagnostic.Severity) >= MinimumSeverity;
    }
}
