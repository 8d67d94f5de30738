using System.Linq;
using Instrumentation.Generators.Tests.Infrastructure;
using Xunit;

namespace Instrumentation.Generators.Tests.Robustness;

/// <summary>
/// A method returning a nullable task (<c>Task?</c>, <c>Task&lt;T&gt;?</c>; also <c>async Task? M()</c>, legal): a null is handed
/// back as the method returned it, and the generated code compiles warning-free. Found by the mutation fuzzer (seed 163):
/// with a funnel event, the helper that emits it after the task completes took a <c>Task?</c> and awaited it (CS8602 in
/// the generated file, an error under TreatWarningsAsErrors).
/// </summary>
public sealed class NullableTaskTests
{
    public static TheoryData<string, string> Cases => new()
    {
        { "async Task? with a funnel event", "public partial class C { [FunnelEvent(\"Evt\")] public async Task? A() => await Task.Yield(); public void Call() { _ = A(); } }" },
        { "Task<int>? with a funnel event", "public partial class C { [FunnelEvent(\"Evt\")] public Task<int>? A(bool start) => start ? Task.FromResult(1) : null; public void Call() { _ = A(false); } }" },
        { "async Task? operation with a funnel event", "public class C { [Operation(\"c.a\")] [FunnelEvent(\"Evt\")] public async Task? A() => await Task.Yield(); public void Call() { _ = A(); } }" },
        { "Task<string?>? operation with a funnel event", "public class C { [Operation(\"c.a\")] [FunnelEvent(\"Evt\")] public Task<string?>? A(bool start) => start ? Task.FromResult<string?>(null) : null; public void Call() { _ = A(false); } }" },
        { "async Task? operation", "public class C { [Operation(\"c.a\")] public async Task? A() => await Task.Yield(); public void Call() { _ = A(); } }" },
        { "Task? operation returning null", "public class C { [Operation(\"c.a\")] public Task? A(bool start) => start ? Task.CompletedTask : null; public void Call() { _ = A(false); } }" },
        { "ValueTask? (a Nullable struct) operation", "public class C { [Operation(\"c.a\")] public ValueTask? A(bool start) => start ? default(ValueTask) : null; public void Call() { _ = A(false); } }" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_nullable_task_gets_no_problem_in_the_generated_file_and_the_call_is_instrumented(string name, string declaration)
    {
        var run = RobustRun.Of(CorpusCases.Usings + declaration);

        Assert.True(run.Crashes.Count == 0 && run.GeneratedCodeProblems.Count == 0 && run.UserCodeErrors.Count == 0, name + "\n" + run.Describe());
        Assert.Equal(new[] { "A" }, run.InterceptedCalls);
    }
}
