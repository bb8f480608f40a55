using Microsoft.CodeAnalysis;

namespace DoubleFetchAnalyzers.Analysis
{
    /// <summary>
    /// Roslyn has no operation for pointer indirection (<c>*p</c>, <c>p-&gt;F</c>) or pointer element access
    /// (<c>p[i]</c>): they are operations of kind None whose first child is the pointer. This recognises them.
    /// </summary>
    internal static class PointerAccess
    {
        /// <summary>Matches <c>*p</c> (index null) and <c>p[i]</c>.</summary>
        public static bool TryMatch(IOperation operation, out IOperation pointer, out IOperation? index)
        {
            pointer = null!;
            index = null;
            if (operation.Kind != OperationKind.None || operation.Type is null)
            {
                return false;
            }

            IOperation? first = null;
            IOperation? second = null;
            var count = 0;
            foreach (var child in operation.ChildOperations)
            {
                if (count == 0)
                {
                    first = child;
                }
                else if (count == 1)
                {
                    second = child;
                }

                count++;
            }

            if (count is not (1 or 2) || first?.Type is not IPointerTypeSymbol pointerType ||
                !SymbolEqualityComparer.Default.Equals(pointerType.PointedAtType, operation.Type))
            {
                return false;
            }

            pointer = first;
            index = second;
            return true;
        }
    }
}
