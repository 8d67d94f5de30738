namespace Instrumentation.Diagnostics;

/// <summary>INS0400–INS0419: the telemetry contract (Telemetry.Shipped.txt / Telemetry.Unshipped.txt), reported by TelemetryContractAnalyzer.</summary>
internal static partial class DiagnosticIds
{
    /// <summary>A telemetry item is in neither telemetry file (code fix: record it as unshipped).</summary>
    public const string TelemetryNotDeclared = "INS0400";

    /// <summary>A shipped metric is no longer declared (removed or renamed).</summary>
    public const string ShippedMetricRemoved = "INS0401";

    /// <summary>A shipped metric's instrument kind changed.</summary>
    public const string ShippedMetricKindChanged = "INS0402";

    /// <summary>A shipped metric's unit changed.</summary>
    public const string ShippedMetricUnitChanged = "INS0403";

    /// <summary>A label was added to or removed from a shipped metric.</summary>
    public const string ShippedMetricLabelsChanged = "INS0404";

    /// <summary>A closed label of a shipped metric lost values.</summary>
    public const string ShippedLabelValuesNarrowed = "INS0405";

    /// <summary>A shipped span is no longer declared (removed or renamed).</summary>
    public const string ShippedSpanRemoved = "INS0406";

    /// <summary>A shipped log event is no longer declared.</summary>
    public const string ShippedLogEventRemoved = "INS0407";

    /// <summary>A shipped log event's name changed (same event id).</summary>
    public const string ShippedLogEventRenamed = "INS0408";

    /// <summary>A shipped funnel event is no longer declared (removed or renamed).</summary>
    public const string ShippedFunnelEventRemoved = "INS0409";

    /// <summary>A line of Telemetry.Unshipped.txt matches no item of the compilation.</summary>
    public const string UnshippedLineUnmatched = "INS0410";

    /// <summary>An item changed (compatibly) since its line was written (code fix: record the new form as unshipped).</summary>
    public const string TelemetryLineOutdated = "INS0411";

    /// <summary>A line of a telemetry file cannot be read, or repeats an item.</summary>
    public const string InvalidTelemetryLine = "INS0412";

    /// <summary>A shipped span attribute, log field or funnel property lost its classification (or changed it).</summary>
    public const string ShippedClassificationChanged = "INS0413";
}
