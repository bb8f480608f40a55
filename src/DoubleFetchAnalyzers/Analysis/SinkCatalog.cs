using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace DoubleFetchAnalyzers.Analysis
{
    /// <summary>One argument of a call that is a sink: which parameter, what kind, and what it is measured against.</summary>
    internal readonly struct SinkArgument
    {
        public SinkArgument(IArgumentOperation argument, SinkKind kind, IOperation? target, bool inclusive)
        {
            Argument = argument;
            Kind = kind;
            Target = target;
            Inclusive = inclusive;
        }

        public IArgumentOperation Argument { get; }

        public SinkKind Kind { get; }

        /// <summary>The collection or memory the value is measured against; null for an allocation or capacity.</summary>
        public IOperation? Target { get; }

        /// <summary>A length or end offset, which may equal the target's length.</summary>
        public bool Inclusive { get; }
    }

    /// <summary>
    /// The framework APIs whose arguments are lengths, counts, offsets or sizes (SPEC section 4): checked ones for
    /// DF0004, unchecked memory for DF0005. Parameters are matched by name, so every overload is covered.
    /// </summary>
    internal static class SinkCatalog
    {
        public static void Collect(IInvocationOperation invocation, KnownSymbols known, List<SinkArgument> result)
        {
            var method = invocation.TargetMethod;
            var type = method.ContainingType;
            if (type is null)
            {
                return;
            }

            var name = method.Name;
            if (KnownSymbols.Is(type, known.MemoryExtensions) && name is "AsSpan" or "AsMemory")
            {
                var text = FirstArgument(invocation);
                Add(invocation.Arguments, result, SinkKind.Length, text, inclusive: true, "start", "length");
            }
            else if ((known.IsSpanLike(type) || known.IsMemoryLike(type)) && name == "Slice")
            {
                Add(invocation.Arguments, result, SinkKind.Length, invocation.Instance, inclusive: true, "start", "length");
            }
            else if (type.SpecialType == SpecialType.System_String && name is "Substring" or "Remove")
            {
                Add(invocation.Arguments, result, SinkKind.Length, invocation.Instance, inclusive: true, "startIndex", "length", "count");
            }
            else if (KnownSymbols.Is(type, known.Array))
            {
                switch (name)
                {
                    case "Copy" or "ConstrainedCopy":
                        Add(invocation.Arguments, result, SinkKind.Length, ArgumentNamed(invocation.Arguments, "sourceArray"), inclusive: true, "length", "sourceIndex");
                        Add(invocation.Arguments, result, SinkKind.Length, ArgumentNamed(invocation.Arguments, "destinationArray"), inclusive: true, "destinationIndex");
                        break;
                    case "Clear" or "Fill":
                        Add(invocation.Arguments, result, SinkKind.Length, ArgumentNamed(invocation.Arguments, "array"), inclusive: true, "index", "startIndex", "length", "count");
                        break;
                    case "CopyTo":
                        Add(invocation.Arguments, result, SinkKind.Length, ArgumentNamed(invocation.Arguments, "array"), inclusive: true, "index");
                        break;
                    case "Resize":
                        Add(invocation.Arguments, result, SinkKind.Length, null, inclusive: true, "newSize");
                        break;
                }
            }
            else if (KnownSymbols.Is(type, known.Enumerable) && name is "Range" or "Repeat")
            {
                Add(invocation.Arguments, result, SinkKind.Length, null, inclusive: true, "count");
            }
            else if (type.Name == "GC" && name is "AllocateArray" or "AllocateUninitializedArray")
            {
                Add(invocation.Arguments, result, SinkKind.Length, null, inclusive: true, "length");
            }
            else if (type.Name == "ArrayPool" && name == "Rent")
            {
                Add(invocation.Arguments, result, SinkKind.Length, null, inclusive: true, "minimumLength");
            }
            else if (KnownSymbols.Is(type, known.Buffer))
            {
                if (name == "BlockCopy")
                {
                    Add(invocation.Arguments, result, SinkKind.Length, null, inclusive: true, "count", "srcOffset", "dstOffset");
                }
                else if (name == "MemoryCopy")
                {
                    Add(invocation.Arguments, result, SinkKind.UncheckedMemory, null, inclusive: true, "sourceBytesToCopy", "destinationSizeInBytes");
                }
            }
            else if (KnownSymbols.Is(type, known.Unsafe))
            {
                switch (name)
                {
                    case "Add" or "Subtract":
                        Add(invocation.Arguments, result, SinkKind.UncheckedMemory, FirstArgument(invocation), inclusive: false, "elementOffset");
                        break;
                    case "AddByteOffset" or "SubtractByteOffset":
                        Add(invocation.Arguments, result, SinkKind.UncheckedMemory, null, inclusive: false, "byteOffset");
                        break;
                    case "CopyBlock" or "CopyBlockUnaligned" or "InitBlock" or "InitBlockUnaligned":
                        Add(invocation.Arguments, result, SinkKind.UncheckedMemory, null, inclusive: true, "byteCount");
                        break;
                }
            }
            else if (KnownSymbols.Is(type, known.Marshal))
            {
                if (name == "Copy")
                {
                    var array = FirstArrayArgument(invocation.Arguments);
                    Add(invocation.Arguments, result, SinkKind.UncheckedMemory, array, inclusive: true, "startIndex", "length");
                }
                else if (name.StartsWith("Read", System.StringComparison.Ordinal) || name.StartsWith("Write", System.StringComparison.Ordinal))
                {
                    Add(invocation.Arguments, result, SinkKind.UncheckedMemory, null, inclusive: false, "ofs");
                }
            }
            else if (KnownSymbols.Is(type, known.NativeMemory))
            {
                switch (name)
                {
                    case "Copy" or "Clear" or "Fill":
                        Add(invocation.Arguments, result, SinkKind.UncheckedMemory, null, inclusive: true, "byteCount");
                        break;
                    case "Alloc" or "AllocZeroed" or "AlignedAlloc" or "Realloc" or "AlignedRealloc":
                        Add(invocation.Arguments, result, SinkKind.Length, null, inclusive: true, "byteCount", "elementCount", "elementSize");
                        break;
                }
            }
            else if (KnownSymbols.Is(type, known.MemoryMarshal) && name is "CreateSpan" or "CreateReadOnlySpan")
            {
                Add(invocation.Arguments, result, SinkKind.UncheckedMemory, null, inclusive: true, "length");
            }
        }

        public static void Collect(IObjectCreationOperation creation, KnownSymbols known, List<SinkArgument> result)
        {
            var constructor = creation.Constructor;
            var type = constructor?.ContainingType;
            if (constructor is null || type is null)
            {
                return;
            }

            if (known.IsSpanLike(type) || known.IsMemoryLike(type) || type.Name == "ArraySegment")
            {
                if (constructor.Parameters.Length > 0 && constructor.Parameters[0].Type is IPointerTypeSymbol)
                {
                    Add(creation.Arguments, result, SinkKind.UncheckedMemory, null, inclusive: true, "length");
                }
                else
                {
                    Add(creation.Arguments, result, SinkKind.Length, ArgumentNamed(creation.Arguments, "array"), inclusive: true, "start", "offset", "length", "count");
                }

                return;
            }

            if (type.SpecialType == SpecialType.System_String)
            {
                Add(creation.Arguments, result, SinkKind.Length, ArgumentNamed(creation.Arguments, "value"), inclusive: true, "count", "startIndex", "length");
                return;
            }

            // Collections and builders: an untrusted capacity allocates what the other party asks for.
            Add(creation.Arguments, result, SinkKind.Length, null, inclusive: true, "capacity");
        }

        private static void Add(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments, List<SinkArgument> result, SinkKind kind, IOperation? target, bool inclusive, params string[] parameters)
        {
            foreach (var argument in arguments)
            {
                if (argument.Parameter is { } parameter && argument.ArgumentKind != ArgumentKind.DefaultValue && IsIntegral(parameter.Type) &&
                    System.Array.IndexOf(parameters, parameter.Name) >= 0)
                {
                    result.Add(new SinkArgument(argument, kind, target, inclusive));
                }
            }
        }

        private static IOperation? ArgumentNamed(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments, string name)
        {
            foreach (var argument in arguments)
            {
                if (argument.Parameter?.Name == name)
                {
                    return argument.Value;
                }
            }

            return null;
        }

        private static IOperation? FirstArgument(IInvocationOperation invocation) =>
            invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null;

        private static IOperation? FirstArrayArgument(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments)
        {
            foreach (var argument in arguments)
            {
                if (argument.Parameter?.Type.TypeKind == TypeKind.Array)
                {
                    return argument.Value;
                }
            }

            return null;
        }

        private static bool IsIntegral(ITypeSymbol type) => type.SpecialType is
            SpecialType.System_Int32 or SpecialType.System_Int64 or SpecialType.System_UInt32 or SpecialType.System_UInt64 or
            SpecialType.System_IntPtr or SpecialType.System_UIntPtr or SpecialType.System_Int16 or SpecialType.System_UInt16;
    }
}
