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
        public FlowState(FetchMap fetched, ImmutableDictionary<AccessPath, ValueFacts> facts, ImmutableDictionary<AccessPath, AccessPath> aliases)
        {
            Fetched = fetched;
            Facts = facts;
            Aliases = aliases;
        }

        public FetchMap Fetched { get; }

        public ImmutableDictionary<AccessPath, ValueFacts> Facts { get; }

        /// <summary>What <c>ref</c> locals and flow captures stand for: the location or variable they were bound to.</summary>
        public ImmutableDictionary<AccessPath, AccessPath> Aliases { get; }

        /// <summary>The state at the entry of a graph: nothing fetched, nothing known; its locations numbered by <paramref name="ids"/>.</summary>
        public static FlowState Initial(LocationIds ids) => new(
            FetchMap.Empty(ids),
            ImmutableDictionary<AccessPath, ValueFacts>.Empty,
            ImmutableDictionary<AccessPath, AccessPath>.Empty);

        public Builder ToBuilder() => new(this);

        public bool SameAs(FlowState other)
        {
            if (ReferenceEquals(this, other))
            {
                return true;
            }

            return Fetched.SameAs(other.Fetched) &&
                   SameEntries(Facts, other.Facts, static (a, b) => a.Equals(b)) &&
                   SameEntries(Aliases, other.Aliases, static (a, b) => a.Equals(b));
        }

        /// <summary>
        /// Where paths meet: fetched on either; facts joined. A path with no entry on one side has the value
        /// <paramref name="absent"/> gives for it there (untrusted for an untrusted symbol, else trusted).
        /// </summary>
        public static FlowState Join(FlowState a, FlowState b, bool widen, System.Func<AccessPath, ImmutableDictionary<AccessPath, ValueFacts>, ValueFacts> absent)
        {
            if (ReferenceEquals(a, b))
            {
                return a;
            }

            // Reported against the earliest fetch in the source, whatever order paths arrive in.
            var fetched = FetchMap.Join(a.Fetched, b.Fetched);

            var facts = a.Facts;
            foreach (var pair in b.Facts)
            {
                var joined = facts.TryGetValue(pair.Key, out var existing)
                    ? (widen ? ValueFacts.Widen(existing, pair.Value) : ValueFacts.Join(existing, pair.Value))
                    : ValueFacts.Join(absent(pair.Key, a.Facts), pair.Value);
                facts = Store(facts, pair.Key, joined);
            }

            foreach (var pair in a.Facts)
            {
                if (!b.Facts.ContainsKey(pair.Key))
                {
                    facts = Store(facts, pair.Key, ValueFacts.Join(pair.Value, absent(pair.Key, b.Facts)));
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

            return new FlowState(fetched, facts, aliases);
        }

        private static ImmutableDictionary<AccessPath, ValueFacts> Store(ImmutableDictionary<AccessPath, ValueFacts> facts, AccessPath key, ValueFacts value)
        {
            if (ReferenceEquals(value, ValueFacts.Trusted) || value.Equals(ValueFacts.Trusted))
            {
                return facts.Remove(key);
            }

            // A join that adds nothing often builds an equal value: keep the map (and the states built on it) unchanged.
            return facts.TryGetValue(key, out var existing) && (ReferenceEquals(existing, value) || existing.Equals(value)) ? facts : facts.SetItem(key, value);
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

        /// <summary>The mutable view a block's transfer functions work on.</summary>
        internal sealed class Builder
        {
            private readonly FetchMap.Builder _fetched;
            private readonly ImmutableDictionary<AccessPath, ValueFacts>.Builder _facts;
            private readonly ImmutableDictionary<AccessPath, AccessPath>.Builder _aliases;

            public Builder(FlowState state)
            {
                _fetched = state.Fetched.ToBuilder();
                _facts = state.Facts.ToBuilder();
                _aliases = state.Aliases.ToBuilder();
            }

            public FetchMap.Builder Fetched => _fetched;

            public int FetchedCount => _fetched.Count;

            public bool TryGetFetch(AccessPath path, out FetchEntry entry) => _fetched.TryGetValue(path, out entry!);

            public void RecordFetch(AccessPath path, FetchEntry entry) => _fetched.Add(path, entry);

            public void RemoveFetches(System.Func<AccessPath, bool> predicate) => _fetched.RemoveWhere((path, _) => predicate(path));

            /// <summary>Forgets the locations first fetched in blocks <paramref name="first"/> to <paramref name="last"/>.</summary>
            public void RemoveFetchesFirstFetchedIn(int first, int last) =>
                _fetched.RemoveWhere((_, entry) => entry.BlockOrdinal >= first && entry.BlockOrdinal <= last);

            /// <summary>Forgets the fetched locations whose keys depend on <paramref name="symbol"/>.</summary>
            public void RemoveFetchesDependingOn(ISymbol symbol) => _fetched.RemoveDependingOn(symbol);

            /// <summary>Moves the fetches recorded under <paramref name="from"/> to the same locations under <paramref name="to"/>.</summary>
            public void RekeyFetches(AccessPath from, AccessPath to)
            {
                List<KeyValuePair<AccessPath, FetchEntry>>? moved = null;
                foreach (var pair in _fetched)
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

            public ValueFacts? GetFacts(AccessPath path) => _facts.TryGetValue(path, out var facts) ? facts : null;

            public void SetFacts(AccessPath path, ValueFacts facts)
            {
                if (ReferenceEquals(facts, ValueFacts.Trusted))
                {
                    _facts.Remove(path);
                }
                else
                {
                    _facts[path] = facts;
                }
            }

            /// <summary>Forgets facts about <paramref name="path"/>, the paths inside it, and bounds that mention it.</summary>
            public void InvalidateFacts(AccessPath path)
            {
                if (_facts.Count == 0)
                {
                    return;
                }

                List<AccessPath>? remove = null;
                List<KeyValuePair<AccessPath, ValueFacts>>? update = null;
                foreach (var pair in _facts)
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
                    _facts.RemoveRange(remove);
                }

                if (update is not null)
                {
                    foreach (var pair in update)
                    {
                        SetFacts(pair.Key, pair.Value);
                    }
                }
            }

            public void RemoveFacts(System.Func<AccessPath, bool> predicate)
            {
                if (_facts.Count == 0)
                {
                    return;
                }

                List<AccessPath>? remove = null;
                foreach (var pair in _facts)
                {
                    if (predicate(pair.Key))
                    {
                        (remove ??= new List<AccessPath>()).Add(pair.Key);
                    }
                }

                if (remove is not null)
                {
                    _facts.RemoveRange(remove);
                }
            }

            public AccessPath? GetAlias(AccessPath alias) => _aliases.TryGetValue(alias, out var path) ? path : null;

            public IEnumerable<KeyValuePair<AccessPath, AccessPath>> Aliases => _aliases;

            public int AliasCount => _aliases.Count;

            public void SetAlias(AccessPath alias, AccessPath? target)
            {
                if (target is null)
                {
                    _aliases.Remove(alias);
                }
                else
                {
                    _aliases[alias] = target;
                }
            }

            public void RemoveAliases(System.Func<AccessPath, AccessPath, bool> predicate)
            {
                if (_aliases.Count == 0)
                {
                    return;
                }

                List<AccessPath>? remove = null;
                foreach (var pair in _aliases)
                {
                    if (predicate(pair.Key, pair.Value))
                    {
                        (remove ??= new List<AccessPath>()).Add(pair.Key);
                    }
                }

                if (remove is not null)
                {
                    _aliases.RemoveRange(remove);
                }
            }

            public FlowState ToImmutable() => new(_fetched.ToImmutable(), _facts.ToImmutable(), _aliases.ToImmutable());
        }
    }
}
