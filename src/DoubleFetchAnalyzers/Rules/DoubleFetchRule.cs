using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using DoubleFetchAnalyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace DoubleFetchAnalyzers.Rules
{
    /// <summary>
    /// DF0001: each later fetch of a location, with the first fetch and the other fetches of the same location as
    /// additional locations (the fix replaces them all), and what the copy-the-struct fix needs.
    /// </summary>
    internal static class DoubleFetchRule
    {
        public static void Report(BodyFindings findings, Action<Diagnostic> report)
        {
            if (findings.DoubleFetches.Count == 0)
            {
                return;
            }

            var groups = new Dictionary<IOperation, List<DoubleFetchFinding>>();
            var order = new List<IOperation>();
            var seen = new HashSet<IOperation>();
            foreach (var finding in findings.DoubleFetches)
            {
                if (!seen.Add(finding.Fetch))
                {
                    continue;
                }

                if (!groups.TryGetValue(finding.FirstFetch, out var group))
                {
                    groups[finding.FirstFetch] = group = new List<DoubleFetchFinding>();
                    order.Add(finding.FirstFetch);
                }

                group.Add(finding);
            }

            Dictionary<AccessPath, List<IOperation>>? fetchesInside = null;
            foreach (var first in order)
            {
                var group = groups[first];
                var sameLocation = true;
                foreach (var finding in group)
                {
                    sameLocation &= finding.Location.Equals(finding.FirstLocation);
                }

                var properties = Properties(first, group[0].Location, findings, ref fetchesInside);
                if (sameLocation)
                {
                    properties = properties.Add(PropertyNames.SameLocation, "true");
                }

                // Each location is made once; each diagnostic's array is built to size and handed over without a copy
                // (a location read k times still gives k arrays of k locations: the read-once fix needs every read).
                var locations = new Location[group.Count];
                for (var i = 0; i < group.Count; i++)
                {
                    locations[i] = group[i].Fetch.Syntax.GetLocation();
                }

                var firstLocation = first.Syntax.GetLocation();
                for (var i = 0; i < group.Count; i++)
                {
                    var additional = ImmutableArray.CreateBuilder<Location>(group.Count);
                    additional.Add(firstLocation);
                    for (var j = 0; j < group.Count; j++)
                    {
                        if (j != i)
                        {
                            additional.Add(locations[j]);
                        }
                    }

                    report(Diagnostic.Create(
                        Descriptors.SharedMemoryReadMoreThanOnce,
                        locations[i],
                        additional.MoveToImmutable(),
                        properties,
                        group[i].Fetch.Syntax.ToString()));
                }
            }
        }

        private static ImmutableDictionary<string, string?> Properties(IOperation first, AccessPath location, BodyFindings findings, ref Dictionary<AccessPath, List<IOperation>>? fetchesInside)
        {
            var properties = ImmutableDictionary<string, string?>.Empty.Add(PropertyNames.Location, first.Syntax.ToString());
            var copy = CopySites(first, location, findings, ref fetchesInside);
            if (copy is { } sites)
            {
                properties = properties.Add(PropertyNames.CopyBase, sites.Base).Add(PropertyNames.CopySites, sites.Spans);
            }

            return properties;
        }

        /// <summary>
        /// Copying the struct once is correct when the location is a member of a struct reached through a pointer or
        /// reference, and nothing in the body writes through that struct.
        /// </summary>
        private static (string Base, string Spans)? CopySites(IOperation first, AccessPath location, BodyFindings findings, ref Dictionary<AccessPath, List<IOperation>>? fetchesInside)
        {
            var baseOperation = StructBase(first, out var depth);
            if (baseOperation is null || depth == 0 || baseOperation.Type is not { TypeKind: TypeKind.Struct, SpecialType: SpecialType.None })
            {
                return null;
            }

            var basePath = location;
            for (var i = 0; i < depth && basePath is not null; i++)
            {
                basePath = basePath.Parent;
            }

            if (basePath is null)
            {
                return null;
            }

            foreach (var (_, written) in findings.Writes)
            {
                if (written.StartsWith(basePath) || basePath.StartsWith(written))
                {
                    return null;
                }
            }

            // The fetches inside each struct, found once for the body: each location read again asks for its struct's.
            fetchesInside ??= FetchesInside(findings);
            if (!fetchesInside.TryGetValue(basePath, out var inside))
            {
                return null;
            }

            var spans = new StringBuilder();
            var sites = new HashSet<int>();
            foreach (var fetch in inside)
            {
                var site = StructBase(fetch, out _);
                if (site is null || !sites.Add(site.Syntax.SpanStart))
                {
                    continue;
                }

                if (spans.Length > 0)
                {
                    spans.Append(';');
                }

                spans.Append(site.Syntax.SpanStart.ToString(CultureInfo.InvariantCulture)).Append(':').Append(site.Syntax.Span.Length.ToString(CultureInfo.InvariantCulture));
            }

            return spans.Length == 0 ? null : (baseOperation.Syntax.ToString(), spans.ToString());
        }

        /// <summary>For each path, the fetches of the paths strictly inside it, in the order of the fetches.</summary>
        private static Dictionary<AccessPath, List<IOperation>> FetchesInside(BodyFindings findings)
        {
            var inside = new Dictionary<AccessPath, List<IOperation>>();
            foreach (var (fetch, path) in findings.Fetches)
            {
                for (var parent = path.Parent; parent is not null; parent = parent.Parent)
                {
                    if (!inside.TryGetValue(parent, out var list))
                    {
                        inside[parent] = list = new List<IOperation>();
                    }

                    list.Add(fetch);
                }
            }

            return inside;
        }

        /// <summary>Descends the member chain of a fetch (p-&gt;Hdr.Len) to the struct it starts from (*p).</summary>
        private static IOperation? StructBase(IOperation fetch, out int depth)
        {
            depth = 0;
            var current = fetch;
            while (true)
            {
                switch (current)
                {
                    case IFieldReferenceOperation { Instance: { Type.IsValueType: true } instance }:
                        current = instance;
                        depth++;
                        continue;
                    case IPropertyReferenceOperation { Property.IsIndexer: false, Instance: { Type.IsValueType: true } instance }:
                        current = instance;
                        depth++;
                        continue;
                    default:
                        return depth == 0 ? null : current;
                }
            }
        }
    }
}
