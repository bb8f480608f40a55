using System.Text.RegularExpressions;
using DoubleFetchAnalyzers.Cli.Tests.Infrastructure;
using Xunit;

namespace DoubleFetchAnalyzers.Cli.Tests
{
    public sealed class HelpTests
    {
        [Theory]
        [InlineData("--help")]
        [InlineData("-h")]
        [InlineData("analyze", "--help")]
        public void Help_prints_the_usage_and_exits_with_0(params string[] arguments)
        {
            var run = DoubleFetchTool.Run(Repository.Root, arguments);

            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.StartsWith("Usage: doublefetch analyze <path> [options]", run.StandardOutput, System.StringComparison.Ordinal);
            foreach (var option in new[] { "--config", "--sarif", "--severity", "--fail-on", "--fix", "--diagnostics", "--version" })
            {
                Assert.Contains(option, run.StandardOutput, System.StringComparison.Ordinal);
            }

            Assert.Empty(run.ErrorLines);
        }

        [Fact]
        public void Version_prints_the_tool_name_and_version()
        {
            var run = DoubleFetchTool.Run(Repository.Root, "--version");

            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Matches(new Regex(@"^doublefetch \d+\.\d+\.\d+\S*$"), Assert.Single(run.OutputLines));
        }
    }
}
