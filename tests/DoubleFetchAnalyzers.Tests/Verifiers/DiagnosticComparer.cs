using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Xunit.Sdk;

namespace DoubleFetchAnalyzers.Tests.Verifiers
{
    internal readonly record struct ResolvedLocation(string Path, LinePositionSpan Span)
    {
        public static ResolvedLocation? Of(Location location)
            => location.IsInSource ? new ResolvedLocation(location.SourceTree!.FilePath, location.GetLineSpan().Span) : null;

        public override string ToString()
            => $"{Path}({Span.Start.Line + 1},{Span.Start.Character + 1})-({Span.End.Line + 1},{Span.End.Character + 1})";
    }

    /// <summary>A <see cref="DiagnosticResult"/> whose markup locations have been resolved against one source text.</summary>
    internal sealed record ExpectedDiagnostic(DiagnosticResult Result, ResolvedLocation? Location, ImmutableArray<ResolvedLocation> AdditionalLocations)
    {
        public string Id => Result.Id;
    }

    /// <summary>Resolves expected diagnostics, matches them with the reported ones and explains any difference.</summary>
    internal static class DiagnosticComparer
    {
        // Roslyn keeps a diagnostic's message arguments in an internal property; when it is missing, the
        // arguments are compared through the message they format.
        private static readonly PropertyInfo? ArgumentsProperty =
            typeof(Diagnostic).GetProperty("Arguments", BindingFlags.Instance | BindingFlags.NonPublic);

        public static List<ExpectedDiagnostic> Resolve(
            ParsedMarkup markup,
            IEnumerable<DiagnosticResult> results,
            string documentPath,
            Func<string> defaultMarkupId)
        {
            var lines = SourceText.From(markup.Text).Lines;
            ResolvedLocation Locate(DiagnosticLocation location)
            {
                if (location.MarkupKey is not { } key)
                {
                    return new ResolvedLocation(location.Path ?? documentPath, location.Span);
                }

                if (!markup.Locations.TryGetValue(key, out var span))
                {
                    throw new XunitException($"The expected diagnostics refer to location #{key}, but the code has no {{|#{key}:...|}} markup.");
                }

                return new ResolvedLocation(documentPath, lines.GetLinePositionSpan(span));
            }

            var expected = results
                .Select(result => new ExpectedDiagnostic(
                    result,
                    result.HasLocation ? Locate(result.Locations[0]) : null,
                    result.HasLocation ? result.Locations.Skip(1).Select(Locate).ToImmutableArray() : ImmutableArray<ResolvedLocation>.Empty))
                .ToList();
            foreach (var marked in markup.Diagnostics)
            {
                var location = new ResolvedLocation(documentPath, lines.GetLinePositionSpan(marked.Span));
                expected.Add(new ExpectedDiagnostic(new DiagnosticResult(marked.Id ?? defaultMarkupId()), location, ImmutableArray<ResolvedLocation>.Empty));
            }

            return expected;
        }

