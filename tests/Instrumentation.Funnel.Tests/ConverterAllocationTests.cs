using System;
using Instrumentation.Funnel.Writing;
using Xunit;

namespace Instrumentation.Funnel.Tests;

/// <summary>The writer turns each event's properties into JSON on its loop: only the JSON text is allocated.</summary>
public sealed class ConverterAllocationTests
{
    [Fact]
    public void Properties_json_allocates_only_its_text_once_the_thread_has_converted_events()
    {
        var item = new FunnelEvent("FlowExecuted");
        item.Properties.Add("flow_id", "flow-0001");
        item.Properties.Add("org_id", "org-acme");
        item.Properties.Add("nodes", 4);
        item.Properties.Add("ok", true);
        for (var i = 0; i < 100; i++)
        {
            // The first calls of a method allocate while it is compiled and tiered; the writer converts many events.
            FunnelEventConverter.PropertiesJson(item.Properties);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var text = FunnelEventConverter.PropertiesJson(item.Properties);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal("{\"flow_id\":\"flow-0001\",\"org_id\":\"org-acme\",\"nodes\":4,\"ok\":true}", text);
        // A string of n chars: 22 + 2n bytes rounded up to 8. A writer and a buffer per call were ~430 B more.
        Assert.Equal((22 + (2 * text.Length) + 7) & ~7, allocated);
    }

    [Fact]
    public void A_large_event_is_written_whole_and_the_next_small_one_too()
    {
        var large = new FunnelEvent("Imported");
        large.Properties.Add("summary", new string('x', 40_000));
        var small = new FunnelEvent("FlowExecuted");
        small.Properties.Add("flow_id", "flow-0001");

        Assert.Equal("{\"summary\":\"" + new string('x', 40_000) + "\"}", FunnelEventConverter.PropertiesJson(large.Properties));
        Assert.Equal("{\"flow_id\":\"flow-0001\"}", FunnelEventConverter.PropertiesJson(small.Properties));
        Assert.Equal("{\"flow_id\":\"flow-0001\"}", FunnelEventConverter.PropertiesJson(small.Properties));
    }
}
