using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.Text;

namespace DoubleFetchAnalyzers.Tests.Verifiers
{
    /// <summary>A diagnostic marked in test code; <see cref="Id"/> is null for <c>[|...|]</c> (the default ID).</summary>
    internal readonly record struct MarkupDiagnostic(string? Id, TextSpan Span);

    /// <summary>Test code with its markup removed, and what the markup marked.</summary>
    internal sealed record ParsedMarkup(
        string Text,
        ImmutableArray<MarkupDiagnostic> Diagnostics,
        ImmutableDictionary<int, TextSpan> Locations);

    /// <summary>
    /// Parses <c>[|text|]</c> (a diagnostic with the default ID), <c>{|DF0001:text|}</c> (a diagnostic with that ID)
    /// and <c>{|#0:text|}</c> (location 0, referenced by <see cref="DiagnosticResult.WithLocation(int)"/>).
    /// Markup nests: <c>{|DF0001:{|#0:x|}|}</c>.
    /// </summary>
    internal static class TestMarkup
    {
        private static readonly Regex Tag = new(@"\G(?:#(?<key>[0-9]+)|(?<id>[A-Z]+[0-9]+)):", RegexOptions.CultureInvariant);

        public static ParsedMarkup Parse(string markup)
        {
            var text = new StringBuilder(markup.Length);
            var open = new Stack<(char Opener, string? Id, int? Key, int Start, int MarkupPosition)>();
            var diagnostics = ImmutableArray.CreateBuilder<MarkupDiagnostic>();
            var locations = ImmutableDictionary.CreateBuilder<int, TextSpan>();

            var i = 0;
            while (i < markup.Length)
            {
                if (At(markup, i, "[|"))
                {
                    open.Push(('[', null, null, text.Length, i));
                    i += 2;
                }
                else if (At(markup, i, "{|"))
                {
                    var tag = Tag.Match(markup, i + 2);
                    if (!tag.Success)
                    {
                        throw Error(markup, i, "'{|' must be followed by '#<number>:' or '<diagnostic ID>:'");
                    }

                    int? key = tag.Groups["key"].Success ? int.Parse(tag.Groups["key"].Value, CultureInfo.InvariantCulture) : null;
                    string? id = tag.Groups["id"].Success ? tag.Groups["id"].Value : null;
                    open.Push(('{', id, key, text.Length, i));
                    i = tag.Index + tag.Length;
                }
                else if (At(markup, i, "|]") || At(markup, i, "|}"))
                {
                    var opener = markup[i + 1] == ']' ? '[' : '{';
                    if (open.Count == 0 || open.Peek().Opener != opener)
                    {
                        throw Error(markup, i, $"'|{markup[i + 1]}' does not close the innermost open markup");
                    }

                    var (_, id, key, start, markupPosition) = open.Pop();
                    var span = TextSpan.FromBounds(start, text.Length);
                    if (key is { } k)
                    {
                        if (locations.ContainsKey(k))
                        {
                            throw Error(markup, markupPosition, $"location #{k} is marked twice");
                        }

                        locations.Add(k, span);
                    }
                    else
                    {
                        diagnostics.Add(new MarkupDiagnostic(id, span));
                    }

                    i += 2;
                }
                else
                {
                    text.Append(markup[i]);
                    i++;
                }
            }

            if (open.Count > 0)
            {
                throw Error(markup, open.Peek().MarkupPosition, "markup is never closed");
            }

            return new ParsedMarkup(text.ToString(), diagnostics.ToImmutable(), locations.ToImmutable());
        }

        private static bool At(string text, int index, string token) => string.CompareOrdinal(text, index, token, 0, token.Length) == 0;

        private static FormatException Error(string markup, int position, string message)
        {
            var line = 1;
            var column = 1;
            for (var i = 0; i < position; i++)
            {
                (line, column) = markup[i] == '\n' ? (line + 1, 1) : (line, column + 1);
            }

            return new FormatException($"Invalid test markup at ({line},{column}): {message}.");
        }
    }
}
