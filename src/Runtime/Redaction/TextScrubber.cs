using System;
using System.Text.RegularExpressions;

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
/// and a trailing <c>. ! ? :</c> is left in place, so <c>(url?token=abc).</c> becomes <c>(url?token=[REDACTED]).</c>.
/// <c>Bearer</c> followed by 16 or more token characters → <c>Bearer [REDACTED]</c>.</item>
/// <item>E-mail addresses → <c>[EMAIL]</c>, also with the <c>@</c> percent-encoded (<c>ada%40example.com</c> in a
/// URL).</item>
/// <item>Payment card numbers → <c>[CARD]</c>: 13–19 digits that pass the Luhn check and are grouped like a
/// card, or bare with a known issuer prefix and length; epoch-millisecond timestamps, order ids and decimals are
/// left alone (the full rule is on <c>CardNumbers</c>).</item>
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
    public const string Redacted = "[REDACTED]";

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

    /// <summary>Applies the patterns of <paramref name="rules"/> to <paramref name="text"/>, in the scrubber's order.</summary>
    internal static string Apply(string text, ScrubTriggers.Rules rules)
    {
        var result = text;
        if ((rules & ScrubTriggers.Rules.Secrets) != 0)
        {
            // A number or flag becomes a quoted string, quoted as the key is when its quotes are escaped ({\"pin\": \"[REDACTED]\"}).
            result = QuotedSecret().Replace(result, static m => m.Groups["key"].Value + (m.Groups["q"].Success
                ? m.Groups["q"].Value + Redacted + m.Groups["q"].Value
                : m.Groups["kq"].Length == 2 ? m.Groups["kq"].Value + Redacted + m.Groups["kq"].Value : "\"" + Redacted + "\""));
            result = KeyValueSecret().Replace(result, static m => SecretNames.IsSecret(m.Groups["name"].ValueSpan)
                ? m.Groups["key"].Value + (m.Groups["q"].Success ? m.Groups["q"].Value + Redacted + m.Groups["q"].Value : Redacted)
                : m.Value);
        }

        if ((rules & ScrubTriggers.Rules.Bearer) != 0)
        {
            result = Bearer().Replace(result, "${key}" + Redacted);
        }

        if ((rules & ScrubTriggers.Rules.Email) != 0)
        {
            result = Email().Replace(result, "[EMAIL]");
        }

        if ((rules & ScrubTriggers.Rules.Numbers) != 0)
        {
            // SSNs first: a dash-written SSN right after a space-grouped card must not become the card's tail.
            result = Ssn().Replace(result, "[SSN]");
            result = CardNumbers.Replace(result, "[CARD]");
        }

        return result;
    }

    /// <summary>True when the digits of <paramref name="candidate"/> (13–19 of them) pass the Luhn check.</summary>
    /// <param name="candidate">Digits, possibly with separators (ignored).</param>
    public static bool IsLuhnCard(ReadOnlySpan<char> candidate)
    {
        Span<int> digits = stackalloc int[19];
        var count = 0;
        foreach (var c in candidate)
        {
            if (c is >= '0' and <= '9')
            {
                if (count == 19)
                {
                    return false;
                }

                digits[count++] = c - '0';
            }
        }

        if (count < 13)
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < count; i++)
        {
            var digit = digits[count - 1 - i];
            if (i % 2 == 1)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }

            sum += digit;
        }

        return sum % 10 == 0;
    }

    // "db_password": "x" / 'client_secret': 12345 (JSON and dictionary renderings), also JSON held in a JSON string, its
    // quotes escaped: {\"password\":\"x\"} (a response body in an exception message or a logged field).
    [GeneratedRegex(
        """(?<key>(?<kq>\\?["'])[A-Za-z0-9_.\-]{0,128}?(?:password|passwd|pwd|passphrase|secret|token|api[_\-]?key|private[_\-]?key|(?:secret(?:[_\-]?access)?|account|shared[_\-]?access|signing|encryption|master)[_\-]?key|credentials?)\k<kq>\s*:\s*)(?:(?<q>\\?["'])(?:(?!\k<q>)(?:[^\\]|\\.))*\k<q>|-?\d[\d.eE+\-]*|true|false)""",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QuotedSecret();

    // db_password=x, clientSecret: x, token="a b", token=(x) — the name rule is checked by SecretNames. Values in
    // brackets are taken whole; an unclosed quote or bracket still starts a value (nothing is left in clear).
    [GeneratedRegex(
        """(?<key>(?<![A-Za-z0-9_.\-])(?<name>[A-Za-z0-9_.\-]{0,128}?(?:password|passwd|pwd|passphrase|secret|token|api[_\-]?key|private[_\-]?key|(?:secret(?:[_\-]?access)?|account|shared[_\-]?access|signing|encryption|master)[_\-]?key|credentials?))\s*[=:]\s*)(?!\[REDACTED\])(?:(?<q>["'])(?:(?!\k<q>).)*\k<q>|["'][^\s,;&"']+|\([^\s()]*\)|\[[^\s\[\]]*\]|\{[^\s{}]*\}|<[^\s<>]*>|[(\[{<]?[^\s,;&"'()\[\]{}<>]*[^\s,;&"'()\[\]{}<>.!?:])""",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KeyValueSecret();

    [GeneratedRegex("""(?<key>(?<![A-Za-z0-9])bearer\s+)(?!\[REDACTED\])[A-Za-z0-9\-._~+/]{16,}=*""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Bearer();

    // A match starts only where a local part starts, so a long run of name characters is scanned once (linear time).
    // '@' also percent-encoded ('%40'): an address in a URL path or query that a library logs (HttpClient's
    // "Start processing HTTP request GET http://host/users/ada%40example.com"). Letters, marks and digits of any script
    // (RFC 6531 local parts, IDN domains: "josé@example.com", "ada@münchen.de") and invisible format characters
    // (zero-width space and joiners, soft hyphen, bidi marks: \p{Cf}) are part of an address, so neither ends it early.
    // Scripts written without spaces (Chinese, Japanese, Korean particles, Thai, Lao, Khmer, Myanmar: EmailUnspaced) are
    // kept apart: a local part, and a top-level domain, is either all of them or none of them, so the text around an
    // address in a CJK sentence ("登录失败用户ada@example.com不存在") stays (a review: the whole sentence became [EMAIL]),
    // while an address written in those scripts ("田中@例え.テスト") is still replaced whole.
    [GeneratedRegex(
        @"(?:(?<![" + EmailName + "-[" + EmailUnspaced + "]])[" + EmailName + "-[" + EmailUnspaced + "]]+|(?<![" + EmailUnspaced + "])[" + EmailUnspaced + "]+)"
        + @"(?:@|%40)[\p{L}\p{M}\p{N}\p{Cf}.\-]+\.(?:[\p{L}\p{M}\p{Cf}-[" + EmailUnspaced + "]]{2,}|[" + EmailUnspaced + "]{2,})",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Email();

    /// <summary>The characters of an e-mail local part (a regex character class body).</summary>
    private const string EmailName = @"\p{L}\p{M}\p{N}\p{Cf}._%+\-";

    /// <summary>Unicode blocks of scripts written without spaces between words (a regex character class body).</summary>
    private const string EmailUnspaced = @"\p{IsCJKUnifiedIdeographs}\p{IsCJKUnifiedIdeographsExtensionA}\p{IsCJKCompatibilityIdeographs}"
        + @"\p{IsHiragana}\p{IsKatakana}\p{IsKatakanaPhoneticExtensions}\p{IsHangulSyllables}\p{IsHangulJamo}\p{IsHangulCompatibilityJamo}"
        + @"\p{IsThai}\p{IsLao}\p{IsKhmer}\p{IsMyanmar}";

    // ddd-dd-dddd or ddd dd dddd, not part of a longer run written with the same separator.
    [GeneratedRegex(
        @"(?<!\d)(?<!\d-)(?!000|666|9)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?!\d)(?!-\d)|(?<!\d)(?<!\d )(?!000|666|9)\d{3} (?!00)\d{2} (?!0000)\d{4}(?!\d)(?! \d)",
        RegexOptions.CultureInvariant)]
    private static partial Regex Ssn();
}
