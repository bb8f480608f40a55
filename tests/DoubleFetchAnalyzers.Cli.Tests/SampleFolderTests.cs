using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using DoubleFetchAnalyzers.Cli.Tests.Infrastructure;
using Xunit;

namespace DoubleFetchAnalyzers.Cli.Tests
{
    /// <summary>
    /// <c>doublefetch analyze samples/DoubleFetchSamples --sarif FILE</c>, run once for the class: the findings are the
    /// samples' markers, the SARIF file has what SARIF 2.1.0 requires, the exit code says warnings were found.
    /// </summary>
    public sealed class SampleFolderTests : IClassFixture<SampleFolderTests.FolderRun>
    {
        private readonly FolderRun _run;

        public SampleFolderTests(FolderRun run)
        {
            _run = run;
        }

        [Fact]
        public void Reports_exactly_the_markers_of_the_violation_files()
        {
            var violations = Repository.SampleFiles().Where(file => !file.EndsWith(".Fixed.cs", StringComparison.Ordinal)).ToList();
            var expected = SampleMarkers.Expected(violations);

            Assert.NotEmpty(expected);
            Assert.Equal(expected, SampleMarkers.Actual(_run.Findings, violations));
        }

        [Fact]
        public void Reports_nothing_in_the_fixed_twins()
        {
            var twins = Repository.SampleFiles().Where(file => file.EndsWith(".Fixed.cs", StringComparison.Ordinal)).ToList();

            Assert.NotEmpty(twins);
            Assert.Empty(SampleMarkers.Actual(_run.Findings, twins));
        }

        [Fact]
        public void Prints_findings_in_the_compiler_form_with_paths_relative_to_the_current_directory()
        {
            var first = _run.Result.OutputLines[0];

            Assert.StartsWith("samples" + Path.DirectorySeparatorChar + "DoubleFetchSamples" + Path.DirectorySeparatorChar, first, StringComparison.Ordinal);
            Assert.Matches(@"^\S+\.cs\(\d+,\d+\): warning DF\d{4}: \S", first);
        }

        [Fact]
        public void Ends_with_a_summary_of_counts_per_rule_and_the_number_of_files()
        {
            var perRule = _run.Findings.GroupBy(finding => finding.Id).OrderBy(group => group.Key, StringComparer.Ordinal)
                .Select(group => $"{group.Key}: {group.Count()}");
            var expected = $"{string.Join(", ", perRule)} ({_run.Findings.Count} findings in {Repository.SampleFiles().Count} files)";

            Assert.Equal(expected, _run.Result.OutputLines[^1]);
            Assert.Equal(_run.Findings.Count + 1, _run.Result.OutputLines.Length);
        }

        [Fact]
        public void Exits_with_1_when_warnings_were_found_and_writes_only_progress_to_stderr()
        {
            Assert.True(_run.Result.ExitCode == 1, _run.Result.ToString());
            Assert.All(_run.Result.ErrorLines, line => Assert.Matches(@"^analyzed \d+ of \d+ files$", line));
        }

        [Fact]
        public void Sarif_has_the_version_schema_and_one_run_of_the_doublefetch_driver()
        {
            var root = _run.Sarif.RootElement;

            Assert.Equal("2.1.0", root.GetProperty("version").GetString());
            Assert.Equal("https://json.schemastore.org/sarif-2.1.0.json", root.GetProperty("$schema").GetString());
            var run = Assert.Single(root.GetProperty("runs").EnumerateArray());
            var driver = run.GetProperty("tool").GetProperty("driver");
            Assert.Equal("doublefetch", driver.GetProperty("name").GetString());
            Assert.False(string.IsNullOrEmpty(driver.GetProperty("version").GetString()));
            Assert.True(Uri.IsWellFormedUriString(driver.GetProperty("informationUri").GetString(), UriKind.Absolute));
        }

