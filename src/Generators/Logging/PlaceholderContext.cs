using System;
using System.Collections.Generic;
using System.Globalization;
using Instrumentation.Text;

namespace Instrumentation.Generators.Logging;

/// <summary>What the literal text around one placeholder makes of its value (INS0106, INS0107).</summary>
/// <param name="SecretByPosition">
/// The text before it ends with a secret name and a separator (<c>password=</c>, <c>"token":"</c>,
/// <c>Bearer </c>): the run-time scrubber would redact a value there in a hand-written line.
/// </param>
/// <param name="Glued">
/// The value is written against the text (or another value) so that together they can make what the scrubber replaces
/// (<c>{user}@example.org</c>, <c>4111 1111 1111 {last}</c>, <c>{key}={value}</c>).
/// </param>
/// <param name="Before">The literal text right before the placeholder (empty when none).</param>
/// <param name="After">The literal text right after the placeholder (empty when none).</param>
internal sealed record PlaceholderFinding(bool SecretByPosition, bool Glued, string Before, string After);

/// <summary>
/// Decides, at compile time and from the run-time scrubber's own rules (<see cref="TemplateLiteralScrubber"/>,
/// <see cref="SecretNameRule"/>), which placeholders of a template are secrets by position and which are glued to their
/// literal text. A secret position is found by writing a probe value into the placeholder's place: when the scrubber's
/// secret rules redact the probe, a hand-written line would have its value redacted there. Only free values (unclassified
/// text, run-time rendered values) can be glued: a classified value is already replaced whole.
/// </summary>
internal static class PlaceholderContext
{
    // A value the secret rules take whole wherever one is redacted: token characters only, longer than a bearer
    // token's minimum, and no secret name, address or number.
    private const string Probe = "Zq7Xv9Kp2Wm4Rt8Ny6Lb";

    /// <summary>The finding of each part (null for literal parts, and for placeholders with nothing found).</summary>
    /// <param name="parts">The template's parts, literal text already scrubbed (INS0105).</param>
    /// <param name="isFree">Whether the value of a placeholder is free text (neither classified, secret-named nor a scalar).</param>
    public static PlaceholderFinding?[] Of(IReadOnlyList<TemplatePart> parts, Func<TemplatePart, bool> isFree)
    {
        var secret = new bool[parts.Count];
        var glued = new bool[parts.Count];
        for (var i = 0; i < parts.Count; i++)
        {
            if (!parts[i].IsPlaceholder)
            {
                continue;
            }

            var before = LiteralAt(parts, i - 1);
            var after = LiteralAt(parts, i + 1);
            if (i > 0 && parts[i - 1].IsPlaceholder)
            {
                // {a}{b}: b continues a's value (a secret one, or one that joins with b).
                secret[i] = secret[i - 1];
                glued[i] = !secret[i];
                glued[i - 1] |= !secret[i - 1] && isFree(parts[i - 1]);
                continue;
            }

            if (before.Length > 0 && Redacted(before, after))
            {
                secret[i] = true;
                continue;
            }

            // {key}={value}, "{key}": "{value}": a key that is itself a value makes the next value a secret when it is a
            // secret name; the line is then scrubbed whole.
            // Both must be free text: "{host}:{port}" with a number for a port stays as it is.
            if (i >= 2 && parts[i - 2].IsPlaceholder && isFree(parts[i - 2]) && isFree(parts[i])
                && Redacted(LiteralAt(parts, i - 3) + SecretNameRule.Suffixes[0] + before, after))
            {
                glued[i] = true;
                glued[i - 2] = true;
                continue;
            }

            glued[i] |= Touches(before, after);
        }

        var findings = new PlaceholderFinding?[parts.Count];
        for (var i = 0; i < parts.Count; i++)
        {
            var isGlued = glued[i] && !secret[i] && parts[i].IsPlaceholder && isFree(parts[i]);
            if (secret[i] || isGlued)
            {
                findings[i] = new PlaceholderFinding(secret[i], isGlued, LiteralAt(parts, i - 1), LiteralAt(parts, i + 1));
            }
        }

        return findings;
    }

    private static string LiteralAt(IReadOnlyList<TemplatePart> parts, int i) =>
        i >= 0 && i < parts.Count && !parts[i].IsPlaceholder ? parts[i].Text : string.Empty;

    /// <summary>Whether the scrubber's secret rules redact a value written between <paramref name="before"/> and <paramref name="after"/>.</summary>
    private static bool Redacted(string before, string after) =>
        TemplateLiteralScrubber.ScrubSecrets(before + Probe + after).IndexOf(Probe, StringComparison.Ordinal) < 0
        || TemplateLiteralScrubber.ScrubSecrets(before + Probe).IndexOf(Probe, StringComparison.Ordinal) < 0;

    /// <summary>
    /// Whether the text touching the placeholder can continue a match across its edge: a character an e-mail address holds
    /// (letters, marks, digits, format characters, <c>. _ % + - @</c>; a card's or an SSN's digits and dashes among them),
    /// or a digit group one space away (<c>4111 1111 1111 {last}</c>, the grouping of a card or an SSN).
    /// </summary>
    private static bool Touches(string before, string after) =>
        (before.Length > 0 && Joins(before[before.Length - 1]))
        || (after.Length > 0 && Joins(after[0]))
        || (before.Length > 1 && before[before.Length - 1] == ' ' && char.IsDigit(before[before.Length - 2]))
        || (after.Length > 1 && after[0] == ' ' && char.IsDigit(after[1]));

    private static bool Joins(char c) =>
        char.IsLetterOrDigit(c) || "._%+-@".IndexOf(c) >= 0 || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark
            or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format;
}
