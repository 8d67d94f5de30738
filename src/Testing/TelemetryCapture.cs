using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading;
using Instrumentation.OpenTelemetry;
using Instrumentation.Testing.Internal;
using Instrumentation.Testing.Logs;
using Instrumentation.Testing.Spans;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;

namespace Instrumentation.Testing;

/// <summary>
/// Captures the spans, metrics, logs and funnel events that code run in its async scope produced, for assertions
/// in a unit test:
/// <code>
/// using var capture = TelemetryCapture.Start();
/// await handler.ReceiveAsync(message);
/// Assert.Equal("a", capture.Span("ws.ingest.receive").Tag("org_id"));
/// Assert.Equal(1, capture.Counter("ingest_messages_total").Sum(("org", "a")));
/// </code>
/// </summary>
/// <remarks>
/// <para>
/// The scope is async-local: everything recorded by the test's own flow (including awaited calls, <c>Task.Run</c>
/// and other work that flows the <see cref="ExecutionContext"/>) belongs to the capture; telemetry of tests running
/// in parallel, each with its own capture, does not. Work that does not flow the execution context (a hosted service
/// started before the capture, a timer created elsewhere) is not captured. Captures nest: the innermost one in scope
/// receives the telemetry.
/// </para>
/// <para>
/// Spans go through a real OpenTelemetry <c>TracerProvider</c> into the in-memory exporter; measurements through a
/// <see cref="MeterListener"/>; logs through the OpenTelemetry logging provider with the SDK's log processor (so a
/// captured log carries the correlation fields and redactions an exporter would see); funnel events as generated
/// code emits them.
/// </para>
/// </remarks>
public sealed class TelemetryCapture : IDisposable
{
    private static readonly AsyncLocal<TelemetryCapture?> s_current = new();

    private readonly TelemetryCapture? _previous;
    private readonly TelemetryCaptureOptions _options;
    private readonly SyncList<Activity> _activities = new();
    private readonly SyncList<CapturedMeasurement> _measurements = new();
    private readonly SyncList<CapturedLog> _logs = new();
    private readonly SyncList<CapturedFunnelEvent> _funnelEvents = new();
    private readonly TracerProvider _tracerProvider;
    private readonly MeterListener _meterListener;
    private int _disposed;

    private TelemetryCapture(TelemetryCaptureOptions options)
    {
        _options = options;
        _previous = s_current.Value;

        var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(InstrumentationProviderBuilderExtensions.GeneratedNamePrefix + "*")
            .SetSampler(new ScopeSampler(this))
            .AddProcessor(new OwnedSpanProcessor(this, new SimpleActivityExportProcessor(new InMemoryExporter<Activity>(_activities))));
        foreach (var source in options.ActivitySources)
        {
            tracing.AddSource(source);
        }

        _tracerProvider = tracing.Build();

        _meterListener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (ListensTo(instrument.Meter.Name))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _meterListener.SetMeasurementEventCallback<byte>((i, v, t, _) => Record(i, v, t));
        _meterListener.SetMeasurementEventCallback<short>((i, v, t, _) => Record(i, v, t));
        _meterListener.SetMeasurementEventCallback<int>((i, v, t, _) => Record(i, v, t));
        _meterListener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        _meterListener.SetMeasurementEventCallback<float>((i, v, t, _) => Record(i, v, t));
        _meterListener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        _meterListener.SetMeasurementEventCallback<decimal>((i, v, t, _) => Record(i, (double)v, t));
        _meterListener.Start();

        GlobalHooks.Acquire(options);
        s_current.Value = this;
    }

    /// <summary>The innermost live capture in the current async scope, if any.</summary>
    public static TelemetryCapture? Current
    {
        get
        {
            var capture = s_current.Value;
            while (capture is not null && Volatile.Read(ref capture._disposed) != 0)
            {
                capture = capture._previous;
            }

            return capture;
        }
    }

    /// <summary>
    /// A logger factory whose logs are captured (by the capture in whose scope each log is written). Pass its loggers
    /// to the code under test: <c>new Handler(capture.LoggerFactory.CreateLogger&lt;Handler&gt;())</c>. One factory
    /// serves every capture of the process (routing keeps them apart); disposing it does nothing.
    /// </summary>
    public ILoggerFactory LoggerFactory => CaptureLogging.Factory;

