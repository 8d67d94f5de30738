namespace Instrumentation.Correlation;

/// <summary>The structured log field names of the telemetry contract.</summary>
public static class CorrelationFieldNames
{
    /// <summary><c>trace_id</c>.</summary>
    public const string TraceId = "trace_id";

    /// <summary><c>span_id</c>.</summary>
    public const string SpanId = "span_id";

    /// <summary><c>org_id</c>.</summary>
    public const string OrgId = "org_id";

    /// <summary><c>project_id</c>.</summary>
    public const string ProjectId = "project_id";

    /// <summary><c>device_uuid</c>.</summary>
    public const string DeviceUuid = "device_uuid";

    /// <summary><c>request_id</c>.</summary>
    public const string RequestId = "request_id";

    /// <summary><c>connection_id</c>.</summary>
    public const string ConnectionId = "connection_id";

    /// <summary><c>message_id</c>.</summary>
    public const string MessageId = "message_id";

    /// <summary><c>widget_id</c>.</summary>
    public const string WidgetId = "widget_id";

    /// <summary><c>flow_id</c>.</summary>
    public const string FlowId = "flow_id";

    /// <summary><c>exec_id</c>.</summary>
    public const string ExecId = "exec_id";
}
