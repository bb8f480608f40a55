using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Threading.Tasks;
using System.Xml.Linq;
using Xunit;

namespace DoubleFetchAnalyzers.Tests.Meta
{
    /// <summary>The NuGet package has the shape SPEC section 8 promises: analyzers only, a development dependency.</summary>
    [Collection(DotnetProcessCollection.Name)]
    public sealed class PackageTests : IClassFixture<PackageTests.PackedPackage>
    {
        private const string AnalyzerFolder = "analyzers/dotnet/cs/";

        private readonly PackedPackage _package;

        public PackageTests(PackedPackage package)
        {
            _package = package;
        }

        [Fact]
        public void Packs_exactly_the_analyzer_and_code_fix_assemblies_under_analyzers_dotnet_cs()
        {
            var analyzerEntries = _package.EntryNames.Where(name => name.StartsWith("analyzers/", StringComparison.Ordinal));

            Assert.Equal(
                new[] { AnalyzerFolder + "DoubleFetchAnalyzers.CodeFixes.dll", AnalyzerFolder + "DoubleFetchAnalyzers.dll" },
                analyzerEntries.OrderBy(name => name, StringComparer.Ordinal));
        }

        [Fact]
        public void Packs_nothing_under_lib()
            => Assert.DoesNotContain(_package.EntryNames, name => name.StartsWith("lib/", StringComparison.OrdinalIgnoreCase));

        [Fact]
        public void Packs_build_props_that_makes_DoubleFetchEmbedAttributes_visible_to_the_generator()
        {
            var props = XDocument.Parse(_package.ReadText("build/DoubleFetchAnalyzers.props"));

            var visible = props.Descendants().Where(element => element.Name.LocalName == "CompilerVisibleProperty");
            Assert.Contains(visible, element => (string?)element.Attribute("Include") == "DoubleFetchEmbedAttributes");
            Assert.Contains(props.Descendants(), element => element.Name.LocalName == "DoubleFetchEmbedAttributes" && element.Value == "true");
        }

        [Fact]
        public void Declares_a_development_dependency_without_dependencies()
        {
            var nuspecName = Assert.Single(_package.EntryNames, name => name.EndsWith(".nuspec", StringComparison.Ordinal));
            var nuspec = XDocument.Parse(_package.ReadText(nuspecName));

            var metadata = Assert.Single(nuspec.Descendants(), element => element.Name.LocalName == "metadata");
            Assert.Equal("DoubleFetchAnalyzers", ChildValue(metadata, "id"));
            Assert.Equal(_package.Version, ChildValue(metadata, "version"));
            Assert.Equal("true", ChildValue(metadata, "developmentDependency"));
            Assert.DoesNotContain(nuspec.Descendants(), element => element.Name.LocalName == "dependency");
        }

        [Theory]
        [InlineData("DoubleFetchAnalyzers.dll", "4.8.0.0")]
        [InlineData("DoubleFetchAnalyzers.CodeFixes.dll", "4.14.0.0")]
        public void Packs_assemblies_that_reference_no_newer_Roslyn_than_supported(string assembly, string newestAllowed)
        {
            // A compiler ignores (with only warning CS9057) an analyzer built against a newer Roslyn than itself.
            using var image = new MemoryStream(_package.ReadBytes(AnalyzerFolder + assembly));
            using var reader = new PEReader(image);
            var metadata = reader.GetMetadataReader();

            var roslyn = metadata.AssemblyReferences
                .Select(handle => metadata.GetAssemblyReference(handle))
                .Where(reference => metadata.GetString(reference.Name).StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal))
                .Select(reference => (Name: metadata.GetString(reference.Name), reference.Version))
                .ToList();

            Assert.Contains(roslyn, reference => reference.Name == "Microsoft.CodeAnalysis");
            Assert.All(roslyn, reference => Assert.True(
                reference.Version <= Version.Parse(newestAllowed),
                $"{assembly} references {reference.Name} {reference.Version}, newer than {newestAllowed}."));
        }

        private static string? ChildValue(XElement parent, string localName)
            => parent.Elements().FirstOrDefault(element => element.Name.LocalName == localName)?.Value;

