using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using global::OpenTelemetry.Metrics;
using Instrumentation.Observability;

namespace Instrumentation.OpenTelemetry;

/// <summary>
/// Sizes the OpenTelemetry metric stream of each generated instrument to the series its labels can make (an
/// OpenTelemetry view that sets <see cref="MetricStreamConfiguration.CardinalityLimit"/>), instead of the SDK's default
/// of 2,000 series.
/// </summary>
/// <remarks>
/// <para>
/// The OpenTelemetry SDK allocates every stream's series up front, about 90 bytes each: 182 KB per instrument at its
/// default limit, measured with OpenTelemetry 1.20.1. An operation has three or four instruments, so a worker with 100
/// operations held 54 MB more heap with the SDK registered than without, before any call (a worker team's trial found
/// +17 MB), and a library annotated wholesale would hold hundreds of megabytes.
/// </para>
/// <para>
/// The metric catalog knows each instrument's labels: an instrument whose labels all have a closed set of values (none,
/// booleans, enums, declared values) gets the number of combinations, each label counted also as absent; a failure
/// reason (the only label of expected values: values declared, plus at most <see cref="Operations.ErrorCodeLabel.MaxDistinct"/>
/// codes per process, <c>other</c> and exception type names) gets its declared values and <see cref="OpenReasonSeries"/> more. A label with values
/// the SDK cannot know (a tenant id, a string label without declared values) keeps the SDK's default. Series beyond a
/// limit are summed into OpenTelemetry's <c>otel.metric.overflow</c> series, as beyond the default.
/// </para>
/// <para>
/// Descriptions are never built here, from inside the SDK's listener (they create instruments themselves). An assembly
/// loaded after the provider started is described when it registers (<see cref="MetricCatalog.DescribeOnRegistration"/>),
/// before its instruments exist; the plain operations' instruments that describing creates are sized from
/// <see cref="Operations.MetricStreamHints"/>, noted before they were created.
/// </para>
/// </remarks>
internal sealed class MetricStreamSizes
{
    /// <summary>
    /// The series a failure reason may take beyond its declared values: the codes a process keeps
    /// (<see cref="Operations.ErrorCodeLabel.MaxDistinct"/>), <c>other</c>, and exception type names (not capped: 256 here;
    /// a newcomer's trial with 200 codes and 60 exception types through one operation overflowed the first bound of 256 in all).
    /// </summary>
    internal const int OpenReasonSeries = Operations.ErrorCodeLabel.MaxDistinct + 1 + 256;

    /// <summary>The OpenTelemetry SDK's default limit: an instrument that would need more keeps the default.</summary>
    internal const int DefaultLimit = 2000;

    private readonly bool _size;
    private readonly Dictionary<string, MetricStreamConfiguration> _configured;

    /// <param name="size">Whether streams are sized (<see cref="InstrumentationOptions.SizeMetricStreams"/>).</param>
    /// <param name="configured">The app's configurations by instrument name (<see cref="InstrumentationOptions.MetricStreams"/>).</param>
    public MetricStreamSizes(bool size, Dictionary<string, MetricStreamConfiguration> configured)
    {
        _size = size;
        _configured = configured;
    }

    /// <summary>
    /// The view: for an instrument of a generated meter, the app's configuration of it if any, with the size set unless
    /// the app set one; else a sized stream; null (the SDK's default) for anything else.
    /// </summary>
    /// <param name="instrument">The instrument the SDK is about to aggregate.</param>
    public MetricStreamConfiguration? For(Instrument instrument)
    {
        if (!instrument.Meter.Name.StartsWith(InstrumentationProviderBuilderExtensions.GeneratedNamePrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var limit = _size ? LimitOf(instrument) : null;
        if (_configured.TryGetValue(instrument.Name, out var configured))
        {
            if (configured.CardinalityLimit is null && limit is { } size)
            {
                configured.CardinalityLimit = size;
            }

            return configured;
        }

        return limit is { } sized ? new MetricStreamConfiguration { CardinalityLimit = sized } : null;
    }

    /// <summary>The size of a generated instrument's stream, or null for the SDK's default.</summary>
    private static int? LimitOf(Instrument instrument)
    {
        try
        {
            if (MetricCatalog.FindDescribed(instrument.Meter.Name, instrument.Name) is { } metric)
            {
                return Limit(metric);
            }

            // Not described yet (an assembly loaded after the provider started): a plain operation's instrument was noted
            // before it was created.
            return Operations.MetricStreamHints.IsWithoutLabels(instrument.Meter.Name, instrument.Name) ? 1 : null;
        }
        catch (Exception)
        {
            // Telemetry never throws into the application: the instrument keeps the default size.
            return null;
        }
    }

    /// <summary>
    /// The series <paramref name="metric"/>'s labels can make, or null when a label's values are not known or the
    /// product reaches <see cref="DefaultLimit"/>.
    /// </summary>
    /// <param name="metric">A metric of the catalog.</param>
    internal static int? Limit(MetricDescriptor metric)
    {
        long series = 1;
        foreach (var label in metric.Labels)
        {
            var values = label.ValueKind switch
            {
                MetricLabelValues.Closed when label.Values.Count > 0 => label.Values.Count,
                MetricLabelValues.Expected => label.Values.Count + OpenReasonSeries,
                _ => -1,
            };
            if (values < 0)
            {
                return null;
            }

            // Each value, or the label absent.
            series *= values + 1;
            if (series >= DefaultLimit)
            {
                return null;
            }
        }

        return (int)series;
    }
}
