using System;
using System.Collections.Generic;
using System.Linq;
using DoubleFetchAnalyzers.Analysis;
using Microsoft.CodeAnalysis;
using Xunit;

namespace DoubleFetchAnalyzers.Tests.Meta
{
    /// <summary>
    /// The engine's state: facts in <see cref="FactMap"/> (arrays shared between states until one writes), a builder
    /// that copies each part on its first write and gives back its state when nothing was written, and findings put
    /// back in block order when blocks report out of order.
    /// </summary>
    public sealed class FlowStateTests
    {
        private static readonly AccessPath[] Paths = MakePaths(40);

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        public void FactMap_BehavesLikeADictionaryAndItsSnapshotsDoNotChange(int seed)
        {
            var random = new Random(seed);
            var model = new Dictionary<AccessPath, ValueFacts>();
            var builder = FactMap.Empty.ToBuilder();
            var snapshots = new List<(FactMap Map, Dictionary<AccessPath, ValueFacts> Contents)>();
            for (var step = 0; step < 3000; step++)
            {
                var path = Paths[random.Next(Paths.Length)];
                switch (random.Next(10))
                {
                    case < 6:
                        var facts = ValueFacts.Untrusted(new object());
                        builder.Set(path, facts);
                        model[path] = facts;
                        break;
                    case < 9:
                        Assert.Equal(model.Remove(path), builder.Remove(path));
                        break;
                    default:
                        snapshots.Add((builder.ToImmutable(), new Dictionary<AccessPath, ValueFacts>(model)));
                        break;
                }

                Assert.Equal(model.Count, builder.Count);
            }

            snapshots.Add((builder.ToImmutable(), new Dictionary<AccessPath, ValueFacts>(model)));
            Assert.True(snapshots.Count > 100);
            foreach (var (map, contents) in snapshots)
            {
                Assert.Equal(contents.Count, map.Count);
                foreach (var path in Paths)
                {
                    Assert.Equal(contents.ContainsKey(path), map.ContainsKey(path));
                    if (contents.TryGetValue(path, out var expected))
                    {
                        Assert.True(map.TryGetValue(path, out var actual));
                        Assert.Same(expected, actual);
                    }
                }

                var entries = new List<KeyValuePair<AccessPath, ValueFacts>>();
                foreach (var pair in map)
                {
                    entries.Add(pair);
                }

                Assert.Equal(contents.OrderBy(pair => pair.Key.Id), entries.OrderBy(pair => pair.Key.Id));
                Assert.Equal(entries.Select(pair => pair.Key.GetHashCode()).OrderBy(hash => hash), entries.Select(pair => pair.Key.GetHashCode()));
            }
        }

        [Fact]
        public void FactMap_BuilderResetStartsFromTheOtherMapAndWritesToNeither()
        {
            var first = Map((Paths[0], ValueFacts.Constant(1)), (Paths[1], ValueFacts.Constant(2)));
            var second = Map((Paths[2], ValueFacts.Constant(3)));
            var builder = first.ToBuilder();
            builder.Set(Paths[3], ValueFacts.Constant(4));
            builder.Reset(second);
            builder.Set(Paths[4], ValueFacts.Constant(5));
            builder.Remove(Paths[2]);
            var third = builder.ToImmutable();

            Assert.Equal(2, first.Count);
            Assert.False(first.ContainsKey(Paths[3]));
            Assert.Equal(1, second.Count);
            Assert.True(second.ContainsKey(Paths[2]));
            Assert.Equal(1, third.Count);
            Assert.True(third.ContainsKey(Paths[4]));
        }

        [Fact]
        public void FactMap_SameAsComparesFactsByValue()
        {
            var a = Map((Paths[0], ValueFacts.Length(8)), (Paths[1], ValueFacts.Constant(500)));
            var b = Map((Paths[1], ValueFacts.Constant(500)), (Paths[0], ValueFacts.Length(8)));
            var c = Map((Paths[0], ValueFacts.Length(8)), (Paths[1], ValueFacts.Constant(501)));
            var d = Map((Paths[0], ValueFacts.Length(8)));

            Assert.True(a.SameAs(b));
            Assert.False(a.SameAs(c));
            Assert.False(a.SameAs(d));
        }

        [Fact]
        public void Builder_ThatWritesNothingGivesBackItsState()
        {
            var state = FlowState.Initial(new LocationIds()).ToBuilder();
            state.SetFacts(Paths[0], ValueFacts.Constant(1));
            state.RecordFetch(Paths[1], new FetchEntry(null!, 0));
            var start = state.ToImmutable();

            var builder = start.ToBuilder();
            builder.RemoveFacts(path => false);
            builder.RemoveFetches(path => false);
            builder.RemoveAliases((alias, target) => true);
            builder.SetFacts(Paths[0], start.Facts.TryGetValue(Paths[0], out var same) ? same : null!);
            builder.SetFacts(Paths[5], ValueFacts.Trusted);
            Assert.Same(start, builder.ToImmutable());

            builder.Reset(start);
            builder.SetFacts(Paths[2], ValueFacts.Constant(3));
            var changed = builder.ToImmutable();
            Assert.NotSame(start, changed);
            Assert.Same(start.Fetched, changed.Fetched);
            Assert.False(start.Facts.ContainsKey(Paths[2]));
            Assert.True(changed.Facts.ContainsKey(Paths[2]));
        }

        [Fact]
        public void Findings_BlocksReportedOutOfOrderArePutInBlockOrder()
        {
            var findings = new BodyFindings();
            foreach (var block in new[] { 5, 2, 9, 0 })
            {
                findings.StartBlock(block);
                var path = Paths[block];
                findings.Fetches.Add((null!, path));
                findings.Writes.Add((null!, path));
                if (block != 2)
                {
                    // A block with nothing in some list: the others still line up.
                    findings.Fetches.Add((null!, Paths[block + 20]));
                }
            }

            findings.Complete();

            Assert.Equal(new[] { Paths[0], Paths[20], Paths[2], Paths[5], Paths[25], Paths[9], Paths[29] }, findings.Fetches.Select(fetch => fetch.Location));
            Assert.Equal(new[] { Paths[0], Paths[2], Paths[5], Paths[9] }, findings.Writes.Select(write => write.Location));
        }

        [Fact]
        public void Findings_InBlockOrderAreLeftAsTheyAre()
        {
            var findings = new BodyFindings();
            foreach (var block in new[] { 1, 3, 4 })
            {
                findings.StartBlock(block);
                findings.Fetches.Add((null!, Paths[block]));
            }

            var before = findings.Fetches.ToArray();
            findings.Complete();

            Assert.Equal(before, findings.Fetches);
        }

        private static FactMap Map(params (AccessPath Path, ValueFacts Facts)[] entries)
        {
            var builder = FactMap.Empty.ToBuilder();
            foreach (var (path, facts) in entries)
            {
                builder.Set(path, facts);
            }

            return builder.ToImmutable();
        }

        private static AccessPath[] MakePaths(int count)
        {
            var fields = string.Join(" ", Enumerable.Range(0, count).Select(i => $"public int F{i};"));
            var compilation = AnalyzerHarness.Compile($"class C {{ {fields} }}");
            var type = compilation.GetTypeByMetadataName("C")!;
            return Enumerable.Range(0, count).Select(i => AccessPath.ForThis().Member(type.GetMembers($"F{i}").Single())).ToArray();
        }
    }
}
