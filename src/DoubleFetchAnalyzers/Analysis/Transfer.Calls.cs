using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace DoubleFetchAnalyzers.Analysis
{
    /// <summary>Calls: accessors, revalidating methods, throw helpers, assertions, Math, sanitizers and ordinary calls.</summary>
    internal sealed partial class Transfer
    {
        private ValueFacts VisitInvocation(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            var receiver = ValueFacts.Trusted;
            if (invocation.Instance is { } instance)
            {
                // A struct receiver is passed by reference: evaluating it is not a read of its memory.
                if (instance.Type is { IsValueType: true })
                {
                    var place = VisitPlace(instance);
                    receiver = place.Kind == PlaceKind.Variable ? Read(place) : place.ContainerFacts ?? ValueFacts.Trusted;
                }
                else
                {
                    receiver = Visit(instance);
                }
            }

            if (_sources.IsRevalidating(method))
            {
                return VisitRevalidating(invocation);
            }

            if (IsVolatileRead(method) && invocation.Arguments.Length == 1)
            {
                var place = VisitPlace(invocation.Arguments[0].Value);
                return place.Kind == PlaceKind.Shared ? Fetch(place.Path, invocation) : Read(place);
            }

            var arguments = invocation.Arguments;
            var facts = new ValueFacts[arguments.Length];
            var places = new Place[arguments.Length];
            for (var i = 0; i < arguments.Length; i++)
            {
                var argument = arguments[i];
                switch (argument.Parameter?.RefKind)
                {
                    case RefKind.Ref or RefKind.Out:
                        places[i] = VisitPlace(argument.Value);
                        facts[i] = ValueFacts.Trusted;
                        break;
                    case RefKind.In or RefKind.RefReadOnlyParameter:
                        // Passed by reference: the callee reads it, not this call site.
                        places[i] = VisitPlace(argument.Value);
                        facts[i] = places[i].Kind == PlaceKind.Variable ? Read(places[i]) : ValueFacts.Trusted;
                        break;
                    default:
                        facts[i] = Visit(argument.Value);
                        break;
                }
            }

            var result = ValueFacts.Trusted;
            var outValue = ValueFacts.Trusted;
            if (IsAccessorRead(invocation, out var location))
            {
                result = Fetch(location, invocation);
                outValue = result.TaintOnly();
            }
            else if (SpanReadSource(invocation) is { } source)
            {
                result = Fetch(Model.PathOfValue(source)?.Call("read", ValueKey.Empty), invocation);
                outValue = result.TaintOnly();
            }
            else if (_sources.IsUntrustedSymbol(method))
            {
                result = ValueFacts.Untrusted(invocation);
                outValue = result;
            }
            else if (KnownSymbols.Is(method.ContainingType, _known.Math))
            {
                result = MathCall(invocation, facts);
            }

            CheckArgumentSinks(invocation.Arguments, facts, Sinks(invocation), MethodDisplay(method));
            ForgetKeysOnFieldsTheCalleeMayChange(invocation);

            // Out and ref arguments are written by the callee; a shared location passed by ref is written too.
            for (var i = 0; i < arguments.Length; i++)
            {
                if (arguments[i].Parameter is { RefKind: RefKind.Ref or RefKind.Out } parameter)
                {
                    var written = outValue.IsUntrusted || _sources.IsUntrustedSymbol(parameter) ? ValueFacts.Untrusted(invocation) : ValueFacts.Trusted;
                    Assign(places[i], written);
                }
            }

            if (IsAssertion(method) && arguments.Length > 0)
            {
                // The graph splits && and || into branches and captures the result: the condition is in the original tree.
                var condition = arguments[0].Value;
                var original = condition is IFlowCaptureReferenceOperation ? OriginalCondition(invocation) : condition;
                if (original is not null)
                {
                    Refine(original, outcome: true, asserted: true);
                }
            }
            else if (KnownSymbols.Is(method.ContainingType, _known.ArgumentOutOfRangeException) && method.Name.StartsWith("ThrowIf", System.StringComparison.Ordinal))
            {
                ThrowHelper(invocation);
            }
            else if (_sources.IsSanitizer(method) && method.ReturnType.SpecialType != SpecialType.System_Boolean)
            {
                Sanitize(invocation);
                result = ValueFacts.Trusted.AsSanitized();
            }

            return result;
        }

        /// <summary>Interlocked.CompareExchange(ref p-&gt;Head, ...): a validation, not a second fetch; the location is read afresh.</summary>
        private ValueFacts VisitRevalidating(IInvocationOperation invocation)
        {
            var sawShared = false;
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.RefKind is RefKind.Ref or RefKind.In or RefKind.Out)
                {
                    var place = VisitPlace(argument.Value);
                    if (place.Kind == PlaceKind.Shared)
                    {
                        sawShared = true;
                        RecordWrite(place);
                    }
                    else
                    {
                        Assign(place, ValueFacts.Trusted);
                    }
                }
                else
                {
                    Visit(argument.Value);
                }
            }

            return sawShared ? ValueFacts.Untrusted(invocation) : ValueFacts.Trusted;
        }

        /// <summary>A read through an accessor: the receiver's memory at the argument positions.</summary>
        private bool IsAccessorRead(IInvocationOperation invocation, out AccessPath? location)
        {
            location = null;
            var method = invocation.TargetMethod;
            if (!IsAccessor(method))
            {
                return false;
            }

            // An extension method's receiver is its first argument.
            var extension = invocation.Instance is null && method.IsExtensionMethod && invocation.Arguments.Length > 0;
            var receiver = extension ? invocation.Arguments[0].Value : invocation.Instance;
            if (receiver is null || (!_sources.IsBuiltInAccessor(method) && !IsSharedReceiver(receiver)))
            {
                return false;
            }

            var arguments = ValueKey.FromArguments(extension ? invocation.Arguments.RemoveAt(0) : invocation.Arguments, Model.IsSharedPlace);
            var receiverPath = Model.PathOfValue(receiver);
            location = arguments is null ? null : receiverPath?.Call("read", arguments);
            return true;
        }

        private bool IsAccessor(IMethodSymbol method) => _sources.IsAccessor(method);

        /// <summary>
        /// The receiver of a configured accessor is shared when its type or its symbol is declared shared, when it
        /// is <c>this</c> inside a shared type, or a local that holds such a value.
        /// </summary>
        private bool IsSharedReceiver(IOperation receiver)
        {
            receiver = StripConversions(receiver);
            if (_sources.IsSharedType(receiver.Type) || Model.IsSharedPointer(receiver) || Model.IsSharedPlace(receiver))
            {
                return true;
            }

            return receiver is IInstanceReferenceOperation && _sources.IsSharedType(receiver.Type);
        }

        /// <summary>BinaryPrimitives.ReadInt32LittleEndian(shared), MemoryMarshal.Read&lt;T&gt;(shared), Unsafe.ReadUnaligned(p): the memory read.</summary>
        private IOperation? SpanReadSource(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            if (invocation.Arguments.Length == 0)
            {
                return null;
            }

            var first = invocation.Arguments[0].Value;
            var reads = (KnownSymbols.Is(method.ContainingType, _known.BinaryPrimitives) && method.Name.StartsWith("Read", System.StringComparison.Ordinal)) ||
                        (KnownSymbols.Is(method.ContainingType, _known.MemoryMarshal) && method.Name is "Read" or "TryRead") ||
                        (KnownSymbols.Is(method.ContainingType, _known.Unsafe) && method.Name is "Read" or "ReadUnaligned");
            return reads && Model.IsSharedPointer(first) ? first : null;
        }

        private bool IsVolatileRead(IMethodSymbol method) =>
            (KnownSymbols.Is(method.ContainingType, _known.Volatile) && method.Name == "Read") ||
            (KnownSymbols.Is(method.ContainingType, _known.Interlocked) && method.Name == "Read");

        private bool IsAssertion(IMethodSymbol method) =>
            method.Name == "Assert" && (KnownSymbols.Is(method.ContainingType, _known.Debug) || KnownSymbols.Is(method.ContainingType, _known.Trace));

        /// <summary>ArgumentOutOfRangeException.ThrowIfNegative(i) and friends: after a normal return, the relation holds.</summary>
        private void ThrowHelper(IInvocationOperation invocation)
        {
            var arguments = invocation.Arguments;
            if (arguments.Length == 0)
            {
                return;
            }

            var value = arguments[0].Value;
            var x = Term(value);
            if (x.Kind != TermKind.Variable || CurrentFacts(StripConversions(value)) is not { } facts)
            {
                return;
            }

            var zero = new ComparisonTerm(TermKind.Constant, null, 0, false, true, null, null);
            var other = arguments.Length > 1 && arguments[1].Parameter?.Type.SpecialType != SpecialType.System_String ? Term(arguments[1].Value) : zero;
            (BinaryOperatorKind relation, ComparisonTerm bound) = invocation.TargetMethod.Name switch
            {
                "ThrowIfNegative" => (BinaryOperatorKind.GreaterThanOrEqual, zero),
                "ThrowIfNegativeOrZero" => (BinaryOperatorKind.GreaterThan, zero),
                "ThrowIfGreaterThan" => (BinaryOperatorKind.LessThanOrEqual, other),
                "ThrowIfGreaterThanOrEqual" => (BinaryOperatorKind.LessThan, other),
                "ThrowIfLessThan" => (BinaryOperatorKind.GreaterThanOrEqual, other),
                "ThrowIfLessThanOrEqual" => (BinaryOperatorKind.GreaterThan, other),
                "ThrowIfEqual" => (BinaryOperatorKind.NotEquals, other),
                "ThrowIfNotEqual" => (BinaryOperatorKind.Equals, other),
                _ => (BinaryOperatorKind.None, zero),
            };

            if (relation != BinaryOperatorKind.None)
            {
                Store(x, Relate(facts, x, relation, bound, false, BoundOrigin.ThrowHelper, invocation, false));
            }
        }

        /// <summary>Math.Clamp, Math.Min and Math.Max: the range of the result.</summary>
        private ValueFacts MathCall(IInvocationOperation invocation, ValueFacts[] arguments)
        {
            var method = invocation.TargetMethod;
            if (arguments.Length == 0 || !IsIntegral(method.ReturnType))
            {
                return ValueFacts.Trusted;
            }

            var origin = arguments[0].UntrustedOrigin;
            for (var i = 1; i < arguments.Length && origin is null; i++)
            {
                origin = arguments[i].UntrustedOrigin;
            }

            var result = origin is null ? ValueFacts.Trusted : ValueFacts.Untrusted(origin);
            var args = invocation.Arguments;
            switch (method.Name)
            {
                case "Clamp" when args.Length == 3:
                    result = result.WithUntrusted(arguments[0].UntrustedOrigin ?? origin);
                    result = Relate(result, Self, BinaryOperatorKind.GreaterThanOrEqual, Term(args[1].Value), false, BoundOrigin.Clamp, invocation, false);
                    return Relate(result, Self, BinaryOperatorKind.LessThanOrEqual, Term(args[2].Value), false, BoundOrigin.Clamp, invocation, false);
                case "Min" when args.Length == 2:
                    // Bounded from above by each argument; from below only by what both are.
                    var min = ValueFacts.Join(arguments[0], arguments[1]).WithUntrusted(origin);
                    foreach (var argument in args)
                    {
                        var term = Term(argument.Value);
                        if (term.Kind != TermKind.None)
                        {
                            min = Relate(min, Self, BinaryOperatorKind.LessThanOrEqual, term, false, BoundOrigin.MathMin, invocation, false);
                        }
                    }

                    return min;
                case "Max" when args.Length == 2:
                    // Bounded from below by each argument; from above by what bounds both. Math.Max(0, x) with a
                    // constant at or below x's bound keeps x's upper bounds (the clamp idiom).
                    var max = result;
                    for (var i = 0; i < 2; i++)
                    {
                        if (Term(args[i].Value) is { Kind: TermKind.Constant } constant)
                        {
                            max = Relate(max, Self, BinaryOperatorKind.GreaterThanOrEqual, constant, false, BoundOrigin.MathMax, invocation, false);
                            foreach (var upper in arguments[1 - i].Uppers)
                            {
                                if (upper.Kind != UpperBoundKind.Constant || upper.Offset > constant.Offset)
                                {
                                    max = max.AddUpper(upper);
                                }
                            }
                        }
                    }

                    return max;
                default:
                    return result;
            }
        }

        /// <summary>
        /// A method of the same object (or a static one) may assign the object's fields: a location keyed by such a
        /// field (<c>ring[_head]</c>) may be another one after the call. Precision first: forget the fetch rather
        /// than report a double fetch that is not one.
        /// </summary>
        private void ForgetKeysOnFieldsTheCalleeMayChange(IInvocationOperation invocation)
        {
            var type = invocation.TargetMethod.ContainingType;
            if (_state.FetchedCount == 0 || type is null || !(invocation.TargetMethod.IsStatic || invocation.Instance is IInstanceReferenceOperation))
            {
                return;
            }

            _state.RemoveFetches(key =>
            {
                foreach (var dependency in key.Dependencies)
                {
                    if (dependency is IFieldSymbol { IsReadOnly: false, IsConst: false } field && SymbolEqualityComparer.Default.Equals(field.ContainingType, type))
                    {
                        return true;
                    }
                }

                return false;
            });
        }

        private List<SinkArgument> Sinks(IInvocationOperation invocation)
        {
            _sinkArguments.Clear();
            SinkCatalog.Collect(invocation, _known, _sinkArguments);
            return _sinkArguments;
        }

        /// <summary>Lengths, counts and offsets passed to the APIs of <see cref="SinkCatalog"/>.</summary>
        private void CheckArgumentSinks(ImmutableArray<IArgumentOperation> arguments, ValueFacts[] facts, List<SinkArgument> sinks, string display)
        {
            if (sinks.Count == 0)
            {
                return;
            }

            foreach (var sink in sinks)
            {
                var index = arguments.IndexOf(sink.Argument);
                if (index < 0)
                {
                    continue;
                }

                var target = sink.Target is { } collection
                    ? new SinkTarget(collection, Model.PathOfValue(collection), KnownLengthOf(collection), Display(StripConversions(collection)), sink.Inclusive)
                    : new SinkTarget(null, null, null, display, sink.Inclusive, isAllocationSize: sink.Kind == SinkKind.Length);
                CheckSink(sink.Kind, sink.Argument.Value, facts[index], target);
            }
        }

        private static string MethodDisplay(IMethodSymbol method) =>
            method.MethodKind == MethodKind.Constructor ? "new " + method.ContainingType.Name : method.ContainingType.Name + "." + method.Name;

        private static readonly ComparisonTerm Self = new(TermKind.Variable, null, 0, false, false, null, null);

        /// <summary>A configured sanitizer returned normally: its variable arguments are in range until reassigned.</summary>
        private void Sanitize(IInvocationOperation invocation)
        {
            foreach (var argument in invocation.Arguments)
            {
                var term = Term(argument.Value);
                if (term.Kind == TermKind.Variable && CurrentFacts(StripConversions(argument.Value)) is { IsUntrusted: true } facts)
                {
                    Store(term, facts.AddLower(new LowerBound(0, BoundOrigin.Sanitizer, invocation, false)).AsSanitized());
                }
            }
        }
    }
}
