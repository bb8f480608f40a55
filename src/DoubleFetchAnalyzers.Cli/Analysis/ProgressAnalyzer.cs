using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DoubleFetchAnalyzers.Cli.Analysis
{
    /// <summary>
    /// Reports nothing: runs beside the product's analyzers and counts the files whose analysis reached the semantic
    /// stage, so that a whole-compilation analysis (which is cheaper than one request per file) can show progress.
    /// </summary>
    /// <remarks>
    /// Never loaded by a compiler, only handed to <see cref="CompilationWithAnalyzers"/> by this tool: the rules for
    /// analyzers that ship to compilers (their own assembly, netstandard2.0, no Workspaces) do not apply.
    /// </remarks>
#pragma warning disable RS1036, RS1038, RS1041
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    internal sealed class ProgressAnalyzer : DiagnosticAnalyzer
#pragma warning restore RS1036, RS1038, RS1041
    {
        private readonly IReadOnlySet<string> _files;
        private readonly Action _fileAnalyzed;

        /// <param name="files">The paths of the files that count.</param>
        /// <param name="fileAnalyzed">Called once for each of them.</param>
        public ProgressAnalyzer(IReadOnlySet<string> files, Action fileAnalyzed)
        {
            _files = files;
            _fileAnalyzed = fileAnalyzed;
        }

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray<DiagnosticDescriptor>.Empty;

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze);
            context.RegisterSemanticModelAction(semanticModel =>
            {
                if (_files.Contains(semanticModel.SemanticModel.SyntaxTree.FilePath))
                {
                    _fileAnalyzed();
                }
            });
        }
    }
}
