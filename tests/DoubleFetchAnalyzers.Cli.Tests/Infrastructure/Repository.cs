using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace DoubleFetchAnalyzers.Cli.Tests.Infrastructure
{
    /// <summary>Paths in the repository the tests run from.</summary>
    public static class Repository
    {
        public static string Root { get; } = FindRoot();

        public static string SolutionFile => Path.Combine(Root, "DoubleFetchAnalyzers.sln");

        public static string SamplesDirectory => Path.Combine(Root, "samples", "DoubleFetchSamples");

        public static string SamplesProject => Path.Combine(SamplesDirectory, "DoubleFetchSamples.csproj");

        /// <summary>The sample sources (full paths, ordinal order), bin/ and obj/ excluded.</summary>
        public static IReadOnlyList<string> SampleFiles() =>
            Directory.EnumerateFiles(SamplesDirectory, "*.cs", SearchOption.AllDirectories)
                .Where(path => !Path.GetRelativePath(SamplesDirectory, path).Split(Path.DirectorySeparatorChar).Any(segment => segment is "bin" or "obj"))
                .OrderBy(path => path, StringComparer.Ordinal)
                .ToList();

        private static string FindRoot()
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "DoubleFetchAnalyzers.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException("DoubleFetchAnalyzers.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
