using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using EdgeIngest.Hosting;
using Instrumentation.Funnel.Report;
using Instrumentation.Observability;
using Instrumentation.Prometheus;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeIngest.Observability;

/// <summary>
/// <c>GET /api/observability/panels</c>: every panel of <see cref="EdgeIngestObservability"/> (the plan that also
/// writes the Grafana dashboard and the alert rules) evaluated over the last 10 minutes, in-process from the app's
/// own metrics or, with <c>--prometheus-url</c>, on that Prometheus; plus the funnel report's steps. Protected like
/// <c>/metrics</c> (basic auth when <c>--metrics-auth</c> is set). The JSON is described in docs/observability-view.md.
/// </summary>
public static class PanelEndpoints
{
    public const string Path = "/api/observability/panels";

    /// <summary>Why the view is empty in a build with instrumentation compiled out (the 503 answer's <c>error</c>).</summary>
    public const string Unavailable = "This build has instrumentation compiled out (-p:InstrumentationEnabled=false): it has no generated metrics, so no panel can be evaluated.";

    /// <summary>How far back the series go.</summary>
    public static readonly TimeSpan Range = TimeSpan.FromMinutes(10);

    private static readonly ConditionalWeakTable<WebApplication, PanelHistorySampler> Samplers = new();

    public static void Map(WebApplication app, EdgeIngestOptions options)
    {
        if (!EdgeIngestObservability.HasGeneratedMetrics)
        {
            // Built with -p:InstrumentationEnabled=false: no generated metric exists, so there is no plan to evaluate.
            // The app runs as usual; the view says why it is empty instead of the app failing to start.
            app.MapGet(Path, (HttpContext context) => Results.Json(
                new { error = Unavailable },
                statusCode: StatusCodes.Status503ServiceUnavailable));
            return;
        }

        var plan = EdgeIngestObservability.Create();
        var sampler = new PanelHistorySampler(plan, app.Services.GetRequiredService<PrometheusScrapeReader>(), options.PanelInterval);
        Samplers.AddOrUpdate(app, sampler);
        app.Lifetime.ApplicationStopped.Register(sampler.Dispose);
        var prometheus = options.PrometheusUrl is null ? null : new PrometheusPanelSource(options.PrometheusUrl);
        if (prometheus is not null)
        {
            app.Lifetime.ApplicationStopped.Register(prometheus.Dispose);
        }

        var expected = options.MetricsUser is null ? null : Encoding.UTF8.GetBytes(options.MetricsUser + ":" + options.MetricsPassword);
        app.MapGet(Path, async (HttpContext context) =>
        {
            if (expected is not null && !IsAuthorized(context.Request.Headers.Authorization.ToString(), expected))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Basic realm=\"metrics\"";
                return;
            }

            // ?source=in-process asks for the in-process view even when a Prometheus is configured (to compare them).
            var useInProcess = prometheus is null || string.Equals(context.Request.Query["source"], "in-process", StringComparison.Ordinal);
            var now = DateTimeOffset.UtcNow;
            var results = useInProcess
                ? new PanelEvaluator(sampler.History).Evaluate(plan, Range)
                : await prometheus!.EvaluateAsync(plan, now, Range, sampler.Interval, context.RequestAborted);
            var funnel = await FunnelStepsAsync(EdgeIngestResources.FunnelStore(app), context.RequestAborted);
            context.Response.ContentType = "application/json; charset=utf-8";
            context.Response.Headers.CacheControl = "no-store";
            await using var writer = new Utf8JsonWriter(context.Response.Body);
            Write(writer, useInProcess ? "in-process" : "prometheus", now, results, funnel);
            await writer.FlushAsync(context.RequestAborted);
        });
    }

    /// <summary>The in-process history of <paramref name="app"/> (tests take a snapshot at a moment they choose).</summary>
    public static PanelHistorySampler Sampler(WebApplication app) =>
        Samplers.TryGetValue(app, out var sampler) ? sampler : throw new InvalidOperationException("PanelEndpoints.Map was not called for this app.");

    /// <summary>A stable id from the title: <c>Ingest latency P50 / P95</c> → <c>ingest-latency-p50-p95</c>.</summary>
    public static string Id(string title)
    {
        var id = new StringBuilder();
        foreach (var c in title.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                id.Append(c);
            }
            else if (id.Length > 0 && id[^1] != '-')
            {
                id.Append('-');
            }
        }

        return id.ToString().TrimEnd('-');
    }

    private static async Task<(IReadOnlyList<(string Name, int Count, double Conversion)> Steps, string? Reason)> FunnelStepsAsync(Instrumentation.Funnel.Stores.SqlFunnelStore store, CancellationToken cancellationToken)
    {
        FunnelReportResult report;
        try
        {
            report = await FunnelReport.BuildAsync(store, cancellationToken);
        }
        catch (System.Data.Common.DbException)
        {
            // The panels do not depend on the store; the funnel says why it is missing.
            return (Array.Empty<(string, int, double)>(), "The funnel store cannot be read now (store unavailable).");
        }

        var steps = new List<(string, int, double)>();
        for (var i = 0; i < report.Steps.Count; i++)
        {
            var count = report.Totals[i];
            var conversion = i == 0 ? (count > 0 ? 1.0 : 0.0) : report.Totals[i - 1] == 0 ? 0.0 : Math.Min(1.0, (double)count / report.Totals[i - 1]);
            steps.Add((report.Steps[i], count, conversion));
        }

        return (steps, null);
    }

    private static void Write(Utf8JsonWriter json, string source, DateTimeOffset now, IReadOnlyList<PanelResult> results, (IReadOnlyList<(string Name, int Count, double Conversion)> Steps, string? Reason) funnel)
    {
        json.WriteStartObject();
        json.WriteString("source", source);
        json.WriteString("generatedAt", now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        json.WriteStartArray("panels");
        foreach (var result in results)
        {
            var panel = result.Panel;
            json.WriteStartObject();
            json.WriteString("id", Id(panel.Title));
            json.WriteString("title", panel.Title);
            json.WriteString("unit", panel.Unit);
            json.WriteString("kind", panel.Kind.ToString().ToLowerInvariant());
            json.WriteString("description", panel.Description);
            json.WriteString("query", string.Join("\n", panel.Queries.Select(q => q.Expression.Text)));
            json.WriteString("status", result.Status switch { PanelStatus.Ok => "ok", PanelStatus.NoData => "no-data", _ => "unsupported" });
            if (result.Reason is null)
            {
                json.WriteNull("reason");
            }
            else
            {
                json.WriteString("reason", result.Reason);
            }

            json.WriteStartArray("series");
            foreach (var series in result.Series)
            {
                json.WriteStartObject();
                json.WriteStartObject("labels");
                foreach (var label in series.Labels.OrderBy(l => l.Key, StringComparer.Ordinal))
                {
                    json.WriteString(label.Key, label.Value);
                }

                json.WriteEndObject();
                json.WriteString("legend", series.Legend);
                json.WriteStartArray("points");
                foreach (var point in series.Points)
                {
                    json.WriteStartArray();
                    json.WriteNumberValue(Math.Round(point.UnixSeconds, 3));
                    json.WriteNumberValue(point.Value);
                    json.WriteEndArray();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartObject("funnel");
        json.WriteStartArray("steps");
        foreach (var (name, count, conversion) in funnel.Steps)
        {
            json.WriteStartObject();
            json.WriteString("name", name);
            json.WriteNumber("count", count);
            json.WriteNumber("conversion", Math.Round(conversion, 4));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (funnel.Reason is null)
        {
            json.WriteNull("reason");
        }
        else
        {
            json.WriteString("reason", funnel.Reason);
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static bool IsAuthorized(string header, byte[] expected)
    {
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        try
        {
            return CryptographicOperations.FixedTimeEquals(Convert.FromBase64String(header[6..].Trim()), expected);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
