using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace DoubleFetchAnalyzers.Tests.Meta
{
    /// <summary>The catalog of rules and fixes holds together: unique IDs, a test suite for every fix, quiet on empty code.</summary>
    public sealed class RuleCatalogTests
    {
        [Fact]
        public void Diagnostic_IDs_are_unique_across_analyzers()
        {
            var ids = AnalyzerHarness.Analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).ToList();
            Assert.Equal(ids.Distinct(StringComparer.Ordinal).Count(), ids.Count);
        }

        [Fact]
        public void Every_code_fix_provider_has_a_fix_test_suite()
        {
            var testSources = Directory.EnumerateFiles(Path.Combine(AnalyzerHarness.RepositoryRoot, "tests", "DoubleFetchAnalyzers.Tests", "Rules"), "*FixTests.cs")
                .Select(File.ReadAllText)
                .ToList();
            Assert.NotEmpty(FixRunner.Fixers);
            foreach (var fixer in FixRunner.Fixers)
            {
                var name = fixer.GetType().Name;
                Assert.True(testSources.Any(source => source.Contains("<" + name + ">", StringComparison.Ordinal)), $"No *FixTests.cs verifies {name}.");
            }
        }

        [Fact]
        public void Every_fixable_ID_is_a_diagnostic_of_the_package()
        {
            var ids = AnalyzerHarness.Analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var fixer in FixRunner.Fixers)
            {
                Assert.All(fixer.FixableDiagnosticIds, id => Assert.Contains(id, ids));
            }
        }

        [Theory]
        [InlineData("")]
        [InlineData("class C { }")]
        [InlineData("namespace N { struct S { public int X; } static class E { public static void M(this S s) { } } }")]
        public async Task Every_analyzer_reports_nothing_on_code_without_sources(string source)
        {
            var (diagnostics, failures) = await AnalyzerHarness.AnalyzeAsync(AnalyzerHarness.Compile(source));
            Assert.Empty(failures);
            Assert.Empty(diagnostics);
        }
    }
}
