using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using DoubleFetchAnalyzers.Generators;
using DoubleFetchAnalyzers.Rules;
using DoubleFetchAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace DoubleFetchAnalyzers.Tests.Meta
{
    /// <summary>
    /// Every sample project under <c>samples/</c> reports exactly what its end-of-line markers say (<c>// DF0002</c>,
    /// <c>// DF0001 DF0002</c>: exactly those diagnostics start on that line), and every fixed twin (<c>*.Fixed.cs</c>)
    /// reports nothing. Each project compiles on its own, as it builds, with the attributes the product's own generator
    /// provides and with the <c>.editorconfig</c> and <c>.globalconfig</c> files its build sees (its folder and the
    /// folders above it, up to the repository root). A configuration entry that resolves to nothing (DF1000) fails
    /// the test like any diagnostic outside the sample files.
    /// </summary>
    public sealed class SamplesTests
    {
        private const string SolutionFileName = "DoubleFetchAnalyzers.sln";
        private const string FixedSuffix = ".Fixed.cs";

        /// <summary>The sample project whose code carries no attribute: its .editorconfig declares the shared memory.</summary>
        private const string ConfiguredProject = "ConfiguredSamples";

        private static readonly string RepositoryRoot = FindRepositoryRoot();

        private static readonly string SamplesRoot = Path.Combine(RepositoryRoot, "samples");

        /// <summary>A marker: an end-of-line comment that holds only diagnostic IDs.</summary>
        private static readonly Regex Marker = new(@"//\s*(?<ids>DF\d{4}(?:[\s,]+DF\d{4})*)\s*$", RegexOptions.CultureInvariant);

        private static readonly ConcurrentDictionary<string, Lazy<SampleAnalysis>> Analyses = new(StringComparer.Ordinal);

        /// <summary>Every sample file, as "Project/relative/path.cs" (unique across projects).</summary>
        public static TheoryData<string> SampleFiles()
        {
            var data = new TheoryData<string>();
            foreach (var file in FindSampleFiles())
            {
                data.Add(file);
            }

            return data;
        }

        [Theory]
        [MemberData(nameof(SampleFiles))]
        public void Diagnostics_match_the_markers(string file)
        {
            var analysis = AnalysisOf(ProjectOf(file));
            Assert.True(analysis.CompilerErrors.IsEmpty, $"The samples of {analysis.Project} do not compile:\n" + string.Join("\n", analysis.CompilerErrors.Select(Format)));
            Assert.True(analysis.AnalyzerFailures.IsEmpty, $"The analyzers failed on the samples of {analysis.Project}:\n" + string.Join("\n", analysis.AnalyzerFailures));

            var lines = analysis.Sources[file].Lines;
            var expected = ParseMarkers(lines);
            var actual = analysis.Diagnostics
                .Where(diagnostic => diagnostic.Location.SourceTree?.FilePath == FullPath(file))
                .ToLookup(diagnostic => diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1);

            var report = new StringBuilder();
            var lineNumbers = expected.Keys.Concat(actual.Select(group => group.Key)).Distinct().OrderBy(line => line);
            foreach (var line in lineNumbers)
            {
                var expectedIds = expected.TryGetValue(line, out var ids) ? ids : ImmutableSortedSet<string>.Empty;
                var actualIds = actual[line].Select(diagnostic => diagnostic.Id).ToImmutableSortedSet(StringComparer.Ordinal);
                if (expectedIds.SetEquals(actualIds))
                {
                    continue;
                }

                report.Append("  line ").Append(line).Append(": expected ").Append(List(expectedIds)).Append(", actual ").Append(List(actualIds)).Append('\n');
                report.Append("      ").Append(lines[line - 1].ToString().Trim()).Append('\n');
                foreach (var diagnostic in actual[line].OrderBy(diagnostic => diagnostic.Location.SourceSpan.Start))
                {
                    report.Append("      ").Append(Format(diagnostic)).Append('\n');
                }
            }

            Assert.True(report.Length == 0, $"{file}: the diagnostics do not match the markers (// DFnnnn at the end of a line lists the IDs reported on it).\n{report}");
        }

        [Fact]
        public void Every_violation_file_has_a_fixed_twin_and_every_fixed_twin_is_clean()
        {
            var files = FindSampleFiles().ToList();
            var problems = new List<string>();
            foreach (var file in files)
            {
                var markers = ParseMarkers(SourceText.From(File.ReadAllText(FullPath(file))).Lines);
                if (file.EndsWith(FixedSuffix, StringComparison.Ordinal))
                {
                    var violation = file.Substring(0, file.Length - FixedSuffix.Length) + ".cs";
                    if (!files.Contains(violation))
                    {
                        problems.Add($"{file} is a fixed twin without a violation file {violation}.");
                    }

                    if (markers.Count > 0)
                    {
                        problems.Add($"{file} is a fixed twin but has markers on lines {string.Join(", ", markers.Keys)}: it must report nothing.");
                    }
                }
                else
                {
                    var twin = file.Substring(0, file.Length - ".cs".Length) + FixedSuffix;
                    if (!files.Contains(twin))
                    {
                        problems.Add($"{file} has no fixed twin {twin}.");
                    }

                    if (markers.Count == 0)
                    {
                        problems.Add($"{file} is a violation file without a single marker.");
                    }
                }
            }

            Assert.NotEmpty(files);
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }

        [Fact]
        public void Every_sample_project_has_samples_and_is_in_the_solution()
        {
            var projects = FindSampleProjects().ToList();
            Assert.Contains("DoubleFetchSamples", projects);
            Assert.Contains(ConfiguredProject, projects);

            var solution = File.ReadAllText(Path.Combine(RepositoryRoot, SolutionFileName)).Replace('\\', '/');
            var files = FindSampleFiles().ToList();
            foreach (var project in projects)
            {
                Assert.True(files.Any(file => ProjectOf(file) == project), $"samples/{project} has no sample file.");
                var projectFile = Directory.EnumerateFiles(Path.Combine(SamplesRoot, project), "*.csproj").Single();
                var relative = Path.GetRelativePath(RepositoryRoot, projectFile).Replace(Path.DirectorySeparatorChar, '/');
                Assert.True(solution.Contains("\"" + relative + "\"", StringComparison.Ordinal), $"{relative} is not in {SolutionFileName}.");
            }
        }

        [Fact]
        public void Configured_samples_carry_no_attributes_and_have_their_own_editorconfig()
        {
            var folder = Path.Combine(SamplesRoot, ConfiguredProject);
            Assert.True(File.Exists(Path.Combine(folder, ".editorconfig")), $"samples/{ConfiguredProject} has no .editorconfig.");
            foreach (var file in FindSampleFiles().Where(file => ProjectOf(file) == ConfiguredProject))
            {
                var text = File.ReadAllText(FullPath(file));
                Assert.False(Regex.IsMatch(text, @"\[\s*(return\s*:\s*)?(DoubleFetch\.)?(SharedMemory|Untrusted)(Attribute)?\b"), $"{file} uses an attribute: the configured samples declare everything in .editorconfig.");
                Assert.DoesNotContain("using DoubleFetch;", text, StringComparison.Ordinal);
            }
        }

        [Fact]
        public void Configured_samples_report_nothing_without_their_editorconfig()
        {
            var analysis = Analyze(ConfiguredProject, withConfiguration: false);
            Assert.True(analysis.CompilerErrors.IsEmpty, "The configured samples do not compile:\n" + string.Join("\n", analysis.CompilerErrors.Select(Format)));
            Assert.True(analysis.AnalyzerFailures.IsEmpty, "The analyzers failed on the configured samples:\n" + string.Join("\n", analysis.AnalyzerFailures));
            Assert.True(analysis.Diagnostics.IsEmpty, "Without configuration, the configured samples must report nothing:\n" + string.Join("\n", analysis.Diagnostics.Select(Format)));

            // And with it, they do: the configuration is what makes the difference.
            Assert.NotEmpty(AnalysisOf(ConfiguredProject).Diagnostics);
        }

        /// <summary>Line (1-based) to the IDs its marker lists.</summary>
        private static Dictionary<int, ImmutableSortedSet<string>> ParseMarkers(TextLineCollection lines)
        {
            var markers = new Dictionary<int, ImmutableSortedSet<string>>();
            foreach (var line in lines)
            {
                var match = Marker.Match(line.ToString());
                if (match.Success)
                {
                    var ids = match.Groups["ids"].Value.Split(new[] { ' ', '\t', ',' }, StringSplitOptions.RemoveEmptyEntries);
                    markers[line.LineNumber + 1] = ids.ToImmutableSortedSet(StringComparer.Ordinal);
                }
            }

            return markers;
        }

        private static SampleAnalysis AnalysisOf(string project)
            => Analyses.GetOrAdd(project, p => new Lazy<SampleAnalysis>(() => Analyze(p, withConfiguration: true), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

        /// <summary>Compiles one sample project as its build does, and runs the analyzers on it.</summary>
        private static SampleAnalysis Analyze(string project, bool withConfiguration)
        {
            var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
            var sources = FindSampleFiles()
                .Where(file => ProjectOf(file) == project)
                .ToImmutableSortedDictionary(
                    file => file,
                    file => SourceText.From(File.ReadAllText(FullPath(file)), Encoding.UTF8),
                    StringComparer.Ordinal);
            var trees = sources.Select(pair => CSharpSyntaxTree.ParseText(pair.Value, parseOptions, FullPath(pair.Key))).ToImmutableArray();
            var configuration = withConfiguration ? ConfigurationFiles.For(project, trees) : ConfigurationFiles.None;
            var compilation = CSharpCompilation.Create(
                project,
                trees,
                TestReferences.Runtime,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable)
                    .WithSyntaxTreeOptionsProvider(configuration.Severities));

            // The attributes come from the product's generator, as they do in the sample projects.
            GeneratorDriver driver = CSharpGeneratorDriver.Create(
                new[] { new AttributeGenerator().AsSourceGenerator() },
                parseOptions: parseOptions,
                optionsProvider: configuration.Options);
            driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var generated, out var generatorDiagnostics);

            var errors = generatorDiagnostics.Concat(generated.GetDiagnostics())
                .Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error)
                .ToImmutableArray();

            var failures = new List<string>();
            var options = new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, configuration.Options),
                onAnalyzerException: (exception, analyzer, diagnostic) =>
                {
                    lock (failures)
                    {
                        failures.Add($"{analyzer.GetType().Name}: {exception}");
                    }
                },
                concurrentAnalysis: true,
                logAnalyzerExecutionTime: false);
            var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new SharedMemoryAnalyzer(), new ConfigurationAnalyzer());
            var diagnostics = generated.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult();

            failures.AddRange(diagnostics.Where(diagnostic => diagnostic.Id == "AD0001").Select(Format));
            var stray = diagnostics.Where(diagnostic => diagnostic.Id != "AD0001" &&
                !(diagnostic.Location.SourceTree?.FilePath is { } path && sources.Keys.Any(file => FullPath(file) == path)));
            failures.AddRange(stray.Select(diagnostic => "Reported outside the sample files: " + Format(diagnostic)));

            return new SampleAnalysis(
                project,
                sources,
                errors,
                failures.ToImmutableArray(),
                diagnostics.Where(diagnostic => diagnostic.Id != "AD0001").ToImmutableArray());
        }

        /// <summary>The folders under samples/ that hold a project.</summary>
        private static IEnumerable<string> FindSampleProjects()
            => Directory.EnumerateDirectories(SamplesRoot)
                .Where(folder => Directory.EnumerateFiles(folder, "*.csproj").Any())
                .Select(folder => Path.GetFileName(folder))
                .OrderBy(name => name, StringComparer.Ordinal);

        /// <summary>The sample files as "Project/relative/path.cs", with '/' separators; bin/ and obj/ excluded.</summary>
        private static IEnumerable<string> FindSampleFiles()
            => FindSampleProjects().SelectMany(project =>
                Directory.EnumerateFiles(Path.Combine(SamplesRoot, project), "*.cs", SearchOption.AllDirectories)
                    .Select(path => Path.GetRelativePath(SamplesRoot, path).Replace(Path.DirectorySeparatorChar, '/'))
                    .Where(file => !file.Split('/').Any(segment => segment is "bin" or "obj"))
                    .OrderBy(file => file, StringComparer.Ordinal));

        private static string ProjectOf(string file) => file.Substring(0, file.IndexOf('/'));

        private static string FullPath(string file) => Path.GetFullPath(Path.Combine(SamplesRoot, file));

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

        private static string List(IEnumerable<string> ids)
        {
            var text = string.Join(" ", ids);
            return text.Length == 0 ? "(none)" : text;
        }

        private static string Format(Diagnostic diagnostic)
        {
            var span = diagnostic.Location.GetLineSpan();
            var where = diagnostic.Location.IsInSource
                ? $"{Path.GetFileName(span.Path)}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1})"
                : "(no location)";
            return $"{diagnostic.Id} {where}: {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
        }

        private sealed record SampleAnalysis(
            string Project,
            ImmutableSortedDictionary<string, SourceText> Sources,
            ImmutableArray<Diagnostic> CompilerErrors,
            ImmutableArray<string> AnalyzerFailures,
            ImmutableArray<Diagnostic> Diagnostics);

        /// <summary>
        /// The .editorconfig and .globalconfig files a sample project's build sees, parsed with Roslyn's own
        /// <see cref="AnalyzerConfig"/> and combined with <see cref="AnalyzerConfigSet"/>: analyzer options per tree
        /// (keyed by the tree's path) and global options, and the severities they set.
        /// </summary>
        private sealed class ConfigurationFiles
        {
            public static readonly ConfigurationFiles None = new(AnalyzerConfigSet.Create(Array.Empty<AnalyzerConfig>()), ImmutableArray<SyntaxTree>.Empty);

            private ConfigurationFiles(AnalyzerConfigSet set, ImmutableArray<SyntaxTree> trees)
            {
                var results = trees.ToImmutableDictionary(tree => tree, tree => set.GetOptionsForSourcePath(tree.FilePath));
                var global = set.GlobalConfigOptions;
                Options = new OptionsProvider(results, global.AnalyzerOptions);
                Severities = new SeverityProvider(results, global.TreeOptions);
            }

            public AnalyzerConfigOptionsProvider Options { get; }

            public SyntaxTreeOptionsProvider Severities { get; }

            public static ConfigurationFiles For(string project, ImmutableArray<SyntaxTree> trees)
            {
                var configs = new List<AnalyzerConfig>();
                var folder = Path.Combine(SamplesRoot, project);

                // The project's folder and its subfolders, then every folder above it up to the repository root.
                var paths = Directory.EnumerateFiles(folder, ".editorconfig", SearchOption.AllDirectories)
                    .Concat(Directory.EnumerateFiles(folder, ".globalconfig", SearchOption.TopDirectoryOnly))
                    .Where(path => !Path.GetRelativePath(folder, path).Replace(Path.DirectorySeparatorChar, '/').Split('/').Any(segment => segment is "bin" or "obj"))
                    .ToList();
                for (var directory = Directory.GetParent(folder); directory is not null; directory = directory.Parent)
                {
                    paths.AddRange(new[] { ".editorconfig", ".globalconfig" }.Select(name => Path.Combine(directory.FullName, name)).Where(File.Exists));
                    if (string.Equals(directory.FullName.TrimEnd(Path.DirectorySeparatorChar), RepositoryRoot.TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal))
                    {
                        break;
                    }
                }

                foreach (var path in paths)
                {
                    configs.Add(AnalyzerConfig.Parse(SourceText.From(File.ReadAllText(path), Encoding.UTF8), Path.GetFullPath(path)));
                }

                var set = AnalyzerConfigSet.Create(configs, out var diagnostics);
                Assert.True(diagnostics.IsEmpty, $"The configuration files of {project} conflict:\n{string.Join("\n", diagnostics)}");
                return new ConfigurationFiles(set, trees);
            }

            private sealed class OptionsProvider : AnalyzerConfigOptionsProvider
            {
                private static readonly AnalyzerConfigOptions Empty = new DictionaryOptions(ImmutableDictionary<string, string>.Empty);

                private readonly ImmutableDictionary<SyntaxTree, AnalyzerConfigOptionsResult> _results;

                public OptionsProvider(ImmutableDictionary<SyntaxTree, AnalyzerConfigOptionsResult> results, ImmutableDictionary<string, string> global)
                {
                    _results = results;
                    GlobalOptions = new DictionaryOptions(global);
                }

                public override AnalyzerConfigOptions GlobalOptions { get; }

                public override AnalyzerConfigOptions GetOptions(SyntaxTree tree)
                    => _results.TryGetValue(tree, out var result) ? new DictionaryOptions(result.AnalyzerOptions) : Empty;

                public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Empty;
            }

            private sealed class DictionaryOptions : AnalyzerConfigOptions
            {
                private readonly ImmutableDictionary<string, string> _options;

                public DictionaryOptions(ImmutableDictionary<string, string> options)
                {
                    _options = options.WithComparers(KeyComparer);
                }

                public override bool TryGetValue(string key, out string value) => _options.TryGetValue(key, out value!);
            }

            private sealed class SeverityProvider : SyntaxTreeOptionsProvider
            {
                private readonly ImmutableDictionary<SyntaxTree, AnalyzerConfigOptionsResult> _results;
                private readonly ImmutableDictionary<string, ReportDiagnostic> _global;

                public SeverityProvider(ImmutableDictionary<SyntaxTree, AnalyzerConfigOptionsResult> results, ImmutableDictionary<string, ReportDiagnostic> global)
                {
                    _results = results;
                    _global = global;
                }

                public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken) => GeneratedKind.Unknown;

                public override bool TryGetDiagnosticValue(SyntaxTree tree, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
                {
                    severity = ReportDiagnostic.Default;
                    return _results.TryGetValue(tree, out var result) && result.TreeOptions.TryGetValue(diagnosticId, out severity);
                }

                public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
                    => _global.TryGetValue(diagnosticId, out severity);
            }
        }
    }
}
