using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using Xunit;

namespace DoubleFetchAnalyzers.Tests.Meta
{
    /// <summary>
    /// Packs src/DoubleFetchAnalyzers.Package once for the "dotnet-process" collection, with <c>dotnet pack</c> as a
    /// user or CI would, into a folder that serves as a local NuGet feed until the collection is done.
    /// </summary>
    public sealed class PackedPackage : IDisposable
    {
        private readonly string _workDirectory;
        private readonly Dictionary<string, byte[]> _entries;

        public PackedPackage()
        {
            _workDirectory = Path.Combine(Path.GetTempPath(), "doublefetch-pack-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_workDirectory);

            // A version no earlier run used, so that no NuGet cache can hand back an older package of the same version.
            Version = "0.0.0-test.g" + Guid.NewGuid().ToString("N");

            FeedDirectory = Path.Combine(_workDirectory, "out");
            var project = Path.Combine(AnalyzerHarness.RepositoryRoot, "src", "DoubleFetchAnalyzers.Package", "DoubleFetchAnalyzers.Package.csproj");
            DotnetCli.Run(
                AnalyzerHarness.RepositoryRoot,
                environment: null,
                "pack", project,
                "--configuration", "Debug",
                "--output", FeedDirectory,
                // Builds into the temporary folder: the work tree's bin/ and obj/ stay as the test run (or another
                // engineer's build) left them.
                "--artifacts-path", Path.Combine(_workDirectory, "artifacts"),
                "--disable-build-servers",
                "-p:Version=" + Version,
                // Checks the committed lock files and never rewrites them (a restore with another version would).
                "-p:RestoreLockedMode=true")
                .ShouldSucceed("dotnet pack");

            var packages = Directory.GetFiles(FeedDirectory, "*.nupkg");
            PackagePath = Assert.Single(packages);
            Assert.Equal("DoubleFetchAnalyzers." + Version + ".nupkg", Path.GetFileName(PackagePath));

            using var archive = ZipFile.OpenRead(PackagePath);
            _entries = archive.Entries.ToDictionary(entry => entry.FullName, ReadAll, StringComparer.Ordinal);
        }

        public string Version { get; }

        /// <summary>The folder that holds the package and nothing else: a local NuGet feed.</summary>
        public string FeedDirectory { get; }

        public string PackagePath { get; }

        public IReadOnlyCollection<string> EntryNames => _entries.Keys;

        public byte[] ReadBytes(string entryName)
        {
            Assert.True(_entries.TryGetValue(entryName, out var bytes), $"The package has no {entryName}; it has: {string.Join(", ", EntryNames)}");
            return bytes!;
        }

        public string ReadText(string entryName)
        {
            using var reader = new StreamReader(new MemoryStream(ReadBytes(entryName)));
            return reader.ReadToEnd();
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(_workDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        private static byte[] ReadAll(ZipArchiveEntry entry)
        {
            using var stream = entry.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
    }
}
