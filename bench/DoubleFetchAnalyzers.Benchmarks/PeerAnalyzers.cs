using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DoubleFetchAnalyzers.Benchmarks
{
    /// <summary>
    /// The peer: the analyzers of the Microsoft.CodeAnalysis.NetAnalyzers package (version pinned in
    /// Directory.Packages.props), whose analyzers/dotnet/cs assemblies the build copies to <c>peer/</c> beside this
    /// program. They are loaded through <see cref="AnalyzerFileReference"/>, as the compiler loads them, and only the
    /// analyzer that reports the chosen rule runs.
    /// </summary>
    public static class PeerAnalyzers
    {
        public const string PackageDescription = "Microsoft.CodeAnalysis.NetAnalyzers 10.0.111 (package, analyzers/dotnet/cs)";

        private static readonly Lazy<ImmutableArray<DiagnosticAnalyzer>> All = new(Load);

        public static string Folder { get; } = Path.Combine(AppContext.BaseDirectory, "peer");

        /// <summary>The peer's analyzers that report <paramref name="ruleId"/>.</summary>
        public static ImmutableArray<DiagnosticAnalyzer> ForRule(string ruleId)
        {
            var analyzers = All.Value.Where(analyzer => analyzer.SupportedDiagnostics.Any(descriptor => descriptor.Id == ruleId)).ToImmutableArray();
            if (analyzers.IsEmpty)
            {
                throw new InvalidOperationException($"No analyzer in {Folder} reports {ruleId}.");
            }

            return analyzers;
        }

        /// <summary>
        /// Every analyzer of the package at its default severities, as the .NET SDK runs them in every project that
        /// targets .NET 5 or later (EnableNETAnalyzers is on by default): the driver skips those whose rules are all
        /// off by default. The analyzer of <paramref name="exceptRule"/> is left out: the benchmark's compilation options
        /// switch that rule on for the peer row, and the SDK leaves it off.
        /// </summary>
        public static ImmutableArray<DiagnosticAnalyzer> SdkDefaults(string exceptRule) =>
            All.Value.Where(analyzer => !analyzer.SupportedDiagnostics.Any(descriptor => descriptor.Id == exceptRule)).ToImmutableArray();

        private static ImmutableArray<DiagnosticAnalyzer> Load()
        {
            var paths = Directory.Exists(Folder) ? Directory.GetFiles(Folder, "*.dll").OrderBy(path => path, StringComparer.Ordinal).ToArray() : Array.Empty<string>();
            if (paths.Length == 0)
            {
                throw new InvalidOperationException($"The peer's analyzer assemblies are missing from {Folder}; build the benchmark project (it copies them there).");
            }

            var loader = new Loader();
            foreach (var path in paths)
            {
                loader.AddDependencyLocation(path);
            }

            var failures = new List<string>();
            var analyzers = ImmutableArray.CreateBuilder<DiagnosticAnalyzer>();
            foreach (var path in paths)
            {
                var reference = new AnalyzerFileReference(path, loader);
                reference.AnalyzerLoadFailed += (_, e) => failures.Add($"{Path.GetFileName(path)}: {e.ErrorCode} {e.TypeName} {e.Message}");
                analyzers.AddRange(reference.GetAnalyzers(LanguageNames.CSharp));
            }

            if (failures.Count > 0)
            {
                throw new InvalidOperationException("The peer's analyzers did not load: " + string.Join("; ", failures));
            }

            return analyzers.ToImmutable();
        }

        /// <summary>
        /// Loads into the default context: the peer references Microsoft.CodeAnalysis 3.11, which binds to this
        /// process's newer one, as it does in the compiler.
        /// </summary>
        private sealed class Loader : IAnalyzerAssemblyLoader
        {
            private readonly Dictionary<string, string> _byName = new(StringComparer.OrdinalIgnoreCase);

            public Loader()
            {
                AppDomain.CurrentDomain.AssemblyResolve += (_, args) =>
                    _byName.TryGetValue(new AssemblyName(args.Name).Name ?? "", out var path) ? Assembly.LoadFrom(path) : null;
            }

            public void AddDependencyLocation(string fullPath) => _byName[Path.GetFileNameWithoutExtension(fullPath)] = fullPath;

            public Assembly LoadFromPath(string fullPath) => Assembly.LoadFrom(fullPath);
        }
    }
}
