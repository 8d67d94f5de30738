using System.Linq;
using System.Threading.Tasks;
using Instrumentation;
using Instrumentation.Testing;
using Microsoft.Extensions.Logging;
using Xunit;

namespace MyApp.Tests;

// The application's code (normally in the app project, which references Instrumentation.Sdk).
public sealed partial class ReadingHandler
{
    private readonly ILogger _logger;

    public ReadingHandler(ILogger<ReadingHandler> logger) => _logger = logger;

    [Ingest("ws.ingest.receive", OrgLabel = MetricTargets.Messages)]
    public Task<int> ReceiveAsync(TenantContext tenant, [Batch] double[] readings)
    {
        Accepted(readings.Length);
        return Task.FromResult(readings.Length);
    }

    [FunnelEvent("FirstDeviceData", OncePerEntity = true, EntityId = "deviceUuid", OrgId = "orgId")]
    public void MarkFirstData(string orgId, string deviceUuid)
    {
    }

    [LogMethod(LogLevel.Information, "Accepted {count} readings")]
    private partial void Accepted(int count);
}

// The test (in the test project, which references Instrumentation.Sdk.Testing).
public sealed class ReadingHandlerTelemetryTests
{
    [Fact]
    public async Task Receiving_readings_records_a_span_a_counter_a_log_and_a_funnel_event()
    {
        using var capture = TelemetryCapture.Start();
        var handler = new ReadingHandler(capture.LoggerFactory.CreateLogger<ReadingHandler>());

        await handler.ReceiveAsync(new TenantContext("org-a", "proj-1", "dev-1"), new[] { 20.5, 21.0 });
        handler.MarkFirstData("org-a", "dev-1");

        Assert.Equal("org-a", capture.Span("ws.ingest.receive").Tag("org_id"));
        Assert.Equal(2, capture.Counter("ingest_messages_total").Sum(("org", "org-a")));
        var log = capture.Logs.Single(l => l.Message == "Accepted 2 readings");
        Assert.Equal("org-a", log.Field("org_id"));
        Assert.Equal("dev-1", capture.FunnelEvent("FirstDeviceData").EntityId);
    }
}