        /// <summary>Throws with a readable report unless <paramref name="actual"/> matches <paramref name="expected"/> one to one.</summary>
        public static void Verify(string state, IReadOnlyList<ExpectedDiagnostic> expected, IReadOnlyList<Diagnostic> actual, Func<string, SourceText?> getText)
        {
            var unmatchedExpected = expected.OrderBy(SortKey).ToList();
            var unmatchedActual = actual.OrderBy(SortKey).ToList();

            // First pair diagnostics that agree in everything, then those that agree in ID and location only,
            // so that the report names the detail that differs instead of a missing and an unexpected diagnostic.
            Pair(unmatchedExpected, unmatchedActual, (e, a) => SameIdAndLocation(e, a) && !Differences(e, a).Any(), _ => { });
            var wrongDetails = new List<string>();
            Pair(unmatchedExpected, unmatchedActual, SameIdAndLocation, pair =>
                wrongDetails.Add($"{Describe(pair.Actual, getText)}: {string.Join("; ", Differences(pair.Expected, pair.Actual))}"));

            if (unmatchedExpected.Count == 0 && unmatchedActual.Count == 0 && wrongDetails.Count == 0)
            {
                return;
            }

            var report = new StringBuilder();
            report.AppendLine($"{state}: the diagnostics differ from the expected ones.");
            AppendSection(report, "Missing (expected, not reported)", unmatchedExpected.Select(e => Describe(e, getText)));
            AppendSection(report, "Unexpected (reported, not expected)", unmatchedActual.Select(a => Describe(a, getText) + ": " + a.GetMessage(CultureInfo.InvariantCulture)));
            AppendSection(report, "Reported with other details", wrongDetails);
            if (unmatchedActual.Any(a => a.Id.StartsWith("CS", StringComparison.Ordinal)))
            {
                report.AppendLine("Compiler diagnostics are checked too: correct the code, expect them (DiagnosticResult.CompilerError), or set CompilerDiagnostics.");
            }

            AppendSection(report, $"All expected ({expected.Count})", expected.OrderBy(SortKey).Select(e => Describe(e, getText)));
            AppendSection(report, $"All reported ({actual.Count})", actual.OrderBy(SortKey).Select(a => Describe(a, getText) + ": " + a.GetMessage(CultureInfo.InvariantCulture)));
            foreach (var file in actual.Where(a => a.Location.IsInSource).GroupBy(a => a.Location.SourceTree!))
            {
                report.AppendLine($"Reported diagnostics as markup in {file.Key.FilePath}:");
                report.AppendLine(RenderMarkup(file.Key.GetText(), file));
            }

            throw new XunitException(report.ToString());
        }

        private static void Pair(
            List<ExpectedDiagnostic> expected,
            List<Diagnostic> actual,
            Func<ExpectedDiagnostic, Diagnostic, bool> matches,
            Action<(ExpectedDiagnostic Expected, Diagnostic Actual)> onPair)
        {
            for (var i = 0; i < expected.Count;)
            {
                var index = actual.FindIndex(a => matches(expected[i], a));
                if (index < 0)
                {
                    i++;
                    continue;
                }

                onPair((expected[i], actual[index]));
                expected.RemoveAt(i);
                actual.RemoveAt(index);
            }
        }

        private static bool SameIdAndLocation(ExpectedDiagnostic expected, Diagnostic actual)
            => expected.Id == actual.Id && expected.Location == ResolvedLocation.Of(actual.Location);

        private static IEnumerable<string> Differences(ExpectedDiagnostic expected, Diagnostic actual)
        {
            if (!expected.AdditionalLocations.IsEmpty)
            {
                var actualLocations = actual.AdditionalLocations.Select(ResolvedLocation.Of).ToList();
                if (!expected.AdditionalLocations.Select(l => (ResolvedLocation?)l).SequenceEqual(actualLocations))
                {
                    yield return $"additional locations [{string.Join(", ", expected.AdditionalLocations)}] expected, " +
                                 $"actual [{string.Join(", ", actualLocations.Select(l => l?.ToString() ?? "none"))}]";
                }
            }

            if (expected.Result.MessageArguments is { } arguments && ArgumentsDifference(arguments, actual) is { } difference)
            {
                yield return difference;
            }

            var message = actual.GetMessage(CultureInfo.InvariantCulture);
            if (expected.Result.Message is { } expectedMessage && expectedMessage != message)
            {
                yield return $"message \"{expectedMessage}\" expected, actual \"{message}\"";
            }

            if (expected.Result.Severity is { } severity && severity != actual.Severity)
            {
                yield return $"severity {severity} expected, actual {actual.Severity}";
            }
        }

