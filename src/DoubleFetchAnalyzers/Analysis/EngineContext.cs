using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading;
using DoubleFetchAnalyzers.Configuration;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DoubleFetchAnalyzers.Analysis
{
    /// <summary>
    /// The per-compilation state of the engine, created once at compilation start: resolved framework symbols,
    /// cached known lengths, and one source model per distinct configuration (trees can have different
    /// .editorconfig sections). Nothing static, nothing kept past the compilation.
    /// </summary>
    internal sealed class EngineContext
    {
        private readonly Compilation _compilation;
        private readonly ConcurrentDictionary<RawConfiguration, (SourceModel Sources, ImmutableArray<ConfigurationError> Errors)> _configurations = new();
        private readonly ConcurrentDictionary<SyntaxTree, SourceModel> _byTree = new();
        private readonly ConcurrentDictionary<ISymbol, byte> _reportedFields = new(SymbolEqualityComparer.Default);
        private SyntaxHints? _hints;

        public EngineContext(Compilation compilation)
        {
            _compilation = compilation;
            Known = new KnownSymbols(compilation);
            Lengths = new KnownLengths(compilation);
        }

        public KnownSymbols Known { get; }

        public KnownLengths Lengths { get; }

        /// <summary>The names a body must mention to touch a source, computed once, on first use.</summary>
        public SyntaxHints Hints(CancellationToken cancellationToken)
        {
            var hints = _hints;
            if (hints is null)
            {
                hints = SyntaxHints.Create(_compilation, Known, cancellationToken);
                Interlocked.CompareExchange(ref _hints, hints, null);
            }

            return _hints!;
        }

        /// <summary>True the first time a field is reported by DF0007 in this compilation: fields are stored from many methods.</summary>
        public bool FirstReportOf(ISymbol field) => _reportedFields.TryAdd(field, 0);

        /// <summary>The source model for the configuration that applies to <paramref name="tree"/>.</summary>
        public SourceModel SourcesFor(SyntaxTree tree, AnalyzerOptions options)
        {
            if (_byTree.TryGetValue(tree, out var sources))
            {
                return sources;
            }

            var provider = options.AnalyzerConfigOptionsProvider;
            sources = Resolve(RawConfiguration.Read(provider.GetOptions(tree), provider.GlobalOptions)).Sources;
            _byTree.TryAdd(tree, sources);
            return sources;
        }

        public (SourceModel Sources, ImmutableArray<ConfigurationError> Errors) Resolve(RawConfiguration raw)
        {
            if (!_configurations.TryGetValue(raw, out var resolved))
            {
                var (configuration, errors) = ConfigurationParser.Parse(raw, _compilation);
                resolved = (new SourceModel(Known, configuration), errors);
                _configurations.TryAdd(raw, resolved);
            }

            return resolved;
        }
    }
}
