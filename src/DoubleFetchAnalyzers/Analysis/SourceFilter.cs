using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace DoubleFetchAnalyzers.Analysis
{
    /// <summary>
    /// The cheap filter: does a body touch a source at all? A walk over the operation tree with symbol and type
    /// checks (cached per compilation); no control-flow graph. Bodies that fail it cost nothing more.
    /// </summary>
    internal static class SourceFilter
    {
        public static bool MayTouchSource(IOperation root, SourceModel sources)
        {
            var stack = new Stack<IOperation>();
            stack.Push(root);
            while (stack.Count > 0)
            {
                var operation = stack.Pop();
                if (IsSource(operation, sources))
                {
                    return true;
                }

                foreach (var child in operation.ChildOperations)
                {
                    stack.Push(child);
                }
            }

            return false;
        }

        private static bool IsSource(IOperation operation, SourceModel sources)
        {
            switch (operation)
            {
                case ILocalReferenceOperation local:
                    return sources.HasUntrustedName(local.Local.Name) || IsSharedTyped(local.Local.Type, sources);
                case IVariableDeclaratorOperation declarator:
                    return sources.HasUntrustedName(declarator.Symbol.Name);
                case IParameterReferenceOperation parameter:
                    return sources.IsUntrustedSymbol(parameter.Parameter) || sources.IsSharedSymbol(parameter.Parameter) || IsSharedTyped(parameter.Parameter.Type, sources);
                case IFieldReferenceOperation field:
                    return sources.IsUntrustedSymbol(field.Field) || sources.IsSharedSymbol(field.Field) || sources.IsSharedType(field.Field.ContainingType) ||
                           IsSharedTyped(field.Field.Type, sources);
                case IPropertyReferenceOperation property:
                    return sources.IsUntrustedSymbol(property.Property) || sources.IsSharedSymbol(property.Property) ||
                           sources.IsSharedType(property.Property.ContainingType) || IsSharedTyped(property.Property.Type, sources);
                case IInvocationOperation invocation:
                    var method = invocation.TargetMethod;
                    return sources.IsAccessor(method) || sources.IsUntrustedSymbol(method) || sources.IsSharedSymbol(method) ||
                           sources.IsSharedType(method.ContainingType) || IsSharedTyped(method.ReturnType, sources);
                case IInstanceReferenceOperation instance:
                    return sources.IsSharedType(instance.Type);
                default:
                    return operation.Kind == OperationKind.None && operation.Type is not null && sources.IsSharedType(operation.Type);
            }
        }

        /// <summary>The type is shared, or points at, spans or holds shared elements.</summary>
        private static bool IsSharedTyped(ITypeSymbol? type, SourceModel sources) =>
            type is not null && (sources.IsSharedType(type) || sources.HasSharedElements(type));
    }
}
