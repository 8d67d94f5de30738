using System.Linq;
using Instrumentation.Generators.Tests.Infrastructure;
using Xunit;

namespace Instrumentation.Generators.Tests.Robustness;

/// <summary>
/// A stranger's hostile-code trial (round 2): declarations that are legal C# and broke the build inside the generated
/// file — enum members obsolete as an error, obsolete with a diagnostic id or experimental, used as a label or span
/// attribute; a <c>[Batch]</c> collection whose <c>Count</c> is explicit, hidden by a member of another type, or
/// obsolete; an object rendered on a span with an experimental member, a member of an experimental type, or a getter that
/// requires unreferenced code; a <c>dynamic</c> member (rendered through the dynamic binder: IL2026/IL3050); an
/// <c>ITenantScoped</c> implemented explicitly; a logger property implemented explicitly — and an instance log method
/// that wrote through a static logger declared before its instance one.
/// </summary>
public sealed class HostileDeclarationTests
{
    private const string Usings = "using System; using System.Collections; using System.Collections.Generic; using System.Diagnostics.CodeAnalysis; using Instrumentation; using Microsoft.Extensions.Logging;\n";

    /// <summary>An operation taking <c>[Batch] Items</c>, with <paramref name="items"/> the declaration of <c>Items</c>, and one call of it.</summary>
    private static RobustRun BatchOf(string items) => RobustRun.Of(Usings + items + """

        public static class Ingest
        {
            [Operation("ingest.batch")]
            public static int Take([Batch] Items items) => 1;
            public static int Call() => Take(new Items());
        }
        """);

    private static string Generated(RobustRun run) =>
        string.Join("\n", run.Output.SyntaxTrees.Where(t => run.GeneratedFiles.Contains(t.FilePath)).Select(t => t.ToString()));

    private static void AssertClean(RobustRun run)
    {
        Assert.True(run.Crashes.Count == 0, run.Describe());
        Assert.True(run.GeneratedCodeProblems.Count == 0, run.Describe());
        Assert.True(run.UserCodeErrors.Count == 0, run.Describe());
    }

