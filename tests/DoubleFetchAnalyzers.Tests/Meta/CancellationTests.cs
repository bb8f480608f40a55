using System;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using DoubleFetchAnalyzers.Analysis;
using DoubleFetchAnalyzers.Configuration;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Xunit;

namespace DoubleFetchAnalyzers.Tests.Meta
{
    /// <summary>The analysis of a large method stops when its token is cancelled: the cancellation is observed.</summary>
    public sealed class CancellationTests
    {
        private static string LargeMethod(int statements)
        {
            var body = new StringBuilder();
            for (var i = 0; i < statements; i++)
            {
                body.Append((i % 4) switch
                {
                    0 => $"        var v{i} = p->Len;\n",
                    1 => $"        if (v{i - 1} < 0 || v{i - 1} >= a.Length) return;\n",
                    2 => $"        for (int k{i} = 0; k{i} < untrusted_n; k{i}++) a[k{i}] = p->Kind;\n",
                    _ => $"        a[v{i - 3}] = p->Len + p->Kind;\n",
                });
            }

            return "using DoubleFetch;\n[SharedMemory] struct H { public int Len; public int Kind; }\nunsafe class C\n{\n    void M(H* p, int[] a, int untrusted_n)\n    {\n" + body + "    }\n}\n";
        }

        private static (ControlFlowGraph Graph, EngineContext Engine, SourceModel Sources) Prepare(int statements)
        {
            var compilation = AnalyzerHarness.Compile(LargeMethod(statements));
            var tree = compilation.SyntaxTrees.First();
            var model = compilation.GetSemanticModel(tree);
            var method = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single();
            var graph = ControlFlowGraph.Create((IMethodBodyOperation)model.GetOperation(method)!);
            var engine = new EngineContext(compilation);
            return (graph, engine, engine.Resolve(RawConfiguration.Empty).Sources);
        }

        [Fact]
        public void AnalysisOfFourThousandStatements_ObservesCancellationWhileRunning()
        {
            var (graph, engine, sources) = Prepare(4_000);

            // Without cancellation the analysis completes and finds what the method holds.
            var findings = BodyAnalyzer.Analyze(graph, engine, sources, CancellationToken.None);
            Assert.Contains(findings, f => f.DoubleFetches.Count > 0);

            // Cancelled from another thread while it runs: it stops with OperationCanceledException.
            using var cancellation = new CancellationTokenSource();
            var started = new ManualResetEventSlim();
            var run = Task.Run(() =>
            {
                started.Set();
                return BodyAnalyzer.Analyze(graph, engine, sources, cancellation.Token);
            });
            started.Wait();
            cancellation.Cancel();
            var exception = Assert.ThrowsAny<OperationCanceledException>(() => run.GetAwaiter().GetResult());
            Assert.Equal(cancellation.Token, exception.CancellationToken);
        }

        [Fact]
        public async Task AnalyzerDriver_ObservesCancellation()
        {
            var compilation = AnalyzerHarness.Compile(LargeMethod(1_000));
            using var cancellation = new CancellationTokenSource();
            cancellation.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => AnalyzerHarness.AnalyzeAsync(compilation, cancellationToken: cancellation.Token));
        }
    }
}
