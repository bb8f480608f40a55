using System;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DoubleFetchAnalyzers.Generators
{
    /// <summary>
    /// Adds <c>DoubleFetch.SharedMemoryAttribute</c> and <c>DoubleFetch.UntrustedAttribute</c> to every C# compilation
    /// that uses the package, unless the MSBuild property <c>DoubleFetchEmbedAttributes</c> is <c>false</c> or the
    /// project declares the attribute itself.
    /// </summary>
    /// <remarks>
    /// The attributes are internal and, on compilers that accept a source-declared
    /// <c>Microsoft.CodeAnalysis.EmbeddedAttribute</c> (Roslyn 4.14, .NET SDK 9.0.300, and newer), marked embedded, so
    /// that a project which sees another's internals through <c>InternalsVisibleTo</c> does not get a second copy
    /// (CS0436). Older compilers report CS8336 on such a declaration as soon as they need an embedded attribute of
    /// their own (nullable metadata, <c>in</c> parameters), so there the attributes are plain internal types.
    /// </remarks>
    [Generator(LanguageNames.CSharp)]
    public sealed class AttributeGenerator : IIncrementalGenerator
    {
        /// <summary>The global option that carries the MSBuild property (made visible by the package's props file).</summary>
        public const string EmbedAttributesOption = "build_property.DoubleFetchEmbedAttributes";

        /// <summary>The name of the single generated file.</summary>
        public const string HintName = "DoubleFetch.Attributes.g.cs";

        private const string SharedMemoryMetadataName = "DoubleFetch.SharedMemoryAttribute";
        private const string UntrustedMetadataName = "DoubleFetch.UntrustedAttribute";
        private const string EmbeddedAttributeMetadataName = "Microsoft.CodeAnalysis.EmbeddedAttribute";

        /// <summary>The first compiler version that uses a source-declared <c>EmbeddedAttribute</c> instead of rejecting it.</summary>
        private static readonly Version FirstCompilerAcceptingSourceEmbeddedAttribute = new(4, 14);

        private readonly bool _markEmbedded;

        /// <summary>Creates the generator for the compiler that loaded it.</summary>
        public AttributeGenerator()
            : this(typeof(Compilation).Assembly.GetName().Version)
        {
        }

        /// <summary>Creates the generator as if it ran in the compiler of the given version (for tests).</summary>
        internal AttributeGenerator(Version? hostCompilerVersion)
        {
            _markEmbedded = hostCompilerVersion is not null && hostCompilerVersion >= FirstCompilerAcceptingSourceEmbeddedAttribute;
        }

        /// <inheritdoc />
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var enabled = context.AnalyzerConfigOptionsProvider
                .Select(static (provider, _) => IsEnabled(provider.GlobalOptions));

            // Runs on every compilation change, but only looks names up in the declaration table; the result has
            // value equality, so the source output below runs again only when a declaration appears or disappears.
            var declaredInSource = context.CompilationProvider
                .Select(static (compilation, _) => new SourceDeclarations(
                    SharedMemory: IsDeclaredInSource(compilation, SharedMemoryMetadataName),
                    Untrusted: IsDeclaredInSource(compilation, UntrustedMetadataName),
                    EmbeddedAttribute: IsDeclaredInSource(compilation, EmbeddedAttributeMetadataName)));

            var markEmbedded = _markEmbedded;
            var plan = enabled
                .Combine(declaredInSource)
                .Select((input, _) => GenerationPlan.Create(input.Left, input.Right, markEmbedded));

            context.RegisterSourceOutput(plan, static (output, plan) =>
            {
                if (plan.IsEmpty)
                {
                    return;
                }

                output.AddSource(HintName, Render(plan));
            });
        }

        private static bool IsEnabled(AnalyzerConfigOptions globalOptions)
            => !globalOptions.TryGetValue(EmbedAttributesOption, out var value)
                || !string.Equals(value.Trim(), "false", StringComparison.OrdinalIgnoreCase);

        private static bool IsDeclaredInSource(Compilation compilation, string metadataName)
            => compilation.Assembly.GetTypeByMetadataName(metadataName) is not null;

        private static string Render(GenerationPlan plan)
        {
            var version = typeof(AttributeGenerator).Assembly.GetName().Version?.ToString() ?? "0.0.0.0";
            var markers = "    [global::System.CodeDom.Compiler.GeneratedCode(\"DoubleFetchAnalyzers\", \"" + version + "\")]\n"
                + (plan.MarkEmbedded ? "    [global::Microsoft.CodeAnalysis.EmbeddedAttribute]\n" : "");

            var text = new StringBuilder();
            text.Append("""
                // <auto-generated/>
                // Added by the DoubleFetchAnalyzers package. To declare these attributes yourself, or not at all, set the
                // MSBuild property DoubleFetchEmbedAttributes to false.

                """);

            if (plan.SharedMemory || plan.Untrusted)
            {
                text.Append("\nnamespace DoubleFetch\n{\n");
                if (plan.SharedMemory)
                {
                    text.Append("""
                            /// <summary>
                            /// Marks memory that another party can change at any time. On a struct or class, its instances live in
                            /// shared memory; on a field, property, parameter or return value, the value is or points at shared memory.
                            /// Each read of such memory is a fetch: DoubleFetchAnalyzers reports values that are fetched twice.
                            /// </summary>
                            [global::System.AttributeUsage(global::System.AttributeTargets.Struct | global::System.AttributeTargets.Class | global::System.AttributeTargets.Field | global::System.AttributeTargets.Property | global::System.AttributeTargets.Parameter | global::System.AttributeTargets.ReturnValue, AllowMultiple = false, Inherited = false)]

                        """);
                    text.Append(markers);
                    text.Append("""
                            internal sealed class SharedMemoryAttribute : global::System.Attribute
                            {
                            }

                        """);
                }

                if (plan.SharedMemory && plan.Untrusted)
                {
                    text.Append('\n');
                }

                if (plan.Untrusted)
                {
                    text.Append("""
                            /// <summary>
                            /// Marks a field, property, parameter or return value whose value is an untrusted copy: DoubleFetchAnalyzers
                            /// requires a complete bounds check before it is used as an index, length or offset.
                            /// </summary>
                            [global::System.AttributeUsage(global::System.AttributeTargets.Field | global::System.AttributeTargets.Property | global::System.AttributeTargets.Parameter | global::System.AttributeTargets.ReturnValue, AllowMultiple = false, Inherited = false)]

                        """);
                    text.Append(markers);
                    text.Append("""
                            internal sealed class UntrustedAttribute : global::System.Attribute
                            {
                            }

                        """);
                }

                text.Append("}\n");
            }

            if (plan.EmbeddedAttributeDefinition)
            {
                // The same shape as Roslyn's own AddEmbeddedAttributeDefinition: partial and without attributes, so that
                // it merges with the copies other generators add; the compiler marks it embedded itself.
                text.Append("""

                    namespace Microsoft.CodeAnalysis
                    {
                        internal sealed partial class EmbeddedAttribute : global::System.Attribute
                        {
                        }
                    }

                    """);
            }

            return text.ToString().Replace("\r\n", "\n");
        }

        private readonly record struct SourceDeclarations(bool SharedMemory, bool Untrusted, bool EmbeddedAttribute);

        private readonly record struct GenerationPlan(bool SharedMemory, bool Untrusted, bool MarkEmbedded, bool EmbeddedAttributeDefinition)
        {
            public bool IsEmpty => !SharedMemory && !Untrusted;

            public static GenerationPlan Create(bool enabled, SourceDeclarations declared, bool markEmbedded)
            {
                if (!enabled)
                {
                    return default;
                }

                var sharedMemory = !declared.SharedMemory;
                var untrusted = !declared.Untrusted;
                var anyAttribute = sharedMemory || untrusted;
                return new GenerationPlan(
                    sharedMemory,
                    untrusted,
                    MarkEmbedded: anyAttribute && markEmbedded,
                    EmbeddedAttributeDefinition: anyAttribute && markEmbedded && !declared.EmbeddedAttribute);
            }
        }
    }
}
