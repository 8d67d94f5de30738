using System;
using System.Linq;
using Instrumentation.Generators.Operations;
using Instrumentation.Generators.Tests.CrossProject;
using Instrumentation.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Instrumentation.Generators.Tests.Operations;

/// <summary>
/// Rendering a span attribute reads the object's getters, which may call annotated methods. Found with Newtonsoft.Json
/// tagged wholesale (tools/realworld, <c>ANNOTATE_TAGS=true</c>): every <c>JToken</c> argument was rendered, its getters
/// called annotated <c>JToken</c> methods whose recorded spans rendered their own <c>JToken</c> arguments, and so on —
/// the suite did not finish in 20 minutes. A call made while the SDK renders a value starts no span (the app did not
/// make it); the same call made by the app is recorded as always.
/// </summary>
public sealed class RenderingSuppressionTests
{
    private const string Source = """
        using Instrumentation;
        namespace Feedback;

        public sealed class Token
        {
            public static int Depth;

            public string Name { get; set; } = "t";

            // A getter that calls an annotated method (JToken.Path walks the parents through annotated methods).
            public string Path => Paths.Describe(this);
        }

        public static class Paths
        {
            [Operation("paths.describe")]
            public static string Describe([SpanAttribute("token")] Token token) => token.Name + "/" + (Token.Depth++ < 50 ? "x" : "end");

            [Operation("paths.visit")]
            public static int Visit([SpanAttribute("token")] Token token) => token.Name.Length;

            public static int Run()
            {
                var token = new Token();
                var visited = Visit(token);
                Describe(token);
                return visited;
            }
        }
        """;

    [Fact]
    public void A_call_made_while_a_span_attribute_is_rendered_starts_no_span_and_the_apps_own_call_still_does()
    {
        const string assemblyName = "RenderingFeedback";
        var run = GeneratorHarness.Run(new OperationGenerator(), GeneratorHarness.CompileAs(assemblyName, Source));
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.DoesNotContain(run.Problems, d => d.Severity >= DiagnosticSeverity.Warning);

        using var recorder = new TelemetryRecorder("Instrumentation.Generated." + assemblyName);
        var stopped = recorder.Spans;
        var assembly = run.Load();
        assembly.GetType("Feedback.Paths")!.GetMethod("Run")!.Invoke(null, null);

        // Visit's attribute renders the token, whose Path getter calls Describe: no span for that call. Describe's own
        // attribute renders the token again (its Path getter calls Describe once more): no span either. The app's one
        // call of Describe is recorded.
        Assert.Equal(new[] { "paths.visit", "paths.describe" }, stopped.Select(a => a.OperationName).ToArray());
        var token = (string?)stopped.First().GetTagItem("token");
        Assert.NotNull(token);
        Assert.Contains("Path = t/x", token, StringComparison.Ordinal);
        Assert.Equal(3, (int)assembly.GetType("Feedback.Token")!.GetField("Depth")!.GetValue(null)!);
    }
}