        private static string? ArgumentsDifference(object?[] expected, Diagnostic actual)
        {
            var expectedText = expected.Select(DiagnosticResult.FormatArgument).ToList();
            if (ArgumentsProperty?.GetValue(actual) is IEnumerable actualArguments)
            {
                var actualText = actualArguments.Cast<object?>().Select(DiagnosticResult.FormatArgument).ToList();
                return expectedText.SequenceEqual(actualText)
                    ? null
                    : $"arguments ({Quote(expectedText)}) expected, actual ({Quote(actualText)})";
            }

            var format = actual.Descriptor.MessageFormat.ToString(CultureInfo.InvariantCulture);
            var expectedMessage = string.Format(CultureInfo.InvariantCulture, format, expected);
            var message = actual.GetMessage(CultureInfo.InvariantCulture);
            return expectedMessage == message ? null : $"arguments give \"{expectedMessage}\", actual message \"{message}\"";
        }

        private static (string, int, int, int, int, string) SortKey(ExpectedDiagnostic diagnostic) => SortKey(diagnostic.Location, diagnostic.Id);

        private static (string, int, int, int, int, string) SortKey(Diagnostic diagnostic) => SortKey(ResolvedLocation.Of(diagnostic.Location), diagnostic.Id);

        private static (string, int, int, int, int, string) SortKey(ResolvedLocation? location, string id)
        {
            if (location is not { } l)
            {
                return ("", -1, -1, -1, -1, id);
            }

            return (l.Path, l.Span.Start.Line, l.Span.Start.Character, l.Span.End.Line, l.Span.End.Character, id);
        }

        private static string Describe(ExpectedDiagnostic expected, Func<string, SourceText?> getText)
        {
            var text = expected.Location is { } location ? $"{location} {Covered(location, getText)}" : "(no location)";
            var details = expected.Result.WithNoLocation().ToString().Substring(expected.Id.Length);
            if (!expected.AdditionalLocations.IsEmpty)
            {
                details += $" with additional locations [{string.Join(", ", expected.AdditionalLocations)}]";
            }

            return $"{expected.Id} {text}{details}";
        }

        private static string Describe(Diagnostic actual, Func<string, SourceText?> getText)
            => ResolvedLocation.Of(actual.Location) is { } location
                ? $"{actual.Id} {location} {Covered(location, getText)}"
                : $"{actual.Id} (no location)";

        private static string Covered(ResolvedLocation location, Func<string, SourceText?> getText)
        {
            var text = getText(location.Path);
            if (text is null || location.Span.End.Line >= text.Lines.Count)
            {
                return "(outside the code)";
            }

            var covered = text.ToString(text.Lines.GetTextSpan(location.Span)).Replace("\r", "").Replace("\n", "\\n");
            return "\"" + (covered.Length > 60 ? covered.Substring(0, 57) + "..." : covered) + "\"";
        }

        private static string Quote(IEnumerable<string> values) => string.Join(", ", values.Select(v => "\"" + v + "\""));

        private static void AppendSection(StringBuilder report, string title, IEnumerable<string> lines)
        {
            var list = lines.ToList();
            if (list.Count == 0)
            {
                return;
            }

            report.AppendLine(title + ":");
            foreach (var line in list)
            {
                report.AppendLine("  " + line);
            }
        }

        /// <summary>The text with each diagnostic written as <c>{|ID:...|}</c> around its span.</summary>
        private static string RenderMarkup(SourceText text, IEnumerable<Diagnostic> diagnostics)
        {
            // At one position, closers come before openers; an outer span opens before and closes after an inner one.
            var marks = diagnostics
                .SelectMany(d => new[]
                {
                    (Position: d.Location.SourceSpan.Start, Kind: 1, Order: -d.Location.SourceSpan.End, Text: "{|" + d.Id + ":"),
                    (Position: d.Location.SourceSpan.End, Kind: 0, Order: -d.Location.SourceSpan.Start, Text: "|}"),
                })
                .OrderBy(m => m.Position).ThenBy(m => m.Kind).ThenBy(m => m.Order);
            var source = text.ToString();
            var result = new StringBuilder();
            var copied = 0;
            foreach (var mark in marks)
            {
                result.Append(source, copied, mark.Position - copied).Append(mark.Text);
                copied = mark.Position;
            }

            return result.Append(source, copied, source.Length - copied).ToString();
        }
    }
}
