using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Collections.Immutable;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace DoubleFetchAnalyzers.Tests.Meta
{
    /// <summary>
    /// No analyzer may throw, whatever the input: code typed halfway, unresolved types, erroneous attributes, and
    /// every sample cut off at many points.
    /// </summary>
    public sealed class RobustnessTests
    {
        public static TheoryData<string> IncompleteCode() => new()
        {
            "unsafe class C { void M(H* p) { var x = p->",
            "unsafe class C { void M(H* p) { var x = p->Len; var y = p->Len",
            "[DoubleFetch.SharedMemory] struct H { public int Len; } unsafe class C { void M(H* p, int[] a) { a[p->Len] = p-> } }",
            "[DoubleFetch.SharedMemory] struct H { public int Len; } unsafe class C { void M(H* p, int[] a) { if (p->Len > a.Length) return; a[p->Len",
            "class C { void M(int untrusted_i, Missing[] a) { a[untrusted_i] = 1; } }",
            "class C { void M(int untrusted_i) { undefined[untrusted_i] = 1; untrusted_i.Foo(); } }",
            "class C { void M(int untrusted_i, int[] a) { if (untrusted_i < ) return; a[untrusted_i] = 1; } }",
            "class C { void M(int untrusted_i, int[] a) { switch (untrusted_i) { case > : a[untrusted_i] = 1; } } }",
            "class C { void M(int untrusted_i, int[] a) { for (;;) { a[untrusted_i++] = untrusted_i is >= 0 and; } } }",
            "[DoubleFetch.SharedMemory] struct H { public int Len; } unsafe class C { void M(ref H h) { var a = h.Len; var b = h.Len; h = ",
            "[DoubleFetch.SharedMemory] class R { public int Length => Read(); int Read() => 0; } class C { void M(R r, int[] a) { a[r.Length] = r.Length + ; } }",
            "[DoubleFetch.SharedMemory(42)] struct H { public int Len; } unsafe class C { void M(H* p) { _ = p->Len + p->Len; } }",
            "[SharedMemory] struct H { public int Len; } unsafe class C { void M(H* p) { _ = p->Len + p->Len; } }",
            "unsafe class C { void M(int untrusted_n) { var s = stackalloc byte[untrusted_n; } }",
            "unsafe class C { void M(byte* p, int untrusted_n) { var q = p + untrusted_n +; System.Buffer.MemoryCopy(p, q, ) } }",
            "class C { void M(int untrusted_n) { var a = new int[untrusted_n, ]; System.Array.Copy(a, a, untrusted_n } }",
            "class C { int untrusted_x; int this[int i] => 0; void M() { _ = this[untrusted_x]; _ = (() => this[untrusted_x])(); } }",
            "class C { void M(int untrusted_i, int[] a) { System.Diagnostics.Debug.Assert(untrusted_i >= 0 &&); a[untrusted_i] = 0; } }",
            "class C { void M(int untrusted_i, int[] a) { ArgumentOutOfRangeException.ThrowIfNegative(); a[untrusted_i] = 0; } }",
            "class C { void M(int untrusted_i, int[] a) => a[untrusted_i] = Math.Clamp(untrusted_i, 0, ); }",
            "class C { void M((int, int) untrusted_t, int[] a) { var (x, y) = untrusted_t; a[x] = y; var (p, (q, r)) = (1, (2, 3)); a[q] = r; } }",
            "class C { async System.Threading.Tasks.Task M(int untrusted_i, int[] a) { await System.Threading.Tasks.Task.Yield(); a[untrusted_i] = 0; try { a[untrusted_i] = 1; } catch { a[untrusted_i] = 2; } finally { a[untrusted_i] = 3; } } }",
            "class C { System.Collections.Generic.IEnumerable<int> M(int untrusted_i, int[] a) { yield return a[untrusted_i]; } }",
            "class C { void M(int untrusted_i, int[] a) { void Local() { a[untrusted_i] = 0; } Local(); System.Action f = () => a[untrusted_i] = 1; } }",
            "unsafe struct S { public fixed int Buf[4]; } class C { unsafe void M(S* s, int untrusted_i) { s->Buf[untrusted_i] = 0; s->Buf[ } }",
            "[System.Runtime.CompilerServices.InlineArray(4)] struct B { int _e; } class C { void M(int untrusted_i) { B b = default; b[untrusted_i] = 0; b[..2] = default; } }",
            "class C { void M(object untrusted_o, int[] a) { if (untrusted_o is int i && i is >= 0 and < 4) a[i] = 0; a[(int)untrusted_o] = 1; } }",
            "class C { void M(int? untrusted_n, int[] a) { a[untrusted_n ?? 0] = 0; a[untrusted_n.Value] = 1; a[untrusted_n!.Value] = 2; } }",
            "class C { void M(string untrusted_s, int[] a) { a[untrusted_s.Length] = 0; a[untrusted_s[0]] = 1; } }",
            "class C { void M(int untrusted_i, int[] a) { checked { a[untrusted_i + 1] = 0; } a[unchecked(untrusted_i * 2)] = 1; a[^untrusted_i] = 2; _ = a[untrusted_i..]; } }",
            "",
            "}}}{{{",
            "class",
            "#if X\nclass C { void M(int untrusted_i, int[] a) { a[untrusted_i] = 0; } }\n#endif",
        };

        [Theory]
        [MemberData(nameof(IncompleteCode))]
        public async Task NoAnalyzerThrows_OnIncompleteCode(string source)
        {
            var (_, failures) = await AnalyzerHarness.AnalyzeAsync(AnalyzerHarness.Compile(source));
            Assert.True(failures.Count == 0, string.Join("\n", failures));
        }

        [Fact]
        public async Task Harness_CatchesAnAnalyzerThatThrows()
        {
            var (_, failures) = await AnalyzerHarness.AnalyzeAsync(
                AnalyzerHarness.Compile("class C { void M() { } }"), analyzers: ImmutableArray.Create<DiagnosticAnalyzer>(new ThrowingAnalyzer()));
            Assert.Contains(failures, failure => failure.Contains("thrown on purpose", StringComparison.Ordinal));
        }

        [Fact]
        public void Harness_RunsEveryAnalyzerOfTheProduct() =>
            Assert.Equal(
                new[] { nameof(DoubleFetchAnalyzers.Rules.ConfigurationAnalyzer), nameof(DoubleFetchAnalyzers.Rules.SharedMemoryAnalyzer) },
                AnalyzerHarness.Analyzers.Select(a => a.GetType().Name).OrderBy(n => n, StringComparer.Ordinal));

        public static TheoryData<string> SampleFiles()
        {
            var data = new TheoryData<string>();
            foreach (var file in Directory.EnumerateFiles(Path.Combine(AnalyzerHarness.RepositoryRoot, "samples"), "*.cs", SearchOption.AllDirectories)
                         .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) &&
                                     !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                         .OrderBy(f => f, StringComparer.Ordinal))
            {
                data.Add(Path.GetRelativePath(AnalyzerHarness.RepositoryRoot, file));
            }

            return data;
        }

        /// <summary>Every sample cut off at twenty points, as if it were being typed.</summary>
        [Theory]
        [MemberData(nameof(SampleFiles))]
        public async Task NoAnalyzerThrows_OnTruncatedSamples(string file)
        {
            var text = File.ReadAllText(Path.Combine(AnalyzerHarness.RepositoryRoot, file));
            var failures = new List<string>();
            for (var cut = 1; cut <= 20; cut++)
            {
                var truncated = text.Substring(0, text.Length * cut / 21);
                var (_, found) = await AnalyzerHarness.AnalyzeAsync(AnalyzerHarness.Compile(truncated));
                failures.AddRange(found.Select(f => $"cut at {truncated.Length}: {f}"));
            }

            Assert.True(failures.Count == 0, string.Join("\n", failures));
        }
    
#pragma warning disable RS1001, RS2008 // A test-only analyzer: no compiler loads it, no release to track.
        private sealed class ThrowingAnalyzer : DiagnosticAnalyzer
        {
            private static readonly DiagnosticDescriptor Descriptor = new("TST9999", "t", "t", "t", DiagnosticSeverity.Warning, true);

            public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptor);

            public override void Initialize(AnalysisContext context)
            {
                context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
                context.EnableConcurrentExecution();
                context.RegisterSyntaxTreeAction(_ => throw new InvalidOperationException("thrown on purpose"));
            }
        }
#pragma warning restore RS1001, RS2008
    }
}
