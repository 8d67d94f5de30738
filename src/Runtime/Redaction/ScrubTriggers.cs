using System;
using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;

namespace Instrumentation.Redaction;

/// <summary>
/// Decides, before any regular expression runs, which of <see cref="TextScrubber"/>'s rules can possibly match a
/// text, so that a clean string costs a few vectorized scans and allocates nothing. Each check is a necessary
/// condition of its rule (never narrower), so skipping a rule it rejects changes no output:
/// <list type="bullet">
/// <item>any rule: at least 5 characters (the shortest match of any rule is a secret like <c>pwd=x</c>);</item>
/// <item>secrets: some <c>=</c> or <c>:</c> has, before it (white space and one quote skipped), a name that
/// <see cref="SecretNames.IsSecret"/> accepts — both secret patterns need a secret name right there, and the
/// key=value one is only applied when that rule accepts the name; or some <c>&gt;</c> has such a name before it (the
/// closing tag an XML element's pattern needs, <c>&lt;/Password&gt;</c>); or a <c>--</c> is followed by such a name and
/// white space (a command-line option, <c>--password x</c>);</item>
/// <item>another <c>Authorization</c> scheme's credentials: a name ending with <c>authorization</c> before one of those separators (the pattern needs the header's name and its <c>:</c> or <c>=</c>);</item>
/// <item>bearer tokens: at least 15 characters (<c>bearer</c>, a space and 8 token characters) and the word
/// <c>bearer</c> in any case (the pattern starts with it);</item>
/// <item>credentials known by their prefix (<see cref="Instrumentation.Text.ScrubPatterns.KnownTokenPattern"/>): at least 15 characters and
/// one of the prefixes, in its case (the dashed ones, <c>sk-proj-</c>, <c>glpat-</c>…, where the digit count saw a <c>k</c> or <c>t</c> before a dash);</item>
/// <item>e-mail addresses and URL passwords (<c>scheme://user:password@host</c>): an <c>@</c>;</item>
/// <item>chat webhooks' URLs (<see cref="Instrumentation.Text.ScrubPatterns.WebhookUrlPattern"/>): a <c>://</c> followed by one of their hosts;</item>
/// <item>SSNs and card numbers: an ASCII digit, and a run of at least 9 digits (any decimal digit) written with
/// at most one space or dash between digits — an SSN has 9 digits, a card 13 to 19, both in such a run. The run of
/// ASCII digits is only looked for when the text holds 9 of them (counted 8 characters at a time).</item>
/// </list>
/// Each rule has its own scan: the characters the secret and e-mail rules start from (<c>= : @</c>) are rare in ids
/// and prose, so one vectorized search usually settles both; one search over all trigger characters stopped at every
/// digit run and every <c>b</c> and paid a search call each time (benchmarks/RESULTS.md, "Free-text scrubbing").
/// A text of 5 to 8 characters (a short id, the usual unclassified log argument) is read in one plain loop instead.
/// </summary>
internal static class ScrubTriggers
{
    /// <summary>The digits of the shortest pattern made of digits (an SSN).</summary>
    private const int ShortestDigitPattern = 9;

    /// <summary>The length of the shortest text any rule matches: a secret name, <c>=</c> and one character (<c>pwd=x</c>).</summary>
    private const int ShortestMatch = 5;

    /// <summary>The length of the shortest bearer token the pattern matches: <c>bearer</c>, white space, 8 token characters.</summary>
    private const int ShortestBearer = 15;

    /// <summary>The length of the shortest Basic credentials the pattern matches: <c>basic</c>, white space, 8 characters.</summary>
    private const int ShortestBasic = 14;

    /// <summary>The length of the shortest JSON Web Token the pattern matches: <c>eyJ</c> and 4 characters, twice, and two dots.</summary>
    private const int ShortestJwt = 16;

