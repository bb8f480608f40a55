namespace DoubleFetchAnalyzers
{
    /// <summary>The public rule identifiers. An identifier is never reused once retired.</summary>
    public static class DiagnosticIds
    {
        public const string SharedMemoryReadMoreThanOnce = "DF0001";
        public const string UncheckedIndex = "DF0002";
        public const string IncompleteBoundsCheck = "DF0003";
        public const string UncheckedLength = "DF0004";
        public const string UncheckedMemoryOffset = "DF0005";
        public const string AssertionOnlyBoundsCheck = "DF0006";
        public const string UntrustedValueUnderTrustedName = "DF0007";
        public const string InvalidConfiguration = "DF1000";
    }
}
