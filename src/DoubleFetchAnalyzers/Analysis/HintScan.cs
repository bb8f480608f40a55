using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Threading;
using Microsoft.CodeAnalysis.Text;

namespace DoubleFetchAnalyzers.Analysis
{
    /// <summary>
    /// One pass over a syntax tree's text that finds where the hint names occur, so that the glance at each of the
    /// tree's bodies is a binary search instead of a walk over the body's tokens. Names of two kinds: those that lead to
    /// a source wherever they appear, and those that do only where they bind to a shared type or one of its members
    /// (<c>Length</c> of a shared struct, which every <c>array.Length</c> also spells); the caller binds the latter. The text is read as runs of the
    /// characters identifiers are made of; every identifier token of plain ASCII spelling is such a run, so a body whose
    /// span holds no hit mentions no hint name. Runs in comments, strings and disabled code are found too: a false alarm
    /// costs only the semantic filter. Where the text alone cannot say (a Unicode escape, an identifier with characters
    /// beyond ASCII, a run too long to keep), the position is marked unsure and the caller walks that body's tokens.
    /// </summary>
    internal sealed class HintScan
    {
        private const int ChunkLength = 4096;
        private const int MaxRunLength = 512;

        private readonly int[] _hits;
        private readonly int[] _checked;
        private readonly int[] _unsure;

        private HintScan(SourceModel sources, int[] hits, int[] @checked, int[] unsure)
        {
            Sources = sources;
            _hits = hits;
            _checked = @checked;
            _unsure = unsure;
        }

        /// <summary>What a run of identifier characters is to the glance.</summary>
        internal enum Kind
        {
            None,

            /// <summary>A name that leads to a source wherever it appears.</summary>
            Hint,

            /// <summary>A name that leads to a source only where it binds to a shared type or a member of one.</summary>
            Checked,
        }

        /// <summary>The source model whose names and prefixes the scan looked for.</summary>
        public SourceModel Sources { get; }

        /// <summary>True when a hint name starts inside <paramref name="span"/>.</summary>
        public bool HasHit(TextSpan span) => AnyWithin(_hits, span);

        /// <summary>True when the text inside <paramref name="span"/> has a spot the scan could not judge.</summary>
        public bool HasUnsure(TextSpan span) => AnyWithin(_unsure, span);

        /// <summary>Where the names to bind start inside <paramref name="span"/>, in order.</summary>
        public ArraySegment<int> CheckedWithin(TextSpan span)
        {
            var first = FirstAtOrAfter(_checked, span.Start);
            var last = first;
            while (last < _checked.Length && _checked[last] < span.End)
            {
                last++;
            }

            return new ArraySegment<int>(_checked, first, last - first);
        }

        /// <summary>Scans <paramref name="text"/> for the names <paramref name="matcher"/> recognises.</summary>
        public static HintScan Create(SourceText text, SourceModel sources, Matcher matcher, CancellationToken cancellationToken)
        {
            var hits = new List<int>();
            var @checked = new List<int>();
            var unsure = new List<int>();
            var chunk = new char[Math.Min(ChunkLength, Math.Max(text.Length, 1))];
            var run = new char[MaxRunLength];
            var runStart = -1;
            var runLength = 0;
            var runUnsure = false;

            void EndRun()
            {
                if (runStart < 0)
                {
                    return;
                }

                if (runUnsure || runLength > MaxRunLength)
                {
                    unsure.Add(runStart);
                }
                else
                {
                    switch (matcher.Match(run, runLength))
                    {
                        case Kind.Hint:
                            hits.Add(runStart);
                            break;
                        case Kind.Checked:
                            @checked.Add(runStart);
                            break;
                    }
                }

                runStart = -1;
                runLength = 0;
                runUnsure = false;
            }

            for (var offset = 0; offset < text.Length; offset += chunk.Length)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var count = Math.Min(chunk.Length, text.Length - offset);
                text.CopyTo(offset, chunk, 0, count);
                for (var i = 0; i < count; i++)
                {
                    var c = chunk[i];
                    var inIdentifier = c < 128
                        ? (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                        : IsIdentifierCharacterBeyondAscii(c);
                    if (!inIdentifier)
                    {
                        // The run ends first, so that the positions stay in order.
                        EndRun();
                        if (c == '\\')
                        {
                            // A Unicode escape may spell an identifier (\u0075ntrusted_len): only the tokens can tell.
                            var next = i + 1 < count ? chunk[i + 1] : offset + i + 1 < text.Length ? text[offset + i + 1] : '\0';
                            if (next is 'u' or 'U')
                            {
                                unsure.Add(offset + i);
                            }
                        }

                        continue;
                    }

                    if (runStart < 0)
                    {
                        runStart = offset + i;
                    }

                    if (c >= 128)
                    {
                        runUnsure = true;
                    }

                    if (runLength < MaxRunLength)
                    {
                        run[runLength] = c;
                    }

                    runLength++;
                }
            }

            EndRun();
            return new HintScan(sources, hits.ToArray(), @checked.ToArray(), unsure.ToArray());
        }

