using System.Threading.Tasks;
using DoubleFetchAnalyzers.CodeFixes;
using Xunit;
using static DoubleFetchAnalyzers.Tests.Verify;

namespace DoubleFetchAnalyzers.Tests.Rules
{
    /// <summary>DF0001's code fixes: "Read once into a local" and "Copy the struct once" (SPEC section 7).</summary>
    public class DF0001FixTests
    {
        // ---- Read once ----

        [Fact]
        public Task Fix_ReadsTheLocationOnceBeforeTheCheck() => CodeFixAsync<DoubleFetchCodeFixProvider>(
            """
            using System;
            using DoubleFetch;

            [SharedMemory]
            struct Request { public int NrSegments; }

            unsafe class Backend
            {
                void Handle(Request* req, int[] segments)
                {
                    if ({|#0:req->NrSegments|} > segments.Length)
                        return;
                    for (int i = 0; i < {|DF0001:req->NrSegments|}; i++)
                        segments[i] = 0;
                }
            }
            """,
            """
            using System;
            using DoubleFetch;

            [SharedMemory]
            struct Request { public int NrSegments; }

            unsafe class Backend
            {
                void Handle(Request* req, int[] segments)
                {
                    var nrSegments = req->NrSegments;
                    if (nrSegments > segments.Length)
                        return;
                    for (int i = 0; i < nrSegments; i++)
                        segments[i] = 0;
                }
            }
            """,
            DoubleFetchCodeFixProvider.ReadOnceKey);

        [Fact]
        public Task Fix_ThreeFetchesBecomeOneLocal() => CodeFixAsync<DoubleFetchCodeFixProvider>(
            """
            using System;
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                void M(Header* p, byte[] buffer)
                {
                    if (p->Len < 0 || {|DF0001:p->Len|} > buffer.Length)
                        return;
                    Array.Clear(buffer, 0, {|DF0001:p->Len|});
                }
            }
            """,
            """
            using System;
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                void M(Header* p, byte[] buffer)
                {
                    var len = p->Len;
                    if (len < 0 || len > buffer.Length)
                        return;
                    Array.Clear(buffer, 0, len);
                }
            }
            """,
            DoubleFetchCodeFixProvider.ReadOnceKey);

        [Fact]
        public Task Fix_DeclaresInInnermostBlockHoldingAllFetches() => CodeFixAsync<DoubleFetchCodeFixProvider>(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                void M(Header* p, bool enabled)
                {
                    Log(0);
                    if (enabled)
                    {
                        Log(1);
                        if (p->Len > 8)
                        {
                            Log({|DF0001:p->Len|});
                        }
                        else
                        {
                            Log(-{|DF0001:p->Len|});
                        }
                    }
                }

                static void Log(int value) { }
            }
            """,
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                void M(Header* p, bool enabled)
                {
                    Log(0);
                    if (enabled)
                    {
                        Log(1);
                        var len = p->Len;
                        if (len > 8)
                        {
                            Log(len);
                        }
                        else
                        {
                            Log(-len);
                        }
                    }
                }

                static void Log(int value) { }
            }
            """,
            DoubleFetchCodeFixProvider.ReadOnceKey);

        [Fact]
        public Task Fix_FirstFetchInNestedBlockLaterFetchOutside() => CodeFixAsync<DoubleFetchCodeFixProvider>(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header* p, bool verbose)
                {
                    int total = 1;
                    if (verbose)
                    {
                        Log(p->Len);
                    }

                    return total + {|DF0001:p->Len|};
                }

