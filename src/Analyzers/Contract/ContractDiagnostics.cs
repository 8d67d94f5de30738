using Instrumentation.Diagnostics;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Analyzers.Contract;

/// <summary>
/// The descriptors of the telemetry contract (INS0400–INS0419). INS0400 is reported while each method is analysed (so the
/// IDE shows it and its fix as you type, like RS0016); the others need the whole compilation and are reported at its end.
/// </summary>
internal static class ContractDiagnostics
{
    private const string End = WellKnownDiagnosticTags.CompilationEnd;

    public static readonly DiagnosticDescriptor NotDeclared = Create(
        DiagnosticIds.TelemetryNotDeclared,
        "Telemetry item not in the telemetry files",
        "{0} '{1}' is in neither Telemetry.Shipped.txt nor Telemetry.Unshipped.txt: record it as unshipped",
        "Every span, metric, log event and funnel event of a project with a Telemetry.Shipped.txt is listed in it or in Telemetry.Unshipped.txt, so that a change to it shows in review.",
        compilationEnd: false);

    public static readonly DiagnosticDescriptor MetricRemoved = Create(
        DiagnosticIds.ShippedMetricRemoved,
        "Shipped metric removed or renamed",
        "Shipped metric '{0}' is no longer declared: removing or renaming it breaks the dashboards and alerts that read it; restore it, or delete this line on purpose",
        null);

    public static readonly DiagnosticDescriptor MetricKindChanged = Create(
        DiagnosticIds.ShippedMetricKindChanged,
        "Shipped metric's instrument kind changed",
        "Shipped metric '{0}' is a {1} now but shipped as a {2}: queries over it break; keep the kind or ship a new metric",
        null);

    public static readonly DiagnosticDescriptor MetricUnitChanged = Create(
        DiagnosticIds.ShippedMetricUnitChanged,
        "Shipped metric's unit changed",
        "Shipped metric '{0}' has unit '{1}' now but shipped with '{2}': thresholds and panels over it become wrong; keep the unit or ship a new metric",
        null);

    public static readonly DiagnosticDescriptor MetricLabelsChanged = Create(
        DiagnosticIds.ShippedMetricLabelsChanged,
        "Label added to or removed from a shipped metric",
        "The labels of shipped metric '{0}' changed ({1}): queries and alerts that group or filter by them break",
        null);

    public static readonly DiagnosticDescriptor LabelValuesNarrowed = Create(
        DiagnosticIds.ShippedLabelValuesNarrowed,
        "Closed label of a shipped metric lost values",
        "Label '{1}' of shipped metric '{0}' no longer takes {2}: series and alerts that select them go silent (adding values is fine)",
        null);

    public static readonly DiagnosticDescriptor SpanRemoved = Create(
        DiagnosticIds.ShippedSpanRemoved,
        "Shipped span removed or renamed",
        "Shipped span '{0}' is no longer declared: removing or renaming it breaks trace queries that look for it; restore it, or delete this line on purpose",
        null);

    public static readonly DiagnosticDescriptor LogEventRemoved = Create(
        DiagnosticIds.ShippedLogEventRemoved,
        "Shipped log event removed",
        "Shipped log event '{0}' ({1}) is no longer declared: log queries and alerts on it break; restore it, or delete this line on purpose",
        null);

    public static readonly DiagnosticDescriptor LogEventRenamed = Create(
        DiagnosticIds.ShippedLogEventRenamed,
        "Shipped log event renamed",
        "Log event '{0}' is named '{1}' now but shipped as '{2}': queries on the event name break; keep the name",
        null);

    public static readonly DiagnosticDescriptor FunnelEventRemoved = Create(
        DiagnosticIds.ShippedFunnelEventRemoved,
        "Shipped funnel event removed or renamed",
        "Shipped funnel event '{0}' is no longer declared: funnel reports that count it break; restore it, or delete this line on purpose",
        null);

    public static readonly DiagnosticDescriptor UnshippedUnmatched = Create(
        DiagnosticIds.UnshippedLineUnmatched,
        "Unshipped telemetry line matches nothing",
        "'{0}' is in Telemetry.Unshipped.txt but the project declares no such item: remove the line",
        null);

    public static readonly DiagnosticDescriptor LineOutdated = Create(
        DiagnosticIds.TelemetryLineOutdated,
        "Telemetry item differs from its line",
        "{0} '{1}' changed since it was recorded in {2}: record its new form in Telemetry.Unshipped.txt",
        "A change that breaks nothing (a new label value, a new span attribute, log field or funnel property) is still recorded, so that it shows in review.");

    public static readonly DiagnosticDescriptor InvalidLine = Create(
        DiagnosticIds.InvalidTelemetryLine,
        "Telemetry file line cannot be read",
        "This line of {0} cannot be read: {1}",
        null);

    public static readonly DiagnosticDescriptor ClassificationChanged = Create(
        DiagnosticIds.ShippedClassificationChanged,
        "Classification of a shipped field removed or changed",
        "'{2}' of shipped {0} '{1}' was classified {3} and is {4} now: its values are no longer redacted as shipped; restore the classification, or re-record the line on purpose",
        "A classification ([PersonalData], [SecretData], a Microsoft.Extensions.Compliance classification) decides how a value is redacted on every sink. Removing it from a shipped span attribute, log field or funnel property sends the value in clear where it was redacted, which no other diagnostic reports when the name does not look sensitive.");

    public static readonly DiagnosticDescriptor[] All =
    {
        NotDeclared, MetricRemoved, MetricKindChanged, MetricUnitChanged, MetricLabelsChanged, LabelValuesNarrowed, SpanRemoved,
        LogEventRemoved, LogEventRenamed, FunnelEventRemoved, UnshippedUnmatched, LineOutdated, InvalidLine, ClassificationChanged,
    };

    /// <summary>A warning of the Contract category; <paramref name="compilationEnd"/>: reported once the whole compilation is known (tagged so IDEs know).</summary>
    private static DiagnosticDescriptor Create(string id, string title, string message, string? description, bool compilationEnd = true) =>
        compilationEnd
            ? DiagnosticDescriptorFactory.Create(id, title, message, DiagnosticCategories.Contract, DiagnosticSeverity.Warning, description, End)
            : DiagnosticDescriptorFactory.Create(id, title, message, DiagnosticCategories.Contract, DiagnosticSeverity.Warning, description);
}
