using System;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;

namespace DoubleFetchAnalyzers.Analysis
{
    /// <summary>
    /// A location key (SPEC section 3): a root (local, parameter, <c>this</c>, static field or flow capture) and a
    /// path of members, elements and calls, each element or call keyed by its argument expressions. Also used as
    /// the key of value facts (a local, a field of a local copy, a flow capture). Immutable; equality is by
    /// <see cref="Id"/>, a canonical string.
    /// </summary>
    internal sealed class AccessPath : IEquatable<AccessPath>
    {
        private readonly int _hash;

        private AccessPath(AccessPath? parent, string id, ISymbol? rootSymbol, ImmutableArray<ISymbol> dependencies, ISymbol? symbol = null)
        {
            Parent = parent;
            Id = id;
            RootSymbol = rootSymbol;
            Dependencies = dependencies;
            Symbol = symbol;
            _hash = StringComparer.Ordinal.GetHashCode(id);
        }

        public AccessPath? Parent { get; }

        public string Id { get; }

        /// <summary>The local, parameter or field the path starts from; null for <c>this</c> and flow captures.</summary>
        public ISymbol? RootSymbol { get; }

        /// <summary>The symbol of the last element: the root's symbol, or the member's; null for elements and calls.</summary>
        public ISymbol? Symbol { get; }

        /// <summary>Symbols whose assignment invalidates the path: the root and every symbol in a key.</summary>
        public ImmutableArray<ISymbol> Dependencies { get; }

        public AccessPath Root
        {
            get
            {
                var path = this;
                while (path.Parent is not null)
                {
                    path = path.Parent;
                }

                return path;
            }
        }

        /// <summary>A new path for a symbol; the engine makes one per symbol and body (<see cref="SharedMemoryModel.PathOf(ISymbol)"/>).</summary>
        public static AccessPath ForSymbol(ISymbol symbol) => new(null, SymbolId(symbol), symbol, ImmutableArray.Create(symbol), symbol);

        /// <summary>The <see cref="Id"/> of the path of <paramref name="symbol"/>.</summary>
        public static string SymbolId(ISymbol symbol) => symbol switch
        {
            ILocalSymbol local => "L:" + local.Name + "@" + DeclarationPosition(local).ToString(CultureInfo.InvariantCulture),
            IParameterSymbol parameter => "P:" + parameter.Name + "@" + parameter.Ordinal.ToString(CultureInfo.InvariantCulture),
            _ => "S:" + symbol.ContainingType?.Name + "." + symbol.Name,
        };

        public static AccessPath ForThis() => ThisPath;

        public static AccessPath ForCapture(CaptureId capture) =>
            new(null, "C:" + capture.GetHashCode().ToString(CultureInfo.InvariantCulture), null, ImmutableArray<ISymbol>.Empty);

        public AccessPath Member(ISymbol member) => new(this, Id + "." + member.Name, RootSymbol, Dependencies, member);

        public AccessPath Element(ValueKey index) => new(this, Id + "[" + index.Id + "]", RootSymbol, Merge(Dependencies, index.Dependencies));

        /// <summary>A view or read made by a call on this path: <c>Slice(4)</c>, an accessor's position.</summary>
        public AccessPath Call(string name, ValueKey arguments) =>
            new(this, Id + "(" + name + ":" + arguments.Id + ")", RootSymbol, Merge(Dependencies, arguments.Dependencies));

        /// <summary>Pointer arithmetic: <c>p + k</c>.</summary>
        public AccessPath Offset(ValueKey offset) => new(this, Id + "+" + offset.Id, RootSymbol, Merge(Dependencies, offset.Dependencies));

        /// <summary>A conversion of a pointer or reference to another type.</summary>
        public AccessPath As(ITypeSymbol type) => new(this, Id + "!" + type.Name, RootSymbol, Dependencies);

        /// <summary>This path with its prefix <paramref name="from"/> replaced by <paramref name="to"/>; null when it does not start with it.</summary>
        public AccessPath? Rebase(AccessPath from, AccessPath to)
        {
            if (Equals(from))
            {
                return to;
            }

            if (Parent?.Rebase(from, to) is not { } parent)
            {
                return null;
            }

            var segment = Id.Substring(Parent.Id.Length);
            var own = Dependencies.Length > Parent.Dependencies.Length
                ? Dependencies.RemoveRange(0, Parent.Dependencies.Length)
                : ImmutableArray<ISymbol>.Empty;
            return new AccessPath(parent, parent.Id + segment, parent.RootSymbol, Merge(parent.Dependencies, own), Symbol);
        }

        /// <summary>True when this path is <paramref name="prefix"/> or reaches memory inside it.</summary>
        public bool StartsWith(AccessPath prefix)
        {
            if (prefix.Id.Length > Id.Length || !Id.StartsWith(prefix.Id, StringComparison.Ordinal))
            {
                return false;
            }

            return prefix.Id.Length == Id.Length || Id[prefix.Id.Length] is '.' or '[' or '(' or '+' or '!';
        }

        public bool DependsOn(ISymbol symbol)
        {
            foreach (var dependency in Dependencies)
            {
                if (SymbolEqualityComparer.Default.Equals(dependency, symbol))
                {
                    return true;
                }
            }

            return false;
        }

        public bool Equals(AccessPath? other) => other is not null && (ReferenceEquals(this, other) || (_hash == other._hash && string.Equals(Id, other.Id, StringComparison.Ordinal)));

        public override bool Equals(object? obj) => Equals(obj as AccessPath);

        public override int GetHashCode() => _hash;

        public override string ToString() => Id;

        private static readonly AccessPath ThisPath = new(null, "T", null, ImmutableArray<ISymbol>.Empty);

        private static int DeclarationPosition(ILocalSymbol local)
        {
            var references = local.DeclaringSyntaxReferences;
            return references.IsEmpty ? 0 : references[0].Span.Start;
        }

        private static ImmutableArray<ISymbol> Merge(ImmutableArray<ISymbol> a, ImmutableArray<ISymbol> b) =>
            b.IsEmpty ? a : a.IsEmpty ? b : a.AddRange(b);
    }
}
