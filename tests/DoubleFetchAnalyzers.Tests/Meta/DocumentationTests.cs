using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using DoubleFetchAnalyzers.CodeFixes;
using DoubleFetchAnalyzers.Configuration;
using DoubleFetchAnalyzers.Rules;
using DoubleFetchAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace DoubleFetchAnalyzers.Tests.Meta
{
    /// <summary>
    /// Keeps the documentation honest: every diagnostic of the package has a page under docs/rules whose title and
    /// metadata match its descriptor, a row in the README and in the release tracking files; the examples on the pages
    /// (and the worked examples of docs/configuration.md) compile and get exactly the diagnostics the text promises.
    /// </summary>
    public sealed class DocumentationTests
    {
        private const string SolutionFileName = "DoubleFetchAnalyzers.sln";

        private static readonly string[] RequiredSections =
        {
            "Cause", "Why it matters", "Noncompliant code", "Compliant code", "How to fix", "Configuration", "When to suppress",
        };

        private static readonly string[] MetadataRows = { "Rule ID", "Title", "Category", "Default severity", "Enabled by default", "Code fix" };

        private static readonly string Root = FindRepositoryRoot();

        private static readonly Lazy<ImmutableSortedDictionary<string, DiagnosticDescriptor>> Descriptors = new(LoadDescriptors, LazyThreadSafetyMode.ExecutionAndPublication);

        public static TheoryData<string> RuleIds()
        {
            var data = new TheoryData<string>();
            foreach (var id in Descriptors.Value.Keys)
            {
                data.Add(id);
            }

            return data;
        }

        public static TheoryData<string> WorkedExamples()
        {
            var data = new TheoryData<string>();
            foreach (var example in Subsections(Section(ReadDoc("docs/configuration.md"), "Worked examples", 2), 3))
            {
                data.Add(example.Heading);
            }

            return data;
        }

        [Fact]
        public void Every_diagnostic_ID_is_supported_by_an_analyzer_and_every_supported_ID_is_in_DiagnosticIds()
        {
            var constants = typeof(DiagnosticIds).GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(field => field.IsLiteral && field.FieldType == typeof(string))
                .Select(field => (string)field.GetRawConstantValue()!)
                .OrderBy(id => id, StringComparer.Ordinal);

            Assert.Equal(constants, Descriptors.Value.Keys);
        }

        [Theory]
        [MemberData(nameof(RuleIds))]
        public void Rule_page_starts_with_the_ID_and_the_title(string id)
        {
            var page = ReadRulePage(id);

            Assert.Equal($"# {id}: {Descriptors.Value[id].Title}", page.Split('\n')[0].TrimEnd('\r'));
        }

        [Theory]
        [MemberData(nameof(RuleIds))]
        public void Rule_page_metadata_table_matches_the_descriptor(string id)
        {
            var descriptor = Descriptors.Value[id];
            var rows = MetadataTable(ReadRulePage(id));

            Assert.Equal(MetadataRows, rows.Select(row => row.Property));
            var values = rows.ToDictionary(row => row.Property, row => row.Value);
            Assert.Equal(id, values["Rule ID"]);
            Assert.Equal(descriptor.Title.ToString(CultureInfo.InvariantCulture), values["Title"]);
            Assert.Equal(descriptor.Category, values["Category"]);
            Assert.Equal(descriptor.DefaultSeverity.ToString(), values["Default severity"]);
            Assert.Equal(descriptor.IsEnabledByDefault ? "Yes" : "No", values["Enabled by default"]);
        }

        [Theory]
        [MemberData(nameof(RuleIds))]
        public void Rule_page_code_fix_row_says_None_exactly_when_no_code_fix_handles_the_rule(string id)
        {
            var codeFix = MetadataTable(ReadRulePage(id)).Single(row => row.Property == "Code fix").Value;
            var fixers = CodeFixProviders().Where(provider => provider.FixableDiagnosticIds.Contains(id)).Select(provider => provider.GetType().Name).ToList();

            if (fixers.Count == 0)
            {
                Assert.Equal("None", codeFix);
            }
            else
            {
                Assert.True(codeFix != "None" && codeFix.Length > 0, $"{id} is fixed by {string.Join(", ", fixers)}, but its page says the code fix is '{codeFix}'.");
            }
        }

        [Theory]
        [MemberData(nameof(RuleIds))]
        public void Help_link_points_at_the_rule_page(string id)
        {
            var link = Descriptors.Value[id].HelpLinkUri;

            Assert.EndsWith($"docs/rules/{id}.md", link, StringComparison.Ordinal);
            Assert.StartsWith("https://", link, StringComparison.Ordinal);
        }

        [Theory]
        [MemberData(nameof(RuleIds))]
        public void Rule_page_has_the_required_sections_in_order(string id)
        {
            var headings = Subsections(ReadRulePage(id), 2).Select(section => section.Heading);

            Assert.Equal(RequiredSections, headings);
        }

        [Theory]
        [MemberData(nameof(RuleIds))]
        public void Readme_has_a_rule_table_row_that_links_to_the_page_and_matches_the_descriptor(string id)
        {
            var descriptor = Descriptors.Value[id];
            var rows = TableRows(ReadDoc("README.md")).Where(cells => cells.Length >= 4 && cells[0] == $"[{id}](docs/rules/{id}.md)").ToList();

            var row = Assert.Single(rows);
            Assert.Equal(descriptor.Title.ToString(CultureInfo.InvariantCulture), row[1]);
            Assert.StartsWith(descriptor.DefaultSeverity.ToString(), row[2], StringComparison.Ordinal);
            Assert.Equal(!descriptor.IsEnabledByDefault, row[2].Contains("disabled by default", StringComparison.Ordinal));
            Assert.NotEqual("", row[3]);
        }

        [Theory]
        [MemberData(nameof(RuleIds))]
        public void Release_tracking_has_a_row_with_the_category_and_severity(string id)
        {
            var descriptor = Descriptors.Value[id];
            var rows = new List<string[]>();
            foreach (var file in new[] { "AnalyzerReleases.Shipped.md", "AnalyzerReleases.Unshipped.md" })
            {
                var section = "";
                foreach (var line in ReadDoc(Path.Combine("src", "DoubleFetchAnalyzers", file)).Split('\n'))
                {
                    if (line.StartsWith("### ", StringComparison.Ordinal))
                    {
                        section = line.Substring(4).Trim();
                    }
                    else if (section is "New Rules" or "Changed Rules")
                    {
                        var cells = line.Split('|').Select(cell => cell.Trim()).ToArray();
                        if (cells.Length >= 3 && cells[0] == id)
                        {
                            rows.Add(cells);
                        }
                    }
                }
            }

            Assert.True(rows.Count > 0, $"Neither release tracking file has a row for {id}.");
            var latest = rows[rows.Count - 1];
            Assert.Equal(descriptor.Category, latest[1]);
            Assert.Equal(descriptor.IsEnabledByDefault ? descriptor.DefaultSeverity.ToString() : "Disabled", latest[2]);
        }

        [Fact]
        public void Every_rule_page_belongs_to_a_diagnostic_of_the_package()
        {
            var pages = Directory.GetFiles(Path.Combine(Root, "docs", "rules"), "*.md").Select(path => Path.GetFileNameWithoutExtension(path)!).OrderBy(name => name, StringComparer.Ordinal);

            Assert.Equal(Descriptors.Value.Keys, pages);
        }

        [Theory]
        [MemberData(nameof(RuleIds))]
        public async Task Noncompliant_example_compiles_and_reports_the_rule(string id)
        {
            var (diagnostics, _) = await AnalyzeExampleAsync(id, "Noncompliant code");

            Assert.True(diagnostics.Any(diagnostic => diagnostic.Id == id),
                $"The noncompliant example of {id} does not report {id}. It reports:\n{Describe(diagnostics)}");
        }

        [Theory]
        [MemberData(nameof(RuleIds))]
        public async Task Compliant_example_compiles_and_reports_nothing(string id)
        {
            var (diagnostics, _) = await AnalyzeExampleAsync(id, "Compliant code");

            // The rule itself, and every rule a user gets without opting in, must be quiet on the compliant code.
            var unexpected = diagnostics.Where(diagnostic => diagnostic.Id == id || Descriptors.Value[diagnostic.Id].IsEnabledByDefault).ToList();
            Assert.True(unexpected.Count == 0, $"The compliant example of {id} reports:\n{Describe(unexpected)}");
        }

        [Fact]
        public void Configuration_page_describes_every_key()
        {
            var page = ReadDoc("docs/configuration.md");
            var described = Subsections(Section(page, "Keys", 2), 3).Select(section => section.Heading).ToList();

            Assert.Equal(ConfigurationKeys.All.Select(key => $"`{key}`"), described);
        }

        [Fact]
        public void Configuration_page_has_worked_examples()
            => Assert.True(WorkedExamples().Count >= 2, "docs/configuration.md needs at least two worked examples.");

        [Theory]
        [MemberData(nameof(WorkedExamples))]
        public async Task Worked_example_reports_nothing_without_configuration_and_a_finding_with_each_configuration(string heading)
        {
            var example = Subsections(Section(ReadDoc("docs/configuration.md"), "Worked examples", 2), 3).Single(section => section.Heading == heading);
            var blocks = CodeBlocks(example.Body);
            var code = Assert.Single(blocks, block => block.Language == "csharp").Text;
            var configurations = blocks.Where(block => block.Language == "ini").Select(block => block.Text).ToList();
            Assert.NotEmpty(configurations);

            var (without, _) = await AnalyzeAsync(code, editorConfig: null, heading);
            Assert.True(without.IsEmpty, $"'{heading}' reports without configuration:\n{Describe(without)}");

            foreach (var configuration in configurations)
            {
                var (with, _) = await AnalyzeAsync(code, configuration, heading);
                Assert.True(with.Any(diagnostic => diagnostic.Id is not DiagnosticIds.InvalidConfiguration and not DiagnosticIds.UntrustedValueUnderTrustedName),
                    $"'{heading}' reports no finding with:\n{configuration}\nIt reports:\n{Describe(with)}");
                Assert.DoesNotContain(with, diagnostic => diagnostic.Id == DiagnosticIds.InvalidConfiguration);
            }
        }

        [Theory]
        [InlineData("README.md")]
        [InlineData("docs/configuration.md")]
        public async Task Attribute_example_compiles_and_reports_nothing(string file)
        {
            var code = CodeBlocks(Section(ReadDoc(file), "Attributes", 2)).First(block => block.Language == "csharp").Text;

            var (diagnostics, _) = await AnalyzeAsync(code, editorConfig: null, file);

            Assert.True(diagnostics.IsEmpty, $"The attribute example of {file} reports:\n{Describe(diagnostics)}");
        }

        [Theory]
        [InlineData("README.md")]
        [InlineData("docs/configuration.md")]
        public void Relative_links_point_at_existing_files(string file)
        {
            var pages = new List<string> { file };
            if (file == "README.md")
            {
                pages.AddRange(Directory.GetFiles(Path.Combine(Root, "docs", "rules"), "*.md").Select(path => Path.GetRelativePath(Root, path)));
            }

            var broken = new List<string>();
            foreach (var page in pages)
            {
                var directory = Path.GetDirectoryName(Path.Combine(Root, page))!;
                foreach (Match link in Regex.Matches(ReadDoc(page), @"\]\((?<target>[^)#\s]+)(#[^)]*)?\)"))
                {
                    var target = link.Groups["target"].Value;
                    if (!target.Contains("://", StringComparison.Ordinal) && !File.Exists(Path.Combine(directory, target)) && !Directory.Exists(Path.Combine(directory, target)))
                    {
                        broken.Add($"{page}: {target}");
                    }
                }
            }

            Assert.True(broken.Count == 0, "Broken links:\n" + string.Join("\n", broken));
        }

        private static async Task<(ImmutableArray<Diagnostic> Diagnostics, string Code)> AnalyzeExampleAsync(string id, string sectionName)
        {
            var section = Section(ReadRulePage(id), sectionName, 2);
            var blocks = CodeBlocks(section);
            var code = blocks.FirstOrDefault(block => block.Language == "csharp").Text;
            Assert.True(code is not null, $"docs/rules/{id}.md has no ```csharp block under '## {sectionName}'.");
            var editorConfig = blocks.FirstOrDefault(block => block.Language == "ini").Text;

            var (diagnostics, _) = await AnalyzeAsync(code!, editorConfig, $"{id} {sectionName}");
            return (diagnostics, code!);
        }

        /// <summary>Analyzes an example and fails when it does not compile.</summary>
        private static async Task<(ImmutableArray<Diagnostic> Diagnostics, string Code)> AnalyzeAsync(string code, string? editorConfig, string what)
        {
            var (diagnostics, errors) = await DocExampleAnalysis.AnalyzeAsync(code, editorConfig);
            Assert.True(errors.IsEmpty, $"The example ({what}) does not compile:\n{Describe(errors)}\n{code}");
            return (diagnostics, code);
        }

        private static string Describe(IEnumerable<Diagnostic> diagnostics)
        {
            var lines = diagnostics.Select(DocExampleAnalysis.Format).ToList();
            return lines.Count == 0 ? "  (nothing)" : "  " + string.Join("\n  ", lines);
        }

        private static ImmutableSortedDictionary<string, DiagnosticDescriptor> LoadDescriptors()
        {
            var analyzers = typeof(DiagnosticIds).Assembly.GetTypes()
                .Where(type => !type.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(type) && type.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
                .Select(type => (DiagnosticAnalyzer)Activator.CreateInstance(type)!)
                .ToList();
            Assert.NotEmpty(analyzers);

            var descriptors = ImmutableSortedDictionary.CreateBuilder<string, DiagnosticDescriptor>(StringComparer.Ordinal);
            foreach (var descriptor in analyzers.SelectMany(analyzer => analyzer.SupportedDiagnostics))
            {
                descriptors[descriptor.Id] = descriptor;
            }

            return descriptors.ToImmutable();
        }

        private static IEnumerable<CodeFixProvider> CodeFixProviders()
            => typeof(DoubleFetchCodeFixProvider).Assembly.GetTypes()
                .Where(type => !type.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(type) && type.GetCustomAttribute<ExportCodeFixProviderAttribute>() is not null)
                .Select(type => (CodeFixProvider)Activator.CreateInstance(type)!);

        private static string ReadRulePage(string id)
        {
            var path = Path.Combine(Root, "docs", "rules", id + ".md");
            Assert.True(File.Exists(path), $"{id} has no page docs/rules/{id}.md.");
            return ReadDoc(Path.Combine("docs", "rules", id + ".md"));
        }

        [Fact]
        public void DF0003_page_lists_every_reason_the_rule_gives()
        {
            var page = ReadDoc(Path.Combine("docs", "rules", "DF0003.md"));
            var target = new DoubleFetchAnalyzers.Analysis.SinkTarget(null, null, 16, "a");
            foreach (var missing in Enum.GetValues<DoubleFetchAnalyzers.Analysis.MissingCheck>())
            {
                if (missing is DoubleFetchAnalyzers.Analysis.MissingCheck.Unchecked or DoubleFetchAnalyzers.Analysis.MissingCheck.AssertionOnly)
                {
                    continue;
                }

                var finding = new DoubleFetchAnalyzers.Analysis.SinkFinding(
                    DoubleFetchAnalyzers.Analysis.SinkKind.Index, null!, target, missing, null, 32, valueIsVariable: true);
                var reason = DoubleFetchAnalyzers.Rules.BoundsRules.Reason(finding);

                // The longest run of words outside quotes and numbers: the same for every instance of the reason.
                var stem = System.Text.RegularExpressions.Regex.Split(reason, @"'[^']*'|\d+").Select(part => part.Trim()).OrderByDescending(part => part.Length).First();
                Assert.True(stem.Length >= 4 && page.Contains(stem, StringComparison.Ordinal), $"docs/rules/DF0003.md does not list the reason '{reason}' ({missing}).");
            }
        }

        private static string ReadDoc(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath)).Replace("\r\n", "\n");

        /// <summary>The rows of the metadata table: the first table of the page, before its first section.</summary>
        private static List<(string Property, string Value)> MetadataTable(string page)
        {
            var preamble = page.Split("\n## ", 2)[0];
            var rows = TableRows(preamble).ToList();
            Assert.True(rows.Count > 0 && rows[0].Length == 2 && rows[0][0] == "Property" && rows[0][1] == "Value",
                "The metadata table must have the two columns '| Property | Value |'.");
            return rows.Skip(1).Select(cells => (cells[0], cells.Length > 1 ? cells[1] : "")).ToList();
        }

        /// <summary>The cells of every table row outside code blocks, without the separator rows.</summary>
        private static IEnumerable<string[]> TableRows(string markdown)
        {
            foreach (var line in LinesOutsideCode(markdown))
            {
                var trimmed = line.Trim();
                if (!trimmed.StartsWith('|') || Regex.IsMatch(trimmed, @"^\|[\s:|-]+\|$"))
                {
                    continue;
                }

                yield return Regex.Split(trimmed.Trim('|'), @"(?<!\\)\|").Select(cell => cell.Trim()).ToArray();
            }
        }

        private static IEnumerable<string> LinesOutsideCode(string markdown)
        {
            var inCode = false;
            foreach (var line in markdown.Split('\n'))
            {
                if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
                {
                    inCode = !inCode;
                    continue;
                }

                if (!inCode)
                {
                    yield return line;
                }
            }
        }

        /// <summary>The sections of a given heading level (2 for "## "), outside code blocks, with their bodies.</summary>
        private static List<(string Heading, string Body)> Subsections(string markdown, int level)
        {
            var marker = new string('#', level) + " ";
            var sections = new List<(string Heading, List<string> Lines)>();
            var inCode = false;
            foreach (var line in markdown.Split('\n'))
            {
                if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
                {
                    inCode = !inCode;
                }
                else if (!inCode && line.StartsWith(marker, StringComparison.Ordinal))
                {
                    sections.Add((line.Substring(marker.Length).Trim(), new List<string>()));
                    continue;
                }
                else if (!inCode && line.StartsWith("#", StringComparison.Ordinal) && line.TrimStart('#').StartsWith(' ') &&
                         line.IndexOf(' ', StringComparison.Ordinal) < level)
                {
                    // A heading of a higher level ends the current section.
                    sections.Add(("", new List<string>()));
                    continue;
                }

                if (sections.Count > 0)
                {
                    sections[sections.Count - 1].Lines.Add(line);
                }
            }

            return sections.Where(section => section.Heading.Length > 0).Select(section => (section.Heading, string.Join("\n", section.Lines))).ToList();
        }

        private static string Section(string markdown, string heading, int level)
        {
            var matches = Subsections(markdown, level).Where(section => section.Heading == heading).ToList();
            Assert.True(matches.Count == 1, $"Expected one '{new string('#', level)} {heading}' section, found {matches.Count}.");
            return matches[0].Body;
        }

        /// <summary>The fenced code blocks of a piece of markdown, with their language and dedented text.</summary>
        private static List<(string Language, string Text)> CodeBlocks(string markdown)
        {
            var blocks = new List<(string Language, string Text)>();
            string? language = null;
            var indent = 0;
            var lines = new List<string>();
            foreach (var line in markdown.Split('\n'))
            {
                var trimmed = line.TrimStart();
                if (trimmed.StartsWith("```", StringComparison.Ordinal))
                {
                    if (language is null)
                    {
                        language = trimmed.Substring(3).Trim();
                        indent = line.Length - trimmed.Length;
                        lines.Clear();
                    }
                    else
                    {
                        blocks.Add((language, string.Join("\n", lines) + "\n"));
                        language = null;
                    }

                    continue;
                }

                if (language is not null)
                {
                    lines.Add(line.Length >= indent && line.Substring(0, indent).Trim().Length == 0 ? line.Substring(indent) : line.TrimStart());
                }
            }

            return blocks;
        }

        private static string FindRepositoryRoot()
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, SolutionFileName)))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException($"No {SolutionFileName} above {AppContext.BaseDirectory}.");
        }
    }

    /// <summary>Runs every analyzer of the package on one documentation example, as a user's project would.</summary>
    internal static class DocExampleAnalysis
    {
        public const string ExamplePath = "/0/Example.cs";

        /// <summary>
        /// The analyzer diagnostics (every rule on, DF0007 too, as for a user who opted in) and the compiler errors of
        /// one example, with the attributes the package generates and an optional .editorconfig next to it.
        /// </summary>
        public static async Task<(ImmutableArray<Diagnostic> Diagnostics, ImmutableArray<Diagnostic> CompilerErrors)> AnalyzeAsync(string source, string? editorConfig)
        {
            var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new SharedMemoryAnalyzer(), new ConfigurationAnalyzer());
            var specific = ImmutableDictionary.CreateBuilder<string, ReportDiagnostic>();
            foreach (var descriptor in analyzers.SelectMany(analyzer => analyzer.SupportedDiagnostics).Where(descriptor => !descriptor.IsEnabledByDefault))
            {
                specific[descriptor.Id] = ReportDiagnostic.Info;
            }

            using var workspace = new AdhocWorkspace();
            var projectId = ProjectId.CreateNewId("DocExample");
            var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
                projectId,
                VersionStamp.Create(),
                name: "DocExample",
                assemblyName: "DocExample",
                language: LanguageNames.CSharp,
                compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable)
                    .WithSpecificDiagnosticOptions(specific.ToImmutable()),
                parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
                metadataReferences: TestReferences.Runtime));
            solution = solution.AddDocument(DocumentId.CreateNewId(projectId), "Example.cs", SourceText.From(source), filePath: ExamplePath);
            solution = solution.AddDocument(DocumentId.CreateNewId(projectId), Verify.AttributesFile, SourceText.From(Verify.AttributesSource), filePath: "/0/" + Verify.AttributesFile);
            if (editorConfig is not null)
            {
                solution = solution.AddAnalyzerConfigDocument(DocumentId.CreateNewId(projectId), ".editorconfig", SourceText.From(editorConfig), filePath: "/0/.editorconfig");
            }

            var project = solution.GetProject(projectId)!;
            var compilation = (await project.GetCompilationAsync().ConfigureAwait(false))!;
            var failures = new List<string>();
            var options = new CompilationWithAnalyzersOptions(
                project.AnalyzerOptions,
                onAnalyzerException: (exception, analyzer, _) =>
                {
                    lock (failures)
                    {
                        failures.Add(analyzer.GetType().Name + ": " + exception);
                    }
                },
                concurrentAnalysis: true,
                logAnalyzerExecutionTime: false);
            var diagnostics = await compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync(CancellationToken.None).ConfigureAwait(false);
            failures.AddRange(diagnostics.Where(diagnostic => diagnostic.Id == "AD0001").Select(Format));
            Assert.True(failures.Count == 0, "The analyzer failed on the example:\n" + string.Join("\n", failures));

            var errors = compilation.GetDiagnostics().Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error).ToImmutableArray();
            return (diagnostics, errors);
        }

        public static string Format(Diagnostic diagnostic)
        {
            var where = diagnostic.Location.IsInSource
                ? string.Format(CultureInfo.InvariantCulture, "({0},{1})", diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1, diagnostic.Location.GetLineSpan().StartLinePosition.Character + 1)
                : "(no location)";
            return $"{diagnostic.Id} {where}: {diagnostic.GetMessage(CultureInfo.InvariantCulture)}";
        }
    }
}
