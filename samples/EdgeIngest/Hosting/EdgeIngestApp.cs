using System;
using System.Text.Json;
using System.Threading.Tasks;
using EdgeIngest.Api;
using EdgeIngest.Broadcast;
using EdgeIngest.Domain;
using EdgeIngest.Flows;
using EdgeIngest.Ingest;
using EdgeIngest.Logging;
using EdgeIngest.Storage;
using Instrumentation.Logging;
using Instrumentation.OpenTelemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace EdgeIngest.Hosting;

/// <summary>Builds the EdgeIngest web application: store, ingest path, WebSockets, API, health and telemetry exporters.</summary>
public static class EdgeIngestApp
{
    private static string StatusText(HttpContext context) =>
        context.Response.HasStarted || context.Response.StatusCode != 200
            ? context.Response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : "200";

    public static Task<WebApplication> BuildAsync(EdgeIngestOptions options) => BuildAsync(options, null);

    /// <summary>Builds the app; <paramref name="configureLogging"/> can add log providers (tests capture logs with it).</summary>
    public static async Task<WebApplication> BuildAsync(EdgeIngestOptions options, Action<ILoggingBuilder>? configureLogging)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(options.Urls);
        builder.Logging.ClearProviders();
        builder.Logging.AddInstrumentationJsonConsole();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("EdgeIngest", LogLevel.Information);
        // EdgeIngest logs its own domain events for failures (Logging/EdgeLog.cs: client mistakes information or
        // warning, store and connection failures error, with the frame's context), so the SDK's automatic
        // OperationFailed log (which would honour EdgeIngestException.FailureLogLevel) would only repeat them; it
        // is off here. Spans and failure counters still record every failure.
        builder.Logging.AddFilter(Instrumentation.Logging.OperationLog.Category, LogLevel.None);
        configureLogging?.Invoke(builder.Logging);
        // Funnel events go to OTLP as log records (event.name); on the console they would drown everything else.
        builder.Logging.AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>(Instrumentation.Funnel.FunnelWriter.LogCategory, LogLevel.Warning);

