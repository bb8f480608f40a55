using System.Collections.Immutable;
using DoubleFetchAnalyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace DoubleFetchAnalyzers.Rules
{
    /// <summary>
    /// The one analysis every rule shares: per body that touches a source, the data-flow engine runs once, and
    /// each rule maps its findings to diagnostics (DF0001 to DF0007).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class SharedMemoryAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            Descriptors.SharedMemoryReadMoreThanOnce,
            Descriptors.UncheckedIndex,
            Descriptors.IncompleteBoundsCheck,
            Descriptors.UncheckedLength,
            Descriptors.UncheckedMemoryOffset,
            Descriptors.AssertionOnlyBoundsCheck,
            Descriptors.UntrustedValueUnderTrustedName);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(static start =>
            {
                var engine = new EngineContext(start.Compilation);
                start.RegisterOperationBlockAction(block => AnalyzeBlock(block, engine));
            });
        }

        private static void AnalyzeBlock(OperationBlockAnalysisContext context, EngineContext engine)
        {
            if (context.OperationBlocks.IsEmpty)
            {
                return;
            }

            var sources = engine.SourcesFor(context.OperationBlocks[0].Syntax.SyntaxTree, context.Options);
            foreach (var root in context.OperationBlocks)
            {
                // Bodies of methods, constructors, accessors and top-level code; not field or parameter initializers.
                if (root is not (IBlockOperation or IMethodBodyOperation or IConstructorBodyOperation))
                {
                    continue;
                }

                if (!SourceFilter.MayTouchSource(root, sources))
                {
                    continue;
                }

                var cfg = context.GetControlFlowGraph(root);
                foreach (var findings in BodyAnalyzer.Analyze(cfg, engine, sources, context.CancellationToken))
                {
                    DoubleFetchRule.Report(findings, context.ReportDiagnostic);
                    BoundsRules.Report(findings, context.ReportDiagnostic);
                    UntrustedNameRule.Report(findings, sources, engine, context.ReportDiagnostic);
                }
            }
        }
    }
}
