using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using DoubleFetchAnalyzers.Cli.CommandLine;
using DoubleFetchAnalyzers.Cli.Configuration;
using DoubleFetchAnalyzers.Cli.Output;
using Microsoft.Build.Construction;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.MSBuild;

namespace DoubleFetchAnalyzers.Cli.Inputs
{
    /// <summary>
    /// Solutions (.sln, .slnx) and projects (.csproj), loaded with <see cref="MSBuildWorkspace"/> on the MSBuild of the
    /// .NET SDK that <see cref="MSBuildRegistration"/> registered.
    /// </summary>
    /// <remarks>
    /// Microsoft.Build assemblies come from that SDK, never from the tool's folder; they can load only after
    /// <see cref="MSBuildRegistration.Register"/> ran. Every method that touches an MSBuild type therefore lives in this
    /// class, is called only after registration, and is not inlined into a caller that the JIT compiles earlier.
    /// </remarks>
    internal static class MSBuildLoader
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static async Task<LoadedInput> LoadAsync(string path, bool isSolution, ConfigFile? config, ProgressReporter progress, CancellationToken cancellationToken)
        {
            var workspace = MSBuildWorkspace.Create();
            var loadedInput = false;
            try
            {
                var loaded = 0;
                var loadProgress = new Progress<ProjectLoadProgress>(step =>
                {
                    if (step.Operation == ProjectLoadOperation.Resolve)
                    {
                        var count = Interlocked.Increment(ref loaded);
                        progress.Report($"loading {Path.GetFileName(path)} ({count} project{(count == 1 ? "" : "s")} loaded)");
                    }
                });
                progress.Report("loading " + Path.GetFileName(path));

                Solution solution;
                ImmutableArray<ProjectId> projects;
                var warnings = new List<string>();
                if (isSolution)
                {
                    solution = await workspace.OpenSolutionAsync(path, loadProgress, cancellationToken).ConfigureAwait(false);
                    var listed = ListedProjects(path, solution, workspace.Diagnostics, warnings);
                    projects = ProjectsAt(solution, listed);
                    if (projects.IsEmpty && warnings.Any(warning => warning.StartsWith("warning: could not load project", StringComparison.Ordinal)))
                    {
                        foreach (var warning in warnings)
                        {
                            progress.WriteLine(warning);
                        }

                        throw new UsageException($"cannot load '{DisplayPath(path)}': none of its C# projects could be loaded");
                    }
                }
                else
                {
                    var project = await workspace.OpenProjectAsync(path, loadProgress, cancellationToken).ConfigureAwait(false);
                    solution = project.Solution;
                    var failure = FailureAbout(workspace.Diagnostics, path);
                    if (failure is not null)
                    {
                        throw new UsageException($"cannot load project '{DisplayPath(path)}': {Reason(failure, path)}");
                    }

                    projects = ProjectsAt(solution, new[] { path });
                    warnings.AddRange(FailuresNotAbout(workspace.Diagnostics, new[] { path }));
                }

                if (config is not null)
                {
                    foreach (var projectId in projects)
                    {
                        solution = solution.AddAnalyzerConfigDocuments(ImmutableArray.Create(config.ToDocumentInfo(projectId)));
                    }
                }

                var input = new LoadedInput(workspace, solution, projects, Path.GetDirectoryName(path)!, warnings.ToImmutableArray());
                loadedInput = true;
                return input;
            }
            catch (Exception exception) when (exception is not OperationCanceledException and not UsageException)
            {
                throw new UsageException($"cannot load '{DisplayPath(path)}': {OneLine(exception.Message)}");
            }
            finally
            {
                if (!loadedInput)
                {
                    // Ends the build host processes the workspace started.
                    workspace.Dispose();
                }
            }
        }

