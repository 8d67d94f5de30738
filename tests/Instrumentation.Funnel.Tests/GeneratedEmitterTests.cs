using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace Instrumentation.Funnel.Tests;

/// <summary>Funnel emitters compiled through the real generator: names, ids and properties, and 0 B per event.</summary>
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

    [Fact]
    public void Events_carry_their_name_ids_and_properties_from_parameters_and_return_values()
    {
        var onboarding = new Onboarding();

        onboarding.CreateOrg("user-1", "acme");
        var device = onboarding.Register("org-acme", "proj-1", "dev-1");
        onboarding.Store(new TenantContext("org-acme", "proj-1"), device, new[] { 1.0 });

        var events = Drain();
        Assert.Equal(new[] { "OrgCreated", "DeviceRegistered", "FirstDeviceData" }, events.Select(e => e.EventType).ToArray());
        Assert.Equal("org-acme", events[0].OrgId);
        Assert.Equal("user-1", events[0].UserId);
        Assert.Equal("org-acme", events[0].Properties.Find("org_id"));
        Assert.True(events[1].OncePerEntity);
        Assert.Equal("dev-1", events[1].EntityId);
        Assert.Equal("proj-1", events[1].ProjectId);
        Assert.Equal("dev-1", events[2].EntityId);
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
        Assert.Equal("proj-9", flow.ProjectId);
        Assert.Equal(4.0, flow.Properties.Find("node_count"));
        Assert.Equal(1.5, flow.Properties.Find("duration_ms"));
    }

    [Fact]
    public void Classified_values_are_redacted_in_event_properties()
    {
        new Onboarding().SignUp(new Account("u-1", "ada@example.com"), "bob@example.com");

        var signUp = Assert.Single(Drain());
        Assert.Equal("u-1", signUp.UserId);
        Assert.Equal("[REDACTED]", signUp.Properties.Find("email"));
        Assert.Equal("[REDACTED]", signUp.Properties.Find("referrer"));
    }

    [Fact]
    public void Failed_calls_emit_nothing()
    {
        Assert.Throws<InvalidOperationException>(() => new Onboarding().Fail());
        Assert.Empty(Drain());
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

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            onboarding.Store(tenant, device, readings);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(1_000, Drain().Count);
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
    }
}