    // SearchValues and Ascii.IsValid rather than IndexOfAnyInRange / ContainsAnyExceptInRange: those two allocate on
    // every call until the JIT has optimized their caller (96 B each, measured on .NET 10 with tiered compilation).
    private static readonly SearchValues<char> SecretOrEmailStart = SearchValues.Create("=:@%>");

    /// <summary>
    /// The prefixes of <see cref="Instrumentation.Text.ScrubPatterns.KnownTokenPattern"/>'s credentials (AWS, GitHub, Slack,
    /// Stripe, Google, npm, PEM and PGP private keys, Hugging Face, Shopify, DigitalOcean, SendGrid, PyPI, Postman, age,
    /// Atlassian, Microsoft Entra client secrets' <c>Q~</c>), in their case: the pattern is case-sensitive, as the issuers write them.
    /// </summary>
    private static readonly string[] KnownTokenPrefixes =
    {
        "AKIA", "ASIA", "AIza", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "xoxa-", "xoxb-", "xoxo-", "xoxp-", "xoxr-", "xoxs-",
        "sk_live_", "sk_test_", "rk_live_", "rk_test_", "npm_", "-----BEGIN", "xapp-", "hf_",
        "whsec_", "shpat_", "shpss_", "shpca_", "shppa_", "dop_v1_", "doo_v1_", "dor_v1_",
        "SG.", "pypi-AgEIcHlwaS5vcmc", "pypi-AgENdGVzdC5weXBpLm9yZw", "PMAK-", "AGE-SECRET-KEY-1", "ATATT3", "Q~", "GR1348941",
    };

    /// <summary>
    /// The prefixes of <see cref="Instrumentation.Text.ScrubPatterns.KnownTokenPattern"/>'s credentials that hold none of
    /// <see cref="KnownTokenChars"/> (OpenAI, Anthropic, GitLab). The dash they hold is in every GUID and date, so it is no
    /// stop of the prefix scan: the digit count's vector loop notes a dash after the letter before each one's first dash
    /// (<c>k-</c>, <c>t-</c>; <see cref="DashedTokenAnchors"/>), and only then are the prefixes compared. As words of the
    /// credential words' multi-string search they cost a clean sentence's scrub 10–13 ns (benchmarks/RESULTS.md,
    /// "Authorization schemes, XML elements…").
    /// </summary>
    private static readonly string[] DashedTokenPrefixes =
    {
        "sk-proj-", "sk-ant-", "sk-svcacct-", "sk-admin-",
        "glpat-", "glptt-", "gldt-", "glrt-", "glcbt-", "glft-", "glimt-", "glagent-", "glsoat-", "glffct-", "glwt-",
    };

    /// <summary>
    /// <see cref="DashedTokenPrefixes"/> grouped by the letter before their first dash, the dash's offset in the prefix and
    /// the prefix's first character: the vector loop looks for these letters before a dash, and
    /// <see cref="HasDashedTokenPrefix"/> compares a group's prefixes only where its first character stands that far
    /// before the dash — one character test per group at a <c>t-</c> (four groups of GitLab prefixes; one per prefix cost a
    /// text like "client-17 at-risk" ~25 ns per dash). Built from the one list.
    /// </summary>
    private static readonly (char Letter, int Offset, char First, string[] Prefixes)[] DashedTokenAnchors = DashAnchorsOf(DashedTokenPrefixes);

    /// <summary>
    /// A character each of <see cref="KnownTokenPrefixes"/> holds (<c>_</c>, <c>A</c>, <c>x</c>, <c>B</c>, <c>G</c>,
    /// <c>~</c>): most text has none of them and pays one vectorized scan for the whole rule. Each character found costs a restart of the
    /// scan (~7 ns): <c>SG.</c> is found at its <c>G</c>, not its <c>.</c> (two dots made a clean sentence's scrub ~20 ns
    /// slower, benchmarks/RESULTS.md, "Credentials of more issuers"), and Google's <c>ya29.</c>, which holds no rare
    /// character, is left to the bearer and secret-name rules that catch it where it is usually written. With the prefixes in the credential words' search, a
    /// clean sentence's scrub went from 110 to 140 ns (benchmarks/RESULTS.md, "Credentials known by their shape").
    /// </summary>
    private static readonly SearchValues<char> KnownTokenChars = SearchValues.Create(KnownTokenCharList);

