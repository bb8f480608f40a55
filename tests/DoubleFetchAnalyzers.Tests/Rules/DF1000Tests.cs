using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using DoubleFetchAnalyzers.Rules;
using DoubleFetchAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace DoubleFetchAnalyzers.Tests.Rules
{
    /// <summary>
    /// DF1000: a configuration key with a bad entry (SPEC section 5). One diagnostic per bad entry, with no source
    /// location, naming the key and the entry; the key's other entries and the other keys still apply (checked with
    /// <see cref="SharedMemoryAnalyzer"/> on the same configuration); no value makes either analyzer throw (the
    /// verifier fails on any analyzer exception).
    /// </summary>
    public class DF1000Tests
    {
        private const string SharedMemoryTypes = "double_fetch.shared_memory_types";
        private const string SharedMemoryMembers = "double_fetch.shared_memory_members";
        private const string SharedMemoryAccessors = "double_fetch.shared_memory_accessors";
        private const string UntrustedSources = "double_fetch.untrusted_sources";
        private const string Sanitizers = "double_fetch.sanitizers";
        private const string RevalidatingMethods = "double_fetch.revalidating_methods";
        private const string UntrustedPrefixes = "double_fetch.untrusted_prefixes";

        private const string NotAnId = "is not a documentation comment ID such as T:Namespace.Type or M:Namespace.Type.Method(System.Int32)";
        private const string NoSymbol = "resolves to no symbol in this compilation";
        private const string EmptyEntry = "has an empty entry (two '|' in a row, or one at an end)";
        private const string NotAPrefix = "is not a name prefix (letters, digits and underscores, not starting with a digit)";
        private const string TakesTypes = "is the wrong kind of symbol for this key, which takes types (T:)";
        private const string TakesMembers = "is the wrong kind of symbol for this key, which takes fields (F:), properties (P:), methods (M:)";
        private const string TakesMethods = "is the wrong kind of symbol for this key, which takes methods (M:)";

        /// <summary>Code with one double fetch of <c>Ns.Header</c> (DF0001 when the type is shared) and an untrusted_ index.</summary>
        private const string Code = """
            namespace Ns
            {
                public struct Header { public int Len; }
                public struct Trailer { public int Len; }
                public struct Größe { public int Len; }

                public sealed class Device
                {
                    public int ReadRegister(int register) => register;
                    public event System.Action? Changed;
                    public void Raise() => Changed?.Invoke();
                }

                public unsafe class Reader
                {
                    private readonly int[] _table = new int[16];
                    public int Count;
                    public int Size { get; set; }

                    public int Read(Header* p, byte[] buffer)
                    {
                        if (p->Len > buffer.Length)
                            return 0;
                        return {|#0:p->Len|};
                    }

                    public int Read(Trailer* t, Größe* g)
                    {
                        int a = t->Len + g->Len;
                        return a + {|#1:t->Len|} + {|#2:g->Len|};
                    }

                    public int Index(int untrusted_i, int ok_j, int größe_k) => _table[{|#3:untrusted_i|}] + _table[{|#4:ok_j|}] + _table[{|#5:größe_k|}];
                }
            }
            """;

        // ---- Kinds of bad entries ----

        [Theory]
        [InlineData("Ns.Header")]
        [InlineData("Header")]
        [InlineData("T")]
        [InlineData("T:")]
        [InlineData(":Ns.Header")]
        [InlineData("TT:Ns.Header")]
        [InlineData("T.Ns.Header")]
        public Task Reports_MalformedEntry(string entry) => VerifyAsync(
            Section($"{SharedMemoryTypes} = {entry}|T:Ns.Header"),
            null,
            new[] { Error(SharedMemoryTypes, entry, NotAnId) },
            HeaderFindings);

        [Theory]
        [InlineData("X:Ns.Header", "X")]
        [InlineData("N:Ns", "N")]
        [InlineData("t:Ns.Header", "t")]
        [InlineData("!:Ns.Header", "!")]
        public Task Reports_UnknownPrefix(string entry, string prefix) => VerifyAsync(
            Section($"{SharedMemoryTypes} = {entry}|T:Ns.Header"),
            null,
            new[] { Error(SharedMemoryTypes, entry, $"has an unknown prefix '{prefix}:' (use T:, F:, P: or M:)") },
            HeaderFindings);

        [Theory]
        [InlineData(SharedMemoryTypes, "M:Ns.Reader.Read", TakesTypes)]
        [InlineData(SharedMemoryTypes, "F:Ns.Reader.Count", TakesTypes)]
        [InlineData(SharedMemoryTypes, "P:Ns.Reader.Size", TakesTypes)]
        [InlineData(SharedMemoryTypes, "E:Ns.Device.Changed", TakesTypes)]
        [InlineData(SharedMemoryMembers, "T:Ns.Header", TakesMembers)]
        [InlineData(SharedMemoryMembers, "E:Ns.Device.Changed", TakesMembers)]
        [InlineData(UntrustedSources, "T:Ns.Header", TakesMembers)]
        [InlineData(SharedMemoryAccessors, "T:Ns.Device", TakesMethods)]
        [InlineData(SharedMemoryAccessors, "F:Ns.Reader.Count", TakesMethods)]
        [InlineData(Sanitizers, "P:Ns.Reader.Size", TakesMethods)]
        [InlineData(RevalidatingMethods, "T:Ns.Header", TakesMethods)]
        public Task Reports_WrongKindForTheKey(string key, string entry, string problem) => VerifyAsync(
            Section($"{key} = {entry}"),
            null,
            new[] { Error(key, entry, problem) },
            DefaultFindings);

        [Fact]
        public Task Reports_WrongKind_AndTheRightKindApplies() => VerifyAsync(
            Section($"{SharedMemoryTypes} = F:Ns.Reader.Count|T:Ns.Header|M:Ns.Reader.Read"),
            null,
            new[] { Error(SharedMemoryTypes, "F:Ns.Reader.Count", TakesTypes), Error(SharedMemoryTypes, "M:Ns.Reader.Read", TakesTypes) },
            HeaderFindings);

        [Theory]
        [InlineData(SharedMemoryTypes, "T:Ns.Missing")]
        [InlineData(SharedMemoryTypes, "T:Ns.header")]
        [InlineData(SharedMemoryTypes, "T:Header")]
        [InlineData(SharedMemoryTypes, "T:Ns.Header`1")]
        [InlineData(SharedMemoryTypes, "T:Ns.Reader.Header")]
        [InlineData(SharedMemoryMembers, "F:Ns.Reader.Missing")]
        [InlineData(SharedMemoryMembers, "P:Ns.Reader.Count")]
        [InlineData(SharedMemoryMembers, "M:Ns.Missing.Method")]
        [InlineData(SharedMemoryAccessors, "M:Ns.Device.ReadRegister(System.Int64)")]
        [InlineData(SharedMemoryAccessors, "M:Ns.Device.ReadRegister(System.Int32,System.Int32)")]
        [InlineData(SharedMemoryAccessors, "M:Ns.Device.ReadRegister``1")]
        [InlineData(SharedMemoryAccessors, "M:Ns.Device.Missing")]
        [InlineData(UntrustedSources, "M:System.IO.BinaryReader.ReadInt33")]
        [InlineData(UntrustedSources, "P:Ns.Reader.Missing")]
        [InlineData(Sanitizers, "M:Ns.Checks.Validate")]
        [InlineData(RevalidatingMethods, "M:Ns.Atomics.Cas(System.Int32@,System.Int32,System.Int32)")]
        public Task Reports_IdThatResolvesToNoSymbol(string key, string entry) => VerifyAsync(
            Section($"{key} = {entry}"),
            null,
            new[] { Error(key, entry, NoSymbol) },
            DefaultFindings);

        [Theory]
        [InlineData("T:Ns.Header||T:Ns.Trailer")]
        [InlineData("T:Ns.Header|")]
        [InlineData("|T:Ns.Header")]
        [InlineData("T:Ns.Header| |T:Ns.Trailer")]
        public Task Reports_EmptyEntry_AndTheOtherEntriesApply(string value) => VerifyAsync(
            Section($"{SharedMemoryTypes} = {value}"),
            null,
            new[] { Error(SharedMemoryTypes, value, EmptyEntry) },
            value.Contains("Trailer", StringComparison.Ordinal)
                ? new[] { Diagnostic("DF0001").WithLocation(0), Diagnostic("DF0001").WithLocation(1), DefaultFindings[0] }
                : HeaderFindings);

        [Fact]
        public Task Reports_EmptyEntry_QuotesLongValueCutAt80Characters()
        {
            var value = string.Join("|", Enumerable.Repeat("T:Ns.Header", 10)) + "||T:Ns.Trailer";
            return VerifyAsync(
                Section($"{SharedMemoryTypes} = {value}"),
                null,
                new[] { Error(SharedMemoryTypes, value.Substring(0, 77) + "...", EmptyEntry) },
                new[] { Diagnostic("DF0001").WithLocation(0), Diagnostic("DF0001").WithLocation(1), DefaultFindings[0] });
        }

        [Theory]
        [InlineData("|")]
        [InlineData("||")]
        [InlineData(" | | ")]
        public Task Reports_OnlySeparators(string value) => VerifyAsync(
            Section($"{SharedMemoryTypes} = {value}"),
            null,
            new[] { Error(SharedMemoryTypes, value.Trim(), EmptyEntry) },
            DefaultFindings);

        [Fact]
        public Task Reports_BadPrefixNames_AndTheGoodOnesApply() => VerifyAsync(
            Section($"{UntrustedPrefixes} = 1bad|evil-|has space|un.trusted|ok_"),
            null,
            new[]
            {
                Error(UntrustedPrefixes, "1bad", NotAPrefix),
                Error(UntrustedPrefixes, "evil-", NotAPrefix),
                Error(UntrustedPrefixes, "has space", NotAPrefix),
                Error(UntrustedPrefixes, "un.trusted", NotAPrefix),
            },
            // 'ok_' replaces the default: untrusted_i is a plain name now.
            new[] { Diagnostic("DF0002").WithLocation(4).WithArguments("ok_j", "_table") });

        [Fact]
        public Task Reports_EveryPrefixBad_KeepsTheDefault() => VerifyAsync(
            Section($"{UntrustedPrefixes} = 1bad|-"),
            null,
            new[] { Error(UntrustedPrefixes, "1bad", NotAPrefix), Error(UntrustedPrefixes, "-", NotAPrefix) },
            DefaultFindings);

        [Fact]
        public Task Reports_OneDiagnosticPerBadEntry_AndTheValidEntriesApply() => VerifyAsync(
            Section($"{SharedMemoryTypes} = T:Ns.Missing|X:Ns.Header|Ns.Trailer|T:Ns.Header|M:Ns.Reader.Read|T:Ns.Trailer"),
            null,
            new[]
            {
                Error(SharedMemoryTypes, "T:Ns.Missing", NoSymbol),
                Error(SharedMemoryTypes, "X:Ns.Header", "has an unknown prefix 'X:' (use T:, F:, P: or M:)"),
                Error(SharedMemoryTypes, "Ns.Trailer", NotAnId),
                Error(SharedMemoryTypes, "M:Ns.Reader.Read", TakesTypes),
            },
            new[] { Diagnostic("DF0001").WithLocation(0), Diagnostic("DF0001").WithLocation(1), DefaultFindings[0] });

        [Fact]
        public Task Reports_BadEntriesOfEveryKey_AndTheOtherKeysApply() => VerifyAsync(
            Section(
                $"{SharedMemoryTypes} = T:Ns.Missing|T:Ns.Header",
                $"{SharedMemoryMembers} = F:Ns.Reader.Missing",
                $"{SharedMemoryAccessors} = M:Ns.Device.Missing",
                $"{UntrustedSources} = P:Ns.Reader.Missing",
                $"{Sanitizers} = M:Ns.Checks.Missing",
                $"{RevalidatingMethods} = M:Ns.Atomics.Missing",
                $"{UntrustedPrefixes} = 9lives|untrusted_"),
            null,
            new[]
            {
                Error(SharedMemoryTypes, "T:Ns.Missing", NoSymbol),
                Error(SharedMemoryMembers, "F:Ns.Reader.Missing", NoSymbol),
                Error(SharedMemoryAccessors, "M:Ns.Device.Missing", NoSymbol),
                Error(UntrustedSources, "P:Ns.Reader.Missing", NoSymbol),
                Error(Sanitizers, "M:Ns.Checks.Missing", NoSymbol),
                Error(RevalidatingMethods, "M:Ns.Atomics.Missing", NoSymbol),
                Error(UntrustedPrefixes, "9lives", NotAPrefix),
            },
            HeaderFindings);

        [Fact]
        public Task Reports_BadEntryInGlobalConfig() => VerifyAsync(
            null,
            $"{SharedMemoryTypes} = T:Ns.Missing|T:Ns.Header\n",
            new[] { Error(SharedMemoryTypes, "T:Ns.Missing", NoSymbol) },
            HeaderFindings);

        [Fact]
        public Task Reports_OnceWhenSeveralSectionsAndFilesRepeatTheEntry() => VerifyAsync(
            "root = true\n" +
            $"[*.cs]\n{SharedMemoryTypes} = T:Ns.Missing|T:Ns.Header\n" +
            $"[Test0.cs]\n{SharedMemoryTypes} = T:Ns.Header|T:Ns.Missing\n",
            $"{SharedMemoryTypes} = T:Ns.Missing\n",
            new[] { Error(SharedMemoryTypes, "T:Ns.Missing", NoSymbol) },
            HeaderFindings);

        [Fact]
        public Task NoDiagnostic_ValidEntriesOfEveryKey() => VerifyAsync(
            Section(
                $"{SharedMemoryTypes} = T:Ns.Header | T:Ns.Trailer | T:Ns.Größe",
                $"{SharedMemoryMembers} = F:Ns.Reader.Count|P:Ns.Reader.Size|M:Ns.Reader.Read(Ns.Header*,System.Byte[])",
                $"{SharedMemoryAccessors} = M:Ns.Device.ReadRegister(System.Int32)",
                $"{UntrustedSources} = M:System.IO.BinaryReader.ReadInt32|M:Ns.Device.ReadRegister",
                $"{Sanitizers} = M:Ns.Reader.Index",
                $"{RevalidatingMethods} = M:System.Threading.Interlocked.Increment(System.Int32@)",
                $"{UntrustedPrefixes} = untrusted_|ok_|größe_"),
            null,
            Array.Empty<DiagnosticResult>(),
            new[]
            {
                Diagnostic("DF0001").WithLocation(0),
                Diagnostic("DF0001").WithLocation(1),
                Diagnostic("DF0001").WithLocation(2),
                Diagnostic("DF0002").WithLocation(3).WithArguments("untrusted_i", "_table"),
                Diagnostic("DF0002").WithLocation(4).WithArguments("ok_j", "_table"),
                Diagnostic("DF0002").WithLocation(5).WithArguments("größe_k", "_table"),
            });

        [Theory]
        [InlineData("error", DiagnosticSeverity.Error)]
        [InlineData("suggestion", DiagnosticSeverity.Info)]
        public Task Reports_WithTheSeverityOfTheGlobalConfig(string severity, DiagnosticSeverity expected) => VerifyAsync(
            null,
            // DF1000 has no location, so only a global setting decides its severity (not an .editorconfig section).
            $"dotnet_diagnostic.DF1000.severity = {severity}\n{SharedMemoryTypes} = T:Ns.Missing\n",
            new[] { Error(SharedMemoryTypes, "T:Ns.Missing", NoSymbol).WithSeverity(expected) },
            DefaultFindings);

        [Fact]
        public Task NoDiagnostic_WhenTurnedOffInGlobalConfig() => VerifyAsync(
            null,
            $"dotnet_diagnostic.DF1000.severity = none\n{SharedMemoryTypes} = T:Ns.Missing|T:Ns.Header\n",
            Array.Empty<DiagnosticResult>(),
            HeaderFindings);

        [Fact]
        public Task NoDiagnostic_WithoutConfiguration() => VerifyAsync(null, null, Array.Empty<DiagnosticResult>(), DefaultFindings);

        [Fact]
        public Task NoDiagnostic_OtherKeys() => VerifyAsync(
            Section("dotnet_diagnostic.DF0001.severity = warning", "double_fetch = T:Ns.Missing", "double_fetch.unknown_key = X:Y", "indent_style = space"),
            null,
            Array.Empty<DiagnosticResult>(),
            DefaultFindings);

        // ---- No value makes anything throw ----

        [Theory]
        [InlineData(SharedMemoryTypes)]
        [InlineData(SharedMemoryMembers)]
        [InlineData(SharedMemoryAccessors)]
        [InlineData(UntrustedSources)]
        [InlineData(Sanitizers)]
        [InlineData(RevalidatingMethods)]
        public Task NoDiagnostic_EmptyOrWhitespaceValue(string key) => VerifyAsync(
            "root = true\n[*.cs]\n" + key + " =\n[Test0.cs]\n" + key + " =  \t \n",
            null,
            Array.Empty<DiagnosticResult>(),
            DefaultFindings);

        [Theory]
        [InlineData("")]
        [InlineData(" \t ")]
        public Task NoDiagnostic_EmptyOrWhitespacePrefixList(string value) => VerifyAsync(
            Section($"{UntrustedPrefixes} = {value}"),
            null,
            Array.Empty<DiagnosticResult>(),
            // A configured list replaces the default, and this one is empty: no name marks a value untrusted.
            Array.Empty<DiagnosticResult>());

        [Fact]
        public Task Reports_HugeSingleEntry_CutShort()
        {
            var entry = "T:Ns." + new string('A', 100_000);
            return VerifyAsync(
                Section($"{SharedMemoryTypes} = {entry}|T:Ns.Header"),
                null,
                new[] { Error(SharedMemoryTypes, entry.Substring(0, 77) + "...", "is too long to be a symbol ID") },
                HeaderFindings);
        }

        [Fact]
        public Task Reports_FiveThousandEntries_TheFirst4096Apply()
        {
            // 5,000 entries, over 100,000 characters (spaces around entries are ignored): the first 4,096 are used, the
            // rest ignored with one DF1000.
            var entries = Enumerable.Range(0, 5000).Select(i => (i == 0 ? "T:Ns.Header" : i == 4500 ? "T:Ns.Trailer" : "T:Ns.Größe").PadRight(20));
            var value = string.Join("|", entries);
            Assert.True(value.Length > 100_000);
            return VerifyAsync(
                Section($"{SharedMemoryTypes} = {value}"),
                null,
                new[] { Error(SharedMemoryTypes, "...", "and the entries after it were ignored: more than 4096 entries") },
                new[] { Diagnostic("DF0001").WithLocation(0), Diagnostic("DF0001").WithLocation(2), DefaultFindings[0] });
        }

        [Fact]
        public Task Reports_TenThousandPrefixes_TheFirst4096Apply()
        {
            var value = string.Join("|", Enumerable.Range(0, 10_000).Select(i => $"p{i}_"));
            Assert.True(value.Length > 50_000);
            return VerifyAsync(
                Section($"{UntrustedPrefixes} = {value}|untrusted_"),
                null,
                new[] { Error(UntrustedPrefixes, "...", "and the entries after it were ignored: more than 4096 entries") },
                // untrusted_ is entry 10,001: ignored, so the list has no untrusted_.
                Array.Empty<DiagnosticResult>());
        }

        [Fact]
        public Task Reports_ManyBadEntries_OnePerEntry()
        {
            var entries = Enumerable.Range(0, 300).Select(i => $"T:Ns.Missing{i}").ToArray();
            return VerifyAsync(
                Section($"{SharedMemoryTypes} = {string.Join("|", entries)}|T:Ns.Header"),
                null,
                entries.Select(entry => Error(SharedMemoryTypes, entry, NoSymbol)).ToArray(),
                HeaderFindings);
        }

        [Fact]
        public Task NoDiagnostic_NonAsciiIdsThatResolve() => VerifyAsync(
            Section($"{SharedMemoryTypes} = T:Ns.Größe", $"{UntrustedPrefixes} = größe_"),
            null,
            Array.Empty<DiagnosticResult>(),
            new[] { Diagnostic("DF0001").WithLocation(2), Diagnostic("DF0002").WithLocation(5).WithArguments("größe_k", "_table") });

        [Theory]
        [InlineData("T:Ns.Ünbekannt")]
        [InlineData("T:Ns.日本語")]
        [InlineData("T:Ns.😀")]
        [InlineData("T:Ns.Gro\u0308\u00DFe")]
        [InlineData("T:Ns.Header\u200B")]
        public Task Reports_NonAsciiIdsThatDoNotResolve(string entry) => VerifyAsync(
            Section($"{SharedMemoryTypes} = {entry}|T:Ns.Header"),
            null,
            new[] { Error(SharedMemoryTypes, entry, NoSymbol) },
            HeaderFindings);

        [Theory]
        [InlineData("T:Ns.Hea\u0001der")]
        [InlineData("T:Ns.Hea\u0007der")]
        [InlineData("T:Ns.Hea\u001Bder")]
        [InlineData("T:Ns.Hea\u007Fder")]
        [InlineData("T:Ns.Hea\u0000der")]
        [InlineData("T:Ns.Hea\uFFFDder")]
        [InlineData("T:Ns.Hea\uD800der")]
        public Task Reports_ControlCharacters(string entry) => VerifyAsync(
            Section($"{SharedMemoryTypes} = {entry}|T:Ns.Header"),
            null,
            new[] { Error(SharedMemoryTypes, entry, NoSymbol) },
            HeaderFindings);

        [Theory]
        [InlineData("\u0085")]
        [InlineData("\u2028")]
        [InlineData("\u2029")]
        public Task Reports_UnicodeLineBreakEndsTheValue(string lineBreak) => VerifyAsync(
            Section($"{SharedMemoryTypes} = T:Ns.Hea{lineBreak}der|T:Ns.Header"),
            null,
            // The configuration file's line ends at the break: the value is "T:Ns.Hea", the rest is not a property line.
            new[] { Error(SharedMemoryTypes, "T:Ns.Hea", NoSymbol) },
            DefaultFindings);

        [Theory]
        [InlineData("evil\u0001_")]
        [InlineData("\u0000")]
        [InlineData("ok_\u200B")]
        public Task Reports_ControlCharactersInPrefixes(string entry) => VerifyAsync(
            Section($"{UntrustedPrefixes} = {entry}|ok_"),
            null,
            new[] { Error(UntrustedPrefixes, entry, NotAPrefix) },
            new[] { Diagnostic("DF0002").WithLocation(4).WithArguments("ok_j", "_table") });

        [Theory]
        [InlineData("T:.")]
        [InlineData("T:..")]
        [InlineData("T:Ns..Header")]
        [InlineData("T:Ns.Header.")]
        [InlineData("T:Ns.Header`99999999999")]
        [InlineData("M:Ns.Reader.Read(")]
        [InlineData("M:Ns.Reader.Read)")]
        [InlineData("M:Ns.Reader.Read()")]
        [InlineData("M:Ns.Reader.Read(,)")]
        [InlineData("M:Ns.Reader.Read(((")]
        [InlineData("M:Ns.Reader.Read(System.Int32*,)")]
        [InlineData("M:Ns.Reader.Read(``0)")]
        [InlineData("M:Ns.Reader.Read(`0)")]
        [InlineData("M:Ns.Reader.Read(System.Collections.Generic.List{System.Int32})")]
        [InlineData("M:Ns.Reader.Read(System.Int32[0:,0:])")]
        [InlineData("M:Ns.Reader.Read~System.Int32")]
        [InlineData("M:Ns.Reader.Read``")]
        [InlineData("M:Ns.Reader.Read``x")]
        [InlineData("M:Ns.Reader.Read``99999999999")]
        [InlineData("M:.")]
        [InlineData("M:..")]
        [InlineData("M:Read")]
        [InlineData("M:Ns.Reader.")]
        [InlineData("M:.Read")]
        [InlineData("F:Ns.Reader.")]
        [InlineData("F:x")]
        [InlineData("P:Ns.Reader.Size(")]
        [InlineData("E:x")]
        public Task Reports_StrangeIds_WithoutThrowing(string entry)
            => VerifyAnyMessageAsync(entry[0] == 'T' ? SharedMemoryTypes : SharedMemoryMembers, entry);

        /// <summary>
        /// IDs that start like a valid ID and go on with characters no ID of that symbol has: they name no symbol, so
        /// they are reported, not taken for the symbol their valid start names (nor, for <c>``-1</c>, for every overload).
        /// </summary>
        [Theory]
        [InlineData("T:Ns.Header`")]
        [InlineData("T:Ns.Header`x")]
        [InlineData("T:Ns.Header`-1")]
        [InlineData("T:Ns.Header[]")]
        [InlineData("T:Ns.Header*")]
        [InlineData("T:Ns.Header{System.Int32}")]
        [InlineData("M:Ns.Reader.Read(Ns.Header*,System.Byte[]")]
        [InlineData("M:Ns.Reader.Read``-1")]
        public Task Reports_IdWithTrailingCharacters(string entry)
            => VerifyAnyMessageAsync(entry[0] == 'T' ? SharedMemoryTypes : SharedMemoryMembers, entry);

        [Fact]
        public Task Reports_DuplicatedKeyInOneSection_LastValueWins() => VerifyAsync(
            Section($"{SharedMemoryTypes} = T:Ns.Missing", $"{SharedMemoryTypes} = T:Ns.Header"),
            null,
            Array.Empty<DiagnosticResult>(),
            HeaderFindings);

        [Fact]
        public Task Reports_DuplicatedKeyInOneSection_DifferentCase() => VerifyAsync(
            Section($"{SharedMemoryTypes} = T:Ns.Header", "DOUBLE_FETCH.SHARED_MEMORY_TYPES = T:Ns.Missing"),
            null,
            new[] { Error(SharedMemoryTypes, "T:Ns.Missing", NoSymbol) },
            DefaultFindings);

        [Fact]
        public Task Reports_DuplicatedKeyAcrossSections_EachValueThatSomeFileSees() => VerifyAsync(
            "root = true\n" +
            $"[*.cs]\n{SharedMemoryTypes} = T:Ns.Missing\n" +
            $"[Test0.cs]\n{SharedMemoryTypes} = T:Ns.Header\n" +
            $"[Unused.cs]\n{SharedMemoryTypes} = T:Ns.NeverSeen\n",
            null,
            // The attributes file sees the [*.cs] value; Test0.cs sees its own section; no file is named Unused.cs.
            new[] { Error(SharedMemoryTypes, "T:Ns.Missing", NoSymbol) },
            HeaderFindings);

        [Fact]
        public Task Reports_DuplicatedSectionHeaders() => VerifyAsync(
            "root = true\n" +
            $"[*.cs]\n{SharedMemoryTypes} = T:Ns.Header\n" +
            $"[*.cs]\n{SharedMemoryMembers} = F:Ns.Reader.Missing\n" +
            $"[*.cs]\n{SharedMemoryTypes} = T:Ns.Header|T:Ns.Missing\n",
            null,
            new[] { Error(SharedMemoryMembers, "F:Ns.Reader.Missing", NoSymbol), Error(SharedMemoryTypes, "T:Ns.Missing", NoSymbol) },
            HeaderFindings);

        [Fact]
        public Task Reports_DuplicatedKeyInEditorConfigAndGlobalConfig() => VerifyAsync(
            Section($"{SharedMemoryTypes} = T:Ns.Header|T:Ns.MissingInEditorConfig"),
            $"{SharedMemoryTypes} = T:Ns.MissingInGlobalConfig\n",
            // Every tree sees the .editorconfig value, which wins; the global value is still read for the compilation.
            new[]
            {
                Error(SharedMemoryTypes, "T:Ns.MissingInEditorConfig", NoSymbol),
                Error(SharedMemoryTypes, "T:Ns.MissingInGlobalConfig", NoSymbol),
            },
            HeaderFindings);

        [Fact]
        public Task NoDiagnostic_MalformedEditorConfigLines() => VerifyAsync(
            "root = true\n[*.cs\n= T:Ns.Missing\n[*.cs]\n==\n double_fetch.shared_memory_types\n" +
            $"{SharedMemoryTypes} = T:Ns.Header\n[\n]\n[[*.cs]]\n{SharedMemoryMembers} = F:Ns.Reader.Missing\n",
            null,
            Array.Empty<DiagnosticResult>(),
            HeaderFindings);

        // ---- Helpers ----

        private static DiagnosticResult Error(string key, string entry, string problem)
            => new DiagnosticResult("DF1000").WithNoLocation().WithArguments(key, "'" + entry + "' " + problem);

        private static DiagnosticResult Diagnostic(string id) => Verify.Diagnostic(id);

        /// <summary>What the shared-memory analyzer reports on <see cref="Code"/> without configuration.</summary>
        private static DiagnosticResult[] DefaultFindings => new[] { Diagnostic("DF0002").WithLocation(3).WithArguments("untrusted_i", "_table") };

        /// <summary>What it reports when <c>Ns.Header</c> is shared and the default prefix holds.</summary>
        private static DiagnosticResult[] HeaderFindings => new[] { Diagnostic("DF0001").WithLocation(0), Diagnostic("DF0002").WithLocation(3).WithArguments("untrusted_i", "_table") };

        private static string Section(params string[] lines) => "root = true\n[*.cs]\n" + string.Join("\n", lines) + "\n";

        /// <summary>
        /// DF1000 from <see cref="ConfigurationAnalyzer"/>, then what <see cref="SharedMemoryAnalyzer"/> reports on
        /// <see cref="Code"/> under the same configuration (markup locations referenced by number). Both run under the
        /// verifier, which fails on any analyzer exception.
        /// </summary>
        private static async Task VerifyAsync(string? editorConfig, string? globalConfig, DiagnosticResult[] errors, DiagnosticResult[] shared)
        {
            var configuration = new CSharpAnalyzerVerifier<ConfigurationAnalyzer>.Test
            {
                TestCode = TestMarkup.Parse(Code).Text,
                EditorConfig = editorConfig,
                GlobalConfig = globalConfig,
            };
            configuration.AdditionalSources.Add((Verify.AttributesFile, Verify.AttributesSource));
            configuration.ExpectedDiagnostics.AddRange(errors);
            await configuration.RunAsync();

            var analysis = new Verify.AnalyzerTest { TestCode = Code, EditorConfig = editorConfig, GlobalConfig = globalConfig };
            analysis.ExpectedDiagnostics.AddRange(shared);
            await analysis.RunAsync();
        }

        /// <summary>Exactly one DF1000, whatever its message, for the entry; no exception; the key's valid entry still applies.</summary>
        private static async Task VerifyAnyMessageAsync(string key, string entry)
        {
            var editorConfig = Section($"{key} = {entry}|{(key == SharedMemoryTypes ? "T:Ns.Header" : "F:Ns.Reader.Count")}");
            using var workspace = new AdhocWorkspace();
            var projectId = ProjectId.CreateNewId();
            var solution = workspace.CurrentSolution
                .AddProject(ProjectInfo.Create(
                    projectId,
                    VersionStamp.Create(),
                    "Test",
                    "Test",
                    LanguageNames.CSharp,
                    compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable),
                    metadataReferences: TestReferences.Runtime))
                .AddDocument(DocumentId.CreateNewId(projectId), "Test0.cs", TestMarkup.Parse(Code).Text, filePath: "/0/Test0.cs")
                .AddDocument(DocumentId.CreateNewId(projectId), Verify.AttributesFile, Verify.AttributesSource, filePath: "/0/" + Verify.AttributesFile)
                .AddAnalyzerConfigDocument(DocumentId.CreateNewId(projectId), ".editorconfig", SourceText.From(editorConfig), filePath: "/0/.editorconfig");
            var project = solution.GetProject(projectId)!;
            var compilation = (await project.GetCompilationAsync())!;
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

            var failures = new List<string>();
            var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new ConfigurationAnalyzer(), new SharedMemoryAnalyzer());
            var diagnostics = await compilation
                .WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(project.AnalyzerOptions, (e, a, _) => { lock (failures) { failures.Add($"{a.GetType().Name}: {e}"); } }, true, false))
                .GetAnalyzerDiagnosticsAsync();
            failures.AddRange(diagnostics.Where(d => d.Id == "AD0001").Select(d => d.ToString()));
            Assert.Empty(failures);

            var errors = diagnostics.Where(d => d.Id == "DF1000").Select(d => d.GetMessage(CultureInfo.InvariantCulture)).ToList();
            Assert.True(
                errors.Count == 1 && errors[0].StartsWith($"Invalid entry in '{key}': '{entry}' ", StringComparison.Ordinal),
                $"Expected one DF1000 for '{entry}', got:\n{string.Join("\n", errors)}");
            if (key == SharedMemoryTypes)
            {
                Assert.Contains(diagnostics, d => d.Id == "DF0001");
            }
        }
    }
}
