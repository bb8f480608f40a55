using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace DoubleFetchAnalyzers.Analysis
{
    /// <summary>
    /// Runs the forward data-flow analysis of one body (and each lambda and local function inside it, each on its
    /// own graph) to a fixpoint, then makes one reporting pass over the final states.
    /// </summary>
    internal sealed class BodyAnalyzer
    {
        /// <summary>After this many visits of a block, joins widen: bounds that still move are dropped.</summary>
        private const int WidenAfterVisits = 3;

        private readonly ControlFlowGraph _cfg;
        private readonly Transfer _transfer;
        private readonly System.Func<AccessPath, FactMap, ValueFacts> _absentFacts;
        private readonly CancellationToken _cancellationToken;
        private readonly FlowState?[] _inStates;
        private readonly int[] _visits;

        /// <summary>For each block, whether its state is final when the worklist first takes it (<see cref="SettledOnArrival"/>).</summary>
        private readonly bool[] _settledOnArrival;
        private readonly Dictionary<int, List<int>> _handlersByTryStart = new();
        private readonly Dictionary<ControlFlowRegion, HashSet<object>?> _regionMembers = new();
        private readonly Dictionary<ControlFlowRegion, int> _regionLastUse = new();

        /// <summary>The builder every block and edge of the graph works on in turn (each is done before the next starts).</summary>
        private FlowState.Builder? _builder;

        /// <summary>Scratch collections of <see cref="ForgetDeadLocals"/>, which runs on most edges: made once per graph.</summary>
        private readonly List<AccessPath> _scratchPaths = new();
        private readonly HashSet<AccessPath> _scratchRoots = new();

        /// <summary>For each local, the last block (in layout order, loops included) that can still read it.</summary>
        private readonly Dictionary<ISymbol, int> _lastUse;

        /// <summary>The locals by the block of their last use, in that order.</summary>
        private readonly (int LastUse, ILocalSymbol Local)[] _localsByLastUse;

        private BodyAnalyzer(ControlFlowGraph cfg, EngineContext context, SourceModel sources, CancellationToken cancellationToken)
        {
            _cfg = cfg;
            _cancellationToken = cancellationToken;
            var model = new SharedMemoryModel(sources);
            model.Shared = SharedValues.Compute(cfg, model);
            _transfer = new Transfer(context, sources, cfg, model, cancellationToken);
            _absentFacts = _transfer.AbsentFacts;
            _inStates = new FlowState?[cfg.Blocks.Length];
            _visits = new int[cfg.Blocks.Length];
            CollectHandlers(cfg.Root);
            _lastUse = LastUses(cfg, out var backEdges);
            _settledOnArrival = SettledOnArrival(cfg, backEdges);
            _localsByLastUse = SortedByLastUse(_lastUse);
        }

        /// <summary>Analyses a body and every lambda and local function in it: one set of findings per graph.</summary>
        public static List<BodyFindings> Analyze(ControlFlowGraph cfg, EngineContext context, SourceModel sources, CancellationToken cancellationToken)
        {
            var results = new List<BodyFindings>();
            var pending = new Stack<ControlFlowGraph>();
            pending.Push(cfg);
            var graphs = 0;
            while (pending.Count > 0 && graphs++ < 256)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var graph = pending.Pop();
                var findings = new BodyFindings();
                new BodyAnalyzer(graph, context, sources, cancellationToken).Run(findings);
                if (!findings.IsEmpty)
                {
                    results.Add(findings);
                }

                foreach (var localFunction in graph.LocalFunctions)
                {
                    pending.Push(graph.GetLocalFunctionControlFlowGraph(localFunction, cancellationToken));
                }

                foreach (var lambda in AnonymousFunctions(graph))
                {
                    pending.Push(graph.GetAnonymousFunctionControlFlowGraph(lambda, cancellationToken));
                }
            }

            return results;
        }

        private void Run(BodyFindings findings)
        {
            var blocks = _cfg.Blocks;
            _inStates[0] = FlowState.Initial(new LocationIds());
            var worklist = new Worklist(blocks.Length);
            worklist.Add(0);
            var budget = (blocks.Length * 16) + 64;
            while (worklist.Count > 0 && budget-- > 0)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                var ordinal = worklist.TakeFirst();
                _visits[ordinal]++;
                if (_settledOnArrival[ordinal])
                {
                    // Its state is final: it reports now, and its state is not kept for a reporting pass.
                    Process(blocks[ordinal], _inStates[ordinal]!, findings, worklist);
                    _inStates[ordinal] = null;
                }
                else
                {
                    Process(blocks[ordinal], _inStates[ordinal]!, null, worklist);
                }
            }

            // The reporting pass, over the final states of the blocks in loops, in block order.
            for (var i = 0; i < blocks.Length; i++)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                if (_inStates[i] is { } state)
                {
                    Process(blocks[i], state, findings, null);
                }
            }

            findings.Complete();
        }

        /// <summary>
        /// The blocks whose state is final the first time the worklist takes them: the worklist always takes the first
        /// block in layout order, so a block no back edge spans is taken after everything before it has settled, and
        /// nothing after it flows back into it. Handlers and finally blocks receive state from elsewhere: a graph with
        /// any keeps the reporting pass for every block.
        /// </summary>
        private bool[] SettledOnArrival(ControlFlowGraph cfg, List<(int Head, int Tail)> backEdges)
        {
            var settled = new bool[cfg.Blocks.Length];
            if (_handlersByTryStart.Count > 0)
            {
                // Every catch, filter and finally sits in a try region, which CollectHandlers has recorded.
                return settled;
            }

            var spans = new int[cfg.Blocks.Length + 1];
            foreach (var (head, tail) in backEdges)
            {
                spans[head]++;
                spans[tail + 1]--;
            }

            var open = 0;
            for (var i = 0; i < settled.Length; i++)
            {
                open += spans[i];
                settled[i] = open == 0;
            }

            return settled;
        }

        private void Process(BasicBlock block, FlowState inState, BodyFindings? findings, Worklist? worklist)
        {
            var builder = Edit(inState);
            findings?.StartBlock(block.Ordinal);
            _transfer.Begin(builder, block.Ordinal, findings);
            foreach (var operation in block.Operations)
            {
                _transfer.Execute(operation);
            }

            var branch = block.BranchValue;
            if (branch is not null)
            {
                _transfer.Visit(branch);
            }

            if (worklist is null)
            {
                return;
            }

            var outState = builder.ToImmutable();
            if (block.ConditionKind != ControlFlowConditionKind.None && branch is not null)
            {
                var whenConditional = block.ConditionKind == ControlFlowConditionKind.WhenTrue;
                if (!LeadsOnlyToExit(block.ConditionalSuccessor))
                {
                    Propagate(block, block.ConditionalSuccessor, Refined(outState, branch, whenConditional, block.Ordinal), worklist);
                }

                if (!LeadsOnlyToExit(block.FallThroughSuccessor))
                {
                    Propagate(block, block.FallThroughSuccessor, Refined(outState, branch, !whenConditional, block.Ordinal), worklist);
                }
            }
            else
            {
                Propagate(block, block.FallThroughSuccessor, outState, worklist);
            }
        }

        /// <summary>
        /// The branch goes to a block that only returns a constant (<c>if (bad) return -1;</c>): it reads nothing, and
        /// nothing reads the state after it, so no state (and no refinement of the condition) needs to go there.
        /// </summary>
        private static bool LeadsOnlyToExit(ControlFlowBranch? branch) =>
            branch is { Destination: { Kind: BasicBlockKind.Block, Operations.IsEmpty: true, ConditionKind: ControlFlowConditionKind.None } destination } &&
            branch.FinallyRegions.IsEmpty &&
            destination.BranchValue is null or { ConstantValue.HasValue: true } &&
            destination.FallThroughSuccessor is { Destination.Kind: BasicBlockKind.Exit, FinallyRegions.IsEmpty: true };

        private FlowState.Builder Edit(FlowState state) => _builder?.Reset(state) ?? (_builder = state.ToBuilder());

        private FlowState Refined(FlowState state, IOperation condition, bool outcome, int ordinal)
        {
            var builder = Edit(state);
            _transfer.Begin(builder, ordinal, null);
            _transfer.Refine(condition, outcome);
            return builder.ToImmutable();
        }

        private void Propagate(BasicBlock from, ControlFlowBranch? branch, FlowState state, Worklist worklist)
        {
            if (branch?.Destination is not { } destination)
            {
                // Throw, rethrow, the end of a finally: nothing flows on.
                return;
            }

            if (destination.Kind == BasicBlockKind.Exit && branch.FinallyRegions.IsEmpty)
            {
                // A return: nothing runs after the exit, so the state that reaches it is never read.
                return;
            }

            state = LeaveRegions(state, branch, destination.Ordinal);
            state = ForgetDeadLocals(state, from.Ordinal, destination.Ordinal);
            if (destination.Ordinal <= from.Ordinal)
            {
                // Around a loop: a fetch site inside the loop is a new fetch on the next iteration.
                var builder = Edit(state);
                builder.RemoveFetchesFirstFetchedIn(destination.Ordinal, from.Ordinal);
                state = builder.ToImmutable();
            }

            Merge(destination.Ordinal, state, worklist);

            // Leaving a try through its finally: the finally runs first and sees this state.
            foreach (var region in branch.FinallyRegions)
            {
                Merge(region.FirstBlockOrdinal, state, worklist);
            }

            if (_handlersByTryStart.TryGetValue(destination.Ordinal, out var handlers))
            {
                // Exceptions leave a try anywhere: its handlers start from (an approximation of) the try's state.
                foreach (var handler in handlers)
                {
                    Merge(handler, state, worklist);
                }
            }
        }

        private void Merge(int ordinal, FlowState state, Worklist worklist)
        {
            var existing = _inStates[ordinal];
            if (existing is null)
            {
                _inStates[ordinal] = state;
                worklist.Add(ordinal);
                return;
            }

            var joined = FlowState.Join(existing, state, widen: _visits[ordinal] > WidenAfterVisits, _absentFacts);
            if (!joined.SameAs(existing))
            {
                _inStates[ordinal] = joined;
                worklist.Add(ordinal);
            }
        }

        /// <summary>
        /// Locals and captures of the regions a branch leaves are dead: their facts and keys go. Locals that no block
        /// from the destination on reads are left to <see cref="ForgetDeadLocals"/>; what remains here is the captures
        /// and the locals of a loop body that the back edge enters again (a new variable each iteration).
        /// </summary>
        private FlowState LeaveRegions(FlowState state, ControlFlowBranch branch, int destination)
        {
            if (branch.LeavingRegions.IsEmpty || (state.Facts.IsEmpty && state.Fetched.IsEmpty && state.Aliases.IsEmpty))
            {
                return state;
            }

            List<HashSet<object>>? leaving = null;
            foreach (var region in branch.LeavingRegions)
            {
                if (RegionMembers(region) is { } members && (!region.CaptureIds.IsEmpty || HasLiveLocal(region, destination)))
                {
                    (leaving ??= new List<HashSet<object>>()).Add(members);
                }
            }

            return leaving is null ? state : Leave(state, leaving, destination);
        }

        /// <summary>Drops the facts, fetches and aliases of the <paramref name="leaving"/> regions' members (a method of its own: its closures are made only when some region is left).</summary>
        private FlowState Leave(FlowState state, List<HashSet<object>> leaving, int destination)
        {
            bool Leaves(object member)
            {
                if (member is ILocalSymbol local && IsDeadLocalAt(local, destination))
                {
                    return false;
                }

                foreach (var members in leaving)
                {
                    if (members.Contains(member))
                    {
                        return true;
                    }
                }

                return false;
            }

            bool Dead(AccessPath path)
            {
                var root = path.Root;
                return Leaves(root.RootSymbol is ILocalSymbol local ? local : root);
            }

            bool DependsOnLeaving(AccessPath path)
            {
                foreach (var dependency in path.Dependencies)
                {
                    if (dependency is ILocalSymbol && Leaves(dependency))
                    {
                        return true;
                    }
                }

                return false;
            }

            var builder = Edit(state);
            builder.RemoveFacts(Dead);
            builder.RemoveFetches(path => Dead(path) || DependsOnLeaving(path));
            builder.RemoveAliases((alias, target) => Dead(alias) || Dead(target));
            return builder.ToImmutable();
        }

        /// <summary>The locals (symbols) and captures (their paths) a region declares, cached; null when none.</summary>
        private HashSet<object>? RegionMembers(ControlFlowRegion region)
        {
            if (_regionMembers.TryGetValue(region, out var members))
            {
                return members;
            }

            if (!region.Locals.IsEmpty || !region.CaptureIds.IsEmpty)
            {
                members = new HashSet<object>(MemberComparer.Instance);
                foreach (var local in region.Locals)
                {
                    members.Add(local);
                }

                foreach (var capture in region.CaptureIds)
                {
                    members.Add(AccessPath.ForCapture(capture));
                }
            }

            _regionMembers[region] = members;
            return members;
        }

        /// <summary>
        /// Facts and keys of locals no block from here on reads are dropped, so that the state of a long method holds
        /// what is live, not everything it ever saw (joins stay linear in what is live). The facts of a dead local
        /// that a live value's bound refers to stay: <c>id &lt; count</c> still needs what is known about count.
        /// </summary>
        private FlowState ForgetDeadLocals(FlowState state, int from, int destination)
        {
            // Every edge into a block has already dropped the locals dead before it: only the locals whose last use lies
            // between this edge's source and its destination die here (none on a back edge).
            if (destination <= from)
            {
                return state;
            }

            var first = FirstDyingAt(from);
            if (first == _localsByLastUse.Length || _localsByLastUse[first].LastUse >= destination)
            {
                return state;
            }

            var builder = Edit(state);
            var end = FirstDyingAt(destination);
            if (end - first <= state.Fetched.Count)
            {
                for (var i = first; i < end; i++)
                {
                    builder.RemoveFetchesDependingOn(_localsByLastUse[i].Local);
                }
            }
            else
            {
                // An edge that jumps far (a return to the exit) ends many locals, most of them with nothing fetched
                // through them: the fetched locations are fewer to look at.
                RemoveFetchesThroughLocalsDying(builder, from, destination);
            }

            // Facts: every dead local's (the state is small), except those a live value's bound refers to.
            var dead = _scratchPaths;
            dead.Clear();
            foreach (var pair in state.Facts)
            {
                if (IsDeadAt(pair.Key, destination))
                {
                    dead.Add(pair.Key);
                }
            }

            if (dead.Count > 0)
            {
                var referenced = _scratchRoots;
                referenced.Clear();
                foreach (var pair in state.Facts)
                {
                    foreach (var bound in pair.Value.Uppers)
                    {
                        if (bound.Path is not null)
                        {
                            referenced.Add(bound.Path.Root);
                        }
                    }
                }

                for (var i = dead.Count - 1; i >= 0; i--)
                {
                    if (referenced.Contains(dead[i].Root))
                    {
                        dead.RemoveAt(i);
                    }
                }

                builder.RemoveFacts(dead);
            }

            return builder.ToImmutable();
        }

        private void RemoveFetchesThroughLocalsDying(FlowState.Builder builder, int from, int destination) =>
            builder.RemoveFetches(path =>
            {
                foreach (var dependency in path.Dependencies)
                {
                    if (dependency is ILocalSymbol && _lastUse.TryGetValue(dependency, out var last) && last >= from && last < destination)
                    {
                        return true;
                    }
                }

                return false;
            });

        /// <summary>The index in <see cref="_localsByLastUse"/> of the first local whose last use is at or after <paramref name="ordinal"/>.</summary>
        private int FirstDyingAt(int ordinal) => FirstAtOrAfter(_localsByLastUse, static local => local.LastUse, ordinal);

        /// <summary>The index of the first item whose key is at least <paramref name="value"/>, in items sorted by that key.</summary>
        private static int FirstAtOrAfter<T>(IReadOnlyList<T> items, System.Func<T, int> key, int value)
        {
            int low = 0, high = items.Count;
            while (low < high)
            {
                var middle = (low + high) / 2;
                if (key(items[middle]) < value)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }

            return low;
        }

        private bool IsDeadAt(AccessPath path, int destination) =>
            path.Root.RootSymbol is ILocalSymbol local && IsDeadLocalAt(local, destination);

        private bool IsDeadLocalAt(ILocalSymbol local, int destination) =>
            !_lastUse.TryGetValue(local, out var last) || last < destination;

        /// <summary>Some local of the region is read at or after <paramref name="destination"/>.</summary>
        private bool HasLiveLocal(ControlFlowRegion region, int destination)
        {
            // The method's own region holds every local of a long method: its last use is found once, not on every edge.
            if (!_regionLastUse.TryGetValue(region, out var last))
            {
                last = -1;
                foreach (var local in region.Locals)
                {
                    if (_lastUse.TryGetValue(local, out var use) && use > last)
                    {
                        last = use;
                    }
                }

                _regionLastUse[region] = last;
            }

            return last >= destination;
        }

        private static (int LastUse, ILocalSymbol Local)[] SortedByLastUse(Dictionary<ISymbol, int> lastUse)
        {
            var locals = new List<(int LastUse, ILocalSymbol Local)>(lastUse.Count);
            foreach (var pair in lastUse)
            {
                if (pair.Key is ILocalSymbol local)
                {
                    locals.Add((pair.Value, local));
                }
            }

            locals.Sort(static (a, b) => a.LastUse.CompareTo(b.LastUse));
            return locals.ToArray();
        }

        /// <summary>
        /// The last block that reads or writes each local; a local used inside a loop lives to the loop's last block,
        /// since the back edge can bring control to its use again.
        /// </summary>
        private static Dictionary<ISymbol, int> LastUses(ControlFlowGraph cfg, out List<(int Head, int Tail)> backEdges)
        {
            var last = new Dictionary<ISymbol, int>(SymbolEqualityComparer.Default);
            var usedIn = new List<(int Block, ILocalSymbol Local)>();
            var stack = new Stack<IOperation>();
            backEdges = new List<(int Head, int Tail)>();
            foreach (var block in cfg.Blocks)
            {
                foreach (var operation in block.Operations)
                {
                    stack.Push(operation);
                }

                if (block.BranchValue is not null)
                {
                    stack.Push(block.BranchValue);
                }

                while (stack.Count > 0)
                {
                    var current = stack.Pop();
                    if (current is ILocalReferenceOperation reference)
                    {
                        last[reference.Local] = block.Ordinal;
                        usedIn.Add((block.Ordinal, reference.Local));
                    }

                    if (current is IFlowAnonymousFunctionOperation)
                    {
                        continue;
                    }

                    foreach (var child in current.ChildOperations)
                    {
                        stack.Push(child);
                    }
                }

                if (block.FallThroughSuccessor?.Destination is { } next && next.Ordinal <= block.Ordinal)
                {
                    backEdges.Add((next.Ordinal, block.Ordinal));
                }

                if (block.ConditionalSuccessor?.Destination is { } jump && jump.Ordinal <= block.Ordinal)
                {
                    backEdges.Add((jump.Ordinal, block.Ordinal));
                }
            }

            // Extend through loops until nothing changes (loops nest): a local used in a loop's blocks lives to its end.
            var changed = true;
            while (changed)
            {
                changed = false;
                foreach (var (head, tail) in backEdges)
                {
                    // The uses are in block order: those of the loop's blocks are one run of them.
                    for (var i = FirstAtOrAfter(usedIn, static use => use.Block, head); i < usedIn.Count && usedIn[i].Block <= tail; i++)
                    {
                        var local = usedIn[i].Local;
                        if (last[local] < tail)
                        {
                            last[local] = tail;
                            changed = true;
                        }
                    }
                }
            }

            return last;
        }

        private void CollectHandlers(ControlFlowRegion region)
        {
            if (region.Kind is ControlFlowRegionKind.TryAndCatch or ControlFlowRegionKind.TryAndFinally && region.NestedRegions.Length > 1)
            {
                var tryStart = region.NestedRegions[0].FirstBlockOrdinal;
                for (var i = 1; i < region.NestedRegions.Length; i++)
                {
                    if (!_handlersByTryStart.TryGetValue(tryStart, out var list))
                    {
                        _handlersByTryStart[tryStart] = list = new List<int>();
                    }

                    list.Add(region.NestedRegions[i].FirstBlockOrdinal);
                }
            }

            foreach (var nested in region.NestedRegions)
            {
                CollectHandlers(nested);
            }
        }

        /// <summary>
        /// The blocks to visit, taken first in layout order: a flag per block and the lowest that may be set (a back
        /// edge lowers it; taking moves it up past the blocks not waiting).
        /// </summary>
        private sealed class Worklist
        {
            private readonly bool[] _waiting;
            private int _lowest;

            public Worklist(int blocks)
            {
                _waiting = new bool[blocks];
                _lowest = blocks;
            }

            public int Count { get; private set; }

            public void Add(int ordinal)
            {
                if (_waiting[ordinal])
                {
                    return;
                }

                _waiting[ordinal] = true;
                Count++;
                if (ordinal < _lowest)
                {
                    _lowest = ordinal;
                }
            }

            public int TakeFirst()
            {
                while (!_waiting[_lowest])
                {
                    _lowest++;
                }

                _waiting[_lowest] = false;
                Count--;
                return _lowest;
            }
        }

        /// <summary>Symbols by symbol equality, capture paths by their own.</summary>
        private sealed class MemberComparer : IEqualityComparer<object>
        {
            public static readonly MemberComparer Instance = new();

            public new bool Equals(object? x, object? y) => x is ISymbol a && y is ISymbol b ? SymbolEqualityComparer.Default.Equals(a, b) : object.Equals(x, y);

            public int GetHashCode(object obj) => obj is ISymbol symbol ? SymbolEqualityComparer.Default.GetHashCode(symbol) : obj.GetHashCode();
        }

        private static IEnumerable<IFlowAnonymousFunctionOperation> AnonymousFunctions(ControlFlowGraph graph)
        {
            var stack = new Stack<IOperation>();
            foreach (var block in graph.Blocks)
            {
                foreach (var operation in block.Operations)
                {
                    stack.Push(operation);
                }

                if (block.BranchValue is not null)
                {
                    stack.Push(block.BranchValue);
                }
            }

            while (stack.Count > 0)
            {
                var current = stack.Pop();
                if (current is IFlowAnonymousFunctionOperation lambda)
                {
                    yield return lambda;
                    continue;
                }

                foreach (var child in current.ChildOperations)
                {
                    stack.Push(child);
                }
            }
        }
    }
}
