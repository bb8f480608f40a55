using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DoubleFetchAnalyzers.Cli.Inputs;
using DoubleFetchAnalyzers.Cli.Output;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DoubleFetchAnalyzers.Cli.Analysis
{
    /// <summary>A reported diagnostic with the document (none for a compilation-wide one) and project it was found in.</summary>
    internal sealed record AnalyzedDiagnostic(Diagnostic Diagnostic, ProjectId Project, DocumentId? Document);

    /// <summary>What one analysis of the input found.</summary>
    internal sealed record AnalysisResult(
        ImmutableArray<AnalyzedDiagnostic> Diagnostics,
        ImmutableArray<Finding> Findings,
        int FileCount,
        ImmutableArray<string> Failures);

    /// <summary>
    /// Runs the product's analyzers on the projects of the input, one whole compilation at a time (cheaper than one
    /// request per file; <see cref="ProgressAnalyzer"/> counts the files for progress), with each project's own
    /// analyzer options: its .editorconfig and .globalconfig files, and --config.
    /// </summary>
    /// <remarks>
    /// A file that belongs to several projects (a project built for several target frameworks) is analyzed in each;
    /// identical findings are reported once, and only the first project that holds the file offers its diagnostics
    /// for fixing, so that a file is never fixed twice.
    /// </remarks>
    internal static class SolutionAnalyzer
    {
        public static async Task<AnalysisResult> AnalyzeAsync(
            Solution solution,
            ImmutableArray<ProjectId> projectIds,
            FindingFilter filter,
            string root,
            ProgressReporter progress,
            CancellationToken cancellationToken)
        {
            var projects = projectIds.Select(solution.GetProject).OfType<Project>().ToList();
            var work = projects.Select(project => (Project: project, Documents: LoadedInput.SourceDocuments(project).ToList())).ToList();
            var owners = new Dictionary<string, ProjectId>(StringComparer.Ordinal);
            foreach (var (project, documents) in work)
            {
                foreach (var document in documents)
                {
                    owners.TryAdd(document.FilePath!, project.Id);
                }
            }

            // Progress counts each file once, when the first project that holds it is analyzed.
            var total = owners.Count;
            var analyzed = 0;
            var failures = new ConcurrentQueue<string>();
            var collected = new List<AnalyzedDiagnostic>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            if (total > 0)
            {
                progress.ReportFiles(0, total);
            }
            foreach (var (project, documents) in work)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var analyzedBefore = analyzed;
                var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
                if (compilation is null)
                {
                    continue;
                }

                compilation = KeepDisabledRulesDisabled(compilation);
                var options = new CompilationWithAnalyzersOptions(
                    project.AnalyzerOptions,
                    onAnalyzerException: (exception, analyzer, _) => failures.Enqueue(OneLine($"{analyzer.GetType().Name} threw {exception.GetType().Name}: {exception.Message}")),
                    concurrentAnalysis: true,
                    logAnalyzerExecutionTime: false,
                    reportSuppressedDiagnostics: false);

                var files = documents.Select(document => document.FilePath!)
                    .Where(path => owners[path] == project.Id)
                    .ToHashSet(StringComparer.Ordinal);
                var progressAnalyzer = new ProgressAnalyzer(files, () => progress.ReportFiles(Interlocked.Increment(ref analyzed), total));
                var withAnalyzers = compilation.WithAnalyzers(Product.Analyzers.Add(progressAnalyzer), options);
                var result = await withAnalyzers.GetAnalysisResultAsync(cancellationToken).ConfigureAwait(false);

                var documentsByTree = new Dictionary<SyntaxTree, DocumentId>();
                foreach (var document in documents)
                {
                    if (await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false) is { } tree)
                    {
                        documentsByTree[tree] = document.Id;
                    }
                }

                foreach (var diagnostic in result.GetAllDiagnostics())
                {
                    DocumentId? documentId = null;
                    if (diagnostic.Location.IsInSource)
                    {
                        // Findings in what the build generated (obj/) or in generated sources are not the code's.
                        if (diagnostic.Location.SourceTree is not { } tree || !documentsByTree.TryGetValue(tree, out var id))
                        {
                            continue;
                        }

                        documentId = id;
                    }

                    var owned = documentId is not null && owners.TryGetValue(project.GetDocument(documentId)!.FilePath!, out var owner) && owner == project.Id;
                    Collect(diagnostic, project.Id, owned ? documentId : null);
                }

                Volatile.Write(ref analyzed, analyzedBefore + files.Count);
                if (total > 0)
                {
                    progress.ReportFiles(analyzedBefore + files.Count, total);
                }
            }

            var kept = collected.ToImmutableArray();
            var findings = kept.Select(item => Finding.From(item.Diagnostic, ScopeName(solution.GetProject(item.Project)!, root)))
                .OrderBy(finding => finding.Place?.Path ?? "", StringComparer.Ordinal)
                .ThenBy(finding => finding.Place?.Span.Start.Line ?? -1)
                .ThenBy(finding => finding.Place?.Span.Start.Character ?? -1)
                .ThenBy(finding => finding.Id, StringComparer.Ordinal)
                .ThenBy(finding => finding.Message, StringComparer.Ordinal)
                .ToImmutableArray();
            return new AnalysisResult(kept, findings, owners.Count, failures.Distinct().ToImmutableArray());

            void Collect(Diagnostic diagnostic, ProjectId project, DocumentId? document)
            {
                if (diagnostic.Id == "AD0001")
                {
                    failures.Enqueue(OneLine(diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)));
                    return;
                }

                if (diagnostic.IsSuppressed || !filter.Includes(diagnostic))
                {
                    return;
                }

                // The same finding from another target framework of the same project, or the same configuration problem
                // in every project, is reported once.
                if (seen.Add(Key(diagnostic)))
                {
                    collected.Add(new AnalyzedDiagnostic(diagnostic, project, document));
                }
            }
        }

        /// <summary>
        /// Drops the compilation options' "Default" entries (what <c>/warnaserror-:DF0007</c>, from MSBuild's
        /// WarningsNotAsErrors, gives) for rules that are disabled by default. The compilers of current SDKs leave such a
        /// rule disabled, as they should: the entry only says the rule is not an error. Roslyn 4.14, which the tool runs
        /// on, takes the entry as enabling the rule.
        /// </summary>
        private static Compilation KeepDisabledRulesDisabled(Compilation compilation)
        {
            var specific = compilation.Options.SpecificDiagnosticOptions;
            var misread = Product.Rules
                .Where(rule => !rule.IsEnabledByDefault && specific.TryGetValue(rule.Id, out var report) && report == ReportDiagnostic.Default)
                .Select(rule => rule.Id)
                .ToList();
            return misread.Count == 0 ? compilation : compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(specific.RemoveRange(misread)));
        }

        /// <summary>Where a finding without a source location is shown: the project file, or the analyzed folder.</summary>
        public static string ScopeName(Project project, string root) => project.FilePath ?? root;

        private static string Key(Diagnostic diagnostic)
        {
            var span = diagnostic.Location.GetLineSpan();
            return string.Join("\u0000", diagnostic.Id, span.Path ?? "", span.Span.ToString(), diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        }

        private static string OneLine(string text) =>
            string.Join(" ", text.Split(new[] { '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