        /// <summary>
        /// Packs src/DoubleFetchAnalyzers.Package once for the class, with <c>dotnet pack</c> as a user or CI would.
        /// </summary>
        public sealed class PackedPackage : IDisposable
        {
            private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

            private readonly string _workDirectory;
            private readonly Dictionary<string, byte[]> _entries;

            public PackedPackage()
            {
                _workDirectory = Path.Combine(Path.GetTempPath(), "doublefetch-pack-" + Guid.NewGuid().ToString("N"));
                Directory.CreateDirectory(_workDirectory);

                // A version no earlier run used, so that no NuGet cache can hand back an older package of the same version.
                Version = "0.0.0-test.g" + Guid.NewGuid().ToString("N");

                var outputDirectory = Path.Combine(_workDirectory, "out");
                var project = Path.Combine(FindRepositoryRoot(), "src", "DoubleFetchAnalyzers.Package", "DoubleFetchAnalyzers.Package.csproj");
                RunDotnet(
                    "pack", project,
                    "--configuration", "Debug",
                    "--output", outputDirectory,
                    // Builds into the temporary folder: the work tree's bin/ and obj/ stay as the test run (or another
                    // engineer's build) left them.
                    "--artifacts-path", Path.Combine(_workDirectory, "artifacts"),
                    "--disable-build-servers",
                    "-p:Version=" + Version,
                    // Checks the committed lock files and never rewrites them (a restore with another version would).
                    "-p:RestoreLockedMode=true");

                var packages = Directory.GetFiles(outputDirectory, "*.nupkg");
                var package = Assert.Single(packages);
                Assert.Equal("DoubleFetchAnalyzers." + Version + ".nupkg", Path.GetFileName(package));

                using var archive = ZipFile.OpenRead(package);
                _entries = archive.Entries.ToDictionary(entry => entry.FullName, ReadAll, StringComparer.Ordinal);
            }

            public string Version { get; }

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

            private static string FindRepositoryRoot()
            {
                for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
                {
                    if (File.Exists(Path.Combine(directory.FullName, "DoubleFetchAnalyzers.sln")))
                    {
                        return directory.FullName;
                    }
                }

                throw new InvalidOperationException($"No DoubleFetchAnalyzers.sln above {AppContext.BaseDirectory}.");
            }

            private static void RunDotnet(params string[] arguments)
            {
                var startInfo = new ProcessStartInfo(DotnetExecutable())
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                };
                foreach (var argument in arguments)
                {
                    startInfo.ArgumentList.Add(argument);
                }

                // The test host runs under `dotnet test`, whose MSBuild settings must not leak into a separate build.
                foreach (var variable in new[] { "MSBUILD_EXE_PATH", "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILDNOINPROCNODE" })
                {
                    startInfo.Environment.Remove(variable);
                }

                startInfo.Environment["DOTNET_NOLOGO"] = "1";
                startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

                using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("dotnet did not start.");
                var standardOutput = process.StandardOutput.ReadToEndAsync();
                var standardError = process.StandardError.ReadToEndAsync();

                var exited = process.WaitForExit((int)Timeout.TotalMilliseconds);
                if (!exited)
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit();
                }
                else
                {
                    process.WaitForExit(); // Lets the redirected streams drain.
                }

                Task.WaitAll(new Task[] { standardOutput, standardError }, TimeSpan.FromSeconds(30));
                var report = $"""
                    dotnet {string.Join(" ", arguments)}
                    ---- stdout ----
                    {Drained(standardOutput)}
                    ---- stderr ----
                    {Drained(standardError)}
                    """;

                Assert.True(exited, $"dotnet did not finish within {Timeout.TotalMinutes} minutes.\n{report}");
                Assert.True(process.ExitCode == 0, $"dotnet exited with {process.ExitCode}.\n{report}");
            }

            private static string Drained(Task<string> stream)
                => stream.IsCompletedSuccessfully ? stream.Result : "(not read)";

            private static string DotnetExecutable()
            {
                // Set by the dotnet CLI for the processes it starts: the same SDK that runs these tests.
                var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
                return !string.IsNullOrEmpty(host) && File.Exists(host) ? host : "dotnet";
            }
        }
    }
}
