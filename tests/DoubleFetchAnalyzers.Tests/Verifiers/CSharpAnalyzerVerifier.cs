using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DoubleFetchAnalyzers.Tests.Verifiers
{
    /// <summary>Analyzer tests, shaped like roslyn-sdk's <c>CSharpAnalyzerVerifier</c>.</summary>
    public static class CSharpAnalyzerVerifier<TAnalyzer>
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        /// <summary>The analyzer's only diagnostic; throws when it supports several.</summary>
        public static DiagnosticResult Diagnostic()
        {
            var ids = new TAnalyzer().SupportedDiagnostics.Select(d => d.Id).Distinct().ToList();
            return ids.Count == 1
                ? new DiagnosticResult(ids[0])
                : throw new InvalidOperationException(
                    $"{typeof(TAnalyzer).Name} supports {ids.Count} diagnostics ({string.Join(", ", ids)}): use Diagnostic(id).");
        }

        /// <summary>The analyzer's diagnostic with this ID; throws when it does not support it.</summary>
        public static DiagnosticResult Diagnostic(string id)
            => new TAnalyzer().SupportedDiagnostics.Any(d => d.Id == id)
                ? new DiagnosticResult(id)
                : throw new InvalidOperationException($"{typeof(TAnalyzer).Name} does not support diagnostic {id}.");

        public static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor) => new(descriptor);

        public static Task VerifyAnalyzerAsync(string source, params DiagnosticResult[] expected)
        {
            var test = new Test { TestCode = source };
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync(CancellationToken.None);
        }

        public class Test : CSharpVerifierTest<TAnalyzer>
        {
        }
    }
}
