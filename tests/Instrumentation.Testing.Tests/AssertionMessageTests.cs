using System;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Instrumentation.Testing.Tests;

/// <summary>What the kit captures from real annotated code, and what its failures say.</summary>
public sealed class AssertionMessageTests
{
    private static readonly TenantContext Tenant = new("org-a", "proj-a", "dev-a");

    [Fact]
    public async Task Spans_metrics_and_logs_of_an_ingest_call_are_captured_with_tenant_and_labels()
    {
        using var capture = TelemetryCapture.Start();
        var gateway = new Gateway(capture.LoggerFactory.CreateLogger<Gateway>());

        await gateway.ReceiveAsync(Tenant, new[] { 1.0, 2.0 }, Sensor.Temperature);
        await gateway.ReceiveAsync(Tenant, new[] { 3.0 }, Sensor.Humidity);

        var receive = capture.SpansNamed("ws.ingest.receive");
        Assert.Equal(2, receive.Count);
        Assert.All(receive, s => Assert.Equal("org-a", s.Tag("org_id")));
        var insert = capture.SpansNamed("db.sensor.insert")[0];
        Assert.Equal(receive[0].SpanId, insert.ParentSpanId);
        Assert.Same(receive[0].Activity, insert.Parent!.Activity);

        var messages = capture.Counter("gateway_messages_total");
        Assert.Equal(3, messages.Sum(("org", "org-a")));
        Assert.Equal(2, messages.Sum(("org", "org-a"), ("sensor", "temperature")));
        Assert.Equal(0, messages.Sum(("org", "org-b")));
        Assert.Equal(2, capture.Histogram("gateway_latency_ms").Count(("org", "org-a")));

        var stored = capture.Logs.Single(l => l.Message == "Stored 2 readings");
        Assert.Equal(LogLevel.Information, stored.Level);
        Assert.Equal(2, stored.Field("count"));
        Assert.Equal("org-a", stored.Field("org_id")); // correlation field added by the SDK's log processor
        Assert.Equal(receive[0].SpanId, stored.SpanId);
    }

    [Fact]
    public async Task A_misspelled_tag_key_fails_the_assertion_instead_of_summing_to_zero()
    {
        // Sum(("sensr", …)) == 0 passed whatever the code did (a newcomer's note).
        using var capture = TelemetryCapture.Start();
        var gateway = new Gateway(capture.LoggerFactory.CreateLogger<Gateway>());

        await gateway.ReceiveAsync(Tenant, new[] { 1.0 }, Sensor.Temperature);

        var messages = capture.Counter("gateway_messages_total");
        var error = Assert.Throws<TelemetryAssertionException>(() => messages.Sum(("sensr", Sensor.Humidity)));
        Assert.Contains("'sensr'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Tags seen: org, sensor", error.Message, StringComparison.Ordinal);
        Assert.Throws<TelemetryAssertionException>(() => messages.Count(("org", "org-a"), ("projct", "p")));
        Assert.Equal(0, messages.Sum(("sensor", Sensor.Humidity)));
    }

