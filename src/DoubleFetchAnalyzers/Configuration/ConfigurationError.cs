namespace DoubleFetchAnalyzers.Configuration
{
    /// <summary>One bad entry of one key: reported as DF1000, ignored by the analysis.</summary>
    internal readonly struct ConfigurationError
    {
        public ConfigurationError(string key, string entry, string problem)
        {
            Key = key;
            Entry = entry;
            Problem = problem;
        }

        public string Key { get; }

        public string Entry { get; }

        public string Problem { get; }

        /// <summary>The message's second argument: the entry and what is wrong with it.</summary>
        public string Describe() => "'" + Entry + "' " + Problem;
    }
}
