using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit.Sdk;

namespace DoubleFetchAnalyzers.Tests.Verifiers
{
    /// <summary>Which compiler diagnostics take part in the comparison (and so fail the test unless expected).</summary>
    public enum CompilerDiagnostics
    {
        None,
        Errors,
        Warnings,
    }

    [Flags]
    public enum TestBehaviors
    {
        None = 0,
        SkipFixAllCheck = 1,
        SkipIncrementalFixCheck = 2,
    }

    /// <summary>
    /// One analyzer (and optionally code fix) test: builds a project from <see cref="TestCode"/>, checks the
    /// analyzer's diagnostics, then, when <see cref="FixedCode"/> is set, applies the fix one diagnostic at a time
    /// and with Fix All in document, project and solution scope, and checks each result.
    /// </summary>
    public abstract class CSharpVerifierTest<TAnalyzer>
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        public const string Folder = "/0/";
        public const string TestFilePath = Folder + "Test0.cs";

        public string TestCode { get; set; } = "";

        /// <summary>The expected code after fixing; null for an analyzer-only test. May carry remaining-diagnostic markup.</summary>
        public string? FixedCode { get; set; }

        /// <summary>The expected Fix All result when it differs from <see cref="FixedCode"/>.</summary>
        public string? BatchFixedCode { get; set; }

        public List<DiagnosticResult> ExpectedDiagnostics { get; } = new();

        /// <summary>Diagnostics expected to remain after fixing (besides markup in the fixed code).</summary>
        public List<DiagnosticResult> FixedExpectedDiagnostics { get; } = new();

        /// <summary>Extra source files (no markup), placed in the test folder unless their name is a rooted path.</summary>
        public List<(string Name, string Text)> AdditionalSources { get; } = new();

        public List<MetadataReference> AdditionalReferences { get; } = new();

        /// <summary>Text of /0/.editorconfig, e.g. "root = true\n[*.cs]\nkey = value".</summary>
        public string? EditorConfig { get; set; }

        /// <summary>Text of /0/.globalconfig; "is_global = true" is added when missing.</summary>
        public string? GlobalConfig { get; set; }

        /// <summary>The ID that <c>[|...|]</c> stands for when the analyzer supports several.</summary>
        public string? MarkupDiagnosticId { get; set; }

        /// <summary>The code action to apply; null: the first one offered.</summary>
        public string? CodeActionEquivalenceKey { get; set; }

        /// <summary>The index of the code action to apply among those offered (nested actions flattened).</summary>
        public int? CodeActionIndex { get; set; }

        public bool AllowUnsafe { get; set; } = true;

        public LanguageVersion LanguageVersion { get; set; } = LanguageVersion.Latest;

        public NullableContextOptions NullableContextOptions { get; set; } = NullableContextOptions.Enable;

        public CompilerDiagnostics CompilerDiagnostics { get; set; } = CompilerDiagnostics.Errors;

        /// <summary>Diagnostic IDs suppressed in the compilation options.</summary>
        public List<string> DisabledDiagnostics { get; } = new();

        /// <summary>Most single fixes applied; default: the number of expected fixable diagnostics + 1.</summary>
        public int? NumberOfIncrementalIterations { get; set; }

        /// <summary>Most Fix All passes applied; default 3.</summary>
        public int? NumberOfFixAllIterations { get; set; }

        public TestBehaviors TestBehaviors { get; set; }