    /// <summary>The characters of <see cref="KnownTokenChars"/>, in the order of <see cref="KnownTokenAnchors"/>' groups.</summary>
    private const string KnownTokenCharList = "_AxBG~";

    /// <summary>
    /// For each of <see cref="KnownTokenCharList"/>'s characters, the prefixes that hold it and where (its first place in the
    /// prefix): at a found character only its own group is compared, each prefix only at that offset before it (one list
    /// of every prefix made a text pay all 31 comparisons at each <c>x</c> or <c>B</c>). Built from
    /// <see cref="KnownTokenPrefixes"/>, the one list.
    /// </summary>
    private static readonly (string Prefix, int Offset)[][] KnownTokenAnchors = AnchorsOf(KnownTokenPrefixes);

    /// <summary>
    /// For each group of <see cref="KnownTokenAnchors"/>, the characters its prefixes have right after the one found, or
    /// null when a prefix ends there: a hit whose next character is none of them skips the group with one search — an
    /// <c>A</c> starts eight prefixes, and capitals in prose ("Access", "API", "Azure") cost ~18 ns each when every prefix
    /// was compared.
    /// </summary>
    private static readonly string?[] KnownTokenNextChars = NextCharsOf(KnownTokenAnchors);

    /// <summary>The length of the shortest credential <see cref="Instrumentation.Text.ScrubPatterns.KnownTokenPattern"/> matches: <c>xoxb-</c> and 10 characters.</summary>
    private const int ShortestKnownToken = 15;

#if NET9_0_OR_GREATER
    /// <summary>
    /// The words of the credential rules (<see cref="CredentialRules"/>), any case: the schemes and a JSON Web Token's start.
    /// Each word more costs the search on every text: the dashed prefixes and <c>authorization</c> as words of their own
    /// made a clean sentence's scrub ~40 ns slower, so the header's name is recognised where its separator is
    /// (<see cref="NameRules"/>) and the prefixes where the digit count sees their dash (<see cref="DashedTokenPrefixes"/>).
    /// </summary>
    private static readonly SearchValues<string> CredentialWords = SearchValues.Create(["bearer", "basic", "eyj"], StringComparison.OrdinalIgnoreCase);
#endif

    /// <summary>The rules <see cref="TextScrubber"/> must run on a text.</summary>
    [Flags]
    internal enum Rules
    {
        None = 0,
        Secrets = 1,
        Bearer = 2,
        Email = 4,
        Numbers = 8,
        Basic = 16,
        Jwt = 32,
        KnownTokens = 64,
        Authorization = 128,
        WebhookUrl = 256,
    }

