namespace Instrumentation.Diagnostics;

internal static partial class DiagnosticIds
{
    /// <summary>A span name is empty or not a valid name.</summary>
    public const string InvalidSpanName = "INS0001";

    /// <summary>A metric name is not a valid instrument name.</summary>
    public const string InvalidMetricName = "INS0002";

    /// <summary>The annotated method (or its containing type) is not accessible to generated code.</summary>
    public const string InaccessibleOperation = "INS0003";

    /// <summary>A parameter attribute is used on a parameter whose type cannot play that role.</summary>
    public const string UnsupportedParameterRole = "INS0004";

    /// <summary>One metric name is declared with different instrument types or units.</summary>
    public const string ConflictingMetricDefinition = "INS0005";

    /// <summary>An ingest, broadcast or flow operation (or one that requires it) has no tenant context.</summary>
    public const string MissingTenantContext = "INS0006";

    /// <summary>The method shape cannot be instrumented (async void, ref return, local function...).</summary>
    public const string UnsupportedMethodShape = "INS0007";

    /// <summary>A role that must be unique (batch, queue size, latency start, tenant ids) is declared twice.</summary>
    public const string DuplicateParameterRole = "INS0008";

    /// <summary>Two labels of one instrument have the same name.</summary>
    public const string DuplicateMetricLabel = "INS0009";

    /// <summary>FailureReasons lists an empty or repeated value, or has no reason label or failures counter to describe.</summary>
    public const string InvalidFailureReasons = "INS0010";

    /// <summary>A span attribute name that another parameter or the SDK itself also sets on the span: one value replaces the other.</summary>
    public const string SpanAttributeNameTaken = "INS0026";

    /// <summary>A static operation declared in an ITenantScoped type: there is no instance whose tenant it could record.</summary>
    public const string StaticOperationOfTenantScopedType = "INS0028";
}
