using System;
using System.Text.RegularExpressions;
using Instrumentation.Text;

namespace Instrumentation.Generators.Logging;

/// <summary>What <see cref="TemplateLiteralScrubber"/> found and replaced in a text.</summary>
[Flags]
internal enum LiteralFindings
{
    None = 0,

    /// <summary>A secret after a secret name (<c>password=…</c>, <c>"token": "…"</c>), a URL's password or HTTP Basic credentials: <c>[REDACTED]</c>.</summary>
    Secret = 1,

    /// <summary>A bearer token (<c>Bearer [REDACTED]</c>) or a JSON Web Token on its own (<c>[REDACTED]</c>).</summary>
    BearerToken = 2,

    /// <summary>An e-mail address: <c>[EMAIL]</c>.</summary>
    Email = 4,

    /// <summary>A US social security number: <c>[SSN]</c>.</summary>
    Ssn = 8,

    /// <summary>A payment card number: <c>[CARD]</c>.</summary>
    Card = 16,
}

/// <summary>
/// The run-time scrubber (<c>TextScrubber.Scrub</c>) at compile time: the same patterns, replacements, secret-name rule and
/// card rule (<see cref="ScrubPatterns"/>, <see cref="SecretNameRule"/>, <see cref="CardNumbers"/>), applied in the same
/// order, so that a message template's literal text is written as a scrubbed hand-written line shows it. The runtime skips
/// a rule its pre-scan proves cannot match, which changes no output; here every rule runs (literals are short, and this
/// runs once per template).
/// </summary>
internal static class TemplateLiteralScrubber
{
    // A safety net, never reached by a template: the patterns scan in linear time (TextScrubberTests).
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    private static readonly Regex CookieHeader = new(ScrubPatterns.CookieHeaderPattern, ScrubPatterns.Options, Timeout);
    private static readonly Regex QuotedSecret = new(ScrubPatterns.QuotedSecretPattern, ScrubPatterns.Options, Timeout);
    private static readonly Regex KeyValueSecret = new(ScrubPatterns.KeyValueSecretPattern, ScrubPatterns.Options, Timeout);
    private static readonly Regex XmlSecret = new(ScrubPatterns.XmlSecretPattern, ScrubPatterns.Options, Timeout);
    private static readonly Regex OptionSecret = new(ScrubPatterns.OptionSecretPattern, ScrubPatterns.Options, Timeout);
    private static readonly Regex Authorization = new(ScrubPatterns.AuthorizationPattern, ScrubPatterns.Options, Timeout);
    private static readonly Regex Bearer = new(ScrubPatterns.BearerPattern, ScrubPatterns.Options, Timeout);
    private static readonly Regex Basic = new(ScrubPatterns.BasicPattern, ScrubPatterns.Options, Timeout);
    private static readonly Regex Jwt = new(ScrubPatterns.JwtPattern, ScrubPatterns.Options, Timeout);
    private static readonly Regex KnownToken = new(ScrubPatterns.KnownTokenPattern, ScrubPatterns.Options, Timeout);
    private static readonly Regex WebhookUrl = new(ScrubPatterns.WebhookUrlPattern, ScrubPatterns.Options, Timeout);
    private static readonly Regex UrlPassword = new(ScrubPatterns.UrlPasswordPattern, ScrubPatterns.Options, Timeout);
    private static readonly Regex Email = new(ScrubPatterns.EmailPattern, ScrubPatterns.Options, Timeout);
    private static readonly Regex Ssn = new(ScrubPatterns.SsnPattern, ScrubPatterns.SsnOptions, Timeout);

