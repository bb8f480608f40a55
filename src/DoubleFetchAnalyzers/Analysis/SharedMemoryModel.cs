using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace DoubleFetchAnalyzers.Analysis
{
    /// <summary>
    /// Classifies expressions of one body without evaluating them: which denote shared memory (a place whose read
    /// is a fetch), which are pointers, spans or references into it, and the access paths of both.
    /// </summary>
    internal sealed class SharedMemoryModel
    {
        private readonly SourceModel _sources;
        private readonly Dictionary<ISymbol, AccessPath> _symbolPaths = new(SymbolEqualityComparer.Default);
        private readonly Dictionary<CaptureId, AccessPath> _capturePaths = new();

        public SharedMemoryModel(SourceModel sources)
        {
            _sources = sources;
        }

        /// <summary>
        /// The path of a local, parameter or static member, made once per body: the transfer functions ask for it at
        /// every visit of every block, and each made path is a string and an array.
        /// </summary>
        public AccessPath PathOf(ISymbol symbol)
        {
            if (!_symbolPaths.TryGetValue(symbol, out var path))
            {
                _symbolPaths[symbol] = path = AccessPath.ForSymbol(symbol);
            }

            return path;
        }

        /// <summary>The path of a flow capture, made once per body.</summary>
        public AccessPath PathOf(CaptureId capture)
        {
            if (!_capturePaths.TryGetValue(capture, out var path))
            {
                _capturePaths[capture] = path = AccessPath.ForCapture(capture);
            }

            return path;
        }

        public SharedValues Shared { get; set; } = new SharedValues();

        public SourceModel Sources => _sources;

        /// <summary>The expression denotes a location in shared memory.</summary>
        public bool IsSharedPlace(IOperation? operation)
        {
            switch (operation)
            {
                case null:
                    return false;
                case ILocalReferenceOperation { Local.RefKind: not RefKind.None } local:
                    return Shared.IsSharedRefLocal(local.Local) || _sources.IsSharedType(local.Local.Type);
                case IParameterReferenceOperation parameter:
                    return IsSharedByRefParameter(parameter.Parameter);
                case IInstanceReferenceOperation instance:
                    return instance.Type is { IsValueType: true } && _sources.IsSharedType(instance.Type);
                case IFieldReferenceOperation field:
                    return IsSharedField(field);
                case IPropertyReferenceOperation property:
                    return IsSharedProperty(property);
                case IArrayElementReferenceOperation element:
                    return IsSharedPointer(element.ArrayReference);
                case IInvocationOperation invocation:
                    return invocation.TargetMethod.RefKind != RefKind.None &&
                           (_sources.IsSharedType(invocation.TargetMethod.ReturnType) || _sources.IsSharedSymbol(invocation.TargetMethod) ||
                            IsViewOfShared(invocation));
                case IConversionOperation conversion:
                    return IsSharedPlace(conversion.Operand);
                default:
                    return operation.Kind == OperationKind.None && PointerAccess.TryMatch(operation, out var pointer, out _) && IsSharedPointer(pointer);
            }
        }

        public bool IsSharedByRefParameter(IParameterSymbol parameter) =>
            parameter.RefKind is RefKind.In or RefKind.Ref or RefKind.RefReadOnlyParameter &&
            (_sources.IsSharedType(parameter.Type) || _sources.IsSharedSymbol(parameter));

        public bool IsSharedField(IFieldReferenceOperation field)
        {
            if (field.Instance is null || field.Field.IsConst)
            {
                return false;
            }

            if (field.Instance.Type is { IsValueType: true })
            {
                return IsSharedPlace(field.Instance);
            }

            // A field of an instance of a shared class: mutable data fields only.
            return !field.Field.IsReadOnly && field.Field.Type.IsUnmanagedType && _sources.IsSharedType(field.Instance.Type);
        }

        public bool IsSharedProperty(IPropertyReferenceOperation property)
        {
            var instance = property.Instance;
            if (instance is null)
            {
                return false;
            }

            if (property.Property.IsIndexer)
            {
                return IsSharedPointer(instance) || (!instance.Type!.IsValueType && _sources.IsSharedType(instance.Type) && property.Type?.IsUnmanagedType == true);
            }

            if (instance.Type is { IsValueType: true })
            {
                return IsSharedPlace(instance) && property.Type?.IsUnmanagedType == true;
            }

            return property.Type?.IsUnmanagedType == true && _sources.IsSharedType(instance.Type);
        }

        /// <summary>The expression is a pointer, span, array or reference whose target is shared memory.</summary>
        public bool IsSharedPointer(IOperation? operation)
        {
            if (operation is null)
            {
                return false;
            }

            if (_sources.HasSharedElements(operation.Type))
            {
                return true;
            }

            switch (operation)
            {
                case ILocalReferenceOperation local:
                    return Shared.IsSharedLocal(local.Local);
                case IParameterReferenceOperation parameter:
                    return _sources.IsSharedSymbol(parameter.Parameter) && parameter.Parameter.RefKind == RefKind.None;
                case IFieldReferenceOperation field:
                    return _sources.IsSharedSymbol(field.Field) || (field.Field.IsFixedSizeBuffer && IsSharedPlace(field.Instance));
                case IPropertyReferenceOperation property:
                    return _sources.IsSharedSymbol(property.Property);
                case IInvocationOperation invocation:
                    return (invocation.TargetMethod.RefKind == RefKind.None && _sources.IsSharedSymbol(invocation.TargetMethod)) || IsViewOfShared(invocation);
                case IConversionOperation conversion:
                    return IsSharedPointer(conversion.Operand);
                case IBinaryOperation binary when binary.Type is IPointerTypeSymbol:
                    return IsSharedPointer(binary.LeftOperand) || IsSharedPointer(binary.RightOperand);
                case IAddressOfOperation addressOf:
                    return IsSharedPlace(addressOf.Reference);
                case IFlowCaptureReferenceOperation capture:
                    return Shared.IsSharedCapture(capture.Id);
                default:
                    return false;
            }
        }

        /// <summary><c>shared.Slice(4)</c>, <c>MemoryMarshal.Cast</c>, <c>MemoryMarshal.AsRef</c>, <c>Unsafe.Add</c> on shared memory.</summary>
        public bool IsViewOfShared(IInvocationOperation invocation)
        {
            var source = ViewSource(invocation);
            return source is not null && IsSharedPointerOrPlace(source);
        }

        private bool IsSharedPointerOrPlace(IOperation operation) => IsSharedPointer(operation) || IsSharedPlace(operation);

        /// <summary>For a call that makes a view of memory (a slice, a cast, a reference), the memory it views.</summary>
        public IOperation? ViewSource(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            var known = _sources.Known;
            switch (method.Name)
            {
                case "Slice" when invocation.Instance is not null && (known.IsSpanLike(invocation.Instance.Type) || known.IsMemoryLike(invocation.Instance.Type)):
                    return invocation.Instance;
                case "Slice" or "AsSpan" or "AsMemory" when invocation.Instance is null && invocation.Arguments.Length > 0 &&
                                                         KnownSymbols.Is(method.ContainingType, known.MemoryExtensions):
                    return invocation.Arguments[0].Value;
                case "Span" when invocation.Instance is not null && known.IsMemoryLike(invocation.Instance.Type):
                    return invocation.Instance;
                case "Cast" or "AsRef" or "AsBytes" or "CreateSpan" or "CreateReadOnlySpan" or "GetReference"
                    when KnownSymbols.Is(method.ContainingType, known.MemoryMarshal) && invocation.Arguments.Length > 0:
                    return invocation.Arguments[0].Value;
                case "AsRef" or "As" or "Add" or "AddByteOffset" or "AsPointer"
                    when KnownSymbols.Is(method.ContainingType, known.Unsafe) && invocation.Arguments.Length > 0:
                    return invocation.Arguments[0].Value;
                default:
                    return null;
            }
        }

        /// <summary>The path of a pointer, span, array or object value (<c>p</c>, <c>queue.Skbs</c>, <c>shared.Slice(4)</c>).</summary>
        public AccessPath? PathOfValue(IOperation? operation, int depth = 0)
        {
            if (operation is null || depth > 16)
            {
                return null;
            }

            switch (operation)
            {
                case ILocalReferenceOperation local:
                    return PathOf(local.Local);
                case IParameterReferenceOperation parameter:
                    return PathOf(parameter.Parameter);
                case IInstanceReferenceOperation:
                    return AccessPath.ForThis();
                case IFieldReferenceOperation field:
                    if (field.Field.IsStatic)
                    {
                        return PathOf(field.Field);
                    }

                    // A field of a struct is part of the struct's place (p->Buf, req.Ring); of a class, of its reference.
                    return (field.Instance is { Type.IsValueType: true } ? PlacePath(field.Instance, depth + 1) : PathOfValue(field.Instance, depth + 1))?.Member(field.Field);
                case IPropertyReferenceOperation { Property.IsIndexer: false, Arguments.IsEmpty: true } property:
                    if (property.Property.IsStatic)
                    {
                        return PathOf(property.Property);
                    }

                    return PathOfValue(property.Instance, depth + 1)?.Member(property.Property);
                case IConversionOperation conversion:
                    var inner = PathOfValue(conversion.Operand, depth + 1);
                    return conversion.Type is IPointerTypeSymbol && conversion.Operand.Type is IPointerTypeSymbol && !conversion.IsImplicit
                        ? inner?.As(conversion.Type)
                        : inner;
                case IBinaryOperation { Type: IPointerTypeSymbol } binary:
                    var basePath = PathOfValue(binary.LeftOperand, depth + 1);
                    var offset = ValueKey.From(binary.RightOperand, IsSharedPlace);
                    if (basePath is null || offset is null)
                    {
                        return null;
                    }

                    return binary.OperatorKind == BinaryOperatorKind.Add ? basePath.Offset(offset) : null;
                case IAddressOfOperation addressOf:
                    return PlacePath(addressOf.Reference, depth + 1);
                case IInvocationOperation invocation when ViewSource(invocation) is { } source:
                    var sourcePath = PathOfValue(source, depth + 1) ?? PlacePath(source, depth + 1);
                    var arguments = ValueKey.FromArguments(invocation.Arguments, IsSharedPlace);
                    if (sourcePath is null || arguments is null)
                    {
                        return null;
                    }

                    return sourcePath.Call(invocation.TargetMethod.Name, arguments);
                case IFlowCaptureReferenceOperation capture:
                    return PathOf(capture.Id);
                default:
                    // A pointer read from memory (*pp): the place it is read from.
                    return operation.Kind == OperationKind.None && PointerAccess.TryMatch(operation, out _, out _) ? PlacePath(operation, depth + 1) : null;
            }
        }

        /// <summary>The path of a place (<c>p-&gt;Hdr.Len</c>, <c>req.Id</c>), without alias resolution.</summary>
        public AccessPath? PlacePath(IOperation? operation, int depth = 0)
        {
            if (operation is null || depth > 16)
            {
                return null;
            }

            switch (operation)
            {
                case IFieldReferenceOperation { Instance: { Type.IsValueType: true } instance } field:
                    return PlacePath(instance, depth + 1)?.Member(field.Field);
                case IArrayElementReferenceOperation element when element.Indices.Length == 1:
                    var index = ValueKey.From(element.Indices[0], IsSharedPlace);
                    return index is null ? null : PathOfValue(element.ArrayReference, depth + 1)?.Element(index);
                case IPropertyReferenceOperation { Property.IsIndexer: true, Arguments.Length: 1 } indexer:
                    var key = ValueKey.From(indexer.Arguments[0].Value, IsSharedPlace);
                    return key is null ? null : PathOfValue(indexer.Instance, depth + 1)?.Element(key);
                case IInvocationOperation invocation when ViewSource(invocation) is not null:
                    return PathOfValue(invocation, depth + 1);
                default:
                    if (operation.Kind == OperationKind.None && PointerAccess.TryMatch(operation, out var pointer, out var pointerIndex))
                    {
                        // *(p + k) is p[k].
                        if (pointerIndex is null && pointer is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, LeftOperand.Type: IPointerTypeSymbol } sum &&
                            sum.RightOperand.Type is not IPointerTypeSymbol)
                        {
                            pointer = sum.LeftOperand;
                            pointerIndex = sum.RightOperand;
                        }

                        var elementKey = pointerIndex is null ? ValueKey.Zero : ValueKey.From(pointerIndex, IsSharedPlace);
                        return elementKey is null ? null : PathOfValue(pointer, depth + 1)?.Element(elementKey);
                    }

                    return PathOfValue(operation, depth + 1);
            }
        }
    }
}
