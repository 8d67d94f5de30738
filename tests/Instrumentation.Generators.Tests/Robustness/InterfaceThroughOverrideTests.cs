using Instrumentation.Generators.Tests.Infrastructure;
using Xunit;

namespace Instrumentation.Generators.Tests.Robustness;

/// <summary>
/// A call of an override whose overridden method is not annotated but implements an annotated interface method:
/// <c>interface I { [Operation] void M(); } abstract class B : I { public abstract void M(); } class D : B { override M }</c>,
/// called as <c>d.M()</c>. Found by the cross-assembly fuzzer: such calls were silently neither intercepted nor diagnosed
/// (in one compilation too), while <c>b.M()</c> and a direct implementation's <c>d.M()</c> were intercepted.
/// </summary>
public sealed class InterfaceThroughOverrideTests
{
    private const string Library = "public interface I { [Operation(\"i.m\")] int M(int value); } public abstract class B : I { public abstract int M(int value); } public class Mid : B { public override int M(int value) => value; } public sealed class D : Mid { public override int M(int value) => value + 1; }";

    [Theory]
    [InlineData("public static class Use { public static int Call(D d) => d.M(1); }")]
    [InlineData("public static class Use { public static int Call(Mid m) => m.M(1); }")]
    [InlineData("public static class Use { public static int Call(B b) => b.M(1); }")]
    [InlineData("public static class Use { public static int Call(I i) => i.M(1); }")]
    public void A_call_through_any_override_of_an_implementation_of_an_annotated_interface_method_is_intercepted(string caller)
    {
        var run = RobustRun.Of(CorpusCases.Usings + Library + "\n" + caller);

        Assert.True(run.Crashes.Count == 0 && run.GeneratedCodeProblems.Count == 0 && run.UserCodeErrors.Count == 0, run.Describe());
        Assert.Equal(new[] { "M" }, run.InterceptedCalls);
    }

    [Fact]
    public void From_another_assembly_too()
    {
        var libraryRun = RobustRun.Of(GeneratorHarness.CompileAs(CrossProject.CrossProjectHarness.UniqueName("Through"), CorpusCases.Usings + Library).WithOptions(RobustRun.Options));
        Assert.True(libraryRun.UserCodeErrors.Count == 0 && libraryRun.GeneratedCodeProblems.Count == 0, libraryRun.Describe());
        using var image = new System.IO.MemoryStream();
        Assert.True(libraryRun.Output.Emit(image).Success);
        var consumer = GeneratorHarness.CompileAs(CrossProject.CrossProjectHarness.UniqueName("App"), "public static class Use { public static int Call(D d) => d.M(1); }")
            .WithOptions(RobustRun.Options)
            .AddReferences(Microsoft.CodeAnalysis.MetadataReference.CreateFromImage(image.ToArray()));

        var run = RobustRun.Of(consumer);

        Assert.True(run.Crashes.Count == 0 && run.GeneratedCodeProblems.Count == 0 && run.UserCodeErrors.Count == 0, run.Describe());
        Assert.Equal(new[] { "M" }, run.InterceptedCalls);
    }
}
