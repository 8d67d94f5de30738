using System.Threading;
using System.Threading.Tasks;
using Instrumentation.Analyzers.Tests.Infrastructure;
using Instrumentation.CodeFixes;
using Microsoft.CodeAnalysis.CodeFixes;
using Xunit;

namespace Instrumentation.Analyzers.Tests;

/// <summary>
/// INS0006 Fix All when no fix is offered for the first diagnostic (a method used as a method group, no org or project
/// parameter): <c>dotnet format</c> asks with no equivalence key and the batch fixer returned no Fix All action; the
/// operations after it are fixed with the action of the first one that has a fix, and only that action.
/// </summary>
public sealed class TenantFixAllTests
{
    private const string Usings = "using System; using System.Threading.Tasks; using Instrumentation;\n";

    private const string AddKey = nameof(TenantContextCodeFix) + "Add";

    private const string Source = Usings + """
        public class C
        {
            [Ingest("ws.ingest.receive")]
            public void Receive(string payload) { }
            public Action<string> Handler => Receive;

            [Ingest("ws.ingest.store")]
            public void Store(string payload) { }
            public void Call() => Store("x");
        }
        """;

    private const string Added = Usings + """
        public class C
        {
            [Ingest("ws.ingest.receive")]
            public void Receive(string payload) { }
            public Action<string> Handler => Receive;

            [Ingest("ws.ingest.store")]
            public void Store(string payload, TenantContext tenant) { }
            public void Call() => Store("x", default);
        }
        """;

    [Theory]
    [InlineData(FixAllScope.Document)]
    [InlineData(FixAllScope.Project)]
    [InlineData(FixAllScope.Solution)]
    public async Task Fix_all_as_dotnet_format_runs_it_fixes_the_others_when_the_first_has_no_fix(FixAllScope scope)
    {
        Assert.Equal(Added, await AnalyzerHarness.FixAllLikeDotnetFormatAsync(Source, "INS0006", new TenantContextCodeFix(), scope));
    }

    [Fact]
    public async Task Fix_all_without_a_key_applies_the_first_offered_action_of_the_first_fixable_operation_and_only_that()
    {
        // Send is offered Mark then Add: Mark is the key, so Store (offered Add only) is left as it is.
        const string source = Usings + """
            public class C
            {
                [Ingest("ws.ingest.receive")]
                public void Receive(string payload) { }
                public Action<string> Handler => Receive;

                [Broadcast("ws.broadcast")]
                public void Send(string orgId, string payload) { }

                [Ingest("ws.ingest.store")]
                public void Store(string payload) { }
            }
            """;
        const string marked = Usings + """
            public class C
            {
                [Ingest("ws.ingest.receive")]
                public void Receive(string payload) { }
                public Action<string> Handler => Receive;

                [Broadcast("ws.broadcast")]
                public void Send([OrgId] string orgId, string payload) { }

                [Ingest("ws.ingest.store")]
                public void Store(string payload) { }
            }
            """;

        Assert.Equal(marked, await AnalyzerHarness.FixAllLikeDotnetFormatAsync(source, "INS0006", new TenantContextCodeFix()));
    }

    [Fact]
    public async Task Fix_all_from_the_ide_with_the_first_operation_unfixable_fixes_the_others_one_by_one_and_in_every_scope()
    {
        const string markup = Usings + """
            public class C
            {
                [Ingest("ws.ingest.receive")]
                public void {|#0:Receive|}(string payload) { }
                public Action<string> Handler => {|#1:Receive|};

                [Ingest("ws.ingest.store")]
                public void {|#2:Store|}(string payload) { }
                public void Call() => Store("x");
            }
            """;
        const string fixedMarkup = Usings + """
            public class C
            {
                [Ingest("ws.ingest.receive")]
                public void {|#0:Receive|}(string payload) { }
                public Action<string> Handler => {|#1:Receive|};

                [Ingest("ws.ingest.store")]
                public void Store(string payload, TenantContext tenant) { }
                public void Call() => Store("x", default);
            }
            """;
        var test = VerifyGeneratorFix<TenantContextCodeFix>.Create(markup, fixedMarkup);
        test.CodeActionEquivalenceKey = AddKey;
        var unfixable = VerifyGeneratorFix<TenantContextCodeFix>.Diagnostic("INS0006").WithLocation(0);
        var methodGroup = VerifyGeneratorFix<TenantContextCodeFix>.Diagnostic("INS1030").WithLocation(1);
        test.ExpectedDiagnostics.Add(unfixable);
        test.ExpectedDiagnostics.Add(methodGroup);
        test.ExpectedDiagnostics.Add(VerifyGeneratorFix<TenantContextCodeFix>.Diagnostic("INS0006").WithLocation(2));
        test.FixedState.ExpectedDiagnostics.Add(unfixable);
        test.FixedState.ExpectedDiagnostics.Add(methodGroup);
        test.BatchFixedState.ExpectedDiagnostics.Add(unfixable);
        test.BatchFixedState.ExpectedDiagnostics.Add(methodGroup);

        await test.RunAsync(CancellationToken.None);
    }
}
