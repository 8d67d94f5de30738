using System;
using System.Text.RegularExpressions;
using Instrumentation.Text;

namespace Instrumentation.Redaction;

/// <summary>
/// Removes personal data and secrets from free text: exception messages, unclassified string arguments of
/// generated log methods, string members of logged objects, and messages of hand-written log calls.
/// <list type="bullet">
/// <item>Secrets after a secret key → <c>[REDACTED]</c>: <c>key=value</c>, <c>key: value</c>,
/// <c>key="quoted value"</c> and JSON/dictionary properties <c>"key": "value"</c> / <c>"key": 12345</c> (also with the
/// quotes escaped, JSON held in a JSON string: <c>{\"key\":\"value\"}</c>), where the
/// key ends with password, passwd, pwd, passphrase, secret, token, api key, private key, credential(s) or a key that is a
/// secret by what it is (secret key, secret access key, account key, shared access key, signing, encryption or master key)
/// (<c>db_password</c>, <c>client_secret</c>, <c>refresh_token</c>, <c>X-Api-Key</c>; see the rule on
/// <see cref="SecretNames"/>). A bare value stops at white space and at <c>, ; &amp; " ' ( ) [ ] { } &lt; &gt;</c>,
/// and a trailing <c>. :</c> is left in place, so <c>(url?token=abc).</c> becomes <c>(url?token=[REDACTED]).</c> (a trailing
/// <c>!</c> or <c>?</c> is taken with the value: a password ends with one often enough).
/// <c>Bearer</c> followed by 16 or more token characters → <c>Bearer [REDACTED]</c>; <c>Basic</c> followed by 8 or more base64
/// characters with a digit, <c>+ / =</c> (HTTP Basic credentials) → <c>Basic [REDACTED]</c>; a JSON Web Token on its own
/// (<c>eyJ….eyJ….…</c>) → <c>[REDACTED]</c>. The password of a URL
/// (<c>postgres://app:s3cret@db/app</c>, <c>amqp://guest:guest@rabbitmq</c>) → <c>postgres://app:[REDACTED]@db/app</c>,
/// the user name and host kept.</item>
/// <item>E-mail addresses → <c>[EMAIL]</c>, also with the <c>@</c> percent-encoded (<c>ada%40example.com</c> in a
/// URL).</item>
/// <item>Payment card numbers → <c>[CARD]</c>: 13–19 digits that pass the Luhn check and are grouped like a
/// card, or bare with a known issuer prefix and length; epoch-millisecond timestamps, order ids and decimals are
/// left alone (the full rule is on <see cref="CardNumbers"/>).</item>
/// <item>US social security numbers <c>ddd-dd-dddd</c> or <c>ddd dd dddd</c> (not area 000, 666 or 9xx, group 00,
/// serial 0000) → <c>[SSN]</c>.</item>
/// </list>
/// Version strings, dates, times, UUIDs, numbers that fail these rules and ordinary words pass unchanged.
/// The scrubber never throws; it returns the same instance when nothing matched, and text that no rule can match
/// (decided by vectorized scans, see <see cref="ScrubTriggers"/>) costs no regular expression and no allocation.
/// </summary>
public static partial class TextScrubber
{
    /// <summary>The replacement of secret values.</summary>
    public const string Redacted = ScrubPatterns.Redacted;

    /// <summary>Scrubs <paramref name="text"/>; returns the same instance when nothing matched.</summary>
    /// <param name="text">Free text.</param>
    public static string Scrub(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        // Most text matches no rule: decide which rules can match with vectorized scans before any regex runs.
        var rules = ScrubTriggers.Of(text);
        return rules == ScrubTriggers.Rules.None ? text : Apply(text, rules);
    }