    /// <summary>The spans that ended in this capture's scope, in the order they ended.</summary>
    public IReadOnlyList<CapturedSpan> Spans => _activities.Snapshot().Select(a => new CapturedSpan(this, a)).ToList();

    /// <summary>Every measurement recorded in this capture's scope, in recording order.</summary>
    public IReadOnlyList<CapturedMeasurement> Measurements => _measurements.Snapshot();

    /// <summary>The logs written in this capture's scope, in order.</summary>
    public IReadOnlyList<CapturedLog> Logs => _logs.Snapshot();

    /// <summary>The funnel events emitted in this capture's scope, in order (every emit, see <see cref="CapturedFunnelEvent"/>).</summary>
    public IReadOnlyList<CapturedFunnelEvent> FunnelEvents => _funnelEvents.Snapshot();

    /// <summary>True while the code running now is in this capture's scope (it is the innermost live capture).</summary>
    internal bool IsInScope => ReferenceEquals(Current, this);

    /// <summary>True when this capture takes the generated operation logs (<see cref="TelemetryCaptureOptions.CaptureOperationLogs"/>).</summary>
    internal bool CapturesOperationLogs => _options.CaptureOperationLogs;

    /// <summary>True when this capture takes funnel events (<see cref="TelemetryCaptureOptions.CaptureFunnelEvents"/>).</summary>
    internal bool CapturesFunnelEvents => _options.CaptureFunnelEvents;

    /// <summary>Starts capturing the generated sources, meters, operation logs and funnel events.</summary>
    /// <returns>The capture; dispose it at the end of the test.</returns>
    public static TelemetryCapture Start() => Start(new TelemetryCaptureOptions());

    /// <summary>Starts capturing with options (extra sources and meters, what to route).</summary>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The capture; dispose it at the end of the test.</returns>
    public static TelemetryCapture Start(Action<TelemetryCaptureOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new TelemetryCaptureOptions();
        configure(options);
        return Start(options);
    }

    /// <summary>Starts capturing with <paramref name="options"/>.</summary>
    /// <param name="options">What to listen to.</param>
    /// <returns>The capture; dispose it at the end of the test.</returns>
    public static TelemetryCapture Start(TelemetryCaptureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new TelemetryCapture(options);
    }

    /// <summary>The one span named <paramref name="name"/>.</summary>
    /// <param name="name">The span name, for example <c>ws.ingest.receive</c>.</param>
    /// <exception cref="TelemetryAssertionException">None or several such spans ended; the message lists the spans seen.</exception>
    public CapturedSpan Span(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var spans = Spans;
        var matching = spans.Where(s => s.Name == name).ToList();
        if (matching.Count == 1)
        {
            return matching[0];
        }

        throw new TelemetryAssertionException(
            $"Expected exactly one span named '{name}' but {(matching.Count == 0 ? "saw none" : "saw " + matching.Count)}. Spans seen: {DescribeSpans(spans)}.{(spans.Count == 0 ? NothingRecorded : string.Empty)}");
    }

    /// <summary>The spans named <paramref name="name"/>, in the order they ended (empty when none).</summary>
    /// <param name="name">The span name.</param>
    public IReadOnlyList<CapturedSpan> SpansNamed(string name) => Spans.Where(s => s.Name == name).ToList();

    /// <summary>The measurements of instrument <paramref name="name"/> (possibly none).</summary>
    /// <param name="name">The instrument name, for example <c>flow_failures_total</c>.</param>
    public CapturedInstrument Metric(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return new CapturedInstrument(name, Measurements.Where(m => m.Instrument == name).ToList());
    }

    /// <summary>The measurements of the counter (or up-down counter) <paramref name="name"/>.</summary>
    /// <param name="name">The instrument name, for example <c>ingest_messages_total</c>.</param>
    /// <exception cref="TelemetryAssertionException">Nothing was recorded on it, or it is not a counter; the message lists the instruments seen.</exception>
    public CapturedInstrument Counter(string name) =>
        Expect(name, "counter", CapturedInstrumentKind.Counter, CapturedInstrumentKind.UpDownCounter);

    /// <summary>The measurements of the histogram <paramref name="name"/>.</summary>
    /// <param name="name">The instrument name, for example <c>ingest_processing_latency_ms</c>.</param>
    /// <exception cref="TelemetryAssertionException">Nothing was recorded on it, or it is not a histogram; the message lists the instruments seen.</exception>
    public CapturedInstrument Histogram(string name) => Expect(name, "histogram", CapturedInstrumentKind.Histogram);

