namespace EdgeIngest.Demo;

/// <summary>
/// The demo's overheat flow as the flows API takes it: drop implausible readings, alert above 34.5 °C, convert to
/// Fahrenheit. Shared by the demo driver and the load generator (linked into EdgeIngest.LoadGen), so the load runs the
/// flow a user's project has.
/// </summary>
internal static class OverheatFlow
{
    /// <summary>The request body of <c>POST /api/projects/{projectId}/flows</c>.</summary>
    public static object Request(string name) => new
    {
        name,
        template = "threshold_alert",
        sensor = "temperature",
        nodes = new object[]
        {
            new { id = "plausible", type = "filter", min = -40.0, max = 125.0 },
            new { id = "hot", type = "threshold", max = 34.5 },
            new { id = "to_fahrenheit", type = "transform", scale = 1.8, offset = 32.0 },
            new { id = "page", type = "alert", severity = "warning", message = "temperature above 34.5 C" },
        },
        edges = new object[]
        {
            new { from = "plausible", to = "hot" },
            new { from = "plausible", to = "to_fahrenheit" },
            new { from = "hot", to = "page" },
        },
    };
}
