using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Instrumentation.Funnel.Writing;
using Instrumentation.Runtime.Tests.Operations;
using Xunit;

namespace Instrumentation.Funnel.Tests;

/// <summary>Funnel emitters compiled through the real generator: names, ids, typed properties, and 0 B per event.</summary>
public sealed class GeneratedEmitterTests : IDisposable
{
    private readonly FunnelEventBuffer _buffer = new(capacity: 10_000);

    public GeneratedEmitterTests() => FunnelEvents.Install(_buffer);

    public void Dispose() => FunnelEvents.Install(null);

    private List<FunnelEvent> Drain()
    {
        var items = new List<FunnelEvent>();
        _buffer.Peek(items, 10_000);
        _buffer.Remove(items.Count);
        return items;
    }

    private static JsonElement Json(FunnelEvent item) => JsonDocument.Parse(FunnelEventConverter.PropertiesJson(item.Properties)).RootElement;

    [Fact]
    public void Events_carry_their_name_ids_and_properties_from_parameters_and_return_values()
    {
        var onboarding = new Onboarding();

        onboarding.CreateOrg("user-1", "acme");
        var device = onboarding.Register("org-acme", "proj-1", "dev-1");
        onboarding.Store(new TenantContext("org-acme", "proj-1"), device, new[] { 1.0 });

        var events = Drain();
        Assert.Equal(new[] { "OrgCreated", "DeviceRegistered", "FirstDeviceData" }, events.Select(e => e.EventType).ToArray());
        Assert.Equal("org-acme", events[0].OrgId.ToString());
        Assert.Equal("user-1", events[0].UserId.ToString());
        Assert.Equal("org-acme", events[0].Properties.Find("org_id").ToString());
        Assert.True(events[1].OncePerEntity);
        Assert.Equal("dev-1", events[1].EntityId.ToString());
        Assert.Equal("proj-1", events[1].ProjectId.ToString());
        Assert.Equal("dev-1", events[2].EntityId.ToString());
        Assert.Equal("time_since_registration_s", events[2].SinceProperty);
        Assert.Equal("DeviceRegistered", events[2].SinceEvent);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Async_methods_emit_after_completion_with_the_result(bool yieldFirst)
    {
        await new Onboarding().RunFlowAsync("proj-9", 4, yieldFirst);

        var flow = Assert.Single(Drain());
        Assert.Equal("FlowExecuted", flow.EventType);
        Assert.Equal("proj-9", flow.ProjectId.ToString());
        Assert.Equal(FunnelValue.Int64(4), flow.Properties.Find("node_count"));
        Assert.Equal(FunnelValue.Double(1.5), flow.Properties.Find("duration_ms"));
    }

    [Fact]
    public void Classified_values_are_redacted_in_event_properties()
    {
        new Onboarding().SignUp(new Account("u-1", "ada@example.com"), "bob@example.com");

        var signUp = Assert.Single(Drain());
        Assert.Equal("u-1", signUp.UserId.ToString());
        Assert.Equal("[REDACTED]", signUp.Properties.Find("email").ToString());
        Assert.Equal("[REDACTED]", signUp.Properties.Find("referrer").ToString());
    }

    [Fact]
    public void A_result_classified_with_a_return_attribute_is_redacted_in_event_properties()
    {
        // A sinks trial stored an issued API key read from "return" in clear (store row, exported record), while the same
        // key from a [SecretData] parameter was redacted.
        new Onboarding().IssueKey("owner-1");
        new Onboarding().Invite("owner-1");

        var events = Drain().ToList();
        Assert.Equal("[REDACTED]", Assert.Single(events, e => e.EventType == "ApiKeyIssued").Properties.Find("issued").ToString());
        Assert.Equal("[REDACTED]", Assert.Single(events, e => e.EventType == "InviteSent").Properties.Find("invitee").ToString());
    }

    [Fact]
    public void A_property_classified_on_its_interface_is_redacted()
    {
        new Onboarding().Join(new Member { Id = "m-1", Email = "ada@example.com" });

        var joined = Assert.Single(Drain());
        Assert.Equal("[REDACTED]", joined.Properties.Find("email").ToString());
    }

    [Fact]
    public void Failed_calls_emit_nothing()
    {
        Assert.Throws<InvalidOperationException>(() => new Onboarding().Fail());
        Assert.Empty(Drain());
    }

    [Fact]
    public void Guid_and_enum_ids_and_properties_are_kept_as_values_and_formatted_by_the_writer()
    {
        var id = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
        new Sensors().Seen(new Sensor(id, SensorKind.Humidity, null));

        var seen = Assert.Single(Drain());
        Assert.Equal(FunnelValueKind.Guid, seen.EntityId.Kind);
        Assert.Equal(FunnelValueKind.Enum, seen.ProjectId.Kind);
        var pending = FunnelEventConverter.Convert(seen);
        Assert.Equal("0f8fad5b-d9cb-469f-a165-70867728950e", pending.EntityId);
        Assert.Equal("Humidity", pending.ProjectId);
        Assert.Equal("{\"kind\":\"Humidity\",\"channel\":null,\"sensor_id\":\"0f8fad5b-d9cb-469f-a165-70867728950e\"}", pending.PropertiesJson);
    }

    [Fact]
    public void Numbers_dates_and_durations_keep_their_type_and_integers_stay_exact()
    {
        var at = new DateTime(2026, 11, 2, 9, 30, 0, DateTimeKind.Utc);
        new Sensors().Measure(new Measurements
        {
            Big = 9_007_199_254_740_993, // 2^53 + 1: a double would store ...992
            Huge = ulong.MaxValue,
            Price = 12.345678901234567890m,
            At = at,
            AtOffset = new DateTimeOffset(2026, 11, 2, 11, 30, 0, TimeSpan.FromHours(2)),
            Took = TimeSpan.FromMilliseconds(1500),
            MaybeId = null,
            MaybeKind = SensorKind.Temperature,
        });
        new Sensors().Flag(new Measurements { Flag = true, Ratio = 0.5f });

        var events = Drain();
        Assert.Equal(
            "{\"big\":9007199254740993,\"huge\":18446744073709551615,\"price\":12.345678901234567890,\"at\":\"2026-11-02T09:30:00.0000000Z\","
            + "\"at_offset\":\"2026-11-02T11:30:00.0000000+02:00\",\"took\":1.5,\"maybe_id\":null,\"maybe_kind\":\"Temperature\"}",
            FunnelEventConverter.PropertiesJson(events[0].Properties));
        Assert.Equal(9_007_199_254_740_993, Json(events[0]).GetProperty("big").GetInt64());
        Assert.Equal("{\"flag\":true,\"ratio\":0.5}", FunnelEventConverter.PropertiesJson(events[1].Properties));
    }

    [Fact]
    public void A_throwing_property_getter_after_success_is_counted_not_thrown_and_other_events_still_go_out()
    {
        var failuresBefore = FunnelEvents.EmitFailureCount;

        var result = new Sensors().Break(new Measurements { Big = 5 });

        Assert.Equal(7, result);
        Assert.Equal(failuresBefore + 1, FunnelEvents.EmitFailureCount);
        var emitted = Assert.Single(Drain());
        Assert.Equal("NotBroken", emitted.EventType);
    }

    [Fact]
    public void Supplied_timestamp_is_carried_for_the_time_since_property()
    {
        var created = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
        new Widgets().Broadcast(new Widget("w-1", created));

        var item = Assert.Single(Drain());
        Assert.Equal("time_since_widget_created_s", item.SinceProperty);
        Assert.Null(item.SinceEvent);
        Assert.Equal(created, item.SinceStart.AsInstant());
    }

    [Fact]
    public async Task Duration_property_spans_the_call_on_every_path()
    {
        // Each call is timed from outside as well: the measured duration must contain the method's own body and
        // fit within the caller's interval (one monotonic clock, so this holds however slow the machine is).
        var widgets = new Widgets();
        var expected = new List<(string Event, double BodyMs, double CallerMs)>();

        async Task CallBoth(string widgetId)
        {
            var start = Stopwatch.GetTimestamp();
            widgets.Render(widgetId, 2);
            expected.Add(("WidgetRendered", widgets.LastBodyMs, Instrumentation.Operations.OperationTiming.ElapsedMilliseconds(start)));

            start = Stopwatch.GetTimestamp();
            await widgets.RefreshAsync(new TenantContext("o", "p"), 2); // completes later: the pending-task path
            expected.Add(("WidgetRefreshed", widgets.LastBodyMs, Instrumentation.Operations.OperationTiming.ElapsedMilliseconds(start)));
        }

        await CallBoth("w-1"); // nobody listens: the funnel-only wrapper measures
        using (var listener = ListenToGeneratedSources())
        {
            await CallBoth("w-2"); // the operation is live: the instrumented wrapper measures
        }

        var events = Drain();
        Assert.Equal(expected.Select(e => e.Event).ToArray(), events.Select(e => e.EventType).ToArray());
        for (var i = 0; i < events.Count; i++)
        {
            var duration = events[i].Properties.Find("duration_ms");
            Assert.Equal(FunnelValueKind.Double, duration.Kind);
            var measured = Json(events[i]).GetProperty("duration_ms").GetDouble();
            Assert.True(
                measured >= expected[i].BodyMs && measured <= expected[i].CallerMs,
                $"{expected[i].Event}: duration_ms {measured} is outside [{expected[i].BodyMs}, {expected[i].CallerMs}]");
        }
    }

    private static ActivityListener ListenToGeneratedSources()
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith("Instrumentation.Generated.", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    [Fact]
    public void Enqueuing_an_event_allocates_nothing_in_steady_state()
    {
        var onboarding = new Onboarding();
        var device = new Device("dev-2", "org-2", "proj-2");
        var tenant = new TenantContext("org-2", "proj-2");
        var readings = new[] { 1.0 };
        onboarding.Store(tenant, device, readings);
        Drain();

        var allocated = Allocations.InFewestRound(
            () =>
            {
                onboarding.Store(tenant, device, readings);
                return 0;
            },
            calls: 1_000,
            rounds: 3,
            warmup: 0);
        Assert.Equal(0, allocated);
        Assert.Equal(3_000, Drain().Count);
    }

    [Fact]
    public async Task Guid_and_enum_ids_and_the_synchronously_completed_async_paths_allocate_nothing()
    {
        var sensors = new Sensors();
        var sensor = new Sensor(Guid.NewGuid(), SensorKind.Temperature, 3);
        sensors.Seen(sensor);
        await sensors.ReadAsync(sensor);
        await sensors.ResetAsync(sensor);
        Drain();

        var allocated = Allocations.InFewestRound(
            () =>
            {
                sensors.Seen(sensor);
                var read = sensors.ReadAsync(sensor);
                var reset = sensors.ResetAsync(sensor);
                Assert.True(read.IsCompletedSuccessfully && reset.IsCompletedSuccessfully);
                return 0;
            },
            calls: 300,
            rounds: 3,
            warmup: 0);
        Assert.Equal(0, allocated);
        Assert.Equal(900 * 3, Drain().Count);
    }

    [Fact]
    public void Overflow_drops_newest_and_counts_every_drop()
    {
        var small = new FunnelEventBuffer(capacity: 3, FunnelOverflowPolicy.DropNewest);
        FunnelEvents.Install(small);
        var onboarding = new Onboarding();

        for (var i = 0; i < 5; i++)
        {
            onboarding.CreateOrg("u", "o" + i);
        }

        Assert.Equal(3, small.Count);
        Assert.Equal(2, small.DroppedCount);
        Assert.Equal(0, small.BlockedProducers);
    }
}
