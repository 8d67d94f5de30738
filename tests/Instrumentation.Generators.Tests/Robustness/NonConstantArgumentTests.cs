using System.Linq;
using Instrumentation.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Instrumentation.Generators.Tests.Robustness;

/// <summary>
/// An attribute argument that is not a constant (a <c>static readonly</c> field or a property, CS0182) is the compiler's
/// error alone: the declaration generates nothing and the SDK reports nothing about it. The SDK used to add errors of its
/// own that read as if the value were missing — INS0001 "The span name '(null)' …", INS0202 "'(null)' is not a valid
/// funnel event name", INS0100 "the message template is missing" (found by a newcomer trying hostile input). A named
/// argument (<c>DurationMetric = Names.Metric</c>) already gave only CS0182. The rest of the compilation's
/// instrumentation is generated as before.
/// </summary>
public sealed class NonConstantArgumentTests
{
    private const string Source = """
        using Instrumentation;
        using Microsoft.Extensions.Logging;
        namespace App;
        public static class Names
        {
            public static readonly string Span = "orders.dynamic";
            public static readonly string Event = "Bought";
            public static string Template => "Hello {name}";
            public static readonly string Metric = "orders_dynamic_ms";
        }
        public sealed class NonConst
        {
            [Operation(Names.Span)] public int A(int x) => x;
            [Operation("orders.named", DurationMetric = Names.Metric)] public int B(int x) => x;
            [FunnelEvent(Names.Event, EntityId = "tenant.OrgId", OrgId = "tenant.OrgId")]
            [Operation("orders.funnel")] public int C(TenantContext tenant) => 1;
            [Operation("orders.fine")] public int D(int x) => x + 1;
            [FunnelEvent(Names.Event)] public int E() => 1;
        }
        public static partial class NonConstLog
        {
            [LogMethod(LogLevel.Information, Names.Template)] public static partial void Hi(ILogger logger, string name);
            [LogMethod(LogLevel.Information, "Fine {name}")] public static partial void Fine(ILogger logger, string name);
        }
        public static class Use
        {
            public static int Run(NonConst n, TenantContext tenant) => n.A(1) + n.B(2) + n.C(tenant) + n.D(3) + n.E();
        }
        """;

    [Fact]
    public void Only_the_compilers_error_is_reported_and_nothing_is_generated_for_those_declarations()
    {
        var (output, diagnostics) = OtherGenerators.Run(Source);

        Assert.Empty(diagnostics);
        var errors = GeneratorHarness.AllDiagnostics(output).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.NotEmpty(errors);
        // CS0182 for each non-constant argument; CS8795 for the partial log method left without a body.
        Assert.All(errors, e => Assert.Contains(e.Id, new[] { "CS0182", "CS8795" }));
        Assert.All(errors, e => Assert.Equal("/src/File0.cs", e.Location.SourceTree?.FilePath));
    }

    [Fact]
    public void Another_librarys_attribute_with_an_argument_from_another_generator_does_not_cost_the_method_its_instrumentation()
    {
        // GenConsts comes from another source generator: the build binds Tag(GenConsts.Name), the SDK's generators do not
        // see it (its argument reads as an error there). The method is still intercepted and the build compiles.
        const string source = """
            using Instrumentation;
            namespace App;
            [System.AttributeUsage(System.AttributeTargets.Method)]
            public sealed class TagAttribute(string name) : System.Attribute { public string Name { get; } = name; }
            public sealed class Orders
            {
                [Tag(GenConsts.Name)]
                [Operation("orders.tagged")] public int Tagged(int x) => x;
            }
            public static class Use { public static int Run(Orders o) => o.Tagged(1); }
            """;
        const string generated = """
            namespace App;
            public static class GenConsts { public const string Name = "tagged"; }
            """;
        var (output, diagnostics) = OtherGenerators.Run(source, ("GenConsts.g.cs", generated));

        Assert.Empty(diagnostics);
        Assert.Empty(GeneratorHarness.AllDiagnostics(output).Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Equal(new[] { "o.Tagged(1)" }, OtherGenerators.Intercepted(output));
    }

    [Fact]
    public void The_compilations_other_declarations_are_still_instrumented()
    {
        var (output, _) = OtherGenerators.Run(Source);

        var intercepted = OtherGenerators.Intercepted(output);
        Assert.Contains("n.D(3)", intercepted);
        Assert.DoesNotContain("n.A(1)", intercepted);
        var generated = string.Join("\n", output.SyntaxTrees.Skip(1).Select(t => t.ToString()));
        Assert.Contains("Fine {name}", generated, System.StringComparison.Ordinal);
        Assert.DoesNotContain("Hello {name}", generated, System.StringComparison.Ordinal);
    }
}
