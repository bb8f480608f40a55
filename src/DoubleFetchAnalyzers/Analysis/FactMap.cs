using System;
using System.Collections.Generic;

namespace DoubleFetchAnalyzers.Analysis
{
    /// <summary>
    /// The facts of a state, by path: two arrays kept in the order of the paths' hash codes, shared between states
    /// until one of them writes (copy on write). A state holds the facts of its live variables, a few dozen at most:
    /// a block that writes copies one small array once, where a tree would copy a branch on every write.
    /// </summary>
    internal sealed class FactMap
    {
        public static readonly FactMap Empty = new(Array.Empty<AccessPath>(), Array.Empty<ValueFacts>(), 0);

        private readonly AccessPath[] _keys;
        private readonly ValueFacts[] _values;

        private FactMap(AccessPath[] keys, ValueFacts[] values, int count)
        {
            _keys = keys;
            _values = values;
            Count = count;
        }

        public int Count { get; }

        public bool IsEmpty => Count == 0;

        public bool TryGetValue(AccessPath key, out ValueFacts value) => TryGet(_keys, _values, Count, key, out value);

        public bool ContainsKey(AccessPath key) => Find(_keys, Count, key) >= 0;

        public Enumerator GetEnumerator() => new(_keys, _values, Count);

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
                if (!other.TryGetValue(_keys[i], out var theirs) || !(ReferenceEquals(_values[i], theirs) || _values[i].Equals(theirs)))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool TryGet(AccessPath[] keys, ValueFacts[] values, int count, AccessPath key, out ValueFacts value)
        {
            var index = Find(keys, count, key);
            if (index >= 0)
            {
                value = values[index];
                return true;
            }

            value = null!;
            return false;
        }

        /// <summary>The index of <paramref name="key"/>; when absent, the complement of where it goes.</summary>
        private static int Find(AccessPath[] keys, int count, AccessPath key)
        {
            var hash = key.GetHashCode();
            int low = 0, high = count;
            while (low < high)
            {
                var middle = (low + high) >> 1;
                if (keys[middle].GetHashCode() < hash)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }

            // Paths with the same hash code sit together, in no particular order.
            for (var i = low; i < count && keys[i].GetHashCode() == hash; i++)
            {
                if (keys[i].Equals(key))
                {
                    return i;
                }
            }

            return ~low;
        }

        /// <summary>The entries in hash order; its own enumerable, so that either map's enumerator serves a foreach.</summary>
        internal struct Enumerator
        {
            private readonly AccessPath[] _keys;
            private readonly ValueFacts[] _values;
            private readonly int _count;
            private int _index;

            public Enumerator(AccessPath[] keys, ValueFacts[] values, int count)
            {
                _keys = keys;
                _values = values;
                _count = count;
                _index = -1;
            }

            public KeyValuePair<AccessPath, ValueFacts> Current => new(_keys[_index], _values[_index]);

            public bool MoveNext() => ++_index < _count;

            public Enumerator GetEnumerator() => this;
        }

        /// <summary>The mutable view of a block: copies the arrays on its first write only.</summary>
        internal sealed class Builder
        {
            private FactMap _original;
            private AccessPath[] _keys;
            private ValueFacts[] _values;
            private bool _owned;

            public Builder(FactMap original)
            {
                _original = original;
                _keys = original._keys;
                _values = original._values;
                Count = original.Count;
            }

            public int Count { get; private set; }

            public bool TryGetValue(AccessPath key, out ValueFacts value) => TryGet(_keys, _values, Count, key, out value);

            public Enumerator GetEnumerator() => new(_keys, _values, Count);

            /// <summary>Sets the facts of <paramref name="key"/>; setting the facts it has writes nothing.</summary>
            public void Set(AccessPath key, ValueFacts value)
            {
                var index = Find(_keys, Count, key);
                if (index >= 0)
                {
                    if (!ReferenceEquals(_values[index], value))
                    {
                        Own(Count);
                        _values[index] = value;
                    }

                    return;
                }

                index = ~index;
                Own(Count + 1);
                Array.Copy(_keys, index, _keys, index + 1, Count - index);
                Array.Copy(_values, index, _values, index + 1, Count - index);
                _keys[index] = key;
                _values[index] = value;
                Count++;
            }

            public bool Remove(AccessPath key)
            {
                var index = Find(_keys, Count, key);
                if (index < 0)
                {
                    return false;
                }

                Own(Count);
                Count--;
                Array.Copy(_keys, index + 1, _keys, index, Count - index);
                Array.Copy(_values, index + 1, _values, index, Count - index);
                _keys[Count] = null!;
                _values[Count] = null!;
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
                    _original = new FactMap(_keys, _values, Count);
                    _owned = false;
                }

                return _original;
            }

            /// <summary>Makes the arrays this builder's own, with room for at least <paramref name="capacity"/> entries.</summary>
            private void Own(int capacity)
            {
                if (_owned && _keys.Length >= capacity)
                {
                    return;
                }

                var size = Math.Max(capacity, _owned ? _keys.Length * 2 : Count + 2);
                var keys = new AccessPath[size];
                var values = new ValueFacts[size];
                Array.Copy(_keys, keys, Count);
                Array.Copy(_values, values, Count);
                _keys = keys;
                _values = values;
                _owned = true;
            }
        }
    }
}
