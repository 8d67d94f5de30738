using System.Threading;
using System.Threading.Tasks;
using Instrumentation.Analyzers.Tests.Infrastructure;
using Instrumentation.CodeFixes;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace Instrumentation.Analyzers.Tests;

/// <summary>
/// A review of the code-fix changes found fixes wrongly withheld: the INS0006 safety net counted an error already in the
/// document (a call missing an argument quotes the signature the fix edits) as new, and INS1030 treated a predicate
/// passed to RemoveAll as a delegate removed by identity, withholding the fix there and for every other use in the type.
/// </summary>
public sealed class CodeFixReviewTests
{
    private const string Usings = "using System; using System.Threading.Tasks; using Instrumentation;\n";

    [Fact]
    public async Task A_predicate_passed_to_RemoveAll_is_wrapped()
    {
        var test = Verify<UninstrumentableCallAnalyzer, WrapInLambdaCodeFix>.Create();
        test.TestCode = Usings + """
            public class C
            {
                [Operation("job.expired")] public bool IsExpired(int x) => x > 0;
                public void Run(System.Collections.Generic.List<int> items) => items.RemoveAll({|INS1030:IsExpired|});
            }
            """;
        test.FixedCode = Usings + """
            public class C
            {
                [Operation("job.expired")] public bool IsExpired(int x) => x > 0;
                public void Run(System.Collections.Generic.List<int> items) => items.RemoveAll(arg => IsExpired(arg));
            }
            """;
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Add_TenantContext_is_offered_next_to_an_error_already_in_the_document()
    {
        var test = VerifyGeneratorFix<TenantContextCodeFix>.Create(Usings + """
            public class C
            {
                [Ingest("ws.ingest.store")]
                public void {|#0:Store|}(string payload, int n) { }
            }
            public static class Callers
            {
                public static void Ok(C c, TenantContext tenant) => c.Store("x", 1);
                public static void Broken(C c, TenantContext tenant) => c.{|CS7036:Store|}("x");
            }
            """, Usings + """
            public class C
            {
                [Ingest("ws.ingest.store")]
                public void Store(string payload, int n, TenantContext tenant) { }
            }
            public static class Callers
            {
                public static void Ok(C c, TenantContext tenant) => c.Store("x", 1, tenant);
                public static void Broken(C c, TenantContext tenant) => c.{|CS7036:Store|}("x", tenant: tenant);
            }
            """);
        test.CodeActionEquivalenceKey = nameof(TenantContextCodeFix) + "Add";
        test.ExpectedDiagnostics.Add(VerifyGeneratorFix<TenantContextCodeFix>.Diagnostic("INS0006").WithLocation(0));
        test.CodeFixTestBehaviors |= CodeFixTestBehaviors.SkipFixAllCheck;
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_RemoveAll_elsewhere_in_the_type_does_not_withhold_the_fix()
    {
        var test = Verify<UninstrumentableCallAnalyzer, WrapInLambdaCodeFix>.Create();
        test.TestCode = Usings + """
            using System.Linq;
            public class C
            {
                [Operation("job.expired")] public bool IsExpired(int x) => x > 0;
                public int Count(System.Collections.Generic.List<int> items) => items.Where({|INS1030:IsExpired|}).Count();
                public void Prune(System.Collections.Generic.List<int> items) => items.RemoveAll({|INS1030:IsExpired|});
            }
            """;
        test.FixedState.Sources.Add(Usings + """
            using System.Linq;
            public class C
            {
                [Operation("job.expired")] public bool IsExpired(int x) => x > 0;
                public int Count(System.Collections.Generic.List<int> items) => items.Where(arg => IsExpired(arg)).Count();
                public void Prune(System.Collections.Generic.List<int> items) => items.RemoveAll(arg => IsExpired(arg));
            }
            """);
        test.CodeFixTestBehaviors |= CodeFixTestBehaviors.SkipFixAllCheck;
        await test.RunAsync(CancellationToken.None);
    }
}
