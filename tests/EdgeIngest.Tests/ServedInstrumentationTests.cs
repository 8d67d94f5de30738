using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Instrumentation.Observability;
using Instrumentation.Prometheus;
using Instrumentation.TestServers;
using Instrumentation.TestServers.Otlp;
using Xunit;

namespace EdgeIngest.Tests;

/// <summary>
/// EdgeIngest on the served OpenTelemetry libraries (issue 14 §6): Npgsql's database spans under our store spans on
/// PostgreSQL, and the runtime's and ASP.NET Core's metrics at <c>/metrics</c> beside ours — every metric family there
/// is either in the generated catalog or from one of those served meters.
/// </summary>
public sealed class ServedInstrumentationTests
{
    /// <summary>The Prometheus name prefixes of the served meters EdgeIngest adds (System.Runtime, ASP.NET Core, Kestrel).</summary>
    private static readonly string[] ServedPrefixes = { "dotnet_", "http_server_", "aspnetcore_", "kestrel_" };

    [Fact]
    public async Task On_postgres_npgsql_spans_are_children_of_the_store_spans_of_an_ingest_trace()
    {
        await using var postgres = await PostgresServer.StartAsync();
        await using var receiver = await OtlpHttpReceiver.StartAsync();
        Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.Endpoint);
        Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        Environment.SetEnvironmentVariable("DOTNET_ENVIRONMENT", "Development");
        try
        {
            await using var server = await EdgeIngestServer.StartAsync(db: postgres.ConnectionString);
            var tenant = await server.ProvisionAsync();
            using var device = await server.ConnectDeviceAsync(tenant.Token);
            await EdgeIngestServer.SendAsync(device, """{"message_id":"pg-span","sensor":"temperature","readings":[{"value":20}]}""");
            Assert.Equal("ack", (await EdgeIngestServer.ReceiveAsync(device)).GetProperty("type").GetString());
        }
        finally
        {
            Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT", null);
            Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_PROTOCOL", null);
            Environment.SetEnvironmentVariable("DOTNET_ENVIRONMENT", null);
        }

        // Disposing the server flushed the exporters.
        var spans = receiver.Spans.ToList();
        var byId = spans.GroupBy(s => s.SpanId).ToDictionary(g => g.Key, g => g.First());
        var ingest = Assert.Single(spans, s => s.Name == "ws.ingest.receive");
        Assert.Equal(string.Empty, ingest.ParentSpanId);
        foreach (var step in new[] { "db.sensor.insert", "ts.write" })
        {
            var store = Assert.Single(spans, s => s.Name == step && s.ParentSpanId == ingest.SpanId);
            var database = spans.Where(s => s.ParentSpanId == store.SpanId && s.Attributes.GetValueOrDefault("db.system.name") == "postgresql").ToList();
            Assert.True(database.Count > 0, step + " has Npgsql spans under it; spans under it: "
                + string.Join(", ", spans.Where(s => s.ParentSpanId == store.SpanId).Select(s => s.Name)));
            Assert.All(database, d => Assert.Equal(ingest.TraceId, d.TraceId));
        }

        // Every Npgsql span of the frame is inside the ingest trace, none is an orphan.
        Assert.All(
            spans.Where(s => s.TraceId == ingest.TraceId && s.Attributes.ContainsKey("db.system.name")),
            d => Assert.True(byId.ContainsKey(d.ParentSpanId), d.Name + " has its parent exported"));
    }

    [Fact]
    public async Task Metrics_are_ours_from_the_catalog_or_from_the_served_runtime_and_aspnetcore_meters()
    {
        await using var server = await EdgeIngestServer.StartAsync();
        var tenant = await server.ProvisionAsync();
        using var device = await server.ConnectDeviceAsync(tenant.Token);
        await EdgeIngestServer.SendAsync(device, """{"message_id":"m-cat","sensor":"temperature","readings":[{"value":20}]}""");
        await EdgeIngestServer.ReceiveAsync(device);

        var families = (await server.Http.GetStringAsync("metrics")).Split('\n')
            .Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal))
            .Select(l => l.Split(' ')[2])
            .ToList();
        var ours = new HashSet<string>(MetricCatalog.Current.Metrics.Select(m => PrometheusTextFormatter.SanitizeName(m.Name)), StringComparer.Ordinal);

        var unknown = families.Where(f => !ours.Contains(f) && !ServedPrefixes.Any(p => f.StartsWith(p, StringComparison.Ordinal))).ToList();
        Assert.True(unknown.Count == 0, "neither in the catalog nor from a served meter: " + string.Join(", ", unknown));
        // SPEC §3.1 names are ours; the served meters are there too (runtime GC, ASP.NET Core request duration).
        foreach (var name in new[] { "ingest_messages_total", "ingest_processing_latency_ms", "request_duration_ms", "ws_connections_active" })
        {
            Assert.Contains(name, families);
        }

        Assert.Contains("dotnet_gc_collections", families);
        Assert.Contains("http_server_request_duration", families);
        Assert.DoesNotContain(families, f => ServedPrefixes.Any(p => f.StartsWith(p, StringComparison.Ordinal)) && ours.Contains(f));
    }
}
