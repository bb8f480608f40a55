using System;
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
    /// The samples under <c>samples/DoubleFetchSamples</c> report exactly what their end-of-line markers say
    /// (<c>// DF0002</c>, <c>// DF0001 DF0002</c>: exactly those diagnostics start on that line), and every fixed twin
    /// (<c>*.Fixed.cs</c>) reports nothing. The samples compile together, as in their project, with the attributes
    /// the product's own generator provides.
    /// </summary>
    public sealed class SamplesTests
    {
        private const string SolutionFileName = "DoubleFetchAnalyzers.sln";
        private const string FixedSuffix = ".Fixed.cs";

        private static readonly string SamplesDirectory = Path.Combine(FindRepositoryRoot(), "samples", "DoubleFetchSamples");

        /// <summary>A marker: an end-of-line comment that holds only diagnostic IDs.</summary>
        private static readonly Regex Marker = new(@"//\s*(?<ids>DF\d{4}(?:[\s,]+DF\d{4})*)\s*$", RegexOptions.CultureInvariant);

        private static readonly Lazy<SampleAnalysis> Analysis = new(Analyze, LazyThreadSafetyMode.ExecutionAndPublication);

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
            var analysis = Analysis.Value;
            Assert.True(analysis.CompilerErrors.IsEmpty, "The samples do not compile:\n" + string.Join("\n", analysis.CompilerErrors.Select(Format)));
            Assert.True(analysis.AnalyzerFailures.IsEmpty, "The analyzer failed on the samples:\n" + string.Join("\n", analysis.AnalyzerFailures));

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

        private static SampleAnalysis Analyze()
        {
            var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
            var sources = FindSampleFiles().ToImmutableSortedDictionary(
                file => file,
                file => SourceText.From(File.ReadAllText(FullPath(file)), Encoding.UTF8),
                StringComparer.Ordinal);
            var trees = sources.Select(pair => CSharpSyntaxTree.ParseText(pair.Value, parseOptions, FullPath(pair.Key)));
            var compilation = CSharpCompilation.Create(
                "DoubleFetchSamples",
                trees,
                TestReferences.Runtime,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));

            // The attributes come from the product's generator, as they do in the sample project.
            GeneratorDriver driver = CSharpGeneratorDriver.Create(
                new[] { new AttributeGenerator().AsSourceGenerator() },
                parseOptions: parseOptions);
            driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var generated, out var generatorDiagnostics);

            var errors = generatorDiagnostics.Concat(generated.GetDiagnostics())
                .Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error)
                .ToImmutableArray();

            var failures = new List<string>();
            var options = new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                onAnalyzerException: (exception, analyzer, diagnostic) =>
                {
                    lock (failures)
                    {
                        failures.Add($"{analyzer.GetType().Name}: {exception}");
                    }
                },
                concurrentAnalysis: true,
                logAnalyzerExecutionTime: false);
            var withAnalyzers = generated.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new SharedMemoryAnalyzer()), options);
            var diagnostics = withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult();

            failures.AddRange(diagnostics.Where(diagnostic => diagnostic.Id == "AD0001").Select(Format));
            var stray = diagnostics.Where(diagnostic => diagnostic.Id != "AD0001" &&
                !(diagnostic.Location.SourceTree?.FilePath is { } path && sources.Keys.Any(file => FullPath(file) == path)));
            failures.AddRange(stray.Select(diagnostic => "Reported outside the sample files: " + Format(diagnostic)));

            return new SampleAnalysis(
                sources,
                errors,
                failures.ToImmutableArray(),
                diagnostics.Where(diagnostic => diagnostic.Id != "AD0001").ToImmutableArray());
        }

        /// <summary>The sample files, relative to the sample project, with '/' separators; bin/ and obj/ excluded.</summary>
        private static IEnumerable<string> FindSampleFiles()
            => Directory.EnumerateFiles(SamplesDirectory, "*.cs", SearchOption.AllDirectories)
                .Select(path => Path.GetRelativePath(SamplesDirectory, path).Replace(Path.DirectorySeparatorChar, '/'))
                .Where(file => !file.Split('/').Any(segment => segment is "bin" or "obj"))
                .OrderBy(file => file, StringComparer.Ordinal);

        private static string FullPath(string file) => Path.GetFullPath(Path.Combine(SamplesDirectory, file));

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
            ImmutableSortedDictionary<string, SourceText> Sources,
            ImmutableArray<Diagnostic> CompilerErrors,
            ImmutableArray<string> AnalyzerFailures,
            ImmutableArray<Diagnostic> Diagnostics);
    }
}
