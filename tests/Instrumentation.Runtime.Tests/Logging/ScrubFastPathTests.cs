using System;
using System.Text;
using Instrumentation.Redaction;
using Instrumentation.Runtime.Tests.Operations;
using Xunit;

namespace Instrumentation.Runtime.Tests.Logging;

/// <summary>
/// The scrubber's fast path (<see cref="ScrubTriggers"/>): clean text is returned as it is without running a pattern
/// or allocating, and the rules it skips could not have matched — checked against the patterns run the way they
/// ran before the fast path (a rule applied whenever its old, coarse trigger character was present).
/// </summary>
public sealed class ScrubFastPathTests
{
    private static readonly string LongClean = string.Concat(System.Linq.Enumerable.Repeat("device dev-1 sent 3 readings at 12:30, all fine; ", 200));

    [Theory]
    [InlineData(" password=hunter2", " password=[REDACTED]")]
    [InlineData(" {\"client_secret\": \"abc\"}", " {\"client_secret\": \"[REDACTED]\"}")]
    [InlineData(" ada@example.com", " [EMAIL]")]
    [InlineData(" 4111 1111 1111 1111", " [CARD]")]
    [InlineData(" 078-05-1120", " [SSN]")]
    [InlineData(" Bearer eyJhbGciOiJIUzI1NiJ9abcdef", " Bearer [REDACTED]")]
    public void A_secret_at_the_end_of_a_long_clean_string_is_still_scrubbed(string tail, string expected)
    {
        Assert.Equal(LongClean + expected, TextScrubber.Scrub(LongClean + tail));
    }

    [Theory]
    [InlineData("Grüße an José, ssn 078-05-1120", "Grüße an José, ssn [SSN]")]
    [InlineData("naïve café user ada@example.com", "naïve café user [EMAIL]")]
    [InlineData("données password=hunter2 fin", "données password=[REDACTED] fin")]
    [InlineData("to\u212Aen=abc", "to\u212Aen=[REDACTED]")] // the Kelvin sign is a 'k' to the case-insensitive patterns
    [InlineData("\u0661\u0662\u0663-\u0664\u0665-\u0666\u0667\u0668\u0669 ref 7", "[SSN] ref 7")] // Arabic-Indic digits, as before: an ASCII digit present
    public void Non_ascii_text_is_scrubbed_as_before(string input, string expected)
    {
        Assert.Equal(expected, TextScrubber.Scrub(input));
    }

    [Theory]
    [InlineData("")]
    [InlineData("dev-1")]
    [InlineData("naïve café, Grüße, 日本語のテキスト")]
    [InlineData("\u0661\u0662\u0663-\u0664\u0665-\u0666\u0667\u0668\u0669")] // no ASCII digit: never scrubbed as numbers (unchanged rule)
    [InlineData("at 2024-05-17T10:00:00.123Z, build 10.0.401, port 8080, ratio 3:2, a=b")]
    [InlineData("the bear bearing a bearded bee, by Bob")]
    [InlineData("key: value, keys=3, token_count: 5, passwordless=true")]
    public void Clean_text_is_returned_as_it_is(string input)
    {
        Assert.Same(input, TextScrubber.Scrub(input));
    }

    [Theory]
    [InlineData("pwd=x", "pwd=[REDACTED]")] // the shortest text any rule matches (5 characters)
    [InlineData("a@b.cc", "[EMAIL]")]
    [InlineData("Bearer abcdefghijklmnop", "Bearer [REDACTED]")] // the shortest bearer token of letters of one case (23 characters)
    [InlineData("Bearer abcdefg1", "Bearer [REDACTED]")] // the shortest bearer token (15 characters: 8 with a digit)
    [InlineData("078-05-1120", "[SSN]")]
    [InlineData("1\u0662\u0663-\u0664\u0665-\u0666\u0667\u0668\u0669", "[SSN]")] // one ASCII digit, eight Arabic-Indic ones
    [InlineData("4111111111111111", "[CARD]")] // 16 digits: two blocks of the vectorized digit count
    [InlineData("id 12345678 then 4111 1111 1111 1111", "id 12345678 then [CARD]")]
    public void The_shortest_and_boundary_texts_of_each_rule_are_still_scrubbed(string input, string expected)
    {
        Assert.Equal(expected, TextScrubber.Scrub(input));
    }