    /// <summary>The rules that can match <paramref name="text"/>.</summary>
    public static Rules Of(ReadOnlySpan<char> text)
    {
        if (text.Length < ShortestMatch)
        {
            return Rules.None;
        }

        if (text.Length < ShortestDigitPattern)
        {
            return OfShort(text);
        }

        var rules = Rules.None;
        var from = 0;
        while (true)
        {
            var found = text[from..].IndexOfAny(SecretOrEmailStart);
            if (found < 0)
            {
                break;
            }

            var at = from + found;
            from = at + 1;
            if (text[at] == '@' || IsEncodedAt(text, at))
            {
                rules |= Rules.Email;
            }
            else
            {
                // A "://" is a separator too (a secret name before it: "passwordHash://…"), so both are asked.
                if (text[at] == ':' && IsWebhookUrlAt(text, at))
                {
                    rules |= Rules.WebhookUrl;
                }

                if ((text[at] != '%' || IsEncodedSeparator(text, at)) && (rules & (Rules.Secrets | Rules.Authorization)) != (Rules.Secrets | Rules.Authorization))
                {
                    rules |= NameRules(text, at);
                }
            }
        }

        if (text.Length >= ShortestBasic)
        {
            rules |= CredentialRules(text);
        }

        // One vectorized pass counts the ASCII digits and finds a "--" (a command-line option) and a letter of a dashed
        // credential prefix before a dash ("k-", "t-") for the rules after it.
        var asciiDigits = CountAsciiDigits(text, out var doubleDash, out var letterDash);
        if (doubleDash && (rules & Rules.Secrets) == 0 && HasSecretOption(text))
        {
            rules |= Rules.Secrets;
        }

        if (letterDash && text.Length >= ShortestKnownToken && (rules & Rules.KnownTokens) == 0 && HasDashedTokenPrefix(text))
        {
            rules |= Rules.KnownTokens;
        }

        if (HasLongDigitRun(text, asciiDigits))
        {
            rules |= Rules.Numbers;
        }

        return rules;
    }

    /// <summary>
    /// The credential rules whose word is in <paramref name="text"/>: <c>bearer</c>, <c>basic</c> (HTTP Basic credentials),
    /// <c>eyJ</c> (a JSON Web Token), any case. On .NET 9 and later one vectorized multi-word search finds all three (three
    /// separate searches added ~25 ns to a GUID's scrub, benchmarks/RESULTS.md "Free-text scrubbing").
    /// </summary>
    private static Rules CredentialRules(ReadOnlySpan<char> text)
    {
        // Here, not in Of: a text this short skips both, and Of stays the size it was (its other paths measured
        // 2-3 ns slower with the check in it).
        var rules = text.Length >= ShortestKnownToken && HasKnownTokenPrefix(text) ? Rules.KnownTokens : Rules.None;
#if NET9_0_OR_GREATER
        var from = 0;
        while (true)
        {
            var found = text[from..].IndexOfAny(CredentialWords);
            if (found < 0)
            {
                return rules;
            }

            var at = from + found;
            var rest = text[at..];
            switch (rest[0] | 0x20)
            {
                case 'b' when rest.StartsWith("bearer", StringComparison.OrdinalIgnoreCase):
                    rules |= text.Length >= ShortestBearer ? Rules.Bearer : Rules.None;
                    from = at + 6;
                    break;
                case 'b':
                    rules |= Rules.Basic;
                    from = at + 5;
                    break;
                default:
                    rules |= text.Length >= ShortestJwt ? Rules.Jwt : Rules.None;
                    from = at + 3;
                    break;
            }
        }
#else
        if (text.Length >= ShortestBearer && text.Contains("bearer", StringComparison.OrdinalIgnoreCase))
        {
            rules |= Rules.Bearer;
        }

        if (text.Contains("basic", StringComparison.OrdinalIgnoreCase))
        {
            rules |= Rules.Basic;
        }

        if (text.Length >= ShortestJwt && text.Contains("eyj", StringComparison.OrdinalIgnoreCase))
        {
            rules |= Rules.Jwt;
        }

        return rules;
#endif
    }

