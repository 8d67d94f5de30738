using System;
using System.Linq;
using Instrumentation.Generators.Operations;
using Instrumentation.Generators.Tests.CrossProject;
using Instrumentation.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Instrumentation.Generators.Tests.Operations;

/// <summary>
/// A <c>[SpanAttribute]</c> of the app's own class, struct or record is rendered by a generated formatter — the one a
/// <c>[LogMethod]</c> parameter of that type gets — not by the run-time formatter's reflection, which NativeAOT cannot do
/// for types the app does not reflect over (a probe publishing a minimal API with NativeAOT got <c>Customer { }</c>). The
/// text is the run-time formatter's, classified members redacted at any depth; values the generator cannot see through
/// (a type parameter, an interface, <c>object</c>) and values under a secret name keep the run-time formatter.
/// </summary>
public sealed class SpanAttributeFormatterTests
{
    /// <summary>The app's own types both formatter tests render (also <see cref="LogFieldFormatterTests"/>).</summary>
    internal const string Types = """
        using System.Collections.Generic;
        using Instrumentation;
        namespace Shop;

        public sealed record Address(string City, [property: PersonalData] string Street);
        public sealed record Customer(string Name, [property: PersonalData] string Email, Address Home);
        public readonly record struct Money(decimal Amount, string Currency);
        public interface IShape { int Sides { get; } }
        public sealed class Square : IShape { public int Sides => 4; }

        """;

    private const string Source = Types + """
        public sealed class Orders
        {
            [Operation("orders.place")]
            public int Place([SpanAttribute("customer")] Customer customer, [SpanAttribute("total")] Money total, [SpanAttribute("maybe")] Money? maybe,
                [SpanAttribute("shape")] IShape shape, [SpanAttribute("secret_holder")] Customer apiKey) => 1;
        }

        public static class Calls
        {
            public static int Run() => new Orders().Place(
                new Customer("Ada", "ada@example.com", new Address("Paris", "1 Rue Secrète")),
                new Money(12.5m, "EUR"),
                null,
                new Square(),
                new Customer("Bob", "bob@example.com", new Address("Lyon", "2 Quai")));
        }
        """;

    [Fact]
    public void Span_attributes_of_the_apps_own_types_are_rendered_by_generated_formatters_with_the_run_time_formatters_text()
    {
        const string assemblyName = "SpanFormatters";
        var run = GeneratorHarness.Run(new OperationGenerator(), GeneratorHarness.CompileAs(assemblyName, Source));
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.DoesNotContain(run.Problems, d => d.Severity >= DiagnosticSeverity.Warning);
        var code = run.GeneratedSources[OperationEmitter.HintName];
        Assert.Contains("activity.SetTag(\"customer\", Render", code, StringComparison.Ordinal);
        Assert.Contains("activity.SetTag(\"total\", Render", code, StringComparison.Ordinal);
        Assert.Contains("TelemetryValues.Object(state.P_shape)", code, StringComparison.Ordinal);
        Assert.Contains("TelemetryValues.Object(\"apiKey\", state.P_apiKey)", code, StringComparison.Ordinal);

        using var recorder = new TelemetryRecorder("Instrumentation.Generated." + assemblyName);
        var stopped = recorder.Spans;
        var assembly = run.Load();
        Assert.Equal(1, assembly.GetType("Shop.Calls")!.GetMethod("Run")!.Invoke(null, null));

        var span = Assert.Single(stopped);
        Assert.Equal("Customer { Name = Ada, Email = [REDACTED], Home = Address { City = Paris, Street = [REDACTED] } }", span.GetTagItem("customer"));
        Assert.Equal("Money { Amount = 12.5, Currency = EUR }", span.GetTagItem("total"));
        Assert.Null(span.GetTagItem("maybe"));
        Assert.Equal("Square { Sides = 4 }", span.GetTagItem("shape"));

        // The same text as the run-time formatter writes for the same values.
        var runtime = typeof(Instrumentation.Redaction.TelemetryValues).GetMethods().Single(m => m.Name == "Object" && m.GetParameters().Length == 1);
        var customer = span.GetTagItem("customer");
        var value = Activator.CreateInstance(assembly.GetType("Shop.Customer")!, "Ada", "ada@example.com", Activator.CreateInstance(assembly.GetType("Shop.Address")!, "Paris", "1 Rue Secrète"));
        Assert.Equal(customer, runtime.MakeGenericMethod(typeof(object)).Invoke(null, new[] { value }));
    }
}
