using System;
using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DoubleFetchAnalyzers.Configuration
{
    /// <summary>The configuration keys' raw values for one tree: the tree's .editorconfig sections, then global options.</summary>
    internal sealed class RawConfiguration : IEquatable<RawConfiguration>
    {
        public static readonly RawConfiguration Empty = new(ImmutableArray.Create<string?>(new string?[ConfigurationKeys.All.Length]));

        private readonly string _identity;

        private RawConfiguration(ImmutableArray<string?> values)
        {
            Values = values;
            var identity = new StringBuilder();
            foreach (var value in values)
            {
                identity.Append(value is null ? "\u0001" : value).Append('\u0000');
            }

            _identity = identity.ToString();
        }

        /// <summary>One value per key of <see cref="ConfigurationKeys.All"/>, in that order; null when the key is not set.</summary>
        public ImmutableArray<string?> Values { get; }

        public bool IsEmpty => Equals(Empty);

        public string? this[string key] => Values[ConfigurationKeys.All.IndexOf(key)];

        public static RawConfiguration Read(AnalyzerConfigOptions treeOptions, AnalyzerConfigOptions globalOptions)
        {
            var values = new string?[ConfigurationKeys.All.Length];
            var any = false;
            for (var i = 0; i < values.Length; i++)
            {
                var key = ConfigurationKeys.All[i];
                if (treeOptions.TryGetValue(key, out var value) || globalOptions.TryGetValue(key, out value))
                {
                    values[i] = value;
                    any = true;
                }
            }

            return any ? new RawConfiguration(ImmutableArray.Create(values)) : Empty;
        }

        public bool Equals(RawConfiguration? other) => other is not null && string.Equals(_identity, other._identity, StringComparison.Ordinal);

        public override bool Equals(object? obj) => Equals(obj as RawConfiguration);

        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_identity);
    }
}
