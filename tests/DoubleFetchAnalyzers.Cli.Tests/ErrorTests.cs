using System;
using System.IO;
using DoubleFetchAnalyzers.Cli.Tests.Infrastructure;
using Xunit;

namespace DoubleFetchAnalyzers.Cli.Tests
{
    /// <summary>Bad input: one line on stderr that starts with "error:", exit code 2, no stack trace, nothing on stdout.</summary>
    public sealed class ErrorTests
    {
        public static TheoryData<string> Cases() => new()
        {
            "no command",
            "no path",
            "missing path",
            "unknown option",
            "unknown command",
            "bad severity",
            "unknown diagnostic ID",
            "unsupported file",
            "unreadable source file",
            "config file is a folder",
            "missing config file",
            "config section without closing bracket",
            "config line that is no setting",
            "binary config file",
        };

        [Theory]
        [MemberData(nameof(Cases))]
        public void Bad_input_gives_one_error_line_and_exit_code_2(string scenario)
        {
            using var directory = new TemporaryDirectory();
            directory.Write("code/Code.cs", "namespace Demo { public static class Code { } }\n");
            var arguments = scenario switch
            {
                "no command" => Array.Empty<string>(),
                "no path" => new[] { "analyze" },
                "missing path" => new[] { "analyze", "does-not-exist" },
                "unknown option" => new[] { "analyze", "code", "--frobnicate" },
                "unknown command" => new[] { "inspect", "code" },
                "bad severity" => new[] { "analyze", "code", "--severity", "loud" },
                "unknown diagnostic ID" => new[] { "analyze", "code", "--diagnostics", "DF0001,DF9999" },
                "unsupported file" => new[] { "analyze", directory.Write("notes.txt", "not code") },
                "unreadable source file" => new[] { "analyze", UnreadableSourceFolder(directory) },
                "config file is a folder" => new[] { "analyze", "code", "--config", "code" },
                "missing config file" => new[] { "analyze", "code", "--config", "missing.editorconfig" },
                "config section without closing bracket" => new[] { "analyze", "code", "--config", directory.Write("bad.editorconfig", "[*.cs\ndouble_fetch.untrusted_prefixes = raw_\n") },
                "config line that is no setting" => new[] { "analyze", "code", "--config", directory.Write("bad.editorconfig", "[*.cs]\nthis is not a setting\n") },
                "binary config file" => new[] { "analyze", "code", "--config", WriteBinary(directory, "binary.editorconfig") },
                _ => throw new ArgumentOutOfRangeException(nameof(scenario)),
            };

            var run = DoubleFetchTool.Run(directory.Path, arguments);

            Assert.True(run.ExitCode == 2, run.ToString());
            var line = Assert.Single(run.ErrorLines);
            Assert.StartsWith("error: ", line, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", run.StandardError, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", run.StandardError, StringComparison.Ordinal);
            Assert.Empty(run.OutputLines);
        }

        [Fact]
        public void Malformed_config_error_names_the_file_and_the_line()
        {
            using var directory = new TemporaryDirectory();
            directory.Write("code/Code.cs", "namespace Demo { public static class Code { } }\n");
            directory.Write("bad.editorconfig", "root = true\n\n[*.cs\nx = 1\n");

            var run = DoubleFetchTool.Run(directory.Path, "analyze", "code", "--config", "bad.editorconfig");

            Assert.Equal("error: malformed config file 'bad.editorconfig': line 3: section header without closing ']'", Assert.Single(run.ErrorLines));
        }

        /// <summary>A folder whose only source file cannot be read: a link to a file that does not exist.</summary>
        private static string UnreadableSourceFolder(TemporaryDirectory directory)
        {
            var folder = directory.Combine("unreadable");
            Directory.CreateDirectory(folder);
            File.CreateSymbolicLink(Path.Combine(folder, "Gone.cs"), directory.Combine("nowhere", "Gone.cs"));
            return folder;
        }

        private static string WriteBinary(TemporaryDirectory directory, string name)
        {
            var path = directory.Combine(name);
            File.WriteAllBytes(path, new byte[] { 0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00, 0xFF, 0xFE, 0x00, 0x00, 0xC3, 0x28 });
            return path;
        }
    }
}
