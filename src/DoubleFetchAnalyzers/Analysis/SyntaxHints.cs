using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DoubleFetchAnalyzers.Analysis
{
    /// <summary>
    /// The syntactic glance that comes before the operation tree: the names a body must mention to touch a source.
    /// A body that mentions none of them, and no name with an untrusted prefix, is not bound to operations at all.
    /// Hints wherever they appear: the attributes themselves; members whose type mentions a shared type; members declared
    /// shared or untrusted; the built-in accessors' read methods; every configured symbol. Hints only where they bind to
    /// a shared type or one of its members: the names of shared types and of their members, which ordinary code spells
    /// too (<c>array.Length</c>, <c>exception.Message</c>); for those the semantic model of the body is asked, which is far
    /// cheaper than its operation tree.
    /// </summary>
    internal sealed class SyntaxHints
    {
        private static readonly ImmutableArray<string> AttributeNames = ImmutableArray.Create(
            "SharedMemory", "SharedMemoryAttribute", "Untrusted", "UntrustedAttribute");

        private readonly HashSet<string> _names;
        private readonly HashSet<string> _checkedNames;
        private readonly ConcurrentDictionary<SyntaxTree, HintScan> _scans = new();
        private readonly ConcurrentDictionary<SourceModel, HintScan.Matcher> _matchers = new();

        private SyntaxHints(HashSet<string> names, HashSet<string> checkedNames)
        {
            _names = names;
            _checkedNames = checkedNames;
        }

        /// <summary>
        /// True when the block mentions a name that can lead to a source (conservative: may be a false alarm). Looks the
        /// block's span up in a scan of its tree's text, made once per tree; binds the names that need it; walks the
        /// block's tokens only where the scan was unsure.
        /// </summary>
        public bool MayTouchSource(SyntaxNode block, SemanticModel model, SourceModel sources, CancellationToken cancellationToken)
        {
            var scan = ScanOf(block.SyntaxTree, sources, cancellationToken);
            var span = block.Span;
            if (scan.HasHit(span))
            {
                return true;
            }

            if (scan.HasUnsure(span))
            {
                return MentionsHint(block, model, sources, cancellationToken);
            }

            var positions = scan.CheckedWithin(span);
            for (var i = positions.Offset; i < positions.Offset + positions.Count; i++)
            {
                var token = block.FindToken(positions.Array![i]);
                if (token.IsKind(SyntaxKind.IdentifierToken) && token.Span.Contains(positions.Array[i]) && BindsToShared(token, model, sources, cancellationToken))
                {
                    return true;
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
            return false;
        }

        /// <summary>The glance by tokens: true when an identifier token of the block is a hint, or binds to a shared type or member.</summary>
        private bool MentionsHint(SyntaxNode block, SemanticModel model, SourceModel sources, CancellationToken cancellationToken)
        {
            foreach (var token in block.DescendantTokens())
            {
                if (!token.IsKind(SyntaxKind.IdentifierToken))
                {
                    continue;
                }

                var name = token.ValueText;
                if (IsHint(name, sources) || (_checkedNames.Contains(name) && BindsToShared(token, model, sources, cancellationToken)))
                {
                    return true;
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
            return false;
        }

        /// <summary>True for a name that can lead to a source wherever it appears: one of the collected names, a configured one, or an untrusted one.</summary>
        private bool IsHint(string name, SourceModel sources) =>
            _names.Contains(name) || sources.HasUntrustedName(name) || sources.Configuration.Names.Contains(name);

        /// <summary>
        /// A name of a shared type or member where it refers to something: true when it binds to a shared type or to a
        /// member of one, or to nothing the model can name (broken code, <c>dynamic</c>). A name being declared refers to
        /// nothing shared.
        /// </summary>
        private static bool BindsToShared(SyntaxToken token, SemanticModel model, SourceModel sources, CancellationToken cancellationToken)
        {
            if (token.Parent is not SimpleNameSyntax name)
            {
                return false;
            }

            var info = model.GetSymbolInfo(name, cancellationToken);
            if (info.Symbol is null && info.CandidateSymbols.IsEmpty)
            {
                return true;
            }

            return IsShared(info.Symbol, sources) || info.CandidateSymbols.Any(candidate => IsShared(candidate, sources));

            static bool IsShared(ISymbol? symbol, SourceModel sources)
            {
                if (symbol is IAliasSymbol alias)
                {
                    symbol = alias.Target;
                }

                return symbol is not null &&
                       ((symbol is ITypeSymbol type && sources.IsSharedType(type)) || (symbol.ContainingType is { } containing && sources.IsSharedType(containing)));
            }
        }

        private HintScan ScanOf(SyntaxTree tree, SourceModel sources, CancellationToken cancellationToken)
        {
            if (_scans.TryGetValue(tree, out var scan) && ReferenceEquals(scan.Sources, sources))
            {
                return scan;
            }

            var matcher = _matchers.GetOrAdd(sources, model => new HintScan.Matcher(
                _names.Concat(model.Configuration.Names), _checkedNames, model.Configuration.UntrustedPrefixes, model.HasUntrustedName));
            scan = HintScan.Create(tree.GetText(cancellationToken), sources, matcher, cancellationToken);
            _scans[tree] = scan;
            return scan;
        }

        /// <summary>The names for a compilation: its source declarations, its references that use the attributes, the built-in accessors.</summary>
        public static SyntaxHints Create(Compilation compilation, KnownSymbols known, CancellationToken cancellationToken)
        {
            var names = new HashSet<string>(AttributeNames, StringComparer.Ordinal);
            var checkedNames = new HashSet<string>(StringComparer.Ordinal);
            var sharedTypes = new HashSet<string>(StringComparer.Ordinal);
            var members = new List<(string Name, TypeSyntax? Type)>();
            foreach (var tree in compilation.SyntaxTrees)
            {
                cancellationToken.ThrowIfCancellationRequested();
                CollectDeclarations(tree.GetRoot(cancellationToken), names, checkedNames, sharedTypes, members);
            }

            // Members whose type mentions a shared type (Header* _header) lead to shared memory too.
            foreach (var (name, type) in members)
            {
                if (type is not null && MentionsAny(type, sharedTypes))
                {
                    names.Add(name);
                }
            }

            // Referenced assemblies that declare the attributes (the generator embeds them in each project that uses the
            // package), or reference one that does (a user's own attribute library).
            var assemblies = new List<IAssemblySymbol>();
            var declaring = new HashSet<IAssemblySymbol>(SymbolEqualityComparer.Default);
            foreach (var reference in compilation.References)
            {
                if (compilation.GetAssemblyOrModuleSymbol(reference) is IAssemblySymbol assembly)
                {
                    assemblies.Add(assembly);
                    if (DeclaresTheAttributes(assembly))
                    {
                        declaring.Add(assembly);
                    }
                }
            }

            foreach (var assembly in assemblies)
            {
                if (declaring.Count > 0 && (declaring.Contains(assembly) || ReferencesAny(assembly, declaring)))
                {
                    CollectSymbols(assembly.GlobalNamespace, names, checkedNames, cancellationToken);
                }
            }

            foreach (var accessor in new[] { known.UnmanagedMemoryAccessor, known.SafeBuffer })
            {
                if (accessor is null)
                {
                    continue;
                }

                foreach (var member in accessor.GetMembers())
                {
                    if (member is IMethodSymbol && member.Name.StartsWith("Read", StringComparison.Ordinal))
                    {
                        names.Add(member.Name);
                    }
                }
            }

            checkedNames.ExceptWith(names);
            return new SyntaxHints(names, checkedNames);
        }

        private static void CollectDeclarations(SyntaxNode root, HashSet<string> names, HashSet<string> checkedNames, HashSet<string> sharedTypes, List<(string, TypeSyntax?)> members)
        {
            foreach (var node in root.DescendantNodes(descendIntoChildren: n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax))
            {
                switch (node)
                {
                    case BaseTypeDeclarationSyntax type when HasAttribute(type.AttributeLists):
                        checkedNames.Add(type.Identifier.ValueText);
                        sharedTypes.Add(type.Identifier.ValueText);
                        if (type is TypeDeclarationSyntax withMembers)
                        {
                            foreach (var member in withMembers.Members)
                            {
                                foreach (var name in MemberNames(member))
                                {
                                    checkedNames.Add(name);
                                }
                            }
                        }

                        break;
                    case FieldDeclarationSyntax field:
                        foreach (var variable in field.Declaration.Variables)
                        {
                            members.Add((variable.Identifier.ValueText, field.Declaration.Type));
                            if (HasAttribute(field.AttributeLists))
                            {
                                names.Add(variable.Identifier.ValueText);
                            }
                        }

                        break;
                    case PropertyDeclarationSyntax property:
                        members.Add((property.Identifier.ValueText, property.Type));
                        if (HasAttribute(property.AttributeLists))
                        {
                            names.Add(property.Identifier.ValueText);
                        }

                        break;
                    case MethodDeclarationSyntax method:
                        members.Add((method.Identifier.ValueText, method.ReturnType));
                        if (HasAttribute(method.AttributeLists))
                        {
                            names.Add(method.Identifier.ValueText);
                        }

                        break;
                }
            }
        }

        private static IEnumerable<string> MemberNames(MemberDeclarationSyntax member)
        {
            switch (member)
            {
                case FieldDeclarationSyntax field:
                    foreach (var variable in field.Declaration.Variables)
                    {
                        yield return variable.Identifier.ValueText;
                    }

                    break;
                case PropertyDeclarationSyntax property:
                    yield return property.Identifier.ValueText;
                    break;
                case MethodDeclarationSyntax method:
                    yield return method.Identifier.ValueText;
                    break;
            }
        }

        /// <summary>Any attribute whose name is one of ours, however qualified (<c>[DoubleFetch.SharedMemory]</c>, <c>[return: Untrusted]</c>).</summary>
        private static bool HasAttribute(SyntaxList<AttributeListSyntax> lists)
        {
            foreach (var list in lists)
            {
                foreach (var attribute in list.Attributes)
                {
                    var name = attribute.Name switch
                    {
                        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
                        AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
                        SimpleNameSyntax simple => simple.Identifier.ValueText,
                        _ => string.Empty,
                    };
                    if (AttributeNames.Contains(name))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool MentionsAny(TypeSyntax type, HashSet<string> names)
        {
            foreach (var token in type.DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.IdentifierToken) && names.Contains(token.ValueText))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool ReferencesAny(IAssemblySymbol assembly, HashSet<IAssemblySymbol> declaring)
        {
            foreach (var module in assembly.Modules)
            {
                foreach (var referenced in module.ReferencedAssemblySymbols)
                {
                    if (declaring.Contains(referenced))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>An assembly that declares a type named like one of our attributes.</summary>
        private static bool DeclaresTheAttributes(IAssemblySymbol assembly)
        {
            foreach (var name in assembly.TypeNames)
            {
                if (name is "SharedMemoryAttribute" or "UntrustedAttribute")
                {
                    return true;
                }
            }

            return false;
        }

        private static void CollectSymbols(INamespaceSymbol root, HashSet<string> names, HashSet<string> checkedNames, CancellationToken cancellationToken)
        {
            var pending = new Stack<INamespaceOrTypeSymbol>();
            pending.Push(root);
            while (pending.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (var member in pending.Pop().GetMembers())
                {
                    if (member is INamespaceOrTypeSymbol container)
                    {
                        pending.Push(container);
                    }

                    if (member is INamedTypeSymbol type && HasAttribute(type))
                    {
                        checkedNames.Add(type.Name);
                        foreach (var inner in type.GetMembers())
                        {
                            checkedNames.Add(inner.Name);
                        }
                    }
                    else if (HasAttribute(member) || (member is IMethodSymbol method && HasAttribute(method.GetReturnTypeAttributes())))
                    {
                        names.Add(member.Name);
                    }
                }
            }
        }

        private static bool HasAttribute(ISymbol symbol) => HasAttribute(symbol.GetAttributes());

        private static bool HasAttribute(ImmutableArray<AttributeData> attributes)
        {
            foreach (var attribute in attributes)
            {
                if (attribute.AttributeClass is { Name: "SharedMemoryAttribute" or "UntrustedAttribute" })
                {
                    return true;
                }
            }

            return false;
        }
    }
}
