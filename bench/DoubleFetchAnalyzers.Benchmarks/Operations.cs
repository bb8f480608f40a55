namespace DoubleFetchAnalyzers.Benchmarks
{
    /// <summary>The measured operations, named as the benchmark methods that measure them.</summary>
    public static class Operations
    {
        public const string CompileOnly = nameof(CompileOnly);
        public const string CompileWithOurs = nameof(CompileWithOurs);
        public const string CompileWithPeerCA2000 = nameof(CompileWithPeerCA2000);
        public const string CompileWithCompilationStartOnly = nameof(CompileWithCompilationStartOnly);
        public const string CompileWithNoOpOperationBlock = nameof(CompileWithNoOpOperationBlock);
        public const string CompileWithSourceFilterOnly = nameof(CompileWithSourceFilterOnly);
        public const string CompileWithSyntacticGlance = nameof(CompileWithSyntacticGlance);
    }
}
