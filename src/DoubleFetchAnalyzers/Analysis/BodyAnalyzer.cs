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
        private readonly CancellationToken _cancellationToken;
        private readonly FlowState?[] _inStates;
        private readonly int[] _visits;
        private readonly Dictionary<int, List<int>> _handlersByTryStart = new();

        private BodyAnalyzer(ControlFlowGraph cfg, EngineContext context, SourceModel sources, CancellationToken cancellationToken)
        {
            _cfg = cfg;
            _cancellationToken = cancellationToken;
            var model = new SharedMemoryModel(sources);
            model.Shared = SharedValues.Compute(cfg, model);
            _transfer = new Transfer(context, sources, cfg, model, cancellationToken);
            _inStates = new FlowState?[cfg.Blocks.Length];
            _visits = new int[cfg.Blocks.Length];
            CollectHandlers(cfg.Root);
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
            _inStates[0] = FlowState.Empty;
            var worklist = new SortedSet<int> { 0 };
            var budget = (blocks.Length * 16) + 64;
            while (worklist.Count > 0 && budget-- > 0)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                var ordinal = worklist.Min;
                worklist.Remove(ordinal);
                _visits[ordinal]++;
                Process(blocks[ordinal], _inStates[ordinal]!, null, worklist);
            }

            // The reporting pass, over the final states, in block order.
            for (var i = 0; i < blocks.Length; i++)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                if (_inStates[i] is { } state)
                {
                    Process(blocks[i], state, findings, null);
                }
            }
        }

        private void Process(BasicBlock block, FlowState inState, BodyFindings? findings, SortedSet<int>? worklist)
        {
            var builder = inState.ToBuilder();
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
                Propagate(block, block.ConditionalSuccessor, Refined(outState, branch, whenConditional, block.Ordinal), worklist);
                Propagate(block, block.FallThroughSuccessor, Refined(outState, branch, !whenConditional, block.Ordinal), worklist);
            }
            else
            {
                Propagate(block, block.FallThroughSuccessor, outState, worklist);
            }
        }

        private FlowState Refined(FlowState state, IOperation condition, bool outcome, int ordinal)
        {
            var builder = state.ToBuilder();
            _transfer.Begin(builder, ordinal, null);
            _transfer.Refine(condition, outcome);
            return builder.ToImmutable();
        }

        private void Propagate(BasicBlock from, ControlFlowBranch? branch, FlowState state, SortedSet<int> worklist)
        {
            if (branch?.Destination is not { } destination)
            {
                // Throw, rethrow, the end of a finally: nothing flows on.
                return;
            }

            state = LeaveRegions(state, branch);
            if (destination.Ordinal <= from.Ordinal)
            {
                // Around a loop: a fetch site inside the loop is a new fetch on the next iteration.
                var builder = state.ToBuilder();
                var first = destination.Ordinal;
                var last = from.Ordinal;
                RemoveLoopFetches(builder, first, last);
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

        private static void RemoveLoopFetches(FlowState.Builder builder, int first, int last)
        {
            List<AccessPath>? remove = null;
            foreach (var pair in builder.Fetched)
            {
                if (pair.Value.BlockOrdinal >= first && pair.Value.BlockOrdinal <= last)
                {
                    (remove ??= new List<AccessPath>()).Add(pair.Key);
                }
            }

            if (remove is not null)
            {
                var set = new HashSet<AccessPath>(remove);
                builder.RemoveFetches(set.Contains);
            }
        }

        private void Merge(int ordinal, FlowState state, SortedSet<int> worklist)
        {
            var existing = _inStates[ordinal];
            if (existing is null)
            {
                _inStates[ordinal] = state;
                worklist.Add(ordinal);
                return;
            }

            var joined = FlowState.Join(existing, state, widen: _visits[ordinal] > WidenAfterVisits, _transfer.AbsentFacts);
            if (!joined.SameAs(existing))
            {
                _inStates[ordinal] = joined;
                worklist.Add(ordinal);
            }
        }

        /// <summary>Locals and captures of the regions a branch leaves are dead: their facts and keys go.</summary>
        private static FlowState LeaveRegions(FlowState state, ControlFlowBranch branch)
        {
            if (branch.LeavingRegions.IsEmpty)
            {
                return state;
            }

            HashSet<ISymbol>? locals = null;
            HashSet<AccessPath>? captures = null;
            foreach (var region in branch.LeavingRegions)
            {
                foreach (var local in region.Locals)
                {
                    (locals ??= new HashSet<ISymbol>(SymbolEqualityComparer.Default)).Add(local);
                }

                foreach (var capture in region.CaptureIds)
                {
                    (captures ??= new HashSet<AccessPath>()).Add(AccessPath.ForCapture(capture));
                }
            }

            if (locals is null && captures is null)
            {
                return state;
            }

            bool Dead(AccessPath path)
            {
                var root = path.Root;
                return (root.RootSymbol is not null && locals?.Contains(root.RootSymbol) == true) || captures?.Contains(root) == true;
            }

            var builder = state.ToBuilder();
            builder.RemoveFacts(Dead);
            builder.RemoveFetches(path => Dead(path) || (locals is not null && DependsOnAny(path, locals)));
            builder.RemoveAliases((alias, target) => Dead(alias) || Dead(target));
            return builder.ToImmutable();
        }

        private static bool DependsOnAny(AccessPath path, HashSet<ISymbol> symbols)
        {
            foreach (var dependency in path.Dependencies)
            {
                if (symbols.Contains(dependency))
                {
                    return true;
                }
            }

            return false;
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