        /// <summary>
        /// The C# projects the solution file lists and the workspace loaded. Each listed project that did not load is
        /// named in <paramref name="warnings"/> with the reason the workspace gave, and so is any other failure.
        /// Projects the workspace loaded only because a listed one references them are not listed.
        /// </summary>
        private static List<string> ListedProjects(string solutionPath, Solution solution, IEnumerable<WorkspaceDiagnostic> diagnostics, List<string> warnings)
        {
            var loaded = new HashSet<string>(solution.Projects.Select(project => project.FilePath).OfType<string>().Select(Normalize), PathComparer);
            var listed = new List<string>();
            var failed = new List<string>();
            foreach (var project in SolutionFile.Parse(solutionPath).ProjectsInOrder)
            {
                if (project.ProjectType == SolutionProjectType.SolutionFolder)
                {
                    continue;
                }

                var projectPath = Normalize(project.AbsolutePath);
                var display = DisplayPath(projectPath);
                if (!string.Equals(Path.GetExtension(projectPath), ".csproj", StringComparison.OrdinalIgnoreCase))
                {
                    warnings.Add($"note: skipped project {display}: only C# projects are analyzed");
                    failed.Add(projectPath);
                    continue;
                }

                var failure = FailureAbout(diagnostics, projectPath);
                if (failure is not null || !loaded.Contains(projectPath))
                {
                    warnings.Add($"warning: could not load project {display}: {(failure is null ? "the workspace gave no reason" : Reason(failure, projectPath))}");
                    failed.Add(projectPath);
                    continue;
                }

                listed.Add(projectPath);
            }

            warnings.AddRange(FailuresNotAbout(diagnostics, failed));
            return listed;
        }

        /// <summary>Every C# project of the solution loaded from one of the paths (one per target framework).</summary>
        private static ImmutableArray<ProjectId> ProjectsAt(Solution solution, IEnumerable<string> paths)
        {
            var wanted = new HashSet<string>(paths.Select(Normalize), PathComparer);
            return solution.Projects
                .Where(project => project.Language == LanguageNames.CSharp && project.FilePath is { } file && wanted.Contains(Normalize(file)))
                .Select(project => project.Id)
                .ToImmutableArray();
        }

        private static string? FailureAbout(IEnumerable<WorkspaceDiagnostic> diagnostics, string projectPath) =>
            diagnostics.FirstOrDefault(diagnostic => diagnostic.Kind == WorkspaceDiagnosticKind.Failure && Mentions(diagnostic.Message, projectPath))?.Message;

        private static IEnumerable<string> FailuresNotAbout(IEnumerable<WorkspaceDiagnostic> diagnostics, IReadOnlyCollection<string> projectPaths) =>
            diagnostics
                .Where(diagnostic => diagnostic.Kind == WorkspaceDiagnosticKind.Failure && !projectPaths.Any(path => Mentions(diagnostic.Message, path)))
                .Select(diagnostic => "warning: " + OneLine(diagnostic.Message))
                .Distinct(StringComparer.Ordinal);

        /// <summary>The workspace's message, on one line, without the project path it starts with ("Msbuild failed when processing the file '...' with message: ...").</summary>
        private static string Reason(string message, string projectPath)
        {
            var text = OneLine(message);
            const string Marker = "with message:";
            var marker = text.IndexOf(Marker, StringComparison.Ordinal);
            if (marker >= 0 && text.Substring(marker + Marker.Length).Trim() is { Length: > 0 } rest)
            {
                return rest;
            }

            var quoted = $"'{projectPath}'";
            var at = text.IndexOf(quoted, StringComparison.Ordinal);
            return at < 0 ? text : (text.Substring(0, at) + "the project" + text.Substring(at + quoted.Length)).Trim();
        }

        private static bool Mentions(string message, string path) =>
            message.Contains(path, StringComparison.Ordinal) || message.Contains(Normalize(path), StringComparison.Ordinal);

        private static string OneLine(string text) =>
            string.Join(" ", text.Split(new[] { '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

        private static string DisplayPath(string path) => Path.GetRelativePath(Environment.CurrentDirectory, path);

        private static string Normalize(string path) => Path.GetFullPath(path);

        private static StringComparer PathComparer => OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
    }
}
