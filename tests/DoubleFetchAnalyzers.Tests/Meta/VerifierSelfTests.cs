using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using DoubleFetchAnalyzers.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace DoubleFetchAnalyzers.Tests.Meta
{
    /// <summary>The in-house verifier passes what is right and fails what is wrong, for the right reason.</summary>
    public class VerifierSelfTests
    {
        private const string FortyTwo = """
            class C
            {
                int F() => [|42|];
            }
            """;

        // ---- Analyzer verification ----

        [Fact]
        public Task CorrectMarkupExpectation_Passes()
            => CSharpAnalyzerVerifier<FortyTwoAnalyzer>.VerifyAnalyzerAsync(FortyTwo);

        [Fact]
        public Task CleanCode_Passes()
            => CSharpAnalyzerVerifier<FortyTwoAnalyzer>.VerifyAnalyzerAsync("""
                class C
                {
                    int F() => 43;
                }
                """);

        [Fact]
        public Task NumberedLocationWithAllDetails_Passes()
            => CSharpAnalyzerVerifier<FortyTwoAnalyzer>.VerifyAnalyzerAsync(
                """
                class C
                {
                    int F() => {|#0:42|};
                }
                """,
                CSharpAnalyzerVerifier<FortyTwoAnalyzer>.Diagnostic()
                    .WithLocation(0)
                    .WithArguments("42")
                    .WithMessage("Literal 42 is forbidden")
                    .WithSeverity(DiagnosticSeverity.Warning));

        [Fact]
        public Task IdMarkup_Passes()
            => CSharpAnalyzerVerifier<FortyTwoAnalyzer>.VerifyAnalyzerAsync("""
                class C
                {
                    int F() => {|TST0001:42|};
                }
                """);

        [Fact]
        public Task ExplicitSpan_Passes()
            => CSharpAnalyzerVerifier<FortyTwoAnalyzer>.VerifyAnalyzerAsync(
                """
                class C
                {
                    int F() => 42;
                }
                """,
                CSharpAnalyzerVerifier<FortyTwoAnalyzer>.Diagnostic().WithSpan(3, 16, 3, 18));

        [Fact]
        public Task DiagnosticInAdditionalSource_IsCheckedByPath()
        {
            var test = new CSharpAnalyzerVerifier<FortyTwoAnalyzer>.Test
            {
                TestCode = "class C { }",
                AdditionalSources = { ("Other.cs", "class D { int G() => 42; }") },
                ExpectedDiagnostics = { CSharpAnalyzerVerifier<FortyTwoAnalyzer>.Diagnostic().WithSpan("/0/Other.cs", 1, 22, 1, 24) },
            };
            return test.RunAsync();
        }

        [Fact]
        public Task MissingDiagnostic_Fails()
            => AssertFailsAsync(
                () => CSharpAnalyzerVerifier<FortyTwoAnalyzer>.VerifyAnalyzerAsync("""
                    class C
                    {
                        int F() => [|43|];
                    }
                    """),
                "Missing", "TST0001 /0/Test0.cs(3,16)-(3,18) \"43\"");

        [Fact]
        public Task ExtraDiagnostic_Fails()
            => AssertFailsAsync(
                () => CSharpAnalyzerVerifier<FortyTwoAnalyzer>.VerifyAnalyzerAsync("""
                    class C
                    {
                        int F() => [|42|] + 42;
                    }
                    """),
                "Unexpected", "(3,21)-(3,23) \"42\": Literal 42 is forbidden", "{|TST0001:42|} + {|TST0001:42|}");

        [Fact]
        public Task WrongSpan_Fails()
            => AssertFailsAsync(
                () => CSharpAnalyzerVerifier<FortyTwoAnalyzer>.VerifyAnalyzerAsync("""
                    class C
                    {
                        int F() => [|42 + 1|];
                    }
                    """),
                "Missing", "\"42 + 1\"", "Unexpected", "\"42\"");

        [Fact]
        public Task WrongExplicitSpan_Fails()
            => AssertFailsAsync(
                () => CSharpAnalyzerVerifier<FortyTwoAnalyzer>.VerifyAnalyzerAsync(
                    "class C { int F() => 42; }",
                    CSharpAnalyzerVerifier<FortyTwoAnalyzer>.Diagnostic().WithSpan(1, 21, 1, 24)),
                "Missing", "Unexpected");

        [Fact]
        public Task WrongArguments_Fail()
            => AssertFailsAsync(
                () => CSharpAnalyzerVerifier<FortyTwoAnalyzer>.VerifyAnalyzerAsync(
                    "class C { int F() => {|#0:42|}; }",
                    CSharpAnalyzerVerifier<FortyTwoAnalyzer>.Diagnostic().WithLocation(0).WithArguments("43")),
                "arguments (\"43\") expected, actual (\"42\")");

        [Fact]
        public Task TooManyArguments_Fail()
            => AssertFailsAsync(
                () => CSharpAnalyzerVerifier<FortyTwoAnalyzer>.VerifyAnalyzerAsync(
                    "class C { int F() => {|#0:42|}; }",
                    CSharpAnalyzerVerifier<FortyTwoAnalyzer>.Diagnostic().WithLocation(0).WithArguments("42", "extra")),
                "arguments");

        [Fact]
        public Task WrongMessage_Fails()
            => AssertFailsAsync(
                () => CSharpAnalyzerVerifier<FortyTwoAnalyzer>.VerifyAnalyzerAsync(
                    "class C { int F() => {|#0:42|}; }",
                    CSharpAnalyzerVerifier<FortyTwoAnalyzer>.Diagnostic().WithLocation(0).WithMessage("Literal 42 is fine")),
                "message \"Literal 42 is fine\" expected");

        [Fact]
        public Task WrongSeverity_Fails()
            => AssertFailsAsync(
                () => CSharpAnalyzerVerifier<FortyTwoAnalyzer>.VerifyAnalyzerAsync(
                    "class C { int F() => {|#0:42|}; }",
                    CSharpAnalyzerVerifier<FortyTwoAnalyzer>.Diagnostic().WithLocation(0).WithSeverity(DiagnosticSeverity.Error)),
                "severity Error expected, actual Warning");

        [Fact]
        public Task ExpectedLocationWhereThereIsNone_Fails()
            => AssertFailsAsync(
                () => CSharpAnalyzerVerifier<FortyTwoAnalyzer>.VerifyAnalyzerAsync(
                    "class C { int F() => 42; }",
                    CSharpAnalyzerVerifier<FortyTwoAnalyzer>.Diagnostic().WithNoLocation()),
                "Missing", "(no location)", "Unexpected");

        [Fact]
        public Task UnknownMarkupLocation_Fails()
            => AssertFailsAsync(
                () => CSharpAnalyzerVerifier<FortyTwoAnalyzer>.VerifyAnalyzerAsync(
                    "class C { int F() => {|#0:42|}; }",
                    CSharpAnalyzerVerifier<FortyTwoAnalyzer>.Diagnostic().WithLocation(1)),
                "location #1");

        [Fact]
        public Task AdditionalLocations_Pass()
            => CSharpAnalyzerVerifier<DuplicateLiteralAnalyzer>.VerifyAnalyzerAsync(
                """
                class C
                {
                    int F() => {|#0:7|} + {|#1:7|};
                }
                """,
                CSharpAnalyzerVerifier<DuplicateLiteralAnalyzer>.Diagnostic().WithLocation(1).WithAdditionalLocation(0).WithArguments("7"));

        [Fact]
        public Task AdditionalLocationsAreOnlyCheckedWhenGiven()
            => CSharpAnalyzerVerifier<DuplicateLiteralAnalyzer>.VerifyAnalyzerAsync("""
                class C
                {
                    int F() => 7 + [|7|];
                }
                """);

        [Fact]
        public Task WrongAdditionalLocation_Fails()
            => AssertFailsAsync(
                () => CSharpAnalyzerVerifier<DuplicateLiteralAnalyzer>.VerifyAnalyzerAsync(
                    """
                    class C
                    {
                        int F() => {|#0:7|} + {|#1:7|} + {|#2:1|};
                    }
                    """,
                    CSharpAnalyzerVerifier<DuplicateLiteralAnalyzer>.Diagnostic().WithLocation(1).WithAdditionalLocation(2)),
                "additional locations [/0/Test0.cs(3,24)-(3,25)] expected, actual [/0/Test0.cs(3,16)-(3,17)]");

        // ---- Compiler diagnostics ----

        [Fact]
        public Task CompilerErrorInTestCode_Fails()
            => AssertFailsAsync(
                () => CSharpAnalyzerVerifier<FortyTwoAnalyzer>.VerifyAnalyzerAsync("""
                    class C
                    {
                        int F() => undefinedName;
                    }
                    """),
                "CS0103", "Compiler diagnostics are checked too");

        [Fact]
        public Task ExpectedCompilerError_Passes()
            => CSharpAnalyzerVerifier<FortyTwoAnalyzer>.VerifyAnalyzerAsync("""
                class C
                {
                    int F() => {|CS0103:undefinedName|};
                }
                """);

        [Fact]
        public Task CompilerWarnings_AreIgnoredByDefault()
            => CSharpAnalyzerVerifier<FortyTwoAnalyzer>.VerifyAnalyzerAsync("""
                class C
                {
                    void F() { int unused = 1; }
                }
                """);

        [Fact]
        public Task CompilerDiagnosticsNone_IgnoresErrors()
            => new CSharpAnalyzerVerifier<FortyTwoAnalyzer>.Test
            {
                TestCode = "class C { int F() => undefinedName + [|42|]; }",
                CompilerDiagnostics = CompilerDiagnostics.None,
            }.RunAsync();

        [Fact]
        public Task UnsafeCode_IsAllowedByDefault()
            => CSharpAnalyzerVerifier<FortyTwoAnalyzer>.VerifyAnalyzerAsync("""
                unsafe class C
                {
                    int F(int* p) => *p + [|42|];
                }
                """);

        // ---- Markup ----

        [Fact]
        public void NestedMarkup_Parses()
        {
            var parsed = TestMarkup.Parse("int x = {|TST0001:{|#0:42|}|} + [|{|#1:7|} + 1|];");

            Assert.Equal("int x = 42 + 7 + 1;", parsed.Text);
            Assert.Equal(new TextSpan(8, 2), parsed.Locations[0]);
            Assert.Equal(new TextSpan(13, 1), parsed.Locations[1]);
            Assert.Equal(
                new[] { new MarkupDiagnostic("TST0001", new TextSpan(8, 2)), new MarkupDiagnostic(null, new TextSpan(13, 5)) },
                parsed.Diagnostics);
        }

        [Theory]
        [InlineData("int x = [|42;", "never closed")]
        [InlineData("int x = [|42|};", "does not close")]
        [InlineData("int x = 42|];", "does not close")]
        [InlineData("int x = {|bad:42|};", "'{|' must be followed by")]
        [InlineData("int x = {|#0:4|} + {|#0:2|};", "location #0 is marked twice")]
        public void InvalidMarkup_Throws(string markup, string message)
            => Assert.Contains(message, Assert.Throws<FormatException>(() => TestMarkup.Parse(markup)).Message);

        [Fact]
        public Task NestedMarkup_Passes()
            => CSharpAnalyzerVerifier<DuplicateLiteralAnalyzer>.VerifyAnalyzerAsync(
                """
                class C
                {
                    int F() => {|#0:7|} + {|TST0003:{|#1:7|}|} + {|#2:7|};
                }
                """,
                CSharpAnalyzerVerifier<DuplicateLiteralAnalyzer>.Diagnostic().WithLocation(2).WithAdditionalLocation(0));

        [Fact]
        public void DiagnosticWithoutId_ThrowsForAnalyzerWithSeveralRules()
        {
            Assert.Throws<InvalidOperationException>(() => CSharpAnalyzerVerifier<TwoRuleAnalyzer>.Diagnostic());
            Assert.Throws<InvalidOperationException>(() => CSharpAnalyzerVerifier<TwoRuleAnalyzer>.Diagnostic("TST9999"));
            Assert.Equal("TST0007", CSharpAnalyzerVerifier<TwoRuleAnalyzer>.Diagnostic("TST0007").Id);
        }

        [Fact]
        public Task DefaultMarkup_FailsForAnalyzerWithSeveralRules()
            => AssertFailsAsync(
                () => CSharpAnalyzerVerifier<TwoRuleAnalyzer>.VerifyAnalyzerAsync("class C { int F() => [|42|]; }"),
                "MarkupDiagnosticId");

        [Fact]
        public Task DefaultMarkup_UsesMarkupDiagnosticId()
            => new CSharpAnalyzerVerifier<TwoRuleAnalyzer>.Test
            {
                TestCode = "class C { int F() => [|42|] + {|TST0007:7|}; }",
                MarkupDiagnosticId = "TST0001",
            }.RunAsync();

        // ---- Configuration ----

        [Fact]
        public Task EditorConfigTreeOption_ReachesAnalyzer()
            => new CSharpAnalyzerVerifier<OptionEchoAnalyzer>.Test
            {
                TestCode = "{|#0:class|} C { }",
                EditorConfig = "root = true\n[*.cs]\ntst_tree_option = hello",
                ExpectedDiagnostics = { CSharpAnalyzerVerifier<OptionEchoAnalyzer>.Diagnostic().WithLocation(0).WithArguments("tst_tree_option", "hello") },
            }.RunAsync();

        [Fact]
        public Task EditorConfigSectionForOtherFiles_DoesNotApply()
            => new CSharpAnalyzerVerifier<OptionEchoAnalyzer>.Test
            {
                TestCode = "class C { }",
                EditorConfig = "root = true\n[*.vb]\ntst_tree_option = hello",
            }.RunAsync();

        [Fact]
        public Task GlobalConfigOption_ReachesAnalyzer()
            => new CSharpAnalyzerVerifier<OptionEchoAnalyzer>.Test
            {
                TestCode = "class C { }",
                GlobalConfig = "tst_global_option = world",
                ExpectedDiagnostics = { CSharpAnalyzerVerifier<OptionEchoAnalyzer>.Diagnostic().WithNoLocation().WithArguments("tst_global_option", "world") },
            }.RunAsync();

        [Fact]
        public Task GlobalEditorConfig_ReachesAnalyzerGlobalOptions()
            => new CSharpAnalyzerVerifier<OptionEchoAnalyzer>.Test
            {
                TestCode = "class C { }",
                EditorConfig = "is_global = true\ntst_global_option = world",
                ExpectedDiagnostics = { CSharpAnalyzerVerifier<OptionEchoAnalyzer>.Diagnostic().WithNoLocation().WithArguments("tst_global_option", "world") },
            }.RunAsync();

        [Theory]
        [InlineData("root = true\n[*.cs]\ndotnet_diagnostic.TST0001.severity = none", null)]
        [InlineData(null, "dotnet_diagnostic.TST0001.severity = none")]
        public Task SeverityNone_SuppressesDiagnostic(string? editorConfig, string? globalConfig)
            => new CSharpAnalyzerVerifier<FortyTwoAnalyzer>.Test
            {
                TestCode = "class C { int F() => 42; }",
                EditorConfig = editorConfig,
                GlobalConfig = globalConfig,
            }.RunAsync();

        [Fact]
        public Task SeverityError_IsReported()
            => new CSharpAnalyzerVerifier<FortyTwoAnalyzer>.Test
            {
                TestCode = "class C { int F() => {|#0:42|}; }",
                EditorConfig = "root = true\n[*.cs]\ndotnet_diagnostic.TST0001.severity = error",
                ExpectedDiagnostics = { CSharpAnalyzerVerifier<FortyTwoAnalyzer>.Diagnostic().WithLocation(0).WithSeverity(DiagnosticSeverity.Error) },
            }.RunAsync();

        [Fact]
        public Task DisabledByDefaultRule_IsReported()
            => CSharpAnalyzerVerifier<DisabledByDefaultAnalyzer>.VerifyAnalyzerAsync("class C { int F() => [|42|]; }");

        [Theory]
        [InlineData("root = true\n[*.cs]\ndotnet_diagnostic.TST0006.severity = none", null)]
        [InlineData(null, "dotnet_diagnostic.TST0006.severity = none")]
        public Task DisabledByDefaultRule_CanBeTurnedOffByConfig(string? editorConfig, string? globalConfig)
            => new CSharpAnalyzerVerifier<DisabledByDefaultAnalyzer>.Test
            {
                TestCode = "class C { int F() => 42; }",
                EditorConfig = editorConfig,
                GlobalConfig = globalConfig,
            }.RunAsync();

        [Fact]
        public Task DisabledDiagnostics_AreSuppressed()
            => new CSharpAnalyzerVerifier<FortyTwoAnalyzer>.Test
            {
                TestCode = "class C { int F() => 42; }",
                DisabledDiagnostics = { "TST0001" },
            }.RunAsync();

        // ---- Analyzer exceptions ----

        [Fact]
        public Task ThrowingAnalyzer_Fails()
            => AssertFailsAsync(
                () => CSharpAnalyzerVerifier<ThrowingAnalyzer>.VerifyAnalyzerAsync("class C { }"),
                "ThrowingAnalyzer threw an exception", "boom from the analyzer");

        // ---- Code fixes ----

        [Fact]
        public Task CodeFix_Passes()
            => CSharpCodeFixVerifier<FortyTwoAnalyzer, FortyTwoFixer>.VerifyCodeFixAsync(
                FortyTwo,
                """
                class C
                {
                    int F() => 43;
                }
                """);

        [Fact]
        public Task CodeFixOnSeveralDiagnostics_PassesIncrementallyAndWithFixAll()
            => CSharpCodeFixVerifier<FortyTwoAnalyzer, FortyTwoFixer>.VerifyCodeFixAsync(
                """
                class C
                {
                    int F() => [|42|] + [|42|];
                    int G() => [|42|];
                }
                """,
                """
                class C
                {
                    int F() => 43 + 43;
                    int G() => 43;
                }
                """);

        [Fact]
        public Task FixAll_FixesEveryDiagnosticInOnePass()
            => new CSharpCodeFixVerifier<FortyTwoAnalyzer, FortyTwoFixer>.Test
            {
                TestCode = "class C { int F() => [|42|] + [|42|] + [|42|]; }",
                FixedCode = "class C { int F() => 43 + 43 + 43; }",
                NumberOfFixAllIterations = 1,
            }.RunAsync();

        [Fact]
        public Task FixAllInSolutionScope_IsChecked()
            => AssertFailsAsync(
                () => CSharpCodeFixVerifier<FortyTwoAnalyzer, SolutionScopeBreakingFixer>.VerifyCodeFixAsync(FortyTwo, FortyTwo.Replace("[|42|]", "43")),
                "Fix All in Solution: the fixed code differs", "actual:   // broken");

        [Fact]
        public Task CodeFixWithExplicitExpectation_Passes()
            => CSharpCodeFixVerifier<FortyTwoAnalyzer, FortyTwoFixer>.VerifyCodeFixAsync(
                "class C { int F() => {|#0:42|}; }",
                CSharpCodeFixVerifier<FortyTwoAnalyzer, FortyTwoFixer>.Diagnostic().WithLocation(0).WithArguments("42"),
                "class C { int F() => 43; }");

        [Fact]
        public Task WrongFixedCode_Fails()
            => AssertFailsAsync(
                () => CSharpCodeFixVerifier<FortyTwoAnalyzer, FortyTwoFixer>.VerifyCodeFixAsync(FortyTwo, FortyTwo.Replace("[|42|]", "44")),
                "Code fix: the fixed code differs", "expected:     int F() => 44;", "actual:       int F() => 43;");

        [Fact]
        public Task EquivalenceKey_SelectsNestedAction()
            => new CSharpCodeFixVerifier<FortyTwoAnalyzer, FortyTwoFixer>.Test
            {
                TestCode = FortyTwo,
                FixedCode = FortyTwo.Replace("[|42|]", "44"),
                CodeActionEquivalenceKey = "TST0001:44",
            }.RunAsync();

        [Fact]
        public Task CodeActionIndex_CountsFlattenedActions()
            => new CSharpCodeFixVerifier<FortyTwoAnalyzer, FortyTwoFixer>.Test
            {
                TestCode = FortyTwo,
                FixedCode = FortyTwo.Replace("[|42|]", "44"),
                CodeActionIndex = 1,
            }.RunAsync();

        [Fact]
        public Task UnknownEquivalenceKey_Fails()
            => AssertFailsAsync(
                () => new CSharpCodeFixVerifier<FortyTwoAnalyzer, FortyTwoFixer>.Test
                {
                    TestCode = FortyTwo,
                    FixedCode = FortyTwo.Replace("[|42|]", "43"),
                    CodeActionEquivalenceKey = "TST0001:45",
                }.RunAsync(),
                "the fixed code differs", "no matching action for TST0001", "'Use 43' (key 'TST0001:43')");

        [Fact]
        public Task FixThatBreaksTheCode_Fails()
            => AssertFailsAsync(
                () => new CSharpCodeFixVerifier<FortyTwoAnalyzer, FortyTwoFixer>.Test
                {
                    TestCode = FortyTwo,
                    FixedCode = FortyTwo.Replace("[|42|]", "undefinedName"),
                    CodeActionEquivalenceKey = "TST0001:break",
                }.RunAsync(),
                "Code fix result", "CS0103");

        [Fact]
        public Task FixThatNeverConverges_Fails()
            => AssertFailsAsync(
                () => new CSharpCodeFixVerifier<FortyTwoAnalyzer, FortyTwoFixer>.Test
                {
                    TestCode = FortyTwo,
                    FixedCode = FortyTwo.Replace("[|42|]", "42"),
                    CodeActionEquivalenceKey = "TST0001:keep",
                }.RunAsync(),
                "still offers 'Keep 42'");

        [Fact]
        public Task WrongBatchFixedCode_Fails()
            => AssertFailsAsync(
                () => new CSharpCodeFixVerifier<FortyTwoAnalyzer, FortyTwoFixer>.Test
                {
                    TestCode = FortyTwo,
                    FixedCode = FortyTwo.Replace("[|42|]", "43"),
                    BatchFixedCode = FortyTwo.Replace("[|42|]", "44"),
                }.RunAsync(),
                "Fix All in Document: the fixed code differs");

        [Fact]
        public Task MissingFixAllProvider_Fails()
            => AssertFailsAsync(
                () => CSharpCodeFixVerifier<FortyTwoAnalyzer, NoFixAllFixer>.VerifyCodeFixAsync(FortyTwo, FortyTwo.Replace("[|42|]", "43")),
                "has no FixAllProvider");

        [Fact]
        public Task MissingFixAllProvider_PassesWhenFixAllIsSkipped()
            => new CSharpCodeFixVerifier<FortyTwoAnalyzer, NoFixAllFixer>.Test
            {
                TestCode = FortyTwo,
                FixedCode = FortyTwo.Replace("[|42|]", "43"),
                TestBehaviors = TestBehaviors.SkipFixAllCheck,
            }.RunAsync();

        [Fact]
        public Task RemainingDiagnosticsMarkedInFixedCode_Pass()
            => CSharpCodeFixVerifier<TwoRuleAnalyzer, FortyTwoFixer>.VerifyCodeFixAsync(
                "class C { int F() => {|TST0001:42|} + {|TST0007:7|}; }",
                "class C { int F() => 43 + {|TST0007:7|}; }");

        [Fact]
        public Task RemainingDiagnosticsAsFixedExpectedDiagnostics_Pass()
            => new CSharpCodeFixVerifier<TwoRuleAnalyzer, FortyTwoFixer>.Test
            {
                TestCode = "class C { int F() => {|TST0001:42|} + {|TST0007:7|}; }",
                FixedCode = "class C { int F() => 43 + {|#0:7|}; }",
                FixedExpectedDiagnostics = { CSharpCodeFixVerifier<TwoRuleAnalyzer, FortyTwoFixer>.Diagnostic("TST0007").WithLocation(0) },
            }.RunAsync();

        [Fact]
        public Task UnexpectedRemainingDiagnostic_Fails()
            => AssertFailsAsync(
                () => CSharpCodeFixVerifier<TwoRuleAnalyzer, FortyTwoFixer>.VerifyCodeFixAsync(
                    "class C { int F() => {|TST0001:42|} + {|TST0007:7|}; }",
                    "class C { int F() => 43 + 7; }"),
                "Code fix result", "Unexpected", "TST0007");

        [Fact]
        public Task FixedCodeInAnalyzerOnlyTest_Throws()
            => Assert.ThrowsAsync<InvalidOperationException>(() => new CSharpAnalyzerVerifier<FortyTwoAnalyzer>.Test
            {
                TestCode = FortyTwo,
                FixedCode = FortyTwo,
            }.RunAsync());

        private static async Task AssertFailsAsync(Func<Task> test, params string[] messageFragments)
        {
            var exception = await Assert.ThrowsAnyAsync<Exception>(test);
            foreach (var fragment in messageFragments)
            {
                Assert.Contains(fragment, exception.Message, StringComparison.Ordinal);
            }
        }

        // ---- Tiny analyzers and fixers under test ----

#pragma warning disable RS1001, RS2008 // Test-only analyzers: no compiler loads them, no release to track.

        private static DiagnosticDescriptor Rule(string id, string message, bool enabled = true)
            => new(id, id, message, "Test", DiagnosticSeverity.Warning, isEnabledByDefault: enabled);

        /// <summary>Reports integer literals with given values.</summary>
        private abstract class LiteralAnalyzer : DiagnosticAnalyzer
        {
            private readonly ImmutableDictionary<int, DiagnosticDescriptor> _rules;

            protected LiteralAnalyzer(params (int Value, DiagnosticDescriptor Rule)[] rules)
            {
                _rules = rules.ToImmutableDictionary(r => r.Value, r => r.Rule);
            }

            public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => _rules.Values.OrderBy(r => r.Id).ToImmutableArray();

            public override void Initialize(AnalysisContext context)
            {
                context.EnableConcurrentExecution();
                context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
                context.RegisterSyntaxNodeAction(
                    c =>
                    {
                        var literal = (LiteralExpressionSyntax)c.Node;
                        if (literal.Token.Value is int value && _rules.TryGetValue(value, out var rule))
                        {
                            c.ReportDiagnostic(Diagnostic.Create(rule, literal.GetLocation(), literal.Token.ValueText));
                        }
                    },
                    SyntaxKind.NumericLiteralExpression);
            }
        }

        private sealed class FortyTwoAnalyzer : LiteralAnalyzer
        {
            public FortyTwoAnalyzer()
                : base((42, Rule("TST0001", "Literal {0} is forbidden")))
            {
            }
        }

        private sealed class TwoRuleAnalyzer : LiteralAnalyzer
        {
            public TwoRuleAnalyzer()
                : base((42, Rule("TST0001", "Literal {0} is forbidden")), (7, Rule("TST0007", "Literal {0} is unlucky")))
            {
            }
        }

        private sealed class DisabledByDefaultAnalyzer : LiteralAnalyzer
        {
            public DisabledByDefaultAnalyzer()
                : base((42, Rule("TST0006", "Literal {0} is forbidden when enabled", enabled: false)))
            {
            }
        }

        /// <summary>Reports a literal that repeats an earlier one, with the earlier one as additional location.</summary>
        private sealed class DuplicateLiteralAnalyzer : DiagnosticAnalyzer
        {
            private static readonly DiagnosticDescriptor Repeated = Rule("TST0003", "Literal {0} repeats an earlier one");

            public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Repeated);

            public override void Initialize(AnalysisContext context)
            {
                context.EnableConcurrentExecution();
                context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
                context.RegisterSyntaxTreeAction(c =>
                {
                    var first = new Dictionary<string, Location>();
                    foreach (var literal in c.Tree.GetRoot(c.CancellationToken).DescendantNodes().OfType<LiteralExpressionSyntax>())
                    {
                        var text = literal.Token.ValueText;
                        if (first.TryGetValue(text, out var earlier))
                        {
                            c.ReportDiagnostic(Diagnostic.Create(Repeated, literal.GetLocation(), new[] { earlier }, text));
                        }
                        else
                        {
                            first.Add(text, literal.GetLocation());
                        }
                    }
                });
            }
        }

        /// <summary>Echoes the tree option "tst_tree_option" at the first token and the global "tst_global_option" without location.</summary>
        private sealed class OptionEchoAnalyzer : DiagnosticAnalyzer
        {
            private static readonly DiagnosticDescriptor Echo = Rule("TST0002", "Option {0} = {1}");

            public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Echo);

            public override void Initialize(AnalysisContext context)
            {
                context.EnableConcurrentExecution();
                context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
                context.RegisterSyntaxTreeAction(c =>
                {
                    if (c.Options.AnalyzerConfigOptionsProvider.GetOptions(c.Tree).TryGetValue("tst_tree_option", out var value))
                    {
                        var token = c.Tree.GetRoot(c.CancellationToken).GetFirstToken();
                        c.ReportDiagnostic(Diagnostic.Create(Echo, token.GetLocation(), "tst_tree_option", value));
                    }
                });
                context.RegisterCompilationAction(c =>
                {
                    if (c.Options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue("tst_global_option", out var value))
                    {
                        c.ReportDiagnostic(Diagnostic.Create(Echo, Location.None, "tst_global_option", value));
                    }
                });
            }
        }

        private sealed class ThrowingAnalyzer : DiagnosticAnalyzer
        {
            public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule("TST0005", "Never reported"));

            public override void Initialize(AnalysisContext context)
            {
                context.EnableConcurrentExecution();
                context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
                context.RegisterSyntaxNodeAction(_ => throw new InvalidOperationException("boom from the analyzer"), SyntaxKind.ClassDeclaration);
            }
        }

        /// <summary>
        /// Offers, in this order: "Use 43", a group "More" holding "Use 44", "Break the code" (an undefined name)
        /// and "Keep 42" (changes nothing).
        /// </summary>
        private class FortyTwoFixer : CodeFixProvider
        {
            public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create("TST0001");

            public override FixAllProvider? GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

            public override async Task RegisterCodeFixesAsync(CodeFixContext context)
            {
                var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
                if (root?.FindNode(context.Span, getInnermostNodeForTie: true) is not LiteralExpressionSyntax literal)
                {
                    return;
                }

                CodeAction Replace(string title, string key, string expression)
                    => CodeAction.Create(
                        title,
                        _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(literal, SyntaxFactory.ParseExpression(expression).WithTriviaFrom(literal)))),
                        key);

                context.RegisterCodeFix(Replace("Use 43", "TST0001:43", "43"), context.Diagnostics);
                context.RegisterCodeFix(CodeAction.Create("More", ImmutableArray.Create(Replace("Use 44", "TST0001:44", "44")), isInlinable: false), context.Diagnostics);
                context.RegisterCodeFix(Replace("Break the code", "TST0001:break", "undefinedName"), context.Diagnostics);
                context.RegisterCodeFix(Replace("Keep 42", "TST0001:keep", "42"), context.Diagnostics);
            }
        }

        private sealed class NoFixAllFixer : FortyTwoFixer
        {
            public override FixAllProvider? GetFixAllProvider() => null;
        }

        /// <summary>Fix All is right in document and project scope and wrong in solution scope.</summary>
        private sealed class SolutionScopeBreakingFixer : FortyTwoFixer
        {
            public override FixAllProvider? GetFixAllProvider() => new Provider();

            private sealed class Provider : FixAllProvider
            {
                public override Task<CodeAction?> GetFixAsync(FixAllContext context)
                    => context.Scope == FixAllScope.Solution
                        ? Task.FromResult<CodeAction?>(CodeAction.Create(
                            "Break everything",
                            _ => Task.FromResult(context.Solution.WithDocumentText(context.Document!.Id, SourceText.From("// broken")))))
                        : WellKnownFixAllProviders.BatchFixer.GetFixAsync(context);
            }
        }
#pragma warning restore RS1001, RS2008
    }
}
