using System;
using System.Globalization;
using System.Text;
using global::OpenTelemetry.Metrics;

namespace Instrumentation.Prometheus;

/// <summary>
/// Renders OpenTelemetry SDK metric points in the Prometheus text exposition format 0.0.4
/// (the OpenTelemetry Prometheus exporter package is not available here). Names are kept as
/// declared (they already carry their unit or <c>_total</c>); cumulative temporality only.
/// </summary>
public static class PrometheusTextFormatter
{
    /// <summary>The content type of the exposition format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Appends one metric (all its points) to <paramref name="output"/>.</summary>
    /// <remarks>
    /// Each call writes a complete family. To render several metrics that may share a name (two assemblies'
    /// meters), use <see cref="PrometheusScrapeReader"/>, which merges them into one family per name.
    /// </remarks>
    public static void Write(StringBuilder output, Metric metric)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(metric);
        var exposition = new PrometheusExposition(conflict: null);
        exposition.Add(metric);
        exposition.WriteTo(output);
    }

    /// <summary>Formats a sample value the way Prometheus parses it.</summary>
    public static string Number(double value)
    {
        if (double.IsPositiveInfinity(value))
        {
            return "+Inf";
        }

        if (double.IsNegativeInfinity(value))
        {
            return "-Inf";
        }

        return double.IsNaN(value) ? "NaN" : value.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>Replaces characters Prometheus does not allow in metric and label names.</summary>
    public static string SanitizeName(string name)
    {
        var builder = new StringBuilder(name.Length);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var valid = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || (i > 0 && c >= '0' && c <= '9');
            builder.Append(valid ? c : '_');
        }

        return builder.ToString();
    }
}