    /// <summary>Scrubs <paramref name="text"/> as the run-time scrubber does; says what it replaced.</summary>
    public static (string Text, LiteralFindings Found) Scrub(string text)
    {
        var found = LiteralFindings.None;
        var result = text;
        result = Step(result, CookieHeader.Replace(result, ScrubPatterns.CookieHeaderReplacement), LiteralFindings.Secret, ref found);
        result = Step(result, QuotedSecret.Replace(result, ScrubPatterns.QuotedSecretValue), LiteralFindings.Secret, ref found);
        result = Step(result, KeyValueSecret.Replace(result, static m => ScrubPatterns.KeyValueSecretValue(m, SecretNameRule.IsSecret(m.Groups["name"].Value))), LiteralFindings.Secret, ref found);
        result = Step(result, XmlSecret.Replace(result, static m => ScrubPatterns.XmlSecretValue(m, SecretNameRule.IsSecret(m.Groups["name"].Value))), LiteralFindings.Secret, ref found);
        result = Step(result, OptionSecret.Replace(result, static m => ScrubPatterns.OptionSecretValue(m, SecretNameRule.IsSecret(m.Groups["name"].Value))), LiteralFindings.Secret, ref found);
        result = Step(result, Bearer.Replace(result, ScrubPatterns.BearerReplacement), LiteralFindings.BearerToken, ref found);
        result = Step(result, Basic.Replace(result, ScrubPatterns.BasicReplacement), LiteralFindings.Secret, ref found);
        result = Step(result, Authorization.Replace(result, ScrubPatterns.AuthorizationReplacement), LiteralFindings.Secret, ref found);
        result = Step(result, Jwt.Replace(result, ScrubPatterns.Redacted), LiteralFindings.BearerToken, ref found);
        result = Step(result, KnownToken.Replace(result, ScrubPatterns.Redacted), LiteralFindings.Secret, ref found);
        result = Step(result, WebhookUrl.Replace(result, ScrubPatterns.WebhookUrlReplacement), LiteralFindings.Secret, ref found);
        result = Step(result, UrlPassword.Replace(result, ScrubPatterns.UrlPasswordReplacement), LiteralFindings.Secret, ref found);
        result = Step(result, Email.Replace(result, ScrubPatterns.Email), LiteralFindings.Email, ref found);

        // SSNs first: a dash-written SSN right after a space-grouped card must not become the card's tail.
        result = Step(result, Ssn.Replace(result, ScrubPatterns.Ssn), LiteralFindings.Ssn, ref found);
        result = Step(result, CardNumbers.Replace(result, ScrubPatterns.Card), LiteralFindings.Card, ref found);
        return (result, found);
    }

    /// <summary>
    /// <paramref name="text"/> with only the secret rules applied (secret after a secret name, in an XML element or a command-line option named by one, bearer token, Basic credentials, another Authorization scheme's credentials, JSON Web Token, chat webhook URL, URL password), in the
    /// scrubber's order: what <see cref="PlaceholderContext"/> asks of a placeholder's position.
    /// </summary>
    public static string ScrubSecrets(string text)
    {
        var result = CookieHeader.Replace(text, ScrubPatterns.CookieHeaderReplacement);
        result = QuotedSecret.Replace(result, ScrubPatterns.QuotedSecretValue);
        result = KeyValueSecret.Replace(result, static m => ScrubPatterns.KeyValueSecretValue(m, SecretNameRule.IsSecret(m.Groups["name"].Value)));
        result = XmlSecret.Replace(result, static m => ScrubPatterns.XmlSecretValue(m, SecretNameRule.IsSecret(m.Groups["name"].Value)));
        result = OptionSecret.Replace(result, static m => ScrubPatterns.OptionSecretValue(m, SecretNameRule.IsSecret(m.Groups["name"].Value)));
        result = Bearer.Replace(result, ScrubPatterns.BearerReplacement);
        result = Basic.Replace(result, ScrubPatterns.BasicReplacement);
        result = Authorization.Replace(result, ScrubPatterns.AuthorizationReplacement);
        result = Jwt.Replace(result, ScrubPatterns.Redacted);
        result = KnownToken.Replace(result, ScrubPatterns.Redacted);
        result = WebhookUrl.Replace(result, ScrubPatterns.WebhookUrlReplacement);
        return UrlPassword.Replace(result, ScrubPatterns.UrlPasswordReplacement);
    }

    private static string Step(string before, string after, LiteralFindings finding, ref LiteralFindings found)
    {
        if (!string.Equals(before, after, StringComparison.Ordinal))
        {
            found |= finding;
        }

        return after;
    }
}
