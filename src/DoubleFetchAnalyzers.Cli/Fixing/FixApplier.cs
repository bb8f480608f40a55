using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DoubleFetchAnalyzers.Cli.Analysis;
using DoubleFetchAnalyzers.Cli.Inputs;
using DoubleFetchAnalyzers.Cli.Output;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace DoubleFetchAnalyzers.Cli.Fixing
{
    /// <summary>What --fix changed, and the analysis of the fixed solution.</summary>
    internal sealed record FixOutcome(Solution Solution, ImmutableArray<string> ChangedFiles, AnalysisResult Analysis);

    /// <summary>
    /// Applies the product's code fixes through their Fix All providers, as <c>dotnet format analyzers</c> would, in
    /// passes: analyze; give each fixable diagnostic the first fix its preferred provider offers (see
    /// <see cref="Product.CodeFixes"/>); apply each chosen fix to all its diagnostics at once, skipping fixes that touch a
    /// file an earlier fix of the same pass changed; and analyze again. The passes end when nothing is left to fix, when
    /// a pass changes nothing or leaves as many fixable diagnostics as before, or after <see cref="MaxPasses"/>.
    /// </summary>
    internal static class FixApplier
    {
        public const int MaxPasses = 10;

        /// <param name="input">The loaded input; its solution is not changed.</param>
        /// <param name="analysis">The analysis of the input's solution, with <paramref name="filter"/>.</param>
        /// <param name="filter">Which diagnostics to fix.</param>
        /// <param name="progress">Where the passes report.</param>
        /// <param name="cancellationToken">Cancels the fixing.</param>
        public static async Task<FixOutcome> FixAsync(
            LoadedInput input, AnalysisResult analysis, FindingFilter filter, ProgressReporter progress, CancellationToken cancellationToken)
        {
            var original = input.Solution;
            var solution = original;
            var analysisIsCurrent = true;
            var previousCount = int.MaxValue;
            for (var pass = 1; pass <= MaxPasses; pass++)
            {
                if (!analysisIsCurrent)
                {
                    analysis = await SolutionAnalyzer.AnalyzeAsync(solution, input.Projects, filter, input.Root, progress, cancellationToken).ConfigureAwait(false);
                    analysisIsCurrent = true;
                }

                var fixable = analysis.Diagnostics
                    .Where(item => item.Document is not null && Product.CodeFixes.Any(fixer => fixer.FixableDiagnosticIds.Contains(item.Diagnostic.Id)))
                    .ToList();
                if (fixable.Count == 0 || fixable.Count >= previousCount)
                {
                    break;
                }

                previousCount = fixable.Count;
                progress.Report($"fixing {fixable.Count} findings (pass {pass})");
                var choices = await ChooseFixesAsync(solution, fixable, cancellationToken).ConfigureAwait(false);
                if (choices.Count == 0)
                {
                    break;
                }

                var touched = new HashSet<DocumentId>();
                var changed = false;
                foreach (var group in choices
                    .GroupBy(choice => (choice.FixerIndex, choice.EquivalenceKey))
                    .OrderBy(group => group.Key.FixerIndex)
                    .ThenBy(group => group.Key.EquivalenceKey, StringComparer.Ordinal))
                {
                    var diagnostics = group.Select(choice => choice.Diagnostic).ToList();
                    if (diagnostics.Any(item => touched.Contains(item.Document!)))
                    {
                        continue; // The next pass fixes them on the changed text.
                    }

                    var fixer = Product.CodeFixes[group.Key.FixerIndex];
                    var fixedSolution = await ApplyFixAllAsync(solution, fixer, group.Key.EquivalenceKey, diagnostics, cancellationToken).ConfigureAwait(false);
                    if (fixedSolution is null)
                    {
                        continue;
                    }

                    var changedDocuments = ChangedDocuments(solution, fixedSolution).ToList();
                    if (changedDocuments.Count == 0)
                    {
                        continue;
                    }

                    touched.UnionWith(changedDocuments);
                    solution = await SynchronizeLinkedFilesAsync(fixedSolution, changedDocuments, cancellationToken).ConfigureAwait(false);
                    changed = true;
                    analysisIsCurrent = false;
                }

                if (!changed)
                {
                    break;
                }
            }

            if (!analysisIsCurrent)
            {
                analysis = await SolutionAnalyzer.AnalyzeAsync(solution, input.Projects, filter, input.Root, progress, cancellationToken).ConfigureAwait(false);
            }

            var changedFiles = ChangedDocuments(original, solution)
                .Select(id => solution.GetDocument(id)?.FilePath)
                .OfType<string>()
                .Distinct(StringComparer.Ordinal)
                .OrderBy(path => path, StringComparer.Ordinal)
                .ToImmutableArray();
            return new FixOutcome(solution, changedFiles, analysis);
        }

        /// <summary>Writes the changed files back to disk, each with the encoding it was read in.</summary>
        public static async Task WriteAsync(FixOutcome outcome, CancellationToken cancellationToken)
        {
            foreach (var path in outcome.ChangedFiles)
            {
                var document = outcome.Solution.GetDocumentIdsWithFilePath(path).Select(outcome.Solution.GetDocument).OfType<Document>().First();
                var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
                SourceFiles.Write(path, text);
            }
        }

        private sealed record Choice(AnalyzedDiagnostic Diagnostic, int FixerIndex, string EquivalenceKey);

        /// <summary>For each diagnostic, the first action of the first provider (in order of preference) that offers one.</summary>
        private static async Task<List<Choice>> ChooseFixesAsync(Solution solution, IEnumerable<AnalyzedDiagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var choices = new List<Choice>();
            foreach (var item in diagnostics)
            {
                var document = solution.GetDocument(item.Document);
                if (document is null)
                {
                    continue;
                }

                for (var index = 0; index < Product.CodeFixes.Length; index++)
                {
                    var fixer = Product.CodeFixes[index];
                    if (!fixer.FixableDiagnosticIds.Contains(item.Diagnostic.Id) || fixer.GetFixAllProvider() is null)
                    {
                        continue;
                    }

                    var actions = new List<CodeAction>();
                    var context = new CodeFixContext(document, item.Diagnostic, (action, _) => actions.Add(action), cancellationToken);
                    await fixer.RegisterCodeFixesAsync(context).ConfigureAwait(false);
                    var key = actions.SelectMany(Flatten).Select(action => action.EquivalenceKey).FirstOrDefault(key => key is not null);
                    if (key is not null)
                    {
                        choices.Add(new Choice(item, index, key));
                        break;
                    }
                }
            }

            return choices;
        }

        private static async Task<Solution?> ApplyFixAllAsync(
            Solution solution, CodeFixProvider fixer, string equivalenceKey, IReadOnlyList<AnalyzedDiagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var fixAll = fixer.GetFixAllProvider()!;
            var project = solution.GetProject(diagnostics[0].Project)!;
            var scope = fixAll.GetSupportedFixAllScopes().Contains(FixAllScope.Solution) ? FixAllScope.Solution : FixAllScope.Project;
            var groups = scope == FixAllScope.Solution
                ? new[] { (Project: project, Diagnostics: diagnostics) }
                : diagnostics.GroupBy(item => item.Project).Select(group => (Project: solution.GetProject(group.Key)!, Diagnostics: (IReadOnlyList<AnalyzedDiagnostic>)group.ToList())).ToArray();

            var current = solution;
            foreach (var (target, targetDiagnostics) in groups)
            {
                var context = new FixAllContext(
                    current.GetProject(target.Id)!,
                    fixer,
                    scope,
                    equivalenceKey,
                    targetDiagnostics.Select(item => item.Diagnostic.Id).Distinct(StringComparer.Ordinal),
                    new ListedDiagnosticProvider(targetDiagnostics),
                    cancellationToken);
                var action = await fixAll.GetFixAsync(context).ConfigureAwait(false);
                if (action is null)
                {
                    continue;
                }

                var operations = await action.GetOperationsAsync(cancellationToken).ConfigureAwait(false);
                if (operations.OfType<ApplyChangesOperation>().FirstOrDefault() is { } apply)
                {
                    current = apply.ChangedSolution;
                }
            }

            return ReferenceEquals(current, solution) ? null : current;
        }

        private static IEnumerable<DocumentId> ChangedDocuments(Solution before, Solution after) =>
            after.GetChanges(before).GetProjectChanges().SelectMany(change => change.GetChangedDocuments(onlyGetDocumentsWithTextChanges: true));

        /// <summary>Gives the other projects that hold a changed file (other target frameworks) the same text.</summary>
        private static async Task<Solution> SynchronizeLinkedFilesAsync(Solution solution, IEnumerable<DocumentId> changed, CancellationToken cancellationToken)
        {
            foreach (var id in changed.ToList())
            {
                var document = solution.GetDocument(id);
                if (document?.FilePath is not { } path)
                {
                    continue;
                }

                var text = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
                foreach (var linked in solution.GetDocumentIdsWithFilePath(path).Where(other => other != id))
                {
                    solution = solution.WithDocumentText(linked, text);
                }
            }

            return solution;
        }

        private static IEnumerable<CodeAction> Flatten(CodeAction action) =>
            action.NestedActions.IsDefaultOrEmpty ? new[] { action } : action.NestedActions.SelectMany(Flatten);
    }
}
