using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using DoubleFetchAnalyzers.Cli.CommandLine;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace DoubleFetchAnalyzers.Cli.Configuration
{
    /// <summary>
    /// The file given with <c>--config</c>, as a global analyzer config that applies to every file of every analyzed
    /// project.
    /// <list type="bullet">
    /// <item>A file with <c>is_global = true</c> is used as it is; without its own <c>global_level</c> it gets 1000.</item>
    /// <item>Any other file is read as an .editorconfig: the keys of its sections that match every C# file
    /// (<c>[*]</c>, <c>[*.cs]</c>, <c>[*.{cs,vb}]</c>, <c>[**.cs]</c>) and the keys before its first section become one
    /// global config with <c>global_level = 1000</c>. Sections for some paths only (<c>[src/**.cs]</c>) are ignored:
    /// the file has no place in the analyzed tree for them to be relative to.</item>
    /// </list>
    /// So the file's keys win over the analyzed code's own .globalconfig files; a .editorconfig section of the code that
    /// sets the same key for a file still wins for that file, as it would in a build.
    /// </summary>
    /// <remarks>
    /// A file is malformed, and the tool stops with exit code 2, when it is not UTF-8 text (or holds NUL characters),
    /// when a line is none of: blank, a comment (<c>#</c> or <c>;</c>), a section header closed by <c>]</c>, a
    /// <c>key = value</c> (or <c>key: value</c>) pair; or when the compiler rejects it (a global config's section that
    /// is not an absolute path).
    /// </remarks>
    internal sealed class ConfigFile
    {
        /// <summary>The level that lets --config win over the analyzed code's own global configs.</summary>
        public const int GlobalLevel = 1000;

        // The compiler's own patterns (AnalyzerConfig), so that what passes here is read the same way there.
        private static readonly Regex SectionHeader = new(@"^\s*\[(([^#;]|\\#|\\;)+)\]\s*([#;].*)?$", RegexOptions.Compiled);
        private static readonly Regex Property = new(@"^\s*([\w\.\-_]+)\s*[=:]\s*(.*?)\s*([#;].*)?$", RegexOptions.Compiled);

        private ConfigFile(string path, string globalConfigText)
        {
            Path = path;
            GlobalConfigText = globalConfigText;
        }

        /// <summary>The full path of the file as given.</summary>
        public string Path { get; }

        /// <summary>The global config that the tool adds to every analyzed project.</summary>
        public string GlobalConfigText { get; }

        public DocumentInfo ToDocumentInfo(ProjectId projectId) => DocumentInfo.Create(
            DocumentId.CreateNewId(projectId, Path),
            System.IO.Path.GetFileName(Path),
            loader: TextLoader.From(TextAndVersion.Create(SourceText.From(GlobalConfigText, Encoding.UTF8), VersionStamp.Create(), Path)),
            filePath: Path);

        public static ConfigFile Load(string path)
        {
            var fullPath = System.IO.Path.GetFullPath(path);
            if (Directory.Exists(fullPath))
            {
                throw new UsageException($"cannot read config file '{path}': it is a folder");
            }

            if (!File.Exists(fullPath))
            {
                throw new UsageException($"config file '{path}' does not exist");
            }

            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(fullPath);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or NotSupportedException)
            {
                throw new UsageException($"cannot read config file '{path}': {exception.Message}");
            }

            string text;
            try
            {
                text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                throw Malformed(path, "it is not UTF-8 text");
            }

            if (text.Length > 0 && text[0] == '\uFEFF')
            {
                text = text.Substring(1);
            }

            if (text.IndexOf('\0') >= 0)
            {
                throw Malformed(path, "it is a binary file, not text");
            }

            var lines = Parse(path, text);
            var isGlobal = lines.Any(line => line.Section is null && line.Key == "is_global" && string.Equals(line.Value, "true", StringComparison.OrdinalIgnoreCase));
            var globalConfig = isGlobal ? WithGlobalLevel(text, lines) : ToGlobalConfig(fullPath, lines);

            // What the compiler itself rejects (a global config's section that is not an absolute path, say).
            AnalyzerConfigSet.Create(new[] { AnalyzerConfig.Parse(globalConfig, fullPath) }, out var diagnostics);
            if (diagnostics.FirstOrDefault() is { } diagnostic)
            {
                throw Malformed(path, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
            }

            return new ConfigFile(fullPath, globalConfig);
        }

        private static List<ConfigLine> Parse(string path, string text)
        {
            var lines = new List<ConfigLine>();
            string? section = null;
            var number = 0;
            foreach (var line in text.Split('\n'))
            {
                number++;
                var content = line.TrimEnd('\r');
                var trimmed = content.Trim();
                if (trimmed.Length == 0 || trimmed[0] is '#' or ';')
                {
                    continue;
                }

                if (trimmed[0] == '[')
                {
                    var header = SectionHeader.Match(content);
                    if (!header.Success)
                    {
                        throw Malformed(path, trimmed.Contains(']', StringComparison.Ordinal)
                            ? $"line {number}: malformed section header '{trimmed}'"
                            : $"line {number}: section header without closing ']'");
                    }

                    section = header.Groups[1].Value;
                    continue;
                }

                var property = Property.Match(content);
                if (!property.Success)
                {
                    throw Malformed(path, $"line {number}: expected 'key = value', a [section] header or a comment, found '{Shorten(trimmed)}'");
                }

                lines.Add(new ConfigLine(section, property.Groups[1].Value.ToLowerInvariant(), property.Groups[2].Value));
            }

            return lines;
        }

        private static string WithGlobalLevel(string text, List<ConfigLine> lines) =>
            lines.Any(line => line.Section is null && line.Key == "global_level")
                ? text
                : $"global_level = {GlobalLevel}\n" + text;

        private static string ToGlobalConfig(string fullPath, List<ConfigLine> lines)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            var order = new List<string>();
            var matches = new Dictionary<string, bool>(StringComparer.Ordinal);
            foreach (var line in lines)
            {
                if (line.Section is null ? line.Key is "root" or "is_global" or "global_level" : !MatchesEveryCSharpFile(line.Section, matches))
                {
                    continue;
                }

                if (!values.ContainsKey(line.Key))
                {
                    order.Add(line.Key);
                }

                values[line.Key] = line.Value;
            }

            var text = new StringBuilder();
            text.Append("# Generated by doublefetch from ").Append(fullPath.Replace('\n', ' ')).Append('\n');
            text.Append("is_global = true\n");
            text.Append("global_level = ").Append(GlobalLevel).Append('\n');
            foreach (var key in order)
            {
                text.Append(key).Append(" = ").Append(values[key]).Append('\n');
            }

            return text.ToString();
        }

        /// <summary>Whether an .editorconfig section applies to a C# file in any folder below the config file.</summary>
        private static bool MatchesEveryCSharpFile(string section, Dictionary<string, bool> cache)
        {
            if (cache.TryGetValue(section, out var known))
            {
                return known;
            }

            var root = System.IO.Path.GetPathRoot(System.IO.Path.GetTempPath()) ?? "/";
            var directory = System.IO.Path.Combine(root, "doublefetch-config-probe");
            var probe = AnalyzerConfig.Parse($"[{section}]\ndoublefetch_probe = true\n", System.IO.Path.Combine(directory, ".editorconfig"));
            var set = AnalyzerConfigSet.Create(new[] { probe });
            var matches = new[] { "Probe.cs", System.IO.Path.Combine("any", "folder", "Probe.cs") }
                .All(file => set.GetOptionsForSourcePath(System.IO.Path.Combine(directory, file)).AnalyzerOptions.ContainsKey("doublefetch_probe"));
            cache[section] = matches;
            return matches;
        }

        private static string Shorten(string text) => text.Length <= 60 ? text : text.Substring(0, 57) + "...";

        private static UsageException Malformed(string path, string problem) => new($"malformed config file '{path}': {problem}");

        private sealed record ConfigLine(string? Section, string Key, string Value);
    }
}
