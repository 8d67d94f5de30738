using System;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Text.RegularExpressions;
using Instrumentation.Operations;
using Instrumentation.Prometheus;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Xunit;

namespace Instrumentation.Generators.Tests.CrossProject;

/// <summary>
/// What the OpenTelemetry SDK 1.20.1 and our Prometheus rendering do when two assemblies define "the same"
/// instrument, measured rather than assumed (docs/cross-project.md quotes these results), and that
/// <see cref="SharedTelemetry"/> never lets it happen.
/// </summary>
public sealed class DuplicateInstrumentTests
{
    [Fact]
    public void Two_meters_of_one_name_with_identical_counters_are_merged_by_the_sdk_into_one_series()
    {
        var meterName = "Instrumentation.Generated.Dup" + Guid.NewGuid().ToString("N")[..8];
        using var provider = Provider(meterName, out var reader);
        using var first = new Meter(meterName);
        using var second = new Meter(meterName);
        first.CreateCounter<long>("dup_calls_total", "{call}", "Calls.").Add(1);
        second.CreateCounter<long>("dup_calls_total", "{call}", "Calls.").Add(1);

        var text = reader.Scrape();

        Assert.Equal(1, Count(text, "# TYPE dup_calls_total counter"));
        Assert.Equal(new[] { "dup_calls_total 2" }, Series(text, "dup_calls_total"));
    }

    [Fact]
    public void Two_meters_of_one_name_whose_counters_differ_only_in_description_are_written_as_one_family()
    {
        var meterName = "Instrumentation.Generated.Dup" + Guid.NewGuid().ToString("N")[..8];
        using var provider = Provider(meterName, out var reader);
        using var first = new Meter(meterName);
        using var second = new Meter(meterName);
        first.CreateCounter<long>("dup_calls_total", "{call}", "Calls of A.").Add(1);
        second.CreateCounter<long>("dup_calls_total", "{call}", "Calls of B.").Add(1);

        var text = reader.Scrape();

        // The SDK keeps a separate metric stream per description; the Prometheus rendering writes one family with the
        // streams' series added up (it used to write the family twice, "dup_calls_total 1" twice: invalid exposition).
        Assert.Equal(1, Count(text, "# TYPE dup_calls_total counter"));
        Assert.Equal(new[] { "dup_calls_total 2" }, Series(text, "dup_calls_total"));
    }

    [Fact]
    public void SharedTelemetry_hands_every_assembly_the_same_instrument_whatever_the_description()
    {
        var meterName = "Instrumentation.Generated.Shared" + Guid.NewGuid().ToString("N")[..8];
        using var provider = Provider(meterName, out var reader);
        var first = SharedTelemetry.Counter<long>(meterName, "dup_calls_total", "{call}", "Calls of A.");
        var second = SharedTelemetry.Counter<long>(meterName, "dup_calls_total", "{call}", "Calls of B.");
        first.Add(1);
        second.Add(1);

        Assert.Same(first, second);
        Assert.Same(SharedTelemetry.Meter(meterName), first.Meter);
        Assert.Same(SharedTelemetry.Source(meterName), SharedTelemetry.Source(meterName));
        var text = reader.Scrape();
        Assert.Equal(1, Count(text, "# TYPE dup_calls_total counter"));
        Assert.Equal(new[] { "dup_calls_total 2" }, Series(text, "dup_calls_total"));
    }

    [Fact]
    public void SharedTelemetry_keeps_different_kinds_and_units_apart()
    {
        var meterName = "Instrumentation.Generated.Kinds" + Guid.NewGuid().ToString("N")[..8];

        var counter = SharedTelemetry.Counter<long>(meterName, "x_total", "{call}", null);
        var otherUnit = SharedTelemetry.Counter<long>(meterName, "x_total", "{message}", null);
        var histogram = SharedTelemetry.Histogram<double>(meterName, "x_total", "{call}", null);

        Assert.NotSame(counter, otherUnit);
        Assert.NotSame((Instrument)counter, histogram);
        Assert.Same(counter, SharedTelemetry.Counter<long>(meterName, "x_total", "{call}", "later description"));
    }

    private static MeterProvider Provider(string meterName, out PrometheusScrapeReader reader)
    {
        reader = new PrometheusScrapeReader();
        return Sdk.CreateMeterProviderBuilder().AddMeter(meterName).AddReader(reader).Build()!;
    }

    private static int Count(string text, string line) =>
        text.Split('\n').Count(l => l == line);

    private static string[] Series(string text, string name) =>
        text.Split('\n').Where(l => Regex.IsMatch(l, "^" + Regex.Escape(name) + "(\\{| )")).ToArray();
}
