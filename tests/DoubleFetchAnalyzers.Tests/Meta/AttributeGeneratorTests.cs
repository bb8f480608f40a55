using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using DoubleFetchAnalyzers.Generators;
using DoubleFetchAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace DoubleFetchAnalyzers.Tests.Meta
{
    /// <summary>The package's attributes are there without a declaration, and never clash with anything.</summary>
    public class AttributeGeneratorTests
    {
        private const string UsesBothAttributes = """
            [DoubleFetch.SharedMemory]
            public struct Header
            {
                public int Length;
            }

            public static class Reader
            {
                public static int Read([DoubleFetch.SharedMemory] Header header, [DoubleFetch.Untrusted] int offset) => header.Length + offset;
            }
            """;

        [Fact]
        public void Generates_attributes_that_bind_without_errors()
        {
            var (output, run) = RunGenerator(CreateCompilation("App", UsesBothAttributes));

            var generated = Assert.Single(run.Results.Single().GeneratedSources);
            Assert.Equal(AttributeGenerator.HintName, generated.HintName);
            Assert.Empty(run.Diagnostics);
            AssertEmitsCleanly(output);

            var header = output.GetTypeByMetadataName("Header")!;
            var attribute = Assert.Single(header.GetAttributes()).AttributeClass!;
            Assert.Equal("DoubleFetch.SharedMemoryAttribute", attribute.ToDisplayString());
            Assert.Equal(TypeKind.Class, attribute.TypeKind);
        }

        [Fact]
        public void Generates_attributes_with_the_documented_targets()
        {
            var (output, _) = RunGenerator(CreateCompilation("App", ""));

            Assert.Equal(
                AttributeTargets.Struct | AttributeTargets.Class | AttributeTargets.Field | AttributeTargets.Property | AttributeTargets.Parameter | AttributeTargets.ReturnValue,
                UsageOf(output, "DoubleFetch.SharedMemoryAttribute"));
            Assert.Equal(
                AttributeTargets.Field | AttributeTargets.Property | AttributeTargets.Parameter | AttributeTargets.ReturnValue,
                UsageOf(output, "DoubleFetch.UntrustedAttribute"));
        }

        [Fact]
        public void Generates_attributes_that_do_not_clash_across_InternalsVisibleTo()
        {
            var library = LibraryWithInternalsVisibleToConsumer();
            var (consumer, _) = RunGenerator(CreateCompilation("Consumer", """
                [DoubleFetch.SharedMemory]
                internal struct Frame
                {
                }

                internal static class UsesLibraryInternals
                {
                    public static int Size(Library.Header header, [DoubleFetch.Untrusted] int offset) => Library.Internals.Size(header) + offset;
                }
                """, library));

            // CS0436/CS0433 (two DoubleFetch.SharedMemoryAttribute types) or CS0122 (an inaccessible one) would show here.
            AssertEmitsCleanly(consumer);
            var frame = consumer.GetTypeByMetadataName("Frame")!;
            Assert.True(SymbolEqualityComparer.Default.Equals(consumer.Assembly, frame.GetAttributes().Single().AttributeClass!.ContainingAssembly));
        }

        [Fact]
        public void Generates_attributes_that_stay_visible_by_name_on_types_of_a_referenced_assembly()
        {
            // The analyzers recognise the attributes by name, also on a type that comes from metadata.
            var library = LibraryWithInternalsVisibleToConsumer();
            var (consumer, _) = RunGenerator(CreateCompilation("Consumer", "", library));

            var header = consumer.GetTypeByMetadataName("Library.Header")!;
            var attribute = Assert.Single(header.GetAttributes()).AttributeClass!;
            Assert.Equal("SharedMemoryAttribute", attribute.Name);
            Assert.Equal("DoubleFetch", attribute.ContainingNamespace.ToDisplayString());
        }

        [Theory]
        [InlineData("false")]
        [InlineData("False")]
        [InlineData(" FALSE ")]
        public void Skips_generation_when_DoubleFetchEmbedAttributes_is_false(string value)
        {
            var options = new GlobalOptionsProvider(AttributeGenerator.EmbedAttributesOption, value);

            var (output, run) = RunGenerator(CreateCompilation("App", "class C { }"), options);

            Assert.Empty(run.Results.Single().GeneratedSources);
            Assert.Null(output.GetTypeByMetadataName("DoubleFetch.SharedMemoryAttribute"));
        }

        [Theory]
        [InlineData("true")]
        [InlineData("")]
        public void Generates_when_DoubleFetchEmbedAttributes_is_not_false(string value)
        {
            var options = new GlobalOptionsProvider(AttributeGenerator.EmbedAttributesOption, value);

            var (output, run) = RunGenerator(CreateCompilation("App", UsesBothAttributes), options);

            Assert.Single(run.Results.Single().GeneratedSources);
            AssertEmitsCleanly(output);
        }

        [Fact]
        public void Skips_attributes_the_project_declares_itself()
        {
            var compilation = CreateCompilation("App", UsesBothAttributes + """

                namespace DoubleFetch
                {
                    class SharedMemoryAttribute : System.Attribute { }
                    class UntrustedAttribute : System.Attribute { }
                }
                """);

            var (output, run) = RunGenerator(compilation);

            Assert.Empty(run.Results.Single().GeneratedSources);
            AssertEmitsCleanly(output);
        }

        [Fact]
        public void Generates_only_the_attribute_the_project_does_not_declare()
        {
            var compilation = CreateCompilation("App", UsesBothAttributes + """

                namespace DoubleFetch
                {
                    class SharedMemoryAttribute : System.Attribute { }
                }
                """);

            var (output, run) = RunGenerator(compilation);

            var generated = Assert.Single(run.Results.Single().GeneratedSources).SourceText.ToString();
            Assert.Contains("class UntrustedAttribute", generated, StringComparison.Ordinal);
            Assert.DoesNotContain("class SharedMemoryAttribute", generated, StringComparison.Ordinal);
            AssertEmitsCleanly(output);
        }

        [Fact]
        public void Skips_the_EmbeddedAttribute_definition_when_the_project_declares_it()
        {
            var compilation = CreateCompilation("App", UsesBothAttributes + """

                namespace Microsoft.CodeAnalysis
                {
                    internal sealed class EmbeddedAttribute : System.Attribute { }
                }
                """);

            var (output, run) = RunGenerator(compilation);

            var generated = Assert.Single(run.Results.Single().GeneratedSources).SourceText.ToString();
            Assert.DoesNotContain("class EmbeddedAttribute", generated, StringComparison.Ordinal);
            Assert.Contains("[global::Microsoft.CodeAnalysis.EmbeddedAttribute]", generated, StringComparison.Ordinal);
            AssertEmitsCleanly(output);
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void Generates_attributes_that_coexist_with_another_generators_EmbeddedAttribute(bool otherAddsItBeforeGeneration)
        {
            // Roslyn's helper for generators adds a partial definition in the post-initialization phase, which this
            // generator sees and reuses; one added later is merged with this generator's own partial definition.
            var (output, run) = RunGenerator(
                CreateCompilation("App", UsesBothAttributes),
                generators: new[]
                {
                    new AttributeGenerator().AsSourceGenerator(),
                    new OtherGeneratorWithEmbeddedAttribute(otherAddsItBeforeGeneration).AsSourceGenerator(),
                });

            var definitions = run.GeneratedTrees.Count(tree => tree.ToString().Contains("partial class EmbeddedAttribute", StringComparison.Ordinal));
            Assert.Equal(otherAddsItBeforeGeneration ? 1 : 2, definitions);
            Assert.NotNull(output.Assembly.GetTypeByMetadataName("Microsoft.CodeAnalysis.EmbeddedAttribute"));
            AssertEmitsCleanly(output);
        }

        [Fact]
        public void Generates_plain_internal_attributes_for_compilers_older_than_4_14()
        {
            // Those compilers report CS8336 on a source-declared EmbeddedAttribute whenever they need one themselves.
            var (output, run) = RunGenerator(
                CreateCompilation("App", UsesBothAttributes),
                generators: new[] { new AttributeGenerator(new Version(4, 8, 0, 0)).AsSourceGenerator() });

            var generated = Assert.Single(run.Results.Single().GeneratedSources).SourceText.ToString();
            Assert.DoesNotContain("EmbeddedAttribute", generated, StringComparison.Ordinal);
            Assert.Contains("internal sealed class SharedMemoryAttribute", generated, StringComparison.Ordinal);
            AssertEmitsCleanly(output);
        }

        [Fact]
        public void Generates_nothing_new_after_an_unrelated_edit()
        {
            var first = CreateCompilation("App", UsesBothAttributes);
            var driver = CreateDriver(first, generators: null, options: null)
                .RunGenerators(first, CancellationToken.None);

            var tree = first.SyntaxTrees.Single();
            var edited = first.ReplaceSyntaxTree(tree, tree.WithChangedText(tree.GetText().Replace(0, 0, "// edited\n")));
            var run = driver.RunGenerators(edited, CancellationToken.None).GetRunResult().Results.Single();

            var outputs = run.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(step => step.Outputs).ToList();
            Assert.NotEmpty(outputs);
            Assert.All(outputs, output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
        }

        private static CSharpCompilation LibraryWithInternalsVisibleToConsumer()
        {
            // Nullable annotations make the compiler synthesize embedded attributes of its own, using the generated
            // EmbeddedAttribute definition; a definition that breaks its rules (CS9271) would fail here.
            var (library, _) = RunGenerator(CreateCompilation("Library", """
                #nullable enable
                [assembly: System.Runtime.CompilerServices.InternalsVisibleTo("Consumer")]

                namespace Library
                {
                    [DoubleFetch.SharedMemory]
                    public struct Header
                    {
                        public int Length;
                        public string? Name;
                    }

                    internal static class Internals
                    {
                        public static int Size(Header header) => header.Length;
                    }
                }
                """));
            AssertEmitsCleanly(library);
            return (CSharpCompilation)library;
        }

        private static CSharpCompilation CreateCompilation(string assemblyName, string source, params Compilation[] references)
        {
            var metadata = references.Select(reference => MetadataReference.CreateFromImage(Emit(reference)));
            return CSharpCompilation.Create(
                assemblyName,
                new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: assemblyName + ".cs") },
                TestReferences.Runtime.Concat(metadata),
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));
        }

        private static (Compilation Output, GeneratorDriverRunResult Run) RunGenerator(
            Compilation compilation,
            AnalyzerConfigOptionsProvider? options = null,
            IEnumerable<ISourceGenerator>? generators = null)
        {
            var driver = CreateDriver(compilation, generators, options)
                .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
            Assert.Empty(diagnostics);
            return (output, driver.GetRunResult());
        }

        private static GeneratorDriver CreateDriver(Compilation compilation, IEnumerable<ISourceGenerator>? generators, AnalyzerConfigOptionsProvider? options)
            => CSharpGeneratorDriver.Create(
                generators ?? new[] { new AttributeGenerator().AsSourceGenerator() },
                additionalTexts: null,
                parseOptions: (CSharpParseOptions)compilation.SyntaxTrees.First().Options,
                optionsProvider: options,
                driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

        private static byte[] Emit(Compilation compilation)
        {
            using var image = new MemoryStream();
            var result = compilation.Emit(image);
            Assert.True(result.Success, string.Join(Environment.NewLine, result.Diagnostics));
            return image.ToArray();
        }

        private static void AssertEmitsCleanly(Compilation compilation)
        {
            using var image = new MemoryStream();
            var result = compilation.Emit(image);
            var problems = compilation.GetDiagnostics().Concat(result.Diagnostics)
                .Where(diagnostic => diagnostic.Severity >= DiagnosticSeverity.Warning)
                .Select(diagnostic => diagnostic.ToString())
                .Distinct()
                .ToList();
            Assert.True(result.Success && problems.Count == 0, string.Join(Environment.NewLine, problems));
        }

        private static AttributeTargets UsageOf(Compilation compilation, string metadataName)
        {
            var type = compilation.GetTypeByMetadataName(metadataName)!;
            var usage = type.GetAttributes().Single(attribute => attribute.AttributeClass!.Name == nameof(AttributeUsageAttribute));
            Assert.False((bool)usage.NamedArguments.Single(argument => argument.Key == nameof(AttributeUsageAttribute.AllowMultiple)).Value.Value!);
            Assert.False((bool)usage.NamedArguments.Single(argument => argument.Key == nameof(AttributeUsageAttribute.Inherited)).Value.Value!);
            return (AttributeTargets)(int)usage.ConstructorArguments.Single().Value!;
        }

        /// <summary>Global analyzer options, as MSBuild passes <c>CompilerVisibleProperty</c> values.</summary>
        private sealed class GlobalOptionsProvider : AnalyzerConfigOptionsProvider
        {
            private readonly DictionaryOptions _global;

            public GlobalOptionsProvider(string key, string value)
            {
                _global = new DictionaryOptions(ImmutableDictionary<string, string>.Empty.Add(key, value));
            }

            public override AnalyzerConfigOptions GlobalOptions => _global;

            public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => DictionaryOptions.Empty;

            public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => DictionaryOptions.Empty;
        }

        private sealed class DictionaryOptions : AnalyzerConfigOptions
        {
            public static readonly DictionaryOptions Empty = new(ImmutableDictionary<string, string>.Empty);

            private readonly ImmutableDictionary<string, string> _values;

            public DictionaryOptions(ImmutableDictionary<string, string> values)
            {
                _values = values;
            }

            public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value)
                => _values.TryGetValue(key, out value);
        }

        /// <summary>Another package's generator with its own marker attribute and EmbeddedAttribute definition.</summary>
        private sealed class OtherGeneratorWithEmbeddedAttribute : IIncrementalGenerator
        {
            private const string Marker = """
                namespace Other
                {
                    [global::Microsoft.CodeAnalysis.EmbeddedAttribute]
                    internal sealed class MarkerAttribute : global::System.Attribute { }
                }
                """;

            private readonly bool _beforeGeneration;

            public OtherGeneratorWithEmbeddedAttribute(bool beforeGeneration)
            {
                _beforeGeneration = beforeGeneration;
            }

            public void Initialize(IncrementalGeneratorInitializationContext context)
            {
                if (_beforeGeneration)
                {
                    context.RegisterPostInitializationOutput(output =>
                    {
                        output.AddEmbeddedAttributeDefinition();
                        output.AddSource("Other.g.cs", Marker);
                    });
                }
                else
                {
                    context.RegisterSourceOutput(context.CompilationProvider.Select((_, _) => 0), (output, _) =>
                    {
                        output.AddSource("OtherEmbedded.g.cs", """
                            namespace Microsoft.CodeAnalysis
                            {
                                internal sealed partial class EmbeddedAttribute : global::System.Attribute
                                {
                                }
                            }
                            """);
                        output.AddSource("Other.g.cs", Marker);
                    });
                }
            }
        }
    }
}
