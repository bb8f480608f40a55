namespace DoubleFetchAnalyzers.Rules
{
    /// <summary>Keys of <see cref="Microsoft.CodeAnalysis.Diagnostic.Properties"/>: what the code fixes need, so they never re-run the analysis.</summary>
    internal static class PropertyNames
    {
        /// <summary>DF0001: the text of the location read more than once.</summary>
        public const string Location = "Location";

        /// <summary>DF0001: "true" when every read of the group is of the same location, so one local can replace them all.</summary>
        public const string SameLocation = "SameLocation";

        /// <summary>DF0001: the text of the struct the location lies in (<c>*p</c>), when copying it once is a correct fix.</summary>
        public const string CopyBase = "CopyBase";

        /// <summary>DF0001: the spans (start:length;...) of every read through <see cref="CopyBase"/> in the body.</summary>
        public const string CopySites = "CopySites";

        /// <summary>DF0002 to DF0006: the kind of sink (Index, Length, UncheckedMemory).</summary>
        public const string SinkKind = "SinkKind";

        /// <summary>DF0003/DF0006: what is missing (a <c>MissingCheck</c> name).</summary>
        public const string Missing = "Missing";

        /// <summary>DF0002 to DF0005: the known number of elements of the target, when there is one.</summary>
        public const string KnownLength = "KnownLength";

        /// <summary>DF0002 to DF0005: the text of the exclusive bound of the target (<c>skbs.Length</c>, <c>list.Count</c>, <c>16</c>), when there is one.</summary>
        public const string Bound = "Bound";

        /// <summary>DF0002 to DF0005: "true" when the value is a length that may equal the bound.</summary>
        public const string Inclusive = "Inclusive";

        /// <summary>DF0002 to DF0005: "true" when the value is a variable, so a check before the statement sees the same value.</summary>
        public const string ValueIsVariable = "ValueIsVariable";

        /// <summary>DF0002 to DF0005: the span (start:length) of the target expression, when there is one.</summary>
        public const string TargetSpan = "TargetSpan";

        /// <summary>DF0007: the suggested name.</summary>
        public const string NewName = "NewName";
    }
}