        public async Task RunAsync(CancellationToken cancellationToken = default)
        {
            var analyzer = new TAnalyzer();
            var fixer = CreateCodeFixProvider();
            if (FixedCode is null && BatchFixedCode is not null)
            {
                throw new InvalidOperationException("BatchFixedCode needs FixedCode.");
            }

            if (FixedCode is not null && fixer is null)
            {
                throw new InvalidOperationException("FixedCode needs a code fix: use CSharpCodeFixVerifier<TAnalyzer, TCodeFix>.Test.");
            }

            var markup = TestMarkup.Parse(TestCode);
            using var workspace = new AdhocWorkspace();
            var project = CreateProject(workspace, markup.Text, analyzer);
            var documentId = project.Documents.Single(d => d.FilePath == TestFilePath).Id;

            var expected = Resolve(markup, ExpectedDiagnostics, analyzer);
            await VerifyDiagnosticsAsync("Test code", project, analyzer, expected, cancellationToken).ConfigureAwait(false);
            if (FixedCode is null || fixer is null)
            {
                return;
            }

            var fixedMarkup = TestMarkup.Parse(FixedCode);
            if (!TestBehaviors.HasFlag(TestBehaviors.SkipIncrementalFixCheck))
            {
                var fixableCount = expected.Count(e => fixer.FixableDiagnosticIds.Contains(e.Id));
                var log = new List<string>();
                var fixedProject = await FixAsync(project, analyzer, fixer, fixAll: null, FixAllScope.Document, NumberOfIncrementalIterations ?? fixableCount + 1, log, cancellationToken).ConfigureAwait(false);
                await VerifyFixedAsync("Code fix", fixedProject, documentId, fixedMarkup, analyzer, log, cancellationToken).ConfigureAwait(false);
            }

            if (!TestBehaviors.HasFlag(TestBehaviors.SkipFixAllCheck))
            {
                var fixAll = fixer.GetFixAllProvider()
                    ?? throw new XunitException($"{fixer.GetType().Name} has no FixAllProvider (set TestBehaviors.SkipFixAllCheck to test without Fix All).");
                var batchMarkup = BatchFixedCode is null ? fixedMarkup : TestMarkup.Parse(BatchFixedCode);
                foreach (var scope in new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution })
                {
                    if (!fixAll.GetSupportedFixAllScopes().Contains(scope))
                    {
                        continue;
                    }

                    var log = new List<string>();
                    var fixedProject = await FixAsync(project, analyzer, fixer, fixAll, scope, NumberOfFixAllIterations ?? 3, log, cancellationToken).ConfigureAwait(false);
                    await VerifyFixedAsync($"Fix All in {scope}", fixedProject, documentId, batchMarkup, analyzer, log, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        /// <summary>The code fix under test; null for analyzer-only tests.</summary>
        protected virtual CodeFixProvider? CreateCodeFixProvider() => null;

        private Project CreateProject(AdhocWorkspace workspace, string testText, DiagnosticAnalyzer analyzer)
        {
            var projectId = ProjectId.CreateNewId("TestProject");
            var compilationOptions = new CSharpCompilationOptions(
                    OutputKind.DynamicallyLinkedLibrary,
                    allowUnsafe: AllowUnsafe,
                    nullableContextOptions: NullableContextOptions)
                .WithSpecificDiagnosticOptions(SpecificDiagnosticOptions(analyzer));
            var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
                projectId,
                VersionStamp.Create(),
                name: "TestProject",
                assemblyName: "TestProject",
                language: LanguageNames.CSharp,
                compilationOptions: compilationOptions,
                parseOptions: new CSharpParseOptions(LanguageVersion),
                metadataReferences: TestReferences.Runtime.Concat(AdditionalReferences)));

            solution = solution.AddDocument(DocumentId.CreateNewId(projectId), "Test0.cs", SourceText.From(testText), filePath: TestFilePath);
            foreach (var (name, text) in AdditionalSources)
            {
                var path = Path.IsPathRooted(name) ? name : Folder + name;
                solution = solution.AddDocument(DocumentId.CreateNewId(projectId), Path.GetFileName(path), SourceText.From(text), filePath: path);
            }

            if (EditorConfig is not null)
            {
                solution = solution.AddAnalyzerConfigDocument(DocumentId.CreateNewId(projectId), ".editorconfig", SourceText.From(EditorConfig), filePath: Folder + ".editorconfig");
            }

            if (GlobalConfig is not null)
            {
                var text = Regex.IsMatch(GlobalConfig, @"^\s*is_global\s*=\s*true\s*$", RegexOptions.Multiline | RegexOptions.IgnoreCase)
                    ? GlobalConfig
                    : "is_global = true\n" + GlobalConfig;
                solution = solution.AddAnalyzerConfigDocument(DocumentId.CreateNewId(projectId), ".globalconfig", SourceText.From(text), filePath: Folder + ".globalconfig");
            }

            return solution.GetProject(projectId)!;
        }

        /// <summary>
        /// Turns on the analyzer's disabled-by-default diagnostics, unless a config sets their severity
        /// (tree-level .editorconfig would win anyway; a global config would not), and suppresses <see cref="DisabledDiagnostics"/>.
        /// </summary>
        private ImmutableDictionary<string, ReportDiagnostic> SpecificDiagnosticOptions(DiagnosticAnalyzer analyzer)
        {
            var configs = EditorConfig + "\n" + GlobalConfig;
            var options = ImmutableDictionary.CreateBuilder<string, ReportDiagnostic>();
            foreach (var descriptor in analyzer.SupportedDiagnostics)
            {
                if (!descriptor.IsEnabledByDefault && configs.IndexOf($"dotnet_diagnostic.{descriptor.Id}.severity", StringComparison.OrdinalIgnoreCase) < 0)
                {
                    options[descriptor.Id] = descriptor.DefaultSeverity switch
                    {
                        DiagnosticSeverity.Error => ReportDiagnostic.Error,
                        DiagnosticSeverity.Warning => ReportDiagnostic.Warn,
                        DiagnosticSeverity.Info => ReportDiagnostic.Info,
                        _ => ReportDiagnostic.Hidden,
                    };
                }
            }

            foreach (var id in DisabledDiagnostics)
            {
                options[id] = ReportDiagnostic.Suppress;
            }

            return options.ToImmutable();
        }

        private List<ExpectedDiagnostic> Resolve(ParsedMarkup markup, IEnumerable<DiagnosticResult> results, DiagnosticAnalyzer analyzer)
            => DiagnosticComparer.Resolve(markup, results, TestFilePath, () => MarkupDiagnosticId ?? DefaultMarkupId(analyzer));

        private static string DefaultMarkupId(DiagnosticAnalyzer analyzer)
        {
            var ids = analyzer.SupportedDiagnostics.Select(d => d.Id).Distinct().ToList();
            return ids.Count == 1
                ? ids[0]
                : throw new InvalidOperationException(
                    $"[|...|] markup needs a default diagnostic ID, but {analyzer.GetType().Name} supports {ids.Count} ({string.Join(", ", ids)}): " +
                    "set Test.MarkupDiagnosticId or use {|ID:...|}.");
        }

        private async Task VerifyDiagnosticsAsync(string state, Project project, DiagnosticAnalyzer analyzer, IReadOnlyList<ExpectedDiagnostic> expected, CancellationToken cancellationToken)
        {
            var analysis = await AnalyzeAsync(project, analyzer, cancellationToken).ConfigureAwait(false);
            var texts = new Dictionary<string, SourceText>();
            foreach (var document in project.Documents)
            {
                texts[document.FilePath!] = await document.GetTextAsync(cancellationToken).ConfigureAwait(false);
            }

            DiagnosticComparer.Verify(state, expected, analysis.Compared, path => texts.TryGetValue(path, out var text) ? text : null);
        }

        private async Task VerifyFixedAsync(
            string state,
            Project project,
            DocumentId documentId,
            ParsedMarkup expectedMarkup,
            DiagnosticAnalyzer analyzer,
            IReadOnlyList<string> log,
            CancellationToken cancellationToken)
        {
            var actual = (await project.GetDocument(documentId)!.GetTextAsync(cancellationToken).ConfigureAwait(false)).ToString();
            var expectedText = NormalizeLineEndings(expectedMarkup.Text);
            if (NormalizeLineEndings(actual) != expectedText)
            {
                throw new XunitException($"{state}: the fixed code differs from the expected code.\n{TextDifference(expectedText, NormalizeLineEndings(actual))}" +
                                         (log.Count > 0 ? "\nCode actions:\n  " + string.Join("\n  ", log) : "\nNo code action was applied."));
            }

            var expected = Resolve(expectedMarkup, FixedExpectedDiagnostics, analyzer);
            await VerifyDiagnosticsAsync($"{state} result", project, analyzer, expected, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Applies the chosen code action (or, with <paramref name="fixAll"/>, Fix All for its equivalence key) until
        /// no fixable diagnostic is offered a matching action. Offering one after the last allowed pass fails: a
        /// fixed result must be stable.
        /// </summary>
        private async Task<Project> FixAsync(
            Project project,
            DiagnosticAnalyzer analyzer,
            CodeFixProvider fixer,
            FixAllProvider? fixAll,
            FixAllScope scope,
            int maxPasses,
            List<string> log,
            CancellationToken cancellationToken)
        {
            for (var pass = 0; ; pass++)
            {
                var (action, diagnostic, document) = await FindCodeActionAsync(project, analyzer, fixer, log, cancellationToken).ConfigureAwait(false);
                if (action is null || diagnostic is null || document is null)
                {
                    return project;
                }

                var mode = fixAll is null ? "code fix" : $"Fix All in {scope}";
                if (pass == maxPasses)
                {
                    throw new XunitException(
                        $"The {mode} still offers '{action.Title}' for {diagnostic.Id} at {ResolvedLocation.Of(diagnostic.Location)} after {maxPasses} pass(es): " +
                        "fixing the fixed code again must change nothing (or raise the iteration limit).\nCode actions:\n  " + string.Join("\n  ", log));
                }

                if (fixAll is not null)
                {
                    var context = new FixAllContext(
                        document,
                        fixer,
                        scope,
                        action.EquivalenceKey,
                        fixer.FixableDiagnosticIds,
                        new TestDiagnosticProvider((p, ct) => AnalyzeAsync(p, analyzer, ct)),
                        cancellationToken);
                    action = await fixAll.GetFixAsync(context).ConfigureAwait(false);
                    if (action is null)
                    {
                        log.Add($"Fix All in {scope} for key '{context.CodeActionEquivalenceKey}' returned no action");
                        return project;
                    }
                }

                log.Add($"applied '{action.Title}' ({mode}, for {diagnostic.Id} at {ResolvedLocation.Of(diagnostic.Location)})");
                var operations = await action.GetOperationsAsync(cancellationToken).ConfigureAwait(false);
                var apply = operations.OfType<ApplyChangesOperation>().SingleOrDefault()
                    ?? throw new XunitException($"Code action '{action.Title}' has no single ApplyChangesOperation.");
                project = apply.ChangedSolution.GetProject(project.Id)!;
            }
        }

        /// <summary>The action chosen by key or index for the first fixable diagnostic that is offered one.</summary>
        private async Task<(CodeAction? Action, Diagnostic? Diagnostic, Document? Document)> FindCodeActionAsync(
            Project project,
            DiagnosticAnalyzer analyzer,
            CodeFixProvider fixer,
            List<string> log,
            CancellationToken cancellationToken)
        {
            var analysis = await AnalyzeAsync(project, analyzer, cancellationToken).ConfigureAwait(false);
            var fixable = analysis.All
                .Where(d => d.Location.IsInSource && fixer.FixableDiagnosticIds.Contains(d.Id))
                .OrderBy(d => d.Location.SourceTree!.FilePath, StringComparer.Ordinal)
                .ThenBy(d => d.Location.SourceSpan.Start)
                .ThenBy(d => d.Location.SourceSpan.End)
                .ThenBy(d => d.Id, StringComparer.Ordinal);
            foreach (var diagnostic in fixable)
            {
                var document = project.GetDocument(diagnostic.Location.SourceTree)!;
                var actions = new List<CodeAction>();
                await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), cancellationToken)).ConfigureAwait(false);
                var offered = actions.SelectMany(Flatten).ToList();
                var chosen = Choose(offered);
                if (chosen is not null)
                {
                    return (chosen, diagnostic, document);
                }

                log.Add($"no matching action for {diagnostic.Id} at {ResolvedLocation.Of(diagnostic.Location)}; offered: " +
                        (offered.Count == 0 ? "none" : string.Join(", ", offered.Select(a => $"'{a.Title}' (key '{a.EquivalenceKey}')"))));
            }

            return (null, null, null);
        }