    [Theory]
    [InlineData("pwd=")] // 4 characters: shorter than any match
    [InlineData("Bearer abcdef1")] // 14 characters: one token character short
    [InlineData("12345678 and 87654321")] // 16 digits, no run of 9
    [InlineData("a 1 2 3 4 5 6 7 8 b")] // 8 digits joined by spaces
    public void Texts_just_short_of_a_rule_are_not_changed(string input)
    {
        Assert.Equal(ScrubTriggers.Rules.None, ScrubTriggers.Of(input));
        Assert.Same(input, TextScrubber.Scrub(input));
    }

    [Fact]
    public void Clean_text_allocates_nothing()
    {
        var inputs = new[] { "dev-1", LongClean, "naïve café user 42", "at 2024-05-17T10:00:00Z a=b bearing" };
        var bytes = Allocations.InFewestRound(
            () =>
            {
                var same = 0;
                foreach (var input in inputs)
                {
                    same += ReferenceEquals(input, TextScrubber.Scrub(input)) ? 1 : 0;
                }

                return same;
            },
            calls: 200,
            rounds: 3,
            warmup: 20);
        Assert.Equal(0, bytes);
    }

    [Fact]
    public void Skipping_the_rules_the_fast_path_rejects_never_changes_the_output()
    {
        // Random text from pieces around every rule's edge: secret names with and without quotes and spaces, near
        // misses, separators, digit groups, '@', bearer, non-ASCII letters and digits. Fixed seed: reproducible.
        string[] pieces =
        {
            "password", "db_password", "Token", "to\u212Aen", "api-key", "tokens", "secretary", "key", "AccountKey", "secret_", "access", "hot", "\"", "'", " ", "  ", "\t",
            "=", ":", ": ", "= ", "abc", "x", "hunter2", "1", "12", "123", "1234", "4111", "078", "05", "1120", "-", " - ",
            "@", "ada", "example.com", ".", ",", "Bearer ", "bearer", "eyJhbGciOiJIUzI1NiJ9abc", "é", "日本", "\u0661\u0662\u0663",
            "(", ")", "[", "]", "{", "}", "?", "&", "0.", "9", "!", "Basic ", "basic", "dXNlcjpwYXNz", "YWRtaW46YWRtaW4=", "eyJ", "eyJzdWIiOiIxIn0.",
            "%3D", "%3a", "%3", "%", "abc.def", "aBc", "Xy", "%5D", "%5b", "user[", "PasswordHash", "securityStamp", "Cookies", "Proc-Type: 4,ENCRYPTED\n", "npm_", "PGP PRIVATE KEY BLOCK-----",
            "AKIA", "IOSFODNN7EXAMPLE", "ghp_", "xoxb-", "sk_live_", "AIza", "whsec_", "shpat_", "dop_v1_", "0123456789abcdef0123456789abcdef", "0123456789", "-----BEGIN ", "PRIVATE KEY-----", "Asia",
            "Authorization", "authorization: ", "Token ", "SharedKey ", "<password>", "</password>", "<ns:apiKey a=\"1\">", "</ns:apiKey>", "<", ">", "/",
            "--password ", "--api-key", "--", "sk-proj-", "sk-ant-", "SK-PROJ-", "glpat-", "hf_", "xapp-", "AbCdEf0123456789GhIj", "otp", "cvv", "Subscription-Key",
            "SG.", "AbCdEfGhIjKlMnOpQrStUv.", "GET ", "abc8", "Q~", "~", "%22", "%3A", "GR1348941", "glwt-", "pypi-AgEIcHlwaS5vcmc", "PMAK-", "AGE-SECRET-KEY-1", "ATATT3", "glrt-", "gldt-", "glagent-",
            "https://", "://", "hooks.slack.com/", "services/", "T0AB/B0CD/", "discord.com/api/webhooks/", "ptb.discordapp.com/api/v10/webhooks/", "123/", "acme.webhook.office.com/webhookb2/", "outlook.office.com/webhook/", "api.slack.com/",
        };
        var skipped = AssertSkippedRulesChangeNothing(20261202, random => random.Next(1, 14), pieces);
        Assert.True(skipped > 1_000, $"the corpus should exercise skipped rules, but only {skipped} samples skipped one");
    }

