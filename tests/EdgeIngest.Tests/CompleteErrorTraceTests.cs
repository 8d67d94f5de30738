using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Instrumentation.TestServers.Otlp;
using Xunit;

namespace EdgeIngest.Tests;

/// <summary>
/// Issue 16 §5 in the sample: with <c>--complete-error-traces</c> and sampling at 0 %, a frame whose time-series write
/// fails (the store directory moved away) reaches the OTLP receiver as its whole local trace — the
/// <c>ws.ingest.receive</c> root and the validation that ended before the failure, with the failing <c>ts.write</c>
/// — while frames and requests where nothing failed export no span at all.
/// </summary>
public sealed class CompleteErrorTraceTests
{
    [Fact]
    public async Task A_failing_ingest_in_an_unsampled_trace_exports_its_whole_local_trace_over_otlp()
    {
        await using var receiver = await OtlpHttpReceiver.StartAsync();
        Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.Endpoint);
        Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        string orgId;
        try
        {
            await using var server = await EdgeIngestServer.StartAsync(extraArgs: new[] { "--sampling-ratio", "0", "--complete-error-traces" });
            var tenant = await server.ProvisionAsync();
            orgId = tenant.OrgId;
            using var device = await server.ConnectDeviceAsync(tenant.Token);

            // A frame that is stored: nothing fails, nothing is exported.
            await EdgeIngestServer.SendAsync(device, """{"message_id":"ok-1","sensor":"temperature","readings":[{"value":20.5}]}""");
            Assert.Equal("ack", (await EdgeIngestServer.ReceiveAsync(device)).GetProperty("type").GetString());

            // The store goes away for one frame: its ts.write fails and the device is refused.
            var directory = Path.GetDirectoryName(server.DbPath)!;
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Move(directory, directory + "-away");
            await EdgeIngestServer.SendAsync(device, """{"message_id":"m-1","sensor":"temperature","readings":[{"value":21.5}]}""");
            var refused = await EdgeIngestServer.ReceiveAsync(device);
            Directory.Move(directory + "-away", directory);
            Assert.Equal("store_unavailable", refused.GetProperty("code").GetString());
        }
        finally
        {
            Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT", null);
            Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_PROTOCOL", null);
        }

        // Disposing the app flushed its exporter.
        var spans = receiver.Spans.ToList();
        var summary = string.Join("; ", spans.Select(s => s.Name + " " + s.TraceId[..8] + " " + s.SpanId[..8] + "<-" + s.ParentSpanId + " " + string.Join(",", s.Attributes.Select(a => a.Key + "=" + a.Value))));
        var failed = Assert.Single(spans, s => s.Name == "ts.write");
        Assert.Equal("error", failed.Attributes.GetValueOrDefault("sampling.kept_because"));
        var root = Assert.Single(spans, s => s.SpanId == failed.ParentSpanId);
        Assert.Equal("ws.ingest.receive", root.Name);
        Assert.Equal(string.Empty, root.ParentSpanId);
        Assert.Equal(orgId, root.Attributes.GetValueOrDefault("org_id"));

        // Every exported span is of that one trace: the root, the validation that ended before the failure, ts.write.
        Assert.True(spans.All(s => s.TraceId == failed.TraceId), "only the failing frame's trace is exported: " + summary);
        var validate = Assert.Single(spans, s => s.Name == "ws.ingest.validate");
        Assert.Equal(root.SpanId, validate.ParentSpanId);
        Assert.Null(validate.Attributes.GetValueOrDefault("sampling.kept_because"));
        Assert.All(spans.Where(s => s != root), s => Assert.Equal(root.SpanId, s.ParentSpanId));
        Assert.DoesNotContain(spans, s => s.Name == "auth.check");
    }
}
