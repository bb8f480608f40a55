using System.Collections.Immutable;

namespace DoubleFetchAnalyzers.Cli.CommandLine
{
    /// <summary>What to do, as the command line says.</summary>
    internal enum CliCommand
    {
        Analyze,
        Help,
        Version,
    }

    /// <summary>The severities the tool reports and fails on, from the least severe up.</summary>
    internal enum FindingSeverity
    {
        Hidden,
        Info,
        Warning,
        Error,
    }

    /// <summary>The parsed command line of <c>doublefetch analyze</c>.</summary>
    internal sealed record CliOptions(
        CliCommand Command,
        string Path,
        string? ConfigFile,
        string? SarifFile,
        FindingSeverity MinimumSeverity,
        FindingSeverity? FailOn,
        bool Fix,
        ImmutableHashSet<string>? DiagnosticIds)
    {
        public static CliOptions ForCommand(CliCommand command) =>
            new(command, "", null, null, FindingSeverity.Info, FindingSeverity.Warning, false, null);
    }
}
