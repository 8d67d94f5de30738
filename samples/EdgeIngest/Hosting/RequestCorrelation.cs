using System;
using System.Threading.Tasks;
using Instrumentation;

namespace EdgeIngest.Hosting;

/// <summary>
/// Every HTTP request is an operation: a span, <c>request_duration_ms{path,method}</c> and the
/// <c>request_id</c> on every log line written while it runs — all from the attribute.
/// </summary>
public sealed class RequestCorrelation
{
    [Operation("http.request", DurationMetric = "", CallsMetric = "http_requests_total", FailuresMetric = "http_request_failures_total")]
    public Task HandleAsync(
        [SpanAttribute("request_id"), LogField("request_id")] string requestId,
        [MetricLabel("method"), BoundedValues("GET", "POST", "PUT", "PATCH", "DELETE")] string method,
        [MetricLabel("path"), SpanAttribute("http.route"), BoundedValues(
            "/api/orgs", "/api/orgs/{orgId}/projects", "/api/projects/{projectId}/devices", "/api/devices/{deviceUuid}",
            "/api/projects/{projectId}/dashboards", "/api/dashboards/{dashboardId}/widgets", "/api/projects/{projectId}/flows", "/api/projects/{projectId}/alerts",
            "/api/projects/{projectId}/messages/count", "/api/dashboards/{dashboardId}/view", "/api/frontend-timings", "/api/observability/panels",
            "/health", "/live", "/ready", "/metrics", "/ws/ingest", "/ws/dashboard", "/", "/dashboard", "/observability", "/assets/{name}")] string route,
        Func<Task> next)
    {
        return next();
    }

    /// <summary>
    /// Records the response once it is known: <c>request_duration_ms{path,method,status}</c> measured from the
    /// request's start (<see cref="LatencyStartAttribute"/>), and an <c>http.response</c> span with the status.
    /// </summary>
    /// <remarks>
    /// The body is empty on purpose. This is the SDK's pattern for a label that only exists once the work is
    /// done (here the status code): the attributes read labels from arguments when the call starts, so the
    /// status cannot be an argument of <see cref="HandleAsync"/>. A second operation, called when the value is
    /// known and measured from the first one's start with <c>[LatencyStart]</c>, records it — still no
    /// hand-written instrument in the code.
    /// </remarks>
    [Operation("http.response", DurationMetric = "request_duration_ms", CallsMetric = "http_responses_total", FailuresMetric = "")]
    public void RecordResponse(
        [LatencyStart] long startedAt,
        [MetricLabel("method"), BoundedValues("GET", "POST", "PUT", "PATCH", "DELETE")] string method,
        [MetricLabel("path"), BoundedValues(
            "/api/orgs", "/api/orgs/{orgId}/projects", "/api/projects/{projectId}/devices", "/api/devices/{deviceUuid}",
            "/api/projects/{projectId}/dashboards", "/api/dashboards/{dashboardId}/widgets", "/api/projects/{projectId}/flows", "/api/projects/{projectId}/alerts",
            "/api/projects/{projectId}/messages/count", "/api/dashboards/{dashboardId}/view", "/api/frontend-timings", "/api/observability/panels",
            "/health", "/live", "/ready", "/metrics", "/ws/ingest", "/ws/dashboard", "/", "/dashboard", "/observability", "/assets/{name}")] string route,
        [MetricLabel("status"), SpanAttribute("http.status_code"), BoundedValues("200", "201", "202", "204", "400", "401", "403", "404", "409", "429", "500", "503")] string status)
    {
    }
}
