using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using DoubleFetchAnalyzers.Cli.Analysis;
using DoubleFetchAnalyzers.Cli.CommandLine;
using DoubleFetchAnalyzers.Cli.Configuration;
using DoubleFetchAnalyzers.Cli.Fixing;
using DoubleFetchAnalyzers.Cli.Inputs;
using DoubleFetchAnalyzers.Cli.Output;

namespace DoubleFetchAnalyzers.Cli
{
    /// <summary><c>doublefetch analyze &lt;path&gt;</c>: load, optionally fix, analyze, report, and choose the exit code.</summary>
    internal static class AnalyzeCommand
    {
        private enum InputKind
        {
            Folder,
            Solution,
            Project,
        }

        public static async Task<int> RunAsync(CliOptions options, CancellationToken cancellationToken)
        {
            var (path, kind) = ResolveInput(options.Path);
            var config = options.ConfigFile is null ? null : ConfigFile.Load(options.ConfigFile);
            var sarifPath = options.SarifFile is null ? null : ResolveOutput(options.SarifFile);
            var filter = new FindingFilter(options.MinimumSeverity, options.DiagnosticIds);

            using var progress = ProgressReporter.ForStandardError();
            using var input = kind == InputKind.Folder
                ? FolderLoader.Load(path, config)
                : await LoadWithMSBuildAsync(path, kind == InputKind.Solution, config, progress, cancellationToken).ConfigureAwait(false);
            var notifications = new List<string>(input.Warnings);
            foreach (var warning in input.Warnings)
            {
                progress.WriteLine(warning);
            }

            string? fixSummary = null;
            if (options.Fix)
            {
                var before = await SolutionAnalyzer.AnalyzeAsync(input.Solution, input.Projects, filter, input.Root, progress, cancellationToken).ConfigureAwait(false);
                var outcome = await FixApplier.FixAsync(input, before, filter, progress, cancellationToken).ConfigureAwait(false);
                await FixApplier.WriteAsync(outcome, cancellationToken).ConfigureAwait(false);
                input.Solution = outcome.Solution;
                fixSummary = ConsoleReport.FixSummary(before.Findings, outcome.Analysis.Findings, outcome.ChangedFiles.Length);
                return Report(outcome.Analysis, options, sarifPath, input.Root, notifications, fixSummary, progress);
            }

            var analysis = await SolutionAnalyzer.AnalyzeAsync(input.Solution, input.Projects, filter, input.Root, progress, cancellationToken).ConfigureAwait(false);
            return Report(analysis, options, sarifPath, input.Root, notifications, fixSummary, progress);
        }

        private static int Report(
            AnalysisResult analysis, CliOptions options, string? sarifPath, string root, List<string> notifications, string? fixSummary, ProgressReporter progress)
        {
            progress.Complete();
            foreach (var failure in analysis.Failures)
            {
                var line = "warning: an analyzer failed: " + failure;
                Console.Error.WriteLine(line);
                notifications.Add(line);
            }

            var output = Console.Out;
            foreach (var finding in analysis.Findings)
            {
                output.WriteLine(ConsoleReport.Format(finding));
            }

            if (fixSummary is not null)
            {
                output.WriteLine(fixSummary);
            }

            output.WriteLine(ConsoleReport.Summary(analysis.Findings, analysis.FileCount));
            output.Flush();

            if (sarifPath is not null)
            {
                SarifWriter.Write(sarifPath, analysis.Findings, root, notifications);
            }

            return options.FailOn is { } failOn && analysis.Findings.Any(finding => finding.Severity >= failOn)
                ? ExitCodes.Findings
                : ExitCodes.Success;
        }

        private static (string Path, InputKind Kind) ResolveInput(string given)
        {
            string path;
            try
            {
                path = Path.GetFullPath(given);
            }
            catch (Exception exception) when (exception is ArgumentException or NotSupportedException or PathTooLongException)
            {
                throw new UsageException($"invalid path '{given}': {exception.Message}");
            }

            if (Directory.Exists(path))
            {
                return (Path.TrimEndingDirectorySeparator(path) is { Length: > 0 } trimmed ? trimmed : path, InputKind.Folder);
            }

            if (!File.Exists(path))
            {
                throw new UsageException($"path '{given}' does not exist");
            }

            var kind = Path.GetExtension(path).ToLowerInvariant() switch
            {
                ".sln" or ".slnx" => InputKind.Solution,
                ".csproj" => InputKind.Project,
                _ => throw new UsageException($"cannot analyze '{given}': give a .sln, .slnx or .csproj file or a folder of .cs files"),
            };

            try
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                stream.ReadByte();
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"cannot read '{given}': {exception.Message}");
            }

            return (path, kind);
        }

        /// <summary>The full path of an output file, checked before the analysis spends any time.</summary>
        private static string ResolveOutput(string given)
        {
            var path = Path.GetFullPath(given);
            if (Directory.Exists(path))
            {
                throw new UsageException($"cannot write SARIF file '{given}': it is a folder");
            }

            var directory = Path.GetDirectoryName(path);
            if (directory is not null && !Directory.Exists(directory))
            {
                throw new UsageException($"cannot write SARIF file '{given}': folder '{directory}' does not exist");
            }

            return path;
        }

        /// <summary>Registers the SDK's MSBuild first; only then may code that loads Microsoft.Build types be compiled.</summary>
        private static Task<LoadedInput> LoadWithMSBuildAsync(string path, bool isSolution, ConfigFile? config, ProgressReporter progress, CancellationToken cancellationToken)
        {
            MSBuildRegistration.Register();
            return LoadAfterRegistrationAsync(path, isSolution, config, progress, cancellationToken);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static Task<LoadedInput> LoadAfterRegistrationAsync(string path, bool isSolution, ConfigFile? config, ProgressReporter progress, CancellationToken cancellationToken) =>
            MSBuildLoader.LoadAsync(path, isSolution, config, progress, cancellationToken);
    }
}