    /// <summary>
    /// Whether <paramref name="text"/> holds one of <see cref="KnownTokenPrefixes"/>: at each of the rare characters every
    /// prefix holds (<see cref="KnownTokenChars"/>), the prefixes that hold it are compared at their offset
    /// (<see cref="KnownTokenAnchors"/>): <c>gh?_</c>, <c>github_pat_</c>, <c>sk_live_</c>… at an underscore,
    /// <c>AKIA</c>/<c>ASIA</c>/<c>AIza</c> at an <c>A</c>, <c>xoxb-</c>… at an <c>x</c>, <c>-----BEGIN</c> at a <c>B</c>.
    /// Exactly the prefixes, in their case; a multi-word search for the
    /// twenty prefixes cost a sentence with an e-mail address ~35 ns (benchmarks/RESULTS.md, "Credentials known by their shape").
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static bool HasKnownTokenPrefix(ReadOnlySpan<char> text)
    {
        var from = 0;
        while (true)
        {
            var found = text[from..].IndexOfAny(KnownTokenChars);
            if (found < 0)
            {
                return false;
            }

            var at = from + found;
            var group = KnownTokenCharList.IndexOf(text[at], StringComparison.Ordinal);
            if (KnownTokenNextChars[group] is not { } nextChars || (at + 1 < text.Length && nextChars.Contains(text[at + 1], StringComparison.Ordinal)))
            {
                foreach (var (prefix, offset) in KnownTokenAnchors[group])
                {
                    if (at >= offset && text[at - offset] == prefix[0] && text[(at - offset)..].StartsWith(prefix, StringComparison.Ordinal))
                    {
                        return true;
                    }
                }
            }

            from = at + 1;
        }
    }

    /// <summary>
    /// Whether <paramref name="text"/> holds one of <see cref="DashedTokenPrefixes"/>, in its case: at each dash, the
    /// prefixes whose first dash has the letter before it are compared where they would start.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static bool HasDashedTokenPrefix(ReadOnlySpan<char> text)
    {
        var from = 1;
        while (from < text.Length)
        {
            var found = text[from..].IndexOf('-');
            if (found < 0)
            {
                return false;
            }

            var at = from + found;
            var before = text[at - 1];
            if (before is 'k' or 't')
            {
                foreach (var (letter, offset, first, prefixes) in DashedTokenAnchors)
                {
                    if (before != letter || at < offset || text[at - offset] != first)
                    {
                        continue;
                    }

                    foreach (var prefix in prefixes)
                    {
                        if (text[(at - offset)..].StartsWith(prefix, StringComparison.Ordinal))
                        {
                            return true;
                        }
                    }
                }
            }

            from = at + 1;
        }

        return false;
    }

    private static (char Letter, int Offset, char First, string[] Prefixes)[] DashAnchorsOf(string[] prefixes)
    {
        var groups = new System.Collections.Generic.List<(char Letter, int Offset, char First, System.Collections.Generic.List<string> Prefixes)>();
        foreach (var prefix in prefixes)
        {
            var offset = prefix.IndexOf('-', StringComparison.Ordinal);
            if (offset < 1 || prefix[offset - 1] is not ('k' or 't'))
            {
                throw new InvalidOperationException("The dashed credential prefix '" + prefix + "' has no 'k' or 't' before its first dash, the letters the digit count looks for.");
            }

            var index = groups.FindIndex(g => g.Letter == prefix[offset - 1] && g.Offset == offset && g.First == prefix[0]);
            if (index < 0)
            {
                groups.Add((prefix[offset - 1], offset, prefix[0], new System.Collections.Generic.List<string>()));
                index = groups.Count - 1;
            }

            groups[index].Prefixes.Add(prefix);
        }

        return groups.ConvertAll(g => (g.Letter, g.Offset, g.First, g.Prefixes.ToArray())).ToArray();
    }

    /// <summary>
    /// Whether <paramref name="text"/> has a command-line option named by a secret name and followed by white space
    /// (<c>--password hunter2</c>): the option pattern (<see cref="Instrumentation.Text.ScrubPatterns.OptionSecretPattern"/>)
    /// needs exactly that. One vectorized search for <c>--</c>, which clean text seldom holds.
    /// </summary>
    private static bool HasSecretOption(ReadOnlySpan<char> text)
    {
        var from = 0;
        while (true)
        {
            var found = text[from..].IndexOf("--", StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }

            var at = from + found;
            if (IsSecretOptionAt(text, at))
            {
                return true;
            }

            from = at + 2;
        }
    }

