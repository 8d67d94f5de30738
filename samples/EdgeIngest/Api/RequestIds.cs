using System;

namespace EdgeIngest.Api;

/// <summary>
/// The <c>X-Request-ID</c> rule: a client's id is kept only when it is a plain id — 1 to 64 characters from
/// <c>A–Z a–z 0–9 - _ .</c> — so a client cannot put an e-mail address, a token or free text into every log line and
/// span of its request. Anything else is replaced by a generated id, and the original value is never logged.
/// </summary>
public static class RequestIds
{
    /// <summary>The longest id kept.</summary>
    public const int MaxLength = 64;

    /// <summary>The client's id when it is plain, otherwise a new one (32 hex digits).</summary>
    /// <param name="fromClient">The header value, possibly empty.</param>
    public static string Accept(string? fromClient) => IsPlain(fromClient) ? fromClient! : Guid.NewGuid().ToString("N");

    /// <summary>True for 1–64 characters from <c>A–Z a–z 0–9 - _ .</c>.</summary>
    /// <param name="value">The candidate.</param>
    public static bool IsPlain(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }
}
