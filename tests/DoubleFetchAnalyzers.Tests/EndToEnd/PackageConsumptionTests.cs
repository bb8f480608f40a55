// The package as a user gets it: packed, restored from a feed into a project of its own, built, fixed with
// `dotnet format`, built and run again. Each step steers clear of a trap from TOOLCHAIN.md:
//
// - Pack once with a version no run used before (PackedPackage: 0.0.0-test.g<guid>), and restore into a fresh
//   NUGET_PACKAGES: a repack under an old version is invisible to a consumer, the NuGet cache hands back the old one.
// - The consumer lives in a fresh temporary folder outside the repository, with an empty Directory.Build.props,
//   Directory.Build.targets and Directory.Packages.props (and ImportDirectory*=false in the environment), a root
//   .editorconfig, no lock file and a nuget.config whose only source is the local feed: the repository's CPM and
//   lock files would reject a package whose hash changes with every pack, and no other feed or fallback folder
//   may supply a package of that name.
// - The first build proves the analyzers load and fire (an analyzer built against a newer Roslyn than the compiler
//   is dropped with only warning CS9057) and that the generator declares DoubleFetch.SharedMemoryAttribute.
// - The failing build uses -p:TreatWarningsAsErrors=true with --no-incremental: -warnaserror is not sticky, and an
//   unchanged second build would say "succeeded" without running the compiler.
// - `dotnet format` has no -p:, so every MSBuild property the consumer needs is in its files or in the environment
//   that every command here shares (UseSharedCompilation, ImportDirectory*; NUGET_PACKAGES for NuGet).
// - The project is restored (and its assets file checked) before any `dotnet format --no-restore`: on an unrestored
//   project that does nothing and exits 0, even with --verify-no-changes.
// - The fixes are judged by the file's text, by `--verify-no-changes` (which must fail before the fix, so it is not
//   a vacuous check) and by the build, never by `dotnet format`'s "Formatted" line: a code fix without Fix All, or
//   one built against a newer Roslyn than dotnet format's, is skipped with exit code 0.

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security;
using System.Text.RegularExpressions;
using DoubleFetchAnalyzers.Tests.Meta;
using Xunit;
using Xunit.Abstractions;

namespace DoubleFetchAnalyzers.Tests.EndToEnd
{
    /// <summary>
    /// A console program that references the packed DoubleFetchAnalyzers package gets DF0001 and DF0002 in its build, and
    /// <c>dotnet format analyzers</c> fixes them without changing what the program prints.
    /// </summary>
    [Collection(DotnetProcessCollection.Name)]
    public sealed class PackageConsumptionTests
    {
        /// <summary>What the program prints for its valid request, before and after the fixes.</summary>
        private const string ExpectedOutput = "sum=6 value=30";

        /// <summary>
        /// A backend that reads a request from shared memory: <c>Sum</c> checks <c>request-&gt;Length</c> and then
        /// fetches it again as the loop bound (DF0001; both "Read once" and "Copy once" fit), <c>Lookup</c> indexes a
        /// table with a slot number read from shared memory (DF0002). <c>Main</c> plays the other party with a valid
        /// request in native memory.
        /// </summary>
        private const string ProgramSource = """
            using System;
            using System.Runtime.InteropServices;
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Length;
                public int Slot;
            }

            static unsafe class Program
            {
                private static readonly int[] Table = { 10, 20, 30, 40 };

                private static int Sum(Request* request, byte[] data)
                {
                    if (request->Length > data.Length)
                    {
                        return -1;
                    }

                    int sum = 0;
                    for (int i = 0; i < request->Length; i++)
                    {
                        sum += data[i];
                    }

                    return sum;
                }

                private static int Lookup(Request* request)
                {
                    int slot = request->Slot;
                    return Table[slot];
                }

                private static void Main()
                {
                    var request = (Request*)NativeMemory.AllocZeroed((nuint)sizeof(Request));
                    try
                    {
                        request->Length = 3;
                        request->Slot = 2;
                        byte[] data = { 1, 2, 3, 4, 5 };
                        Console.WriteLine($"sum={Sum(request, data)} value={Lookup(request)}");
                    }
                    finally
                    {
                        NativeMemory.Free(request);
                    }
                }
            }
            """;