    /// <summary>Whether the <c>--</c> at <paramref name="at"/> starts a secret-named option followed by white space.</summary>
    private static bool IsSecretOptionAt(ReadOnlySpan<char> text, int at)
    {
        var end = at + 2;
        while (end < text.Length && IsNameChar(text[end]))
        {
            end++;
        }

        return end > at + 2 && end < text.Length && char.IsWhiteSpace(text[end]) && SecretNames.IsSecret(text[(at + 2)..end]);
    }

    private static string?[] NextCharsOf((string Prefix, int Offset)[][] anchors)
    {
        var nextChars = new string?[anchors.Length];
        for (var i = 0; i < anchors.Length; i++)
        {
            var chars = new System.Text.StringBuilder();
            foreach (var (prefix, offset) in anchors[i])
            {
                if (offset + 1 >= prefix.Length)
                {
                    chars = null;
                    break;
                }

                chars.Append(prefix[offset + 1]);
            }

            nextChars[i] = chars?.ToString();
        }

        return nextChars;
    }

    private static (string Prefix, int Offset)[][] AnchorsOf(string[] prefixes)
    {
        var groups = new System.Collections.Generic.List<(string, int)>[KnownTokenCharList.Length];
        for (var i = 0; i < groups.Length; i++)
        {
            groups[i] = new System.Collections.Generic.List<(string, int)>();
        }

        foreach (var prefix in prefixes)
        {
            var offset = prefix.AsSpan().IndexOfAny(KnownTokenChars);
            if (offset < 0)
            {
                throw new InvalidOperationException("The credential prefix '" + prefix + "' holds none of the characters the pre-scan looks for.");
            }

            groups[KnownTokenCharList.IndexOf(prefix[offset], StringComparison.Ordinal)].Add((prefix, offset));
        }

        var anchors = new (string Prefix, int Offset)[groups.Length][];
        for (var i = 0; i < groups.Length; i++)
        {
            anchors[i] = groups[i].ToArray();
        }

        return anchors;
    }

    /// <summary>
    /// <see cref="Of"/> for a text of 5 to 8 characters: too short for the bearer and digit rules, so only the secret
    /// and e-mail rules can match, and both start from <c>= : @</c>. One plain loop over the few characters: a
    /// short id (<c>dev-1</c>, the usual unclassified log argument) then costs no call into a vectorized search, whose
    /// set-up is most of the work at this length.
    /// </summary>
    private const uint ShortTriggers = (1u << ('%' - '%')) | (1u << ('-' - '%')) | (1u << (':' - '%')) | (1u << ('=' - '%')) | (1u << ('>' - '%')) | (1u << ('@' - '%'));

    private static Rules OfShort(ReadOnlySpan<char> text)
    {
        var rules = Rules.None;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var offset = (uint)(c - '%');
            if (offset >= 32 || ((ShortTriggers >> (int)offset) & 1) == 0)
            {
                // Most characters of an id start no rule: one bit test settles them.
                continue;
            }

            if (c == '@' || IsEncodedAt(text, i))
            {
                rules |= Rules.Email;
            }
            else if (c is '=' or ':' or '%' or '>' && (rules & Rules.Secrets) == 0 && (c != '%' || IsEncodedSeparator(text, i)))
            {
                // Too short for an Authorization header and its credentials: only the secret rule is asked for.
                rules |= NameRules(text, i) & Rules.Secrets;
            }
            else if (c == '-' && i + 1 < text.Length && text[i + 1] == '-' && (rules & Rules.Secrets) == 0 && IsSecretOptionAt(text, i))
            {
                rules |= Rules.Secrets;
            }
        }

