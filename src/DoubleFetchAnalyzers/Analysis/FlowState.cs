using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace DoubleFetchAnalyzers.Analysis
{
    /// <summary>The first fetch of a location on some path to a point.</summary>
    internal sealed class FetchEntry
    {
        public FetchEntry(IOperation operation, int blockOrdinal)
        {
            Operation = operation;
            BlockOrdinal = blockOrdinal;
        }

        public IOperation Operation { get; }

        public int BlockOrdinal { get; }
    }

    /// <summary>
    /// The abstract state at a program point: the shared locations already fetched on some path to it, the
    /// facts about values, and what <c>ref</c> locals refer to. Immutable; a block works on a <see cref="Builder"/>.
    /// </summary>
    internal sealed class FlowState
    {
        public FlowState(FetchMap fetched, FactMap facts, ImmutableDictionary<AccessPath, AccessPath> aliases)
        {
            Fetched = fetched;
            Facts = facts;
            Aliases = aliases;
        }

        public FetchMap Fetched { get; }

        public FactMap Facts { get; }

        /// <summary>What <c>ref</c> locals and flow captures stand for: the location or variable they were bound to.</summary>
        public ImmutableDictionary<AccessPath, AccessPath> Aliases { get; }

        /// <summary>The state at the entry of a graph: nothing fetched, nothing known; its locations numbered by <paramref name="ids"/>.</summary>
        public static FlowState Initial(LocationIds ids) => new(
            FetchMap.Empty(ids),
            FactMap.Empty,
            ImmutableDictionary<AccessPath, AccessPath>.Empty);

        public Builder ToBuilder() => new(this);

        public bool SameAs(FlowState other)
        {
            if (ReferenceEquals(this, other))
            {
                return true;
            }

            return Fetched.SameAs(other.Fetched) &&
                   Facts.SameAs(other.Facts) &&
                   SameEntries(Aliases, other.Aliases, static (a, b) => a.Equals(b));
        }

        /// <summary>
        /// Where paths meet: fetched on either; facts joined. A path with no entry on one side has the value
        /// <paramref name="absent"/> gives for it there (untrusted for an untrusted symbol, else trusted).
        /// </summary>
        public static FlowState Join(FlowState a, FlowState b, bool widen, System.Func<AccessPath, FactMap, ValueFacts> absent)
        {
            if (ReferenceEquals(a, b))
            {
                return a;
            }

            // Reported against the earliest fetch in the source, whatever order paths arrive in.
            var fetched = FetchMap.Join(a.Fetched, b.Fetched);

            // The join usually changes a few facts of many: they are written into one builder, made on the first change.
            FactMap.Builder? facts = null;
            foreach (var pair in b.Facts)
            {
                var joined = a.Facts.TryGetValue(pair.Key, out var existing)
                    ? (widen ? ValueFacts.Widen(existing, pair.Value) : ValueFacts.Join(existing, pair.Value))
                    : ValueFacts.Join(absent(pair.Key, a.Facts), pair.Value);
                Store(ref facts, a.Facts, pair.Key, joined);
            }

            foreach (var pair in a.Facts)
            {
                if (!b.Facts.ContainsKey(pair.Key))
                {
                    Store(ref facts, a.Facts, pair.Key, ValueFacts.Join(pair.Value, absent(pair.Key, b.Facts)));
                }
            }

            var aliases = a.Aliases;
            foreach (var pair in a.Aliases)
            {
                if (!b.Aliases.TryGetValue(pair.Key, out var other) || !other.Equals(pair.Value))
                {
                    aliases = aliases.Remove(pair.Key);
                }
            }

            var joinedFacts = facts?.ToImmutable() ?? a.Facts;
            return ReferenceEquals(fetched, a.Fetched) && ReferenceEquals(joinedFacts, a.Facts) && ReferenceEquals(aliases, a.Aliases)
                ? a
                : new FlowState(fetched, joinedFacts, aliases);
        }

        /// <summary>Writes a joined fact over <paramref name="original"/>'s; the builder is made on the first write that changes something.</summary>
        private static void Store(ref FactMap.Builder? facts, FactMap original, AccessPath key, ValueFacts value)
        {
            var trusted = ReferenceEquals(value, ValueFacts.Trusted) || value.Equals(ValueFacts.Trusted);
            var found = facts is not null ? facts.TryGetValue(key, out var existing) : original.TryGetValue(key, out existing);
            if (trusted ? !found : found && (ReferenceEquals(existing, value) || existing!.Equals(value)))
            {
                // A join that adds nothing often builds an equal value: keep the map (and the states built on it) unchanged.
                return;
            }

            facts ??= original.ToBuilder();
            if (trusted)
            {
                facts.Remove(key);
            }
            else
            {
                facts.Set(key, value);
            }
        }

        private static bool SameEntries<TKey, TValue>(ImmutableDictionary<TKey, TValue> a, ImmutableDictionary<TKey, TValue> b, System.Func<TValue, TValue, bool> same)
            where TKey : notnull
        {
            if (ReferenceEquals(a, b))
            {
                return true;
            }

            if (a.Count != b.Count)
            {
                return false;
            }

            foreach (var pair in a)
            {
                if (!b.TryGetValue(pair.Key, out var other) || !same(pair.Value, other))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// The mutable view a block's transfer functions work on. Each part is copied on its first write only, and a
        /// builder that wrote nothing gives back the state it started from: most edges and many blocks change nothing.
        /// </summary>
        internal sealed class Builder
        {
            private FlowState _source;
            private FetchMap.Builder? _fetchedBuilder;
            private FactMap.Builder? _factsBuilder;
            private ImmutableDictionary<AccessPath, AccessPath>.Builder? _aliasesBuilder;

            // The parts' builders are reused from one start to the next too (an edge or block writes one part or two).
            private FetchMap.Builder? _spareFetched;
            private FactMap.Builder? _spareFacts;

            public Builder(FlowState state)
            {
                _source = state;
            }

            /// <summary>Starts over from <paramref name="state"/>, dropping what was written: one builder serves a whole graph.</summary>
            public Builder Reset(FlowState state)
            {
                _source = state;
                _spareFetched = _fetchedBuilder ?? _spareFetched;
                _spareFacts = _factsBuilder ?? _spareFacts;
                _fetchedBuilder = null;
                _factsBuilder = null;
                _aliasesBuilder = null;
                return this;
            }

            /// <summary>The parts, made writable on first use.</summary>
            private FetchMap.Builder WritableFetched => _fetchedBuilder ??= _spareFetched?.Reset(_source.Fetched) ?? _source.Fetched.ToBuilder();

            private FactMap.Builder WritableFacts => _factsBuilder ??= _spareFacts?.Reset(_source.Facts) ?? _source.Facts.ToBuilder();

            private ImmutableDictionary<AccessPath, AccessPath>.Builder WritableAliases => _aliasesBuilder ??= _source.Aliases.ToBuilder();

            /// <summary>The facts as they stand, read without copying.</summary>
            private FactMap.Enumerator CurrentFacts => _factsBuilder?.GetEnumerator() ?? _source.Facts.GetEnumerator();

            public FetchMap.Builder Fetched => WritableFetched;

            public int FetchedCount => _fetchedBuilder?.Count ?? _source.Fetched.Count;

            public bool TryGetFetch(AccessPath path, out FetchEntry entry) =>
                _fetchedBuilder is { } fetched ? fetched.TryGetValue(path, out entry!) : _source.Fetched.TryGetValue(path, out entry!);

            public void RecordFetch(AccessPath path, FetchEntry entry) => WritableFetched.Add(path, entry);

            public void RemoveFetches(System.Func<AccessPath, bool> predicate)
            {
                if (FetchedCount > 0)
                {
                    WritableFetched.RemoveWhere((path, _) => predicate(path));
                }
            }

            /// <summary>Forgets the locations first fetched in blocks <paramref name="first"/> to <paramref name="last"/>.</summary>
            public void RemoveFetchesFirstFetchedIn(int first, int last)
            {
                if (FetchedCount > 0)
                {
                    WritableFetched.RemoveWhere((_, entry) => entry.BlockOrdinal >= first && entry.BlockOrdinal <= last);
                }
            }

            /// <summary>Forgets the fetched locations whose keys depend on <paramref name="symbol"/>.</summary>
            public void RemoveFetchesDependingOn(ISymbol symbol)
            {
                if (FetchedCount > 0)
                {
                    WritableFetched.RemoveDependingOn(symbol);
                }
            }

            /// <summary>Moves the fetches recorded under <paramref name="from"/> to the same locations under <paramref name="to"/>.</summary>
            public void RekeyFetches(AccessPath from, AccessPath to)
            {
                List<KeyValuePair<AccessPath, FetchEntry>>? moved = null;
                foreach (var pair in WritableFetched)
                {
                    if (pair.Key.StartsWith(from) && pair.Key.Rebase(from, to) is { } rebased)
                    {
                        (moved ??= new List<KeyValuePair<AccessPath, FetchEntry>>()).Add(new(rebased, pair.Value));
                    }
                }

                if (moved is not null)
                {
                    foreach (var pair in moved)
                    {
                        RecordFetch(pair.Key, pair.Value);
                    }
                }
            }

            public ValueFacts? GetFacts(AccessPath path) =>
                (_factsBuilder is { } facts ? facts.TryGetValue(path, out var found) : _source.Facts.TryGetValue(path, out found)) ? found : null;

            private int FactCount => _factsBuilder?.Count ?? _source.Facts.Count;

            public void SetFacts(AccessPath path, ValueFacts facts)
            {
                if (ReferenceEquals(facts, ValueFacts.Trusted))
                {
                    if (GetFacts(path) is not null)
                    {
                        WritableFacts.Remove(path);
                    }
                }
                else if (GetFacts(path) is { } existing && ReferenceEquals(existing, facts))
                {
                    return;
                }
                else
                {
                    WritableFacts.Set(path, facts);
                }
            }

            /// <summary>Forgets facts about <paramref name="path"/>, the paths inside it, and bounds that mention it.</summary>
            public void InvalidateFacts(AccessPath path)
            {
                if (FactCount == 0)
                {
                    return;
                }

                List<AccessPath>? remove = null;
                List<KeyValuePair<AccessPath, ValueFacts>>? update = null;
                foreach (var pair in CurrentFacts)
                {
                    if (pair.Key.StartsWith(path))
                    {
                        (remove ??= new List<AccessPath>()).Add(pair.Key);
                    }
                    else if (pair.Value.MentionsPath(path))
                    {
                        (update ??= new List<KeyValuePair<AccessPath, ValueFacts>>()).Add(new(pair.Key, pair.Value.WithoutBoundsOn(path)));
                    }
                }

                if (remove is not null)
                {
                    WritableFacts.RemoveRange(remove);
                }

                if (update is not null)
                {
                    foreach (var pair in update)
                    {
                        SetFacts(pair.Key, pair.Value);
                    }
                }
            }

            /// <summary>Forgets the facts about <paramref name="paths"/>.</summary>
            public void RemoveFacts(List<AccessPath> paths)
            {
                if (paths.Count > 0 && FactCount > 0)
                {
                    WritableFacts.RemoveRange(paths);
                }
            }

            public void RemoveFacts(System.Func<AccessPath, bool> predicate)
            {
                if (FactCount == 0)
                {
                    return;
                }

                List<AccessPath>? remove = null;
                foreach (var pair in CurrentFacts)
                {
                    if (predicate(pair.Key))
                    {
                        (remove ??= new List<AccessPath>()).Add(pair.Key);
                    }
                }

                if (remove is not null)
                {
                    WritableFacts.RemoveRange(remove);
                }
            }

            public AccessPath? GetAlias(AccessPath alias) =>
                (_aliasesBuilder is { } aliases ? aliases.TryGetValue(alias, out var found) : _source.Aliases.TryGetValue(alias, out found)) ? found : null;

            public AliasView Aliases => new(_aliasesBuilder, _source.Aliases);

            public int AliasCount => _aliasesBuilder?.Count ?? _source.Aliases.Count;

            public void SetAlias(AccessPath alias, AccessPath? target)
            {
                if (target is null)
                {
                    if (AliasCount > 0 && GetAlias(alias) is not null)
                    {
                        WritableAliases.Remove(alias);
                    }
                }
                else
                {
                    WritableAliases[alias] = target;
                }
            }

            public void RemoveAliases(System.Func<AccessPath, AccessPath, bool> predicate)
            {
                if (AliasCount == 0)
                {
                    return;
                }

                List<AccessPath>? remove = null;
                foreach (var pair in Aliases)
                {
                    if (predicate(pair.Key, pair.Value))
                    {
                        (remove ??= new List<AccessPath>()).Add(pair.Key);
                    }
                }

                if (remove is not null)
                {
                    WritableAliases.RemoveRange(remove);
                }
            }

            public FlowState ToImmutable()
            {
                var fetched = _fetchedBuilder?.ToImmutable() ?? _source.Fetched;
                var facts = _factsBuilder?.ToImmutable() ?? _source.Facts;
                var aliases = _aliasesBuilder?.ToImmutable() ?? _source.Aliases;
                return ReferenceEquals(fetched, _source.Fetched) && ReferenceEquals(facts, _source.Facts) && ReferenceEquals(aliases, _source.Aliases)
                    ? _source
                    : new FlowState(fetched, facts, aliases);
            }

            /// <summary>A map read where it stands: in the builder once written, else in the state the builder started from.</summary>
            internal readonly struct AliasView
            {
                private readonly ImmutableDictionary<AccessPath, AccessPath>.Builder? _builder;
                private readonly ImmutableDictionary<AccessPath, AccessPath> _map;

                public AliasView(ImmutableDictionary<AccessPath, AccessPath>.Builder? builder, ImmutableDictionary<AccessPath, AccessPath> map)
                {
                    _builder = builder;
                    _map = map;
                }

                public ImmutableDictionary<AccessPath, AccessPath>.Enumerator GetEnumerator() => _builder is { } builder ? builder.GetEnumerator() : _map.GetEnumerator();
            }
        }
    }
}