        /// <summary>
        /// <see cref="ProgramSource"/> and one more double fetch, in <c>Take</c>, that only "Read once" can fix: the method
        /// writes through the pointer after the fetches, so "Copy once" is not offered there.
        /// </summary>
        private const string ProgramWithWriteBackSource = """
            using System;
            using System.Runtime.InteropServices;
            using DoubleFetch;

            [SharedMemory]
            struct Request
            {
                public int Length;
            }

            static unsafe class Program
            {
                private static int Sum(Request* request, byte[] data)
                {
                    if (request->Length > data.Length)
                    {
                        return -1;
                    }

                    int sum = 0;
                    for (int i = 0; i < request->Length; i++)
                    {
                        sum += data[i];
                    }

                    return sum;
                }

                private static int Take(Request* request)
                {
                    if (request->Length > 4)
                    {
                        return -1;
                    }

                    int taken = request->Length;
                    request->Length = 0;
                    return taken;
                }

                private static void Main()
                {
                    var request = (Request*)NativeMemory.AllocZeroed((nuint)sizeof(Request));
                    try
                    {
                        request->Length = 3;
                        byte[] data = { 1, 2, 3, 4, 5 };
                        Console.WriteLine($"sum={Sum(request, data)} taken={Take(request)} left={request->Length}");
                    }
                    finally
                    {
                        NativeMemory.Free(request);
                    }
                }
            }
            """;

        private static readonly Regex ErrorId = new(@"error (?<id>[A-Z]+\d+)\s*:", RegexOptions.CultureInvariant);

        private readonly PackedPackage _package;
        private readonly ITestOutputHelper _output;

        public PackageConsumptionTests(PackedPackage package, ITestOutputHelper output)
        {
            _package = package;
            _output = output;
        }

        [Fact]
        public void Consumer_build_reports_DF0001_and_DF0002_and_dotnet_format_fixes_them_without_changing_behaviour()
        {
            using var consumer = ConsumerProject.Create(_package, ProgramSource, _output);
            consumer.Restore();

            // Warnings by default. `using DoubleFetch;` and [SharedMemory] compile without a declaration in the project:
            // the package's generator adds the attribute.
            var firstBuild = consumer.Build(treatWarningsAsErrors: false).ShouldSucceed("build before the fixes");
            AssertMentions(firstBuild, "warning DF0001", "warning DF0002");
            Assert.False(firstBuild.Output.Contains("CS9057", StringComparison.Ordinal), $"The compiler did not load the analyzer (CS9057).\n{firstBuild.Report}");
            Assert.Equal(ExpectedOutput, consumer.Run());

            var strictBuild = consumer.Build(treatWarningsAsErrors: true);
            Assert.True(strictBuild.ExitCode != 0, $"The build with TreatWarningsAsErrors succeeded despite DF0001 and DF0002.\n{strictBuild.Report}");
            Assert.Equal(new[] { "DF0001", "DF0002" }, ErrorIds(strictBuild));

            // Before the fix the check must fail, or its success after the fix would prove nothing.
            var unfixedCheck = consumer.Format(verifyNoChanges: true);
            Assert.True(unfixedCheck.ExitCode != 0, $"dotnet format --verify-no-changes passed on code with DF0001 and DF0002.\n{unfixedCheck.Report}");
            AssertMentions(unfixedCheck, "DF0001", "DF0002");

            var format = consumer.Format(verifyNoChanges: false).ShouldSucceed("dotnet format analyzers");
            Assert.False(format.Output.Contains("Unable to fix", StringComparison.Ordinal), $"dotnet format could not apply a fix.\n{format.Report}");

            var fixedSource = consumer.ReadProgram();
            Assert.True(fixedSource != ProgramSource, $"dotnet format changed nothing.\n{format.Report}");
            AssertReadsTheRequestOnce(fixedSource, format);
            AssertChecksTheSlot(fixedSource, format);

            consumer.Format(verifyNoChanges: true).ShouldSucceed("dotnet format --verify-no-changes after the fixes");
            var fixedBuild = consumer.Build(treatWarningsAsErrors: true).ShouldSucceed("build after the fixes, with TreatWarningsAsErrors");
            Assert.False(fixedBuild.Output.Contains("DF000", StringComparison.Ordinal), $"The fixed program still gets a DoubleFetch diagnostic.\n{fixedBuild.Report}");
            Assert.Equal(ExpectedOutput, consumer.Run());
        }

        /// <summary>
        /// dotnet format applies one fix provider's Fix All per diagnostic ID and run: DF0001's one provider falls back
        /// from one fix to the other, so a double fetch that only "Read once" can fix is fixed in the same run as one
        /// that "Copy once" fixes.
        /// </summary>
        [Fact]
        public void Dotnet_format_fixes_in_one_run_a_DF0001_that_only_read_once_can_fix_next_to_one_that_copy_once_fixes()
        {
            const string expectedOutput = "sum=6 taken=3 left=0";
            using var consumer = ConsumerProject.Create(_package, ProgramWithWriteBackSource, _output);
            consumer.Restore();
            consumer.Build(treatWarningsAsErrors: false).ShouldSucceed("build before the fixes");
            Assert.Equal(expectedOutput, consumer.Run());

            consumer.Format(verifyNoChanges: false).ShouldSucceed("dotnet format analyzers");
            consumer.Format(verifyNoChanges: true).ShouldSucceed($"dotnet format --verify-no-changes after one run of the fixes, on\n{consumer.ReadProgram()}\n");
            consumer.Build(treatWarningsAsErrors: true).ShouldSucceed("build after the fixes, with TreatWarningsAsErrors");
            Assert.Equal(expectedOutput, consumer.Run());
        }