    /// <summary>The one funnel event of type <paramref name="eventType"/>.</summary>
    /// <param name="eventType">The event name, for example <c>DeviceRegistered</c>.</param>
    /// <exception cref="TelemetryAssertionException">None or several were emitted; the message lists the events seen.</exception>
    public CapturedFunnelEvent FunnelEvent(string eventType)
    {
        ArgumentNullException.ThrowIfNull(eventType);
        var events = FunnelEvents;
        var matching = events.Where(e => e.EventType == eventType).ToList();
        if (matching.Count == 1)
        {
            return matching[0];
        }

        var seen = events.Count == 0 ? "none" : string.Join("; ", events.Select(e => e.ToString()));
        throw new TelemetryAssertionException(
            $"Expected exactly one funnel event '{eventType}' but {(matching.Count == 0 ? "saw none" : "saw " + matching.Count)}. Funnel events seen: {seen}.");
    }

    /// <summary>Stops capturing (what was captured stays readable) and leaves the capture's scope.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (ReferenceEquals(s_current.Value, this))
        {
            s_current.Value = _previous;
        }

        _meterListener.Dispose();
        _tracerProvider.Dispose();
        GlobalHooks.Release(_options);
    }

    internal void Add(CapturedLog log) => _logs.Add(log);

    internal void Add(CapturedFunnelEvent item) => _funnelEvents.Add(item);

    /// <summary>
    /// Added when a capture recorded nothing of the kind asked for: the usual causes (a newcomer's trial got "Instruments
    /// seen: none." from a build with instrumentation compiled out, and nothing said why).
    /// </summary>
    private const string NothingRecorded =
        " Nothing of this kind was recorded at all: is the code under test built with instrumentation (not with -p:InstrumentationEnabled=false), are its annotated methods called (directly, not by reflection or through a delegate), and is the call made while this capture is active?";

    private static string DescribeSpans(IReadOnlyList<CapturedSpan> spans) =>
        spans.Count == 0 ? "none" : string.Join(", ", spans.GroupBy(s => s.Name).Select(g => $"{g.Key} ({g.Count()})"));

    private CapturedInstrument Expect(string name, string what, params CapturedInstrumentKind[] kinds)
    {
        ArgumentNullException.ThrowIfNull(name);
        var all = Measurements;
        var instrument = new CapturedInstrument(name, all.Where(m => m.Instrument == name).ToList());
        if (instrument.Measurements.Count == 0)
        {
            var seen = all.Count == 0
                ? "none"
                : string.Join(", ", all.GroupBy(m => m.Instrument).Select(g => $"{g.Key} ({g.First().Kind}, {g.Count()})"));
            throw new TelemetryAssertionException(
                $"Expected measurements of the {what} '{name}' but none were recorded in this capture. Instruments seen: {seen}.{(all.Count == 0 ? NothingRecorded : string.Empty)}");
        }

        if (!kinds.Contains(instrument.Kind))
        {
            throw new TelemetryAssertionException($"'{name}' is a {instrument.Kind}, not a {what}. Measurements: {instrument}.");
        }

        return instrument;
    }

    private bool ListensTo(string meter)
    {
        if (meter.StartsWith(InstrumentationProviderBuilderExtensions.GeneratedNamePrefix, StringComparison.Ordinal)
            || meter == Instrumentation.Funnel.FunnelMetrics.MeterName)
        {
            return true;
        }

        foreach (var name in _options.Meters)
        {
            if (name.EndsWith('*') ? meter.StartsWith(name[..^1], StringComparison.Ordinal) : meter == name)
            {
                return true;
            }
        }

        return false;
    }

    private void Record<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        where T : struct, IConvertible
    {
        if (IsInScope && !Instrumentation.Observability.ZeroSeriesPublisher.IsPublishing)
        {
            _measurements.Add(new CapturedMeasurement(instrument, value.ToDouble(System.Globalization.CultureInfo.InvariantCulture), tags));
        }
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (IsInScope && !Instrumentation.Observability.ZeroSeriesPublisher.IsPublishing)
        {
            _measurements.Add(new CapturedMeasurement(instrument, value, tags));
        }
    }
}
