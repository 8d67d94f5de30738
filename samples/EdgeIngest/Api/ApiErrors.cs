using System;
using System.Data.Common;
using System.Threading.Tasks;
using EdgeIngest.Domain;
using EdgeIngest.Logging;
using EdgeIngest.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EdgeIngest.Api;

/// <summary>
/// The answer to a REST request that failed in an unexpected way: always the documented JSON
/// <c>{code, message, request_id}</c>, never an empty 500. A store failure is <c>503 store_unavailable</c>
/// (counted in <c>store_errors_total{activity="rest"}</c>); anything else is <c>500 internal_error</c>.
/// </summary>
internal static class ApiErrors
{
    private static readonly LogBudget Failures = LogBudget.ForErrors();

    /// <summary>
    /// A JSON reader's or serializer's refusal in the app's words: what is wrong and where (<c>$.name</c>), without the
    /// serializer's names of the app's own types ("could not be converted to EdgeIngest.Api.ApiEndpoints+OrgRequest", which
    /// a stranger's probe saw) or its line and byte positions.
    /// </summary>
    public static string JsonReason(System.Text.Json.JsonException json)
    {
        var text = json.Message;
        var cut = text.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut >= 0)
        {
            text = text[..cut];
        }

        text = System.Text.RegularExpressions.Regex.Replace(text, @"could not be converted to [^ ]+?\.$", "has the wrong type (a string, number, object or array where another is expected).");
        text = System.Text.RegularExpressions.Regex.Replace(text, @" (of|for) type '[^']*'", string.Empty);
        return json.Path is { Length: > 0 } path ? text + " (at " + path + ")" : text;
    }

    public static async Task WriteUnexpectedAsync(HttpContext context, Exception error, EdgeStore store, ILogger logger, string requestId)
    {
        var refusal = error is DbException db ? store.Unavailable(db, StoreActivity.Rest) : null;
        var code = refusal?.ErrorCode ?? ErrorCodes.InternalError;
        context.Response.StatusCode = refusal is null ? StatusCodes.Status500InternalServerError : ErrorCodes.HttpStatus(code);
        if (refusal is null)
        {
            if (Failures.TryTake(out var suppressed))
            {
                EdgeLog.RequestFailed(logger, suppressed, error);
            }
        }
        else
        {
            EdgeLog.RequestRefused(logger, context.Response.StatusCode, code);
        }

        var message = refusal?.Message ?? "The request failed on the server; nothing is known to have changed. Retry, and report the request id if it persists.";
        await context.Response.WriteAsJsonAsync(new { code, message, request_id = requestId });
    }

    /// <summary>The message of a refusal the framework made before an endpoint ran (its own answer has no body).</summary>
    public static string FrameworkRefusal(HttpContext context, string code)
    {
        if (code == ErrorCodes.BodyTooLarge)
        {
            // Kestrel refuses a body over its request size limit (a Content-Length over it at once, a chunked body when
            // the limit is crossed); the limit is the server's, so the message names it.
            var limit = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
            return limit is { } bytes
                ? "The request body is larger than the limit of " + bytes.ToString(System.Globalization.CultureInfo.InvariantCulture) + " bytes."
                : "The request body is larger than the server accepts.";
        }

        return "The request was refused with HTTP " + context.Response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".";
    }
}
