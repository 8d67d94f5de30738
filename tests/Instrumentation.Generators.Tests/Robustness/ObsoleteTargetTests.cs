using System.Linq;
using Instrumentation.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Instrumentation.Generators.Tests.Robustness;

/// <summary>
/// An <c>[Obsolete]</c> target is intercepted, and the user's own handling of CS0618 is unchanged: suppressed at
/// the call, it stays suppressed (the generated file adds none); not suppressed, it is reported once, at the
/// user's call, never inside the generated file.
/// </summary>
public sealed class ObsoleteTargetTests
{
    private const string Declaration = "using System; using Instrumentation;\npublic class C { [Obsolete(\"old\")][Operation(\"c.m\")] public int M() => 1; }\n";

    [Fact]
    public void A_call_suppressed_with_pragma_is_intercepted_and_no_CS0618_appears_anywhere()
    {
        var run = RobustRun.Of(Declaration + "public static class U {\n#pragma warning disable CS0618\n public static int Call(C c) => c.M();\n#pragma warning restore CS0618\n}");

        Assert.Equal(new[] { "M" }, run.InterceptedCalls);
        Assert.DoesNotContain(run.Output.GetDiagnostics(), d => d.Id == "CS0618" && !d.IsSuppressed);
    }

    [Fact]
    public void A_call_suppressed_by_an_obsolete_caller_is_intercepted_and_no_CS0618_appears_anywhere()
    {
        var run = RobustRun.Of(Declaration + "public static class U { [Obsolete(\"caller\")] public static int Call(C c) => c.M(); }");

        Assert.Equal(new[] { "M" }, run.InterceptedCalls);
        Assert.DoesNotContain(run.Output.GetDiagnostics(), d => d.Id == "CS0618" && !d.IsSuppressed);
    }

    [Fact]
    public void An_unsuppressed_call_keeps_exactly_the_users_CS0618_at_the_call()
    {
        const string source = Declaration + "public static class U { public static int Call(C c) => c.M(); }";
        var run = RobustRun.Of(source);

        Assert.Equal(new[] { "M" }, run.InterceptedCalls);
        var warning = Assert.Single(run.Output.GetDiagnostics(), d => d.Id == "CS0618");
        Assert.Equal("/src/File0.cs", warning.Location.SourceTree!.FilePath);
        Assert.Equal("c.M()", source.Substring(warning.Location.SourceSpan.Start, warning.Location.SourceSpan.Length));
        Assert.Empty(run.GeneratedCodeProblems);
    }
}
