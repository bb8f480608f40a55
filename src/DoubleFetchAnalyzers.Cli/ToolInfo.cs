using System.Reflection;

namespace DoubleFetchAnalyzers.Cli
{
    /// <summary>The tool's name, version and home, as --version and SARIF show them.</summary>
    internal static class ToolInfo
    {
        public const string Name = "doublefetch";

        public const string InformationUri = "https://github.com/doublefetchanalyzers/DoubleFetchAnalyzers";

        /// <summary>The package version (the informational version without a source revision).</summary>
        public static string Version { get; } = ReadVersion();

        private static string ReadVersion()
        {
            var assembly = typeof(ToolInfo).Assembly;
            var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                ?? assembly.GetName().Version?.ToString()
                ?? "0.0.0";
            var plus = version.IndexOf('+');
            return plus < 0 ? version : version.Substring(0, plus);
        }
    }
}
