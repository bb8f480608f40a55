using System;

namespace DoubleFetchAnalyzers.Cli.CommandLine
{
    /// <summary>
    /// A problem with what the user asked for or gave: an unknown option, a missing path, an unreadable or malformed
    /// file. The tool prints its message as one line on stderr and exits with <see cref="ExitCodes.UsageOrInputError"/>.
    /// </summary>
    internal sealed class UsageException : Exception
    {
        public UsageException(string message)
            : base(message)
        {
        }
    }
}