    [Fact]
    public void Skipping_rules_never_changes_the_output_of_digit_runs_at_any_length()
    {
        // SSNs and cards (plain, grouped, Arabic-Indic) between single characters, so that they start and end at every
        // offset of the 8-character blocks the digit count reads: digits, joiners, letters, other rules' triggers.
        string[] pieces =
        {
            "078-05-1120", "078 05 1120", "4111 1111 1111 1111", "4111111111111111", "\u0660\u0667\u0668-\u0660\u0665-\u0661\u0661\u0662\u0660",
            "0", "1", "9", " ", "-", "a", "é", "\u0663", "@", "=", "x",
        };
        var skipped = AssertSkippedRulesChangeNothing(20261203, random => random.Next(1, 12), pieces);
        Assert.True(skipped > 1_000, $"the corpus should exercise skipped rules, but only {skipped} samples skipped one");
    }

    [Fact]
    public void Skipping_rules_never_changes_the_output_of_dashed_credentials_at_any_offset()
    {
        // The dashed prefixes (sk-proj-, sk-ant-, glpat-) are found by the digit count's vector loop (a 'k' or 't' before a
        // dash): whole tokens between single characters start at every offset of its 8-character blocks and its scalar tail,
        // beside near misses that hold the same letter and dash (task-, risk-proj-, SK-PROJ-).
        string[] pieces =
        {
            "sk-proj-AbCdEf0123456789GhIjKl", "sk-ant-api03-AbCdEf0123456789Gh", "glpat-AbCdEf0123456789GhIj", "sk-svcacct-AbCdEf0123456789", "sk-admin-AbCdEf0123456789x",
            "risk-proj-", "task-", "SK-PROJ-AbCdEf0123456789GhIj", "k", "t", "s", "-", " ", "a", "1", "=",
        };
        var skipped = AssertSkippedRulesChangeNothing(20261206, random => random.Next(1, 8), pieces);
        Assert.True(skipped > 1_000, $"the corpus should exercise skipped rules, but only {skipped} samples skipped one");
    }

    [Fact]
    public void Texts_of_five_to_eight_characters_lose_no_rule()
    {
        // The short path (no vectorized search: only the secret and e-mail rules fit in 8 characters): short secret
        // names, the triggers at every offset, quotes and white space before them, near misses ("pw=x", "keys:").
        string[] pieces = { "pwd", "passwd", "token", "secret", "pw", "keys", "=", ":", "@", "a", "b.c", "\"", "'", " ", "x", "1", "-", "é", "pwd=", "pwd: ", "a@b.co", "--", "--pw ", ">", "<pw>", "</pw>", "otp" };
        var random = new Random(20261204);
        var builder = new StringBuilder();
        int tried = 0, scrubbed = 0;
        while (tried < 20_000)
        {
            builder.Clear();
            while (builder.Length < 5)
            {
                builder.Append(pieces[random.Next(pieces.Length)]);
            }

            if (builder.Length > 8)
            {
                continue;
            }

            var text = builder.ToString();
            tried++;
            var fast = ScrubTriggers.Of(text);
            var coarse = CoarseRules(text);
            Assert.True((fast & ~coarse) == 0, $"the short path asked for a rule the old triggers did not: \"{text}\"");
            var output = TextScrubber.Apply(text, fast);
            Assert.Equal(TextScrubber.Apply(text, coarse), output);
            Assert.Equal(output, TextScrubber.Scrub(text));
            scrubbed += ReferenceEquals(output, text) ? 0 : 1;
        }

        Assert.True(scrubbed > 500, $"the corpus should hold short texts that are scrubbed, but only {scrubbed} were");
    }

