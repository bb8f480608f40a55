using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DoubleFetchAnalyzers.Cli.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace DoubleFetchAnalyzers.Cli.Fixing
{
    /// <summary>Gives Fix All exactly the diagnostics the tool chose for one fix, and nothing else.</summary>
    internal sealed class ListedDiagnosticProvider : FixAllContext.DiagnosticProvider
    {
        private readonly ImmutableArray<AnalyzedDiagnostic> _diagnostics;

        public ListedDiagnosticProvider(IEnumerable<AnalyzedDiagnostic> diagnostics)
        {
            _diagnostics = diagnostics.ToImmutableArray();
        }

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            Task.FromResult(_diagnostics.Where(item => item.Document == document.Id).Select(item => item.Diagnostic));

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult(Enumerable.Empty<Diagnostic>());

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult(_diagnostics.Where(item => item.Document is not null && item.Document.ProjectId == project.Id).Select(item => item.Diagnostic));
    }
}
