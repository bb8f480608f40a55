using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace DoubleFetchAnalyzers.Tests.Meta
{
    /// <summary>
    /// Every analyzer and every code fix over every sample and every test source, over truncated and token-shuffled
    /// variants of them, and over pathological inputs. No analyzer or fixer may throw; no fix may add a compiler
    /// error; Fix All applied a second time changes nothing.
    /// </summary>
    public sealed class TortureTests
    {
        private static readonly Regex Markup = new(@"\{\|(?:#\d+|[A-Z]+\d+):|\|\}|\[\||\|\]", RegexOptions.CultureInvariant);

        /// <summary>The files whose sources are tortured: each sample, and each test file (its raw string literals).</summary>
        public static TheoryData<string> SourceFiles()
        {
            var root = AnalyzerHarness.RepositoryRoot;
            var data = new TheoryData<string>();
            foreach (var (folder, pattern) in new[] { ("samples", "*.cs"), (Path.Combine("tests", "DoubleFetchAnalyzers.Tests", "Rules"), "DF*.cs"), (Path.Combine("tests", "DoubleFetchAnalyzers.Tests", "Rules"), "Configuration*.cs"), (Path.Combine("tests", "DoubleFetchAnalyzers.Tests", "Corpus"), "*.cs.txt") })
            {
                foreach (var file in Directory.EnumerateFiles(Path.Combine(root, folder), pattern, SearchOption.AllDirectories)
                             .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                             .OrderBy(f => f, StringComparer.Ordinal))
                {
                    data.Add(Path.GetRelativePath(root, file));
                }
            }

            return data;
        }

        [Theory]
        [MemberData(nameof(SourceFiles))]
        public async Task NothingThrowsAndNoFixBreaksTheBuild(string file)
        {
            var problems = new List<string>();
            var sources = Sources(file);
            Assert.NotEmpty(sources);
            for (var i = 0; i < sources.Count; i++)
            {
                var source = sources[i];
                await CheckFixesAsync($"{file} source {i}", source, problems);
                var variant = 0;
                foreach (var broken in Variants(source, seed: i))
                {
                    var (_, failures) = await AnalyzerHarness.AnalyzeAsync(AnalyzerHarness.Compile(broken));
                    problems.AddRange(failures.Select(f => $"{file} source {i} variant {variant}: {f}"));
                    variant++;
                }
            }

            Assert.True(problems.Count == 0, string.Join("\n\n", problems));
        }

        /// <summary>Every fix offered, alone, in one Fix All pass: nothing throws, no new compiler error, a second pass changes nothing.</summary>
        private static async Task CheckFixesAsync(string name, string source, List<string> problems)
        {
            try
            {
                var document = FixRunner.CreateDocument(source);
                var errorsBefore = (await FixRunner.CompilerErrorsAsync(document)).Length;
                foreach (var (fixer, id, key) in await FixRunner.OfferedAsync(document))
                {
                    var fixedOnce = await FixRunner.FixAllAsync(document, fixer, id, key);
                    var errors = await FixRunner.CompilerErrorsAsync(fixedOnce);
                    if (errors.Length > errorsBefore)
                    {
                        problems.Add($"{name}: {fixer.GetType().Name} ({key}) for {id} added compiler errors:\n  {string.Join("\n  ", errors.Select(e => e.ToString()))}\n{(await fixedOnce.GetTextAsync())}");
                        continue;
                    }

                    // A fix can make a location keyable that was not (p[p->Kind] once p->Kind is read once), so a second
                    // pass may find more to do; within three passes Fix All must reach code that it leaves unchanged.
                    var current = fixedOnce;
                    var stable = false;
                    for (var pass = 0; pass < 3 && !stable; pass++)
                    {
                        var next = await FixAllAgainAsync(current, fixer, id, key);
                        stable = (await next.GetTextAsync()).ToString() == (await current.GetTextAsync()).ToString();
                        current = next;
                    }

                    if (!stable)
                    {
                        problems.Add($"{name}: {fixer.GetType().Name} ({key}) for {id} still changes the code after three more Fix All passes:\n{await current.GetTextAsync()}");
                    }
                }
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                problems.Add($"{name}: {exception}");
            }
        }

        private static async Task<Microsoft.CodeAnalysis.Document> FixAllAgainAsync(Microsoft.CodeAnalysis.Document document, Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider fixer, string id, string? key)
        {
            var errors = (await FixRunner.CompilerErrorsAsync(document)).Length;
            var next = await FixRunner.FixAllAsync(document, fixer, id, key);
            var after = await FixRunner.CompilerErrorsAsync(next);
            if (after.Length > errors)
            {
                throw new InvalidOperationException($"{fixer.GetType().Name} ({key}) for {id} added compiler errors on a later pass:\n  {string.Join("\n  ", after.Select(e => e.ToString()))}\n{await next.GetTextAsync()}");
            }

            return next;
        }

        /// <summary>A sample is one source; a test file gives each of its raw string literals, markup removed; a corpus file is one source.</summary>
        internal static List<string> Sources(string file)
        {
            var text = File.ReadAllText(Path.Combine(AnalyzerHarness.RepositoryRoot, file));
            if (!file.EndsWith(".cs", StringComparison.Ordinal) || !file.StartsWith("tests", StringComparison.Ordinal))
            {
                return new List<string> { text };
            }

            var tree = CSharpSyntaxTree.ParseText(text);
            return tree.GetRoot().DescendantNodes()
                .OfType<LiteralExpressionSyntax>()
                .Where(literal => literal.Token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken))
                .Select(literal => Markup.Replace(literal.Token.ValueText, string.Empty))
                .Where(source => source.Contains("class ", StringComparison.Ordinal) || source.Contains("struct ", StringComparison.Ordinal))
                .Distinct()
                .ToList();
        }

        /// <summary>The source cut off at three points, and with tokens swapped, as while typing and editing.</summary>
        private static IEnumerable<string> Variants(string source, int seed)
        {
            for (var cut = 1; cut <= 3; cut++)
            {
                yield return source.Substring(0, source.Length * cut / 4);
            }

            var tokens = CSharpSyntaxTree.ParseText(source).GetRoot().DescendantTokens().Select(t => t.ToFullString()).ToList();
            var random = new Random(seed);
            for (var round = 0; round < 2 && tokens.Count > 2; round++)
            {
                var shuffled = tokens.ToList();
                for (var swap = 0; swap < 4; swap++)
                {
                    var at = random.Next(shuffled.Count - 1);
                    (shuffled[at], shuffled[at + 1]) = (shuffled[at + 1], shuffled[at]);
                }

                yield return string.Concat(shuffled);
            }
        }

        [Fact]
        public async Task NothingThrows_OnAMethodOfTenThousandStatements()
        {
            var body = new StringBuilder();
            for (var i = 0; i < 10_000; i++)
            {
                body.Append((i % 5) switch
                {
                    0 => $"        var v{i} = p->Len;\n",
                    1 => $"        if (v{i - 1} < 0 || v{i - 1} >= a.Length) return;\n",
                    2 => $"        a[v{i - 2}] = p->Kind;\n",
                    3 => $"        for (int k{i} = 0; k{i} < untrusted_n; k{i}++) a[k{i}] = k{i};\n",
                    _ => $"        a[untrusted_n & 7] = p->Len + p->Kind;\n",
                });
            }

            var source = "using DoubleFetch;\n[SharedMemory] struct H { public int Len; public int Kind; }\nunsafe class C\n{\n    void M(H* p, int[] a, int untrusted_n)\n    {\n" + body + "    }\n}\n";
            var (diagnostics, failures) = await AnalyzerHarness.AnalyzeAsync(AnalyzerHarness.Compile(source));
            Assert.True(failures.Count == 0, string.Join("\n", failures));
            Assert.Contains(diagnostics, d => d.Id == DiagnosticIds.SharedMemoryReadMoreThanOnce);
        }

        [Fact]
        public async Task NothingThrows_OnExpressionsNestedAThousandDeep()
        {
            var nested = new StringBuilder("untrusted_i");
            for (var i = 0; i < 1_000; i++)
            {
                nested.Insert(0, "(p->Len + ").Append(')');
            }

            var conditions = string.Concat(Enumerable.Repeat("if (untrusted_i > 0) { ", 300)) + "a[untrusted_i] = 0;" + string.Concat(Enumerable.Repeat(" }", 300));
            var source = "using DoubleFetch;\n[SharedMemory] struct H { public int Len; }\nunsafe class C\n{\n    void M(H* p, int[] a, int untrusted_i)\n    {\n" +
                         $"        a[{nested}] = 1;\n        {conditions}\n    }}\n}}\n";
            var (_, failures) = await AnalyzerHarness.AnalyzeAsync(AnalyzerHarness.Compile(source));
            Assert.True(failures.Count == 0, string.Join("\n", failures));
        }

        [Fact]
        public async Task NothingThrows_WithoutAnyReference()
        {
            var source = "[SharedMemory] struct H { public int Len; } unsafe class C { void M(H* p, int[] a, int untrusted_i) { a[p->Len] = p->Len; a[untrusted_i] = 0; System.Diagnostics.Debug.Assert(untrusted_i > 0); } }";
            var compilation = CSharpCompilation.Create(
                "NoReferences",
                new[] { CSharpSyntaxTree.ParseText(source), CSharpSyntaxTree.ParseText(Verify.AttributesSource) },
                references: null,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));
            var (_, failures) = await AnalyzerHarness.AnalyzeAsync(compilation);
            Assert.True(failures.Count == 0, string.Join("\n", failures));
        }

        [Fact]
        public async Task NoDiagnostic_InGeneratedCode()
        {
            var bug = "[SharedMemory] struct H { public int Len; } unsafe class C { void M(H* p, int[] a) { if (p->Len >= a.Length) return; a[p->Len] = 0; } }";
            var (generated, generatedFailures) = await AnalyzerHarness.AnalyzeAsync(AnalyzerHarness.Compile("// <auto-generated/>\nusing DoubleFetch;\n" + bug));
            var (handWritten, _) = await AnalyzerHarness.AnalyzeAsync(AnalyzerHarness.Compile("using DoubleFetch;\n" + bug));
            Assert.Empty(generatedFailures);
            Assert.Empty(generated);
            Assert.Contains(handWritten, d => d.Id == DiagnosticIds.SharedMemoryReadMoreThanOnce);
        }
    }
}
