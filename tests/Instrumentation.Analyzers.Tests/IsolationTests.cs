using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Instrumentation.Analyzers.Guard;
using Instrumentation.Analyzers.Tests.Infrastructure;
using Instrumentation.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;
using Stage = Instrumentation.Analyzers.Guard.FaultInjection.Stage;

namespace Instrumentation.Analyzers.Tests;

/// <summary>
/// Issue 12 §1 for the analyzers and code fixes: an exception never escapes (no AD0001, no analyzer switched off for
/// the compilation). A failure on one declaration or expression is one INS0036 at that place, and every other
/// diagnostic of the compilation is still reported. Failures are forced with the test hook <see cref="FaultInjection"/>.
/// </summary>
public sealed class IsolationTests
{
    private const string Usings = PersonalDataTests.Usings;
    private const string Injected = "System.InvalidOperationException";

    [Fact]
    public async Task A_symbol_action_that_throws_on_one_method_reports_INS0036_there_and_the_other_methods_are_still_analysed()
    {
        const string source = Usings + """
            public class C
            {
                [Operation("db.write")]
                public void {|#0:Explode|}([MetricLabel] string userId) { }
                [Operation("db.read")]
                public void Fine([{|INS1001:MetricLabel|}] string userId) { }
            }
            """;

        using (FaultInjection.Throw(Stage.Symbol, nameof(MetricLabelAnalyzer), "Explode"))
        {
            await Verify<MetricLabelAnalyzer>.AnalyzerAsync(
                source,
                Verify<MetricLabelAnalyzer>.Diagnostic("INS0036").WithLocation(0)
                    .WithArguments(nameof(MetricLabelAnalyzer), "'C.Explode(string)'", Injected, "Injected failure in MetricLabelAnalyzer at Symbol"));
        }
    }

    [Fact]
    public async Task An_operation_action_that_throws_in_one_method_reports_INS0036_at_each_expression_and_the_rest_is_still_analysed()
    {
        const string source = Usings + """
            public class C
            {
                static readonly Counter<long> Calls = new Meter("m").CreateCounter<long>("calls_total");
                public void Explode(string userId) => {|INS0036:Calls.Add(1, {|INS0036:new KeyValuePair<string, object?>("user_id", userId)|})|};
                public void Fine(string userId) => Calls.Add(1, {|INS1002:new KeyValuePair<string, object?>("user_id", userId)|});
            }
            """;

        using (FaultInjection.Throw(Stage.Operation, nameof(HandWrittenTagAnalyzer), "Explode"))
        {
            await Verify<HandWrittenTagAnalyzer>.AnalyzerAsync(source);
        }
    }

    [Fact]
    public async Task A_compilation_end_action_that_throws_reports_one_INS0036_without_location_and_the_per_symbol_diagnostics_stay()
    {
        const string source = Usings + """
            public class C
            {
                [{|INS1020:Operation("DB.Write")|}]
                public void M() { }
            }
            """;

        using (FaultInjection.Throw(Stage.CompilationEnd, nameof(NamingAnalyzer)))
        {
            await Verify<NamingAnalyzer>.AnalyzerAsync(
                source,
                Verify<NamingAnalyzer>.Diagnostic("INS0036").WithNoLocation()
                    .WithArguments(nameof(NamingAnalyzer), "the end of the compilation 'TestProject'", Injected, "Injected failure in NamingAnalyzer at CompilationEnd"));
        }
    }