    [Fact]
    public async Task Failure_messages_show_an_expected_enum_with_its_label_and_a_wrong_kind_with_its_measurements()
    {
        using var capture = TelemetryCapture.Start();
        var gateway = new Gateway(capture.LoggerFactory.CreateLogger<Gateway>());

        await gateway.ReceiveAsync(Tenant, new[] { 1.0 }, Sensor.WindSpeed);

        var messages = capture.Counter("gateway_messages_total");
        var missing = Assert.Throws<TelemetryAssertionException>(() => messages.Single(("sensor", Sensor.Temperature)));
        Assert.Contains("(sensor=Temperature|temperature)", missing.Message, StringComparison.Ordinal);
        Assert.Contains("sensor=wind_speed", missing.Message, StringComparison.Ordinal);
        var wrongKind = Assert.Throws<TelemetryAssertionException>(() => capture.Histogram("gateway_messages_total"));
        Assert.Contains("Measurements: gateway_messages_total: 1 {", wrongKind.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_enum_label_is_matched_by_the_enum_value_a_test_passes()
    {
        using var capture = TelemetryCapture.Start();
        var gateway = new Gateway(capture.LoggerFactory.CreateLogger<Gateway>());

        await gateway.ReceiveAsync(Tenant, new[] { 1.0 }, Sensor.Temperature);
        await gateway.ReceiveAsync(Tenant, new[] { 2.0, 3.0 }, Sensor.WindSpeed);
        await gateway.ReceiveAsync(Tenant, new[] { 4.0, 5.0, 6.0 }, (Sensor)42);

        // The generator writes enum labels in snake case (wind_speed), and an undefined value as "other".
        var messages = capture.Counter("gateway_messages_total");
        Assert.Equal(1, messages.Sum(("sensor", Sensor.Temperature)));
        Assert.Equal(2, messages.Sum(("sensor", Sensor.WindSpeed)));
        Assert.Equal(2, messages.Sum(("sensor", "wind_speed")));
        Assert.Equal(0, messages.Sum(("sensor", Sensor.Humidity)));
        Assert.Equal(0, messages.Sum(("sensor", (Sensor)42)));
        Assert.Equal(3, messages.Sum(("sensor", "other")));
    }

    [Fact]
    public async Task A_failed_operation_is_an_error_span_a_failure_count_and_an_operation_log()
    {
        using var capture = TelemetryCapture.Start();
        var gateway = new Gateway(capture.LoggerFactory.CreateLogger<Gateway>());

        await Assert.ThrowsAsync<InvalidOperationException>(() => gateway.ReceiveAsync(Tenant, Array.Empty<double>(), Sensor.Humidity));

        var span = capture.Span("ws.ingest.receive");
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(1, capture.Counter("ingest_failures_total").Sum());
        var failure = capture.Logs.Single(l => l.Level == LogLevel.Error);
        Assert.Equal("ws.ingest.receive", failure.Field("operation"));
        Assert.Equal(typeof(InvalidOperationException).FullName, failure.Field("exception_type"));
        Assert.Equal("org-a", failure.Field("org_id"));
    }

    [Fact]
    public void Funnel_events_are_captured_once_per_emit_with_their_properties()
    {
        using var capture = TelemetryCapture.Start();
        var gateway = new Gateway(capture.LoggerFactory.CreateLogger<Gateway>());

        gateway.Register("org-a", "dev-1");
        gateway.Register("org-a", "dev-1");

        Assert.Equal(2, capture.FunnelEvents.Count);
        var registered = capture.FunnelEvents[0];
        Assert.Equal("DeviceRegistered", registered.EventType);
        Assert.True(registered.OncePerEntity);
        Assert.Equal("dev-1", registered.EntityId);
        Assert.Equal("dev-1", registered.Property("device_uuid"));
        var twice = Assert.Throws<TelemetryAssertionException>(() => capture.FunnelEvent("DeviceRegistered"));
        Assert.Contains("saw 2", twice.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Captured_funnel_properties_follow_the_sink_rules_like_the_writer()
    {
        using var capture = TelemetryCapture.Start();
        var gateway = new Gateway(capture.LoggerFactory.CreateLogger<Gateway>());

        gateway.Invite("org-a", "invited by canary.kit@pii-canary.test", "k-29f81c");

        var invited = capture.FunnelEvent("Invited");
        Assert.Equal("invited by [EMAIL]", invited.Property("note"));
        Assert.Equal("[REDACTED]", invited.Property("invite_token"));
        Assert.DoesNotContain("canary.kit@pii-canary.test", invited.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_span_lists_the_spans_that_were_seen()
    {
        using var capture = TelemetryCapture.Start();
        Gateway.Insert("o", "p", "d");
        Gateway.Insert("o", "p", "d");

        var error = Assert.Throws<TelemetryAssertionException>(() => capture.Span("ws.ingest.receive"));

        Assert.Equal("Expected exactly one span named 'ws.ingest.receive' but saw none. Spans seen: db.sensor.insert (2).", error.Message);
    }

    [Fact]
    public void A_missing_tag_lists_the_tags_of_the_span()
    {
        using var capture = TelemetryCapture.Start();
        Gateway.Insert("o", "p", "d");

        var error = Assert.Throws<TelemetryAssertionException>(() => capture.Span("db.sensor.insert").Tag("flow_id"));

        Assert.Equal("Span 'db.sensor.insert' has no tag 'flow_id'. Its tags: {org_id=o, project_id=p, device_uuid=d}.", error.Message);
    }

    [Fact]
    public void A_counter_with_no_measurements_lists_the_instruments_that_were_seen()
    {
        using var capture = TelemetryCapture.Start();
        Gateway.Insert("o", "p", "d");

        var error = Assert.Throws<TelemetryAssertionException>(() => capture.Counter("gateway_messages_total"));
        var wrongKind = Assert.Throws<TelemetryAssertionException>(() => capture.Counter("sensor_insert_latency_ms"));

        Assert.StartsWith("Expected measurements of the counter 'gateway_messages_total' but none were recorded in this capture. Instruments seen: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("sensor_insert_latency_ms (Histogram, 1)", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("'sensor_insert_latency_ms' is a Histogram, not a counter. Measurements: sensor_insert_latency_ms: ", wrongKind.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_capture_that_recorded_nothing_says_what_usually_causes_it()
    {
        using var capture = TelemetryCapture.Start();

        var span = Assert.Throws<TelemetryAssertionException>(() => capture.Span("db.sensor.insert"));
        var counter = Assert.Throws<TelemetryAssertionException>(() => capture.Counter("gateway_messages_total"));

        Assert.Contains("Spans seen: none. Nothing of this kind was recorded at all: is the code under test built with instrumentation (not with -p:InstrumentationEnabled=false)", span.Message, StringComparison.Ordinal);
        Assert.Contains("Instruments seen: none. Nothing of this kind was recorded at all", counter.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_funnel_event_or_log_field_lists_what_was_there()
    {
        using var capture = TelemetryCapture.Start();
        var gateway = new Gateway(capture.LoggerFactory.CreateLogger<Gateway>());
        gateway.Register("org-a", "dev-1");

        var missingEvent = Assert.Throws<TelemetryAssertionException>(() => capture.FunnelEvent("FirstDeviceData"));

        Assert.Equal(
            "Expected exactly one funnel event 'FirstDeviceData' but saw none. Funnel events seen: DeviceRegistered (org_id=org-a, entity_id=dev-1) {device_uuid=dev-1, org_id=org-a}.",
            missingEvent.Message);
    }
}
