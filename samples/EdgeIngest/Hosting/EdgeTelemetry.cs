using System;
using Microsoft.AspNetCore.Http;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace EdgeIngest.Hosting;

/// <summary>
/// The served OpenTelemetry instrumentation EdgeIngest adds next to the generated one
/// (<c>AddOpenTelemetry().WithGeneratedInstrumentation()</c>): none of it is ours, none of it is in the catalog.
/// </summary>
/// <remarks>
/// Traces: ASP.NET Core's request span (OpenTelemetry.Instrumentation.AspNetCore; <c>http.route</c>, status code) is
/// the root of every REST request's trace, with EdgeIngest's <c>http.request</c> operation under it; Npgsql's
/// database spans hang under the store operations (<c>db.sensor.insert</c>, <c>ts.write</c>) on PostgreSQL.
/// WebSocket upgrades are not traced as requests: a connection lives for minutes, and its frames are traces of their
/// own (<c>ws.ingest.receive</c> roots, SPEC §3.2). Metrics: ASP.NET Core's <c>http.server.*</c> and Kestrel
/// instruments and the runtime's GC, thread-pool and JIT instruments (OpenTelemetry.Instrumentation.Runtime), exported
/// on <c>/metrics</c> and OTLP beside ours.
/// </remarks>
public static class EdgeTelemetry
{
    /// <summary>Adds the ASP.NET Core, runtime and Npgsql instrumentation to the host's providers.</summary>
    /// <param name="builder">The builder <c>services.AddOpenTelemetry()</c> returned.</param>
    /// <returns>The same builder.</returns>
    public static IOpenTelemetryBuilder AddEdgeIngestInstrumentation(this IOpenTelemetryBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.WithTracing(tracing => tracing
            .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsWebSocketUpgrade(context.Request))
            .AddNpgsql());
        builder.WithMetrics(metrics => metrics
            .AddAspNetCoreInstrumentation()
            .AddRuntimeInstrumentation());
        return builder;
    }

    /// <summary>
    /// A WebSocket upgrade, known from the request alone (the filter runs before the WebSockets middleware sets its
    /// feature): HTTP/1.1 <c>Upgrade: websocket</c>, or HTTP/2's extended CONNECT.
    /// </summary>
    internal static bool IsWebSocketUpgrade(HttpRequest request) =>
        request.Headers.Upgrade.ToString().Contains("websocket", StringComparison.OrdinalIgnoreCase)
        || (HttpMethods.IsConnect(request.Method) && request.Headers[":protocol"].ToString().Equals("websocket", StringComparison.OrdinalIgnoreCase));
}