                static void Log(int value) { }
            }
            """,
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header* p, bool verbose)
                {
                    int total = 1;
                    var len = p->Len;
                    if (verbose)
                    {
                        Log(len);
                    }

                    return total + len;
                }

                static void Log(int value) { }
            }
            """,
            DoubleFetchCodeFixProvider.ReadOnceKey);

        [Fact]
        public Task Fix_NameConflictWithExistingLocal() => CodeFixAsync<DoubleFetchCodeFixProvider>(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header* p)
                {
                    int len = 16;
                    if (p->Len > len)
                        return 0;
                    return {|DF0001:p->Len|};
                }
            }
            """,
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header* p)
                {
                    int len = 16;
                    var len2 = p->Len;
                    if (len2 > len)
                        return 0;
                    return len2;
                }
            }
            """,
            DoubleFetchCodeFixProvider.ReadOnceKey);

        [Fact]
        public Task Fix_NameConflictWithLocalDeclaredLater() => CodeFixAsync<DoubleFetchCodeFixProvider>(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header* p)
                {
                    if (p->Len > 16)
                        return 0;
                    int len = {|DF0001:p->Len|};
                    return len;
                }
            }
            """,
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header* p)
                {
                    var len2 = p->Len;
                    if (len2 > 16)
                        return 0;
                    int len = len2;
                    return len;
                }
            }
            """,
            DoubleFetchCodeFixProvider.ReadOnceKey);

        [Fact]
        public Task Fix_TwoLocationsFixedTogether() => new CodeFixTest<DoubleFetchCodeFixProvider>
        {
            TestCode = """
                using DoubleFetch;

                [SharedMemory]
                struct Header { public int Len; public int Kind; }

                unsafe class C
                {
                    void M(Header* p)
                    {
                        if (p->Len > 0 && p->Kind > 0)
                        {
                            Log({|DF0001:p->Len|});
                            Log({|DF0001:p->Kind|});
                        }
                    }

                    static void Log(int value) { }
                }
                """,
            FixedCode = """
                using DoubleFetch;

                [SharedMemory]
                struct Header { public int Len; public int Kind; }

                unsafe class C
                {
                    void M(Header* p)
                    {
                        var len = p->Len;
                        var kind = p->Kind;
                        if (len > 0 && kind > 0)
                        {
                            Log(len);
                            Log(kind);
                        }
                    }

                    static void Log(int value) { }
                }
                """,
            CodeActionEquivalenceKey = DoubleFetchCodeFixProvider.ReadOnceKey,
            NumberOfFixAllIterations = 1,
        }.RunAsync();

        [Fact]
        public Task Fix_FixAllInTwoMethodsAndTwoSwitchSections() => new CodeFixTest<DoubleFetchCodeFixProvider>
        {
            TestCode = """
                using DoubleFetch;

                [SharedMemory]
                struct Header { public int Len; public int Kind; }

                unsafe class C
                {
                    int M(Header* p, Header* q, int mode)
                    {
                        switch (mode)
                        {
                            case 1:
                                Log(p->Len);
                                return {|DF0001:p->Len|};
                            case 2:
                                Log(q->Len);
                                return {|DF0001:q->Len|};
                            default:
                                return 0;
                        }
                    }

                    int N(Header* p) => p->Kind + {|DF0001:p->Kind|};

                    int O(Header* p)
                    {
                        Log(p->Kind);
                        return {|DF0001:p->Kind|};
                    }

                    static void Log(int value) { }
                }
                """,
            FixedCode = """
                using DoubleFetch;

                [SharedMemory]
                struct Header { public int Len; public int Kind; }

                unsafe class C
                {
                    int M(Header* p, Header* q, int mode)
                    {
                        switch (mode)
                        {
                            case 1:
                                var len = p->Len;
                                Log(len);
                                return len;
                            case 2:
                                var len2 = q->Len;
                                Log(len2);
                                return len2;
                            default:
                                return 0;
                        }
                    }

                    int N(Header* p) => p->Kind + {|DF0001:p->Kind|};

                    int O(Header* p)
                    {
                        var kind = p->Kind;
                        Log(kind);
                        return kind;
                    }

                    static void Log(int value) { }
                }
                """,
            CodeActionEquivalenceKey = DoubleFetchCodeFixProvider.ReadOnceKey,
            NumberOfFixAllIterations = 1,
        }.RunAsync();

        [Fact]
        public Task Fix_FixAllInTwoMethodsUsesTheSameNameInEach() => new CodeFixTest<DoubleFetchCodeFixProvider>
        {
            TestCode = """
                using DoubleFetch;

                [SharedMemory]
                struct Header { public int Len; public int Kind; }

                unsafe class C
                {
                    int M(Header* p)
                    {
                        Log(p->Len);
                        return {|DF0001:p->Len|};
                    }

                    int N(Header* p)
                    {
                        Log(p->Len);
                        return {|DF0001:p->Len|};
                    }

                    static void Log(int value) { }
                }
                """,
            FixedCode = """
                using DoubleFetch;

                [SharedMemory]
                struct Header { public int Len; public int Kind; }

                unsafe class C
                {
                    int M(Header* p)
                    {
                        var len = p->Len;
                        Log(len);
                        return len;
                    }

                    int N(Header* p)
                    {
                        var len = p->Len;
                        Log(len);
                        return len;
                    }

                    static void Log(int value) { }
                }
                """,
            CodeActionEquivalenceKey = DoubleFetchCodeFixProvider.ReadOnceKey,
            NumberOfFixAllIterations = 1,
        }.RunAsync();

        [Fact]
        public Task Fix_TopLevelFetchInSwitchSection() => CodeFixAsync<DoubleFetchCodeFixProvider>(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                void M(Header* p, int mode)
                {
                    switch (mode)
                    {
                        case 1:
                            Log(p->Len);
                            Log({|DF0001:p->Len|});
                            break;
                    }
                }

                static void Log(int value) { }
            }
            """,
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                void M(Header* p, int mode)
                {
                    switch (mode)
                    {
                        case 1:
                            var len = p->Len;
                            Log(len);
                            Log(len);
                            break;
                    }
                }

                static void Log(int value) { }
            }
            """,
            DoubleFetchCodeFixProvider.ReadOnceKey);

        [Fact]
        public Task Fix_EmbeddedStatementIsWrappedInBlock() => CodeFixAsync<DoubleFetchCodeFixProvider>(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                void M(Header* p)
                {
                    if (p != null)
                        Use(p->Len, {|DF0001:p->Len|});
                }

                static void Use(int a, int b) { }
            }
            """,
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                void M(Header* p)
                {
                    if (p != null)
                    {
                        var len = p->Len;
                        Use(len, len);
                    }
                }

                static void Use(int a, int b) { }
            }
            """,
            DoubleFetchCodeFixProvider.ReadOnceKey);

        [Fact]
        public Task Fix_EmbeddedStatementInLoopBodyIsWrappedInBlock() => CodeFixAsync<DoubleFetchCodeFixProvider>(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                void M(Header* p, int count)
                {
                    for (int i = 0; i < count; i++)
                        Use(p[i].Len, {|DF0001:p[i].Len|});
                }

                static void Use(int a, int b) { }
            }
            """,
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                void M(Header* p, int count)
                {
                    for (int i = 0; i < count; i++)
                    {
                        var len = p[i].Len;
                        Use(len, len);
                    }
                }

                static void Use(int a, int b) { }
            }
            """,
            DoubleFetchCodeFixProvider.ReadOnceKey);

        [Fact]
        public Task Fix_BothFetchesInLoopBody() => CodeFixAsync<DoubleFetchCodeFixProvider>(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header* p, int count)
                {
                    int sum = 0;
                    for (int i = 0; i < count; i++)
                    {
                        if (p[i].Len > 16)
                            continue;
                        sum += {|DF0001:p[i].Len|};
                    }

                    return sum;
                }
            }
            """,
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header* p, int count)
                {
                    int sum = 0;
                    for (int i = 0; i < count; i++)
                    {
                        var len = p[i].Len;
                        if (len > 16)
                            continue;
                        sum += len;
                    }

                    return sum;
                }
            }
            """,
            DoubleFetchCodeFixProvider.ReadOnceKey);

        [Fact]
        public Task Fix_FetchBeforeLoopAndInsideIt() => CodeFixAsync<DoubleFetchCodeFixProvider>(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header* p, int rounds)
                {
                    if (p->Len > 16)
                        return 0;
                    int sum = 0;
                    for (int i = 0; i < rounds; i++)
                    {
                        sum += {|DF0001:p->Len|};
                    }

                    return sum;
                }
            }
            """,
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header* p, int rounds)
                {
                    var len = p->Len;
                    if (len > 16)
                        return 0;
                    int sum = 0;
                    for (int i = 0; i < rounds; i++)
                    {
                        sum += len;
                    }

                    return sum;
                }
            }
            """,
            DoubleFetchCodeFixProvider.ReadOnceKey);

        [Fact]
        public Task Fix_KeepsCommentsAndTrivia() => CodeFixAsync<DoubleFetchCodeFixProvider>(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header* p)
                {
                    // Validate the length first.
                    if (/* untrusted */ p->Len > 16)
                        return 0; // too long

                    return {|DF0001:p->Len|} /* checked */ * 2;
                }
            }
            """,
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                int M(Header* p)
                {
                    // Validate the length first.
                    var len = p->Len;
                    if (/* untrusted */ len > 16)
                        return 0; // too long

                    return len /* checked */ * 2;
                }
            }
            """,
            DoubleFetchCodeFixProvider.ReadOnceKey);

        [Fact]
        public Task Fix_RefParameterReadOnce() => CodeFixAsync<DoubleFetchCodeFixProvider>(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            class C
            {
                int M(in Header h)
                {
                    if (h.Len > 16)
                        return 0;
                    return {|DF0001:h.Len|};
                }
            }
            """,
            """
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            class C
            {
                int M(in Header h)
                {
                    var len = h.Len;
                    if (len > 16)
                        return 0;
                    return len;
                }
            }
            """,
            DoubleFetchCodeFixProvider.ReadOnceKey);

        [Fact]
        public Task Fix_FetchesInsideBlockBodiedLambda() => CodeFixAsync<DoubleFetchCodeFixProvider>(
            """
            using System;
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                Func<int> M(Header* p)
                {
                    return () =>
                    {
                        if (p->Len > 16)
                            return 0;
                        return {|DF0001:p->Len|};
                    };
                }
            }
            """,
            """
            using System;
            using DoubleFetch;

            [SharedMemory]
            struct Header { public int Len; public int Kind; }

            unsafe class C
            {
                Func<int> M(Header* p)
                {
                    return () =>
                    {
                        var len = p->Len;
                        if (len > 16)
                            return 0;
                        return len;
                    };
                }
            }
            """,
            DoubleFetchCodeFixProvider.ReadOnceKey);

        [Theory]
        [InlineData("[SharedMemory] ReadOnlySpan<byte> shared", "shared[0]", "element")]
        [InlineData("System.IO.UnmanagedMemoryAccessor shared", "shared.ReadInt32(0)", "value")]
        public Task Fix_NamesTheLocalAfterTheKindOfFetch(string parameter, string fetch, string name) => CodeFixAsync<DoubleFetchCodeFixProvider>(
            $$"""
            using System;
            using DoubleFetch;

            class C
            {
                int M({{parameter}})
                {
                    if ({{fetch}} > 16)
                        return 0;
                    return {|DF0001:{{fetch}}|};
                }
            }
            """,
            $$"""
            using System;
            using DoubleFetch;

            class C
            {
                int M({{parameter}})
                {
                    var {{name}} = {{fetch}};
                    if ({{name}} > 16)
                        return 0;
                    return {{name}};
                }
            }
            """,
            DoubleFetchCodeFixProvider.ReadOnceKey);

        [Fact]
        public Task NoFix_FirstFetchInLoopOtherFetchOutside() => new CodeFixTest<DoubleFetchCodeFixProvider>
        {
            TestCode = """
                using DoubleFetch;

                [SharedMemory]
                struct Header { public int Len; public int Kind; }

                unsafe class C
                {
                    int M(Header* p)
                    {
                        while (true)
                        {
                            if (p->Len > 0)
                                break;
                        }

                        return {|DF0001:p->Len|};
                    }
                }
                """,
            FixedCode = """
                using DoubleFetch;

                [SharedMemory]
                struct Header { public int Len; public int Kind; }

                unsafe class C
                {
                    int M(Header* p)
                    {
                        while (true)
                        {
                            if (p->Len > 0)
                                break;
                        }

                        return {|DF0001:p->Len|};
                    }
                }
                """,
            CodeActionEquivalenceKey = DoubleFetchCodeFixProvider.ReadOnceKey,
        }.RunAsync();

        [Fact]
        public Task NoFix_FirstFetchInLoopConditionOtherInBody() => new CodeFixTest<DoubleFetchCodeFixProvider>
        {
            TestCode = """
                using DoubleFetch;

                [SharedMemory]
                struct Header { public int Len; public int Kind; }

                unsafe class C
                {
                    int M(Header* p)
                    {
                        int sum = 0;
                        while (p->Len > 0)
                        {
                            sum += {|DF0001:p->Len|};
                        }

                        return sum;
                    }
                }
                """,
            FixedCode = """
                using DoubleFetch;

                [SharedMemory]
                struct Header { public int Len; public int Kind; }

                unsafe class C
                {
                    int M(Header* p)
                    {
                        int sum = 0;
                        while (p->Len > 0)
                        {
                            sum += {|DF0001:p->Len|};
                        }

                        return sum;
                    }
                }
                """,
            CodeActionEquivalenceKey = DoubleFetchCodeFixProvider.ReadOnceKey,
        }.RunAsync();

        [Fact]
        public Task NoFix_KeyDeclaredInStatementOfFirstFetch() => new CodeFixTest<DoubleFetchCodeFixProvider>
        {
            TestCode = """
                using DoubleFetch;

                [SharedMemory]
                struct Header { public int Len; public int Kind; }

                unsafe class C
                {
                    void M(Header* p)
                    {
                        if (Next() is int i && p[i].Len > 0)
                        {
                            Log({|DF0001:p[i].Len|});
                        }
                    }

                    static int Next() => 1;

                    static void Log(int value) { }
                }
                """,
            FixedCode = """
                using DoubleFetch;

                [SharedMemory]
                struct Header { public int Len; public int Kind; }

                unsafe class C
                {
                    void M(Header* p)
                    {
                        if (Next() is int i && p[i].Len > 0)
                        {
                            Log({|DF0001:p[i].Len|});
                        }
                    }

                    static int Next() => 1;

                    static void Log(int value) { }
                }
                """,
            CodeActionEquivalenceKey = DoubleFetchCodeFixProvider.ReadOnceKey,
        }.RunAsync();

        [Fact]
        public Task NoFix_KeyAssignedInStatementOfFirstFetch() => new CodeFixTest<DoubleFetchCodeFixProvider>
        {
            TestCode = """
                using DoubleFetch;

                [SharedMemory]
                struct Header { public int Len; public int Kind; }

                unsafe class C
                {
                    void M(Header* p)
                    {
                        int i = 0;
                        if ((i = Next()) > 0 && p[i].Len > 0)
                        {
                            Log({|DF0001:p[i].Len|});
                        }
                    }

                    static int Next() => 1;

                    static void Log(int value) { }
                }
                """,
            FixedCode = """
                using DoubleFetch;

                [SharedMemory]
                struct Header { public int Len; public int Kind; }

                unsafe class C
                {
                    void M(Header* p)
                    {
                        int i = 0;
                        if ((i = Next()) > 0 && p[i].Len > 0)
                        {
                            Log({|DF0001:p[i].Len|});
                        }
                    }

                    static int Next() => 1;

                    static void Log(int value) { }
                }
                """,
            CodeActionEquivalenceKey = DoubleFetchCodeFixProvider.ReadOnceKey,
        }.RunAsync();

        [Fact]
        public Task NoFix_FetchesInsideExpressionBodiedLambda() => new CodeFixTest<DoubleFetchCodeFixProvider>
        {
            TestCode = """
                using System;
                using DoubleFetch;

                [SharedMemory]
                struct Header { public int Len; public int Kind; }

                unsafe class C
                {
                    int M(Header* p)
                    {
                        Func<int> twice = () => p->Len + {|DF0001:p->Len|};
                        return twice();
                    }
                }
                """,
            FixedCode = """
                using System;
                using DoubleFetch;

                [SharedMemory]
                struct Header { public int Len; public int Kind; }

                unsafe class C
                {
                    int M(Header* p)
                    {
                        Func<int> twice = () => p->Len + {|DF0001:p->Len|};
                        return twice();
                    }
                }
                """,
            CodeActionEquivalenceKey = DoubleFetchCodeFixProvider.ReadOnceKey,
        }.RunAsync();

        [Theory]
        [InlineData("{|DF0001:p->Len|} += 1;")]
        [InlineData("{|DF0001:p->Len|} |= 1;")]
        [InlineData("{|DF0001:p->Len|}++;")]
        [InlineData("--{|DF0001:p->Len|};")]
        public Task NoFix_FetchIsCompoundAssignmentTarget(string statement)
        {
            var source = $$"""
                using DoubleFetch;

                [SharedMemory]
                struct Header { public int Len; public int Kind; }

                unsafe class C
                {
                    void M(Header* p)
                    {
                        if (p->Len < 100)
                            {{statement}}
                    }
                }
                """;
            return new CodeFixTest<DoubleFetchCodeFixProvider>
            {
                TestCode = source,
                FixedCode = source,
                CodeActionEquivalenceKey = DoubleFetchCodeFixProvider.ReadOnceKey,
            }.RunAsync();
        }

        // ---- Copy once ----

        [Fact]
        public Task Fix_CopyStructOnceThroughPointer() => CodeFixAsync<DoubleFetchCodeFixProvider>(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Request { public int Op; public int Len; }

            unsafe class Backend
            {
                void Handle(Request* req, byte[] buffer)
                {
                    if ({|#0:req->Len|} > buffer.Length)
                        return;
                    Process(req->Op, {|DF0001:req->Len|});
                }

                static void Process(int op, int len) { }
            }
            """,
            """
            using DoubleFetch;

            [SharedMemory]
            struct Request { public int Op; public int Len; }

            unsafe class Backend
            {
                void Handle(Request* req, byte[] buffer)
                {
                    var request = *req;
                    if (request.Len > buffer.Length)
                        return;
                    Process(request.Op, request.Len);
                }

                static void Process(int op, int len) { }
            }
            """,
            DoubleFetchCodeFixProvider.CopyStructKey);

        [Fact]
        public Task Fix_CopyStructOnceForTwoLocations() => new CodeFixTest<DoubleFetchCodeFixProvider>
        {
            TestCode = """
                using DoubleFetch;

                [SharedMemory]
                struct Request { public int Op; public int Len; }

                unsafe class Backend
                {
                    int Handle(Request* req)
                    {
                        if (req->Op != 1 || req->Len > 64)
                            return 0;
                        return {|DF0001:(*req).Op|} * {|DF0001:(*req).Len|};
                    }
                }
                """,
            FixedCode = """
                using DoubleFetch;

                [SharedMemory]
                struct Request { public int Op; public int Len; }

                unsafe class Backend
                {
                    int Handle(Request* req)
                    {
                        var request = *req;
                        if (request.Op != 1 || request.Len > 64)
                            return 0;
                        return request.Op * request.Len;
                    }
                }
                """,
            CodeActionEquivalenceKey = DoubleFetchCodeFixProvider.CopyStructKey,
            NumberOfFixAllIterations = 1,
        }.RunAsync();

        [Theory]
        [InlineData("ref")]
        [InlineData("in")]
        public Task Fix_CopyStructOnceFromByRefParameter(string refKind) => CodeFixAsync<DoubleFetchCodeFixProvider>(
            $$"""
            using DoubleFetch;

            [SharedMemory]
            struct Request { public int Op; public int Len; }

            class Backend
            {
                void Handle({{refKind}} Request r)
                {
                    if (r.Len > 64)
                        return;
                    Process(r.Op, {|DF0001:r.Len|});
                }

                static void Process(int op, int len) { }
            }
            """,
            $$"""
            using DoubleFetch;

            [SharedMemory]
            struct Request { public int Op; public int Len; }

            class Backend
            {
                void Handle({{refKind}} Request r)
                {
                    var request = r;
                    if (request.Len > 64)
                        return;
                    Process(request.Op, request.Len);
                }

                static void Process(int op, int len) { }
            }
            """,
            DoubleFetchCodeFixProvider.CopyStructKey);

        [Fact]
        public Task Fix_CopyStructOnceFromElement() => CodeFixAsync<DoubleFetchCodeFixProvider>(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Request { public int Op; public int Len; }

            unsafe class Backend
            {
                void Handle(Request* ring, int i)
                {
                    if (ring[i].Len > 64)
                        return;
                    Process(ring[i].Op, {|DF0001:ring[i].Len|});
                }

                static void Process(int op, int len) { }
            }
            """,
            """
            using DoubleFetch;

            [SharedMemory]
            struct Request { public int Op; public int Len; }

            unsafe class Backend
            {
                void Handle(Request* ring, int i)
                {
                    var request = ring[i];
                    if (request.Len > 64)
                        return;
                    Process(request.Op, request.Len);
                }

                static void Process(int op, int len) { }
            }
            """,
            DoubleFetchCodeFixProvider.CopyStructKey);

        [Fact]
        public Task Fix_CopyStructOnceFromRefLocal() => CodeFixAsync<DoubleFetchCodeFixProvider>(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Request { public int Op; public int Len; }

            unsafe class Backend
            {
                void Handle(Request* ring)
                {
                    ref readonly var r = ref ring[3];
                    if (r.Len > 64)
                        return;
                    Process(r.Op, {|DF0001:r.Len|});
                }

                static void Process(int op, int len) { }
            }
            """,
            """
            using DoubleFetch;

            [SharedMemory]
            struct Request { public int Op; public int Len; }

            unsafe class Backend
            {
                void Handle(Request* ring)
                {
                    ref readonly var r = ref ring[3];
                    var request = r;
                    if (request.Len > 64)
                        return;
                    Process(request.Op, request.Len);
                }

                static void Process(int op, int len) { }
            }
            """,
            DoubleFetchCodeFixProvider.CopyStructKey);

        [Fact]
        public Task Fix_CopyStructOnceWithNestedMember() => CodeFixAsync<DoubleFetchCodeFixProvider>(
            """
            using DoubleFetch;

            struct Inner { public int Len; }

            [SharedMemory]
            struct Header { public int Kind; public Inner Hdr; }

            unsafe class C
            {
                int M(Header* p)
                {
                    if (p->Hdr.Len > 16)
                        return p->Kind;
                    return {|DF0001:p->Hdr.Len|};
                }
            }
            """,
            """
            using DoubleFetch;

            struct Inner { public int Len; }

            [SharedMemory]
            struct Header { public int Kind; public Inner Hdr; }

            unsafe class C
            {
                int M(Header* p)
                {
                    var header = *p;
                    if (header.Hdr.Len > 16)
                        return header.Kind;
                    return header.Hdr.Len;
                }
            }
            """,
            DoubleFetchCodeFixProvider.CopyStructKey);

        [Fact]
        public Task Fix_CopyStructNameConflict() => CodeFixAsync<DoubleFetchCodeFixProvider>(
            """
            using DoubleFetch;

            [SharedMemory]
            struct Request { public int Op; public int Len; }

            unsafe class Backend
            {
                int Handle(Request* req, int request)
                {
                    if (req->Len > request)
                        return 0;
                    return req->Op + {|DF0001:req->Len|};
                }
            }
            """,
            """
            using DoubleFetch;

            [SharedMemory]
            struct Request { public int Op; public int Len; }

            unsafe class Backend
            {
                int Handle(Request* req, int request)
                {
                    var request2 = *req;
                    if (request2.Len > request)
                        return 0;
                    return request2.Op + request2.Len;
                }
            }
            """,
            DoubleFetchCodeFixProvider.CopyStructKey);

        [Fact]
        public Task NoFix_CopyStructWhenFirstFetchInLoop() => new CodeFixTest<DoubleFetchCodeFixProvider>
        {
            TestCode = """
                using DoubleFetch;

                [SharedMemory]
                struct Request { public int Op; public int Len; }

                unsafe class Backend
                {
                    int Handle(Request* req)
                    {
                        while (req->Len == 0)
                        {
                        }

                        return req->Op + {|DF0001:req->Len|};
                    }
                }
                """,
            FixedCode = """
                using DoubleFetch;

                [SharedMemory]
                struct Request { public int Op; public int Len; }

                unsafe class Backend
                {
                    int Handle(Request* req)
                    {
                        while (req->Len == 0)
                        {
                        }

                        return req->Op + {|DF0001:req->Len|};
                    }
                }
                """,
            CodeActionEquivalenceKey = DoubleFetchCodeFixProvider.CopyStructKey,
        }.RunAsync();

        [Fact]
        public Task NoFix_CopyStructWhenMethodWritesThroughPointer() => new CodeFixTest<DoubleFetchCodeFixProvider>
        {
            TestCode = """
                using DoubleFetch;

                [SharedMemory]
                struct Request { public int Op; public int Len; public int Status; }

                unsafe class Backend
                {
                    void Handle(Request* req)
                    {
                        if (req->Len > 64)
                            return;
                        Process(req->Op, {|DF0001:req->Len|});
                        req->Status = 1;
                    }

                    static void Process(int op, int len) { }
                }
                """,
            FixedCode = """
                using DoubleFetch;

                [SharedMemory]
                struct Request { public int Op; public int Len; public int Status; }

                unsafe class Backend
                {
                    void Handle(Request* req)
                    {
                        if (req->Len > 64)
                            return;
                        Process(req->Op, {|DF0001:req->Len|});
                        req->Status = 1;
                    }

                    static void Process(int op, int len) { }
                }
                """,
            CodeActionEquivalenceKey = DoubleFetchCodeFixProvider.CopyStructKey,
        }.RunAsync();

        [Fact]
        public Task NoFix_CopyStructWhenBaseIsNotAStruct() => new CodeFixTest<DoubleFetchCodeFixProvider>
        {
            TestCode = """
                using System;
                using DoubleFetch;

                class Parser
                {
                    int Parse([SharedMemory] ReadOnlySpan<byte> shared)
                    {
                        if (shared[0] > 16)
                            return 0;
                        return {|DF0001:shared[0]|};
                    }
                }
                """,
            FixedCode = """
                using System;
                using DoubleFetch;

                class Parser
                {
                    int Parse([SharedMemory] ReadOnlySpan<byte> shared)
                    {
                        if (shared[0] > 16)
                            return 0;
                        return {|DF0001:shared[0]|};
                    }
                }
                """,
            CodeActionEquivalenceKey = DoubleFetchCodeFixProvider.CopyStructKey,
        }.RunAsync();
    }
}
