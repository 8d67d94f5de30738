using System.Linq;
using System.Threading.Tasks;
using Instrumentation.OpenTelemetry;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Xunit;

namespace Instrumentation.Testing.Tests;

/// <summary>
/// A meter provider with the generated instrumentation (the app's, in a WebApplicationFactory test) publishes the
/// catalog's zero series — <c>Add(0)</c> on every label set of the generated counters — at its first collection (a
/// <c>/metrics</c> scrape the test makes, an export) and when it is disposed (the test disposing its factory). Those
/// run in the test's scope; they are the exporter's bookkeeping, not measurements of the code under test, and must not
/// show up in the capture (a <c>Counter("..._failures_total")</c> that nothing incremented was "found", and
/// <c>Single(...)</c> and <c>Count(...)</c> saw extra zero measurements).
/// </summary>
[Collection(nameof(UnrecordedParentTests))]
public sealed class ZeroSeriesTests
{
    [Fact]
    public async Task Zero_series_published_by_a_meter_provider_in_the_capture_scope_are_not_captured()
    {
        using var capture = TelemetryCapture.Start();
        var gateway = new Gateway(capture.LoggerFactory.CreateLogger<Gateway>());
        await gateway.ReceiveAsync(new TenantContext("org-z", "proj-z", "dev-z"), new[] { 1.0 }, Sensor.Temperature);

        using (var meters = Sdk.CreateMeterProviderBuilder().AddGeneratedInstrumentation().Build())
        {
            meters.ForceFlush(); // a collection: the zero series are published
        }

        Assert.DoesNotContain(capture.Measurements, m => m.Value == 0 && m.Kind == CapturedInstrumentKind.Counter);
        var failures = Assert.Throws<TelemetryAssertionException>(() => capture.Counter("ingest_failures_total"));
        Assert.Contains("none were recorded", failures.Message, System.StringComparison.Ordinal);
        Assert.Equal(1, capture.Counter("gateway_messages_total").Single(("sensor", Sensor.Temperature)).Value);
    }
}
