using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using DoubleFetchAnalyzers.Cli.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace DoubleFetchAnalyzers.Cli.Tests
{
    /// <summary><c>--fix</c> on a copy of the samples folder: the fixes are written back, and what is left compiles.</summary>
    public sealed class FixTests
    {
        /// <summary>The attributes the package's generator declares, for compiling the fixed code without the tool.</summary>
        private const string Attributes = """
            namespace DoubleFetch
            {
                [System.AttributeUsage(System.AttributeTargets.All)]
                internal sealed class SharedMemoryAttribute : System.Attribute { }

                [System.AttributeUsage(System.AttributeTargets.All)]
                internal sealed class UntrustedAttribute : System.Attribute { }
            }
            """;

        [Fact]
        public void Fix_writes_the_fixes_and_a_second_run_reports_none_of_the_fixed_rules()
        {
            using var directory = new TemporaryDirectory();
            var files = directory.CopySamples();
            var twins = files.Where(file => file.EndsWith(".Fixed.cs", StringComparison.Ordinal)).ToDictionary(file => file, File.ReadAllText);
            var before = SampleMarkers.Expected(files).Count;

            var fix = DoubleFetchTool.Run(directory.Path, "analyze", ".", "--fix");
            var again = DoubleFetchTool.Run(directory.Path, "analyze", ".");

            // "Fixed DF0001: 7, DF0002: 4 (11 findings, 3 files changed)"
            var summary = Assert.Single(fix.OutputLines, line => line.StartsWith("Fixed ", StringComparison.Ordinal));
            var fixedIds = Regex.Matches(summary, @"DF\d{4}").Select(match => match.Value).ToList();
            Assert.NotEmpty(fixedIds);
            Assert.Contains("DF0001", fixedIds);
            Assert.Contains("DF0002", fixedIds);

            // Every double fetch and every unchecked index of the samples can be fixed; what remains (an offset into
            // memory of unknown length, with no bound to check against) is what no fix is offered for: a second --fix
            // changes nothing.
            var remaining = ReportedFinding.Parse(again, directory.Path);
            Assert.DoesNotContain(remaining, finding => finding.Id is "DF0001" or "DF0002");
            Assert.True(remaining.Count < before, again.ToString());
            var contents = files.ToDictionary(file => file, File.ReadAllText);
            var fixAgain = DoubleFetchTool.Run(directory.Path, "analyze", ".", "--fix");
            Assert.All(contents, file => Assert.Equal(file.Value, File.ReadAllText(file.Key)));
            Assert.Equal(remaining.Select(finding => finding.ToString()), ReportedFinding.Parse(fixAgain, directory.Path).Select(finding => finding.ToString()));
            Assert.Equal(
                ReportedFinding.Parse(fix, directory.Path).Select(finding => finding.ToString()),
                remaining.Select(finding => finding.ToString()));
            Assert.True(again.ExitCode == (remaining.Count == 0 ? 0 : 1), again.ToString());
            Assert.True(fix.ExitCode == again.ExitCode, fix.ToString());

            // The clean twins were not touched, the violation files were.
            Assert.All(twins, twin => Assert.Equal(twin.Value, File.ReadAllText(twin.Key)));
            Assert.Contains(files.Except(twins.Keys), file => File.ReadAllText(file) != File.ReadAllText(Original(directory, file)));

            AssertCompiles(files);
        }

        [Fact]
        public void Fix_with_diagnostics_fixes_only_the_listed_rule()
        {
            using var directory = new TemporaryDirectory();
            var files = directory.CopySamples();

            var fix = DoubleFetchTool.Run(directory.Path, "analyze", ".", "--fix", "--diagnostics", "DF0002");

            // What is left is reported by the same run (the previous test checks that it is what a second run finds).
            Assert.StartsWith("Fixed DF0002: ", Assert.Single(fix.OutputLines, line => line.StartsWith("Fixed ", StringComparison.Ordinal)), StringComparison.Ordinal);
            Assert.Empty(ReportedFinding.Parse(fix, directory.Path));
            Assert.True(fix.ExitCode == 0, fix.ToString());
            // Files with DF0002 findings changed; the others (DF0001 and DF0003 only, or clean) did not.
            Assert.All(files, file =>
            {
                var hasDf0002 = SampleMarkers.Expected(new[] { Original(directory, file) }).Any(line => line.Contains("DF0002", StringComparison.Ordinal));
                Assert.True(hasDf0002 == (File.ReadAllText(file) != File.ReadAllText(Original(directory, file))), file);
            });
            AssertCompiles(files);
        }

        /// <summary>The sample a copy was made from.</summary>
        private static string Original(TemporaryDirectory directory, string copy) =>
            Path.Combine(Repository.SamplesDirectory, Path.GetRelativePath(directory.Path, copy));

        private static void AssertCompiles(IEnumerable<string> files)
        {
            var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
            var trees = files.Select(file => CSharpSyntaxTree.ParseText(File.ReadAllText(file), parseOptions, file))
                .Append(CSharpSyntaxTree.ParseText(Attributes, parseOptions, "Attributes.cs"));
            var compilation = CSharpCompilation.Create(
                "FixedSamples",
                trees,
                RuntimeReferences(),
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));

            var errors = compilation.GetDiagnostics().Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error).ToList();
            Assert.True(errors.Count == 0, "The fixed code does not compile:\n" + string.Join("\n", errors));
        }

        private static IEnumerable<MetadataReference> RuntimeReferences()
        {
            var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location);
            return ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "")
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Where(path => Path.GetDirectoryName(path) == runtimeDirectory)
                .Where(path => Path.GetFileName(path).StartsWith("System", StringComparison.Ordinal) || Path.GetFileName(path) is "netstandard.dll" or "mscorlib.dll")
                .Select(path => MetadataReference.CreateFromFile(path));
        }
    }
}
