using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using DoubleFetchAnalyzers.Rules;
using DoubleFetchAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;
using static DoubleFetchAnalyzers.Tests.Verify;

namespace DoubleFetchAnalyzers.Tests.Rules
{
    /// <summary>
    /// DF0007: an untrusted value that nothing checked yet is stored in a local or field whose name has no untrusted
    /// prefix (SPEC sections 3 to 5, the Qubes convention). Info and disabled by default: these tests turn it on by
    /// clearing <see cref="Verifiers.CSharpVerifierTest{TAnalyzer}.DisabledDiagnostics"/>.
    /// </summary>
    public class DF0007Tests
    {
        // ---- Off by default ----

        [Fact]
        public void Descriptor_IsInfoAndDisabledByDefault()
        {
            var descriptor = new SharedMemoryAnalyzer().SupportedDiagnostics.Single(d => d.Id == "DF0007");
            Assert.False(descriptor.IsEnabledByDefault);
            Assert.Equal(DiagnosticSeverity.Info, descriptor.DefaultSeverity);
            Assert.Same(Descriptors.UntrustedValueUnderTrustedName, descriptor);
        }

        [Fact]
        public async Task NoDiagnostic_WhenSeverityIsNotSet()
        {
            // A compilation as a build makes it, with no dotnet_diagnostic.DF0007.severity anywhere.
            var compilation = CSharpCompilation.Create(
                "Default",
                new[]
                {
                    CSharpSyntaxTree.ParseText(TestMarkupText(FromFetch), path: "/0/Test0.cs"),
                    CSharpSyntaxTree.ParseText(AttributesSource, path: "/0/" + AttributesFile),
                },
                TestReferences.Runtime,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            var diagnostics = await compilation
                .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new SharedMemoryAnalyzer()))
                .GetAnalyzerDiagnosticsAsync();
            Assert.DoesNotContain(diagnostics, d => d.Id == "DF0007");
            Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        }

        [Fact]
        public Task Reports_WhenTurnedOnInEditorConfig() => VerifyAsync(
            FromFetch,
            "root = true\n[*.cs]\ndotnet_diagnostic.DF0007.severity = suggestion\n",
            Diagnostic("DF0007").WithLocation(0).WithArguments("length", "untrusted_length").WithSeverity(DiagnosticSeverity.Info));

        [Fact]
        public Task Reports_AsWarningWhenConfigured() => VerifyAsync(
            FromFetch,
            "root = true\n[*.cs]\ndotnet_diagnostic.DF0007.severity = warning\n",
            Diagnostic("DF0007").WithLocation(0).WithArguments("length", "untrusted_length").WithSeverity(DiagnosticSeverity.Warning));

        [Fact]
        public Task NoDiagnostic_WhenTurnedOffInEditorConfig() => VerifyAsync(
            TestMarkupText(FromFetch),
            "root = true\n[*.cs]\ndotnet_diagnostic.DF0007.severity = none\n");

        // ---- Reports ----

        private const string FromFetch = """
            using System;
            using System.IO;
            using DoubleFetch;

            [SharedMemory]
            public struct MessageHeader
            {
                public int Length;
            }

            public static unsafe class Receiver
            {
                public static byte[] ReadMessage(MessageHeader* header, ReadOnlySpan<byte> payload)
                {
                    int {|#0:length|} = header->Length;
                    if ((uint)length > (uint)payload.Length)
                    {
                        throw new InvalidDataException("Bad length.");
                    }

                    return payload.Slice(0, length).ToArray();
                }
            }
            """;

        [Fact]
        public Task Reports_LocalFromFetch() => VerifyAsync(
            FromFetch,
            null,
            Diagnostic("DF0007").WithLocation(0).WithArguments("length", "untrusted_length"));

        [Theory]
        [InlineData("int {|#0:count|} = untrusted_count;", "count")]
        [InlineData("var {|#0:count|} = untrusted_count;", "count")]
        [InlineData("long {|#0:count|} = untrusted_count;", "count")]
        [InlineData("int {|#0:count|} = untrusted_count + 1;", "count")]
        [InlineData("int {|#0:count|} = (int)(uint)untrusted_count;", "count")]
        [InlineData("int {|#0:count|} = flag ? untrusted_count : 0;", "count")]
        [InlineData("int {|#0:count|} = -untrusted_count;", "count")]
        [InlineData("int {|#0:Count|} = untrusted_count * 2;", "Count")]
        [InlineData("int {|#0:_count|} = untrusted_count;", "_count")]
        public Task Reports_LocalFromUntrustedParameter(string declaration, string name) => VerifyAsync(
            $$"""
            public static class Parser
            {
                public static long Parse(int untrusted_count, bool flag)
                {
                    {{declaration}}
                    return {{name}};
                }
            }
            """,
            null,
            Diagnostic("DF0007").WithLocation(0).WithArguments(name, ExpectedName(name)));

