using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace DoubleFetchAnalyzers.Analysis
{
    /// <summary>
    /// Which locals and flow captures of a body hold pointers, spans or references into shared memory. Computed
    /// once per body, flow-insensitively: a local is shared when any assignment to it is (<c>byte* b = _base + 16;</c>,
    /// <c>var s = shared.Slice(4);</c>, <c>ref var h = ref *p;</c>).
    /// </summary>
    internal sealed class SharedValues
    {
        private readonly HashSet<ILocalSymbol> _locals = new(SymbolEqualityComparer.Default);
        private readonly HashSet<ILocalSymbol> _refLocals = new(SymbolEqualityComparer.Default);
        private readonly HashSet<CaptureId> _captures = new();

        public bool IsSharedLocal(ILocalSymbol local) => _locals.Contains(local);

        public bool IsSharedRefLocal(ILocalSymbol local) => _refLocals.Contains(local);

        public bool IsSharedCapture(CaptureId capture) => _captures.Contains(capture);

        public static SharedValues Compute(ControlFlowGraph cfg, SharedMemoryModel model)
        {
            var result = new SharedValues();
            var assignments = new List<IOperation>();
            foreach (var block in cfg.Blocks)
            {
                foreach (var operation in block.Operations)
                {
                    Collect(operation, assignments);
                }
            }

            if (assignments.Count == 0)
            {
                return result;
            }

            model.Shared = result;
            for (var round = 0; round < 8; round++)
            {
                var changed = false;
                foreach (var assignment in assignments)
                {
                    switch (assignment)
                    {
                        case ISimpleAssignmentOperation { IsRef: true, Target: ILocalReferenceOperation target } simple
                            when model.IsSharedPlace(simple.Value):
                            changed |= result._refLocals.Add(target.Local);
                            break;
                        case ISimpleAssignmentOperation { IsRef: false, Target: ILocalReferenceOperation target } simple
                            when model.IsSharedPointer(simple.Value):
                            changed |= result._locals.Add(target.Local);
                            break;
                        case IFlowCaptureOperation capture when model.IsSharedPointer(capture.Value):
                            changed |= result._captures.Add(capture.Id);
                            break;
                    }
                }

                if (!changed)
                {
                    break;
                }
            }

            return result;
        }

        private static void Collect(IOperation operation, List<IOperation> assignments)
        {
            var stack = new Stack<IOperation>();
            stack.Push(operation);
            while (stack.Count > 0)
            {
                var current = stack.Pop();
                switch (current)
                {
                    case ISimpleAssignmentOperation { Target: ILocalReferenceOperation } assignment when IsReferenceLike(assignment.Target.Type) || assignment.IsRef:
                        assignments.Add(assignment);
                        break;
                    case IFlowCaptureOperation capture when IsReferenceLike(capture.Value.Type):
                        assignments.Add(capture);
                        break;
                    case IFlowAnonymousFunctionOperation or IAnonymousFunctionOperation or ILocalFunctionOperation:
                        continue;
                }

                foreach (var child in current.ChildOperations)
                {
                    stack.Push(child);
                }
            }
        }

        /// <summary>Types that can point at memory: pointers, spans, arrays, classes; not plain numbers.</summary>
        private static bool IsReferenceLike(ITypeSymbol? type) =>
            type is not null && (type.TypeKind is TypeKind.Pointer or TypeKind.Array or TypeKind.Class or TypeKind.Interface or TypeKind.FunctionPointer || type.IsRefLikeType);
    }
}
