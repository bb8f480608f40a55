using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using Xunit;

namespace DoubleFetchAnalyzers.Cli.Tests.Infrastructure
{
    /// <summary>What one run of the tool printed and returned.</summary>
    public sealed record ToolRun(string Arguments, int ExitCode, string StandardOutput, string StandardError)
    {
        public string[] OutputLines => Lines(StandardOutput);

        public string[] ErrorLines => Lines(StandardError);

        /// <summary>Everything about the run, for assertion messages.</summary>
        public override string ToString() => $"""
            doublefetch {Arguments}
            exit code {ExitCode}
            ---- stdout ----
            {StandardOutput}
            ---- stderr ----
            {StandardError}
            """;

        private static string[] Lines(string text) =>
            text.Split('\n').Select(line => line.TrimEnd('\r')).Where(line => line.Length > 0).ToArray();
    }

    /// <summary>
    /// Runs the built tool, <c>dotnet DoubleFetchAnalyzers.Cli.dll ...</c>, in its own process, as a user would, with a
    /// time limit.
    /// </summary>
    public static class DoubleFetchTool
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

        /// <summary>The tool's assembly in the build output of src/DoubleFetchAnalyzers.Cli (see the test project file).</summary>
        public static string AssemblyPath { get; } = typeof(DoubleFetchTool).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "DoubleFetchCliPath")
            .Value!;

        public static ToolRun Run(string workingDirectory, params string[] arguments)
        {
            Assert.True(File.Exists(AssemblyPath), $"The tool is not built: {AssemblyPath}");
            var startInfo = new ProcessStartInfo(DotnetExecutable())
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            startInfo.ArgumentList.Add(AssemblyPath);
            foreach (var argument in arguments)
            {
                startInfo.ArgumentList.Add(argument);
            }

            // The test host runs under `dotnet test`, whose MSBuild settings must not leak into the tool's MSBuild.
            foreach (var variable in new[] { "MSBUILD_EXE_PATH", "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILDNOINPROCNODE" })
            {
                startInfo.Environment.Remove(variable);
            }

            startInfo.Environment["DOTNET_NOLOGO"] = "1";
            startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

            using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("dotnet did not start.");
            process.StandardInput.Close();
            var standardOutput = process.StandardOutput.ReadToEndAsync();
            var standardError = process.StandardError.ReadToEndAsync();
            var exited = process.WaitForExit((int)Timeout.TotalMilliseconds);
            if (!exited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.WaitForExit();
            Task.WaitAll(new Task[] { standardOutput, standardError }, TimeSpan.FromSeconds(30));
            var run = new ToolRun(
                string.Join(" ", arguments),
                exited ? process.ExitCode : -1,
                standardOutput.IsCompletedSuccessfully ? standardOutput.Result : "",
                standardError.IsCompletedSuccessfully ? standardError.Result : "");
            Assert.True(exited, $"The tool did not finish within {Timeout.TotalMinutes} minutes.\n{run}");
            return run;
        }

        private static string DotnetExecutable()
        {
            // Set by the dotnet CLI for the processes it starts: the same SDK that runs these tests.
            var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
            return !string.IsNullOrEmpty(host) && File.Exists(host) ? host : "dotnet";
        }
    }
}