    /// <summary>
    /// Applies the patterns of <paramref name="rules"/> to <paramref name="text"/>, in the scrubber's order. The patterns,
    /// replacements and card rule are shared with the log-method generator (<see cref="ScrubPatterns"/>,
    /// <see cref="CardNumbers"/>), which scrubs a message template's literal text with them at compile time.
    /// </summary>
    internal static string Apply(string text, ScrubTriggers.Rules rules)
    {
        var result = text;
        if ((rules & ScrubTriggers.Rules.Secrets) != 0)
        {
            result = CookieHeader().Replace(result, ScrubPatterns.CookieHeaderReplacement);
            result = QuotedSecret().Replace(result, static m => ScrubPatterns.QuotedSecretValue(m));
            result = KeyValueSecret().Replace(result, static m => ScrubPatterns.KeyValueSecretValue(m, SecretNames.IsSecret(m.Groups["name"].ValueSpan)));
            result = XmlSecret().Replace(result, static m => ScrubPatterns.XmlSecretValue(m, SecretNames.IsSecret(m.Groups["name"].ValueSpan)));
            result = OptionSecret().Replace(result, static m => ScrubPatterns.OptionSecretValue(m, SecretNames.IsSecret(m.Groups["name"].ValueSpan)));
        }

        if ((rules & ScrubTriggers.Rules.Bearer) != 0)
        {
            result = Bearer().Replace(result, ScrubPatterns.BearerReplacement);
        }

        if ((rules & ScrubTriggers.Rules.Basic) != 0)
        {
            result = Basic().Replace(result, ScrubPatterns.BasicReplacement);
        }

        if ((rules & ScrubTriggers.Rules.Authorization) != 0)
        {
            result = Authorization().Replace(result, ScrubPatterns.AuthorizationReplacement);
        }

        if ((rules & ScrubTriggers.Rules.Jwt) != 0)
        {
            result = Jwt().Replace(result, ScrubPatterns.Redacted);
        }

        if ((rules & ScrubTriggers.Rules.KnownTokens) != 0)
        {
            result = KnownToken().Replace(result, ScrubPatterns.Redacted);
        }

        if ((rules & ScrubTriggers.Rules.WebhookUrl) != 0)
        {
            result = WebhookUrl().Replace(result, ScrubPatterns.WebhookUrlReplacement);
        }

        if ((rules & ScrubTriggers.Rules.Email) != 0)
        {
            // URL passwords need an '@' as addresses do, so the e-mail trigger covers both, and a "://" (one vectorized
            // search, so a sentence with an address pays no second expression); first, so that the host stays.
            if (result.Contains("://", StringComparison.Ordinal))
            {
                result = UrlPassword().Replace(result, ScrubPatterns.UrlPasswordReplacement);
            }

            result = Email().Replace(result, ScrubPatterns.Email);
        }

        if ((rules & ScrubTriggers.Rules.Numbers) != 0)
        {
            // SSNs first: a dash-written SSN right after a space-grouped card must not become the card's tail.
            result = Ssn().Replace(result, ScrubPatterns.Ssn);
            result = CardNumbers.Replace(result, ScrubPatterns.Card);
        }

        return result;
    }

    /// <summary>True when the digits of <paramref name="candidate"/> (13–19 of them) pass the Luhn check.</summary>
    /// <param name="candidate">Digits, possibly with separators (ignored).</param>
    public static bool IsLuhnCard(ReadOnlySpan<char> candidate) => CardNumbers.IsLuhn(candidate);

    // The patterns (and what each matches) are on ScrubPatterns.
    [GeneratedRegex(ScrubPatterns.CookieHeaderPattern, ScrubPatterns.Options)]
    private static partial Regex CookieHeader();

    [GeneratedRegex(ScrubPatterns.QuotedSecretPattern, ScrubPatterns.Options)]
    private static partial Regex QuotedSecret();

    [GeneratedRegex(ScrubPatterns.KeyValueSecretPattern, ScrubPatterns.Options)]
    private static partial Regex KeyValueSecret();

    [GeneratedRegex(ScrubPatterns.XmlSecretPattern, ScrubPatterns.Options)]
    private static partial Regex XmlSecret();

    [GeneratedRegex(ScrubPatterns.OptionSecretPattern, ScrubPatterns.Options)]
    private static partial Regex OptionSecret();

    [GeneratedRegex(ScrubPatterns.AuthorizationPattern, ScrubPatterns.Options)]
    private static partial Regex Authorization();

    [GeneratedRegex(ScrubPatterns.BearerPattern, ScrubPatterns.Options)]
    private static partial Regex Bearer();

    [GeneratedRegex(ScrubPatterns.BasicPattern, ScrubPatterns.Options)]
    private static partial Regex Basic();

    [GeneratedRegex(ScrubPatterns.JwtPattern, ScrubPatterns.Options)]
    private static partial Regex Jwt();

    [GeneratedRegex(ScrubPatterns.KnownTokenPattern, ScrubPatterns.Options)]
    private static partial Regex KnownToken();

    [GeneratedRegex(ScrubPatterns.WebhookUrlPattern, ScrubPatterns.Options)]
    private static partial Regex WebhookUrl();

    [GeneratedRegex(ScrubPatterns.UrlPasswordPattern, ScrubPatterns.Options)]
    private static partial Regex UrlPassword();

    [GeneratedRegex(ScrubPatterns.EmailPattern, ScrubPatterns.Options)]
    private static partial Regex Email();

    [GeneratedRegex(ScrubPatterns.SsnPattern, ScrubPatterns.SsnOptions)]
    private static partial Regex Ssn();
}
