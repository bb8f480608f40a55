using Xunit;

namespace DoubleFetchAnalyzers.Tests.Meta
{
    /// <summary>
    /// Tests that start <c>dotnet</c> builds. They share the machine's cores and the NuGet caches, so they run one at a
    /// time, never in parallel with each other. They share one packed package too: packing takes a build of the
    /// analyzer and code-fix assemblies, the slowest step of these tests.
    /// </summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class DotnetProcessCollection : ICollectionFixture<PackedPackage>
    {
        public const string Name = "dotnet-process";
    }
}
