using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using Instrumentation.Prometheus;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Xunit;

namespace Instrumentation.Runtime.Tests.Prometheus;

/// <summary>
/// Label values of other meters' tags are written the way OpenTelemetry's own Prometheus exporter writes them. Found in
/// an orders service with many tenants: the cardinality limit's overflow series came out as
/// <c>otel_metric_overflow="True"</c> (.NET's <c>bool.ToString()</c>), which no query for OpenTelemetry's
/// <c>otel_metric_overflow="true"</c> finds; the generated labels write <c>true</c>/<c>false</c> too.
/// </summary>
public sealed class LabelValueTests
{
    [Fact]
    public void Boolean_tags_and_the_cardinality_overflow_series_are_written_in_lower_case()
    {
        var name = "Instrumentation.Tests.Labels." + Guid.NewGuid().ToString("N");
        using var reader = new PrometheusScrapeReader();
        using var provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(name)
            .AddView("labels_calls_total", new MetricStreamConfiguration { CardinalityLimit = 3 })
            .AddReader(reader)
            .Build();
        using var meter = new Meter(name);
        var calls = meter.CreateCounter<long>("labels_calls_total", "{call}", "Calls.");
        calls.Add(1, new KeyValuePair<string, object?>("cached", true));
        calls.Add(1, new KeyValuePair<string, object?>("cached", false));
        for (var org = 0; org < 5; org++)
        {
            calls.Add(1, new KeyValuePair<string, object?>("org", "org-" + org));
        }

        var lines = reader.Scrape().Split('\n').Where(l => l.StartsWith("labels_calls_total{", StringComparison.Ordinal)).ToArray();

        Assert.Contains("labels_calls_total{cached=\"true\"} 1", lines);
        Assert.Contains("labels_calls_total{cached=\"false\"} 1", lines);
        Assert.Contains(lines, l => l.StartsWith("labels_calls_total{otel_metric_overflow=\"true\"} ", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("\"True\"", StringComparison.Ordinal) || l.Contains("\"False\"", StringComparison.Ordinal));
    }
}
