using System.Collections.Generic;
using System.Collections.Immutable;
using DoubleFetchAnalyzers.Configuration;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DoubleFetchAnalyzers.Rules
{
    /// <summary>
    /// DF1000: a configuration key with a bad entry (malformed, an unknown prefix, an ID that resolves to no
    /// symbol). One diagnostic per bad entry, with no source location, once per compilation (a compilation action,
    /// which builds run and IDEs run on full analysis).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ConfigurationAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.InvalidConfiguration);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationAction(static compilation => Report(compilation));
        }

        private static void Report(CompilationAnalysisContext context)
        {
            var provider = context.Options.AnalyzerConfigOptionsProvider;
            var configurations = new HashSet<RawConfiguration> { RawConfiguration.Read(provider.GlobalOptions, provider.GlobalOptions) };
            foreach (var tree in context.Compilation.SyntaxTrees)
            {
                context.CancellationToken.ThrowIfCancellationRequested();
                configurations.Add(RawConfiguration.Read(provider.GetOptions(tree), provider.GlobalOptions));
            }

            var reported = new HashSet<(string, string)>();
            foreach (var raw in configurations)
            {
                if (raw.IsEmpty)
                {
                    continue;
                }

                foreach (var error in ConfigurationParser.Parse(raw, context.Compilation).Errors)
                {
                    if (reported.Add((error.Key, error.Entry + error.Problem)))
                    {
                        context.ReportDiagnostic(Diagnostic.Create(Descriptors.InvalidConfiguration, Location.None, error.Key, error.Describe()));
                    }
                }
            }
        }
    }
}
