using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit;
using static DoubleFetchAnalyzers.Tests.Verify;

namespace DoubleFetchAnalyzers.Tests.Rules
{
    /// <summary>
    /// The valid-code corpus: correct shared-memory and parsing idioms (ring consumers, seqlock readers, mailboxes
    /// read once and checked, BinaryPrimitives parsers, TLV parsers, Qubes-style untrusted_ variables, switch dispatch,
    /// Math.Clamp, throw helpers, known-length tables, inline arrays, checked pointer windows) on which the analyzers
    /// must report nothing at all. The files are tests/DoubleFetchAnalyzers.Tests/Corpus/*.cs.txt, read from the
    /// source tree (they are not compiled into the test assembly); each compiles on its own.
    /// </summary>
    public class ValidCodeCorpusTests
    {
        private const int MinimumLines = 300;

        public static TheoryData<string> CorpusFiles()
        {
            var data = new TheoryData<string>();
            foreach (var path in Directory.GetFiles(CorpusDirectory, "*.cs.txt").OrderBy(p => p, StringComparer.Ordinal))
            {
                data.Add(Path.GetFileName(path));
            }

            return data;
        }

        [Theory]
        [MemberData(nameof(CorpusFiles))]
        public Task NoDiagnostic_CorpusFile(string fileName) => AnalyzerAsync(File.ReadAllText(Path.Combine(CorpusDirectory, fileName)));

        [Fact]
        public void Corpus_IsLargeEnough()
        {
            var files = Directory.GetFiles(CorpusDirectory, "*.cs.txt");
            Assert.NotEmpty(files);
            var lines = files.Sum(f => File.ReadAllLines(f).Count(line => line.Trim().Length > 0));
            Assert.True(lines >= MinimumLines, $"The corpus has {lines} non-blank lines; it should have at least {MinimumLines}.");
        }

        [Fact]
        public void Corpus_EveryFileUsesTheAttributesNamespace()
        {
            foreach (var path in Directory.GetFiles(CorpusDirectory, "*.cs.txt"))
            {
                Assert.Contains("using DoubleFetch;", File.ReadAllText(path), StringComparison.Ordinal);
            }
        }

        private static string CorpusDirectory => Path.Combine(RepositoryRoot(), "tests", "DoubleFetchAnalyzers.Tests", "Corpus");

        private static string RepositoryRoot()
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "DoubleFetchAnalyzers.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException($"No DoubleFetchAnalyzers.sln above {AppContext.BaseDirectory}.");
        }
    }
}
