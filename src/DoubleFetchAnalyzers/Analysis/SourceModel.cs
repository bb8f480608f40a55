using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using DoubleFetchAnalyzers.Configuration;
using Microsoft.CodeAnalysis;

namespace DoubleFetchAnalyzers.Analysis
{
    /// <summary>
    /// Answers "is this a source?" for types, symbols and methods: the attributes (by simple name, in any
    /// namespace), the untrusted naming convention, the built-in accessors and the configured symbol lists.
    /// One instance per compilation and configuration; thread-safe.
    /// </summary>
    internal sealed class SourceModel
    {
        private const string SharedMemoryAttributeName = "SharedMemoryAttribute";
        private const string UntrustedAttributeName = "UntrustedAttribute";

        private readonly ConcurrentDictionary<ISymbol, bool> _sharedTypes = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<ISymbol, bool> _sharedSymbols = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<ISymbol, bool> _untrustedSymbols = new(SymbolEqualityComparer.Default);

        public SourceModel(KnownSymbols known, ResolvedConfiguration configuration)
        {
            Known = known;
            Configuration = configuration;
        }

        public KnownSymbols Known { get; }

        public ResolvedConfiguration Configuration { get; }

        /// <summary>Instances of the type live in shared memory: [SharedMemory] or configured.</summary>
        public bool IsSharedType(ITypeSymbol? type)
        {
            if (type is not INamedTypeSymbol named)
            {
                return false;
            }

            var definition = named.OriginalDefinition;
            if (!_sharedTypes.TryGetValue(definition, out var shared))
            {
                shared = HasAttribute(definition.GetAttributes(), SharedMemoryAttributeName) || Configuration.SharedMemoryTypes.Contains(definition);
                _sharedTypes.TryAdd(definition, shared);
            }

            return shared;
        }

        /// <summary>
        /// The symbol's value is or points at shared memory: [SharedMemory] on a field, property, parameter or a
        /// method's return value, or a configured member.
        /// </summary>
        public bool IsSharedSymbol(ISymbol? symbol)
        {
            if (symbol is null || symbol.Kind is not (SymbolKind.Field or SymbolKind.Property or SymbolKind.Parameter or SymbolKind.Method))
            {
                return false;
            }

            var definition = symbol.OriginalDefinition;
            if (!_sharedSymbols.TryGetValue(definition, out var shared))
            {
                shared = Configuration.SharedMemoryMembers.Contains(definition) || (definition is IMethodSymbol method
                    ? HasAttribute(method.GetReturnTypeAttributes(), SharedMemoryAttributeName)
                    : HasAttribute(definition.GetAttributes(), SharedMemoryAttributeName));
                _sharedSymbols.TryAdd(definition, shared);
            }

            return shared;
        }

        /// <summary>
        /// Values read from the symbol are untrusted: [Untrusted], a configured untrusted source, or a name with
        /// an untrusted prefix. For a method this is about its return value.
        /// </summary>
        public bool IsUntrustedSymbol(ISymbol? symbol)
        {
            if (symbol is null)
            {
                return false;
            }

            if (symbol.Kind is SymbolKind.Local)
            {
                return HasUntrustedName(symbol.Name);
            }

            if (symbol.Kind is not (SymbolKind.Field or SymbolKind.Property or SymbolKind.Parameter or SymbolKind.Method))
            {
                return false;
            }

            var definition = symbol.OriginalDefinition;
            if (!_untrustedSymbols.TryGetValue(definition, out var untrusted))
            {
                untrusted = Configuration.UntrustedSources.Contains(definition) || (definition is IMethodSymbol method
                    ? HasAttribute(method.GetReturnTypeAttributes(), UntrustedAttributeName)
                    : HasAttribute(definition.GetAttributes(), UntrustedAttributeName) || HasUntrustedName(definition.Name));
                _untrustedSymbols.TryAdd(definition, untrusted);
            }

            return untrusted;
        }

        /// <summary>
        /// The Qubes convention: <c>untrusted_x</c>, and its spellings <c>untrustedX</c>, <c>UntrustedX</c>,
        /// <c>_untrustedX</c>, for every configured prefix.
        /// </summary>
        public bool HasUntrustedName(string name) => UntrustedNames.HasPrefix(name, Configuration.UntrustedPrefixes);

        /// <summary>A pointer, span, array or memory whose elements are of a shared type.</summary>
        public bool HasSharedElements(ITypeSymbol? type) => type switch
        {
            IPointerTypeSymbol pointer => IsSharedType(pointer.PointedAtType),
            IArrayTypeSymbol array => IsSharedType(array.ElementType),
            INamedTypeSymbol named when Known.IsSpanLike(named) || Known.IsMemoryLike(named) => IsSharedType(named.TypeArguments[0]),
            _ => false,
        };

        /// <summary>Built-in accessors (each call reads shared memory at a position) and configured ones.</summary>
        public bool IsAccessor(IMethodSymbol method) => IsConfiguredAccessor(method) || IsBuiltInAccessor(method);

        /// <summary>A configured accessor reads shared memory only when its receiver is shared.</summary>
        public bool IsConfiguredAccessor(IMethodSymbol method) => Configuration.SharedMemoryAccessors.Contains(method.OriginalDefinition);

        /// <summary><c>UnmanagedMemoryAccessor</c> (and so <c>MemoryMappedViewAccessor</c>) and <c>SafeBuffer</c> reads.</summary>
        public bool IsBuiltInAccessor(IMethodSymbol method)
        {
            if (!method.Name.StartsWith("Read", StringComparison.Ordinal) || method.IsStatic)
            {
                return false;
            }

            var type = method.ContainingType;
            return KnownSymbols.InheritsFrom(type, Known.UnmanagedMemoryAccessor) || KnownSymbols.InheritsFrom(type, Known.SafeBuffer);
        }

        /// <summary>CAS-like methods: passing a shared location to them is validation, not a second fetch.</summary>
        public bool IsRevalidating(IMethodSymbol method) => Configuration.RevalidatingMethods.Contains(method.OriginalDefinition) ||
            (Configuration.UseDefaultRevalidatingMethods && KnownSymbols.Is(method.ContainingType, Known.Interlocked) &&
             method.Name is "CompareExchange" or "Exchange");

        public bool IsSanitizer(IMethodSymbol method) => Configuration.Sanitizers.Contains(method.OriginalDefinition);

        private static bool HasAttribute(ImmutableArray<AttributeData> attributes, string name)
        {
            foreach (var attribute in attributes)
            {
                var attributeName = attribute.AttributeClass?.Name;
                if (attributeName is not null &&
                    (attributeName == name || (attributeName.Length == name.Length - "Attribute".Length && name.StartsWith(attributeName, StringComparison.Ordinal))))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
