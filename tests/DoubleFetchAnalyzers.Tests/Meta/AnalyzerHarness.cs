using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DoubleFetchAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DoubleFetchAnalyzers.Tests.Meta
{
    /// <summary>
    /// Runs every analyzer of the product on arbitrary code, broken code included, and collects what they report
    /// and every exception they throw (which the analyzer driver would turn into AD0001).
    /// </summary>
    internal static class AnalyzerHarness
    {
        public static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = typeof(DiagnosticIds).Assembly.GetTypes()
            .Where(type => typeof(DiagnosticAnalyzer).IsAssignableFrom(type) && !type.IsAbstract && type.GetCustomAttributes(typeof(DiagnosticAnalyzerAttribute), false).Length > 0)
            .OrderBy(type => type.FullName, StringComparer.Ordinal)
            .Select(type => (DiagnosticAnalyzer)Activator.CreateInstance(type)!)
            .ToImmutableArray();

        public static CSharpCompilation Compile(params string[] sources) =>
            Compile(sources.Select((text, i) => ($"/0/Source{i}.cs", text)));

        public static CSharpCompilation Compile(IEnumerable<(string Path, string Text)> sources)
        {
            var options = new CSharpParseOptions(LanguageVersion.Latest);
            var trees = sources
                .Select(source => CSharpSyntaxTree.ParseText(source.Text, options, source.Path))
                .Append(CSharpSyntaxTree.ParseText(Verify.AttributesSource, options, "/0/" + Verify.AttributesFile));
            return CSharpCompilation.Create(
                "Harness",
                trees,
                TestReferences.Runtime,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));
        }

        /// <summary>The analyzers' diagnostics, and a description of every exception an analyzer threw.</summary>
        public static async Task<(ImmutableArray<Diagnostic> Diagnostics, IReadOnlyList<string> Failures)> AnalyzeAsync(
            Compilation compilation, AnalyzerOptions? options = null, CancellationToken cancellationToken = default, ImmutableArray<DiagnosticAnalyzer> analyzers = default)
        {
            var failures = new List<string>();
            var withAnalyzers = compilation.WithAnalyzers(
                analyzers.IsDefault ? Analyzers : analyzers,
                new CompilationWithAnalyzersOptions(
                    options ?? new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                    (exception, analyzer, _) =>
                    {
                        lock (failures)
                        {
                            failures.Add($"{analyzer.GetType().Name}: {exception}");
                        }
                    },
                    concurrentAnalysis: false,
                    logAnalyzerExecutionTime: false));
            var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
            foreach (var diagnostic in diagnostics.Where(d => d.Id == "AD0001"))
            {
                failures.Add(diagnostic.ToString());
            }

            return (diagnostics.Where(d => d.Id != "AD0001").ToImmutableArray(), failures);
        }

        /// <summary>The repository root: the folder that holds DoubleFetchAnalyzers.sln.</summary>
        public static string RepositoryRoot { get; } = FindRepositoryRoot();

        private static string FindRepositoryRoot()
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "DoubleFetchAnalyzers.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException("DoubleFetchAnalyzers.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
