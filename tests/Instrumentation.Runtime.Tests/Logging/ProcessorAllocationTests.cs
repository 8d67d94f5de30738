using System;
using System.Collections;
using System.Collections.Generic;
using Instrumentation.Logging;
using Instrumentation.OpenTelemetry;
using Instrumentation.Runtime.Tests.Operations;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Instrumentation.Runtime.Tests.Logging;

/// <summary>
/// The OpenTelemetry processor skips the fields a state made safe already (a generated log's own, the funnel writer's
/// <c>properties</c>) without a delegate per record: EdgeIngest exports one funnel record per ingested message, and the
/// delegate the skip test was built as cost 64 B on each (an e2e allocation run after the day's changes showed it).
/// </summary>
public sealed class ProcessorAllocationTests : IDisposable
{
    private readonly ILoggerFactory _factory = LoggerFactory.Create(b => b
        .SetMinimumLevel(LogLevel.Information)
        .AddOpenTelemetry(o => o.AddInstrumentationProcessor()));

    public void Dispose() => _factory.Dispose();

    [Fact]
    public void A_prepared_state_costs_no_more_than_the_same_state_processed_field_by_field()
    {
        var logger = _factory.CreateLogger("Tests.Prepared");
        var prepared = Allocations.PerCall(() =>
        {
            logger.Log(LogLevel.Information, default, new PreparedState(), null, static (_, _) => "FlowExecuted");
            return 0;
        });
        var plain = Allocations.PerCall(() =>
        {
            logger.Log(LogLevel.Information, default, new PlainState(), null, static (_, _) => "FlowExecuted");
            return 0;
        });

        Assert.True(prepared <= plain, $"prepared {prepared} B per record, field by field {plain} B");
    }

    private readonly struct PlainState : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public int Count => 2;

        public KeyValuePair<string, object?> this[int index] => index == 0
            ? new("event.name", "FlowExecuted")
            : new("properties", "{\"node_count\":3,\"flow_uuid\":\"f-1\"}");

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            for (var i = 0; i < Count; i++)
            {
                yield return this[i];
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private readonly struct PreparedState : IReadOnlyList<KeyValuePair<string, object?>>, IPreparedLogFields
    {
        public int Count => 2;

        public KeyValuePair<string, object?> this[int index] => default(PlainState)[index];

        public bool IsPrepared(string key) => key == "properties";

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => default(PlainState).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
