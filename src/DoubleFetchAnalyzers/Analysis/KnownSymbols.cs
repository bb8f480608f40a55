using Microsoft.CodeAnalysis;

namespace DoubleFetchAnalyzers.Analysis
{
    /// <summary>
    /// Framework symbols the engine recognises, each resolved on first use and then kept for the compilation. Any may be
    /// missing. Lazily: a lookup by metadata name searches every reference, and a compilation whose bodies never reach
    /// the data flow needs two of these types, not twenty-four.
    /// </summary>
    internal sealed class KnownSymbols
    {
        /// <summary>The metadata names, in the order of the properties' indexes.</summary>
        private static readonly string[] MetadataNames =
        {
            "System.Threading.Interlocked",
            "System.Threading.Volatile",
            "System.Diagnostics.Debug",
            "System.Diagnostics.Trace",
            "System.Math",
            "System.ArgumentOutOfRangeException",
            "System.IO.MemoryMappedFiles.MemoryMappedViewAccessor",
            "System.IO.UnmanagedMemoryAccessor",
            "System.Runtime.InteropServices.SafeBuffer",
            "System.Span`1",
            "System.ReadOnlySpan`1",
            "System.Memory`1",
            "System.ReadOnlyMemory`1",
            "System.Buffers.Binary.BinaryPrimitives",
            "System.Runtime.InteropServices.MemoryMarshal",
            "System.Runtime.CompilerServices.Unsafe",
            "System.Runtime.InteropServices.Marshal",
            "System.Buffer",
            "System.Runtime.InteropServices.NativeMemory",
            "System.Array",
            "System.Linq.Enumerable",
            "System.MemoryExtensions",
            "System.Collections.Generic.IDictionary`2",
            "System.Collections.Generic.IReadOnlyDictionary`2",
        };

        /// <summary>Stands for a type the compilation does not have, once looked up.</summary>
        private static readonly object Missing = new();

        private readonly Compilation _compilation;
        private readonly object?[] _types = new object?[MetadataNames.Length];

        public KnownSymbols(Compilation compilation)
        {
            _compilation = compilation;
        }

        public INamedTypeSymbol? Interlocked => Get(0);

        public INamedTypeSymbol? Volatile => Get(1);

        public INamedTypeSymbol? Debug => Get(2);

        public INamedTypeSymbol? Trace => Get(3);

        public INamedTypeSymbol? Math => Get(4);

        public INamedTypeSymbol? ArgumentOutOfRangeException => Get(5);

        public INamedTypeSymbol? MemoryMappedViewAccessor => Get(6);

        public INamedTypeSymbol? UnmanagedMemoryAccessor => Get(7);

        public INamedTypeSymbol? SafeBuffer => Get(8);

        public INamedTypeSymbol? Span => Get(9);

        public INamedTypeSymbol? ReadOnlySpan => Get(10);

        public INamedTypeSymbol? Memory => Get(11);

        public INamedTypeSymbol? ReadOnlyMemory => Get(12);

        public INamedTypeSymbol? BinaryPrimitives => Get(13);

        public INamedTypeSymbol? MemoryMarshal => Get(14);

        public INamedTypeSymbol? Unsafe => Get(15);

        public INamedTypeSymbol? Marshal => Get(16);

        public INamedTypeSymbol? Buffer => Get(17);

        public INamedTypeSymbol? NativeMemory => Get(18);

        public INamedTypeSymbol? Array => Get(19);

        public INamedTypeSymbol? Enumerable => Get(20);

        public INamedTypeSymbol? MemoryExtensions => Get(21);

        public INamedTypeSymbol? IDictionary => Get(22);

        public INamedTypeSymbol? IReadOnlyDictionary => Get(23);

        /// <summary>The type at <paramref name="index"/>: looked up once; two threads may both look it up, with the same result.</summary>
        private INamedTypeSymbol? Get(int index)
        {
            var type = _types[index];
            if (type is null)
            {
                type = (object?)_compilation.GetTypeByMetadataName(MetadataNames[index]) ?? Missing;
                _types[index] = type;
            }

            return type as INamedTypeSymbol;
        }

        public bool IsSpanLike(ITypeSymbol? type) =>
            type is INamedTypeSymbol { IsGenericType: true } named &&
            (SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, Span) ||
             SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, ReadOnlySpan));

        public bool IsMemoryLike(ITypeSymbol? type) =>
            type is INamedTypeSymbol { IsGenericType: true } named &&
            (SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, Memory) ||
             SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, ReadOnlyMemory));

        /// <summary>True when <paramref name="type"/> is or derives from <paramref name="baseType"/>.</summary>
        public static bool InheritsFrom(ITypeSymbol? type, INamedTypeSymbol? baseType)
        {
            if (baseType is null)
            {
                return false;
            }

            for (var t = type; t is not null; t = t.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(t.OriginalDefinition, baseType))
                {
                    return true;
                }
            }

            return false;
        }

        public static bool Is(ISymbol? symbol, INamedTypeSymbol? type) =>
            symbol is not null && type is not null && SymbolEqualityComparer.Default.Equals(symbol.OriginalDefinition, type);
    }
}
