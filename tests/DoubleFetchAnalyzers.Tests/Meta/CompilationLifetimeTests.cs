using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using Xunit;

namespace DoubleFetchAnalyzers.Tests.Meta
{
    /// <summary>
    /// No state outlives its compilation: the analyzer instances live as long as the host (an IDE keeps them for the
    /// session), so anything they kept from a compilation (a symbol, an operation, a cache) would keep every
    /// compilation they ever saw alive.
    /// </summary>
    public sealed class CompilationLifetimeTests
    {
        private const string Source = @"
using DoubleFetch;
[SharedMemory] struct Ring { public int Len; public int Idx; }
unsafe class C
{
    private readonly int[] _slots = new int[16];
    [Untrusted] public int Hint;

    int Read(Ring* r, int untrusted_count)
    {
        if (r->Idx < 0 || r->Idx >= _slots.Length) return 0;
        var copy = untrusted_count;
        return _slots[r->Idx] + new byte[copy].Length + _slots[Hint];
    }
}";

        [Fact]
        public async Task AnalyzedCompilations_AreCollectedWhileTheAnalyzersLive()
        {
            // The same analyzer instances (AnalyzerHarness.Analyzers is static) analyze several compilations, as a host would.
            var compilations = new List<WeakReference>();
            for (var i = 0; i < 3; i++)
            {
                compilations.AddRange(await AnalyzeAndForgetAsync());
            }

            // Roslyn's analyzer driver keeps the most recently analyzed compilation reachable even when the only analyzer
            // registers an empty action, so one more analysis, not watched, releases the last watched one. What this test
            // catches is state that accumulates: a cache, a table or an event handler that keeps every compilation.
            await AnalyzeAndForgetAsync();

            for (var attempt = 0; attempt < 10 && compilations.Exists(reference => reference.IsAlive); attempt++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
            }

            Assert.All(compilations, reference => Assert.False(reference.IsAlive, "a compilation or its syntax tree outlived its analysis"));
        }

        /// <summary>
        /// Analyzes a fresh compilation (checking that the analysis found something) and returns only weak references:
        /// to the compilation, and to its syntax tree, which the copy the analyzers actually see (WithAnalyzers makes
        /// one, with its own event queue) shares.
        /// </summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static async Task<WeakReference[]> AnalyzeAndForgetAsync()
        {
            var compilation = AnalyzerHarness.Compile(Source);
            var (diagnostics, failures) = await AnalyzerHarness.AnalyzeAsync(compilation).ConfigureAwait(false);
            Assert.Empty(failures);
            Assert.Contains(diagnostics, diagnostic => diagnostic.Id == DiagnosticIds.SharedMemoryReadMoreThanOnce);
            return new[] { new WeakReference(compilation), new WeakReference(compilation.SyntaxTrees.First()) };
        }
    }
}
