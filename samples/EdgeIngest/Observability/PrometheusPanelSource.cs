using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Instrumentation.Observability;

namespace EdgeIngest.Observability;

/// <summary>
/// <c>--prometheus-url</c>: each panel query runs on a real Prometheus through <c>/api/v1/query_range</c> over the
/// same range and step the in-process view uses. An error of Prometheus (or no answer) becomes the panel's reason.
/// </summary>
public sealed class PrometheusPanelSource : IDisposable
{
    private readonly HttpClient _http;

    public PrometheusPanelSource(Uri baseUrl)
    {
        var root = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
        _http = new HttpClient { BaseAddress = root, Timeout = TimeSpan.FromSeconds(10) };
    }

    public Uri BaseUrl => _http.BaseAddress!;

    public async Task<IReadOnlyList<PanelResult>> EvaluateAsync(ObservabilityPlan plan, DateTimeOffset end, TimeSpan range, TimeSpan step, CancellationToken cancellationToken)
    {
        var results = new List<PanelResult>();
        foreach (var panel in plan.Panels)
        {
            results.Add(await EvaluateAsync(panel, end, range, step, cancellationToken));
        }

        return results;
    }

    private async Task<PanelResult> EvaluateAsync(DashboardPanel panel, DateTimeOffset end, TimeSpan range, TimeSpan step, CancellationToken cancellationToken)
    {
        var series = new List<PanelSeries>();
        foreach (var query in panel.Queries)
        {
            var url = "api/v1/query_range?query=" + Uri.EscapeDataString(query.Expression.Text)
                + "&start=" + Seconds(end - range) + "&end=" + Seconds(end)
                + "&step=" + step.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
            JsonDocument document;
            try
            {
                using var response = await _http.GetAsync(url, cancellationToken);
                document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException or JsonException && !cancellationToken.IsCancellationRequested)
            {
                return new PanelResult(panel, PanelStatus.Unsupported, "Prometheus at " + BaseUrl + " did not answer: " + error.Message, Array.Empty<PanelSeries>());
            }

            using (document)
            {
                var root = document.RootElement;
                if (root.GetProperty("status").GetString() != "success")
                {
                    var message = root.TryGetProperty("error", out var e) ? e.GetString() : "status " + root.GetProperty("status").GetString();
                    return new PanelResult(panel, PanelStatus.Unsupported, "Prometheus refused '" + query.Expression.Text + "': " + message, Array.Empty<PanelSeries>());
                }

                foreach (var item in root.GetProperty("data").GetProperty("result").EnumerateArray())
                {
                    var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
                    foreach (var label in item.GetProperty("metric").EnumerateObject())
                    {
                        if (label.Name != "__name__")
                        {
                            labels[label.Name] = label.Value.GetString() ?? string.Empty;
                        }
                    }

                    var points = new List<PanelPoint>();
                    foreach (var value in item.GetProperty("values").EnumerateArray())
                    {
                        var number = double.Parse(value[1].GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture);
                        if (double.IsFinite(number))
                        {
                            points.Add(new PanelPoint(value[0].GetDouble(), number));
                        }
                    }

                    if (points.Count > 0)
                    {
                        var dictionary = new Dictionary<string, string>(labels, StringComparer.Ordinal);
                        series.Add(new PanelSeries(PanelSeries.RenderLegend(query.Legend, dictionary), dictionary, points));
                    }
                }
            }
        }

        return series.Count == 0
            ? new PanelResult(panel, PanelStatus.NoData, "Prometheus at " + BaseUrl + " has no samples for this panel in the last " + range.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture) + " min.", Array.Empty<PanelSeries>())
            : new PanelResult(panel, PanelStatus.Ok, null, series);
    }

    private static string Seconds(DateTimeOffset time) => (time.ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);

    public void Dispose() => _http.Dispose();
}
