namespace Instrumentation.Generators.Common;

/// <summary>Metadata names of the public API types the generators look for.</summary>
internal static class MetadataNames
{
    public const string Namespace = "Instrumentation";
    public const string Ingest = "Instrumentation.IngestAttribute";
    public const string Broadcast = "Instrumentation.BroadcastAttribute";
    public const string Flow = "Instrumentation.FlowAttribute";
    public const string FlowNode = "Instrumentation.FlowNodeAttribute";
    public const string Operation = "Instrumentation.OperationAttribute";
    public const string FunnelEvent = "Instrumentation.FunnelEventAttribute";
    public const string LogMethod = "Instrumentation.LogMethodAttribute";

    public const string SpanAttribute = "SpanAttributeAttribute";
    public const string MetricLabel = "MetricLabelAttribute";
    public const string BoundedValues = "BoundedValuesAttribute";
    public const string LogField = "LogFieldAttribute";
    public const string Batch = "BatchAttribute";
    public const string QueueSize = "QueueSizeAttribute";
    public const string LatencyStart = "LatencyStartAttribute";
    public const string OrgId = "OrgIdAttribute";
    public const string ProjectId = "ProjectIdAttribute";
    public const string DeviceUuid = "DeviceUuidAttribute";
    public const string NotInstrumented = "NotInstrumentedAttribute";

    public const string TenantContext = "TenantContext";
    public const string TenantScoped = "ITenantScoped";

    /// <summary>The five operation attributes, by simple name.</summary>
    public static readonly string[] OperationAttributeNames =
    {
        "IngestAttribute", "BroadcastAttribute", "FlowAttribute", "FlowNodeAttribute", "OperationAttribute",
    };

    /// <summary>True when <paramref name="type"/> is <c>Instrumentation.&lt;name&gt;</c>.</summary>
    public static bool Is(Microsoft.CodeAnalysis.ITypeSymbol? type, string name)
    {
        return type is not null
            && type.Name == name
            && type.ContainingNamespace is { Name: Namespace, ContainingNamespace.IsGlobalNamespace: true };
    }
}
