using Microsoft.CodeAnalysis;

namespace DoubleFetchAnalyzers.Analysis
{
    /// <summary>Framework symbols the engine recognises, resolved once per compilation. Any may be missing.</summary>
    internal sealed class KnownSymbols
    {
        public KnownSymbols(Compilation compilation)
        {
            Interlocked = compilation.GetTypeByMetadataName("System.Threading.Interlocked");
            Volatile = compilation.GetTypeByMetadataName("System.Threading.Volatile");
            Debug = compilation.GetTypeByMetadataName("System.Diagnostics.Debug");
            Trace = compilation.GetTypeByMetadataName("System.Diagnostics.Trace");
            Math = compilation.GetTypeByMetadataName("System.Math");
            ArgumentOutOfRangeException = compilation.GetTypeByMetadataName("System.ArgumentOutOfRangeException");
            MemoryMappedViewAccessor = compilation.GetTypeByMetadataName("System.IO.MemoryMappedFiles.MemoryMappedViewAccessor");
            UnmanagedMemoryAccessor = compilation.GetTypeByMetadataName("System.IO.UnmanagedMemoryAccessor");
            SafeBuffer = compilation.GetTypeByMetadataName("System.Runtime.InteropServices.SafeBuffer");
            Span = compilation.GetTypeByMetadataName("System.Span`1");
            ReadOnlySpan = compilation.GetTypeByMetadataName("System.ReadOnlySpan`1");
            Memory = compilation.GetTypeByMetadataName("System.Memory`1");
            ReadOnlyMemory = compilation.GetTypeByMetadataName("System.ReadOnlyMemory`1");
            BinaryPrimitives = compilation.GetTypeByMetadataName("System.Buffers.Binary.BinaryPrimitives");
            MemoryMarshal = compilation.GetTypeByMetadataName("System.Runtime.InteropServices.MemoryMarshal");
            Unsafe = compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.Unsafe");
            Marshal = compilation.GetTypeByMetadataName("System.Runtime.InteropServices.Marshal");
            Buffer = compilation.GetTypeByMetadataName("System.Buffer");
            NativeMemory = compilation.GetTypeByMetadataName("System.Runtime.InteropServices.NativeMemory");
            Array = compilation.GetTypeByMetadataName("System.Array");
            Enumerable = compilation.GetTypeByMetadataName("System.Linq.Enumerable");
            MemoryExtensions = compilation.GetTypeByMetadataName("System.MemoryExtensions");
            IDictionary = compilation.GetTypeByMetadataName("System.Collections.Generic.IDictionary`2");
            IReadOnlyDictionary = compilation.GetTypeByMetadataName("System.Collections.Generic.IReadOnlyDictionary`2");
        }

        public INamedTypeSymbol? Interlocked { get; }
        public INamedTypeSymbol? Volatile { get; }
        public INamedTypeSymbol? Debug { get; }
        public INamedTypeSymbol? Trace { get; }
        public INamedTypeSymbol? Math { get; }
        public INamedTypeSymbol? ArgumentOutOfRangeException { get; }
        public INamedTypeSymbol? MemoryMappedViewAccessor { get; }
        public INamedTypeSymbol? UnmanagedMemoryAccessor { get; }
        public INamedTypeSymbol? SafeBuffer { get; }
        public INamedTypeSymbol? Span { get; }
        public INamedTypeSymbol? ReadOnlySpan { get; }
        public INamedTypeSymbol? Memory { get; }
        public INamedTypeSymbol? ReadOnlyMemory { get; }
        public INamedTypeSymbol? BinaryPrimitives { get; }
        public INamedTypeSymbol? MemoryMarshal { get; }
        public INamedTypeSymbol? Unsafe { get; }
        public INamedTypeSymbol? Marshal { get; }
        public INamedTypeSymbol? Buffer { get; }
        public INamedTypeSymbol? NativeMemory { get; }
        public INamedTypeSymbol? Array { get; }
        public INamedTypeSymbol? Enumerable { get; }
        public INamedTypeSymbol? MemoryExtensions { get; }
        public INamedTypeSymbol? IDictionary { get; }
        public INamedTypeSymbol? IReadOnlyDictionary { get; }

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
