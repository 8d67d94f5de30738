using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using EdgeIngest.Domain;

namespace EdgeIngest.Api;

/// <summary>The timing names a page may report, each with its upper bound.</summary>
public static class FrontendTimingNames
{
    public const string WsConnect = "ws_connect";
    public const string FirstWidgetRender = "first_widget_render";
    public const string SignupToFirstData = "signup_to_first_data";

    /// <summary>The largest value accepted for a timing, in milliseconds (anything longer is a broken clock or a hostile client).</summary>
    public static double MaxMilliseconds(string name) => name == SignupToFirstData ? 3_600_000 : 600_000;

    public static readonly string[] All = { WsConnect, FirstWidgetRender, SignupToFirstData };
}

/// <summary>One timing a page measured.</summary>
public sealed record FrontendTiming(string Page, string Name, double Milliseconds);

/// <summary>
/// Parses <c>POST /api/frontend-timings</c>: <c>{"page":"dashboard","timings":[{"name":"ws_connect","ms":12.5}]}</c>.
/// Closed sets only (page, name), at most <see cref="MaxTimings"/> timings, finite values from 0 to the name's bound:
/// anything else is a <c>400 invalid_message</c> and nothing is recorded.
/// </summary>
public static class FrontendTimingRequest
{
    public const int MaxBodyBytes = 4096;
    public const int MaxTimings = 8;

    public static IReadOnlyList<FrontendTiming> Parse(ReadOnlySpan<byte> body)
    {
        JsonDocument document;
        try
        {
            // A key written twice is refused, as on every REST body and device frame (docs/operations.md).
            document = JsonDocument.Parse(body.ToArray(), new JsonDocumentOptions { MaxDepth = 4, AllowDuplicateProperties = false });
        }
        catch (JsonException exception)
        {
            throw new EdgeIngestException(ErrorCodes.MalformedJson, "The body is not valid JSON: " + exception.Message);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Invalid("The body must be a JSON object {\"page\":…,\"timings\":[…]}.");
            }

            var page = root.TryGetProperty("page", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString()! : null;
            if (page is null || !FrontendTimings.Pages.Contains(page, StringComparer.Ordinal))
            {
                throw Invalid("page must be one of " + string.Join(", ", FrontendTimings.Pages) + ".");
            }

            if (!root.TryGetProperty("timings", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() is 0 or > MaxTimings)
            {
                throw Invalid("timings must be an array of 1 to " + MaxTimings + " {\"name\":…,\"ms\":…} objects.");
            }

            var timings = new List<FrontendTiming>();
            foreach (var item in list.EnumerateArray())
            {
                timings.Add(ParseTiming(page, item));
            }

            return timings;
        }
    }

    private static FrontendTiming ParseTiming(string page, JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object
            || !item.TryGetProperty("name", out var n) || n.ValueKind != JsonValueKind.String
            || !item.TryGetProperty("ms", out var v) || v.ValueKind != JsonValueKind.Number)
        {
            throw Invalid("Each timing is {\"name\":string,\"ms\":number}.");
        }

        var name = n.GetString()!;
        if (!FrontendTimingNames.All.Contains(name, StringComparer.Ordinal))
        {
            throw Invalid("name must be one of " + string.Join(", ", FrontendTimingNames.All) + ".");
        }

        var max = FrontendTimingNames.MaxMilliseconds(name);
        if (!v.TryGetDouble(out var ms) || !double.IsFinite(ms) || ms < 0 || ms > max)
        {
            throw Invalid(name + " must be a number of milliseconds from 0 to " + max.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".");
        }

        return new FrontendTiming(page, name, ms);
    }

    private static EdgeIngestException Invalid(string message) => new(ErrorCodes.InvalidMessage, message);
}