        [Fact]
        public Task Reports_StructCopyAndFieldOfTheCopy() => VerifyAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            public struct Request
            {
                public int Id;
                public int Length;
            }

            public static unsafe class Backend
            {
                public static int Handle(Request* shared)
                {
                    Request {|#0:req|} = *shared;
                    int {|#1:id|} = req.Id;
                    return id;
                }
            }
            """,
            null,
            Diagnostic("DF0007").WithLocation(0).WithArguments("req", "untrusted_req"),
            Diagnostic("DF0007").WithLocation(1).WithArguments("id", "untrusted_id"));

        [Fact]
        public Task Reports_LocalAssignedAfterItsDeclaration() => VerifyAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            public struct Header { public int Length; }

            public static unsafe class Reader
            {
                public static int Read(Header* header)
                {
                    int {|#0:length|};
                    length = header->Length;
                    return length;
                }
            }
            """,
            null,
            Diagnostic("DF0007").WithLocation(0).WithArguments("length", "untrusted_length"));

        [Fact]
        public Task Reports_EachVariableOnce() => VerifyAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            public struct Header { public int Length; public int Kind; }

            public static unsafe class Reader
            {
                public static int Read(Header* header, Header* other)
                {
                    int {|#0:value|} = header->Length;
                    int {|#1:sum|} = 0;
                    sum += value;
                    value = header->Kind;
                    sum += value;
                    value = other->Length;
                    return sum + value;
                }
            }
            """,
            null,
            Diagnostic("DF0007").WithLocation(0).WithArguments("value", "untrusted_value"),
            Diagnostic("DF0007").WithLocation(1).WithArguments("sum", "untrusted_sum"));

        [Fact]
        public Task Reports_FieldsInEveryNamingStyle() => VerifyAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            public struct Response { public int Id; public int Status; public int Length; }

            public sealed unsafe class Queue
            {
                private int {|#0:_slot|};
                public int {|#1:Status|};
                private int {|#2:length|};

                public void Consume(Response* rsp)
                {
                    _slot = rsp->Id;
                    Status = rsp->Status;
                    length = rsp->Length;
                }
            }
            """,
            null,
            Diagnostic("DF0007").WithLocation(0).WithArguments("_slot", "_untrusted_slot"),
            Diagnostic("DF0007").WithLocation(1).WithArguments("Status", "UntrustedStatus"),
            Diagnostic("DF0007").WithLocation(2).WithArguments("length", "untrusted_length"));

        [Fact]
        public Task Reports_FieldStoredInTwoMethods_Once() => VerifyAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            public struct Response { public int Id; }

            public sealed unsafe class Queue
            {
                private int {|#0:_last|};

                public void OnTx(Response* rsp) => _last = rsp->Id;

                public void OnRx(Response* rsp) => _last = rsp->Id;
            }
            """,
            null,
            Diagnostic("DF0007").WithLocation(0).WithArguments("_last", "_untrusted_last"));

        [Fact]
        public Task Reports_StaticField() => VerifyAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            public struct Response { public int Id; }

            public static unsafe class Queue
            {
                private static int {|#0:_last|};

                public static void OnTx(Response* rsp) => _last = rsp->Id;

                public static int Last => _last;
            }
            """,
            null,
            Diagnostic("DF0007").WithLocation(0).WithArguments("_last", "_untrusted_last"));

        [Fact]
        public Task Reports_DeconstructionIntoPlainNames() => VerifyAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            public struct Request { public int Id; public int Length; }

