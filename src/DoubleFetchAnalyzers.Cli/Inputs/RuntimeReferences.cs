using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace DoubleFetchAnalyzers.Cli.Inputs
{
    /// <summary>
    /// The references of a folder's compilation: the running .NET's framework assemblies (System.*, Microsoft.*,
    /// netstandard, mscorlib from TRUSTED_PLATFORM_ASSEMBLIES), not the tool's own dependencies that share the list.
    /// </summary>
    internal static class RuntimeReferences
    {
        private static readonly Lazy<ImmutableArray<MetadataReference>> Lazy = new(Load);

        public static ImmutableArray<MetadataReference> All => Lazy.Value;

        /// <summary>The preprocessor symbols an SDK build for the running .NET defines (Release configuration).</summary>
        public static ImmutableArray<string> PreprocessorSymbols { get; } = CreatePreprocessorSymbols();

        private static ImmutableArray<MetadataReference> Load()
        {
            var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location);
            var paths = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "")
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
            return paths
                .Where(path => string.Equals(Path.GetDirectoryName(path), runtimeDirectory, StringComparison.Ordinal))
                .Where(path =>
                {
                    var name = Path.GetFileNameWithoutExtension(path);
                    return name == "System" || name.StartsWith("System.", StringComparison.Ordinal)
                        || name.StartsWith("Microsoft.", StringComparison.Ordinal)
                        || name == "netstandard" || name == "mscorlib";
                })
                .OrderBy(path => path, StringComparer.Ordinal)
                .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
                .ToImmutableArray();
        }

        private static ImmutableArray<string> CreatePreprocessorSymbols()
        {
            var major = Environment.Version.Major;
            var symbols = ImmutableArray.CreateBuilder<string>();
            symbols.AddRange("TRACE", "RELEASE", "NET", "NETCOREAPP", $"NET{major}_0");
            for (var version = 5; version <= major; version++)
            {
                symbols.Add($"NET{version}_0_OR_GREATER");
            }

            symbols.AddRange("NETCOREAPP1_0_OR_GREATER", "NETCOREAPP1_1_OR_GREATER", "NETCOREAPP2_0_OR_GREATER", "NETCOREAPP2_1_OR_GREATER",
                "NETCOREAPP2_2_OR_GREATER", "NETCOREAPP3_0_OR_GREATER", "NETCOREAPP3_1_OR_GREATER");
            return symbols.ToImmutable();
        }
    }
}
