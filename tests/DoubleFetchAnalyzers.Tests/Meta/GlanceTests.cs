using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DoubleFetchAnalyzers.Analysis;
using DoubleFetchAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace DoubleFetchAnalyzers.Tests.Meta
{
    /// <summary>
    /// The syntactic glance reads each tree's text once and looks bodies up in it (<see cref="HintScan"/>), and binds the
    /// names that ordinary code spells too (the members of shared types). It must let through every body the semantic
    /// filter would keep: a body it drops is never analyzed. It may let through more (a name in a comment or a string).
    /// </summary>
    public sealed class GlanceTests
    {
        private const string Shared = """
            using DoubleFetch;

            [SharedMemory]
            struct Message
            {
                public int Length;
                public int Größe;
            }

            class Ring
            {
                private Message[] _slots = new Message[4];

                public ref Message this[int i] => ref _slots[i];
            }
            """;

        [Theory]
        [MemberData(nameof(TortureTests.SourceFiles), MemberType = typeof(TortureTests))]
        public void Glance_LetsThroughEveryBodyTheSemanticFilterKeeps(string file)
        {
            foreach (var source in TortureTests.Sources(file))
            {
                var glance = Glance(source);
                foreach (var body in Bodies(glance.Tree))
                {
                    if (glance.FilterKeeps(body))
                    {
                        Assert.True(glance.Passes(body), $"{file}: the glance drops {body.ToString().Split('\n')[0]}");
                    }
                }
            }
        }

        [Fact]
        public void Glance_LetsThroughTheSamplesSourceReadingBodies()
        {
            // The theory above is only as good as the bodies the filter keeps: the samples have many.
            var kept = 0;
            foreach (var file in ((IEnumerable<object[]>)TortureTests.SourceFiles()).Select(row => (string)row[0]).Where(file => file.StartsWith("samples", System.StringComparison.Ordinal)))
            {
                var glance = Glance(TortureTests.Sources(file).Single());
                kept += Bodies(glance.Tree).Count(body => glance.FilterKeeps(body) && glance.Passes(body));
            }

            Assert.True(kept >= 20, $"{kept} bodies");
        }

        // Let through: the shared type, its members wherever they bind to them, untrusted names in every spelling, and
        // dynamic (nothing to bind to). Dropped: Length and Message bound to others' members or declared anew, and a
        // Unicode escape in a string (the scan is unsure there and asks the tokens, which say no).
        [Theory]
        [InlineData("unsafe int M(Message* m) => m->Length;", true)]
        [InlineData("int M(Ring ring) => ring[0].Length;", true)]
        [InlineData("int M(Ring ring) => ring[0].Größe;", true)]
        [InlineData("int M(Ring ring) => ring[0].@Length;", true)]
        [InlineData("int M(int untrusted_index) => untrusted_index;", true)]
        [InlineData("int M(int _untrustedIndex) => _untrustedIndex;", true)]
        [InlineData("int M(int \\u0075ntrusted_index) => \\u0075ntrusted_index;", true)]
        [InlineData("int M(dynamic m) => m.Length;", true)]
        [InlineData("int M(int[] a) => a.Length;", false)]
        [InlineData("int M(System.Exception e) => e.Message.Length;", false)]
        [InlineData("int M(string s) { int Length = s.Length; return Length; }", false)]
        [InlineData("int M(int trusted_index) => trusted_index;", false)]
        [InlineData("int M(string s) => s.Length + \"\\u00e9\".Length;", false)]
        public void Glance_Decides(string member, bool passes)
        {
            var glance = Glance(Shared + "class C { " + member + " }");
            var body = Bodies(glance.Tree).OfType<MethodDeclarationSyntax>().Single(m => m.Parent is ClassDeclarationSyntax { Identifier.ValueText: "C" });

            Assert.Equal(passes, glance.Passes(body));
        }

        [Theory]
        [InlineData(4085)]
        [InlineData(4095)]
        [InlineData(8190)]
        public void Glance_FindsANameAcrossTheScansReadingBoundary(int nameStart)
        {
            // The scan reads the text 4,096 characters at a time; a name cut by that boundary is still one name.
            const string Head = "class C { int M(int untrusted_index) { /*";
            const string Tail = "*/ return ";
            var source = Head + new string('x', nameStart - Head.Length - Tail.Length) + Tail + "untrusted_index; } }";
            Assert.Equal(nameStart, source.IndexOf("untrusted_index;", System.StringComparison.Ordinal));
            var glance = Glance(source);
            var statement = glance.Tree.GetRoot().DescendantNodes().OfType<ReturnStatementSyntax>().Single();

            Assert.True(glance.Passes(statement));
        }

        [Theory]
        [InlineData("Größe\\u0041 x", new[] { 0, 5 })]
        [InlineData("a \\u0041é b", new[] { 2, 3 })]
        [InlineData("é\\u0041é", new[] { 0, 1, 2 })]
        public void Scan_FindsEveryUnsureSpot(string text, int[] unsure)
        {
            // Runs with characters beyond ASCII and escapes are unsure; a run that ends where an escape starts comes first.
            var sources = Glance("class C { }").Sources;
            var matcher = new HintScan.Matcher(new[] { "Message" }, new[] { "Length" }, sources.Configuration.UntrustedPrefixes, sources.HasUntrustedName);
            var scan = HintScan.Create(SourceText.From(text), sources, matcher, CancellationToken.None);

            for (var position = 0; position < text.Length; position++)
            {
                Assert.Equal(unsure.Contains(position), scan.HasUnsure(new TextSpan(position, 1)));
            }
        }

        [Fact]
        public async Task Reports_DF0002_ForAnUntrustedIndexSpelledWithAUnicodeEscape()
        {
            var compilation = AnalyzerHarness.Compile("class C { int M(int[] table, int \\u0075ntrusted_index) => table[\\u0075ntrusted_index]; }");
            var (diagnostics, failures) = await AnalyzerHarness.AnalyzeAsync(compilation);

            Assert.Empty(failures);
            Assert.Contains(diagnostics, d => d.Id == DiagnosticIds.UncheckedIndex);
        }

        [Fact]
        public async Task Reports_DF0001_InABodyThatNamesOnlyTheMember()
        {
            // Nothing in M names the shared type or a member whose type mentions it: only Length, bound to Message.Length.
            var compilation = AnalyzerHarness.Compile(Shared + "unsafe delegate int Reader(Message* m); unsafe class C { static int Run(Reader r) => 0; int M() => Run(m => m->Length > 16 ? 0 : m->Length); }");
            var (diagnostics, failures) = await AnalyzerHarness.AnalyzeAsync(compilation);

            Assert.Empty(failures);
            Assert.Contains(diagnostics, d => d.Id == DiagnosticIds.SharedMemoryReadMoreThanOnce);
        }

        private static GlanceProbe Glance(string source)
        {
            var compilation = AnalyzerHarness.Compile(source);
            var engine = new EngineContext(compilation);
            var tree = compilation.SyntaxTrees.First();
            return new GlanceProbe(engine.Hints(CancellationToken.None), compilation.GetSemanticModel(tree), engine.SourcesFor(tree, new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty)), tree);
        }

        /// <summary>The nodes the driver hands a code-block action that have bodies: methods, constructors, operators, accessors, expression-bodied properties.</summary>
        private static IEnumerable<SyntaxNode> Bodies(SyntaxTree tree) => tree.GetRoot().DescendantNodes()
            .Where(node => node is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or ArrowExpressionClauseSyntax { Parent: BasePropertyDeclarationSyntax });

        private sealed record GlanceProbe(SyntaxHints Hints, SemanticModel Model, SourceModel Sources, SyntaxTree Tree)
        {
            public bool Passes(SyntaxNode body) => Hints.MayTouchSource(body, Model, Sources, CancellationToken.None);

            /// <summary>The semantic filter on the body's operation tree, as the analyzer runs it after the glance.</summary>
            public bool FilterKeeps(SyntaxNode body) =>
                SharedMemoryAnalyzer.Body(Model.GetOperation(body)) is { } root && SourceFilter.MayTouchSource(root, Sources);
        }
    }
}
