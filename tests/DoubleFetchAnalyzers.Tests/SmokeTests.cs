namespace DoubleFetchAnalyzers.Tests
{
    public class SmokeTests
    {
        [Xunit.Fact]
        public void Ids() => Xunit.Assert.Equal("DF0001", DiagnosticIds.SharedMemoryReadMoreThanOnce);
    }
}
