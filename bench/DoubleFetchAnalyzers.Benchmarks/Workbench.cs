using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DoubleFetchAnalyzers.Benchmarks
{
    /// <summary>
    /// What every measurement shares: the workloads by name, the references and options, and the two operations measured
    /// (compile only; compile with analyzers), each over a fresh compilation so nothing is cached from a previous run.
    /// </summary>
    public static class Workbench
    {
        public const string Ordinary = "a-ordinary";
        public const string WithSources = "b-5pct-sources";

        /// <summary>The peer's flow-analysis rule (dispose objects before losing scope), enabled as a warning: it is off by default.</summary>
        public const string PeerRule = "CA2000";

        private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new(LoadReferences);

        public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

        /// <summary>
        /// A library with unsafe code and nullable annotations. Single-threaded (<c>concurrentBuild: false</c>, and
        /// <c>concurrentAnalysis: false</c> below): the ratios are then CPU cost, not how well two cores hide it.
        /// </summary>
        public static CSharpCompilationOptions CompilationOptions { get; } = new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                allowUnsafe: true,
                nullableContextOptions: NullableContextOptions.Enable,
                concurrentBuild: false)
            .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic> { [PeerRule] = ReportDiagnostic.Warn });

        /// <summary>The reference assemblies of the SDK's targeting pack, as a build uses; the runtime's own assemblies if there is none.</summary>
        public static ImmutableArray<MetadataReference> References => LazyReferences.Value;

        /// <summary>Where the references come from, for the report.</summary>
        public static string ReferenceSource { get; private set; } = "";

        public static string[] AllWorkloadNames { get; } =
            new[] { Ordinary, WithSources }.Concat(WorkloadGenerator.MethodSizes.Select(LargeMethodName)).ToArray();

        /// <summary>True for the workloads of (c), one large method each.</summary>
        public static bool IsLargeMethod(string name) => WorkloadGenerator.MethodSizes.Any(size => LargeMethodName(size) == name);

        public static string LargeMethodName(int statements) => "c-" + statements.ToString(System.Globalization.CultureInfo.InvariantCulture);

        public static Workload Generate(string name)
        {
            switch (name)
            {
                case Ordinary:
                    return WorkloadGenerator.Ordinary();
                case WithSources:
                    return WorkloadGenerator.WithSources();
            }

            foreach (var size in WorkloadGenerator.MethodSizes)
            {
                if (name == LargeMethodName(size))
                {
                    return WorkloadGenerator.LargeMethod(size);
                }
            }

            throw new ArgumentException("Unknown workload " + name, nameof(name));
        }

        /// <summary>Parses once; the trees hold no semantic state, so each compilation made from them starts cold.</summary>
        public static ImmutableArray<SyntaxTree> Parse(Workload workload) =>
            workload.Files.Select(file => CSharpSyntaxTree.ParseText(file.Text, ParseOptions, "/workload/" + file.Path)).ToImmutableArray();

        public static CSharpCompilation CreateCompilation(ImmutableArray<SyntaxTree> trees) =>
            CSharpCompilation.Create("Workload", trees, References, CompilationOptions);

        /// <summary>Compile only: declaration and method-body diagnostics of a fresh compilation, no emit, no analyzers.</summary>
        public static ImmutableArray<Diagnostic> CompileOnly(ImmutableArray<SyntaxTree> trees) =>
            CreateCompilation(trees).GetDiagnostics(CancellationToken.None);

        /// <summary>Compile plus analyzers: the compiler's and the analyzers' diagnostics of a fresh compilation.</summary>
        public static ImmutableArray<Diagnostic> CompileWithAnalyzers(ImmutableArray<SyntaxTree> trees, ImmutableArray<DiagnosticAnalyzer> analyzers) =>
            CreateCompilation(trees)
                .WithAnalyzers(
                    analyzers,
                    new CompilationWithAnalyzersOptions(
                        new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                        onAnalyzerException: null,
                        concurrentAnalysis: false,
                        logAnalyzerExecutionTime: false))
                .GetAllDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult();

        /// <summary>
        /// Compile plus analyzers with the driver timing every action (<c>logAnalyzerExecutionTime</c>): returns the
        /// analyzers' diagnostics and the time spent in the analyzers' own actions, summed over the analyzers, as
        /// Roslyn's <see cref="AnalyzerTelemetryInfo.ExecutionTime"/> gives it. That is the analyzers' own time measured
        /// directly, not as the difference of two compilations.
        /// </summary>
        public static (ImmutableArray<Diagnostic> Diagnostics, double ActionMilliseconds) CompileWithAnalyzersTimed(ImmutableArray<SyntaxTree> trees, ImmutableArray<DiagnosticAnalyzer> analyzers)
        {
            // GetAnalysisResultAsync, not GetAllDiagnosticsAsync: in Roslyn 4.14 only the former fills the telemetry.
            var result = CreateCompilation(trees)
                .WithAnalyzers(
                    analyzers,
                    new CompilationWithAnalyzersOptions(
                        new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                        onAnalyzerException: null,
                        concurrentAnalysis: false,
                        logAnalyzerExecutionTime: true))
                .GetAnalysisResultAsync(CancellationToken.None).GetAwaiter().GetResult();
            return (result.GetAllDiagnostics(), result.AnalyzerTelemetryInfo.Values.Sum(info => info.ExecutionTime.TotalMilliseconds));
        }

        /// <summary>Every analyzer of the product (the rules and DF1000's configuration check), as a build with the package runs them.</summary>
        public static ImmutableArray<DiagnosticAnalyzer> OurAnalyzers { get; } = typeof(DiagnosticIds).Assembly.GetTypes()
            .Where(type => typeof(DiagnosticAnalyzer).IsAssignableFrom(type) && !type.IsAbstract &&
                           type.GetCustomAttributes(typeof(DiagnosticAnalyzerAttribute), false).Length > 0)
            .OrderBy(type => type.FullName, StringComparer.Ordinal)
            .Select(type => (DiagnosticAnalyzer)Activator.CreateInstance(type)!)
            .ToImmutableArray();

        private static ImmutableArray<MetadataReference> LoadReferences()
        {
            var packs = Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", "..", "packs", "Microsoft.NETCore.App.Ref");
            var runtimeVersion = Environment.Version;
            if (Directory.Exists(packs))
            {
                // The targeting pack of the running runtime's major version, newest patch.
                var pack = Directory.GetDirectories(packs)
                    .Select(directory => (Directory: directory, Version: Version.TryParse(Path.GetFileName(directory), out var version) ? version : null))
                    .Where(candidate => candidate.Version is not null && candidate.Version.Major == runtimeVersion.Major)
                    .OrderByDescending(candidate => candidate.Version)
                    .Select(candidate => Path.Combine(candidate.Directory, "ref", "net" + runtimeVersion.Major + ".0"))
                    .FirstOrDefault(Directory.Exists);
                if (pack is not null)
                {
                    ReferenceSource = Path.GetFullPath(pack);
                    return Directory.GetFiles(pack, "*.dll")
                        .OrderBy(path => path, StringComparer.Ordinal)
                        .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
                        .ToImmutableArray();
                }
            }

            var runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location);
            ReferenceSource = runtimeDirectory + " (runtime assemblies: no targeting pack found)";
            return ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "")
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Where(path => Path.GetDirectoryName(path) == runtimeDirectory)
                .Where(path => Path.GetFileName(path) is var name && (name.StartsWith("System.", StringComparison.Ordinal) ||
                               name is "System.dll" or "netstandard.dll" or "mscorlib.dll" || name.StartsWith("Microsoft.", StringComparison.Ordinal)))
                .OrderBy(path => path, StringComparer.Ordinal)
                .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
                .ToImmutableArray();
        }
    }
}
