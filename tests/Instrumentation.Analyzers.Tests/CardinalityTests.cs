using System.Linq;
using System.Threading.Tasks;
using Instrumentation.Analyzers.Tests.Infrastructure;
using Instrumentation.CodeFixes;
using Xunit;

namespace Instrumentation.Analyzers.Tests;

public sealed class CardinalityTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.Diagnostics; using System.Diagnostics.Metrics; using Instrumentation;\n";

    [Fact]
    public async Task INS1001_device_label_is_flagged_even_with_bounded_values_and_the_fix_makes_it_a_span_attribute()
    {
        const string source = Usings + """
            public enum Sensor { Temperature }
            public class C
            {
                [Operation("db.write")]
                public void M([MetricLabel("device"), BoundedValues("a", "b")] string device, [MetricLabel] Sensor sensor, [MetricLabel] bool ok) { }
            }
            """;

        var diagnostic = Assert.Single(await AnalyzerHarness.DiagnosticsAsync(source));

        Assert.Equal("INS1001", diagnostic.Id);
        Assert.Equal("MetricLabel(\"device\")", diagnostic.At(source));
        Assert.Contains("'device'", diagnostic.GetMessage());
        var fixedSource = await AnalyzerHarness.ApplyFixAsync(source, diagnostic, new MetricLabelToSpanAttributeCodeFix());
        Assert.Contains("public void M([SpanAttribute(\"device\")] string device, [MetricLabel] Sensor sensor", fixedSource);
        Assert.Empty(await AnalyzerHarness.DiagnosticsAsync(fixedSource));
    }

    [Theory]
    [InlineData("[MetricLabel] string customer", "a free string")]
    [InlineData("[MetricLabel] Guid batch", "a Guid is an identifier")]
    [InlineData("[MetricLabel] DateTime at", "timestamp")]
    [InlineData("[MetricLabel] int attempt", "a number")]
    [InlineData("[MetricLabel(\"user_id\")] bool flag", "identifier")]
    public async Task INS1001_by_type_or_name(string parameter, string reason)
    {
        var source = Usings + "public class C { [Operation(\"db.write\")] public void M(" + parameter + ") { } }";

        var diagnostic = Assert.Single(await AnalyzerHarness.DiagnosticsAsync(source));

        Assert.Equal("INS1001", diagnostic.Id);
        Assert.Contains(reason, diagnostic.GetMessage());
    }

    [Fact]
    public async Task INS1002_hand_written_tags_by_key_and_value_in_every_shape()
    {
        const string source = Usings + """
            public enum Kind { A }
            public class C
            {
                static readonly Meter Meter = new("m");
                static readonly Counter<long> Calls = Meter.CreateCounter<long>("calls_total");
                static readonly Histogram<double> Latency = Meter.CreateHistogram<double>("latency_ms");
                public void M(string deviceId, Guid session, Kind kind, string region)
                {
                    Calls.Add(1, new KeyValuePair<string, object?>("device_id", deviceId));
                    Calls.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("region", region));
                    Latency.Record(2.0, new[] { new KeyValuePair<string, object?>("session", session) });
                    var tags = new TagList { { "kind", kind.ToString() }, { "user_id", "u" } };
                    tags.Add("at", DateTime.UtcNow);
                    tags.Add("ok", true);
                    Latency.Record(1.0, tags);
                    Calls.Add(1, new KeyValuePair<string, object?>("status", "ok"));
                }
            }
            """;

        var diagnostics = await AnalyzerHarness.DiagnosticsAsync(source);

        Assert.All(diagnostics, d => Assert.Equal("INS1002", d.Id));
        Assert.Equal(
            new[] { "device_id", "region", "session", "user_id", "at" },
            diagnostics.Select(d => d.GetMessage().Split('\'')[1]).ToArray());
        Assert.Contains("non-constant string", diagnostics[1].GetMessage());
    }

    [Fact]
    public async Task INS1002_fix_removes_the_tag_and_fix_all_removes_every_one()
    {
        const string source = Usings + """
            public class C
            {
                static readonly Counter<long> Calls = new Meter("m").CreateCounter<long>("calls_total");
                public void M(string deviceId, string userId)
                {
                    Calls.Add(1, new KeyValuePair<string, object?>("device_id", deviceId), new KeyValuePair<string, object?>("kind", "a"));
                    var tags = new TagList { { "user_id", userId }, { "kind", "a" } };
                    Calls.Add(1, tags);
                }
            }
            """;
        var diagnostics = await AnalyzerHarness.DiagnosticsAsync(source);
        Assert.Equal(2, diagnostics.Length);

        var single = await AnalyzerHarness.ApplyFixAsync(source, diagnostics[0], new RemoveMetricTagCodeFix());
        Assert.Contains("Calls.Add(1, new KeyValuePair<string, object?>(\"kind\", \"a\"));", single);

        var moved = await AnalyzerHarness.ApplyFixAsync(source, diagnostics[0], new RemoveMetricTagCodeFix(), actionIndex: 1);
        Assert.Contains("global::System.Diagnostics.Activity.Current?.SetTag(\"device_id\", deviceId);", moved);
        Assert.Contains("Calls.Add(1, new KeyValuePair<string, object?>(\"kind\", \"a\"));", moved);
        Assert.Single(await AnalyzerHarness.DiagnosticsAsync(moved));

        var all = await AnalyzerHarness.FixAllAsync(source, "INS1002", new RemoveMetricTagCodeFix());
        Assert.DoesNotContain("device_id", all);
        Assert.DoesNotContain("user_id", all);
        Assert.Contains("{ \"kind\", \"a\" }", all);
        Assert.Empty(await AnalyzerHarness.DiagnosticsAsync(all));
    }

    [Fact]
    public async Task Severity_is_configurable_in_editorconfig()
    {
        var source = Usings + "public class C { [Operation(\"db.write\")] public void M([MetricLabel] string customer) { } }";

        var asError = Assert.Single(await AnalyzerHarness.DiagnosticsAsync(source, editorconfig: "[*.cs]\ndotnet_diagnostic.INS1001.severity = error"));
        var suppressed = await AnalyzerHarness.DiagnosticsAsync(source, editorconfig: "[*.cs]\ndotnet_diagnostic.INS1001.severity = none");

        Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Error, asError.Severity);
        Assert.Empty(suppressed);
    }
}
