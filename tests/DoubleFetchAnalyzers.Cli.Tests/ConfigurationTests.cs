using System;
using System.IO;
using DoubleFetchAnalyzers.Cli.Tests.Infrastructure;
using Xunit;

namespace DoubleFetchAnalyzers.Cli.Tests
{
    /// <summary>
    /// Configuration in folder mode: a configured accessor (SPEC section 5) makes a second call a double fetch, whether it
    /// comes from --config (editorconfig or globalconfig) or from an .editorconfig in or above the folder.
    /// </summary>
    public sealed class ConfigurationTests
    {
        private const string Code = """
            namespace Demo
            {
                public sealed class Ring
                {
                    private readonly int[] _slots = new int[64];

                    public int Read(int offset) => _slots[offset & 63];
                }

                public sealed class Consumer
                {
                    private readonly Ring _ring = new Ring();

                    public int Length()
                    {
                        int length = _ring.Read(0);
                        if (length < 0 || length > 100)
                        {
                            return -1;
                        }

                        return _ring.Read(0);
                    }
                }
            }
            """;

        private const int FirstReadLine = 16;

        private const int SecondReadLine = 22;

        private const string Keys = """
            double_fetch.shared_memory_types = T:Demo.Ring
            double_fetch.shared_memory_accessors = M:Demo.Ring.Read(System.Int32)
            """;

        [Fact]
        public void Without_configuration_the_accessor_is_an_ordinary_call()
        {
            using var directory = WithCode();

            var run = DoubleFetchTool.Run(directory.Path, "analyze", "code");

            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Empty(ReportedFinding.Parse(run, directory.Path));
        }

        [Theory]
        [InlineData("audit.editorconfig", "# Keys for every C# file.\n[*.cs]\n" + Keys + "\n")]
        [InlineData("audit.globalconfig", "is_global = true\n" + Keys + "\n")]
        public void Config_option_applies_its_keys_to_every_file(string name, string text)
        {
            using var directory = WithCode();
            directory.Write(name, text);

            var run = DoubleFetchTool.Run(directory.Path, "analyze", "code", "--config", name);

            AssertSecondReadIsReported(run, directory, "warning");
            Assert.True(run.ExitCode == 1, run.ToString());
        }

        [Theory]
        [InlineData("code/.editorconfig")]
        [InlineData(".editorconfig")]
        public void Editorconfig_files_in_and_above_the_folder_apply_as_in_a_build(string location)
        {
            using var directory = WithCode();
            directory.Write(location, "root = true\n\n[*.cs]\n" + Keys + "\n");

            var run = DoubleFetchTool.Run(directory.Path, "analyze", "code");

            AssertSecondReadIsReported(run, directory, "warning");
        }

        [Fact]
        public void Config_option_sets_severities_and_fail_on_uses_them()
        {
            using var directory = WithCode();
            directory.Write("audit.editorconfig", "[*]\n" + Keys + "\ndotnet_diagnostic.DF0001.severity = error\n");

            var run = DoubleFetchTool.Run(directory.Path, "analyze", "code", "--config", "audit.editorconfig", "--fail-on", "error");

            AssertSecondReadIsReported(run, directory, "error");
            Assert.True(run.ExitCode == 1, run.ToString());
        }

        [Fact]
        public void DF0007_is_reported_only_when_a_configuration_enables_it()
        {
            // Config_option_applies_its_keys_to_every_file shows that without this severity line only DF0001 comes.
            using var directory = WithCode();
            directory.Write("audit.editorconfig", "[*.cs]\n" + Keys + "\ndotnet_diagnostic.DF0007.severity = suggestion\n");

            var run = DoubleFetchTool.Run(directory.Path, "analyze", "code", "--config", "audit.editorconfig", "--severity", "hidden");

            var df0007 = Assert.Single(ReportedFinding.Parse(run, directory.Path), finding => finding.Id == "DF0007");
            Assert.Equal("info", df0007.Severity);
            Assert.Equal(FirstReadLine, df0007.Line);
            Assert.Contains("'untrusted_length'", df0007.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Config_entry_that_resolves_to_nothing_is_reported_as_DF1000()
        {
            using var directory = WithCode();
            directory.Write("audit.editorconfig", "[*.cs]\ndouble_fetch.shared_memory_types = T:Demo.Missing\n");

            var run = DoubleFetchTool.Run(directory.Path, "analyze", "code", "--config", "audit.editorconfig");

            var line = Assert.Single(run.OutputLines, line => line.Contains("warning DF1000", StringComparison.Ordinal));
            Assert.StartsWith("code: warning DF1000: ", line, StringComparison.Ordinal);
            Assert.Contains("T:Demo.Missing", line, StringComparison.Ordinal);
            Assert.True(run.ExitCode == 1, run.ToString());
        }

        private static TemporaryDirectory WithCode()
        {
            var directory = new TemporaryDirectory();
            directory.Write("code/Ring.cs", Code);
            return directory;
        }

        private static void AssertSecondReadIsReported(ToolRun run, TemporaryDirectory directory, string severity)
        {
            var finding = Assert.Single(ReportedFinding.Parse(run, directory.Path));
            Assert.Equal("DF0001", finding.Id);
            Assert.Equal(severity, finding.Severity);
            Assert.Equal(Path.Combine(directory.Path, "code", "Ring.cs"), finding.Path);
            Assert.Equal(SecondReadLine, finding.Line);
        }
    }
}
