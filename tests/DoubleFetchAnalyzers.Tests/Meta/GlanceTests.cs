using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DoubleFetchAnalyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace DoubleFetchAnalyzers.Tests.Meta
{
    /// <summary>
    /// The syntactic glance reads each tree's text once and looks bodies up in it (<see cref="HintScan"/>). It must let
    /// through every body whose identifier tokens name a hint, as the walk over the tokens does: a body it drops is never
    /// analyzed. It may let through more (a name in a comment or a string): the semantic filter decides those.
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
            """;

        [Theory]
        [MemberData(nameof(TortureTests.SourceFiles), MemberType = typeof(TortureTests))]
        public void Scan_LetsThroughEveryBodyWhoseTokensNameAHint(string file)
        {
            foreach (var source in TortureTests.Sources(file))
            {
                var (hints, sources, tree) = Glance(source);
                foreach (var body in Bodies(tree))
                {
                    if (hints.MentionsHint(body, sources, CancellationToken.None))
                    {
                        Assert.True(hints.MayTouchSource(body, sources, CancellationToken.None), $"{file}: the scan drops {body.ToString().Split('\n')[0]}");
                    }
                }
            }
        }

        [Fact]
        public void Scan_FindsTheMemberNamesOfSharedTypes()
        {
            var (hints, sources, tree) = Glance(Shared + "class C { int Plain(int[] a) => a.Length; int Other(int[] a) => a[0]; }");
            var bodies = Bodies(tree).OfType<MethodDeclarationSyntax>().ToDictionary(m => m.Identifier.ValueText);

            Assert.True(hints.MayTouchSource(bodies["Plain"], sources, CancellationToken.None));
            Assert.False(hints.MayTouchSource(bodies["Other"], sources, CancellationToken.None));
        }

        [Theory]
        [InlineData("int M(int untrusted_index) => untrusted_index;")]
        [InlineData("int M(int _untrustedIndex) => _untrustedIndex;")]
        [InlineData("int M(int \\u0075ntrusted_index) => \\u0075ntrusted_index;")]
        [InlineData("int M(dynamic m) => m.Größe;")]
        [InlineData("int M(dynamic m) => m.@Length;")]
        public void Scan_FindsAHintInEverySpelling(string member)
        {
            var (hints, sources, tree) = Glance(Shared + "class C { " + member + " }");
            var body = Bodies(tree).OfType<MethodDeclarationSyntax>().Single();

            Assert.True(hints.MentionsHint(body, sources, CancellationToken.None));
            Assert.True(hints.MayTouchSource(body, sources, CancellationToken.None));
        }

        [Theory]
        [InlineData("int M(int index) => index;")]
        [InlineData("int M(int trusted_index) => trusted_index;")]
        [InlineData("int M(string s) => s.Length + \"\\u00e9\".Length;")]
        public void Scan_DropsBodiesWithoutAHint(string member)
        {
            // No shared type here, so Length is no hint. The last body has a Unicode escape in a string: the scan is unsure
            // there and asks the tokens, which say no.
            var (hints, sources, tree) = Glance("class C { " + member + " }");
            var body = Bodies(tree).OfType<MethodDeclarationSyntax>().Single();

            Assert.False(hints.MayTouchSource(body, sources, CancellationToken.None));
        }

        [Theory]
        [InlineData(4085)]
        [InlineData(4095)]
        [InlineData(8190)]
        public void Scan_FindsANameAcrossItsReadingBoundary(int nameStart)
        {
            // The scan reads the text 4,096 characters at a time; a name cut by that boundary is still one name.
            const string Head = "class C { int M(int untrusted_index) { /*";
            const string Tail = "*/ return ";
            var source = Head + new string('x', nameStart - Head.Length - Tail.Length) + Tail + "untrusted_index; } }";
            Assert.Equal(nameStart, source.IndexOf("untrusted_index;", System.StringComparison.Ordinal));
            var (hints, sources, tree) = Glance(source);
            var body = Bodies(tree).OfType<MethodDeclarationSyntax>().Single();
            var statement = body.DescendantNodes().OfType<ReturnStatementSyntax>().Single();

            Assert.True(hints.MayTouchSource(statement, sources, CancellationToken.None));
        }

        [Fact]
        public async Task Reports_DF0002_ForAnUntrustedIndexSpelledWithAUnicodeEscape()
        {
            var compilation = AnalyzerHarness.Compile("class C { int M(int[] table, int \\u0075ntrusted_index) => table[\\u0075ntrusted_index]; }");
            var (diagnostics, failures) = await AnalyzerHarness.AnalyzeAsync(compilation);

            Assert.Empty(failures);
            Assert.Contains(diagnostics, d => d.Id == DiagnosticIds.UncheckedIndex);
        }

        private static (SyntaxHints Hints, SourceModel Sources, SyntaxTree Tree) Glance(string source)
        {
            var compilation = AnalyzerHarness.Compile(source);
            var engine = new EngineContext(compilation);
            var tree = compilation.SyntaxTrees.First();
            return (engine.Hints(CancellationToken.None), engine.SourcesFor(tree, new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty)), tree);
        }

        /// <summary>The nodes the driver hands a code-block action: members with bodies or initializers, accessors, local functions.</summary>
        private static IEnumerable<SyntaxNode> Bodies(SyntaxTree tree) => tree.GetRoot().DescendantNodes()
            .Where(node => node is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or PropertyDeclarationSyntax or FieldDeclarationSyntax or LocalFunctionStatementSyntax or GlobalStatementSyntax);
    }
}
