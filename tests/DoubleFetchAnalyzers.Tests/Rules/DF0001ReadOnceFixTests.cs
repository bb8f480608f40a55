using System.Threading.Tasks;
using DoubleFetchAnalyzers.CodeFixes;
using Xunit;
using static DoubleFetchAnalyzers.Tests.Verify;

namespace DoubleFetchAnalyzers.Tests.Rules
{
    public class DF0001ReadOnceFixTests
    {
        [Fact]
        public Task Fix_ReadsTheLocationOnceBeforeTheCheck() => CodeFixAsync<ReadOnceCodeFixProvider>(
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
            ReadOnceCodeFixProvider.EquivalenceKey);
    }
}
