using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace DoubleFetchAnalyzers.Analysis
{
    /// <summary>
    /// The numbering of the fetched locations of one graph: each location gets an id the first time it is fetched.
    /// Also the ids by the variables their keys depend on, so that assigning a variable forgets the locations keyed
    /// by it without looking at the others.
    /// </summary>
    internal sealed class LocationIds
    {
        private static readonly List<int> None = new();

        private readonly Dictionary<AccessPath, int> _ids = new();
        private readonly List<AccessPath> _paths = new();
        private readonly Dictionary<ISymbol, List<int>> _byDependency = new(SymbolEqualityComparer.Default);

        public AccessPath this[int id] => _paths[id];

        public bool TryGet(AccessPath path, out int id) => _ids.TryGetValue(path, out id);

        /// <summary>The ids of the locations whose keys depend on <paramref name="symbol"/>.</summary>
        public List<int> DependingOn(ISymbol symbol) => _byDependency.TryGetValue(symbol, out var ids) ? ids : None;

        public int GetOrAdd(AccessPath path)
        {
            if (!_ids.TryGetValue(path, out var id))
            {
                id = _paths.Count;
                _ids.Add(path, id);
                _paths.Add(path);
                foreach (var dependency in path.Dependencies)
                {
                    if (!_byDependency.TryGetValue(dependency, out var ids))
                    {
                        _byDependency[dependency] = ids = new List<int>();
                    }

                    if (ids.Count == 0 || ids[ids.Count - 1] != id)
                    {
                        ids.Add(id);
                    }
                }
            }

            return id;
        }
    }

    /// <summary>
    /// The locations fetched on the way to a point, with their first fetch: an array indexed by location id, shared
    /// between states until one of them writes (copy on write). A join is one pass over two arrays and returns its
    /// first argument itself when the second adds nothing, so a block whose input did not change is seen not to have
    /// changed without comparing entries.
    /// </summary>
    internal sealed class FetchMap
    {
        private readonly FetchEntry?[] _entries;

        private FetchMap(LocationIds ids, FetchEntry?[] entries, int count)
        {
            Ids = ids;
            _entries = entries;
            Count = count;
        }

        public LocationIds Ids { get; }

        public int Count { get; }

        public bool IsEmpty => Count == 0;

        public static FetchMap Empty(LocationIds ids) => new(ids, Array.Empty<FetchEntry?>(), 0);

        public Builder ToBuilder() => new(this);

        /// <summary>The first fetch of <paramref name="path"/>, when it was fetched.</summary>
        public bool TryGetValue(AccessPath path, out FetchEntry entry) => Find(Ids, _entries, path, out entry);

        private static bool Find(LocationIds ids, FetchEntry?[] entries, AccessPath path, out FetchEntry entry)
        {
            if (ids.TryGet(path, out var id) && id < entries.Length && entries[id] is { } found)
            {
                entry = found;
                return true;
            }

            entry = null!;
            return false;
        }

        /// <summary>Fetched on either side; where both fetched a location, the fetch that comes first in the source.</summary>
        public static FetchMap Join(FetchMap a, FetchMap b)
        {
            if (ReferenceEquals(a._entries, b._entries) || b.IsEmpty)
            {
                return a;
            }

            FetchEntry?[]? joined = null;
            var count = a.Count;
            for (var id = 0; id < b._entries.Length; id++)
            {
                if (b._entries[id] is not { } entry)
                {
                    continue;
                }

                var existing = id < a._entries.Length ? a._entries[id] : null;
                if (existing is null || existing.Operation.Syntax.SpanStart > entry.Operation.Syntax.SpanStart)
                {
                    if (joined is null)
                    {
                        joined = new FetchEntry?[Math.Max(a._entries.Length, b._entries.Length)];
                        Array.Copy(a._entries, joined, a._entries.Length);
                    }

                    joined[id] = entry;
                    if (existing is null)
                    {
                        count++;
                    }
                }
            }

            return joined is null ? a : new FetchMap(a.Ids, joined, count);
        }

        /// <summary>The same locations with the same first fetches.</summary>
        public bool SameAs(FetchMap other)
        {
            if (ReferenceEquals(_entries, other._entries))
            {
                return true;
            }

            if (Count != other.Count)
            {
                return false;
            }

            var length = Math.Max(_entries.Length, other._entries.Length);
            for (var id = 0; id < length; id++)
            {
                var mine = id < _entries.Length ? _entries[id] : null;
                var theirs = id < other._entries.Length ? other._entries[id] : null;
                if (!ReferenceEquals(mine?.Operation, theirs?.Operation))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The entries in id order (the order in which the graph first fetched them).</summary>
        internal struct Enumerator
        {
            private readonly LocationIds _ids;
            private readonly FetchEntry?[] _entries;
            private int _id;

            public Enumerator(LocationIds ids, FetchEntry?[] entries)
            {
                _ids = ids;
                _entries = entries;
                _id = -1;
            }

            public KeyValuePair<AccessPath, FetchEntry> Current => new(_ids[_id], _entries[_id]!);

            public bool MoveNext()
            {
                while (++_id < _entries.Length)
                {
                    if (_entries[_id] is not null)
                    {
                        return true;
                    }
                }

                return false;
            }
        }

        /// <summary>The mutable view of a block: copies the array on its first write only.</summary>
        internal sealed class Builder
        {
            private FetchMap _original;
            private FetchEntry?[] _entries;
            private bool _owned;

            public Builder(FetchMap original)
            {
                _original = original;
                _entries = original._entries;
                Count = original.Count;
            }

            /// <summary>Starts over from <paramref name="original"/>, dropping what was written.</summary>
            public Builder Reset(FetchMap original)
            {
                _original = original;
                _entries = original._entries;
                Count = original.Count;
                _owned = false;
                return this;
            }

            public int Count { get; private set; }

            public Enumerator GetEnumerator() => new(_original.Ids, _entries);

            public bool TryGetValue(AccessPath path, out FetchEntry entry) => Find(_original.Ids, _entries, path, out entry);

            /// <summary>Records the first fetch of a location; a location already fetched keeps its first fetch.</summary>
            public void Add(AccessPath path, FetchEntry entry)
            {
                var id = _original.Ids.GetOrAdd(path);
                if (id < _entries.Length && _entries[id] is not null)
                {
                    return;
                }

                Own(id + 1);
                _entries[id] = entry;
                Count++;
            }

            public void RemoveWhere(Func<AccessPath, FetchEntry, bool> predicate)
            {
                for (var id = 0; id < _entries.Length && Count > 0; id++)
                {
                    if (_entries[id] is { } entry && predicate(_original.Ids[id], entry))
                    {
                        Remove(id);
                    }
                }
            }

            /// <summary>Forgets the locations whose keys depend on <paramref name="symbol"/> (it was assigned, or it died).</summary>
            public void RemoveDependingOn(ISymbol symbol)
            {
                if (Count == 0)
                {
                    return;
                }

                foreach (var id in _original.Ids.DependingOn(symbol))
                {
                    if (id < _entries.Length && _entries[id] is not null)
                    {
                        Remove(id);
                    }
                }
            }

            public FetchMap ToImmutable()
            {
                if (_owned)
                {
                    _original = new FetchMap(_original.Ids, _entries, Count);
                    _owned = false;
                }

                return _original;
            }

            private void Remove(int id)
            {
                Own(_entries.Length);
                _entries[id] = null;
                Count--;
            }

            /// <summary>Makes the array this builder's own, at least <paramref name="length"/> long.</summary>
            private void Own(int length)
            {
                if (_owned && _entries.Length >= length)
                {
                    return;
                }

                var copy = new FetchEntry?[Math.Max(length, _owned ? _entries.Length * 2 : _entries.Length)];
                Array.Copy(_entries, copy, _entries.Length);
                _entries = copy;
                _owned = true;
            }
        }
    }
}
