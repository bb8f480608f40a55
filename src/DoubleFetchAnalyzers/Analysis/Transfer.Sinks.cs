using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace DoubleFetchAnalyzers.Analysis
{
    /// <summary>Sinks: where an untrusted value indexes, sizes or offsets something, and what a safe access proves.</summary>
    internal sealed partial class Transfer
    {
        /// <summary>Evaluates the value's facts against the target and records a finding when the check is not complete.</summary>
        private void CheckSink(SinkKind kind, IOperation value, ValueFacts facts, in SinkTarget target)
        {
            if (_findings is null || facts.IsRefetch)
            {
                return;
            }

            if (!facts.IsUntrusted)
            {
                CheckUntrustedCount(kind, value, facts, target);
                return;
            }

            var verdict = BoundsEvaluator.Evaluate(facts, target, path => EffectiveFacts(path, value));
            if (verdict.Missing is { } missing)
            {
                _findings.Sinks.Add(new SinkFinding(kind, value, target, missing, verdict.Check, verdict.BoundConstant, IsVariable(value)));
            }
        }

        private bool IsVariable(IOperation value) => PeekPlace(StripConversions(value)) is { Kind: PlaceKind.Variable };

        /// <summary>An index into a bounds-checked collection; <c>^x</c> counts from the end and is valid for 1 &lt;= x &lt;= length.</summary>
        private void CheckIndex(IOperation index, ValueFacts facts, in SinkTarget target)
        {
            if (index is IUnaryOperation { OperatorKind: UnaryOperatorKind.Hat } fromEnd)
            {
                var operand = CurrentFacts(StripConversions(fromEnd.Operand)) ?? facts;
                CheckSink(SinkKind.Index, index, Shift(operand, -1).WithUntrusted(operand.UntrustedOrigin ?? facts.UntrustedOrigin), target);
                return;
            }

            CheckSink(SinkKind.Index, index, facts, target);
            AfterIndex(index, facts, target);
        }

        /// <summary>An int, long or other integer, or a System.Index.</summary>
        private static bool IsIndex(ITypeSymbol? type) => IsIntegral(type) || type is { Name: "Index", ContainingNamespace.Name: "System" };

        /// <summary>
        /// A trusted index bounded only by an untrusted count (<c>for (i = 0; i &lt; untrusted_n; i++) a[i]</c>): the
        /// count is the unchecked length (DF0004), reported where the loop compares with it.
        /// </summary>
        private void CheckUntrustedCount(SinkKind kind, IOperation value, ValueFacts facts, in SinkTarget target)
        {
            if (facts.Uppers.IsEmpty)
            {
                return;
            }

            // Not in range through the count (an unchecked count, or one only an assertion checks): judge the count.
            var verdict = BoundsEvaluator.Evaluate(facts.WithUntrusted(value), target, path => EffectiveFacts(path, value));
            if (verdict.Missing is not (MissingCheck.UntrustedBound or MissingCheck.AssertionOnly))
            {
                return;
            }

            foreach (var upper in facts.Uppers)
            {
                if (upper is { Kind: UpperBoundKind.Variable, Path: { } path, Check: IBinaryOperation comparison } &&
                    EffectiveFacts(path, value) is { IsUntrusted: true } countFacts &&
                    (CountOperand(comparison.RightOperand, path) ?? CountOperand(comparison.LeftOperand, path)) is { } operand)
                {
                    // The count is judged as a length of the target (it may equal the length): unchecked, incomplete
                    // or only asserted, like any other length; a count that drives a pointer offsets unchecked memory.
                    var count = new SinkTarget(target.Operation, target.Path, target.KnownLength, target.Display, inclusive: true);
                    CheckSink(kind == SinkKind.Index ? SinkKind.Length : kind, operand, countFacts, count);
                    return;
                }
            }
        }

        /// <summary>The variable in a loop condition's operand (<c>count</c> in <c>count - 1</c>), when it is the one at <paramref name="path"/>.</summary>
        private IOperation? CountOperand(IOperation operand, AccessPath path)
        {
            operand = StripConversions(operand);
            while (operand is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add or BinaryOperatorKind.Subtract } binary)
            {
                operand = StripConversions(ConstantOf(binary.RightOperand) is not null ? binary.LeftOperand : binary.RightOperand);
            }

            return path.Equals(VariablePath(operand)) ? operand : null;
        }

        /// <summary>
        /// After a bounds-checked access executed, the index was in range (or the runtime threw): later accesses with
        /// the same value to a target of the same length are safe.
        /// </summary>
        private void AfterIndex(IOperation index, ValueFacts facts, in SinkTarget target)
        {
            if (!facts.IsUntrusted || target.Path is null)
            {
                return;
            }

            var term = Term(index);
            if (term.Kind != TermKind.Variable || term.Offset != 0 || term.Path is null || CurrentFacts(StripConversions(index)) is not { } current)
            {
                return;
            }

            var proven = current
                .AddLower(new LowerBound(0, BoundOrigin.PriorIndex, index, false))
                .AddUpper(new UpperBound(UpperBoundKind.LengthOf, target.Path, 0, BoundOrigin.PriorIndex, index, false, knownLength: target.KnownLength));
            Store(term, proven);
        }

        /// <summary>Arrays, spans, strings, lists and other indexable collections whose indexer checks its argument.</summary>
        private bool IsBoundsCheckedCollection(ITypeSymbol? type)
        {
            if (type is null)
            {
                return false;
            }

            if (type.TypeKind == TypeKind.Array || type.SpecialType == SpecialType.System_String || _known.IsSpanLike(type))
            {
                return true;
            }

            if (type is not INamedTypeSymbol named || IsDictionary(named))
            {
                return false;
            }

            if (named.TypeKind == TypeKind.Interface && named.Name is "IList" or "IReadOnlyList")
            {
                return true;
            }

            foreach (var member in named.GetMembers("Count"))
            {
                if (member is IPropertySymbol { IsStatic: false })
                {
                    return true;
                }
            }

            foreach (var member in named.GetMembers("Length"))
            {
                if (member is IPropertySymbol { IsStatic: false })
                {
                    return true;
                }
            }

            foreach (var face in named.AllInterfaces)
            {
                if (face.Name is "IList" or "IReadOnlyList")
                {
                    return true;
                }
            }

            return false;
        }

        private bool IsDictionary(INamedTypeSymbol type)
        {
            if (KnownSymbols.Is(type, _known.IDictionary) || KnownSymbols.Is(type, _known.IReadOnlyDictionary))
            {
                return true;
            }

            foreach (var face in type.AllInterfaces)
            {
                if (KnownSymbols.Is(face, _known.IDictionary) || KnownSymbols.Is(face, _known.IReadOnlyDictionary))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>DF0007's question: was an untrusted value that nobody checked stored under a name that hides it?</summary>
        private void RecordUntrustedStore(in Place place, ValueFacts value)
        {
            if (_findings is null || !value.IsUntrusted || place.Path is not { Parent: null or { Parent: null, Id: "T" } } path)
            {
                return;
            }

            var symbol = path.Symbol;
            // Not for a variable declared untrusted otherwise ([Untrusted], configured), nor when no prefix is configured.
            if (symbol is not (ILocalSymbol { RefKind: RefKind.None, IsImplicitlyDeclared: false } or IFieldSymbol { IsImplicitlyDeclared: false }) ||
                _sources.Configuration.UntrustedPrefixes.IsEmpty || _sources.IsUntrustedSymbol(symbol) || IsChecked(value))
            {
                return;
            }

            var declaration = symbol.DeclaringSyntaxReferences.Length > 0 ? symbol.DeclaringSyntaxReferences[0].GetSyntax(_cancellationToken) : null;
            if (declaration is not null)
            {
                _findings.UntrustedStores.Add(new UntrustedStoreFinding(symbol, declaration));
            }
        }

        /// <summary>Some check (complete or not) was applied: DF0003 judges its completeness.</summary>
        private static bool IsChecked(ValueFacts value)
        {
            if (value.Sanitized || value.SpecialValueCheck is not null || value.TruncatedCheck is not null)
            {
                return true;
            }

            if (value.Lower is { Asserted: false } lower && !lower.Origin.IsIntrinsic())
            {
                return true;
            }

            foreach (var upper in value.Uppers)
            {
                if (!upper.Asserted && !upper.Origin.IsIntrinsic())
                {
                    return true;
                }
            }

            return false;
        }
    }
}
