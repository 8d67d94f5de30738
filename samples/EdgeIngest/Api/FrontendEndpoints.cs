using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.RateLimiting;
using System.Threading.Tasks;
using EdgeIngest.Broadcast;
using EdgeIngest.Domain;
using EdgeIngest.Ingest;
using EdgeIngest.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EdgeIngest.Api;

/// <summary>
/// What the browser pages call (docs/browser.md): the pages themselves (<see cref="Hosting.StaticPages"/>), a
/// dashboard's layout for its page (<c>GET /api/dashboards/{id}/view</c>, opened by the dashboard's token as a bearer
/// token) and <c>POST /api/frontend-timings</c>, where the pages report what they measured.
/// </summary>
public static class FrontendEndpoints
{
    /// <summary>Timing reports a client address may send per minute; more get <c>429 rate_limited</c>.</summary>
    public const int TimingReportsPerMinute = 30;

    public const string RateLimited = "rate_limited";

    public static void Map(IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        Hosting.StaticPages.Map(app);
        var timings = new FrontendTimings();
        var limiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = TimingReportsPerMinute,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            }));

        app.MapPost("/api/frontend-timings", async (HttpContext http, CancellationToken ct) =>
        {
            using var lease = limiter.AttemptAcquire(http);
            if (!lease.IsAcquired)
            {
                http.Response.Headers.RetryAfter = "60";
                return Results.Json(new { code = RateLimited, message = "At most " + TimingReportsPerMinute + " timing reports a minute from one address." }, statusCode: StatusCodes.Status429TooManyRequests);
            }

            var body = await ReadBoundedAsync(http.Request, FrontendTimingRequest.MaxBodyBytes, ct);
            var parsed = FrontendTimingRequest.Parse(body);
            foreach (var timing in parsed)
            {
                timings.Record(timing);
            }

            return Results.Json(new { recorded = parsed.Count }, statusCode: StatusCodes.Status202Accepted);
        });

        app.MapGet("/api/dashboards/{dashboardId}/view", async (string dashboardId, HttpContext http, DashboardAuthenticator authenticator, EdgeStore store, CancellationToken ct) =>
        {
            var header = http.Request.Headers.Authorization.ToString();
            var token = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..].Trim() : null;
            try
            {
                await authenticator.AuthenticateAsync(dashboardId, token, Guid.NewGuid().ToString("N"), ct);
            }
            catch (EdgeIngestException error) when (error.ErrorCode is ErrorCodes.MissingToken or ErrorCodes.InvalidToken)
            {
                throw new EdgeIngestException(ErrorCodes.Unauthorized, "The dashboard's token (Authorization: Bearer dt_…) does not open this dashboard.");
            }

            var view = await store.LoadDashboardViewAsync(dashboardId, ct) ?? throw new EdgeIngestException(ErrorCodes.NotFound, "No such dashboard.");
            return Results.Ok(new
            {
                dashboard_id = dashboardId,
                name = view.Name,
                widgets = view.Widgets.Select(w => new { widget_id = w.WidgetId, device_uuid = w.DeviceUuid, device_name = w.DeviceName, sensor = IngestMessage.SensorName(w.Sensor) }),
            });
        });
    }

    /// <summary>The body, refused as <c>400 invalid_message</c> when it is longer than <paramref name="limit"/> bytes.</summary>
    private static async Task<byte[]> ReadBoundedAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            throw new EdgeIngestException(ErrorCodes.InvalidMessage, "The body is over " + limit + " bytes.");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit)
            {
                throw new EdgeIngestException(ErrorCodes.InvalidMessage, "The body is over " + limit + " bytes.");
            }
        }

        return buffer.ToArray();
    }
}
