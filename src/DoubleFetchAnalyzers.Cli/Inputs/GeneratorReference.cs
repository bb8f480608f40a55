using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DoubleFetchAnalyzers.Cli.Inputs
{
    /// <summary>
    /// Gives a folder's compilation the product's attribute generator, as the package gives it to a project, so that
    /// <c>[SharedMemory]</c> and <c>[Untrusted]</c> resolve without a declaration in the code. Only the generator: the
    /// tool runs the analyzers itself.
    /// </summary>
    internal sealed class GeneratorReference : AnalyzerReference
    {
        private readonly ImmutableArray<ISourceGenerator> _generators;

        public GeneratorReference(ISourceGenerator generator)
        {
            _generators = ImmutableArray.Create(generator);
        }

        public override string? FullPath => null;

        public override string Display => "DoubleFetchAnalyzers (attribute generator)";

        public override object Id => typeof(GeneratorReference);

        public override ImmutableArray<DiagnosticAnalyzer> GetAnalyzers(string language) => ImmutableArray<DiagnosticAnalyzer>.Empty;

        public override ImmutableArray<DiagnosticAnalyzer> GetAnalyzersForAllLanguages() => ImmutableArray<DiagnosticAnalyzer>.Empty;

        public override ImmutableArray<ISourceGenerator> GetGenerators(string language) =>
            string.Equals(language, LanguageNames.CSharp, StringComparison.Ordinal) ? _generators : ImmutableArray<ISourceGenerator>.Empty;

        public override ImmutableArray<ISourceGenerator> GetGeneratorsForAllLanguages() => _generators;
    }
}
