using System.Collections.Generic;

namespace Instrumentation.Testing;

/// <summary>What a <see cref="TelemetryCapture"/> listens to.</summary>
public sealed class TelemetryCaptureOptions
{
    /// <summary>
    /// ActivitySource names whose spans are captured, besides the generated ones
    /// (<c>Instrumentation.Generated.*</c>). Wildcards as in OpenTelemetry's <c>AddSource</c>.
    /// </summary>
    public IList<string> ActivitySources { get; } = new List<string>();

    /// <summary>
    /// Meter names whose measurements are captured, besides the generated ones (<c>Instrumentation.Generated.*</c>)
    /// and the funnel's meter. A name ending in <c>*</c> matches by prefix.
    /// </summary>
    public IList<string> Meters { get; } = new List<string>();

    /// <summary>
    /// Capture the generated operation logs (failure, start, completion): while any capture with this on is alive,
    /// the SDK writes them to the kit's logger factory (<see cref="TelemetryCapture.LoggerFactory"/>) besides the
    /// factory the app or the test configured with <c>InstrumentationLogging.Use</c>, and correlation fields are on.
    /// Default: true. A capture with this off does not receive them, also while other captures take them.
    /// </summary>
    public bool CaptureOperationLogs { get; set; } = true;

    /// <summary>Capture the funnel events generated code emits. Default: true (off: this capture receives none, also while other captures take them).</summary>
    public bool CaptureFunnelEvents { get; set; } = true;
}
