using System.Collections.Immutable;
using System.Linq;
using DoubleFetchAnalyzers.Cli.CommandLine;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace DoubleFetchAnalyzers.Cli.Analysis
{
    /// <summary>A place in a source file: its full path and its span in lines and columns (0-based, end exclusive).</summary>
    internal sealed record SourcePlace(string Path, LinePositionSpan Span)
    {
        public static SourcePlace? From(Location location)
        {
            if (!location.IsInSource)
            {
                return null;
            }

            var span = location.GetLineSpan();
            return string.IsNullOrEmpty(span.Path) ? null : new SourcePlace(span.Path, span.Span);
        }
    }

    /// <summary>One reported diagnostic, detached from the compilation that produced it.</summary>
    internal sealed record Finding(
        string Id,
        FindingSeverity Severity,
        string Message,
        SourcePlace? Place,
        ImmutableArray<SourcePlace> RelatedPlaces,
        string Scope)
    {
        public static FindingSeverity SeverityOf(DiagnosticSeverity severity) => severity switch
        {
            DiagnosticSeverity.Error => FindingSeverity.Error,
            DiagnosticSeverity.Warning => FindingSeverity.Warning,
            DiagnosticSeverity.Info => FindingSeverity.Info,
            _ => FindingSeverity.Hidden,
        };

        /// <param name="diagnostic">The diagnostic.</param>
        /// <param name="scope">Where a finding without a source location belongs: the project or folder that was analyzed.</param>
        public static Finding From(Diagnostic diagnostic, string scope) => new(
            diagnostic.Id,
            SeverityOf(diagnostic.Severity),
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture),
            SourcePlace.From(diagnostic.Location),
            diagnostic.AdditionalLocations.Select(SourcePlace.From).Where(place => place is not null).Select(place => place!).ToImmutableArray(),
            scope);
    }
}