        private CodeAction? Choose(IReadOnlyList<CodeAction> offered)
        {
            if (CodeActionIndex is { } index)
            {
                if (index >= offered.Count)
                {
                    return null;
                }

                if (CodeActionEquivalenceKey is not null && offered[index].EquivalenceKey != CodeActionEquivalenceKey)
                {
                    throw new XunitException($"Code action {index} has key '{offered[index].EquivalenceKey}', not '{CodeActionEquivalenceKey}'.");
                }

                return offered[index];
            }

            return CodeActionEquivalenceKey is null
                ? offered.FirstOrDefault()
                : offered.FirstOrDefault(a => a.EquivalenceKey == CodeActionEquivalenceKey);
        }

        private static IEnumerable<CodeAction> Flatten(CodeAction action)
            => action.NestedActions.IsDefaultOrEmpty ? new[] { action } : action.NestedActions.SelectMany(Flatten);

        private async Task<Analysis> AnalyzeAsync(Project project, DiagnosticAnalyzer analyzer, CancellationToken cancellationToken)
        {
            var compilation = (await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false))!;
            var exceptions = new ConcurrentQueue<string>();
            var options = new CompilationWithAnalyzersOptions(
                project.AnalyzerOptions,
                onAnalyzerException: (exception, _, _) => exceptions.Enqueue(exception.ToString()),
                concurrentAnalysis: true,
                logAnalyzerExecutionTime: false,
                reportSuppressedDiagnostics: false);
            var analyzerDiagnostics = await compilation.WithAnalyzers(ImmutableArray.Create(analyzer), options)
                .GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
            foreach (var failure in analyzerDiagnostics.Where(d => d.Id == "AD0001"))
            {
                exceptions.Enqueue(failure.GetMessage() + "\n" + failure.Descriptor.Description);
            }