    /// <summary>
    /// Random texts of <paramref name="pieces"/>: the fast path never asks for a rule the old triggers did not, and
    /// applying only its rules gives the old output. Returns how many samples skipped a rule.
    /// </summary>
    private static int AssertSkippedRulesChangeNothing(int seed, Func<Random, int> length, string[] pieces)
    {
        var random = new Random(seed);
        var builder = new StringBuilder();
        var skipped = 0;
        for (var sample = 0; sample < 20_000; sample++)
        {
            builder.Clear();
            var count = length(random);
            for (var i = 0; i < count; i++)
            {
                builder.Append(pieces[random.Next(pieces.Length)]);
            }

            var text = builder.ToString();
            var fast = ScrubTriggers.Of(text);
            var coarse = CoarseRules(text);
            Assert.True((fast & ~coarse) == 0, $"the fast path asked for a rule the old triggers did not: \"{text}\"");
            skipped += fast == coarse ? 0 : 1;
            Assert.Equal(TextScrubber.Apply(text, coarse), TextScrubber.Apply(text, fast));
        }

        return skipped;
    }

    /// <summary>The triggers the scrubber used before the fast path: a rule ran whenever its character was anywhere in the text.</summary>
    private static ScrubTriggers.Rules CoarseRules(string text)
    {
        var span = text.AsSpan();
        var rules = ScrubTriggers.Rules.None;
        if (span.IndexOfAny('=', ':', '>') >= 0 || span.IndexOf("--", StringComparison.Ordinal) >= 0
            || span.IndexOf("%3d", StringComparison.OrdinalIgnoreCase) >= 0 || span.IndexOf("%3a", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            rules |= ScrubTriggers.Rules.Secrets;
        }

        if (span.IndexOf("bearer", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            rules |= ScrubTriggers.Rules.Bearer;
        }

        if (span.IndexOf("basic", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            rules |= ScrubTriggers.Rules.Basic;
        }

        if (span.IndexOf("eyj", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            rules |= ScrubTriggers.Rules.Jwt;
        }

        if (span.IndexOf("authorization", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            rules |= ScrubTriggers.Rules.Authorization;
        }

        foreach (var prefix in new[] { "akia", "asia", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "xox", "sk_live_", "sk_test_", "rk_live_", "rk_test_", "aiza", "npm_", "-----begin", "xapp-", "hf_", "sk-", "glpat-", "whsec_", "shp", "_v1_", "sg.", "q~", "gr1348941", "glffct-", "glwt-", "pypi-agei", "pypi-agen", "pmak-", "age-secret-key-1", "atatt3", "glptt-", "gldt-", "glrt-", "glcbt-", "glft-", "glimt-", "glagent-", "glsoat-" })
        {
            if (span.IndexOf(prefix, StringComparison.OrdinalIgnoreCase) >= 0)
            {
                rules |= ScrubTriggers.Rules.KnownTokens;
            }
        }

        if (span.IndexOf("://", StringComparison.Ordinal) >= 0)
        {
            rules |= ScrubTriggers.Rules.WebhookUrl;
        }

        if (span.IndexOf('@') >= 0)
        {
            rules |= ScrubTriggers.Rules.Email;
        }

        if (span.IndexOfAnyInRange('0', '9') >= 0)
        {
            rules |= ScrubTriggers.Rules.Numbers;
        }

        return rules;
    }
}
