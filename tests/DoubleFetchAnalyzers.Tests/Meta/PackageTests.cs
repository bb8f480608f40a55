using System;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;
using Xunit;

namespace DoubleFetchAnalyzers.Tests.Meta
{
    /// <summary>The NuGet package has the shape SPEC section 8 promises: analyzers only, a development dependency.</summary>
    [Collection(DotnetProcessCollection.Name)]
    public sealed class PackageTests
    {
        private const string AnalyzerFolder = "analyzers/dotnet/cs/";

        private readonly PackedPackage _package;

        public PackageTests(PackedPackage package)
        {
            _package = package;
        }

        [Fact]
        public void Packs_exactly_the_analyzer_and_code_fix_assemblies_under_analyzers_dotnet_cs()
        {
            var analyzerEntries = _package.EntryNames.Where(name => name.StartsWith("analyzers/", StringComparison.Ordinal));

            Assert.Equal(
                new[] { AnalyzerFolder + "DoubleFetchAnalyzers.CodeFixes.dll", AnalyzerFolder + "DoubleFetchAnalyzers.dll" },
                analyzerEntries.OrderBy(name => name, StringComparer.Ordinal));
        }

        [Fact]
        public void Packs_nothing_under_lib()
            => Assert.DoesNotContain(_package.EntryNames, name => name.StartsWith("lib/", StringComparison.OrdinalIgnoreCase));

        [Fact]
        public void Packs_build_props_that_makes_DoubleFetchEmbedAttributes_visible_to_the_generator()
        {
            var props = XDocument.Parse(_package.ReadText("build/DoubleFetchAnalyzers.props"));

            var visible = props.Descendants().Where(element => element.Name.LocalName == "CompilerVisibleProperty");
            Assert.Contains(visible, element => (string?)element.Attribute("Include") == "DoubleFetchEmbedAttributes");
            Assert.Contains(props.Descendants(), element => element.Name.LocalName == "DoubleFetchEmbedAttributes" && element.Value == "true");
        }

        [Fact]
        public void Declares_a_development_dependency_without_dependencies()
        {
            var nuspecName = Assert.Single(_package.EntryNames, name => name.EndsWith(".nuspec", StringComparison.Ordinal));
            var nuspec = XDocument.Parse(_package.ReadText(nuspecName));

            var metadata = Assert.Single(nuspec.Descendants(), element => element.Name.LocalName == "metadata");
            Assert.Equal("DoubleFetchAnalyzers", ChildValue(metadata, "id"));
            Assert.Equal(_package.Version, ChildValue(metadata, "version"));
            Assert.Equal("true", ChildValue(metadata, "developmentDependency"));
            Assert.DoesNotContain(nuspec.Descendants(), element => element.Name.LocalName == "dependency");
        }

        [Theory]
        [InlineData("DoubleFetchAnalyzers.dll", "4.8.0.0")]
        [InlineData("DoubleFetchAnalyzers.CodeFixes.dll", "4.14.0.0")]
        public void Packs_assemblies_that_reference_no_newer_Roslyn_than_supported(string assembly, string newestAllowed)
        {
            // A compiler ignores (with only warning CS9057) an analyzer built against a newer Roslyn than itself.
            using var image = new MemoryStream(_package.ReadBytes(AnalyzerFolder + assembly));
            using var reader = new PEReader(image);
            var metadata = reader.GetMetadataReader();

            var roslyn = metadata.AssemblyReferences
                .Select(handle => metadata.GetAssemblyReference(handle))
                .Where(reference => metadata.GetString(reference.Name).StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal))
                .Select(reference => (Name: metadata.GetString(reference.Name), reference.Version))
                .ToList();

            Assert.Contains(roslyn, reference => reference.Name == "Microsoft.CodeAnalysis");
            Assert.All(roslyn, reference => Assert.True(
                reference.Version <= Version.Parse(newestAllowed),
                $"{assembly} references {reference.Name} {reference.Version}, newer than {newestAllowed}."));
        }

        private static string? ChildValue(XElement parent, string localName)
            => parent.Elements().FirstOrDefault(element => element.Name.LocalName == localName)?.Value;
    }
}
