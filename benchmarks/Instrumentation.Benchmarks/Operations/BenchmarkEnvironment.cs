using System;
using System.Diagnostics;
using Instrumentation.OpenTelemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Instrumentation.Benchmarks.Operations;

/// <summary>The three environments of SPEC §4.</summary>
public enum Listening
{
    /// <summary>No OpenTelemetry SDK, no listeners.</summary>
    None,

    /// <summary>OpenTelemetry SDK with metrics; traces sampled at ratio 0 (never recorded).</summary>
    MetricsUnsampled,

    /// <summary>OpenTelemetry SDK with metrics and 100% sampled traces.</summary>
    MetricsSampled,
}

/// <summary>
/// Builds the OpenTelemetry SDK for an environment, with exporters that do nothing (export cost is not
/// measured). The sampler is the one <c>AddGeneratedInstrumentation</c> installs for every source of the
/// provider: ParentBased(TraceIdRatio), ratio 0 or 1.
/// </summary>
public sealed class BenchmarkEnvironment : IDisposable
{
    public const string HandSource = "bench.hand";

    /// <summary>The source of the local parent span that nested benchmarks run under.</summary>
    public const string ParentSource = "bench.parent";

    private readonly TracerProvider? _tracer;
    private readonly MeterProvider? _meter;

    public BenchmarkEnvironment(Listening listening)
    {
        if (listening == Listening.None)
        {
            return;
        }

        _meter = Sdk.CreateMeterProviderBuilder()
            .AddMeter(HandSource)
            .AddGeneratedInstrumentation()
            .AddReader(new PeriodicExportingMetricReader(new NoopMetricExporter(), exportIntervalMilliseconds: 3_600_000))
            .Build();
        _tracer = Sdk.CreateTracerProviderBuilder()
            .AddSource(HandSource, ParentSource)
            .AddGeneratedInstrumentation(o => o.SamplingRatio = listening == Listening.MetricsSampled ? 1.0 : 0.0)
            .AddProcessor(new SimpleActivityExportProcessor(new NoopSpanExporter()))
            .Build();
    }

    public void Dispose()
    {
        _tracer?.Dispose();
        _meter?.Dispose();
        Instrumentation.Operations.OperationSettings.RootSamplingRatio = 1;
        Instrumentation.Operations.OperationSettings.ParentBasedSampling = false;
    }

    private sealed class NoopSpanExporter : BaseExporter<Activity>
    {
        public override ExportResult Export(in Batch<Activity> batch) => ExportResult.Success;
    }

    private sealed class NoopMetricExporter : BaseExporter<Metric>
    {
        public override ExportResult Export(in Batch<Metric> batch) => ExportResult.Success;
    }
}
