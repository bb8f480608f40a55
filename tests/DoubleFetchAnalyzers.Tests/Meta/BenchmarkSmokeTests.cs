using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using DoubleFetchAnalyzers.Benchmarks;
using DoubleFetchAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace DoubleFetchAnalyzers.Tests.Meta
{
    /// <summary>
    /// The benchmark's workloads (bench/DoubleFetchAnalyzers.Benchmarks/WorkloadGenerator.cs, linked into this project)
    /// measure what they claim to: (a) is clean code our analyzers have nothing to say about, (b) has findings only in
    /// its source methods, (c) is one method of the stated size the analyzer gets through, and a seed always gives the
    /// same text. No timing is asserted here: the benchmark measures, these tests only keep its inputs honest.
    /// </summary>
    public sealed class BenchmarkSmokeTests
    {
        [Fact]
        public async Task Ordinary_workload_compiles_and_our_analyzers_report_nothing()
        {
            var workload = WorkloadGenerator.Ordinary();
            var compilation = Compile(workload);

            Assert.Empty(Errors(compilation));
            Assert.Empty(workload.SourceMethods);
            Assert.Equal(
                WorkloadGenerator.ProjectClassCount,
                compilation.SyntaxTrees
                    .Where(tree => !tree.FilePath.EndsWith(WorkloadGenerator.AttributesPath, System.StringComparison.Ordinal))
                    .Sum(tree => tree.GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>().Count()));

            var (diagnostics, failures) = await AnalyzerHarness.AnalyzeAsync(compilation);
            Assert.Empty(failures);
            Assert.Empty(diagnostics);
        }

        [Fact]
        public async Task Workload_with_sources_reports_only_in_its_source_methods()
        {
            var workload = WorkloadGenerator.WithSources();
            var compilation = Compile(workload);

            Assert.Empty(Errors(compilation));
            Assert.Equal((int)System.Math.Round(workload.MethodCount * WorkloadGenerator.SourceMethodShare), workload.SourceMethods.Count);

            var (diagnostics, failures) = await AnalyzerHarness.AnalyzeAsync(compilation);
            Assert.Empty(failures);
            Assert.NotEmpty(diagnostics);
            var sourceMethods = new HashSet<string>(workload.SourceMethods);
            var outside = diagnostics.Where(d => !sourceMethods.Contains(EnclosingMethod(d))).Select(d => d.ToString()).ToList();
            Assert.Empty(outside);

            // Several kinds of findings, spread over many methods: the 5% is not one method reported many times.
            Assert.True(diagnostics.Select(d => d.Id).Distinct().Count() >= 2, string.Join(", ", diagnostics.Select(d => d.Id).Distinct()));
            Assert.True(diagnostics.Select(EnclosingMethod).Distinct().Count() > workload.SourceMethods.Count / 4);
        }

        [Theory]
        [InlineData(250)]
        [InlineData(1_000)]
        [InlineData(4_000)]
        public async Task Large_method_has_its_size_compiles_and_the_analyzer_finishes(int statements)
        {
            var workload = WorkloadGenerator.LargeMethod(statements);
            var compilation = Compile(workload);

            Assert.Empty(Errors(compilation));
            var method = Assert.Single(compilation.SyntaxTrees.SelectMany(tree => tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>()));
            Assert.Equal(statements, method.Body!.DescendantNodes().OfType<StatementSyntax>().Count(statement => statement is not BlockSyntax));

            var (diagnostics, failures) = await AnalyzerHarness.AnalyzeAsync(compilation);
            Assert.Empty(failures);
            Assert.NotEmpty(diagnostics);
            Assert.All(diagnostics, d => Assert.Equal(Assert.Single(workload.SourceMethods), EnclosingMethod(d)));
        }

        [Fact]
        public void Same_seed_gives_the_same_text_and_another_seed_another()
        {
            AssertSame(WorkloadGenerator.Ordinary(classCount: 300), WorkloadGenerator.Ordinary(classCount: 300));
            AssertSame(WorkloadGenerator.WithSources(classCount: 300), WorkloadGenerator.WithSources(classCount: 300));
            AssertSame(WorkloadGenerator.LargeMethod(1_000), WorkloadGenerator.LargeMethod(1_000));

            Assert.NotEqual(Text(WorkloadGenerator.Ordinary(classCount: 300)), Text(WorkloadGenerator.Ordinary(seed: 7, classCount: 300)));
            Assert.NotEqual(Text(WorkloadGenerator.LargeMethod(1_000)), Text(WorkloadGenerator.LargeMethod(1_000, seed: 7)));

            // (b) is (a) with some methods replaced: the same classes in the same files.
            var ordinary = WorkloadGenerator.Ordinary(classCount: 300);
            var withSources = WorkloadGenerator.WithSources(classCount: 300);
            Assert.Equal(ordinary.MethodCount, withSources.MethodCount);
            Assert.Equal(
                ordinary.Files.Select(file => file.Path),
                withSources.Files.Select(file => file.Path).Where(path => path != "Shared.cs"));
        }

        private static void AssertSame(Workload first, Workload second)
        {
            Assert.Equal(first.Files.Select(file => file.Path), second.Files.Select(file => file.Path));
            Assert.Equal(Text(first), Text(second));
            Assert.Equal(first.SourceMethods, second.SourceMethods);
        }

        private static string Text(Workload workload) => string.Concat(workload.Files.Select(file => file.Path + "\n" + file.Text));

        private static CSharpCompilation Compile(Workload workload)
        {
            var options = new CSharpParseOptions(LanguageVersion.Latest);
            return CSharpCompilation.Create(
                "Workload",
                workload.Files.Select(file => CSharpSyntaxTree.ParseText(file.Text, options, "/workload/" + file.Path)),
                TestReferences.Runtime,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));
        }

        private static ImmutableArray<Diagnostic> Errors(Compilation compilation) =>
            compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();

        /// <summary><c>Namespace.Type.Method</c> of the method a diagnostic is in, or a description of where it is instead.</summary>
        private static string EnclosingMethod(Diagnostic diagnostic)
        {
            var tree = diagnostic.Location.SourceTree;
            if (tree is null)
            {
                return "(no source location)";
            }

            var node = tree.GetRoot().FindNode(diagnostic.Location.SourceSpan);
            var method = node.AncestorsAndSelf().OfType<MethodDeclarationSyntax>().FirstOrDefault();
            if (method?.Parent is not TypeDeclarationSyntax type || type.Parent is not BaseNamespaceDeclarationSyntax ns)
            {
                return "(outside a method, in " + tree.FilePath + ")";
            }

            return ns.Name + "." + type.Identifier.ValueText + "." + method.Identifier.ValueText;
        }
    }
}
