using System.Linq;
using Instrumentation.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Instrumentation.Generators.Tests.Robustness;

/// <summary>
/// An <c>[Obsolete]</c> target is intercepted, and the user's own handling of CS0618 is unchanged: suppressed at
/// the call, it stays suppressed (the generated file adds none); not suppressed, it is reported once, at the
/// user's call, never inside the generated file. An error obsoletion (CS0619, which no pragma silences) or one with its
/// own diagnostic id, called from where the user may call it, leaves the generated file clean too (the interceptor is
/// marked obsolete itself: <c>ObsoleteMarker</c>).
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
    public void An_error_obsolete_target_called_from_an_obsolete_caller_leaves_the_generated_code_without_errors()
    {
        var run = RobustRun.Of("using System; using Instrumentation;\npublic class C { [Obsolete(\"gone\", true)][Operation(\"c.m\")] public int M() => 1; }\n"
            + "public static class U { [Obsolete(\"caller\")] public static int Call(C c) => c.M(); }");

        Assert.Empty(run.Crashes);
        Assert.Empty(run.GeneratedCodeProblems);
        Assert.Empty(run.UserCodeErrors);
        Assert.Equal(new[] { "M" }, run.InterceptedCalls);
    }

    [Fact]
    public void A_method_of_an_error_obsolete_type_is_intercepted_without_errors_in_the_generated_code()
    {
        var run = RobustRun.Of("using System; using Instrumentation;\n[Obsolete(\"gone\", true)] public class Old { [Operation(\"old.m\")] public int M() => 1; }\n"
            + "public static class U { [Obsolete(\"caller\")] public static int Call(Old o) => o.M(); }");

        Assert.Empty(run.GeneratedCodeProblems);
        Assert.Empty(run.UserCodeErrors);
        Assert.Equal(new[] { "M" }, run.InterceptedCalls);
    }

    [Fact]
    public void An_obsolete_operation_with_a_label_of_an_error_obsolete_enum_leaves_the_generated_code_without_errors()
    {
        var run = RobustRun.Of("using System; using Instrumentation;\n[Obsolete(\"gone\", true)] public enum OldKind { Small, Large }\n"
            + "public class C { [Obsolete(\"old\")][Operation(\"c.m\")] public int M([MetricLabel] OldKind kind, [SpanAttribute] OldKind shape) => 1; }\n"
            + "public static class U { [Obsolete(\"caller\")] public static int Call(C c) => c.M(OldKind.Large, OldKind.Small); }");

        Assert.Empty(run.Crashes);
        Assert.Empty(run.GeneratedCodeProblems);
        Assert.Empty(run.UserCodeErrors);
        Assert.Equal(new[] { "M" }, run.InterceptedCalls);
    }

    [Theory]
    [InlineData("public enum OldType { Small, Large }", "OldType.Large")]
    [InlineData("public sealed class OldType { public int Size { get; set; } }", "new OldType()")]
    public void An_obsolete_log_method_with_a_parameter_of_an_error_obsolete_type_leaves_the_generated_code_without_errors(string declaration, string argument)
    {
        // The generated log state keeps the value in a field of the parameter's type (an object is also rendered through
        // it): without the mark on the state, an [Obsolete(..., true)] type is CS0619 there although the user's own
        // method is obsolete and may name it.
        var run = RobustRun.Of("using System; using Instrumentation; using Microsoft.Extensions.Logging;\n[Obsolete(\"gone\", true)] " + declaration + "\n"
            + "public static partial class Log { [Obsolete(\"old\")][LogMethod(LogLevel.Information, \"Seen {value}\")] public static partial void Seen(ILogger logger, OldType value); }\n"
            + "public static class U { [Obsolete(\"caller\")] public static void Call(ILogger logger) => Log.Seen(logger, " + argument + "); }");

        Assert.Empty(run.Crashes);
        Assert.Empty(run.GeneratedCodeProblems);
        Assert.Empty(run.UserCodeErrors);
    }

    [Fact]
    public void An_obsoletion_with_its_own_diagnostic_id_suppressed_at_the_call_stays_out_of_the_generated_code()
    {
        var run = RobustRun.Of("using System; using Instrumentation;\npublic class C { [Obsolete(\"old\", DiagnosticId = \"LIB0001\")][Operation(\"c.m\")] public int M() => 1; }\n"
            + "public static class U {\n#pragma warning disable LIB0001\n public static int Call(C c) => c.M();\n#pragma warning restore LIB0001\n}");

        Assert.Empty(run.GeneratedCodeProblems);
        Assert.DoesNotContain(run.Output.GetDiagnostics(), d => d.Id == "LIB0001" && !d.IsSuppressed);
        Assert.Equal(new[] { "M" }, run.InterceptedCalls);
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
