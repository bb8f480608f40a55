using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace DoubleFetchAnalyzers.Analysis
{
    /// <summary>
    /// The transfer functions: evaluates the operations of one basic block in execution order against a
    /// <see cref="FlowState.Builder"/>, recording fetches, assignments, refinements and, in the reporting pass,
    /// findings. One instance per body; <see cref="BodyAnalyzer"/> drives it over the control-flow graph.
    /// </summary>
    internal sealed partial class Transfer
    {
        private const int MaxDepth = 200;

        private readonly SourceModel _sources;
        private readonly KnownSymbols _known;
        private readonly KnownLengths _lengths;
        private readonly ControlFlowGraph _cfg;
        private readonly SharedMemoryModel _model;
        private readonly CancellationToken _cancellationToken;
        private readonly List<SinkArgument> _sinkArguments = new();
        private Dictionary<SyntaxNode, IInvocationOperation>? _originalInvocations;
        private FlowState.Builder _state = FlowState.Initial(new LocationIds()).ToBuilder();
        private BodyFindings? _findings;
        private int _block;
        private int _depth;

        public Transfer(EngineContext context, SourceModel sources, ControlFlowGraph cfg, SharedMemoryModel model, CancellationToken cancellationToken)
        {
            _sources = sources;
            _known = context.Known;
            _lengths = context.Lengths;
            _cfg = cfg;
            _model = model;
            _cancellationToken = cancellationToken;
        }

        /// <summary>Starts a block: the state to update, and where findings go (null while iterating to the fixpoint).</summary>
        public void Begin(FlowState.Builder state, int blockOrdinal, BodyFindings? findings)
        {
            _state = state;
            _block = blockOrdinal;
            _findings = findings;
            _depth = 0;
        }

        public FlowState.Builder State => _state;

        /// <summary>Evaluates a statement-level operation for its effects.</summary>
        public void Execute(IOperation operation) => Visit(operation);

        /// <summary>Evaluates an operation as a value, in execution order, and returns what is known about that value.</summary>
        public ValueFacts Visit(IOperation? operation)
        {
            if (operation is null)
            {
                return ValueFacts.Trusted;
            }

            if (operation.ConstantValue.HasValue)
            {
                return ConstantFacts(operation.ConstantValue.Value);
            }

            if (_depth >= MaxDepth)
            {
                // Deeply nested expressions: give up on this subtree rather than risk the stack.
                return ValueFacts.Trusted;
            }

            _depth++;
            try
            {
                return WithTypeRange(VisitCore(operation), operation.Type);
            }
            finally
            {
                _depth--;
            }
        }

        private ValueFacts VisitCore(IOperation operation)
        {
            switch (operation)
            {
                case ILocalReferenceOperation:
                case IParameterReferenceOperation:
                case IFieldReferenceOperation:
                case IPropertyReferenceOperation:
                case IArrayElementReferenceOperation:
                case IFlowCaptureReferenceOperation:
                case IInstanceReferenceOperation:
                case IInlineArrayAccessOperation:
                case IImplicitIndexerReferenceOperation:
                    return Read(VisitPlace(operation));
                case IFlowCaptureOperation capture:
                    VisitFlowCapture(capture);
                    return ValueFacts.Trusted;
                case ISimpleAssignmentOperation assignment:
                    return VisitAssignment(assignment);
                case ICompoundAssignmentOperation compound:
                    return VisitCompoundAssignment(compound);
                case IIncrementOrDecrementOperation increment:
                    return VisitIncrement(increment);
                case IDeconstructionAssignmentOperation deconstruction:
                    VisitDeconstruction(deconstruction);
                    return ValueFacts.Trusted;
                case IConversionOperation conversion:
                    return Convert(Visit(conversion.Operand), conversion);
                case IBinaryOperation binary:
                    return VisitBinary(binary);
                case IUnaryOperation unary:
                    return VisitUnary(unary);
                case IInvocationOperation invocation:
                    return VisitInvocation(invocation);
                case IArrayCreationOperation arrayCreation:
                    return VisitArrayCreation(arrayCreation);
                case IObjectCreationOperation objectCreation:
                    return VisitObjectCreation(objectCreation);
                case IAddressOfOperation addressOf:
                    VisitPlace(addressOf.Reference);
                    return ValueFacts.Trusted;
                case IFlowAnonymousFunctionOperation:
                case IAnonymousFunctionOperation:
                case ILocalFunctionOperation:
                    // Analysed on their own graphs.
                    return ValueFacts.Trusted;
                case IIsPatternOperation isPattern:
                    Visit(isPattern.Value);
                    return ValueFacts.Trusted;
                default:
                    if (operation.Kind == OperationKind.None && PointerAccess.TryMatch(operation, out _, out _))
                    {
                        return Read(VisitPlace(operation));
                    }

                    if (operation.Kind == OperationKind.None && IsStackAlloc(operation))
                    {
                        return VisitStackAlloc(operation);
                    }

                    foreach (var child in operation.ChildOperations)
                    {
                        Visit(child);
                    }

                    return ValueFacts.Trusted;
            }
        }

        private static bool IsStackAlloc(IOperation operation) =>
            operation.Syntax.RawKind is (int)Microsoft.CodeAnalysis.CSharp.SyntaxKind.StackAllocArrayCreationExpression or
                (int)Microsoft.CodeAnalysis.CSharp.SyntaxKind.ImplicitStackAllocArrayCreationExpression;

        /// <summary><c>stackalloc T[n]</c>: n sizes unchecked stack memory; a constant size is the buffer's known length.</summary>
        private ValueFacts VisitStackAlloc(IOperation operation)
        {
            IOperation? size = null;
            foreach (var child in operation.ChildOperations)
            {
                size ??= child;
                var facts = Visit(child);
                if (ReferenceEquals(size, child))
                {
                    CheckSink(SinkKind.UncheckedMemory, child, facts, new SinkTarget(null, null, null, "stackalloc", inclusive: true));
                }
            }

            return size is not null && ConstantOf(size) is { } length ? ValueFacts.Length(length) : ValueFacts.Trusted;
        }

        private void VisitFlowCapture(IFlowCaptureOperation capture)
        {
            var value = Visit(capture.Value);
            var path = Model.PathOf(capture.Id);
            _state.InvalidateFacts(path);
            _state.SetFacts(path, value);
            var target = VariablePath(capture.Value);
            _state.SetAlias(path, target);
        }

        private ValueFacts VisitAssignment(ISimpleAssignmentOperation assignment)
        {
            if (assignment.IsRef)
            {
                var target = VisitPlace(assignment.Target);
                var source = VisitPlace(assignment.Value);
                if (target.Path is { } aliasPath)
                {
                    Kill(target);
                    _state.SetAlias(aliasPath, source.Kind == PlaceKind.Shared ? source.Path : null);
                }

                return ValueFacts.Trusted;
            }

            var place = VisitPlace(assignment.Target);
            var value = Visit(assignment.Value);
            Assign(place, value);
            return value;
        }

        private ValueFacts VisitCompoundAssignment(ICompoundAssignmentOperation compound)
        {
            var place = VisitPlace(compound.Target);
            var old = Read(place);
            var operand = Visit(compound.Value);
            if (compound.Target.Type is IPointerTypeSymbol)
            {
                CheckSink(SinkKind.UncheckedMemory, compound.Value, operand, PointerTarget(compound.Target, old));
            }

            var result = Arithmetic(compound.OperatorKind, old, operand, compound.Target, compound.Value, compound.Type);
            Assign(place, result);
            return result;
        }

        private ValueFacts VisitIncrement(IIncrementOrDecrementOperation increment)
        {
            var place = VisitPlace(increment.Target);
            var old = Read(place);
            var delta = increment.Kind == OperationKind.Increment ? 1 : -1;
            var result = Shift(old, delta);
            Assign(place, result);
            return increment.IsPostfix ? old : result;
        }

        private void VisitDeconstruction(IDeconstructionAssignmentOperation deconstruction)
        {
            var targets = Elements(deconstruction.Target);
            var values = Elements(deconstruction.Value);
            if (targets is not null && values is not null && targets.Count == values.Count)
            {
                var places = new Place[targets.Count];
                for (var i = 0; i < targets.Count; i++)
                {
                    places[i] = VisitPlace(targets[i]);
                }

                var facts = new ValueFacts[values.Count];
                for (var i = 0; i < values.Count; i++)
                {
                    facts[i] = Visit(values[i]);
                }

                for (var i = 0; i < places.Length; i++)
                {
                    Assign(places[i], facts[i]);
                }

                return;
            }

            // Deconstructing a struct or a call: every target gets the taint of the whole.
            var whole = Visit(deconstruction.Value).TaintOnly();
            if (targets is not null)
            {
                foreach (var target in targets)
                {
                    Assign(VisitPlace(target), whole);
                }
            }
        }

        private static List<IOperation>? Elements(IOperation operation)
        {
            while (true)
            {
                switch (operation)
                {
                    case IConversionOperation conversion:
                        operation = conversion.Operand;
                        continue;
                    case IDeclarationExpressionOperation declaration:
                        operation = declaration.Expression;
                        continue;
                    case ITupleOperation tuple:
                        var list = new List<IOperation>(tuple.Elements.Length);
                        foreach (var element in tuple.Elements)
                        {
                            if (element is ITupleOperation or IDeclarationExpressionOperation)
                            {
                                return null;
                            }

                            list.Add(element);
                        }

                        return list;
                    default:
                        return null;
                }
            }
        }

        /// <summary>Stores a value: the target's old facts, and every fetched key and bound that depends on it, are forgotten.</summary>
        private void Assign(in Place place, ValueFacts value)
        {
            switch (place.Kind)
            {
                case PlaceKind.Variable when place.Path is { } path:
                    Kill(place);
                    _state.SetFacts(path, value.WithSpecialValueCheck(value.IsUntrusted ? value.SpecialValueCheck : null));
                    if (place.AliasOf is { } variable)
                    {
                        _state.InvalidateFacts(variable);
                    }

                    RecordUntrustedStore(place, value);
                    break;
                case PlaceKind.Shared:
                    RecordWrite(place);
                    break;
                case PlaceKind.Other when _state.FetchedCount > 0 && Model.PlacePath(place.Operation) is { } written:
                    // Memory that holds a pointer (*pp = q): locations reached through the old pointer are other ones now.
                    _state.RemoveFetches(key => key.StartsWith(written));
                    break;
            }
        }

        /// <summary>Forgets everything that depends on the value of a variable about to be overwritten.</summary>
        private void Kill(in Place place)
        {
            if (place.Path is not { } path)
            {
                return;
            }

            _state.InvalidateFacts(path);
            var symbol = path.Parent is null ? path.RootSymbol : path.Symbol;
            if (symbol is not null && _state.AliasCount > 0)
            {
                // A ref local bound to *p still refers to the old struct when p moves on: what was read through it
                // stays read, under the ref local's own name.
                List<(AccessPath Alias, AccessPath Target)>? rebound = null;
                foreach (var alias in _state.Aliases)
                {
                    if (alias.Key.RootSymbol is ILocalSymbol { RefKind: not RefKind.None } && !alias.Key.Equals(path) && alias.Value.DependsOn(symbol))
                    {
                        (rebound ??= new()).Add((alias.Key, alias.Value));
                    }
                }

                if (rebound is not null)
                {
                    foreach (var (alias, target) in rebound)
                    {
                        _state.RekeyFetches(target, alias);
                    }
                }
            }

            if (symbol is not null)
            {
                _state.RemoveFetchesDependingOn(symbol);
            }

            if (_state.AliasCount > 0)
            {
                RemoveAliasesOf(path, symbol);
            }
        }

        /// <summary>Forgets the aliases of <paramref name="path"/> and those bound through it (a method of its own: its closure is made only when there are aliases).</summary>
        private void RemoveAliasesOf(AccessPath path, ISymbol? symbol) =>
            _state.RemoveAliases((alias, target) => alias.Equals(path) || target.StartsWith(path) || (symbol is not null && target.DependsOn(symbol)));

        private void RecordWrite(in Place place)
        {
            if (place.Path is not { } path)
            {
                return;
            }

            _state.RemoveFetches(key => key.StartsWith(path) || path.StartsWith(key));
            _findings?.Writes.Add((place.Operation, path));
        }

        private static ValueFacts ConstantFacts(object? value) => value switch
        {
            int i => ValueFacts.Constant(i),
            long l => ValueFacts.Constant(l),
            uint u => ValueFacts.Constant(u),
            short s => ValueFacts.Constant(s),
            ushort us => ValueFacts.Constant(us),
            byte b => ValueFacts.Constant(b),
            sbyte sb => ValueFacts.Constant(sb),
            char c => ValueFacts.Constant(c),
            ulong ul when ul <= long.MaxValue => ValueFacts.Constant((long)ul),
            _ => ValueFacts.Trusted,
        };

        /// <summary>
        /// The condition of a debug assertion as written, from the original (non-graph) operation tree: the graph splits
        /// its &amp;&amp; and || into branches and passes the assertion a captured bool.
        /// </summary>
        private IOperation? OriginalCondition(IInvocationOperation assertion)
        {
            if (_originalInvocations is null)
            {
                _originalInvocations = new Dictionary<SyntaxNode, IInvocationOperation>();
                var stack = new Stack<IOperation>();
                stack.Push(_cfg.OriginalOperation);
                while (stack.Count > 0)
                {
                    var current = stack.Pop();
                    if (current is IInvocationOperation invocation && !_originalInvocations.ContainsKey(invocation.Syntax))
                    {
                        _originalInvocations[invocation.Syntax] = invocation;
                    }

                    foreach (var child in current.ChildOperations)
                    {
                        stack.Push(child);
                    }
                }
            }

            if (!_originalInvocations.TryGetValue(assertion.Syntax, out var original))
            {
                return null;
            }

            foreach (var argument in original.Arguments)
            {
                if (argument.Parameter?.Ordinal == 0)
                {
                    return argument.Value;
                }
            }

            return null;
        }
    }
}
