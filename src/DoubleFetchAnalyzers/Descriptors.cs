using Microsoft.CodeAnalysis;

namespace DoubleFetchAnalyzers
{
    /// <summary>Every diagnostic the package reports, once. Help links point at docs/rules/{id}.md.</summary>
    internal static class Descriptors
    {
        public const string Category = "Security";

        public const string HelpLinkBase = "https://github.com/doublefetchanalyzers/DoubleFetchAnalyzers/blob/main/docs/rules/";

        public static readonly DiagnosticDescriptor SharedMemoryReadMoreThanOnce = Create(
            DiagnosticIds.SharedMemoryReadMoreThanOnce,
            "Shared memory is read more than once",
            "'{0}' is read from shared memory again; the other party can change it between the reads",
            "A location in shared memory is read, and read again, while another party can change it in between: the second read can see a value the code after the first read never checked (a double fetch, as in Xen XSA-155). Read it once into a local and use the local.",
            DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor UncheckedIndex = Create(
            DiagnosticIds.UncheckedIndex,
            "Untrusted value indexes a collection without a bounds check",
            "Untrusted value '{0}' indexes '{1}' without a bounds check",
            "A value from shared memory or another untrusted source indexes an array, span, list or string, and no check proves it is in range on every path. A hostile value throws IndexOutOfRangeException: a crash or denial of service.",
            DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor IncompleteBoundsCheck = Create(
            DiagnosticIds.IncompleteBoundsCheck,
            "Bounds check is incomplete",
            "The bounds check of '{0}' before it {1} '{2}' is incomplete: {3}",
            "An untrusted value is checked before use, but the check leaves values through that are out of range: a missing lower bound, '>' where '>=' is needed, a bound from another collection, a comparison with special values only (Xen XSA-231).",
            DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor UncheckedLength = Create(
            DiagnosticIds.UncheckedLength,
            "Untrusted value is used as a length, count or size without a bounds check",
            "Untrusted value '{0}' is used as a length in '{1}' without a bounds check",
            "A value from shared memory or another untrusted source sizes an allocation, a copy, a slice or a loop, and no check proves it is in range. A hostile value exhausts memory or makes the runtime throw.",
            DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor UncheckedMemoryOffset = Create(
            DiagnosticIds.UncheckedMemoryOffset,
            "Untrusted value offsets unchecked memory",
            "Untrusted value '{0}' offsets or sizes unchecked memory in '{1}' without a bounds check",
            "A value from shared memory or another untrusted source is a pointer offset, an Unsafe or Marshal offset or length, or a fixed-buffer index, where the runtime checks nothing. A hostile value reads or writes memory out of bounds (as the index from xen-netfront's shared ring did).",
            DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor AssertionOnlyBoundsCheck = Create(
            DiagnosticIds.AssertionOnlyBoundsCheck,
            "The only bounds check is a debug assertion",
            "The only bounds check of '{0}' before it {1} '{2}' is an assertion, not a check that rejects the value",
            "Debug.Assert and Trace.Assert conditions are not checks: Debug.Assert is compiled out of release builds, and neither stops execution in a service. An untrusted value that only an assertion checks reaches its use unchecked.",
            DiagnosticSeverity.Warning);

        public static readonly DiagnosticDescriptor UntrustedValueUnderTrustedName = Create(
            DiagnosticIds.UntrustedValueUnderTrustedName,
            "Untrusted value stored under a trusted name",
            "'{0}' holds an untrusted value that is not checked yet; name it '{1}' until it is",
            "The Qubes OS convention keeps every unverified value in a variable named untrusted_*, and copies it to a plain name only after checking it, so a reader sees at each use whether it was checked.",
            DiagnosticSeverity.Info,
            isEnabledByDefault: false);

        public static readonly DiagnosticDescriptor InvalidConfiguration = Create(
            DiagnosticIds.InvalidConfiguration,
            "Invalid configuration",
            "Invalid entry in '{0}': {1}",
            "A double_fetch.* configuration key has a value the analyzer cannot use. The entry is ignored; the rest of the configuration still applies.",
            DiagnosticSeverity.Warning,
            customTags: WellKnownDiagnosticTags.CompilationEnd);

        private static DiagnosticDescriptor Create(string id, string title, string message, string description, DiagnosticSeverity severity,
            bool isEnabledByDefault = true, params string[] customTags) =>
            new(id, title, message, Category, severity, isEnabledByDefault, description, HelpLinkBase + id + ".md", customTags);
    }
}
