namespace DoubleFetchAnalyzers.Cli.CommandLine
{
    /// <summary>The tool's exit codes.</summary>
    internal static class ExitCodes
    {
        /// <summary>Nothing reported at or above the <c>--fail-on</c> severity.</summary>
        public const int Success = 0;

        /// <summary>At least one finding at or above the <c>--fail-on</c> severity was reported.</summary>
        public const int Findings = 1;

        /// <summary>Bad command line or bad input (missing path, unreadable or malformed file), or the run failed.</summary>
        public const int UsageOrInputError = 2;
    }
}
