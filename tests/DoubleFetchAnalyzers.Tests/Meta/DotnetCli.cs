using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using Xunit;

namespace DoubleFetchAnalyzers.Tests.Meta
{
    /// <summary>
    /// Runs the <c>dotnet</c> CLI as a separate process, the way a user or CI would, and returns its exit code and
    /// output. Fails the test when the process outlives its time limit.
    /// </summary>
    internal static class DotnetCli
    {
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(3);

        /// <summary>
        /// Variables the test host inherits from <c>dotnet test</c> that point MSBuild at the running SDK's own
        /// instance; they must not leak into a separate build.
        /// </summary>
        private static readonly string[] InheritedMSBuildVariables = { "MSBUILD_EXE_PATH", "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILDNOINPROCNODE" };

        /// <summary>
        /// Runs <c>dotnet</c> with <paramref name="arguments"/> in <paramref name="workingDirectory"/>, with the given
        /// variables added to (or, when null, removed from) the environment.
        /// </summary>
        public static DotnetResult Run(string workingDirectory, IReadOnlyDictionary<string, string?>? environment, params string[] arguments)
            => Run(workingDirectory, environment, DefaultTimeout, arguments);

        public static DotnetResult Run(string workingDirectory, IReadOnlyDictionary<string, string?>? environment, TimeSpan timeout, params string[] arguments)
        {
            var startInfo = new ProcessStartInfo(DotnetExecutable())
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in arguments)
            {
                startInfo.ArgumentList.Add(argument);
            }

            foreach (var variable in InheritedMSBuildVariables)
            {
                startInfo.Environment.Remove(variable);
            }

            startInfo.Environment["DOTNET_NOLOGO"] = "1";
            startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
            {
                if (value is null)
                {
                    startInfo.Environment.Remove(name);
                }
                else
                {
                    startInfo.Environment[name] = value;
                }
            }

            var stopwatch = Stopwatch.StartNew();
            using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("dotnet did not start.");
            var standardOutput = process.StandardOutput.ReadToEndAsync();
            var standardError = process.StandardError.ReadToEndAsync();

            var exited = process.WaitForExit((int)timeout.TotalMilliseconds);
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
            var result = new DotnetResult(
                "dotnet " + string.Join(" ", arguments),
                workingDirectory,
                exited ? process.ExitCode : -1,
                Drained(standardOutput),
                Drained(standardError),
                stopwatch.Elapsed);

            Assert.True(exited, $"dotnet did not finish within {timeout.TotalMinutes} minutes.\n{result.Report}");
            return result;
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

    /// <summary>What one <c>dotnet</c> command did.</summary>
    internal sealed record DotnetResult(string CommandLine, string WorkingDirectory, int ExitCode, string StandardOutput, string StandardError, TimeSpan Elapsed)
    {
        /// <summary>Both streams, for searching: MSBuild prints errors on stdout, dotnet format on stderr.</summary>
        public string Output => StandardOutput + "\n" + StandardError;

        /// <summary>The command and everything it printed, for failure messages.</summary>
        public string Report => $"""
            {CommandLine}   (in {WorkingDirectory}, exit code {ExitCode}, {Elapsed.TotalSeconds:0.0} s)
            ---- stdout ----
            {StandardOutput}
            ---- stderr ----
            {StandardError}
            """;

        /// <summary>Fails the test with the whole output unless the command exited with 0.</summary>
        public DotnetResult ShouldSucceed(string what)
        {
            Assert.True(ExitCode == 0, $"{what}: dotnet exited with {ExitCode}, expected 0.\n{Report}");
            return this;
        }
    }
}
