using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DoubleFetchAnalyzers.CodeFixes;
using DoubleFetchAnalyzers.Rules;
using DoubleFetchAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;
using static DoubleFetchAnalyzers.Tests.Verify;

namespace DoubleFetchAnalyzers.Tests.Rules
{
    /// <summary>
    /// DF0007's fix, "Rename to 'untrusted_x'" (SPEC section 7): renames the variable and every reference through the
    /// Renamer, one variable per action, and with Fix All every reported variable of the document, project or solution.
    /// </summary>
    public class DF0007FixTests
    {
        [Fact]
        public Task Fix_RenamesLocalAndEveryReference() => VerifyFixAsync(
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
                    int {|DF0007:length|} = header->Length; // the length the sender wrote
                    if ((uint)length > (uint)payload.Length)
                    {
                        throw new InvalidDataException($"Bad length {length}.");
                    }

                    Func<int> later = () => length;
                    return payload.Slice(0, length).ToArray();
                }
            }
            """,
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
                    int untrusted_length = header->Length; // the length the sender wrote
                    if ((uint)untrusted_length > (uint)payload.Length)
                    {
                        throw new InvalidDataException($"Bad length {untrusted_length}.");
                    }

                    Func<int> later = () => untrusted_length;
                    return payload.Slice(0, untrusted_length).ToArray();
                }
            }
            """);

        [Fact]
        public Task Fix_RenamesInTheStyleOfTheName() => VerifyFixAsync(
            """
            public static class Parser
            {
                public static int Parse(int untrusted_input)
                {
                    int {|DF0007:Count|} = untrusted_input;
                    int {|DF0007:_size|} = untrusted_input * 2;
                    return Count + _size;
                }
            }
            """,
            """
            public static class Parser
            {
                public static int Parse(int untrusted_input)
                {
                    int UntrustedCount = untrusted_input;
                    int _untrusted_size = untrusted_input * 2;
                    return UntrustedCount + _untrusted_size;
                }
            }
            """);

        [Fact]
        public Task FixAll_RenamesSeveralVariablesInOneDocument() => VerifyFixAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            public struct Request
            {
                public int Id;
                public int Operation;
                public int Length;
            }

            public static unsafe class Backend
            {
                public static int Handle(Request* shared)
                {
                    int {|DF0007:id|} = shared->Id;
                    int {|DF0007:operation|} = shared->Operation;
                    return id + operation;
                }

                public static int Size(Request* shared)
                {
                    Request {|DF0007:copy|} = *shared;
                    int {|DF0007:length|} = copy.Length;
                    return length;
                }
            }
            """,
            """
            using DoubleFetch;

            [SharedMemory]
            public struct Request
            {
                public int Id;
                public int Operation;
                public int Length;
            }

            public static unsafe class Backend
            {
                public static int Handle(Request* shared)
                {
                    int untrusted_id = shared->Id;
                    int untrusted_operation = shared->Operation;
                    return untrusted_id + untrusted_operation;
                }

                public static int Size(Request* shared)
                {
                    Request untrusted_copy = *shared;
                    int untrusted_length = untrusted_copy.Length;
                    return untrusted_length;
                }
            }
            """);

        [Fact]
        public Task Fix_RenamesFieldUsedInTwoMethods() => VerifyFixAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            public struct Response
            {
                public int Id;
            }

            public sealed unsafe class Queue
            {
                private readonly object?[] _skbs = new object?[256];
                private int {|DF0007:_slot|};

                public void Consume(Response* rsp)
                {
                    _slot = rsp->Id;
                }

                public object? Release()
                {
                    if ((uint)this._slot >= (uint)_skbs.Length)
                    {
                        return null;
                    }

                    return _skbs[_slot];
                }
            }
            """,
            """
            using DoubleFetch;

            [SharedMemory]
            public struct Response
            {
                public int Id;
            }

            public sealed unsafe class Queue
            {
                private readonly object?[] _skbs = new object?[256];
                private int _untrusted_slot;

                public void Consume(Response* rsp)
                {
                    _untrusted_slot = rsp->Id;
                }

                public object? Release()
                {
                    if ((uint)this._untrusted_slot >= (uint)_skbs.Length)
                    {
                        return null;
                    }

                    return _skbs[_untrusted_slot];
                }
            }
            """);

        [Fact]
        public Task Fix_RenamesFieldReferencedFromAnotherDocument()
        {
            var test = new CodeFixTest<RenameUntrustedCodeFixProvider>
            {
                TestCode = """
                    using DoubleFetch;

                    [SharedMemory]
                    public struct Response { public int Id; }

                    public sealed unsafe partial class Queue
                    {
                        internal int {|DF0007:Slot|};

                        public void Consume(Response* rsp) => Slot = rsp->Id;
                    }
                    """,
                FixedCode = """
                    using DoubleFetch;

                    [SharedMemory]
                    public struct Response { public int Id; }

                    public sealed unsafe partial class Queue
                    {
                        internal int UntrustedSlot;

                        public void Consume(Response* rsp) => UntrustedSlot = rsp->Id;
                    }
                    """,
                CodeActionEquivalenceKey = RenameUntrustedCodeFixProvider.EquivalenceKey,
            };
            test.DisabledDiagnostics.Clear();
            test.AdditionalSources.Add(("Other.cs", "public static class Other { public static int Read(Queue q) => (q.Slot & 7); }"));
            return test.RunAsync();
        }

        [Fact]
        public Task Fix_UsesTheFirstConfiguredPrefix() => VerifyFixAsync(
            """
            public static class Parser
            {
                public static int Parse(int hostile_input)
                {
                    int {|DF0007:count|} = hostile_input;
                    return count;
                }
            }
            """,
            """
            public static class Parser
            {
                public static int Parse(int hostile_input)
                {
                    int hostile_count = hostile_input;
                    return hostile_count;
                }
            }
            """,
            "root = true\n[*.cs]\ndouble_fetch.untrusted_prefixes = hostile_|untrusted_\n");

        [Fact]
        public Task Fix_RenamesDeconstructedVariables() => VerifyFixAsync(
            """
            using DoubleFetch;

            [SharedMemory]
            public struct Request { public int Id; public int Length; }

            public static unsafe class Backend
            {
                public static int Handle(Request* shared)
                {
                    var ({|DF0007:id|}, {|DF0007:length|}) = (shared->Id, shared->Length);
                    return id + length;
                }
            }
            """,
            """
            using DoubleFetch;

            [SharedMemory]
            public struct Request { public int Id; public int Length; }

            public static unsafe class Backend
            {
                public static int Handle(Request* shared)
                {
                    var (untrusted_id, untrusted_length) = (shared->Id, shared->Length);
                    return untrusted_id + untrusted_length;
                }
            }
            """);

        [Fact]
        public async Task Fix_OffersOneActionWithTheNewNameInItsTitle()
        {
            var (document, diagnostics) = await AnalyzeAsync(
                """
                public static class Parser
                {
                    public static int Parse(int untrusted_input)
                    {
                        int count = untrusted_input;
                        return count;
                    }
                }
                """);
            var diagnostic = Assert.Single(diagnostics, d => d.Id == "DF0007");
            var actions = new List<CodeAction>();
            var fixer = new RenameUntrustedCodeFixProvider();
            await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
            var action = Assert.Single(actions);
            Assert.Equal("Rename to 'untrusted_count'", action.Title);
            Assert.Equal(RenameUntrustedCodeFixProvider.EquivalenceKey, action.EquivalenceKey);
            Assert.Equal("DF0007.Rename", RenameUntrustedCodeFixProvider.EquivalenceKey);
            Assert.Contains("DF0007", fixer.FixableDiagnosticIds);
            Assert.NotNull(fixer.GetFixAllProvider());
        }

        // ---- Helpers ----

        private static Task VerifyFixAsync(string source, string fixedSource, string? editorConfig = null)
        {
            var test = new CodeFixTest<RenameUntrustedCodeFixProvider>
            {
                TestCode = source,
                FixedCode = fixedSource,
                EditorConfig = editorConfig,
                CodeActionEquivalenceKey = RenameUntrustedCodeFixProvider.EquivalenceKey,
            };
            test.DisabledDiagnostics.Clear();
            return test.RunAsync();
        }

        private static async Task<(Document Document, ImmutableArray<Diagnostic> Diagnostics)> AnalyzeAsync(string source)
        {
            var workspace = new AdhocWorkspace();
            var projectId = ProjectId.CreateNewId();
            var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true)
                .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic> { ["DF0007"] = ReportDiagnostic.Info });
            var documentId = DocumentId.CreateNewId(projectId);
            var solution = workspace.CurrentSolution
                .AddProject(ProjectInfo.Create(projectId, VersionStamp.Create(), "Test", "Test", LanguageNames.CSharp,
                    compilationOptions: options, metadataReferences: TestReferences.Runtime))
                .AddDocument(documentId, "Test0.cs", SourceText.From(source), filePath: "/0/Test0.cs")
                .AddDocument(DocumentId.CreateNewId(projectId), AttributesFile, SourceText.From(AttributesSource), filePath: "/0/" + AttributesFile);
            var project = solution.GetProject(projectId)!;
            var compilation = (await project.GetCompilationAsync())!;
            var diagnostics = await compilation
                .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new SharedMemoryAnalyzer()), project.AnalyzerOptions)
                .GetAnalyzerDiagnosticsAsync();
            return (project.GetDocument(documentId)!, diagnostics);
        }
    }
}
