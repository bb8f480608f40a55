using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace DoubleFetchAnalyzers.Cli.Inputs
{
    /// <summary>
    /// What the tool analyzes: a workspace's solution, the projects in it to analyze (a project loaded only because
    /// another references it is not analyzed), the folder that SARIF paths are relative to, and the problems met while
    /// loading that did not stop the run.
    /// </summary>
    internal sealed class LoadedInput : IDisposable
    {
        public LoadedInput(Workspace workspace, Solution solution, ImmutableArray<ProjectId> projects, string root, ImmutableArray<string> warnings)
        {
            Workspace = workspace;
            Solution = solution;
            Projects = projects;
            Root = root;
            Warnings = warnings;
        }

        public Workspace Workspace { get; }

        /// <summary>The solution to analyze; after --fix, the fixed one.</summary>
        public Solution Solution { get; set; }

        public ImmutableArray<ProjectId> Projects { get; }

        /// <summary>The analyzed folder, or the folder of the analyzed solution or project file.</summary>
        public string Root { get; }

        /// <summary>One line each, for stderr (prefixed with "warning:" or "note:").</summary>
        public ImmutableArray<string> Warnings { get; }

        /// <summary>
        /// The documents of a project that the tool analyzes and fixes: its source files, not what the build generated
        /// into its bin/ or obj/ folder (global usings, assembly attributes), which still take part in its compilation.
        /// </summary>
        public static IEnumerable<Document> SourceDocuments(Project project)
        {
            var projectDirectory = project.FilePath is { } projectFile ? Path.GetDirectoryName(projectFile) : null;
            return project.Documents.Where(document => document.FilePath is { } path && !IsBuildOutput(projectDirectory, path));
        }

        private static bool IsBuildOutput(string? projectDirectory, string path)
        {
            if (projectDirectory is null)
            {
                return false;
            }

            var relative = System.IO.Path.GetRelativePath(projectDirectory, path);
            if (relative.StartsWith("..", StringComparison.Ordinal) || System.IO.Path.IsPathRooted(relative))
            {
                return false;
            }

            var first = relative.Split(System.IO.Path.DirectorySeparatorChar, System.IO.Path.AltDirectorySeparatorChar)[0];
            return SourceFiles.IsBuildOutputFolder(first);
        }

        public void Dispose() => Workspace.Dispose();
    }
}
