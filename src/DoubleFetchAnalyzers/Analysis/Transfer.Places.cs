using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace DoubleFetchAnalyzers.Analysis
{
    /// <summary>References: evaluating them without reading, reading them, and fetches.</summary>
    internal sealed partial class Transfer
    {
        private SharedMemoryModel Model => _model;

        /// <summary>Evaluates the parts of a reference (receivers, indices) and says what it denotes, without reading it.</summary>
        private Place VisitPlace(IOperation operation)
        {
            switch (operation)
            {
                case ILocalReferenceOperation local:
                    return LocalPlace(local);
                case IParameterReferenceOperation parameter:
                    return ParameterPlace(parameter);
                case IInstanceReferenceOperation instance:
                    return new Place(Model.IsSharedPlace(instance) ? PlaceKind.Shared : PlaceKind.Variable, AccessPath.ForThis(), instance);
                case IFieldReferenceOperation field:
                    return FieldPlace(field);
                case IPropertyReferenceOperation property:
                    return PropertyPlace(property);
                case IArrayElementReferenceOperation element:
                    return ElementPlace(element);
                case IInlineArrayAccessOperation inlineArray:
                    return InlineArrayPlace(inlineArray);
                case IImplicitIndexerReferenceOperation implicitIndexer:
                    return ImplicitIndexerPlace(implicitIndexer);
                case IFlowCaptureReferenceOperation capture:
                    var capturePath = Model.PathOf(capture.Id);
                    return new Place(PlaceKind.Variable, capturePath, capture, aliasOf: _state.GetAlias(capturePath));
                case IInvocationOperation invocation when Model.IsSharedPlace(invocation):
                    Visit(invocation);
                    return new Place(PlaceKind.Shared, Model.PathOfValue(invocation), invocation);
                default:
                    if (operation.Kind == OperationKind.None && PointerAccess.TryMatch(operation, out var pointer, out var index))
                    {
                        return PointerPlace(operation, pointer, index);
                    }

                    var facts = Visit(operation);
                    return new Place(PlaceKind.Other, null, operation, containerFacts: facts);
            }
        }

        private Place LocalPlace(ILocalReferenceOperation local)
        {
            var path = Model.PathOf(local.Local);
            if (local.Local.RefKind != RefKind.None)
            {
                if (_state.GetAlias(path) is { } target)
                {
                    return new Place(PlaceKind.Shared, target, local);
                }

                if (Model.IsSharedPlace(local))
                {
                    return new Place(PlaceKind.Shared, path, local);
                }
            }

            return new Place(PlaceKind.Variable, path, local, symbolUntrusted: _sources.IsUntrustedSymbol(local.Local));
        }

        private Place ParameterPlace(IParameterReferenceOperation parameter)
        {
            var symbol = parameter.Parameter;
            var path = Model.PathOf(symbol);
            if (Model.IsSharedByRefParameter(symbol))
            {
                return new Place(PlaceKind.Shared, path, parameter);
            }

            var untrusted = _sources.IsUntrustedSymbol(symbol) || IsSharedStructCopy(symbol);
            return new Place(PlaceKind.Variable, path, parameter, symbolUntrusted: untrusted);
        }

        private Place FieldPlace(IFieldReferenceOperation field)
        {
            var symbol = field.Field;
            var untrusted = _sources.IsUntrustedSymbol(symbol);
            if (symbol.IsStatic || field.Instance is null)
            {
                return new Place(symbol.IsConst ? PlaceKind.Other : PlaceKind.Variable, Model.PathOf(symbol), field, symbolUntrusted: untrusted);
            }

            if (field.Instance.Type is { IsValueType: true })
            {
                var instance = VisitPlace(field.Instance);
                var path = instance.Path?.Member(symbol);
                switch (instance.Kind)
                {
                    case PlaceKind.Shared when symbol.IsFixedSizeBuffer:
                        return new Place(PlaceKind.SharedBuffer, path, field);
                    case PlaceKind.Shared:
                        return new Place(PlaceKind.Shared, path, field);
                    case PlaceKind.Variable when path is not null:
                        return new Place(PlaceKind.Variable, path, field, untrusted, ParentFacts(instance));
                    default:
                        return new Place(PlaceKind.Other, null, field, untrusted, instance.ContainerFacts);
                }
            }

            var receiver = Visit(field.Instance);
            var receiverPath = Model.PathOfValue(field.Instance)?.Member(symbol);
            if (Model.IsSharedField(field))
            {
                return new Place(PlaceKind.Shared, receiverPath, field);
            }

            return new Place(receiverPath is null ? PlaceKind.Other : PlaceKind.Variable, receiverPath, field, untrusted, receiver);
        }

        private Place PropertyPlace(IPropertyReferenceOperation property)
        {
            var symbol = property.Property;
            var untrusted = _sources.IsUntrustedSymbol(symbol);
            Place instancePlace = default;
            ValueFacts? receiver = null;
            AccessPath? receiverPath = null;
            if (property.Instance is { } instance)
            {
                if (instance.Type is { IsValueType: true })
                {
                    instancePlace = VisitPlace(instance);
                    receiver = instancePlace.Kind == PlaceKind.Variable ? ParentFacts(instancePlace) : instancePlace.ContainerFacts;
                    receiverPath = instancePlace.Path ?? Model.PathOfValue(instance);
                }
                else
                {
                    receiver = Visit(instance);
                    receiverPath = Model.PathOfValue(instance);
                }
            }

            if (symbol.IsIndexer)
            {
                var arguments = property.Arguments;
                var argumentFacts = new ValueFacts[arguments.Length];
                for (var i = 0; i < arguments.Length; i++)
                {
                    argumentFacts[i] = Visit(arguments[i].Value);
                }

                if (arguments.Length == 1 && property.Instance is { } collection && IsBoundsCheckedCollection(collection.Type) && IsIndex(arguments[0].Value.Type))
                {
                    CheckIndex(arguments[0].Value, argumentFacts[0], new SinkTarget(collection, receiverPath, receiver?.KnownLength, Display(collection)));
                }

                if (Model.IsSharedProperty(property))
                {
                    return new Place(PlaceKind.Shared, Model.PlacePath(property), property);
                }

                return new Place(PlaceKind.Other, null, property, untrusted, receiver);
            }

            if (Model.IsSharedProperty(property))
            {
                return new Place(PlaceKind.Shared, receiverPath?.Member(symbol), property);
            }

            if (IsLengthProperty(property))
            {
                return new Place(PlaceKind.Other, receiverPath?.Member(symbol), property, containerFacts: LengthFacts(receiver));
            }

            var path = property.Arguments.IsEmpty ? (symbol.IsStatic ? Model.PathOf(symbol) : receiverPath?.Member(symbol)) : null;
            return new Place(path is null ? PlaceKind.Other : PlaceKind.Variable, path, property, untrusted, receiver);
        }

        private Place ElementPlace(IArrayElementReferenceOperation element)
        {
            var array = Visit(element.ArrayReference);
            var indices = element.Indices;
            var indexFacts = new ValueFacts[indices.Length];
            for (var i = 0; i < indices.Length; i++)
            {
                indexFacts[i] = Visit(indices[i]);
            }

            var arrayPath = Model.PathOfValue(element.ArrayReference);
            if (indices.Length == 1)
            {
                CheckIndex(indices[0], indexFacts[0], new SinkTarget(element.ArrayReference, arrayPath, array.KnownLength, Display(element.ArrayReference)));
            }
            else
            {
                // grid[x, y]: each index against its dimension, a.GetLength(d).
                for (var dimension = 0; dimension < indices.Length; dimension++)
                {
                    var lengthPath = arrayPath?.Call("GetLength", ValueKey.Constant(dimension));
                    CheckIndex(indices[dimension], indexFacts[dimension], new SinkTarget(element.ArrayReference, lengthPath, null, Display(element.ArrayReference)));
                }
            }

            if (Model.IsSharedPointer(element.ArrayReference))
            {
                return new Place(PlaceKind.Shared, Model.PlacePath(element), element);
            }

            return new Place(PlaceKind.Other, null, element, containerFacts: array);
        }

        private Place InlineArrayPlace(IInlineArrayAccessOperation access)
        {
            var instance = VisitPlace(access.Instance);
            var index = Visit(access.Argument);
            if (IsIndex(access.Argument.Type))
            {
                CheckIndex(access.Argument, index, new SinkTarget(access.Instance, instance.Path, KnownLengths.OfInlineArray(access.Instance.Type), Display(access.Instance)));
                var key = ValueKey.From(access.Argument, Model.IsSharedPlace);
                if (instance.Kind == PlaceKind.Shared)
                {
                    return new Place(PlaceKind.Shared, key is null ? null : instance.Path?.Element(key), access);
                }
            }

            return new Place(PlaceKind.Other, null, access, containerFacts: instance.Kind == PlaceKind.Variable ? Read(instance) : instance.ContainerFacts);
        }

        /// <summary><c>span[^i]</c>, <c>list[^i]</c>: an index from the end through the type's Length or Count.</summary>
        private Place ImplicitIndexerPlace(IImplicitIndexerReferenceOperation access)
        {
            ValueFacts receiver;
            if (access.Instance.Type is { IsValueType: true })
            {
                var instance = VisitPlace(access.Instance);
                receiver = instance.Kind == PlaceKind.Variable ? Read(instance) : instance.ContainerFacts ?? ValueFacts.Trusted;
            }
            else
            {
                receiver = Visit(access.Instance);
            }

            var index = Visit(access.Argument);
            if (IsIndex(access.Argument.Type))
            {
                CheckIndex(access.Argument, index, new SinkTarget(access.Instance, Model.PathOfValue(access.Instance), receiver.KnownLength, Display(access.Instance)));
            }

            return new Place(PlaceKind.Other, null, access, containerFacts: receiver);
        }

        private Place PointerPlace(IOperation operation, IOperation pointer, IOperation? index)
        {
            var pointerFacts = Visit(pointer);
            if (index is not null)
            {
                var indexFacts = Visit(index);
                var target = new SinkTarget(pointer, Model.PathOfValue(pointer), pointerFacts.KnownLength, Display(pointer));
                CheckSink(SinkKind.UncheckedMemory, index, indexFacts, target);
            }

            if (Model.IsSharedPointer(pointer))
            {
                return new Place(PlaceKind.Shared, Model.PlacePath(operation), operation);
            }

            return new Place(PlaceKind.Other, null, operation, containerFacts: pointerFacts);
        }

        /// <summary>Reads a place: a fetch for shared memory, the tracked facts for a variable.</summary>
        private ValueFacts Read(in Place place)
        {
            switch (place.Kind)
            {
                case PlaceKind.Shared:
                    return Fetch(place.Path, place.Operation);
                case PlaceKind.SharedBuffer:
                    return place.Operation is IFieldReferenceOperation { Field.IsFixedSizeBuffer: true } buffer
                        ? ValueFacts.Length(buffer.Field.FixedSize)
                        : ValueFacts.Trusted;
                case PlaceKind.Variable:
                    var facts = place.Path is { } path ? _state.GetFacts(path) : null;
                    if (facts is null)
                    {
                        return WithFieldLength(DefaultFacts(place), place.Operation);
                    }

                    return place.SymbolUntrusted && !facts.IsUntrusted ? facts.WithUntrusted(place.Operation) : facts;
                default:
                    if (place.Operation is IPropertyReferenceOperation property && IsLengthProperty(property))
                    {
                        return place.ContainerFacts ?? LengthFacts(null);
                    }

                    var origin = place.SymbolUntrusted ? place.Operation : place.ContainerFacts?.UntrustedOrigin;
                    return WithFieldLength(origin is null ? ValueFacts.Trusted : ValueFacts.Untrusted(origin), place.Operation);
            }
        }

        /// <summary>A readonly array field created with a constant size, a fixed-size buffer: its known length.</summary>
        private ValueFacts WithFieldLength(ValueFacts facts, IOperation operation) =>
            facts.KnownLength is null && operation is IFieldReferenceOperation field && _lengths.OfField(field.Field, _cancellationToken) is { } length
                ? facts.WithKnownLength(length)
                : facts;

        /// <summary>
        /// The value of a variable on a path where the state has no entry for it (for joins): untrusted when its
        /// symbol says so or a variable it is a field of is untrusted there, else trusted.
        /// </summary>
        public ValueFacts AbsentFacts(AccessPath path, FactMap facts)
        {
            if (path.Symbol is { } symbol && (_sources.IsUntrustedSymbol(symbol) || IsSharedStructCopy(symbol)))
            {
                return ValueFacts.Untrusted(symbol);
            }

            for (var parent = path.Parent; parent is not null; parent = parent.Parent)
            {
                if (facts.TryGetValue(parent, out var parentFacts) && parentFacts.IsUntrusted)
                {
                    return ValueFacts.Untrusted(parentFacts.UntrustedOrigin!);
                }
            }

            return ValueFacts.Trusted;
        }

        /// <summary>A by-value parameter of a shared struct type: a copy of shared memory, private but untrusted.</summary>
        private bool IsSharedStructCopy(ISymbol symbol) =>
            symbol is IParameterSymbol { RefKind: RefKind.None } parameter && parameter.Type.IsValueType && _sources.IsSharedType(parameter.Type);

        /// <summary>Facts of a variable nobody assigned in this body: from its symbol, its container and its type.</summary>
        private ValueFacts DefaultFacts(in Place place)
        {
            if (place.SymbolUntrusted)
            {
                return ValueFacts.Untrusted(place.Operation);
            }

            if (place.ContainerFacts is { IsUntrusted: true } container)
            {
                return ValueFacts.Untrusted(container.UntrustedOrigin!);
            }

            // A field of a local copy inherits the copy's taint (req.Id after var req = *p).
            for (var parent = place.Path?.Parent; parent is not null; parent = parent.Parent)
            {
                if (_state.GetFacts(parent) is { IsUntrusted: true } parentFacts)
                {
                    return ValueFacts.Untrusted(parentFacts.UntrustedOrigin!);
                }
            }

            return ValueFacts.Trusted;
        }

        /// <summary>The facts of the variable a field is read from (for taint inheritance), without reading it.</summary>
        private ValueFacts? ParentFacts(in Place place) => place.Path is { } path ? _state.GetFacts(path) ?? (place.SymbolUntrusted ? ValueFacts.Untrusted(place.Operation) : null) : null;

        /// <summary>A read of shared memory: a double fetch when the location was fetched before on some path.</summary>
        private ValueFacts Fetch(AccessPath? path, IOperation operation)
        {
            if (operation.Type is { IsUnmanagedType: false })
            {
                return ValueFacts.Trusted;
            }

            var facts = ValueFacts.Untrusted(operation).WithCopyOf(path);
            if (path is null)
            {
                return facts;
            }

            var first = FindFetchOverlapping(path, operation);
            if (first is null)
            {
                _state.RecordFetch(path, new FetchEntry(operation, _block));
            }
            else if (!ReferenceEquals(first.Value.Entry.Operation, operation) && !IsValidationReread(operation, path))
            {
                _findings?.DoubleFetches.Add(new DoubleFetchFinding(operation, first.Value.Entry.Operation, path, first.Value.Location));
                facts = facts.AsRefetch();
            }

            _findings?.Fetches.Add((operation, path));
            return facts;
        }

        /// <summary>The earlier fetch of this location, of a struct holding it, or (for a whole struct) of a field inside it.</summary>
        private (FetchEntry Entry, AccessPath Location)? FindFetchOverlapping(AccessPath path, IOperation operation)
        {
            for (var prefix = path; prefix is not null; prefix = prefix.Parent)
            {
                if (_state.TryGetFetch(prefix, out var entry))
                {
                    return (entry, prefix);
                }
            }

            // A read of a whole struct overlaps earlier reads of its fields.
            if (operation.Type is { TypeKind: TypeKind.Struct, SpecialType: SpecialType.None } && _state.FetchedCount > 0)
            {
                foreach (var pair in _state.Fetched)
                {
                    if (pair.Key.StartsWith(path))
                    {
                        return (pair.Value, pair.Key);
                    }
                }
            }

            return null;
        }

        /// <summary>A second read compared only with the first read's value: a seqlock or validation re-read.</summary>
        private bool IsValidationReread(IOperation fetch, AccessPath path)
        {
            var child = fetch;
            var parent = fetch.Parent;
            while (parent is IConversionOperation)
            {
                child = parent;
                parent = parent.Parent;
            }

            if (parent is not IBinaryOperation binary || !IsComparison(binary.OperatorKind))
            {
                return false;
            }

            var other = ReferenceEquals(binary.LeftOperand, child) ? binary.RightOperand : binary.LeftOperand;
            var copyOf = Peek(other)?.CopyOf;
            return copyOf is not null && (copyOf.StartsWith(path) || path.StartsWith(copyOf));
        }

        /// <summary>The facts of a variable, without evaluating anything.</summary>
        private ValueFacts? Peek(IOperation operation)
        {
            while (operation is IConversionOperation conversion)
            {
                operation = conversion.Operand;
            }

            var path = VariablePath(operation);
            return path is null ? null : _state.GetFacts(path);
        }

        /// <summary>The path of a variable (local, parameter, capture, field of one) for facts, or null.</summary>
        private AccessPath? VariablePath(IOperation operation)
        {
            switch (operation)
            {
                case ILocalReferenceOperation { Local.RefKind: RefKind.None } local:
                    return Model.PathOf(local.Local);
                case IParameterReferenceOperation parameter when !Model.IsSharedByRefParameter(parameter.Parameter):
                    return Model.PathOf(parameter.Parameter);
                case IFlowCaptureReferenceOperation capture:
                    return Model.PathOf(capture.Id);
                case IFieldReferenceOperation { Field.IsStatic: true } field:
                    return Model.PathOf(field.Field);
                case IFieldReferenceOperation field when !Model.IsSharedField(field):
                    return (field.Instance is { Type.IsValueType: true } ? VariablePath(field.Instance) : Model.PathOfValue(field.Instance))?.Member(field.Field);
                case IPropertyReferenceOperation { Property.IsIndexer: false, Arguments.IsEmpty: true, Instance: { } instance } property
                    when !Model.IsSharedProperty(property) && !IsLengthProperty(property):
                    return (instance.Type is { IsValueType: true } ? VariablePath(instance) : Model.PathOfValue(instance))?.Member(property.Property);
                case IInstanceReferenceOperation when !Model.IsSharedPlace(operation):
                    return AccessPath.ForThis();
                default:
                    return null;
            }
        }

        /// <summary>The facts of a variable at a path, including what its symbol says (for bounds relative to it).</summary>
        private ValueFacts? EffectiveFacts(AccessPath path, IOperation origin)
        {
            if (_state.GetFacts(path) is { } facts)
            {
                return facts;
            }

            return path.Symbol is { } symbol && _sources.IsUntrustedSymbol(symbol) ? ValueFacts.Untrusted(origin) : null;
        }

        private static ValueFacts LengthFacts(ValueFacts? collection) =>
            collection?.KnownLength is { } length ? ValueFacts.Constant(length) : NonNegativeLength;

        private static readonly ValueFacts NonNegativeLength = ValueFacts.Trusted.WithLower(new LowerBound(0, BoundOrigin.TypeRange, null, false));

        private static bool IsLengthProperty(IPropertyReferenceOperation property) =>
            property.Property.Name is "Length" or "Count" or "LongLength" && property.Arguments.IsEmpty &&
            property.Type?.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64;

        /// <summary>The source text of an operation for a message, shortened when long.</summary>
        private static string Display(IOperation operation)
        {
            var text = operation.Syntax.ToString();
            return text.Length <= 60 ? text : text.Substring(0, 57) + "...";
        }
    }
}