        return rules;
    }

    /// <summary>
    /// Whether a chat webhook's URL starts at the <c>:</c> at <paramref name="at"/> (<c>://</c> and a host of
    /// <see cref="Instrumentation.Text.ScrubPatterns.WebhookUrlPattern"/>: Slack's, Discord's, Teams'), read only where a
    /// <c>://</c> is: a logged request line's URL pays one host comparison, any other <c>:</c> two character reads.
    /// </summary>
    private static bool IsWebhookUrlAt(ReadOnlySpan<char> text, int at)
    {
        if (at + 3 >= text.Length || text[at + 1] != '/' || text[at + 2] != '/')
        {
            return false;
        }

        var rest = text[(at + 3)..];
        var hostEnd = rest.IndexOf('/');
        if (hostEnd <= 0)
        {
            return false;
        }

        var host = rest[..hostEnd];
        return host.Equals("hooks.slack.com", StringComparison.OrdinalIgnoreCase)
            || host.EndsWith("discord.com", StringComparison.OrdinalIgnoreCase)
            || host.EndsWith("discordapp.com", StringComparison.OrdinalIgnoreCase)
            || host.EndsWith(".webhook.office.com", StringComparison.OrdinalIgnoreCase)
            || host.StartsWith("outlook.office", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Whether <paramref name="text"/> has a percent-encoded <c>=</c> or <c>:</c> (<c>%3D</c>, <c>%3A</c>, any case) at
    /// <paramref name="at"/>: a secret in a logged URL's query (<c>Password%3DPgS3cret</c>, a newcomer's trial).
    /// </summary>
    private static bool IsEncodedSeparator(ReadOnlySpan<char> text, int at) =>
        text[at] == '%' && at + 2 < text.Length && text[at + 1] == '3' && (text[at + 2] | 0x20) is 'd' or 'a';

    /// <summary>Whether <paramref name="text"/> has a percent-encoded <c>@</c> (<c>%40</c>) at <paramref name="at"/>.</summary>
    private static bool IsEncodedAt(ReadOnlySpan<char> text, int at) =>
        text[at] == '%' && at + 2 < text.Length && text[at + 1] == '4' && text[at + 2] == '0';

    /// <summary>
    /// Whether <paramref name="text"/> has an ASCII digit and a run of 9 digits joined by single spaces or dashes:
    /// ASCII digits when it holds 9 of them, any decimal digits (which the SSN pattern's <c>\d</c> also matches) when
    /// it is not all ASCII.
    /// </summary>
    private static bool HasLongDigitRun(ReadOnlySpan<char> text, int asciiDigits)
    {
        if (asciiDigits == 0)
        {
            return false;
        }

        return (asciiDigits >= ShortestDigitPattern && HasLongRun(text, asciiOnly: true))
            || (!Ascii.IsValid(text) && HasLongRun(text, asciiOnly: false));
    }

    /// <summary>
    /// The rules the name before the separator at <paramref name="at"/> (<c>= : &gt;</c> or an encoded one) calls for:
    /// <see cref="Rules.Secrets"/> when it is a secret name, <see cref="Rules.Authorization"/> when it ends with
    /// <c>authorization</c> (the header's other schemes: <c>Authorization: Token …</c>, where the name is no secret name).
    /// The name is the run of name characters (those the secret patterns accept: ASCII letters, digits, <c>_ . -</c>, and
    /// the Kelvin sign, which their case-insensitive <c>k</c> matches) ending right before the separator, after skipping
    /// white space and one quote (escaped or not) or the closing bracket of a form field's name (<c>]</c>, <c>%5D</c>).
    /// </summary>
    private static Rules NameRules(ReadOnlySpan<char> text, int at)
    {
        var end = at;
        while (end > 0 && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        if (end > 0 && text[end - 1] is '"' or '\'')
        {
            end--;
            if (end > 0 && text[end - 1] == '\\')
            {
                // An escaped quote: JSON held in a JSON string ({\"password\":\"x\"}).
                end--;
            }
        }
        else if (end > 0 && text[end - 1] == ']')
        {
            // A form field's bracketed name: user[password]=… (a sinks trial: a logged form post kept the password).
            end--;
        }
        else if (end > 2 && text[end - 3] == '%' && text[end - 2] == '5' && (text[end - 1] | 0x20) == 'd')
        {
            // The same, percent-encoded: user%5Bpassword%5D=….
            end -= 3;
        }

        var start = end;
        while (start > 0 && IsNameChar(text[start - 1]))
        {
            start--;
        }

        if (start == end)
        {
            return Rules.None;
        }

        var name = text[start..end];
        return SecretNames.IsSecret(name) ? Rules.Secrets
            : (name[^1] | 0x20) == 'n' && name.EndsWith("authorization", StringComparison.OrdinalIgnoreCase) ? Rules.Authorization
            : Rules.None;
    }

    /// <summary>
    /// Whether <paramref name="text"/> has 9 digits in a row, single spaces or dashes between digits allowed: ASCII
    /// digits, or any decimal digits when <paramref name="asciiOnly"/> is false.
    /// </summary>
    private static bool HasLongRun(ReadOnlySpan<char> text, bool asciiOnly)
    {
        var digits = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (IsDigit(c, asciiOnly))
            {
                if (++digits >= ShortestDigitPattern)
                {
                    return true;
                }
            }
            else if (digits != 0 && !(c is ' ' or '-' && i + 1 < text.Length && IsDigit(text[i + 1], asciiOnly)))
            {
                digits = 0;
            }
        }

        return false;
    }

    /// <summary>
    /// How many ASCII digits <paramref name="text"/> holds, counted 8 characters at a time where the machine can, and
    /// whether it holds two dashes in a row (<paramref name="doubleDash"/>) or a <c>k</c> or <c>t</c> before a dash
    /// (<paramref name="letterDash"/>, <see cref="DashedTokenAnchors"/>) — read from the same loads, so those rules' triggers
    /// cost no pass of their own (a separate search for <c>--</c> added ~7 ns to an 11-character id's scrub).
    /// </summary>
    private static int CountAsciiDigits(ReadOnlySpan<char> text, out bool doubleDash, out bool letterDash)
    {
        var count = 0;
        var i = 0;
        var pairs = Vector128<ushort>.Zero;
        var letters = Vector128<ushort>.Zero;
        if (Vector128.IsHardwareAccelerated && text.Length > Vector128<ushort>.Count)
        {
            ref var start = ref MemoryMarshal.GetReference(MemoryMarshal.Cast<char, ushort>(text));
            var zero = Vector128.Create((ushort)'0');
            var ten = Vector128.Create((ushort)10);
            var dash = Vector128.Create((ushort)'-');
            var k = Vector128.Create((ushort)'k');
            var t = Vector128.Create((ushort)'t');

            // Each block is also read one character on, so a character followed by a dash shows in one lane of the pair.
            for (; i < text.Length - Vector128<ushort>.Count; i += Vector128<ushort>.Count)
            {
                var block = Vector128.LoadUnsafe(ref start, (nuint)i);
                count += BitOperations.PopCount(Vector128.ExtractMostSignificantBits(Vector128.LessThan(block - zero, ten)));
                var dashNext = Vector128.Equals(Vector128.LoadUnsafe(ref start, (nuint)i + 1), dash);
                pairs |= Vector128.Equals(block, dash) & dashNext;
                letters |= (Vector128.Equals(block, k) | Vector128.Equals(block, t)) & dashNext;
            }
        }

        var dashes = pairs != Vector128<ushort>.Zero;
        var letterDashes = letters != Vector128<ushort>.Zero;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            count += (uint)(c - '0') <= 9 ? 1 : 0;
            if (c == '-')
            {
                // The pairs a dash ends or starts, read only at a dash (rare): a letter before it, a dash after it.
                dashes |= i + 1 < text.Length && text[i + 1] == '-';
                letterDashes |= i > 0 && text[i - 1] is 'k' or 't';
            }
        }

        doubleDash = dashes;
        letterDash = letterDashes;
        return count;
    }

    private static bool IsDigit(char c, bool asciiOnly) => asciiOnly ? (uint)(c - '0') <= 9 : char.IsDigit(c);

    private static bool IsNameChar(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '.' or '-' or '\u212A';
}
