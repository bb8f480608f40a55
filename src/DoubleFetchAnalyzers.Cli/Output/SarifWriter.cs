using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using DoubleFetchAnalyzers.Cli.Analysis;
using DoubleFetchAnalyzers.Cli.CommandLine;
using Microsoft.CodeAnalysis;

namespace DoubleFetchAnalyzers.Cli.Output
{
    /// <summary>
    /// Writes the findings as a SARIF 2.1.0 log: one run; the tool's driver with every rule of the product (id, name,
    /// descriptions, help link, default level); one result per finding with its rule, level, message, location and
    /// related locations. File locations are relative to the analyzed folder (or the folder of the solution or project
    /// file) through the uriBaseId <c>SRCROOT</c>, which <c>originalUriBaseIds</c> resolves; files outside it get absolute
    /// file URIs. Lines and columns are 1-based, columns in UTF-16 code units, the end column exclusive.
    /// </summary>
    internal static class SarifWriter
    {
        public const string Schema = "https://json.schemastore.org/sarif-2.1.0.json";
        public const string RootBaseId = "SRCROOT";

        public static void Write(string path, IReadOnlyList<Finding> findings, string root, IReadOnlyList<string> notifications)
        {
            try
            {
                using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read);
                Write(stream, findings, root, notifications);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"cannot write SARIF file '{path}': {exception.Message}");
            }
        }

        public static void Write(Stream stream, IReadOnlyList<Finding> findings, string root, IReadOnlyList<string> notifications)
        {
            var rules = Product.Rules;
            var ruleIndex = rules.Select((rule, index) => (rule.Id, index)).ToDictionary(item => item.Id, item => item.index, StringComparer.Ordinal);
            var rootWithSeparator = Path.TrimEndingDirectorySeparator(root) + Path.DirectorySeparatorChar;

            using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            json.WriteStartObject();
            json.WriteString("$schema", Schema);
            json.WriteString("version", "2.1.0");
            json.WriteStartArray("runs");
            json.WriteStartObject();

            json.WriteStartObject("tool");
            json.WriteStartObject("driver");
            json.WriteString("name", ToolInfo.Name);
            json.WriteString("version", ToolInfo.Version);
            json.WriteString("semanticVersion", ToolInfo.Version);
            json.WriteString("informationUri", ToolInfo.InformationUri);
            json.WriteStartArray("rules");
            foreach (var rule in rules)
            {
                WriteRule(json, rule);
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();

            json.WriteStartArray("invocations");
            json.WriteStartObject();
            json.WriteBoolean("executionSuccessful", true);
            if (notifications.Count > 0)
            {
                json.WriteStartArray("toolExecutionNotifications");
                foreach (var notification in notifications)
                {
                    var (level, text) = SplitNotification(notification);
                    json.WriteStartObject();
                    json.WriteString("level", level);
                    WriteMessage(json, "message", text);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
            json.WriteEndArray();

            json.WriteStartObject("originalUriBaseIds");
            json.WriteStartObject(RootBaseId);
            json.WriteString("uri", new Uri(rootWithSeparator).AbsoluteUri);
            json.WriteEndObject();
            json.WriteEndObject();

            json.WriteString("columnKind", "utf16CodeUnits");

            json.WriteStartArray("results");
            foreach (var finding in findings)
            {
                json.WriteStartObject();
                json.WriteString("ruleId", finding.Id);
                if (ruleIndex.TryGetValue(finding.Id, out var index))
                {
                    json.WriteNumber("ruleIndex", index);
                }

                json.WriteString("level", Level(finding.Severity));
                WriteMessage(json, "message", finding.Message);
                json.WriteStartArray("locations");
                if (finding.Place is { } place)
                {
                    json.WriteStartObject();
                    WritePhysicalLocation(json, place, rootWithSeparator);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                if (finding.RelatedPlaces.Length > 0)
                {
                    json.WriteStartArray("relatedLocations");
                    for (var i = 0; i < finding.RelatedPlaces.Length; i++)
                    {
                        json.WriteStartObject();
                        json.WriteNumber("id", i + 1);
                        WritePhysicalLocation(json, finding.RelatedPlaces[i], rootWithSeparator);
                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }

        private static void WriteRule(Utf8JsonWriter json, DiagnosticDescriptor rule)
        {
            json.WriteStartObject();
            json.WriteString("id", rule.Id);
            json.WriteString("name", Product.RuleName(rule.Id));
            WriteMessage(json, "shortDescription", rule.Title.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var description = rule.Description.ToString(System.Globalization.CultureInfo.InvariantCulture);
            WriteMessage(json, "fullDescription", description.Length > 0 ? description : rule.Title.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (!string.IsNullOrEmpty(rule.HelpLinkUri))
            {
                json.WriteString("helpUri", rule.HelpLinkUri);
            }

            json.WriteStartObject("defaultConfiguration");
            json.WriteString("level", Level(Finding.SeverityOf(rule.DefaultSeverity)));
            json.WriteBoolean("enabled", rule.IsEnabledByDefault);
            json.WriteEndObject();

            json.WriteStartObject("properties");
            json.WriteString("category", rule.Category);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        private static void WritePhysicalLocation(Utf8JsonWriter json, SourcePlace place, string rootWithSeparator)
        {
            json.WriteStartObject("physicalLocation");
            json.WriteStartObject("artifactLocation");
            if (place.Path.StartsWith(rootWithSeparator, OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
            {
                var relative = place.Path.Substring(rootWithSeparator.Length)
                    .Split(new[] { Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar }, StringSplitOptions.RemoveEmptyEntries);
                json.WriteString("uri", string.Join("/", relative.Select(Uri.EscapeDataString)));
                json.WriteString("uriBaseId", RootBaseId);
            }
            else
            {
                json.WriteString("uri", new Uri(place.Path).AbsoluteUri);
            }

            json.WriteEndObject();
            json.WriteStartObject("region");
            json.WriteNumber("startLine", place.Span.Start.Line + 1);
            json.WriteNumber("startColumn", place.Span.Start.Character + 1);
            json.WriteNumber("endLine", place.Span.End.Line + 1);
            json.WriteNumber("endColumn", place.Span.End.Character + 1);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        private static void WriteMessage(Utf8JsonWriter json, string name, string text)
        {
            json.WriteStartObject(name);
            json.WriteString("text", text);
            json.WriteEndObject();
        }

        /// <summary>SARIF has no "hidden": a hidden finding, which is shown only on request, is a note like an info.</summary>
        private static string Level(FindingSeverity severity) => severity switch
        {
            FindingSeverity.Error => "error",
            FindingSeverity.Warning => "warning",
            _ => "note",
        };

        private static (string Level, string Text) SplitNotification(string line)
        {
            foreach (var (prefix, level) in new[] { ("warning: ", "warning"), ("note: ", "note"), ("error: ", "error") })
            {
                if (line.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return (level, line.Substring(prefix.Length));
                }
            }

            return ("note", line);
        }
    }
}