    [Fact]
    public async Task A_compilation_start_action_that_throws_reports_one_INS0036_and_other_analyzers_of_the_compilation_still_report()
    {
        const string source = Usings + """
            public class C
            {
                [Operation("DB.Write")]
                public void M([MetricLabel] string userId) { }
            }
            """;

        using (FaultInjection.Throw(Stage.CompilationStart, nameof(NamingAnalyzer)))
        {
            var diagnostics = await AnalyzeAsync(source);

            Assert.Equal(
                new[] { ("INS0036", false), ("INS1001", true) },
                diagnostics.Select(d => (d.Id, d.Location.IsInSource)).OrderBy(p => p.Id, StringComparer.Ordinal).ToArray());
            Assert.Contains("NamingAnalyzer failed on the compilation", diagnostics.Single(d => d.Id == "INS0036").GetMessage(), StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Every analyzer, each action kind: with a failure forced in one method, the diagnostics outside it are exactly
    /// those of a run without the failure, and the failure is INS0036 inside that method, never AD0001.
    /// </summary>
    [Theory]
    [InlineData(nameof(MetricLabelAnalyzer), nameof(Stage.Symbol))]
    [InlineData(nameof(HandWrittenTagAnalyzer), nameof(Stage.Operation))]
    [InlineData(nameof(PersonalDataAnalyzer), nameof(Stage.Symbol))]
    [InlineData(nameof(PersonalDataAnalyzer), nameof(Stage.Operation))]
    [InlineData(nameof(NamingAnalyzer), nameof(Stage.Symbol))]
    [InlineData(nameof(NamingAnalyzer), nameof(Stage.Operation))]
    [InlineData(nameof(UninstrumentableCallAnalyzer), nameof(Stage.Operation))]
    public async Task Every_analyzer_keeps_reporting_outside_the_failing_method(string analyzer, string stage)
    {
        string Body(string name) => """
                [Operation("DB.Run")]
                public void NAME([MetricLabel] string userId, [SpanAttribute] string phoneNumber)
                {
                    Calls.Add(1, new KeyValuePair<string, object?>("user_id", userId));
                    Func<string, string, int> f = Target;
                    _ = new Meter("m").CreateCounter<long>("BadName");
                }
            """.Replace("NAME", name, StringComparison.Ordinal);
        var source = Usings + "public class C\n{\n    static readonly Counter<long> Calls = new Meter(\"m\").CreateCounter<long>(\"calls_total\");\n"
            + "    [Operation(\"job.target\")] public int Target(string a, string b) => 1;\n"
            + Body("Explode") + Body("Fine") + "}\n";
        var tree = CSharpSyntaxTree.ParseText(source, AnalyzerHarness.ParseOptions);
        var explode = tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax>().Single(m => m.Identifier.Text == "Explode").Span;

        var expected = (await AnalyzeAsync(source)).Where(d => !explode.Contains(d.Location.SourceSpan)).Select(Describe).ToArray();
        ImmutableArray<Diagnostic> actual;
        using (FaultInjection.Throw(Enum.Parse<Stage>(stage), analyzer, "Explode"))
        {
            actual = await AnalyzeAsync(source);
        }

        Assert.NotEmpty(expected);
        Assert.Equal(expected, actual.Where(d => !explode.Contains(d.Location.SourceSpan)).Select(Describe).ToArray());
        var failures = actual.Where(d => d.Id == "INS0036").ToArray();
        Assert.NotEmpty(failures);
        Assert.All(failures, d => Assert.True(explode.Contains(d.Location.SourceSpan), d.ToString()));
        Assert.All(failures, d => Assert.Contains(analyzer + " failed on", d.GetMessage(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_code_fix_that_throws_while_registering_offers_no_fix_and_does_not_throw()
    {
        const string source = Usings + """
            public class C
            {
                [Operation("db.write")]
                public void M([MetricLabel("device")] string device) { }
            }
            """;
        Assert.Single(await OfferedAsync(source, new MetricLabelToSpanAttributeCodeFix()));

        using (FaultInjection.Throw(Stage.RegisterCodeFix, nameof(MetricLabelToSpanAttributeCodeFix)))
        {
            Assert.Empty(await OfferedAsync(source, new MetricLabelToSpanAttributeCodeFix()));
        }
    }

    [Fact]
    public async Task A_code_action_that_throws_while_computing_its_change_changes_nothing_and_does_not_throw()
    {
        const string source = Usings + """
            public class C
            {
                [Operation("db.write")]
                public void M([MetricLabel("device")] string device) { }
            }
            """;
        var action = Assert.Single(await OfferedAsync(source, new MetricLabelToSpanAttributeCodeFix()));
        Assert.Contains("SpanAttribute(\"device\")", await ChangedTextAsync(action), StringComparison.Ordinal);

        using (FaultInjection.Throw(Stage.ApplyCodeFix, nameof(MetricLabelToSpanAttributeCodeFix)))
        {
            Assert.Equal(source, await ChangedTextAsync(action));
        }
    }

    /// <summary>Every analyzer of the SDK on one compilation; an analyzer exception would fail the test (not become AD0001).</summary>
    private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(string source)
    {
        var compilation = AnalyzerHarness.Compile(source);
        AnalyzerHarness.AssertNoErrors(compilation, "the test source");
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (exception, analyzer, _) => throw new InvalidOperationException(analyzer + " threw", exception),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(AnalyzerHarness.AllAnalyzers().ToImmutableArray(), options).GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        return diagnostics.OrderBy(d => d.Location.SourceSpan.Start).ThenBy(d => d.Id, StringComparer.Ordinal).ToImmutableArray();
    }

    private static string Describe(Diagnostic diagnostic) => diagnostic.Id + "@" + diagnostic.Location.SourceSpan;

    private static async Task<IReadOnlyList<CodeAction>> OfferedAsync(string source, CodeFixProvider provider)
    {
        var diagnostic = (await AnalyzeAsync(source)).Single(d => provider.FixableDiagnosticIds.Contains(d.Id));
        var workspace = new AdhocWorkspace();
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(), VersionStamp.Default, "Test", "Test", LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary),
            parseOptions: AnalyzerHarness.ParseOptions,
            metadataReferences: AnalyzerHarness.References));
        var document = workspace.AddDocument(project.Id, "Test.cs", SourceText.From(source));
        var actions = new List<CodeAction>();
        await provider.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
        return actions;
    }

    private static async Task<string> ChangedTextAsync(CodeAction action)
    {
        var operation = (await action.GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>().Single();
        var document = operation.ChangedSolution.Projects.Single().Documents.Single();
        return (await document.GetTextAsync()).ToString();
    }
}
