using System;
using System.Collections.Generic;

namespace DoubleFetchAnalyzers.Analysis
{
    /// <summary>
    /// The facts of a state, by path: one array of entries kept in the order of the paths' hash codes, shared between states
    /// until one of them writes (copy on write). A state holds the facts of its live variables, a few dozen at most:
    /// a block that writes copies one small array once, where a tree would copy a branch on every write.
    /// </summary>
    internal sealed class FactMap
    {
        public static readonly FactMap Empty = new(Array.Empty<Entry>(), 0);

        private readonly Entry[] _entries;

        private FactMap(Entry[] entries, int count)
        {
            _entries = entries;
            Count = count;
        }

        public int Count { get; }

        public bool IsEmpty => Count == 0;

        public bool TryGetValue(AccessPath key, out ValueFacts value) => TryGet(_entries, Count, key, out value);

        public bool ContainsKey(AccessPath key) => Find(_entries, Count, key) >= 0;

        public Enumerator GetEnumerator() => new(_entries, Count);

        public Builder ToBuilder() => new(this);

        /// <summary>The same paths with equal facts.</summary>
        public bool SameAs(FactMap other)
        {
            if (ReferenceEquals(this, other))
            {
                return true;
            }

            if (Count != other.Count)
            {
                return false;
            }

            for (var i = 0; i < Count; i++)
            {
                if (!other.TryGetValue(_entries[i].Key, out var theirs) || !(ReferenceEquals(_entries[i].Value, theirs) || _entries[i].Value.Equals(theirs)))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool TryGet(Entry[] entries, int count, AccessPath key, out ValueFacts value)
        {
            var index = Find(entries, count, key);
            if (index >= 0)
            {
                value = entries[index].Value;
                return true;
            }

            value = null!;
            return false;
        }

        /// <summary>The index of <paramref name="key"/>; when absent, the complement of where it goes.</summary>
        private static int Find(Entry[] entries, int count, AccessPath key)
        {
            var hash = key.GetHashCode();
            int low = 0, high = count;
            while (low < high)
            {
                var middle = (low + high) >> 1;
                if (entries[middle].Key.GetHashCode() < hash)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }

            // Paths with the same hash code sit together, in no particular order.
            for (var i = low; i < count && entries[i].Key.GetHashCode() == hash; i++)
            {
                if (entries[i].Key.Equals(key))
                {
                    return i;
                }
            }

            return ~low;
        }

        /// <summary>The entries in hash order; its own enumerable, so that either map's enumerator serves a foreach.</summary>
        internal struct Enumerator
        {
            private readonly Entry[] _entries;
            private readonly int _count;
            private int _index;

            public Enumerator(Entry[] entries, int count)
            {
                _entries = entries;
                _count = count;
                _index = -1;
            }

            public KeyValuePair<AccessPath, ValueFacts> Current => new(_entries[_index].Key, _entries[_index].Value);

            public bool MoveNext() => ++_index < _count;

            public Enumerator GetEnumerator() => this;
        }

        /// <summary>The mutable view of a block: copies the array on its first write only.</summary>
        internal sealed class Builder
        {
            private FactMap _original;
            private Entry[] _entries;
            private bool _owned;

            public Builder(FactMap original)
            {
                _original = original;
                _entries = original._entries;
                Count = original.Count;
            }

            /// <summary>Starts over from <paramref name="original"/>, dropping what was written.</summary>
            public Builder Reset(FactMap original)
            {
                _original = original;
                _entries = original._entries;
                Count = original.Count;
                _owned = false;
                return this;
            }

            public int Count { get; private set; }

            public bool TryGetValue(AccessPath key, out ValueFacts value) => TryGet(_entries, Count, key, out value);

            public Enumerator GetEnumerator() => new(_entries, Count);

            /// <summary>Sets the facts of <paramref name="key"/>; setting the facts it has writes nothing.</summary>
            public void Set(AccessPath key, ValueFacts value)
            {
                var index = Find(_entries, Count, key);
                if (index >= 0)
                {
                    if (!ReferenceEquals(_entries[index].Value, value))
                    {
                        Own(Count);
                        _entries[index] = new Entry(key, value);
                    }

                    return;
                }

                index = ~index;
                Own(Count + 1);
                Array.Copy(_entries, index, _entries, index + 1, Count - index);
                _entries[index] = new Entry(key, value);
                Count++;
            }

            public bool Remove(AccessPath key)
            {
                var index = Find(_entries, Count, key);
                if (index < 0)
                {
                    return false;
                }

                Own(Count);
                Count--;
                Array.Copy(_entries, index + 1, _entries, index, Count - index);
                _entries[Count] = default;
                return true;
            }

            public void RemoveRange(List<AccessPath> keys)
            {
                foreach (var key in keys)
                {
                    Remove(key);
                }
            }

            public FactMap ToImmutable()
            {
                if (_owned)
                {
                    _original = new FactMap(_entries, Count);
                    _owned = false;
                }

                return _original;
            }

            /// <summary>Makes the array this builder's own, with room for at least <paramref name="capacity"/> entries.</summary>
            private void Own(int capacity)
            {
                if (_owned && _entries.Length >= capacity)
                {
                    return;
                }

                // The first copy is exact (most blocks write a fact or two that exist); a builder that keeps adding doubles.
                var entries = new Entry[_owned ? Math.Max(capacity, _entries.Length * 2) : capacity];
                Array.Copy(_entries, entries, Count);
                _entries = entries;
                _owned = true;
            }
        }

        /// <summary>One path and its facts.</summary>
        internal readonly struct Entry
        {
            public Entry(AccessPath key, ValueFacts value)
            {
                Key = key;
                Value = value;
            }

            public AccessPath Key { get; }

            public ValueFacts Value { get; }
        }
    }
}