    [Fact]
    public void Enum_members_that_cannot_be_named_are_switched_on_by_their_constant()
    {
        var run = RobustRun.Of(Usings + """
            public enum Plan
            {
                Free,
                Pro,
                [Obsolete("use Pro", true)] Legacy,
                [Obsolete("use Pro", DiagnosticId = "PLAN001")] Old,
                [Experimental("PLANEXP")] Beta,
            }
            public static class Svc
            {
                [Operation("svc.ship")]
                public static int Ship([MetricLabel("plan"), SpanAttribute("plan")] Plan plan) => (int)plan;
                public static int Call() => Ship(Plan.Free);
            }
            """);

        AssertClean(run);
        Assert.Equal(new[] { "Ship" }, run.InterceptedCalls);
        var generated = Generated(run);
        Assert.Contains("case (global::Plan)(2): return \"legacy\";", generated, System.StringComparison.Ordinal);
        Assert.Contains("case (global::Plan)(4): return \"beta\";", generated, System.StringComparison.Ordinal);
        Assert.Contains("case global::Plan.Pro: return \"pro\";", generated, System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("public sealed class Items : IReadOnlyCollection<int> { int IReadOnlyCollection<int>.Count => 0; public IEnumerator<int> GetEnumerator() { yield break; } IEnumerator IEnumerable.GetEnumerator() => GetEnumerator(); }")]
    [InlineData("public sealed class Items : IReadOnlyCollection<int> { public string Count => \"n\"; int IReadOnlyCollection<int>.Count => 0; public IEnumerator<int> GetEnumerator() { yield break; } IEnumerator IEnumerable.GetEnumerator() => GetEnumerator(); }")]
    public void A_batch_class_whose_Count_is_an_explicit_implementation_is_counted_through_its_interface(string items)
    {
        var run = BatchOf(items);

        AssertClean(run);
        Assert.Empty(run.Ins);
        Assert.Equal(new[] { "Take" }, run.InterceptedCalls);
        var generated = Generated(run);
        Assert.Contains("global::System.Collections.Generic.IReadOnlyCollection<int>? __batch = ", generated, System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("public struct Items : IReadOnlyCollection<int> { int IReadOnlyCollection<int>.Count => 0; public IEnumerator<int> GetEnumerator() { yield break; } IEnumerator IEnumerable.GetEnumerator() => GetEnumerator(); }")]
    [InlineData("public sealed class Items { [Obsolete(\"gone\", true)] public int Count => 0; }")]
    [InlineData("public sealed class Items { [Experimental(\"CNTEXP\")] public int Count => 0; }")]
    public void A_batch_whose_Count_cannot_be_read_by_name_gets_a_diagnostic_not_broken_code(string items)
    {
        var run = BatchOf(items);

        AssertClean(run);
        Assert.Contains(run.Ins, d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("no integer Count or Length", System.StringComparison.Ordinal));
    }

    [Fact]
    public void A_batch_of_an_interface_type_and_a_Length_beside_an_unusable_Count_are_still_counted()
    {
        var run = RobustRun.Of(Usings + """
            public sealed class Frames { [Obsolete("gone", true)] public int Count => 0; public int Length => 3; }
            public static class Ingest
            {
                [Operation("ingest.frames")]
                public static int Take([Batch] Frames frames) => 1;
                [Operation("ingest.more")]
                public static int TakeMore([Batch] IReadOnlyCollection<int> more) => 1;
                public static int Call() => Take(new Frames()) + TakeMore(new List<int>());
            }
            """);

        AssertClean(run);
        Assert.Empty(run.Ins);
        Assert.Equal(new[] { "Take", "TakeMore" }, run.InterceptedCalls);
    }

    [Fact]
    public void Rendered_objects_leave_out_members_that_raise_diagnostics_where_they_are_read()
    {
        var run = RobustRun.Of(Usings + """
            [Experimental("MYEXP02")] public sealed class Beta { public int Level { get; set; } }
            public sealed class Widget
            {
                public int Size { get; set; }
                [Experimental("MYEXP01")] public int Preview => 4;
            #pragma warning disable MYEXP02
                public Beta? Trial { get; set; }
            #pragma warning restore MYEXP02
                public string Secretless { [RequiresUnreferencedCode("reflection")] get => "x"; }
                public dynamic? Extra { get; set; }
            }
            public static partial class Log
            {
                [LogMethod(LogLevel.Information, "widget {widget}")]
                public static partial void Made(ILogger logger, Widget widget);
            }
            public static class Shop
            {
                [Operation("shop.make")]
                public static int Make([SpanAttribute] Widget widget) => widget.Size;
                public static int Call() => Make(new Widget());
            }
            """);

        AssertClean(run);
        var generated = Generated(run);
        Assert.DoesNotContain("value.@Preview", generated, System.StringComparison.Ordinal);
        Assert.DoesNotContain("value.@Trial", generated, System.StringComparison.Ordinal);
        Assert.DoesNotContain("value.@Secretless", generated, System.StringComparison.Ordinal);
        Assert.Contains("(object?)value.@Extra", generated, System.StringComparison.Ordinal);
        Assert.Contains("value.@Size", generated, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Explicit_tenant_and_logger_implementations_build_and_an_instance_logger_comes_before_a_static_one()
    {
        var run = RobustRun.Of(Usings + """
            public interface IHasLogger { ILogger Logger { get; } }
            public sealed partial class Job(ILogger logger) : IHasLogger
            {
                ILogger IHasLogger.Logger => logger;
                [LogMethod(LogLevel.Information, "ran {n}")]
                private partial void Ran(int n);
                public void Run() => Ran(1);
            }
            public sealed partial class Worker(ILogger logger)
            {
                public static ILogger? Default;
                private readonly ILogger _logger = logger;
                [LogMethod(LogLevel.Information, "worked {n}")]
                private partial void Worked(int n);
                public void Run() => Worked(1);
            }
            public sealed class Orders : ITenantScoped
            {
                TenantContext ITenantScoped.Tenant => new("org-1", "shop");
                [Operation("orders.place")]
                public int Place(int quantity) => quantity * 2;
                public static int Call() => new Orders().Place(1);
            }
            """);

        AssertClean(run);
        Assert.Equal(new[] { "Place" }, run.InterceptedCalls);
        var generated = Generated(run);
        Assert.Contains("this.@_logger", generated, System.StringComparison.Ordinal);
        Assert.DoesNotContain("Worker.@Default", generated, System.StringComparison.Ordinal);
    }

    [Fact]
    public void A_projects_own_polyfill_of_a_framework_attribute_raises_nothing_in_the_generated_files()
    {
        // A polyfill left from netstandard days, not behind #if: CS0436 in the generated files only (a stranger's trial).
        var run = RobustRun.Of(Usings + """
            namespace System.Runtime.CompilerServices { internal sealed class ModuleInitializerAttribute : Attribute { } }
            namespace System.Diagnostics { internal sealed class StackTraceHiddenAttribute : Attribute { } }
            public static partial class Log
            {
                [LogMethod(LogLevel.Information, "made {n}")]
                public static partial void Made(ILogger logger, int n);
            }
            public static class Shop
            {
                [Operation("shop.make")]
                public static int Make(int n) => n;
                public static int Call() => Make(1);
            }
            """);

        Assert.True(run.Crashes.Count == 0, run.Describe());
        Assert.True(run.GeneratedCodeProblems.Count == 0, run.Describe());
        Assert.Equal(new[] { "Make" }, run.InterceptedCalls);
    }
}