        /// <summary><c>Sum</c> fetches the request once: into a local (Read once) or as a copy of the struct (Copy once).</summary>
        private static void AssertReadsTheRequestOnce(string fixedSource, DotnetResult format)
        {
            var sum = MethodText(fixedSource, "Sum", next: "Lookup");
            var fetches = Regex.Matches(sum, @"request->|\*request\b").Count;
            var declaration = Regex.Match(sum, @"var \w+ = (?<fetch>\*request|request->Length);");
            Assert.True(
                fetches == 1 && declaration.Success,
                $"Expected Sum to fetch from the request once, as 'var x = request->Length;' or 'var x = *request;'; it fetches {fetches} time(s):\n{sum}\n{format.Report}");
        }

        /// <summary><c>Lookup</c> checks the slot against the table before it indexes it, and throws for shared data.</summary>
        private static void AssertChecksTheSlot(string fixedSource, DotnetResult format)
        {
            var lookup = MethodText(fixedSource, "Lookup", next: "Main");
            Assert.True(
                Regex.IsMatch(lookup, @"int slot = request->Slot;\s*if \(\(uint\)slot >= \(uint\)Table\.Length\)\s*throw new (System\.IO\.)?InvalidDataException\(.*\);\s*return Table\[slot\];"),
                $"Expected a range check for 'slot' before 'Table[slot]':\n{lookup}\n{format.Report}");
        }

        private static string MethodText(string source, string method, string next)
        {
            var start = source.IndexOf($" {method}(", StringComparison.Ordinal);
            var end = source.IndexOf($" {next}(", start + 1, StringComparison.Ordinal);
            Assert.True(start >= 0 && end > start, $"The fixed program has no method {method} before {next}:\n{source}");
            return source[start..end];
        }

        private static void AssertMentions(DotnetResult result, params string[] texts)
        {
            foreach (var text in texts)
            {
                Assert.True(result.Output.Contains(text, StringComparison.Ordinal), $"Expected the output to mention '{text}'.\n{result.Report}");
            }
        }

        private static string[] ErrorIds(DotnetResult result)
            => ErrorId.Matches(result.Output).Select(match => match.Groups["id"].Value).Distinct().OrderBy(id => id, StringComparer.Ordinal).ToArray();

        /// <summary>
        /// A console project in a fresh temporary folder that restores the package from the local feed into a NuGet
        /// package folder of its own; deleted on dispose.
        /// </summary>
        private sealed class ConsumerProject : IDisposable
        {
            private const string ProjectFileName = "Consumer.csproj";

            private readonly string _root;
            private readonly string _packagesFolder;
            private readonly IReadOnlyDictionary<string, string?> _environment;
            private readonly ITestOutputHelper _log;

            private ConsumerProject(string root, ITestOutputHelper log)
            {
                _root = root;
                _log = log;
                ProjectDirectory = Path.Combine(root, "Consumer");
                _packagesFolder = Path.Combine(root, "packages");

                // The environment of every command: dotnet format takes MSBuild properties from nowhere else.
                _environment = new Dictionary<string, string?>
                {
                    ["NUGET_PACKAGES"] = _packagesFolder,
                    ["NUGET_FALLBACK_PACKAGES"] = null,
                    ["ImportDirectoryBuildProps"] = "false",
                    ["ImportDirectoryBuildTargets"] = "false",
                    ["ImportDirectoryPackagesProps"] = "false",
                    // No compiler server or MSBuild node outlives the test, holding the temporary folder's files open.
                    ["UseSharedCompilation"] = "false",
                    ["MSBUILDDISABLENODEREUSE"] = "1",
                    ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
                };
            }

            public string ProjectDirectory { get; }

            private string ProgramPath => Path.Combine(ProjectDirectory, "Program.cs");