        var store = new EdgeStore(StoreConnection.Create(options.Db, options.StoreTimeout));
        await store.InitializeAsync(default);
        // The funnel's product_events: on SQLite in a file of its own next to --db (edgeingest.funnel.db; a file of an
        // earlier version keeps its funnel table where it is), on PostgreSQL in the same database (FunnelLocation). It
        // waits for a lock as long as the app's own store does (whole seconds, at least one), so a locked file at start
        // fails after --store-timeout, not the funnel's default 5 s.
        var funnelDb = FunnelLocation.Resolve(options.Db);
        var funnelFileOfItsOwn = !string.Equals(funnelDb, options.Db, StringComparison.Ordinal);
        var funnelStore = Instrumentation.Funnel.Stores.SqlFunnelStore.Open(funnelDb, TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(options.StoreTimeout.TotalSeconds))));
        var summary = new TelemetrySummary();
        // One registration (OpenTelemetry.Extensions.Hosting): the generated sources and meters, the sampler, the
        // /metrics reader, the log processor, and OTLP for all three when OTEL_EXPORTER_OTLP_ENDPOINT is set. Next to it
        // the served instrumentation: ASP.NET Core's request spans and http.server.* metrics, the runtime's GC and
        // thread-pool metrics, and Npgsql's database spans (PostgreSQL store). See EdgeTelemetry.
        builder.Services.AddOpenTelemetry().WithGeneratedInstrumentation(o =>
        {
            o.SamplingRatio = options.SamplingRatio ?? o.SamplingRatio;
            o.CompleteErrorTraces = options.CompleteErrorTraces; // docs/alerts-and-sampling.md
        }).AddEdgeIngestInstrumentation();
        var otlp = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT"));
        if (otlp)
        {
            // Funnel events go to OTLP as log records (event.name).
            builder.Logging.AddFilter<OpenTelemetry.Logs.OpenTelemetryLoggerProvider>(Instrumentation.Funnel.FunnelWriter.LogCategory, LogLevel.Information);
        }

        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton<TelemetrySummary>(_ => summary);
        builder.Services.AddSingleton<ReadingWriter>();
        builder.Services.AddSingleton<FlowEngine>();
        builder.Services.AddSingleton<AlertService>();
        builder.Services.AddSingleton<DashboardHub>();
        builder.Services.AddSingleton<DeviceAuthenticator>();
        builder.Services.AddSingleton<DashboardAuthenticator>();
        builder.Services.AddSingleton<ApiKeyAuthenticator>();
        builder.Services.AddSingleton<IngestPipeline>();
        builder.Services.AddSingleton<ConnectionTracker>();
        builder.Services.AddSingleton<DeviceSocketHandler>();
        builder.Services.AddSingleton<DashboardSocketHandler>();
        builder.Services.AddSingleton<RequestCorrelation>();
        builder.Services.AddSingleton<FrameValidator>();
        builder.Services.AddSingleton(new SocketLimits(options.IdleTimeout, options.FrameTimeout));
        builder.Services.AddSingleton(new ConnectionLimiter(options.MaxConnections));
        builder.Services.AddSingleton<OpenSockets>();
        builder.Services.AddSingleton<EdgeIngest.Cluster.ClusterListener>();
        builder.Services.AddHostedService<EdgeIngest.Jobs.RetentionJob>();
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            // A REST body with a key written twice ({"name":"a","name":"b"}, or "name" and "Name": names bind without
            // regard to case) is 400 malformed_json naming the key, as a device frame is; the last value used to win.
            o.SerializerOptions.AllowDuplicateProperties = false;
        });

        var app = builder.Build();
        // The host would do this at start (WithGeneratedInstrumentation); restoring subscriptions below runs operations first.
        InstrumentationLogging.Use(app.Services.GetRequiredService<ILoggerFactory>());
        // Funnel buffer: 100,000 events; when full (store down for long) an emitting thread waits up to 50 ms, then the
        // event is dropped and counted (funnel_events_dropped_total). Shutdown stores what is buffered for up to 30 s and
        // spills the rest to funnel-spill/ next to the app, written at the next start.
        var funnelOptions = new Instrumentation.Funnel.FunnelWriterOptions { BufferCapacity = 100_000, OverflowPolicy = Instrumentation.Funnel.FunnelOverflowPolicy.BlockBriefly, OverflowWait = TimeSpan.FromMilliseconds(50), ShutdownFlushTimeout = options.ShutdownTimeout };
        if (options.SpillDirectory is { } spill)
        {
            funnelOptions.SpillDirectory = spill; // --spill-dir: spill and dead-letter files
        }

        Instrumentation.Funnel.FunnelWriter funnel;
        try
        {
            funnel = await Instrumentation.Funnel.FunnelWriter.StartAsync(funnelStore, funnelOptions, app.Services.GetRequiredService<ILoggerFactory>());
        }
        catch (System.Data.Common.DbException error) when (funnelFileOfItsOwn)
        {
            // The app's own file opened fine; the message would name it (a newcomer looks at the wrong file).
            await funnelStore.DisposeAsync();
            throw new FunnelFileException(funnelDb, error);
        }

        app.Lifetime.ApplicationStopped.Register(() => funnel.DisposeAsync().AsTask().GetAwaiter().GetResult());
        EdgeIngestResources.Register(app, funnel, funnelStore);
        if (otlp)
        {
            // Export failures are visible: otlp_export_failures_total and a rate-limited warning (docs/operations.md).
            var exportFailures = new ExportFailureListener(new ExportHealth(), app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ExportHealth).FullName!));
            app.Lifetime.ApplicationStopped.Register(exportFailures.Dispose);
        }

        // Graceful stop: every open socket gets a 1001 close first (docs/operations.md), within --shutdown-timeout.
        var openSockets = app.Services.GetRequiredService<OpenSockets>();
        app.Lifetime.ApplicationStopping.Register(() => _ = openSockets.CloseAllAsync(options.ShutdownTimeout));

        // The providers start now, not at host start: restoring subscriptions below already records.
        app.Services.GetRequiredService<TracerProvider>();
        app.Services.GetRequiredService<MeterProvider>();
        await RestoreSubscriptionsAsync(app);
        // Before accepting connections: first-data events a crash kept from the funnel store (docs/scale-out.md), and
        // on PostgreSQL the LISTEN that makes this instance hear the others.
        await FirstDeviceDataRecovery.RecoverAsync(store, funnelFileOfItsOwn ? funnelDb : null, default);
        var cluster = app.Services.GetRequiredService<EdgeIngest.Cluster.ClusterListener>();
        await cluster.StartAsync(default);
        app.Lifetime.ApplicationStopped.Register(() => cluster.DisposeAsync().AsTask().GetAwaiter().GetResult());

        var correlation = app.Services.GetRequiredService<RequestCorrelation>();
        var apiLog = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(ApiEndpoints.LoggerCategory);
        // WebSockets first, so the middleware below can tell an upgrade request from an HTTP request.
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.UseRouting();
        app.Use(async (context, next) =>
        {
            // A client id that is not a plain id (an e-mail, free text) is replaced, never logged (RequestIds).
            var requestId = EdgeIngest.Api.RequestIds.Accept(context.Request.Headers["X-Request-ID"].ToString());

            context.Response.Headers["X-Request-ID"] = requestId;
            if (context.WebSockets.IsWebSocketRequest)
            {
                // A WebSocket lives for minutes: it is not an HTTP request (no request span, see EdgeTelemetry; no
                // http.request, no request_duration_ms). Its connect-time auth.check and each of its frames start
                // traces of their own instead of hanging under an upgrade request that ends when the socket closes.
                System.Diagnostics.Activity.Current = null;
                await next(context);
                return;
            }

            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var pattern = (context.GetEndpoint() as Microsoft.AspNetCore.Routing.RouteEndpoint)?.RoutePattern.RawText ?? "other";
            var route = pattern.StartsWith('/') ? pattern : "/" + pattern;
            // http.request is a child of ASP.NET Core's request span (the trace's root, or the caller's traceparent):
            // it adds the request_id (span attribute and log field) and our request metrics. The refusal, its log line
            // and the response record all happen inside it, so they carry its request_id and trace; a refused request
            // (4xx) is an answer, not a failed operation.
            await correlation.HandleAsync(requestId, context.Request.Method, route, async () =>
            {
                try
                {
                    await next(context);
                    if (context.Response.StatusCode >= 400 && !context.Response.HasStarted && context.Request.Path.StartsWithSegments("/api"))
                    {
                        // The framework's own refusals (415 for a body that is not JSON, 405, 404 of an unknown route)
                        // end without a body: the REST contract is JSON, always (a newcomer's trial got "415 ''").
                        var code = ErrorCodes.ForStatus(context.Response.StatusCode);
                        EdgeLog.RequestRefused(apiLog, context.Response.StatusCode, code);
                        await context.Response.WriteAsJsonAsync(new { code, message = ApiErrors.FrameworkRefusal(context, code), request_id = requestId });
                    }
                }
                catch (EdgeIngestException error) when (!context.Response.HasStarted)
                {
                    context.Response.StatusCode = ErrorCodes.HttpStatus(error.ErrorCode);
                    if (context.Response.StatusCode == StatusCodes.Status401Unauthorized)
                    {
                        context.Response.Headers.WWWAuthenticate = "Bearer";
                    }

                    EdgeLog.RequestRefused(apiLog, context.Response.StatusCode, error.ErrorCode);
                    await context.Response.WriteAsJsonAsync(new { code = error.ErrorCode, message = error.Message, request_id = requestId });
                }
                catch (BadHttpRequestException error) when (!context.Response.HasStarted && error.StatusCode == StatusCodes.Status413PayloadTooLarge)
                {
                    context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                    EdgeLog.RequestRefused(apiLog, context.Response.StatusCode, ErrorCodes.BodyTooLarge);
                    await context.Response.WriteAsJsonAsync(new { code = ErrorCodes.BodyTooLarge, message = ApiErrors.FrameworkRefusal(context, ErrorCodes.BodyTooLarge), request_id = requestId });
                }
                catch (BadHttpRequestException error) when (!context.Response.HasStarted)
                {
                    context.Response.StatusCode = StatusCodes.Status400BadRequest;
                    EdgeLog.RequestRefused(apiLog, context.Response.StatusCode, ErrorCodes.MalformedJson);
                    // The reader's own words say what is wrong and where (a duplicate key by name, content after the
                    // object); the binder's wrapper only says that the body could not be read.
                    var message = error.InnerException is JsonException json ? "The request body could not be read as JSON: " + ApiErrors.JsonReason(json) : error.Message;
                    await context.Response.WriteAsJsonAsync(new { code = ErrorCodes.MalformedJson, message, request_id = requestId });
                }
                catch (Exception error) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
                {
                    // Never an empty 500: a store outage is 503 store_unavailable, anything else 500 internal_error, both JSON.
                    await ApiErrors.WriteUnexpectedAsync(context, error, store, apiLog, requestId);
                }
                finally
                {
                    correlation.RecordResponse(started, context.Request.Method, route, StatusText(context));
                }
            });
        });

        app.MapGet("/health", () => Results.Ok(new { status = "ok" }));
        app.MapGet("/live", () => Results.Ok(new { status = "live" }));
        // A write probe (docs/operations.md): a store that can read but not write is not ready.
        app.MapGet("/ready", async (EdgeStore s, System.Threading.CancellationToken ct) =>
            await s.IsReadyAsync(TimeSpan.FromSeconds(1), ct) ? Results.Ok(new { status = "ready", store = s.Kind }) : Results.Json(new { status = "store unavailable" }, statusCode: 503));
        app.MapPrometheusMetrics("/metrics", options.MetricsUser, options.MetricsUser is null ? null : options.MetricsPassword);
        EdgeIngest.Observability.PanelEndpoints.Map(app, options);
        app.Map("/ws/ingest", (HttpContext context, DeviceSocketHandler handler, ConnectionLimiter limiter, OpenSockets open) =>
            SocketEndpoint.ServeAsync(context, limiter, open, socket => handler.HandleAsync(socket, context.Request.Query["token"], context.RequestAborted)));
        app.Map("/ws/dashboard", (HttpContext context, DashboardSocketHandler handler, ConnectionLimiter limiter, OpenSockets open) =>
        {
            // The token comes in the query (programs) or as a subprotocol (the dashboard page: no token in URLs).
            var (token, subProtocol) = DashboardCredentials.From(context);
            return SocketEndpoint.ServeAsync(context, limiter, open, socket => handler.HandleAsync(socket, context.Request.Query["dashboard_id"], token, context.RequestAborted), subProtocol);
        });
        ApiEndpoints.Map(app);
        FrontendEndpoints.Map(app); // the dashboard and observability pages, their data and the frontend timings (docs/browser.md)
        return app;
    }

    /// <summary>Subscribes the stored widgets and flows again: what was created before a restart keeps working.</summary>
    private static async Task RestoreSubscriptionsAsync(WebApplication app)
    {
        var store = app.Services.GetRequiredService<EdgeStore>();
        var hub = app.Services.GetRequiredService<DashboardHub>();
        foreach (var widget in await store.LoadWidgetsAsync(default))
        {
            hub.Register(widget);
        }

        var engine = app.Services.GetRequiredService<FlowEngine>();
        var (flows, skipped) = await store.LoadFlowsAsync(default);
        foreach (var flow in flows)
        {
            engine.Register(flow);
        }

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(EdgeIngestApp).FullName!);
        foreach (var flowId in skipped)
        {
            EdgeLog.FlowSkipped(logger, flowId);
        }
    }

    /// <summary>Accepts the upgrade; null when the client already went away.</summary>
    internal static async Task<System.Net.WebSockets.WebSocket?> AcceptQuietlyAsync(HttpContext context, string? subProtocol = null)
    {
        try
        {
            return await context.WebSockets.AcceptWebSocketAsync(subProtocol);
        }
        catch (Exception error) when (SocketIo.IsDisconnect(error, context.RequestAborted))
        {
            return null;
        }
    }
}

/// <summary>Resources that outlive the web host's container and are flushed at shutdown.</summary>
public static class EdgeIngestResources
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<WebApplication, Instrumentation.Funnel.FunnelWriter> Writers = new();
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<WebApplication, Instrumentation.Funnel.Stores.SqlFunnelStore> Stores = new();

    public static void Register(WebApplication app, Instrumentation.Funnel.FunnelWriter writer, Instrumentation.Funnel.Stores.SqlFunnelStore store)
    {
        Writers.AddOrUpdate(app, writer);
        Stores.AddOrUpdate(app, store);
    }

    public static Instrumentation.Funnel.FunnelWriter FunnelWriter(WebApplication app) => Writers.TryGetValue(app, out var writer) ? writer : throw new InvalidOperationException("no funnel writer");

    public static Instrumentation.Funnel.Stores.SqlFunnelStore FunnelStore(WebApplication app) => Stores.TryGetValue(app, out var store) ? store : throw new InvalidOperationException("no funnel store");
}
