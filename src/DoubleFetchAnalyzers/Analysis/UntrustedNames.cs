using System;
using System.Collections.Immutable;

namespace DoubleFetchAnalyzers.Analysis
{
    /// <summary>The naming convention for untrusted values, with its common spellings.</summary>
    internal static class UntrustedNames
    {
        public const string DefaultPrefix = "untrusted_";

        /// <summary>
        /// For a prefix such as <c>untrusted_</c>: <c>untrusted_len</c>, <c>untrustedLen</c>, <c>UntrustedLen</c>,
        /// <c>Untrusted_len</c>, <c>_untrustedLen</c> and <c>_untrusted_len</c> all match; <c>untrustedness</c> does not.
        /// </summary>
        public static bool HasPrefix(string name, ImmutableArray<string> prefixes)
        {
            var start = 0;
            while (start < name.Length && name[start] == '_')
            {
                start++;
            }

            foreach (var prefix in prefixes)
            {
                if (Matches(name, start, prefix))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The name with the prefix added in the style of the name (<c>len</c> → <c>untrusted_len</c>, <c>Len</c> → <c>UntrustedLen</c>).</summary>
        public static string AddPrefix(string name, string prefix)
        {
            var leading = 0;
            while (leading < name.Length && name[leading] == '_')
            {
                leading++;
            }

            var core = name.Substring(leading);
            if (core.Length > 0 && char.IsUpper(core[0]) && prefix.EndsWith("_", StringComparison.Ordinal))
            {
                var word = prefix.TrimEnd('_');
                return name.Substring(0, leading) + char.ToUpperInvariant(word[0]) + word.Substring(1) + core;
            }

            return name.Substring(0, leading) + prefix + core;
        }

        private static bool Matches(string name, int start, string prefix)
        {
            if (prefix.Length == 0)
            {
                return false;
            }

            // Exact spelling: untrusted_x.
            if (string.CompareOrdinal(name, start, prefix, 0, prefix.Length) == 0 && name.Length > start + prefix.Length)
            {
                return true;
            }

            // Word spelling: the prefix without its trailing underscore, any case for its first letter, followed by
            // an underscore or an upper-case letter (untrustedLen, UntrustedLen, Untrusted_len).
            // (Counted, not trimmed: this runs for every name the engine looks at.)
            var wordLength = prefix.Length;
            while (wordLength > 0 && prefix[wordLength - 1] == '_')
            {
                wordLength--;
            }

            if (wordLength == 0 || name.Length <= start + wordLength)
            {
                return false;
            }

            if (char.ToLowerInvariant(name[start]) != char.ToLowerInvariant(prefix[0]) ||
                string.CompareOrdinal(name, start + 1, prefix, 1, wordLength - 1) != 0)
            {
                return false;
            }

            var next = name[start + wordLength];
            return next == '_' || char.IsUpper(next) || char.IsDigit(next);
        }
    }
}
