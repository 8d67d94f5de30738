using System;
using System.Linq;
using Instrumentation.Correlation;
using Instrumentation.Generators.Operations;
using Instrumentation.Generators.Tests.CrossProject;
using Instrumentation.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Instrumentation.Generators.Tests.Operations;

/// <summary>
/// A <c>[LogField]</c> of the app's own class, struct or record is rendered by a generated formatter — the one a
/// <c>[SpanAttribute]</c> or <c>[LogMethod]</c> parameter of that type gets — not by the run-time formatter's reflection,
/// which NativeAOT cannot do for types the app does not reflect over (every log line inside the operation read
/// <c>Customer { }</c> there). The text is the run-time formatter's, classified members redacted at any depth; values the
/// generator cannot see through (an interface) and fields under a secret name keep the run-time rule.
/// </summary>
public sealed class LogFieldFormatterTests
{
    private const string Source = SpanAttributeFormatterTests.Types + """
        public sealed class Orders
        {
            [Operation("orders.place")]
            public string Place([LogField] Customer customer, [LogField("total")] Money total, [LogField] Money? maybe,
                [LogField] IShape shape, [LogField("api_key")] Customer holder) => Fields.Read();
        }

        public static class Fields
        {
            public static string Read()
            {
                var correlation = Instrumentation.Logging.LogCorrelation.Capture();
                var parts = new List<string>();
                for (var i = 0; i < correlation.Count; i++)
                {
                    parts.Add(correlation[i].Key + "=" + (correlation[i].Value ?? "(none)"));
                }

                return string.Join("\n", parts);
            }
        }

        public static class Calls
        {
            public static string Run() => new Orders().Place(
                new Customer("Ada", "ada@example.com", new Address("Paris", "1 Rue Secrète")),
                new Money(12.5m, "EUR"),
                null,
                new Square(),
                new Customer("Bob", "bob@example.com", new Address("Lyon", "2 Quai")));
        }
        """;

    [Fact]
    public void Log_fields_of_the_apps_own_types_are_rendered_by_generated_formatters_with_the_run_time_formatters_text()
    {
        const string assemblyName = "LogFieldFormatters";
        var run = GeneratorHarness.Run(new OperationGenerator(), GeneratorHarness.CompileAs(assemblyName, Source));
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.DoesNotContain(run.Problems, d => d.Severity >= DiagnosticSeverity.Warning);
        var code = run.GeneratedSources[OperationEmitter.HintName];
        Assert.Contains("CorrelationField.Rendered(\"customer\", ", code, StringComparison.Ordinal);
        Assert.Contains("CorrelationField.Rendered(\"total\", ", code, StringComparison.Ordinal);
        Assert.Contains("CorrelationField.Object(\"shape\", ", code, StringComparison.Ordinal);
        Assert.Contains("CorrelationField.Object(\"api_key\", ", code, StringComparison.Ordinal);

        using var recorder = new TelemetryRecorder("Instrumentation.Generated." + assemblyName);
        var assembly = run.Load();
        string written;
        CorrelationContext.SetEnabled(true);
        try
        {
            written = (string)assembly.GetType("Shop.Calls")!.GetMethod("Run")!.Invoke(null, null)!;
        }
        finally
        {
            CorrelationContext.SetEnabled(false);
        }

        var fields = written.Split('\n').Select(line => line.Split('=', 2)).Where(pair => pair[0] is not "trace_id" and not "span_id")
            .ToDictionary(pair => pair[0], pair => pair[1]);
        Assert.Equal("Customer { Name = Ada, Email = [REDACTED], Home = Address { City = Paris, Street = [REDACTED] } }", fields["customer"]);
        Assert.Equal("Money { Amount = 12.5, Currency = EUR }", fields["total"]);
        Assert.False(fields.ContainsKey("maybe"));
        Assert.Equal("Square { Sides = 4 }", fields["shape"]);

        // The same text as the run-time formatter writes for the same value; under a secret field name, the run-time rule.
        var methods = typeof(Instrumentation.Redaction.TelemetryValues).GetMethods().Where(m => m.Name == "Object").ToArray();
        var runtime = methods.Single(m => m.GetParameters().Length == 1).MakeGenericMethod(typeof(object));
        var named = methods.Single(m => m.GetParameters().Length == 2 && m.IsGenericMethod).MakeGenericMethod(typeof(object));
        object Customer(string name, string email, string city, string street) =>
            Activator.CreateInstance(assembly.GetType("Shop.Customer")!, name, email, Activator.CreateInstance(assembly.GetType("Shop.Address")!, city, street))!;
        Assert.Equal(fields["customer"], runtime.Invoke(null, new[] { Customer("Ada", "ada@example.com", "Paris", "1 Rue Secrète") }));
        Assert.Equal(fields["api_key"], named.Invoke(null, new[] { "api_key", Customer("Bob", "bob@example.com", "Lyon", "2 Quai") }));
    }
}