            public static unsafe class Backend
            {
                public static int Handle(Request* shared)
                {
                    var ({|#0:id|}, {|#1:length|}) = (shared->Id, shared->Length);
                    return id + length;
                }
            }
            """,
            null,
            Diagnostic("DF0007").WithLocation(0).WithArguments("id", "untrusted_id"),
            Diagnostic("DF0007").WithLocation(1).WithArguments("length", "untrusted_length"));

        [Fact]
        public Task Reports_ValueFromConfiguredSource_WithoutAttributes() => VerifyAsync(
            """
            using System.IO;

            public static class Parser
            {
                public static int Parse(BinaryReader reader)
                {
                    int {|#0:count|} = reader.ReadInt32();
                    return count;
                }
            }
            """,
            "root = true\n[*.cs]\ndouble_fetch.untrusted_sources = M:System.IO.BinaryReader.ReadInt32\n",
            Diagnostic("DF0007").WithLocation(0).WithArguments("count", "untrusted_count"));

        [Theory]
        [InlineData("hostile_", "count", "hostile_count")]
        [InlineData("hostile_", "Count", "HostileCount")]
        [InlineData("hostile_", "_count", "_hostile_count")]
        [InlineData("hostile_|untrusted_", "count", "hostile_count")]
        [InlineData("untrusted_|hostile_", "count", "untrusted_count")]
        [InlineData("hostile_", "untrusted_count", "hostile_untrusted_count")]
        public Task Reports_SuggestsFirstConfiguredPrefix(string prefixes, string name, string newName) => VerifyAsync(
            $$"""
            public static class Parser
            {
                public static int Parse(int hostile_input)
                {
                    int {|#0:{{name}}|} = hostile_input;
                    return {{name}};
                }
            }
            """,
            $"root = true\n[*.cs]\ndouble_fetch.untrusted_prefixes = {prefixes}\n",
            Diagnostic("DF0007").WithLocation(0).WithArguments(name, newName));

        [Fact]
        public Task Reports_WithOtherRulesOnTheSameValue() => VerifyAsync(
            """
            public sealed class Table
            {
                private readonly int[] _items = new int[16];

                public int Get(int untrusted_index)
                {
                    int {|#0:index|} = untrusted_index;
                    return _items[{|DF0002:index|}];
                }
            }
            """,
            null,
            Diagnostic("DF0007").WithLocation(0).WithArguments("index", "untrusted_index"));

        // ---- NoDiagnostic ----

        [Theory]
        [InlineData("if (untrusted_len > Max) return 0;")]
        [InlineData("if (untrusted_len < 0 || untrusted_len > Max) return 0;")]
        [InlineData("if ((uint)untrusted_len > Max) throw new System.IO.InvalidDataException();")]
        [InlineData("if (untrusted_len is < 0 or > Max) return 0;")]
        [InlineData("System.ArgumentOutOfRangeException.ThrowIfGreaterThan(untrusted_len, Max);")]
        [InlineData("if (untrusted_len == -1) return 0;")]
        public Task NoDiagnostic_CopiedToPlainNameAfterCheck(string check) => VerifyAsync(
            $$"""
            public static class Parser
            {
                private const int Max = 4096;

                public static int Parse(int untrusted_len)
                {
                    {{check}}
                    var len = untrusted_len;
                    return len;
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_CopiedToPlainNameAfterCheckOfFetchedValue() => VerifyAsync(
            """
            using System;
            using System.IO;
            using DoubleFetch;

            [SharedMemory]
            public struct MessageHeader
            {
                public int Length;
            }

            public static unsafe class Receiver
            {
                public static byte[] ReadMessage(MessageHeader* header, ReadOnlySpan<byte> payload)
                {
                    int untrusted_length = header->Length;
                    if ((uint)untrusted_length > (uint)payload.Length)
                    {
                        throw new InvalidDataException("Bad length.");
                    }

                    int length = untrusted_length;
                    return payload.Slice(0, length).ToArray();
                }
            }
            """);

        [Theory]
        [InlineData("untrusted_len")]
        [InlineData("untrustedLen")]
        [InlineData("UntrustedLen")]
        [InlineData("Untrusted_len")]
        [InlineData("_untrustedLen")]
        [InlineData("_untrusted_len")]
        [InlineData("__untrusted_len")]
        [InlineData("untrusted_2")]
        public Task NoDiagnostic_NameAlreadyCarriesThePrefix(string name) => VerifyAsync(
            $$"""
            using DoubleFetch;

            [SharedMemory]
            public struct Header { public int Length; public int Kind; }

            public sealed unsafe class Reader
            {
                private int {{name}}Field;

                public int Read(Header* header)
                {
                    int {{name}} = header->Length;
                    {{name}}Field = header->Kind;
                    return {{name}};
                }
            }
            """);

        [Theory]
        [InlineData("hostile_len")]
        [InlineData("hostileLen")]
        [InlineData("HostileLen")]
        [InlineData("_hostile_len")]
        public Task NoDiagnostic_NameCarriesAConfiguredPrefix(string name) => VerifyAsync(
            $$"""
            using DoubleFetch;

            [SharedMemory]
            public struct Header { public int Length; }

            public static unsafe class Reader
            {
                public static int Read(Header* header)
                {
                    int {{name}} = header->Length;
                    return {{name}};
                }
            }
            """,
            "root = true\n[*.cs]\ndouble_fetch.untrusted_prefixes = tainted_|hostile_\n");

        /// <summary>
        /// An empty prefix list switches the naming convention off: there is no prefix to suggest, and a suggested
        /// 'untrusted_length' would be reported again after the rename ('untrusted_untrusted_length', and so on).
        /// </summary>
        [Fact]
        public Task NoDiagnostic_WhenPrefixListIsEmpty() => VerifyAsync(
            TestMarkupText(FromFetch),
            "root = true\n[*.cs]\ndouble_fetch.untrusted_prefixes =\n");

        [Fact]
        public Task NoDiagnostic_TrustedValues() => VerifyAsync(
            """
            using System;
            using DoubleFetch;

            [SharedMemory]
            public struct Header { public int Length; public int Kind; }

            public static unsafe class Reader
            {
                public static int Read(Header* header, ReadOnlySpan<byte> payload, int untrusted_len)
                {
                    int size = payload.Length;
                    int constant = 16;
                    int sum = size + constant;
                    bool big = untrusted_len > size;
                    bool kindKnown = header->Kind == 3;
                    int headerSize = sizeof(Header);
                    string text = untrusted_len.ToString();
                    return big && kindKnown ? sum + headerSize + text.Length : 0;
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_ParametersAndRefLocals() => VerifyAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            public struct Header { public int A; public int B; public int C; public int D; }

            public static unsafe class Reader
            {
                public static int Read(Header* header, int length, out int kind)
                {
                    length = header->A;
                    kind = header->B;
                    ref int alias = ref header->C;
                    ref readonly Header view = ref *header;
                    return length + kind + alias + view.D;
                }
            }
            """);

        [Fact]
        public Task NoDiagnostic_SanitizedByConfiguredSanitizer() => VerifyAsync(
            """
            using System.IO;

            public static class Checks
            {
                public static int InRange(int value, int max) => (uint)value < (uint)max ? value : throw new InvalidDataException();
            }

            public static class Parser
            {
                public static int Parse(BinaryReader reader)
                {
                    int untrusted_count = reader.ReadInt32();
                    Checks.InRange(untrusted_count, 64);
                    int count = untrusted_count;
                    int checkedCount = Checks.InRange(reader.ReadInt32(), 64);
                    return count + checkedCount;
                }
            }
            """,
            "root = true\n[*.cs]\n" +
            "double_fetch.untrusted_sources = M:System.IO.BinaryReader.ReadInt32\n" +
            "double_fetch.sanitizers = M:Checks.InRange\n");

        [Fact]
        public Task NoDiagnostic_UntrustedAttributeOnTheField() => VerifyAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            public struct Response { public int Id; }

            public sealed unsafe class Queue
            {
                [Untrusted] private int _slot;

                public void Consume(Response* rsp) => _slot = rsp->Id;

                public int Slot => _slot;
            }
            """);

        [Fact]
        public Task NoDiagnostic_WithoutUntrustedValues() => VerifyAsync(
            """
            public static class Plain
            {
                private static int _total;

                public static int Add(int length, int[] items)
                {
                    int sum = length;
                    foreach (var item in items)
                    {
                        sum += item;
                    }

                    _total = sum;
                    return _total;
                }
            }
            """);

        // ---- Helpers ----

        private static string ExpectedName(string name) => name switch
        {
            "Count" => "UntrustedCount",
            "_count" => "_untrusted_count",
            _ => "untrusted_" + name,
        };

        private static string TestMarkupText(string markup) => TestMarkup.Parse(markup).Text;

        private static Task VerifyAsync(string source, string? editorConfig = null, params DiagnosticResult[] expected)
        {
            var test = new AnalyzerTest { TestCode = source, EditorConfig = editorConfig };
            test.DisabledDiagnostics.Clear();
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync();
        }
    }
}
