using System.Threading;
using System.Threading.Tasks;
using DoubleFetchAnalyzers.Rules;
using DoubleFetchAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis.CodeFixes;

namespace DoubleFetchAnalyzers.Tests
{
    /// <summary>
    /// The product's verifiers: the generic ones, with <c>DoubleFetch.SharedMemoryAttribute</c> and
    /// <c>DoubleFetch.UntrustedAttribute</c> declared as the package declares them for its users. DF0007 is off by
    /// default in the product, and off here unless a test removes it from <c>DisabledDiagnostics</c>.
    /// </summary>
    public static class Verify
    {
        public const string AttributesFile = "DoubleFetchAttributes.cs";

        public const string AttributesSource = """
            namespace DoubleFetch
            {
                [System.AttributeUsage(System.AttributeTargets.Struct | System.AttributeTargets.Class | System.AttributeTargets.Field | System.AttributeTargets.Property | System.AttributeTargets.Parameter | System.AttributeTargets.ReturnValue)]
                internal sealed class SharedMemoryAttribute : System.Attribute { }

                [System.AttributeUsage(System.AttributeTargets.Field | System.AttributeTargets.Property | System.AttributeTargets.Parameter | System.AttributeTargets.ReturnValue)]
                internal sealed class UntrustedAttribute : System.Attribute { }
            }
            """;

        public static DiagnosticResult Diagnostic(string id) => CSharpAnalyzerVerifier<SharedMemoryAnalyzer>.Diagnostic(id);

        public static Task AnalyzerAsync(string source, params DiagnosticResult[] expected)
        {
            var test = new AnalyzerTest { TestCode = source };
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync(CancellationToken.None);
        }

        public static Task CodeFixAsync<TCodeFix>(string source, string fixedSource, string? equivalenceKey, params DiagnosticResult[] expected)
            where TCodeFix : CodeFixProvider, new()
        {
            var test = new CodeFixTest<TCodeFix> { TestCode = source, FixedCode = fixedSource, CodeActionEquivalenceKey = equivalenceKey };
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync(CancellationToken.None);
        }

        public sealed class AnalyzerTest : CSharpAnalyzerVerifier<SharedMemoryAnalyzer>.Test
        {
            public AnalyzerTest()
            {
                AdditionalSources.Add((AttributesFile, AttributesSource));
                DisabledDiagnostics.Add(DiagnosticIds.UntrustedValueUnderTrustedName);
            }
        }

        public sealed class CodeFixTest<TCodeFix> : CSharpCodeFixVerifier<SharedMemoryAnalyzer, TCodeFix>.Test
            where TCodeFix : CodeFixProvider, new()
        {
            public CodeFixTest()
            {
                AdditionalSources.Add((AttributesFile, AttributesSource));
                DisabledDiagnostics.Add(DiagnosticIds.UntrustedValueUnderTrustedName);
            }
        }
    }
}