        [Fact]
        public void Sarif_describes_every_rule()
        {
            var rules = Run().GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().ToList();

            Assert.Equal(
                new[] { "DF0001", "DF0002", "DF0003", "DF0004", "DF0005", "DF0006", "DF0007", "DF1000" },
                rules.Select(rule => rule.GetProperty("id").GetString()));
            Assert.All(rules, rule =>
            {
                var id = rule.GetProperty("id").GetString();
                Assert.False(string.IsNullOrWhiteSpace(rule.GetProperty("name").GetString()));
                Assert.False(string.IsNullOrWhiteSpace(rule.GetProperty("shortDescription").GetProperty("text").GetString()));
                Assert.False(string.IsNullOrWhiteSpace(rule.GetProperty("fullDescription").GetProperty("text").GetString()));
                Assert.EndsWith($"/docs/rules/{id}.md", rule.GetProperty("helpUri").GetString(), StringComparison.Ordinal);
                Assert.Contains(rule.GetProperty("defaultConfiguration").GetProperty("level").GetString(), new[] { "error", "warning", "note" });
            });
            var df0007 = rules.Single(rule => rule.GetProperty("id").GetString() == "DF0007").GetProperty("defaultConfiguration");
            Assert.Equal("note", df0007.GetProperty("level").GetString());
            Assert.False(df0007.GetProperty("enabled").GetBoolean());
        }

        [Fact]
        public void Sarif_has_one_result_per_finding_with_rule_level_message_and_region()
        {
            var run = Run();
            var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().Select(rule => rule.GetProperty("id").GetString()).ToList();
            var baseUri = new Uri(run.GetProperty("originalUriBaseIds").GetProperty("SRCROOT").GetProperty("uri").GetString()!);
            var results = run.GetProperty("results").EnumerateArray().ToList();

            Assert.Equal(_run.Findings.Count, results.Count);
            var described = results.Select(result =>
            {
                var ruleId = result.GetProperty("ruleId").GetString()!;
                Assert.Equal(ruleId, rules[result.GetProperty("ruleIndex").GetInt32()]);
                Assert.Equal("warning", result.GetProperty("level").GetString());
                Assert.False(string.IsNullOrWhiteSpace(result.GetProperty("message").GetProperty("text").GetString()));
                var location = Assert.Single(result.GetProperty("locations").EnumerateArray()).GetProperty("physicalLocation");
                var artifact = location.GetProperty("artifactLocation");
                Assert.Equal("SRCROOT", artifact.GetProperty("uriBaseId").GetString());
                var path = new Uri(baseUri, artifact.GetProperty("uri").GetString()).LocalPath;
                var region = location.GetProperty("region");
                var startLine = region.GetProperty("startLine").GetInt32();
                var startColumn = region.GetProperty("startColumn").GetInt32();
                Assert.True(region.GetProperty("endLine").GetInt32() >= startLine);
                Assert.True(region.GetProperty("endColumn").GetInt32() > startColumn || region.GetProperty("endLine").GetInt32() > startLine);
                return $"{path}({startLine},{startColumn}): {ruleId}";
            });

            Assert.Equal(
                _run.Findings.Select(finding => $"{finding.Path}({finding.Line},{finding.Column}): {finding.Id}").OrderBy(text => text, StringComparer.Ordinal),
                described.OrderBy(text => text, StringComparer.Ordinal));
        }

        [Fact]
        public void Sarif_gives_the_first_read_of_a_double_fetch_as_a_related_location()
        {
            var df0001 = Run().GetProperty("results").EnumerateArray().First(result => result.GetProperty("ruleId").GetString() == "DF0001");

            var related = Assert.Single(df0001.GetProperty("relatedLocations").EnumerateArray());
            Assert.True(related.GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32() > 0);
        }

        private JsonElement Run() => _run.Sarif.RootElement.GetProperty("runs")[0];

        public sealed class FolderRun : IDisposable
        {
            private readonly TemporaryDirectory _output = new();

            public FolderRun()
            {
                var sarif = _output.Combine("samples.sarif");
                Result = DoubleFetchTool.Run(Repository.Root, "analyze", Repository.SamplesDirectory, "--sarif", sarif);
                Findings = ReportedFinding.Parse(Result, Repository.Root).ToList();
                Assert.True(File.Exists(sarif), Result.ToString());
                Sarif = JsonDocument.Parse(File.ReadAllText(sarif));
            }

            public ToolRun Result { get; }

            public System.Collections.Generic.List<ReportedFinding> Findings { get; }

            public JsonDocument Sarif { get; }

            public void Dispose()
            {
                Sarif.Dispose();
                _output.Dispose();
            }
        }
    }
}
