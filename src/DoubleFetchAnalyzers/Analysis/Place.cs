using Microsoft.CodeAnalysis;

namespace DoubleFetchAnalyzers.Analysis
{
    internal enum PlaceKind
    {
        /// <summary>Memory the analysis does not track (an element of an ordinary array, a field of some object).</summary>
        Other,

        /// <summary>A local, parameter, flow capture or a field of one: its value facts are tracked under its path.</summary>
        Variable,

        /// <summary>Shared memory: each read is a fetch.</summary>
        Shared,

        /// <summary>A fixed-size buffer inside shared memory: reading it yields an address, not a value.</summary>
        SharedBuffer,
    }

    /// <summary>The result of evaluating a reference (an assignable expression) without reading it.</summary>
    internal readonly struct Place
    {
        public Place(PlaceKind kind, AccessPath? path, IOperation operation, bool symbolUntrusted = false, ValueFacts? containerFacts = null, AccessPath? aliasOf = null)
        {
            Kind = kind;
            Path = path;
            Operation = operation;
            SymbolUntrusted = symbolUntrusted;
            ContainerFacts = containerFacts;
            AliasOf = aliasOf;
        }

        public PlaceKind Kind { get; }

        /// <summary>The location key (shared) or variable path; null when the expression has no key.</summary>
        public AccessPath? Path { get; }

        public IOperation Operation { get; }

        /// <summary>The symbol itself marks its values untrusted ([Untrusted], a name with an untrusted prefix).</summary>
        public bool SymbolUntrusted { get; }

        /// <summary>For an element or field of another value: that value's facts (elements of an untrusted array are untrusted).</summary>
        public ValueFacts? ContainerFacts { get; }

        /// <summary>For a flow capture of a variable: the variable, so that checks on the capture also refine it.</summary>
        public AccessPath? AliasOf { get; }
    }
}
