using System;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace DoubleFetchAnalyzers.Tests.Verifiers
{
    /// <summary>
    /// A diagnostic a test expects. Only what was set is checked: the ID and the location always (no location
    /// means <see cref="Location.None"/>), the arguments, message, severity and additional locations when given.
    /// </summary>
    public readonly record struct DiagnosticResult
    {
        public DiagnosticResult(string id)
        {
            Id = id;
        }

        public DiagnosticResult(DiagnosticDescriptor descriptor)
            : this(descriptor.Id)
        {
        }

        public string Id { get; }

        /// <summary>The primary location first, then the additional locations in order; empty = no location.</summary>
        public ImmutableArray<DiagnosticLocation> Locations { get; private init; } = ImmutableArray<DiagnosticLocation>.Empty;

        public object?[]? MessageArguments { get; private init; }

        public string? Message { get; private init; }

        public DiagnosticSeverity? Severity { get; private init; }

        public bool HasLocation => !Locations.IsDefaultOrEmpty;

        public static DiagnosticResult CompilerError(string id) => new DiagnosticResult(id).WithSeverity(DiagnosticSeverity.Error);

        public static DiagnosticResult CompilerWarning(string id) => new DiagnosticResult(id).WithSeverity(DiagnosticSeverity.Warning);

        /// <summary>
        /// The location marked <c>{|#key:...|}</c> in the test code. As in roslyn-sdk, a second location
        /// given this way is an additional location.
        /// </summary>
        public DiagnosticResult WithLocation(int markupKey) => AddLocation(DiagnosticLocation.FromMarkup(markupKey));

        /// <summary>An explicit span in the test document, with 1-based lines and columns.</summary>
        public DiagnosticResult WithSpan(int startLine, int startColumn, int endLine, int endColumn)
            => WithSpan(path: null, startLine, startColumn, endLine, endColumn);

        /// <summary>An explicit span in the file at <paramref name="path"/> (null: the test document), 1-based.</summary>
        public DiagnosticResult WithSpan(string? path, int startLine, int startColumn, int endLine, int endColumn)
        {
            if (startLine < 1 || startColumn < 1 || endLine < 1 || endColumn < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(startLine), "Lines and columns are 1-based.");
            }

            var span = new LinePositionSpan(
                new LinePosition(startLine - 1, startColumn - 1),
                new LinePosition(endLine - 1, endColumn - 1));
            return AddLocation(DiagnosticLocation.FromSpan(path, span));
        }

        /// <summary>An additional location (checked in order, and only when at least one is given).</summary>
        public DiagnosticResult WithAdditionalLocation(int markupKey)
        {
            if (!HasLocation)
            {
                throw new InvalidOperationException("Give the primary location before an additional location.");
            }

            return AddLocation(DiagnosticLocation.FromMarkup(markupKey));
        }

        /// <summary>A compilation-level diagnostic: its location must be <see cref="Location.None"/>.</summary>
        public DiagnosticResult WithNoLocation() => this with { Locations = ImmutableArray<DiagnosticLocation>.Empty };

        public DiagnosticResult WithArguments(params object?[] arguments) => this with { MessageArguments = arguments };

        public DiagnosticResult WithMessage(string message) => this with { Message = message };

        public DiagnosticResult WithSeverity(DiagnosticSeverity severity) => this with { Severity = severity };

        public override string ToString()
        {
            var text = Id;
            if (HasLocation)
            {
                text += " at " + string.Join(", ", Locations);
            }

            if (MessageArguments is not null)
            {
                text += " with arguments (" + string.Join(", ", MessageArguments.Select(FormatArgument)) + ")";
            }

            if (Message is not null)
            {
                text += $" with message \"{Message}\"";
            }

            if (Severity is { } severity)
            {
                text += $" as {severity}";
            }

            return text;
        }

        internal static string FormatArgument(object? argument) => Convert.ToString(argument, CultureInfo.InvariantCulture) ?? "";

        private DiagnosticResult AddLocation(DiagnosticLocation location)
            => this with { Locations = (Locations.IsDefault ? ImmutableArray<DiagnosticLocation>.Empty : Locations).Add(location) };
    }

    /// <summary>Where an expected diagnostic is: a numbered markup location or an explicit span.</summary>
    public readonly record struct DiagnosticLocation
    {
        private DiagnosticLocation(int? markupKey, string? path, LinePositionSpan span)
        {
            MarkupKey = markupKey;
            Path = path;
            Span = span;
        }

        /// <summary>The key of a <c>{|#key:...|}</c> location; null for an explicit span.</summary>
        public int? MarkupKey { get; }

        /// <summary>The file of an explicit span; null for the test document.</summary>
        public string? Path { get; }

        /// <summary>The explicit span (0-based); meaningless when <see cref="MarkupKey"/> is set.</summary>
        public LinePositionSpan Span { get; }

        public static DiagnosticLocation FromMarkup(int key) => new(key, null, default);

        public static DiagnosticLocation FromSpan(string? path, LinePositionSpan span) => new(null, path, span);

        public override string ToString() => MarkupKey is { } key
            ? $"{{|#{key}:...|}}"
            : $"{Path ?? "test document"}({Span.Start.Line + 1},{Span.Start.Character + 1})-({Span.End.Line + 1},{Span.End.Character + 1})";
    }
}
