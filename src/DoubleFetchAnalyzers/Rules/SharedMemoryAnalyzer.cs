using System.Collections.Immutable;
using DoubleFetchAnalyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
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
                start.RegisterCodeBlockAction(block => AnalyzeCodeBlock(block, engine));
            });
        }

        /// <summary>
        /// A glance first (does the body mention a name that leads to a source? the names of shared types and their
        /// members, which ordinary code spells too, count only where the semantic model binds them to one), then the
        /// operation tree and the cheap semantic filter, and only then the control-flow graph and the data flow. A
        /// code-block action, not an operation-block one: the driver builds no operation tree for the bodies the glance
        /// rejects.
        /// </summary>
        private static void AnalyzeCodeBlock(CodeBlockAnalysisContext context, EngineContext engine)
        {
            var block = context.CodeBlock;
            var sources = engine.SourcesFor(block.SyntaxTree, context.Options);
            if (!engine.Hints(context.CancellationToken).MayTouchSource(block, context.SemanticModel, sources, context.CancellationToken))
            {
                return;
            }

            if (Body(context.SemanticModel.GetOperation(block, context.CancellationToken)) is not { } root ||
                !SourceFilter.MayTouchSource(root, sources))
            {
                return;
            }

            var cfg = root switch
            {
                IMethodBodyOperation method => ControlFlowGraph.Create(method, context.CancellationToken),
                IConstructorBodyOperation constructor => ControlFlowGraph.Create(constructor, context.CancellationToken),
                _ => ControlFlowGraph.Create((IBlockOperation)root, context.CancellationToken),
            };
            foreach (var findings in BodyAnalyzer.Analyze(cfg, engine, sources, context.CancellationToken))
            {
                DoubleFetchRule.Report(findings, context.ReportDiagnostic);
                BoundsRules.Report(findings, context.ReportDiagnostic);
                UntrustedNameRule.Report(findings, sources, engine, context.ReportDiagnostic);
            }
        }

        /// <summary>The body of a method, constructor, accessor or top-level code; null for initializers and attributes.</summary>
        internal static IOperation? Body(IOperation? operation)
        {
            while (operation?.Parent is { } parent)
            {
                operation = parent;
            }

            return operation is IMethodBodyOperation or IConstructorBodyOperation or IBlockOperation ? operation : null;
        }
    }
}
