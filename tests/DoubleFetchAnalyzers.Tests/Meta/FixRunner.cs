using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DoubleFetchAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace DoubleFetchAnalyzers.Tests.Meta
{
    /// <summary>
    /// Applies the product's code fixes with their Fix All providers to arbitrary code, the way an IDE or
    /// <c>dotnet format</c> would, and reports what each pass changed.
    /// </summary>
    internal static class FixRunner
    {
        public static readonly ImmutableArray<CodeFixProvider> Fixers = typeof(CodeFixes.DoubleFetchCodeFixProvider).Assembly.GetTypes()
            .Where(type => typeof(CodeFixProvider).IsAssignableFrom(type) && !type.IsAbstract && type.GetCustomAttributes(typeof(ExportCodeFixProviderAttribute), false).Length > 0)
            .OrderBy(type => type.FullName, StringComparer.Ordinal)
            .Select(type => (CodeFixProvider)Activator.CreateInstance(type)!)
            .ToImmutableArray();

        /// <summary>A project holding one document (and the attribute declarations) for the fixers to work on.</summary>
        public static Document CreateDocument(string source)
        {
            var workspace = new AdhocWorkspace();
            var project = workspace.AddProject("Torture", LanguageNames.CSharp)
                .WithCompilationOptions(new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable))
                .WithParseOptions(new CSharpParseOptions(LanguageVersion.Latest))
                .WithMetadataReferences(TestReferences.Runtime);
            project = project.AddDocument(Verify.AttributesFile, Verify.AttributesSource, filePath: "/0/" + Verify.AttributesFile).Project;
            return project.AddDocument("Test0.cs", SourceText.From(source), filePath: "/0/Test0.cs");
        }

        /// <summary>Every (fixer, diagnostic ID, equivalence key) that some diagnostic in the document is offered.</summary>
        public static async Task<IReadOnlyList<(CodeFixProvider Fixer, string Id, string? Key)>> OfferedAsync(Document document, CancellationToken cancellationToken = default)
        {
            var offered = new List<(CodeFixProvider, string, string?)>();
            var diagnostics = await AnalyzeAsync(document, cancellationToken).ConfigureAwait(false);
            foreach (var fixer in Fixers)
            {
                foreach (var group in diagnostics.Where(d => fixer.FixableDiagnosticIds.Contains(d.Id)).GroupBy(d => d.Id))
                {
                    var keys = new HashSet<string?>();
                    foreach (var diagnostic in group)
                    {
                        keys.UnionWith(await EquivalenceKeysAsync(document, fixer, diagnostic, cancellationToken).ConfigureAwait(false));
                    }

                    offered.AddRange(keys.OrderBy(k => k, StringComparer.Ordinal).Select(key => (fixer, group.Key, key)));
                }
            }

            return offered;
        }

        /// <summary>One Fix All pass in document scope for one fixer, diagnostic ID and equivalence key.</summary>
        public static async Task<Document> FixAllAsync(Document document, CodeFixProvider fixer, string id, string? key, CancellationToken cancellationToken = default)
        {
            var provider = fixer.GetFixAllProvider() ?? throw new InvalidOperationException($"{fixer.GetType().Name} has no Fix All provider.");
            var context = new FixAllContext(document, fixer, FixAllScope.Document, key, new[] { id }, new Provider(AnalyzeAsync), cancellationToken);
            var action = await provider.GetFixAsync(context).ConfigureAwait(false);
            if (action is null)
            {
                return document;
            }

            foreach (var operation in await action.GetOperationsAsync(cancellationToken).ConfigureAwait(false))
            {
                if (operation is ApplyChangesOperation apply && apply.ChangedSolution.GetDocument(document.Id) is { } changed)
                {
                    document = changed;
                }
            }

            return document;
        }

        public static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Document document, CancellationToken cancellationToken = default)
        {
            var compilation = await document.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
            var (diagnostics, failures) = await AnalyzerHarness.AnalyzeAsync(compilation!, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (failures.Count > 0)
            {
                throw new InvalidOperationException("An analyzer threw:\n" + string.Join("\n", failures));
            }

            var tree = await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false);
            return diagnostics.Where(d => d.Location.SourceTree == tree).ToImmutableArray();
        }

        public static async Task<ImmutableArray<Diagnostic>> CompilerErrorsAsync(Document document, CancellationToken cancellationToken = default)
        {
            var compilation = await document.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
            return compilation!.GetDiagnostics(cancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();
        }

        private static async Task<IReadOnlyList<string?>> EquivalenceKeysAsync(Document document, CodeFixProvider fixer, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var actions = new List<CodeAction>();
            var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), cancellationToken);
            await fixer.RegisterCodeFixesAsync(context).ConfigureAwait(false);
            return actions.Select(a => a.EquivalenceKey).Distinct().ToList();
        }

        private sealed class Provider : FixAllContext.DiagnosticProvider
        {
            private readonly Func<Document, CancellationToken, Task<ImmutableArray<Diagnostic>>> _analyze;

            public Provider(Func<Document, CancellationToken, Task<ImmutableArray<Diagnostic>>> analyze)
            {
                _analyze = analyze;
            }

            public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
                await _analyze(document, cancellationToken).ConfigureAwait(false);

            public override async Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            {
                var all = new List<Diagnostic>();
                foreach (var document in project.Documents)
                {
                    all.AddRange(await _analyze(document, cancellationToken).ConfigureAwait(false));
                }

                return all;
            }

            public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
                GetProjectDiagnosticsAsync(project, cancellationToken);
        }
    }
}
