using System;
using System.Runtime.CompilerServices;
using DoubleFetchAnalyzers.Cli.CommandLine;
using Microsoft.Build.Locator;

namespace DoubleFetchAnalyzers.Cli.Inputs
{
    /// <summary>
    /// Registers the MSBuild of the .NET SDK (Microsoft.Build.Locator's rule: before any Microsoft.Build type loads,
    /// which is why this class touches none).
    /// </summary>
    internal static class MSBuildRegistration
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void Register()
        {
            if (MSBuildLocator.IsRegistered)
            {
                return;
            }

            try
            {
                MSBuildLocator.RegisterDefaults();
            }
            catch (InvalidOperationException exception)
            {
                throw new UsageException($"cannot load solutions or projects: no .NET SDK with MSBuild found ({exception.Message})");
            }
        }
    }
}