            if (!exceptions.IsEmpty)
            {
                throw new XunitException($"{analyzer.GetType().Name} threw an exception:\n{string.Join("\n\n", exceptions.Distinct())}");
            }

            var compilerDiagnostics = compilation.GetDiagnostics(cancellationToken).Where(d => !d.IsSuppressed).ToImmutableArray();
            var minimum = CompilerDiagnostics switch
            {
                CompilerDiagnostics.Errors => DiagnosticSeverity.Error,
                CompilerDiagnostics.Warnings => DiagnosticSeverity.Warning,
                _ => (DiagnosticSeverity?)null,
            };
            var compared = minimum is { } m ? analyzerDiagnostics.AddRange(compilerDiagnostics.Where(d => d.Severity >= m)) : analyzerDiagnostics;
            return new Analysis(compared, analyzerDiagnostics.AddRange(compilerDiagnostics));
        }

        private static string NormalizeLineEndings(string text) => text.Replace("\r\n", "\n");

        private static string TextDifference(string expected, string actual)
        {
            var expectedLines = expected.Split('\n');
            var actualLines = actual.Split('\n');
            var line = 0;
            while (line < expectedLines.Length && line < actualLines.Length && expectedLines[line] == actualLines[line])
            {
                line++;
            }

            string At(string[] lines) => line < lines.Length ? lines[line] : "(end of text)";
            return $"First difference at line {line + 1}:\n  expected: {At(expectedLines)}\n  actual:   {At(actualLines)}\n" +
                   $"Expected code:\n{expected}\nActual code:\n{actual}";
        }

        /// <summary>Reported diagnostics: <see cref="Compared"/> take part in the comparison, <see cref="All"/> can be fixed.</summary>
        private sealed record Analysis(ImmutableArray<Diagnostic> Compared, ImmutableArray<Diagnostic> All);

        /// <summary>Gives Fix All the analyzer's diagnostics, computed for the project it asks about.</summary>
        private sealed class TestDiagnosticProvider : FixAllContext.DiagnosticProvider
        {
            private readonly Func<Project, CancellationToken, Task<Analysis>> _analyze;

            public TestDiagnosticProvider(Func<Project, CancellationToken, Task<Analysis>> analyze)
            {
                _analyze = analyze;
            }

            public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
                => (await _analyze(document.Project, cancellationToken).ConfigureAwait(false)).All
                    .Where(d => d.Location.IsInSource && d.Location.SourceTree!.FilePath == document.FilePath);

            public override async Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken)
                => (await _analyze(project, cancellationToken).ConfigureAwait(false)).All.Where(d => !d.Location.IsInSource);

            public override async Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken)
                => (await _analyze(project, cancellationToken).ConfigureAwait(false)).All;
        }
    }

    /// <summary>The running runtime's framework assemblies, used as the test project's references.</summary>
    internal static class TestReferences
    {
        private static readonly Lazy<ImmutableArray<MetadataReference>> Lazy = new(Load);

        public static ImmutableArray<MetadataReference> Runtime => Lazy.Value;

        private static ImmutableArray<MetadataReference> Load()
        {
            var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location);
            var paths = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
            return paths
                .Where(path => Path.GetDirectoryName(path) == runtimeDirectory)
                .Where(path =>
                {
                    var name = Path.GetFileNameWithoutExtension(path);
                    return name.StartsWith("System.", StringComparison.Ordinal) || name == "System"
                        || name.StartsWith("Microsoft.", StringComparison.Ordinal)
                        || name == "netstandard" || name == "mscorlib";
                })
                .OrderBy(path => path, StringComparer.Ordinal)
                .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
                .ToImmutableArray();
        }
    }
}
