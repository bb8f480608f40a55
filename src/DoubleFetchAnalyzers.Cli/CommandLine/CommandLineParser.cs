using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace DoubleFetchAnalyzers.Cli.CommandLine
{
    /// <summary>
    /// Parses <c>doublefetch analyze &lt;path&gt; [options]</c>, <c>doublefetch --help</c> and <c>doublefetch --version</c>.
    /// Options take their value as the next argument or after '=' (<c>--severity=warning</c>); each may be given once.
    /// </summary>
    internal static class CommandLineParser
    {
        public const string Usage = """
            Usage: doublefetch analyze <path> [options]
                   doublefetch --help | --version

            Finds double fetches of shared memory and unchecked untrusted values (DF0001-DF0007) with the
            DoubleFetchAnalyzers rules, without building or changing the code (unless --fix is given).

            <path>  a solution (.sln, .slnx) or C# project (.csproj), loaded with MSBuild: restore it first;
                    or a folder: every .cs file under it (bin/ and obj/ excluded) compiled as one library
                    against the running .NET's assemblies, with the package's [SharedMemory]/[Untrusted]
                    attributes and the .editorconfig files in the folder and its parents.

            Options:
              --config <file>        an .editorconfig or .globalconfig whose settings (double_fetch.* keys,
                                     dotnet_diagnostic.DFnnnn.severity) apply to every file
              --sarif <file>         also write the findings as SARIF 2.1.0 to <file>
              --severity <level>     report findings at or above: error, warning, info (default), hidden
              --fail-on <level>      exit with 1 when a finding at or above it was reported:
                                     error, warning (default), info, never
              --diagnostics <ids>    only these rules, comma-separated (DF0001,DF0002); others are not
                                     reported or fixed
              --fix                  apply the code fixes to the files in place, then report what is left
              --help                 show this help
              --version              show the tool's version

            Exit codes: 0 nothing at or above --fail-on, 1 findings at or above --fail-on,
                        2 bad command line or input.
            """;

        public static CliOptions Parse(IReadOnlyList<string> arguments, IReadOnlyCollection<string> knownDiagnosticIds)
        {
            if (arguments.Count == 0)
            {
                throw new UsageException("no command given; usage: doublefetch analyze <path> [options] (see 'doublefetch --help')");
            }

            if (arguments.Any(IsHelp))
            {
                return CliOptions.ForCommand(CliCommand.Help);
            }

            if (arguments.Contains("--version"))
            {
                return CliOptions.ForCommand(CliCommand.Version);
            }

            var command = arguments[0];
            if (command.StartsWith('-'))
            {
                throw Unknown(command);
            }

            if (command != "analyze")
            {
                throw new UsageException($"unknown command '{command}'; the command is 'analyze' (see 'doublefetch --help')");
            }

            string? path = null;
            string? config = null;
            string? sarif = null;
            string? severity = null;
            string? failOn = null;
            string? diagnostics = null;
            var fix = false;
            var seen = new HashSet<string>(StringComparer.Ordinal);

            for (var i = 1; i < arguments.Count; i++)
            {
                var argument = arguments[i];
                if (!argument.StartsWith("--", StringComparison.Ordinal) || argument == "--")
                {
                    if (argument == "--")
                    {
                        // Everything after "--" is a path, even if it starts with '-'.
                        if (i + 1 < arguments.Count)
                        {
                            SetPath(arguments[++i]);
                        }

                        if (i + 1 < arguments.Count)
                        {
                            throw new UsageException($"unexpected argument '{arguments[i + 1]}': give one path");
                        }

                        continue;
                    }

                    if (argument.StartsWith('-') && argument.Length > 1)
                    {
                        throw Unknown(argument);
                    }

                    SetPath(argument);
                    continue;
                }

                var equals = argument.IndexOf('=');
                var name = equals < 0 ? argument : argument.Substring(0, equals);
                string? inlineValue = equals < 0 ? null : argument.Substring(equals + 1);
                if (!seen.Add(name) && name is "--config" or "--sarif" or "--severity" or "--fail-on" or "--diagnostics" or "--fix")
                {
                    throw new UsageException($"option {name} is given more than once");
                }

                switch (name)
                {
                    case "--config":
                        config = Value();
                        break;
                    case "--sarif":
                        sarif = Value();
                        break;
                    case "--severity":
                        severity = Value();
                        break;
                    case "--fail-on":
                        failOn = Value();
                        break;
                    case "--diagnostics":
                        diagnostics = Value();
                        break;
                    case "--fix":
                        if (inlineValue is not null)
                        {
                            throw new UsageException("option --fix takes no value");
                        }

                        fix = true;
                        break;
                    default:
                        throw Unknown(name);
                }

                string Value()
                {
                    if (inlineValue is not null)
                    {
                        return inlineValue.Length > 0 ? inlineValue : throw new UsageException($"option {name} needs a value");
                    }

                    if (i + 1 >= arguments.Count || (arguments[i + 1].StartsWith("--", StringComparison.Ordinal) && arguments[i + 1].Length > 2))
                    {
                        throw new UsageException($"option {name} needs a value");
                    }

                    return arguments[++i];
                }
            }

            if (path is null)
            {
                throw new UsageException("missing path: give a .sln, .slnx or .csproj file or a folder (usage: doublefetch analyze <path> [options])");
            }

            return new CliOptions(
                CliCommand.Analyze,
                path,
                config,
                sarif,
                severity is null ? FindingSeverity.Info : ParseSeverity("--severity", severity),
                failOn is null ? FindingSeverity.Warning : ParseFailOn(failOn),
                fix,
                diagnostics is null ? null : ParseDiagnosticIds(diagnostics, knownDiagnosticIds));

            void SetPath(string value)
            {
                if (path is not null)
                {
                    throw new UsageException($"unexpected argument '{value}': give one path");
                }

                if (value.Length == 0)
                {
                    throw new UsageException("missing path: the path is empty");
                }

                path = value;
            }
        }

        private static bool IsHelp(string argument) => argument is "--help" or "-h" or "-?" or "/?";

        private static UsageException Unknown(string option) => new($"unknown option '{option}' (see 'doublefetch --help')");

        private static FindingSeverity ParseSeverity(string option, string value) => value.ToLowerInvariant() switch
        {
            "error" => FindingSeverity.Error,
            "warning" => FindingSeverity.Warning,
            "info" => FindingSeverity.Info,
            "hidden" => FindingSeverity.Hidden,
            _ => throw new UsageException($"option {option} takes error, warning, info or hidden, not '{value}'"),
        };

        private static FindingSeverity? ParseFailOn(string value) => value.ToLowerInvariant() switch
        {
            "error" => FindingSeverity.Error,
            "warning" => FindingSeverity.Warning,
            "info" => FindingSeverity.Info,
            "never" => null,
            _ => throw new UsageException($"option --fail-on takes error, warning, info or never, not '{value}'"),
        };

        private static ImmutableHashSet<string> ParseDiagnosticIds(string value, IReadOnlyCollection<string> known)
        {
            var ids = value.Split(new[] { ',', ';', ' ' }, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(id => id.ToUpperInvariant())
                .ToImmutableHashSet(StringComparer.Ordinal);
            if (ids.IsEmpty)
            {
                throw new UsageException("option --diagnostics needs at least one ID, such as DF0001,DF0002");
            }

            var unknown = ids.Where(id => !known.Contains(id)).OrderBy(id => id, StringComparer.Ordinal).ToList();
            if (unknown.Count > 0)
            {
                throw new UsageException(
                    $"option --diagnostics: unknown ID {string.Join(", ", unknown.Select(id => $"'{id}'"))}; the IDs are {string.Join(", ", known.OrderBy(id => id, StringComparer.Ordinal))}");
            }

            return ids;
        }
    }
}
