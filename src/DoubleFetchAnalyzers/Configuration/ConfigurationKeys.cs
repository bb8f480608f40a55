using System.Collections.Immutable;

namespace DoubleFetchAnalyzers.Configuration
{
    /// <summary>The configuration keys (SPEC section 5), read from .editorconfig sections and .globalconfig files.</summary>
    internal static class ConfigurationKeys
    {
        public const string SharedMemoryTypes = "double_fetch.shared_memory_types";
        public const string SharedMemoryMembers = "double_fetch.shared_memory_members";
        public const string SharedMemoryAccessors = "double_fetch.shared_memory_accessors";
        public const string UntrustedSources = "double_fetch.untrusted_sources";
        public const string Sanitizers = "double_fetch.sanitizers";
        public const string RevalidatingMethods = "double_fetch.revalidating_methods";
        public const string UntrustedPrefixes = "double_fetch.untrusted_prefixes";

        public static readonly ImmutableArray<string> All = ImmutableArray.Create(
            SharedMemoryTypes, SharedMemoryMembers, SharedMemoryAccessors, UntrustedSources, Sanitizers, RevalidatingMethods, UntrustedPrefixes);
    }
}
