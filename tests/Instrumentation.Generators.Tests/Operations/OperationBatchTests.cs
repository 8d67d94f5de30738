using System.Globalization;
using System.Linq;
using Instrumentation.Generators.Operations;
using Instrumentation.Generators.Tests.CrossProject;
using Instrumentation.Generators.Tests.Infrastructure;
using Xunit;

namespace Instrumentation.Generators.Tests.Operations;

/// <summary>
/// <c>BatchAttribute</c> says a batch's count "feeds the messages counter and the batch-size histogram", and the README's
/// <c>DeviceData</c> example puts it on an <c>[Operation]</c>; there it was read and recorded nowhere, with no diagnostic (a
/// newcomer's trial: no such metric, nothing in telemetry.json). An <c>[Operation]</c> with a <c>[Batch]</c> parameter now
/// has both instruments, named after its span; on a flow, flow node or broadcast, which have neither, it is INS0004.
/// </summary>
public sealed class OperationBatchTests
{
    private const string Source = """
        using System.Collections.Generic;
        using Instrumentation;
        namespace Batches;
        public sealed class DeviceData
        {
            [Operation("device.data.receive")]
            public int Receive(TenantContext tenant, [Batch] IReadOnlyList<double> readings) => readings.Count;

            [Operation("device.data.rename", MessagesMetric = "renamed_readings_total", BatchSizeMetric = "")]
            public int Rename([Batch] double[] readings) => readings.Length;

            [Operation("device.data.fail")]
            public int Fail([Batch] int rows) => throw new System.InvalidOperationException("no");
        }
        public static class Use
        {
            public static int Run()
            {
                var data = new DeviceData();
                var tenant = new TenantContext("org", "project");
                var total = data.Receive(tenant, new double[] { 1, 2, 3 }) + data.Receive(tenant, new double[0]) + data.Rename(new double[] { 4, 5 });
                try { data.Fail(7); } catch (System.InvalidOperationException) { }
                return total;
            }
        }
        """;

    [Fact]
    public void A_Batch_argument_of_an_operation_feeds_its_messages_counter_and_batch_size_histogram()
    {
        var assemblyName = CrossProjectHarness.UniqueName("OperationBatch");
        var run = GeneratorHarness.Run(new OperationGenerator(), GeneratorHarness.CompileAs(assemblyName, Source));

        Assert.Empty(run.Problems);
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "INS0004");

        using var recorder = new TelemetryRecorder("Instrumentation.Generated." + assemblyName);
        Assert.Equal(5, (int)run.Load().GetType("Batches.Use")!.GetMethod("Run")!.Invoke(null, null)!);

        // Like an [Ingest]: every successful call records its batch's size, the counter what was processed; a failed call neither.
        Assert.Equal(new[] { 3.0, 0.0 }, recorder.ValuesOf("device_data_receive_batch_size"));
        Assert.Equal(new[] { 3.0 }, recorder.ValuesOf("device_data_receive_messages_total"));
        Assert.Equal(new[] { 2.0 }, recorder.ValuesOf("renamed_readings_total"));
        Assert.Empty(recorder.ValuesOf("device_data_rename_batch_size"));
        Assert.Empty(recorder.ValuesOf("device_data_fail_batch_size"));
        Assert.Empty(recorder.ValuesOf("device_data_fail_messages_total"));
        Assert.Equal(new[] { 1.0 }, recorder.ValuesOf("device_data_fail_failures_total"));
    }

    [Theory]
    [InlineData("Flow(\"jobs.flow\")", "[Batch] int rows", "[Batch]", "a [Flow] has no messages counter or batch-size histogram; [Batch] feeds those of an [Ingest] or an [Operation]")]
    [InlineData("FlowNode(\"jobs.node\")", "[Batch] int rows", "[Batch]", "a [FlowNode] has no messages counter or batch-size histogram; [Batch] feeds those of an [Ingest] or an [Operation]")]
    [InlineData("Broadcast(\"jobs.send\")", "[Batch] int rows", "[Batch]", "a [Broadcast] has no messages counter or batch-size histogram; [Batch] feeds those of an [Ingest] or an [Operation]")]
    [InlineData("Operation(\"jobs.run\")", "[QueueSize] int rows", "[QueueSize]", "only a [Broadcast] records a queue size")]
    [InlineData("Ingest(\"jobs.ingest\")", "[QueueSize] int rows", "[QueueSize]", "only a [Broadcast] records a queue size")]
    public void A_role_the_kind_of_operation_records_nowhere_is_INS0004_at_the_parameter(string attribute, string parameter, string role, string reason)
    {
        var source = "using Instrumentation;\npublic class C { [" + attribute + "] public void M(TenantContext tenant, " + parameter + ") { } }\n";
        var run = GeneratorHarness.Run(new OperationGenerator(), source);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "INS0004");
        Assert.Equal("Parameter 'rows' of 'C.M(TenantContext, int)' cannot be " + role + ": " + reason, diagnostic.GetMessage(CultureInfo.InvariantCulture));
        var span = diagnostic.Location.SourceSpan;
        Assert.Equal("rows", source.Substring(span.Start, span.Length));
        Assert.Empty(run.Problems);
    }
}
