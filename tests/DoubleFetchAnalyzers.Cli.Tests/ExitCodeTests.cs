using System;
using System.Linq;
using DoubleFetchAnalyzers.Cli.Tests.Infrastructure;
using Xunit;

namespace DoubleFetchAnalyzers.Cli.Tests
{
    /// <summary>
    /// Exit codes, --fail-on, --severity and --diagnostics on the samples (whose findings are all warnings). The default,
    /// --fail-on warning, is in <see cref="SampleFolderTests"/>.
    /// </summary>
    public sealed class ExitCodeTests
    {
        [Theory]
        [InlineData("never", 0)]
        [InlineData("error", 0)]
        [InlineData("info", 1)]
        public void Fail_on_decides_whether_warnings_fail_the_run(string failOn, int exitCode)
        {
            var run = DoubleFetchTool.Run(Repository.Root, "analyze", Repository.SamplesDirectory, "--fail-on", failOn);

            Assert.True(run.ExitCode == exitCode, run.ToString());
            Assert.NotEmpty(ReportedFinding.Parse(run, Repository.Root));
        }

        [Fact]
        public void Clean_code_exits_with_0()
        {
            using var directory = new TemporaryDirectory();
            var twins = directory.CopySamples(file => file.EndsWith(".Fixed.cs", StringComparison.Ordinal));

            var run = DoubleFetchTool.Run(directory.Path, "analyze", ".");

            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Equal($"0 findings in {twins.Length} files", Assert.Single(run.OutputLines));
        }

        [Fact]
        public void Severity_error_reports_no_warnings_and_so_exits_with_0()
        {
            var run = DoubleFetchTool.Run(Repository.Root, "analyze", Repository.SamplesDirectory, "--severity", "error");

            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Empty(ReportedFinding.Parse(run, Repository.Root));
            Assert.Equal($"0 findings in {Repository.SampleFiles().Count} files", Assert.Single(run.OutputLines));
        }

        [Fact]
        public void Diagnostics_reports_only_the_listed_rules()
        {
            var run = DoubleFetchTool.Run(Repository.Root, "analyze", Repository.SamplesDirectory, "--diagnostics", "DF0002,DF0003");
            var findings = ReportedFinding.Parse(run, Repository.Root);

            var expected = SampleMarkers.Expected(Repository.SampleFiles()).Count(line => line.Contains("DF0002", StringComparison.Ordinal) || line.Contains("DF0003", StringComparison.Ordinal));
            Assert.True(expected > 0);
            Assert.Equal(expected, findings.Count);
            Assert.All(findings, finding => Assert.Contains(finding.Id, new[] { "DF0002", "DF0003" }));
            Assert.True(run.ExitCode == 1, run.ToString());
        }
    }
}
