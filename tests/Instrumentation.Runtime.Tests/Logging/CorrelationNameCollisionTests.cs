using System;
using System.Linq;
using Instrumentation.Correlation;
using Instrumentation.Logging;
using Xunit;

namespace Instrumentation.Runtime.Tests.Logging;

/// <summary>
/// A log method whose own field has the name of a correlation field in force (a template written
/// <c>"Device {device_uuid} …"</c> inside an operation with a device) writes its own value once, not the frame's as
/// well; the frame's other fields, the enclosing frames' included, are still written.
/// </summary>
public sealed class CorrelationNameCollisionTests : IDisposable
{
    private static readonly string[] DeviceLine = { "device_uuid", "count" };
    private static readonly string[] OrgLine = { "org_id" };
    private static readonly string[] UnrelatedLine = { "deviceUuid", "count" };

    private readonly CorrelationFrame _frame;

    public CorrelationNameCollisionTests()
    {
        CorrelationContext.SetEnabled(true);
        _frame = CorrelationContext.Push("org-1", "proj-1", "dev-1", [CorrelationField.AsIs("request_id", "r-1")]);
    }

    public void Dispose()
    {
        CorrelationContext.Pop(_frame);
        CorrelationContext.SetEnabled(false);
    }

    [Fact]
    public void The_lines_own_field_is_left_out_of_the_correlation()
    {
        Assert.Equal(["org_id", "project_id", "request_id"], Keys(LogCorrelation.Capture(DeviceLine)));
        Assert.Equal(["project_id", "device_uuid", "request_id"], Keys(LogCorrelation.Capture(OrgLine)));
        Assert.Equal(["org_id", "project_id", "device_uuid", "request_id"], Keys(LogCorrelation.Capture(UnrelatedLine)));
        Assert.Equal(["org_id", "project_id", "device_uuid", "request_id"], Keys(LogCorrelation.Capture(null)));

        // Again, now that the frame has seen these lines: the same answers.
        Assert.Equal(["org_id", "project_id", "request_id"], Keys(LogCorrelation.Capture(DeviceLine)));
        Assert.Equal(["project_id", "device_uuid", "request_id"], Keys(LogCorrelation.Capture(OrgLine)));
    }

    [Fact]
    public void A_nested_frame_answers_for_its_own_fields()
    {
        var inner = CorrelationContext.Push(null, null, "dev-2", [CorrelationField.AsIs("job_id", "j-1")]);
        try
        {
            var captured = LogCorrelation.Capture(DeviceLine);
            Assert.Equal(["org_id", "project_id", "job_id", "request_id"], Keys(captured));
        }
        finally
        {
            CorrelationContext.Pop(inner);
        }

        Assert.Equal(["org_id", "project_id", "request_id"], Keys(LogCorrelation.Capture(DeviceLine)));
    }

    private static string[] Keys(LogCorrelation correlation) =>
        Enumerable.Range(0, correlation.Count).Select(i => correlation[i].Key).ToArray();
}
