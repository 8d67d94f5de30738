using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Instrumentation;

namespace Instrumentation.Runtime.Tests.Operations;

public enum SensorKind
{
    Temperature,
    Humidity,
    AirQuality,
}

public sealed class IngestService
{
    public int Calls { get; private set; }

    [Ingest("ws.ingest.receive", OrgLabel = MetricTargets.Duration | MetricTargets.Messages, ProjectLabel = MetricTargets.Messages)]
    public int Receive(TenantContext tenant, [Batch] IReadOnlyList<double> readings, [MetricLabel("sensor", AppliesTo = MetricTargets.Messages)] SensorKind sensor, [SpanAttribute] int attempt = 1)
    {
        Calls++;
        if (readings.Count == 0)
        {
            throw new InvalidOperationException("empty batch");
        }

        return readings.Count;
    }

    [Operation("db.sensor.insert", DurationMetric = "sensor_insert_latency_ms")]
    public static void Insert([OrgId] string orgId, [ProjectId] string projectId, [DeviceUuid] string deviceUuid)
    {
    }

    [Operation("ts.write")]
    public async Task<int> WriteAsync(TenantContext tenant, int count, bool complete, CancellationToken cancellationToken = default)
    {
        if (!complete)
        {
            await Task.Delay(5, cancellationToken);
        }

        return count;
    }

    [Operation("ts.flush")]
    public ValueTask<int> FlushAsync(int count, bool complete)
    {
        return complete ? new ValueTask<int>(count) : new ValueTask<int>(DelayedAsync(count));
    }

    private static async Task<int> DelayedAsync(int count)
    {
        await Task.Delay(5);
        return count;
    }
}
