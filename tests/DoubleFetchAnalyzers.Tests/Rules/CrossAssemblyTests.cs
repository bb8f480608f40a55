using System.IO;
using System.Linq;
using System.Threading.Tasks;
using DoubleFetchAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using static DoubleFetchAnalyzers.Tests.Verify;

namespace DoubleFetchAnalyzers.Tests.Rules
{
    /// <summary>Shared types declared in another assembly: the syntactic glance and the analysis find them through metadata.</summary>
    public class CrossAssemblyTests
    {
        private const string Attributes = """
            namespace Attrs
            {
                [System.AttributeUsage(System.AttributeTargets.All)]
                public sealed class SharedMemoryAttribute : System.Attribute { }
            }
            """;

        private const string Library = """
            namespace Lib
            {
                [Attrs.SharedMemory]
                public struct Header { public int Len; public int Kind; }

                [Attrs.SharedMemory]
                public class Mapping { public int Length => 0; }
            }
            """;

        private const string Consumer = """
            class C
            {
                int ByRef(in Lib.Header h, int[] a)
                {
                    if (h.Len < 0 || {|DF0001:h.Len|} >= a.Length) return 0;
                    return a[{|DF0001:h.Len|}];
                }

                int ThroughClass(Lib.Mapping mapping, byte[] buffer)
                {
                    if (mapping.Length > buffer.Length) return 0;
                    return {|DF0001:mapping.Length|};
                }
            }
            """;

        [Fact]
        public async Task Reports_SharedTypeFromAReferencedAssemblyThatDeclaresTheAttribute()
        {
            var library = Emit("Lib", Attributes + Library);
            var test = new AnalyzerTest { TestCode = Consumer };
            test.AdditionalReferences.Add(library);
            await test.RunAsync();
        }

        [Fact]
        public async Task Reports_SharedTypeFromAnAssemblyThatReferencesTheAttributeAssembly()
        {
            var attributes = Emit("Attrs", Attributes);
            var library = Emit("Lib", Library, attributes);
            var test = new AnalyzerTest { TestCode = Consumer };
            test.AdditionalReferences.Add(attributes);
            test.AdditionalReferences.Add(library);
            await test.RunAsync();
        }

        [Fact]
        public async Task NoDiagnostic_SameCodeWhenTheLibraryTypesAreNotShared()
        {
            var library = Emit("Lib", Attributes + Library.Replace("[Attrs.SharedMemory]", string.Empty, System.StringComparison.Ordinal));
            var test = new AnalyzerTest { TestCode = Consumer.Replace("{|DF0001:", string.Empty, System.StringComparison.Ordinal).Replace("|}", string.Empty, System.StringComparison.Ordinal) };
            test.AdditionalReferences.Add(library);
            await test.RunAsync();
        }

        private static MetadataReference Emit(string name, string source, params MetadataReference[] references)
        {
            var compilation = CSharpCompilation.Create(
                name,
                new[] { CSharpSyntaxTree.ParseText(source) },
                TestReferences.Runtime.Concat(references),
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            using var stream = new MemoryStream();
            var result = compilation.Emit(stream);
            Assert.True(result.Success, string.Join("\n", result.Diagnostics));
            return MetadataReference.CreateFromImage(stream.ToArray());
        }
    }
}
