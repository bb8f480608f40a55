using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using DoubleFetchAnalyzers.Analysis;
using Microsoft.CodeAnalysis;

namespace DoubleFetchAnalyzers.Configuration
{
    /// <summary>
    /// Turns the raw key values into symbols: lists are <c>|</c>-separated documentation comment IDs (a method ID
    /// without a parameter list means every overload). Every bad entry becomes a <see cref="ConfigurationError"/>;
    /// the good ones still apply. Never throws, whatever the text.
    /// </summary>
    internal static class ConfigurationParser
    {
        /// <summary>More entries than any real configuration has: the rest is ignored, with one error.</summary>
        private const int MaxEntries = 4096;

        private const int MaxEntryLength = 2048;

        public static (ResolvedConfiguration Configuration, ImmutableArray<ConfigurationError> Errors) Parse(RawConfiguration raw, Compilation compilation)
        {
            if (raw.IsEmpty)
            {
                return (ResolvedConfiguration.Default, ImmutableArray<ConfigurationError>.Empty);
            }

            var errors = ImmutableArray.CreateBuilder<ConfigurationError>();
            var types = Symbols(raw, ConfigurationKeys.SharedMemoryTypes, "T", compilation, errors);
            var members = Symbols(raw, ConfigurationKeys.SharedMemoryMembers, "FPM", compilation, errors);
            var accessors = Symbols(raw, ConfigurationKeys.SharedMemoryAccessors, "M", compilation, errors);
            var sources = Symbols(raw, ConfigurationKeys.UntrustedSources, "FPM", compilation, errors);
            var sanitizers = Symbols(raw, ConfigurationKeys.Sanitizers, "M", compilation, errors);
            var revalidating = Symbols(raw, ConfigurationKeys.RevalidatingMethods, "M", compilation, errors);
            var prefixes = Prefixes(raw, errors);
            var configuration = new ResolvedConfiguration(types, members, accessors, sources, sanitizers, revalidating,
                useDefaultRevalidatingMethods: true, prefixes);
            return (configuration, errors.ToImmutable());
        }

        private static ImmutableHashSet<ISymbol> Symbols(RawConfiguration raw, string key, string kinds, Compilation compilation, ImmutableArray<ConfigurationError>.Builder errors)
        {
            var set = ImmutableHashSet.CreateBuilder<ISymbol>(SymbolEqualityComparer.Default);
            foreach (var entry in Entries(raw[key], key, errors))
            {
                if (entry.Length < 3 || entry[1] != ':')
                {
                    errors.Add(new ConfigurationError(key, entry, "is not a documentation comment ID such as T:Namespace.Type or M:Namespace.Type.Method(System.Int32)"));
                    continue;
                }

                var prefix = entry[0];
                if ("TFPME".IndexOf(prefix) < 0)
                {
                    errors.Add(new ConfigurationError(key, entry, "has an unknown prefix '" + prefix + ":' (use T:, F:, P: or M:)"));
                    continue;
                }

                if (kinds.IndexOf(prefix) < 0)
                {
                    errors.Add(new ConfigurationError(key, entry, "is the wrong kind of symbol for this key, which takes " + KindNames(kinds)));
                    continue;
                }

                var resolved = Resolve(entry, compilation, out var misspelled);
                if (resolved.IsEmpty)
                {
                    errors.Add(new ConfigurationError(key, entry, misspelled ? "is not a well-formed documentation comment ID" : "resolves to no symbol in this compilation"));
                    continue;
                }

                foreach (var symbol in resolved)
                {
                    set.Add(symbol.OriginalDefinition);
                }
            }

            return set.ToImmutable();
        }

        private static ImmutableArray<string> Prefixes(RawConfiguration raw, ImmutableArray<ConfigurationError>.Builder errors)
        {
            var value = raw[ConfigurationKeys.UntrustedPrefixes];
            if (value is null)
            {
                return ImmutableArray.Create(UntrustedNames.DefaultPrefix);
            }

            var prefixes = ImmutableArray.CreateBuilder<string>();
            var rejected = 0;
            foreach (var entry in Entries(value, ConfigurationKeys.UntrustedPrefixes, errors))
            {
                if (!IsNamePrefix(entry))
                {
                    errors.Add(new ConfigurationError(ConfigurationKeys.UntrustedPrefixes, entry, "is not a name prefix (letters, digits and underscores, not starting with a digit)"));
                    rejected++;
                    continue;
                }

                if (!prefixes.Contains(entry))
                {
                    prefixes.Add(entry);
                }
            }

            // A key whose every entry is bad keeps the default rather than switching the convention off; an empty
            // value switches it off on purpose.
            return prefixes.Count == 0 && (rejected > 0 || value.Trim().Length > 0) ? ImmutableArray.Create(UntrustedNames.DefaultPrefix) : prefixes.ToImmutable();
        }