            public static ConsumerProject Create(PackedPackage package, string programSource, ITestOutputHelper log)
            {
                var root = Path.Combine(Path.GetTempPath(), "doublefetch-e2e-" + Guid.NewGuid().ToString("N"));
                var repository = Path.TrimEndingDirectorySeparator(Path.GetFullPath(AnalyzerHarness.RepositoryRoot)) + Path.DirectorySeparatorChar;
                Assert.False(
                    Path.GetFullPath(root).StartsWith(repository, StringComparison.Ordinal),
                    $"The consumer must live outside the repository ({repository}), but the temporary folder is {root}.");

                var consumer = new ConsumerProject(root, log);
                Directory.CreateDirectory(consumer.ProjectDirectory);
                Directory.CreateDirectory(consumer._packagesFolder);

                // Stop MSBuild's and EditorConfig's searches up the tree here.
                foreach (var file in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
                {
                    File.WriteAllText(Path.Combine(root, file), "<Project />\n");
                }

                File.WriteAllText(Path.Combine(root, ".editorconfig"), "root = true\n");
                File.WriteAllText(Path.Combine(root, "nuget.config"), $"""
                    <?xml version="1.0" encoding="utf-8"?>
                    <configuration>
                      <packageSources>
                        <clear />
                        <add key="local" value="{SecurityElement.Escape(package.FeedDirectory)}" />
                      </packageSources>
                      <fallbackPackageFolders>
                        <clear />
                      </fallbackPackageFolders>
                      <packageSourceMapping>
                        <clear />
                      </packageSourceMapping>
                    </configuration>
                    """);
                File.WriteAllText(Path.Combine(consumer.ProjectDirectory, ProjectFileName), $"""
                    <Project Sdk="Microsoft.NET.Sdk">
                      <PropertyGroup>
                        <OutputType>Exe</OutputType>
                        <TargetFramework>net10.0</TargetFramework>
                        <AllowUnsafeBlocks>true</AllowUnsafeBlocks>
                        <Nullable>enable</Nullable>
                        <ImplicitUsings>disable</ImplicitUsings>
                        <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
                        <RestorePackagesWithLockFile>false</RestorePackagesWithLockFile>
                      </PropertyGroup>
                      <ItemGroup>
                        <PackageReference Include="DoubleFetchAnalyzers" Version="{package.Version}" PrivateAssets="all" />
                      </ItemGroup>
                    </Project>
                    """);
                File.WriteAllText(consumer.ProgramPath, programSource);
                return consumer;
            }

            /// <summary>Restores from the local feed only, and checks that the package landed in the private package folder.</summary>
            public void Restore()
            {
                Dotnet("restore", ProjectFileName, "--disable-build-servers").ShouldSucceed("dotnet restore");
                Assert.True(File.Exists(Path.Combine(ProjectDirectory, "obj", "project.assets.json")), "dotnet restore wrote no obj/project.assets.json.");
                var analyzers = Path.Combine(_packagesFolder, "doublefetchanalyzers");
                Assert.True(
                    Directory.Exists(analyzers) && Directory.GetDirectories(analyzers).Length == 1,
                    $"Expected exactly one version of DoubleFetchAnalyzers under {analyzers}.");
            }

            public DotnetResult Build(bool treatWarningsAsErrors)
                => Dotnet(
                    "build", ProjectFileName,
                    "--no-restore",
                    "--no-incremental",
                    "--disable-build-servers",
                    "-p:TreatWarningsAsErrors=" + (treatWarningsAsErrors ? "true" : "false"));

            public DotnetResult Format(bool verifyNoChanges)
            {
                var arguments = new List<string>
                {
                    "format", "analyzers", ProjectFileName,
                    "--diagnostics", "DF0001", "DF0002",
                    "--severity", "warn",
                    "--no-restore",
                    "--verbosity", "diagnostic",
                };
                if (verifyNoChanges)
                {
                    arguments.Add("--verify-no-changes");
                }

                return Dotnet(arguments.ToArray());
            }

            /// <summary>Runs the built program and returns what it printed, without the final line break.</summary>
            public string Run()
            {
                var program = Path.Combine(ProjectDirectory, "bin", "Debug", "net10.0", "Consumer.dll");
                Assert.True(File.Exists(program), $"The build left no {program}.");
                var result = Dotnet(program).ShouldSucceed("the consumer program");
                return result.StandardOutput.TrimEnd('\r', '\n');
            }

            public string ReadProgram() => File.ReadAllText(ProgramPath);

            public void Dispose()
            {
                try
                {
                    Directory.Delete(_root, recursive: true);
                }
                catch (IOException)
                {
                }
                catch (UnauthorizedAccessException)
                {
                }
            }

            private DotnetResult Dotnet(params string[] arguments)
            {
                var result = DotnetCli.Run(ProjectDirectory, _environment, arguments);
                _log.WriteLine($"{result.Elapsed.TotalSeconds,5:0.0} s  exit {result.ExitCode}  {result.CommandLine}");
                return result;
            }
        }
    }
}
