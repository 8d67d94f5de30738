using Instrumentation.Generators.Tests.Infrastructure;
using Xunit;

namespace Instrumentation.Generators.Tests.Robustness;

/// <summary>
/// A signature with a pointer to a managed type or to a type parameter that may be one (<c>T*</c>, <c>string*</c>): legal
/// C# in an unsafe context with warning CS8500 at the user's declaration, which the user has seen and suppressed (a
/// <c>#pragma</c> or <c>NoWarn</c>, else their own build fails under TreatWarningsAsErrors). Found by the mutation fuzzer
/// (seed 131): the interceptor repeated the warning in the generated file, where no change of the user's could silence it.
/// The interceptor now disables CS8500 for those signatures only; the call is instrumented as before.
/// </summary>
public sealed class ManagedPointerTests
{
    public static TheoryData<string, string> Cases => new()
    {
        { "pointer to a type parameter", "public static unsafe class C { [Operation(\"c.m\")] public static int M<T>(T* p) => 1; public static int Call() => M<int>(null); }" },
        { "pointer to a type parameter allowing ref structs", "public static unsafe class C { [Operation(\"c.m\")] public static int M<T>(T* p) where T : allows ref struct => 1; public static int Call() => M<int>(null); }" },
        { "pointer to a managed type", "public static unsafe class C { [Operation(\"c.m\")] public static int M(string* p) => 1; public static int Call() => M(null); }" },
        { "array of pointers to a managed type, returned", "public static unsafe class C { [Operation(\"c.m\")] public static string*[] M(int n) => new string*[n]; public static int Call() => M(1).Length; }" },
        { "function pointer taking a pointer to a managed type", "public static unsafe class C { [Operation(\"c.m\")] public static int M(delegate*<object*, int> f) => 1; public static int Call() => M(null); }" },
        { "instance method of a generic type taking a pointer to its type parameter", "public sealed unsafe class Box<T> { [Operation(\"c.m\")] public int M(T* p) => 1; } public static class Use { public static unsafe int Call() => new Box<string>().M(null); }" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_pointer_to_a_managed_type_gets_no_warning_in_the_generated_file_and_the_call_is_instrumented(string name, string declaration)
    {
        var run = RobustRun.Of(CorpusCases.Usings + "#pragma warning disable CS8500\n" + declaration);

        Assert.True(run.Crashes.Count == 0 && run.GeneratedCodeProblems.Count == 0 && run.UserCodeErrors.Count == 0, name + "\n" + run.Describe());
        Assert.Contains("M", run.InterceptedCalls);
    }

    [Fact]
    public void A_referenced_librarys_method_of_that_shape_is_instrumented_in_the_consumer_without_a_warning()
    {
        const string library = "using Instrumentation;\n#pragma warning disable CS8500\nnamespace Lib;\npublic static unsafe class Native { [Operation(\"native.read\")] public static int Read<T>(T* p) => 1; [Operation(\"native.name\")] public static int Name(string* p) => 2; }\n";
        const string consumer = "namespace App;\npublic static unsafe class Use { public static int Run() => Lib.Native.Read<int>(null) + Lib.Native.Name(null); }\n";
        var libraryRun = RobustRun.Of(GeneratorHarness.CompileAs(CrossProject.CrossProjectHarness.UniqueName("ManagedPointer"), library).WithOptions(RobustRun.Options));
        Assert.True(libraryRun.UserCodeErrors.Count == 0 && libraryRun.GeneratedCodeProblems.Count == 0, libraryRun.Describe());
        using var image = new System.IO.MemoryStream();
        Assert.True(libraryRun.Output.Emit(image).Success);
        var consumerCompilation = GeneratorHarness.CompileAs(CrossProject.CrossProjectHarness.UniqueName("App"), consumer)
            .WithOptions(RobustRun.Options)
            .AddReferences(Microsoft.CodeAnalysis.MetadataReference.CreateFromImage(image.ToArray()));

        var run = RobustRun.Of(consumerCompilation);

        Assert.True(run.Crashes.Count == 0 && run.GeneratedCodeProblems.Count == 0 && run.UserCodeErrors.Count == 0, run.Describe());
        Assert.Equal(new[] { "Read", "Name" }, run.InterceptedCalls);
    }

    [Fact]
    public void A_log_method_taking_a_pointer_to_a_managed_type_gets_no_problem_in_the_generated_file()
    {
        var run = RobustRun.Of(CorpusCases.Usings + "#pragma warning disable CS8500\npublic static unsafe partial class Log { [LogMethod(LogLevel.Information, \"V {value}\")] public static partial void M(ILogger logger, int value, string* p); }");

        Assert.True(run.Crashes.Count == 0 && run.GeneratedCodeProblems.Count == 0, run.Describe());
    }

    [Fact]
    public void A_pointer_to_an_unmanaged_type_disables_nothing()
    {
        var run = RobustRun.Of(CorpusCases.Usings + "public static unsafe class C { [Operation(\"c.m\")] public static int M<T>(T* p) where T : unmanaged => 1; public static int Call() => M<int>(null); }");

        Assert.True(run.Crashes.Count == 0 && run.GeneratedCodeProblems.Count == 0 && run.UserCodeErrors.Count == 0, run.Describe());
        Assert.Equal(new[] { "M" }, run.InterceptedCalls);
        Assert.DoesNotContain(run.Output.SyntaxTrees, tree => tree.ToString().Contains("CS8500", System.StringComparison.Ordinal));
    }
}