        private static IEnumerable<string> Entries(string? value, string key, ImmutableArray<ConfigurationError>.Builder errors)
        {
            if (value is null || value.Trim().Length == 0)
            {
                yield break;
            }

            var parts = value.Split('|');
            for (var i = 0; i < parts.Length; i++)
            {
                if (i == MaxEntries)
                {
                    errors.Add(new ConfigurationError(key, "...", "and the entries after it were ignored: more than " + MaxEntries + " entries"));
                    yield break;
                }

                var entry = parts[i].Trim();
                if (entry.Length == 0)
                {
                    errors.Add(new ConfigurationError(key, value.Length > 80 ? value.Substring(0, 77) + "..." : value, "has an empty entry (two '|' in a row, or one at an end)"));
                    continue;
                }

                if (entry.Length > MaxEntryLength)
                {
                    errors.Add(new ConfigurationError(key, entry.Substring(0, 77) + "...", "is too long to be a symbol ID"));
                    continue;
                }

                yield return entry;
            }
        }

        /// <summary>Resolves an ID; <c>M:Ns.Type.Method</c> with no parameter list stands for every overload.</summary>
        /// <summary>
        /// The symbols the ID names. <paramref name="misspelled"/> is set when the resolver found a symbol for an entry
        /// with extra text the ID does not have (it ignores trailing characters: "T:Ns.Type`x" finds Ns.Type).
        /// </summary>
        private static ImmutableArray<ISymbol> Resolve(string entry, Compilation compilation, out bool misspelled)
        {
            misspelled = false;
            try
            {
                if (entry[0] == 'M' && entry.IndexOf('(') < 0)
                {
                    return AllOverloads(entry, compilation);
                }

                var builder = ImmutableArray.CreateBuilder<ISymbol>();
                foreach (var symbol in DocumentationCommentId.GetSymbolsForDeclarationId(entry, compilation))
                {
                    if (IsIdOf(symbol, entry))
                    {
                        builder.Add(symbol);
                    }
                    else
                    {
                        misspelled = true;
                    }
                }

                return builder.ToImmutable();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or IndexOutOfRangeException or FormatException)
            {
                // Malformed IDs: the resolver's own parser gives up on some of them with an exception.
                return ImmutableArray<ISymbol>.Empty;
            }
        }

        private static ImmutableArray<ISymbol> AllOverloads(string entry, Compilation compilation)
        {
            var lastDot = entry.LastIndexOf('.');
            if (lastDot <= 2 || lastDot == entry.Length - 1)
            {
                return ImmutableArray<ISymbol>.Empty;
            }

            var name = entry.Substring(lastDot + 1);
            var arity = -1;
            var tick = name.IndexOf("``", StringComparison.Ordinal);
            if (tick >= 0)
            {
                if (!int.TryParse(name.Substring(tick + 2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out arity))
                {
                    return ImmutableArray<ISymbol>.Empty;
                }

                name = name.Substring(0, tick);
            }

            var typeId = "T:" + entry.Substring(2, lastDot - 2);
            var builder = ImmutableArray.CreateBuilder<ISymbol>();
            foreach (var type in DocumentationCommentId.GetSymbolsForDeclarationId(typeId, compilation))
            {
                if (type is not INamedTypeSymbol named || !IsIdOf(named, typeId))
                {
                    continue;
                }

                foreach (var member in named.GetMembers(name))
                {
                    if (member is IMethodSymbol method && (arity < 0 || method.Arity == arity))
                    {
                        builder.Add(method);
                    }
                }
            }

            return builder.ToImmutable();
        }

        /// <summary>The symbol's own ID is the entry (a method's ID may add its return type after '~').</summary>
        private static bool IsIdOf(ISymbol symbol, string entry)
        {
            var id = DocumentationCommentId.CreateDeclarationId(symbol);
            return id is not null && id.StartsWith(entry, StringComparison.Ordinal) && (id.Length == entry.Length || id[entry.Length] == '~');
        }

        private static bool IsNamePrefix(string entry)
        {
            if (entry.Length == 0 || char.IsDigit(entry[0]))
            {
                return false;
            }

            foreach (var c in entry)
            {
                if (!(char.IsLetterOrDigit(c) || c == '_'))
                {
                    return false;
                }
            }

            return true;
        }

        private static string KindNames(string kinds)
        {
            var names = new List<string>();
            foreach (var kind in kinds)
            {
                names.Add(kind switch
                {
                    'T' => "types (T:)",
                    'F' => "fields (F:)",
                    'P' => "properties (P:)",
                    _ => "methods (M:)",
                });
            }

            return string.Join(", ", names);
        }
    }
}