        /// <summary>Letters, digits, connectors, combining and formatting characters: what C# allows in identifiers.</summary>
        private static bool IsIdentifierCharacterBeyondAscii(char c)
        {
            switch (CharUnicodeInfo.GetUnicodeCategory(c))
            {
                case UnicodeCategory.UppercaseLetter:
                case UnicodeCategory.LowercaseLetter:
                case UnicodeCategory.TitlecaseLetter:
                case UnicodeCategory.ModifierLetter:
                case UnicodeCategory.OtherLetter:
                case UnicodeCategory.LetterNumber:
                case UnicodeCategory.DecimalDigitNumber:
                case UnicodeCategory.ConnectorPunctuation:
                case UnicodeCategory.NonSpacingMark:
                case UnicodeCategory.SpacingCombiningMark:
                case UnicodeCategory.Format:
                case UnicodeCategory.Surrogate:
                    return true;
                default:
                    return false;
            }
        }

        private static bool AnyWithin(int[] positions, TextSpan span)
        {
            var index = FirstAtOrAfter(positions, span.Start);
            return index < positions.Length && positions[index] < span.End;
        }

        private static int FirstAtOrAfter(int[] positions, int start)
        {
            var index = Array.BinarySearch(positions, start);
            return index < 0 ? ~index : index;
        }

        /// <summary>
        /// The names one source model counts as hints (the compilation's names and the configured ones), its untrusted
        /// prefixes, and the names to bind, tested on a run of characters without making a string of it, except for the
        /// rare run that may carry an untrusted prefix.
        /// </summary>
        internal sealed class Matcher
        {
            private readonly NameTable _hints;
            private readonly NameTable _checked;
            private readonly bool[] _prefixInitials = new bool[128];
            private readonly Func<string, bool> _hasUntrustedName;

            public Matcher(IEnumerable<string> names, IEnumerable<string> checkedNames, ImmutableArray<string> prefixes, Func<string, bool> hasUntrustedName)
            {
                _hints = new NameTable(names);
                _checked = new NameTable(checkedNames);

                foreach (var prefix in prefixes)
                {
                    var start = 0;
                    while (start < prefix.Length && prefix[start] == '_')
                    {
                        start++;
                    }

                    if (start < prefix.Length && prefix[start] < 128)
                    {
                        _prefixInitials[char.ToLowerInvariant(prefix[start])] = true;
                        _prefixInitials[char.ToUpperInvariant(prefix[start])] = true;
                    }
                    else if (start < prefix.Length)
                    {
                        // A prefix that starts beyond ASCII: every run is a candidate.
                        for (var c = 0; c < _prefixInitials.Length; c++)
                        {
                            _prefixInitials[c] = true;
                        }
                    }
                }

                _hasUntrustedName = hasUntrustedName;
            }

            /// <summary>What the first <paramref name="length"/> characters of <paramref name="run"/> are: a hint (a name or an untrusted prefix), a name to bind, or neither.</summary>
            public Kind Match(char[] run, int length)
            {
                if (_hints.Contains(run, length))
                {
                    return Kind.Hint;
                }

                var start = 0;
                while (start < length && run[start] == '_')
                {
                    start++;
                }

                if (start < length && run[start] < 128 && _prefixInitials[run[start]] && _hasUntrustedName(new string(run, 0, length)))
                {
                    return Kind.Hint;
                }

                return _checked.Contains(run, length) ? Kind.Checked : Kind.None;
            }
        }

        /// <summary>A set of names looked up by a run of characters.</summary>
        private sealed class NameTable
        {
            private readonly string[][] _buckets;
            private readonly int _mask;

            public NameTable(IEnumerable<string> names)
            {
                var unique = new HashSet<string>(names, StringComparer.Ordinal);
                var size = 16;
                while (size < unique.Count * 2)
                {
                    size *= 2;
                }

                _mask = size - 1;
                var buckets = new List<string>[size];
                foreach (var name in unique)
                {
                    var bucket = Hash(name.ToCharArray(), name.Length) & _mask;
                    (buckets[bucket] ??= new List<string>()).Add(name);
                }

                _buckets = new string[size][];
                for (var i = 0; i < size; i++)
                {
                    _buckets[i] = buckets[i]?.ToArray() ?? Array.Empty<string>();
                }
            }

            public bool Contains(char[] run, int length)
            {
                foreach (var name in _buckets[Hash(run, length) & _mask])
                {
                    if (name.Length == length && SameCharacters(name, run))
                    {
                        return true;
                    }
                }

                return false;
            }

            private static bool SameCharacters(string name, char[] run)
            {
                for (var i = 0; i < name.Length; i++)
                {
                    if (name[i] != run[i])
                    {
                        return false;
                    }
                }

                return true;
            }

            /// <summary>FNV-1a over the characters.</summary>
            private static int Hash(char[] characters, int length)
            {
                unchecked
                {
                    var hash = (int)2166136261;
                    for (var i = 0; i < length; i++)
                    {
                        hash = (hash ^ characters[i]) * 16777619;
                    }

                    return hash;
                }
            }
        }
    }
}
