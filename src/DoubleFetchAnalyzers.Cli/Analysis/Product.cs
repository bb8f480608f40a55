using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using DoubleFetchAnalyzers.CodeFixes;
using DoubleFetchAnalyzers.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DoubleFetchAnalyzers.Cli.Analysis
{
    /// <summary>
    /// The product as the tool runs it: every analyzer of the analyzer assembly, every code fix of the code-fix
    /// assembly (in the order the tool prefers them when more than one fixes a diagnostic), the attribute generator,
    /// and one descriptor per rule.
    /// </summary>
    internal static class Product
    {
        /// <summary>
        /// Where two providers fix one diagnostic, the one earlier here is applied: completing an existing check over
        /// adding another. Within a provider its first action is taken (for DF0001, "Read once", whose Fix All falls back
        /// to "Copy once"). Fix providers not named here come after these, by name.
        /// </summary>
        private static readonly string[] FixPreference =
        {
            nameof(DoubleFetchCodeFixProvider),
            nameof(CompleteCheckCodeFixProvider),
            nameof(AddRangeCheckCodeFixProvider),
            nameof(AssertionToCheckCodeFixProvider),
            nameof(RenameUntrustedCodeFixProvider),
        };

        public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } = typeof(DiagnosticIds).Assembly.GetTypes()
            .Where(type => typeof(DiagnosticAnalyzer).IsAssignableFrom(type) && !type.IsAbstract && type.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .OrderBy(type => type.FullName, StringComparer.Ordinal)
            .Select(type => (DiagnosticAnalyzer)Activator.CreateInstance(type)!)
            .ToImmutableArray();

        public static ImmutableArray<CodeFixProvider> CodeFixes { get; } = typeof(DoubleFetchCodeFixProvider).Assembly.GetTypes()
            .Where(type => typeof(CodeFixProvider).IsAssignableFrom(type) && !type.IsAbstract && type.GetCustomAttribute<ExportCodeFixProviderAttribute>() is not null)
            .OrderBy(type => Array.IndexOf(FixPreference, type.Name) is var index and >= 0 ? index : FixPreference.Length)
            .ThenBy(type => type.FullName, StringComparer.Ordinal)
            .Select(type => (CodeFixProvider)Activator.CreateInstance(type)!)
            .ToImmutableArray();

        public static ISourceGenerator AttributeGenerator { get; } = new AttributeGenerator().AsSourceGenerator();

        /// <summary>One descriptor per rule ID, ordered by ID.</summary>
        public static ImmutableArray<DiagnosticDescriptor> Rules { get; } = Analyzers
            .SelectMany(analyzer => analyzer.SupportedDiagnostics)
            .GroupBy(descriptor => descriptor.Id, StringComparer.Ordinal)
            .Select(group => group.First())
            .OrderBy(descriptor => descriptor.Id, StringComparer.Ordinal)
            .ToImmutableArray();

        public static IReadOnlyCollection<string> RuleIds { get; } = Rules.Select(rule => rule.Id).ToImmutableSortedSet(StringComparer.Ordinal);

        /// <summary>A rule's name: the name of its constant in <see cref="DiagnosticIds"/> (DF0001 is SharedMemoryReadMoreThanOnce).</summary>
        public static string RuleName(string id) => RuleNames.TryGetValue(id, out var name) ? name : id;

        private static readonly IReadOnlyDictionary<string, string> RuleNames = typeof(DiagnosticIds)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral && field.FieldType == typeof(string))
            .ToDictionary(field => (string)field.GetRawConstantValue()!, field => field.Name, StringComparer.Ordinal);
    }
}
