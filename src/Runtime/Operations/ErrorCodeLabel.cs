using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using Instrumentation.Redaction;

namespace Instrumentation.Operations;

/// <summary>
/// Keeps an exception's <see cref="IHasErrorCode.ErrorCode"/> fit for a metric label. A code is meant to be a stable
/// identifier (<c>device_revoked</c>), but nothing stops an exception from building it from its input: a security review
/// put <c>ghp_…</c> tokens and <c>password=…</c> into <c>flow_failures_total{reason=…}</c> from a query string, in clear
/// and one new series per request. A code becomes the label only when it looks like a code — at most
/// <see cref="MaxLength"/> ASCII letters, digits and <c>_ - . : /</c> — and the scrubber finds nothing in it (otherwise
/// the exception's type name, as for an exception without a code); and only the first <see cref="MaxDistinct"/>
/// different codes of the process do (later ones are <c>other</c>), so a code taken from input cannot grow the series
/// without bound — besides the codes operations declare as their failure reasons (<see cref="Declare"/>), which always do.
/// </summary>
internal sealed class ErrorCodeLabel
{
    /// <summary>The longest code kept as a label value.</summary>
    public const int MaxLength = 64;

    /// <summary>How many different codes the process writes as label values; later new ones are <see cref="Other"/>.</summary>
    public const int MaxDistinct = 200;

    /// <summary>The label value of a code beyond <see cref="MaxDistinct"/>.</summary>
    public const string Other = "other";

    private readonly ConcurrentDictionary<string, bool> _admitted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _declared = new(StringComparer.Ordinal);
    private readonly int _maxDistinct;

    /// <summary>A label that writes at most <paramref name="maxDistinct"/> different codes.</summary>
    internal ErrorCodeLabel(int maxDistinct) => _maxDistinct = maxDistinct;

    /// <summary>The process's label values (every operation's failure reason).</summary>
    public static ErrorCodeLabel Process { get; } = new(MaxDistinct);

    /// <summary>
    /// Declares codes an operation lists as its failure reasons (<c>FailureReasons</c>): they are always their own label
    /// value and do not count against <see cref="MaxDistinct"/> (a newcomer's trial: after 200 other codes a declared
    /// reason became <c>other</c>, and its alert, watching the series published at 0, never fired). The metric catalog
    /// declares them when it describes an assembly's metrics.
    /// </summary>
    /// <param name="codes">The declared codes.</param>
    public void Declare(IEnumerable<string> codes)
    {
        foreach (var code in codes)
        {
            if (LooksLikeCode(code))
            {
                _declared.TryAdd(code, true);
            }
        }
    }

    /// <summary>Whether <paramref name="code"/> was declared (<see cref="Declare"/>).</summary>
    internal bool IsDeclared(string code) => _declared.ContainsKey(code);

    /// <summary>The label value of <paramref name="code"/>: itself, <paramref name="notACode"/> or <see cref="Other"/>.</summary>
    public string Of(string code, string notACode)
    {
        if (_admitted.ContainsKey(code) || _declared.ContainsKey(code))
        {
            return code;
        }

        if (!LooksLikeCode(code))
        {
            return notACode;
        }

        // Two threads may both pass the count at the limit: a code or two more, never an unbounded number.
        if (_admitted.Count >= _maxDistinct)
        {
            return Other;
        }

        _admitted.TryAdd(code, true);
        return code;
    }

    /// <summary>Whether <paramref name="code"/> is an identifier-like code the scrubber leaves as it is.</summary>
    internal static bool LooksLikeCode(string code)
    {
        if (code.Length is 0 or > MaxLength)
        {
            return false;
        }

        foreach (var c in code)
        {
            if (!(c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '-' or '.' or ':' or '/'))
            {
                return false;
            }
        }

        return string.Equals(TextScrubber.Scrub(code), code, StringComparison.Ordinal);
    }
}
