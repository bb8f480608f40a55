using Xunit;

namespace DoubleFetchAnalyzers.Tests.Meta
{
    /// <summary>
    /// Tests that start <c>dotnet</c> builds. They share the machine's cores and the NuGet caches, so they run one at a
    /// time, never in parallel with each other.
    /// </summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class DotnetProcessCollection
    {
        public const string Name = "dotnet-process";
    }
}
