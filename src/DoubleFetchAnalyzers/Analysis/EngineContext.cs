using Microsoft.CodeAnalysis;

namespace DoubleFetchAnalyzers.Analysis
{
    /// <summary>
    /// The per-compilation state of the engine, created once at compilation start: resolved framework symbols,
    /// the source model (attributes, names, configuration) and cached known lengths. Nothing static, nothing kept
    /// past the compilation.
    /// </summary>
    internal sealed class EngineContext
    {
        public EngineContext(Compilation compilation, SourceModel sources)
        {
            Sources = sources;
            Lengths = new KnownLengths(compilation);
        }

        public SourceModel Sources { get; }

        public KnownSymbols Known => Sources.Known;

        public KnownLengths Lengths { get; }
    }
}
