using System.Collections.Immutable;
using DoubleFetchAnalyzers.Analysis;
using Microsoft.CodeAnalysis;

namespace DoubleFetchAnalyzers.Configuration
{
    /// <summary>The configuration keys of one analyzed tree, with every documentation ID resolved to symbols.</summary>
    internal sealed class ResolvedConfiguration
    {
        public static readonly ResolvedConfiguration Default = new(
            ImmutableHashSet<ISymbol>.Empty.WithComparer(SymbolEqualityComparer.Default),
            ImmutableHashSet<ISymbol>.Empty.WithComparer(SymbolEqualityComparer.Default),
            ImmutableHashSet<ISymbol>.Empty.WithComparer(SymbolEqualityComparer.Default),
            ImmutableHashSet<ISymbol>.Empty.WithComparer(SymbolEqualityComparer.Default),
            ImmutableHashSet<ISymbol>.Empty.WithComparer(SymbolEqualityComparer.Default),
            ImmutableHashSet<ISymbol>.Empty.WithComparer(SymbolEqualityComparer.Default),
            useDefaultRevalidatingMethods: true,
            ImmutableArray.Create(UntrustedNames.DefaultPrefix));

        public ResolvedConfiguration(
            ImmutableHashSet<ISymbol> sharedMemoryTypes,
            ImmutableHashSet<ISymbol> sharedMemoryMembers,
            ImmutableHashSet<ISymbol> sharedMemoryAccessors,
            ImmutableHashSet<ISymbol> untrustedSources,
            ImmutableHashSet<ISymbol> sanitizers,
            ImmutableHashSet<ISymbol> revalidatingMethods,
            bool useDefaultRevalidatingMethods,
            ImmutableArray<string> untrustedPrefixes)
        {
            SharedMemoryTypes = sharedMemoryTypes;
            SharedMemoryMembers = sharedMemoryMembers;
            SharedMemoryAccessors = sharedMemoryAccessors;
            UntrustedSources = untrustedSources;
            Sanitizers = sanitizers;
            RevalidatingMethods = revalidatingMethods;
            UseDefaultRevalidatingMethods = useDefaultRevalidatingMethods;
            UntrustedPrefixes = untrustedPrefixes;
            Names = NamesOf(sharedMemoryTypes, sharedMemoryMembers, sharedMemoryAccessors, untrustedSources);
        }

        public ImmutableHashSet<ISymbol> SharedMemoryTypes { get; }

        public ImmutableHashSet<ISymbol> SharedMemoryMembers { get; }

        public ImmutableHashSet<ISymbol> SharedMemoryAccessors { get; }

        public ImmutableHashSet<ISymbol> UntrustedSources { get; }

        public ImmutableHashSet<ISymbol> Sanitizers { get; }

        public ImmutableHashSet<ISymbol> RevalidatingMethods { get; }

        public bool UseDefaultRevalidatingMethods { get; }

        public ImmutableArray<string> UntrustedPrefixes { get; }

        /// <summary>The simple names a body must mention to reach a configured source (a type's members included).</summary>
        public ImmutableHashSet<string> Names { get; }

        private static ImmutableHashSet<string> NamesOf(params ImmutableHashSet<ISymbol>[] sets)
        {
            var names = ImmutableHashSet.CreateBuilder<string>(System.StringComparer.Ordinal);
            foreach (var set in sets)
            {
                foreach (var symbol in set)
                {
                    names.Add(symbol.Name);
                    if (symbol is INamedTypeSymbol type)
                    {
                        foreach (var member in type.GetMembers())
                        {
                            names.Add(member.Name);
                        }
                    }
                }
            }

            return names.ToImmutable();
        }

        /// <summary>True when any symbol list is non-empty: the configuration alone can make a method interesting.</summary>
        public bool DeclaresSources => !SharedMemoryTypes.IsEmpty || !SharedMemoryMembers.IsEmpty || !SharedMemoryAccessors.IsEmpty || !UntrustedSources.IsEmpty;
    }
}
