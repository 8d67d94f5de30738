using Instrumentation.Generators.Tests.Infrastructure;
using Xunit;

namespace Instrumentation.Generators.Tests.Robustness;

/// <summary>
/// A stranger's hostile names: a project that declares a type named <c>nint</c> (legal, with warning CS8981). The generated
/// signature wrote <c>IntPtr</c> parameters as <c>nint</c>, which then bound to the project's type (CS9144 in the generated
/// file). Native integers are written <c>global::System.IntPtr</c>/<c>UIntPtr</c> now, the same types.
/// </summary>
public sealed class NativeIntegerNameTests
{
    [Fact]
    public void A_projects_own_type_named_nint_does_not_break_an_operation_with_native_integers()
    {
        var run = RobustRun.Of("""
            using Instrumentation;

            #pragma warning disable CS8981 // the hostile name itself
            public readonly struct nint { }
            public readonly struct nuint { }
            #pragma warning restore CS8981

            public static class Buffers
            {
                [Operation("buffers.offset")]
                public static System.IntPtr Offset(System.IntPtr start, System.UIntPtr length, System.IntPtr[] more) => start + (int)length + more.Length;

                public static long Call() => (long)Offset(10, 5, new System.IntPtr[2]);
            }
            """);

        Assert.True(run.Crashes.Count == 0 && run.GeneratedCodeProblems.Count == 0 && run.UserCodeErrors.Count == 0, run.Describe());
        Assert.Equal(new[] { "Offset" }, run.InterceptedCalls);
        Assert.Equal(17L, GeneratorHarness.Load(run.Output).GetType("Buffers")!.GetMethod("Call")!.Invoke(null, null));
    }
}
