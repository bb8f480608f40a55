using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using DoubleFetchAnalyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DoubleFetchAnalyzers.Rules
{
    /// <summary>DF0007: an untrusted value nobody checked yet is stored under a plain name (the Qubes naming convention).</summary>
    internal static class UntrustedNameRule
    {
        public static void Report(BodyFindings findings, SourceModel sources, EngineContext engine, Action<Diagnostic> report)
        {
            var seen = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            foreach (var store in findings.UntrustedStores)
            {
                // A local once per body; a field once per compilation, whichever method stores into it.
                if (!seen.Add(store.Variable) || (store.Variable is IFieldSymbol && !engine.FirstReportOf(store.Variable)))
                {
                    continue;
                }

                var prefixes = sources.Configuration.UntrustedPrefixes;
                var prefix = prefixes.IsDefaultOrEmpty ? UntrustedNames.DefaultPrefix : prefixes[0];
                var newName = UntrustedNames.AddPrefix(store.Variable.Name, prefix);
                var location = store.Declaration switch
                {
                    VariableDeclaratorSyntax declarator => declarator.Identifier.GetLocation(),
                    SingleVariableDesignationSyntax designation => designation.Identifier.GetLocation(),
                    _ => store.Declaration.GetLocation(),
                };
                report(Diagnostic.Create(
                    Descriptors.UntrustedValueUnderTrustedName,
                    location,
                    ImmutableDictionary<string, string?>.Empty.Add(PropertyNames.NewName, newName),
                    store.Variable.Name,
                    newName));
            }
        }
    }
}
