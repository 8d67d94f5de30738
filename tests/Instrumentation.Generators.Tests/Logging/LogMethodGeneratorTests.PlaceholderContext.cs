using System;
using System.Globalization;
using System.Linq;
using Instrumentation.Generators.Logging;
using Instrumentation.Generators.Tests.Infrastructure;
using Instrumentation.Redaction;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Instrumentation.Generators.Tests.Logging;

/// <summary>
/// INS0106 and INS0107: a secret split between the template's text and a placeholder's value, so that neither alone looks
/// secret ("Login password={value} by {user}@example.org" wrote "Login password=hunter2 by ada@example.org", where the same
/// hand-written line is scrubbed to "Login password=[REDACTED] by [EMAIL]").
/// </summary>
public sealed partial class LogMethodGeneratorTests
{
    [Fact]
    public void INS0106_and_INS0107_a_secret_split_between_text_and_value_is_written_as_the_hand_written_line_is_scrubbed()
    {
        const string source = """
            using Instrumentation;
            using Microsoft.Extensions.Logging;

            public static partial class Log
            {
                [LogMethod(LogLevel.Information, "Login password={value} by {user}@example.org")]
                public static partial void Login(ILogger logger, string value, string user);

                public static void Run(ILogger logger) => Login(logger, "hunter2", "ada");
            }
            """;

        var run = GeneratorHarness.Run(new LogMethodGenerator(), source);

        Assert.Empty(run.Problems);
        var logger = new RecordingLogger();
        run.Load().GetType("Log")!.GetMethod("Run")!.Invoke(null, new object[] { logger });

        var (message, state) = Assert.Single(logger.Entries);
        Assert.Equal(TextScrubber.Scrub("Login password=hunter2 by ada@example.org"), message);
        Assert.Equal("Login password=[REDACTED] by [EMAIL]", message);

        // Neither value is in any field: the secret is redacted at the call, the glued name read with its text.
        Assert.Equal("[REDACTED]", state["value"]);
        Assert.Equal("[REDACTED]", state["user"]);
        Assert.DoesNotContain(state.Values, v => v is string s && (s.Contains("hunter2", StringComparison.Ordinal) || s.Contains("ada", StringComparison.Ordinal)));

        // Each at its placeholder (line 6; the template starts at column 38, zero-based 37).
        Assert.Equal(new[] { "INS0106", "INS0107" }, run.GeneratorDiagnostics.Select(d => d.Id).ToArray());
        // INS0106 warns (the value is lost to [REDACTED]); INS0107 informs: the line is already written safely, and a
        // common template such as "{name}.json" must not fail a build with warnings as errors.
        Assert.Equal(new[] { DiagnosticSeverity.Warning, DiagnosticSeverity.Info }, run.GeneratorDiagnostics.Select(d => d.Severity).ToArray());
        Assert.Equal(
            new[] { "{value}", "{user}" },
            run.GeneratorDiagnostics.Select(d => d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan)).ToArray());
        Assert.Equal(
            new[] { new Microsoft.CodeAnalysis.Text.LinePosition(5, 53), new Microsoft.CodeAnalysis.Text.LinePosition(5, 64) },
            run.GeneratorDiagnostics.Select(d => d.Location.GetLineSpan().StartLinePosition).ToArray());
        Assert.Equal(
            new[]
            {
                "The placeholder '{value}' of 'Log.Login(ILogger, string, string)' follows a secret name and a separator in the template text (such as password=), so the generated log writes [REDACTED] for its value, as the run-time scrubber does in a hand-written line. Classify the parameter [SecretData], or give it a secret name.",
                "The placeholder '{user}' of 'Log.Login(ILogger, string, string)' is written against the template text or another value, so together they can make what the run-time scrubber replaces (an e-mail address, a card or social security number, a secret after its name): the generated log scrubs its whole message as a hand-written line, and the value's field with the text around it. Separate the placeholder with a space, or classify the parameter ([PersonalData], [SecretData] or [NonSensitiveData]).",
            },
            run.GeneratorDiagnostics.Select(d => d.GetMessage(CultureInfo.InvariantCulture)).ToArray());
    }

    [Fact]
    public void INS0106_a_value_after_any_secret_key_the_scrubber_knows_is_redacted_in_the_message_and_every_field()
    {
        const string source = """
            using Instrumentation;
            using Microsoft.Extensions.Logging;

            public static partial class Log
            {
                [LogMethod(LogLevel.Information, "api_key: {k} then {{\"token\":\"{t}\"}} then Authorization: Bearer {b} then client_secret={n} then pwd = {g}")]
                public static partial void Keys(ILogger logger, string k, string t, object b, long n, System.Guid g);

                public static void Run(ILogger logger) => Keys(logger, "k-1", "t-2", "abcdefghijklmnopqrstuvwxyz012345", 4242L, System.Guid.Empty);
            }
            """;

        var run = GeneratorHarness.Run(new LogMethodGenerator(), source);

        Assert.Empty(run.Problems);
        Assert.Equal(new[] { "INS0106", "INS0106", "INS0106", "INS0106", "INS0106" }, run.GeneratorDiagnostics.Select(d => d.Id).ToArray());
        Assert.Equal(
            new[] { "{k}", "{t}", "{b}", "{n}", "{g}" },
            run.GeneratorDiagnostics.Select(d => d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan)).ToArray());
        var logger = new RecordingLogger();
        run.Load().GetType("Log")!.GetMethod("Run")!.Invoke(null, new object[] { logger });

        var (message, state) = Assert.Single(logger.Entries);
        Assert.Equal(
            TextScrubber.Scrub("api_key: k-1 then {\"token\":\"t-2\"} then Authorization: Bearer abcdefghijklmnopqrstuvwxyz012345 then client_secret=4242 then pwd = " + Guid.Empty.ToString()),
            message);
        Assert.Equal(new object?[] { "[REDACTED]", "[REDACTED]", "[REDACTED]", "[REDACTED]", "[REDACTED]" }, new[] { state["k"], state["t"], state["b"], state["n"], state["g"] });
    }

    [Fact]
    public void INS0106_a_value_in_the_password_place_of_a_url_is_redacted_as_the_hand_written_line_is()
    {
        // The run-time scrubber redacts a URL's password (postgres://app:s3cret@db → postgres://app:[REDACTED]@db); a value
        // written there by a template is a secret by position like one after 'password='.
        const string source = """
            using Instrumentation;
            using Microsoft.Extensions.Logging;

            public static partial class Log
            {
                [LogMethod(LogLevel.Warning, "connecting to postgres://app:{pass}@db:5432/app failed")]
                public static partial void Connecting(ILogger logger, string pass);

                public static void Run(ILogger logger) => Connecting(logger, "S3cr3t!");
            }
            """;

        var run = GeneratorHarness.Run(new LogMethodGenerator(), source);

        Assert.Empty(run.Problems);
        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("INS0106", diagnostic.Id);
        Assert.Equal("{pass}", diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
        var logger = new RecordingLogger();
        run.Load().GetType("Log")!.GetMethod("Run")!.Invoke(null, new object[] { logger });
        var (message, state) = Assert.Single(logger.Entries);
        Assert.Equal("connecting to postgres://app:[REDACTED]@db:5432/app failed", message);
        Assert.Equal("[REDACTED]", state["pass"]);
    }

    [Fact]
    public void INS0106_is_not_reported_for_a_classified_or_secret_named_value_nor_for_a_flag_and_the_value_is_still_redacted()
    {
        const string source = """
            using Instrumentation;
            using Microsoft.Extensions.Logging;

            public static partial class Log
            {
                [LogMethod(LogLevel.Information, "password={password} token={value} enabled: secret={on}")]
                public static partial void Named(ILogger logger, string password, [SecretData] string value, bool on);

                public static void Run(ILogger logger) => Named(logger, "hunter2", "t-1", true);
            }
            """;

        var run = GeneratorHarness.Run(new LogMethodGenerator(), source);

        Assert.Empty(run.Problems);
        Assert.Empty(run.GeneratorDiagnostics);
        var logger = new RecordingLogger();
        run.Load().GetType("Log")!.GetMethod("Run")!.Invoke(null, new object[] { logger });
        var (message, _) = Assert.Single(logger.Entries);
        Assert.Equal("password=[REDACTED] token=[REDACTED] enabled: secret=True", message);
    }

    [Theory]
    [InlineData("{user}@example.org", "ada", null, null, "user")]
    [InlineData("mailto:{local}@{domain}", "ada", "example.org", null, "local,domain")]
    [InlineData("Card 4111 1111 1111 {last} declined", "1111", null, null, "last")]
    [InlineData("SSN {area}-{group}-{serial}", "078", "05", "1120", "area,group,serial")]
    [InlineData("{key}={value}", "password", "hunter2", null, "key,value")]
    [InlineData("{a}{b}", "ada@exam", "ple.org", null, "a,b")]
    public void INS0107_a_value_glued_to_the_text_makes_the_message_what_the_scrubber_makes_of_the_hand_written_line(
        string template, string first, string? second, string? third, string glued)
    {
        var names = glued.Split(',');
        var all = new[] { "user", "local", "domain", "last", "area", "group", "serial", "key", "value", "a", "b" }
            .Where(n => template.Contains("{" + n + "}", StringComparison.Ordinal)).ToArray();
        var values = new[] { first, second, third }.Take(all.Length).ToArray();
        var source = """
            using Instrumentation;
            using Microsoft.Extensions.Logging;

            public static partial class Log
            {
                [LogMethod(LogLevel.Information, "TEMPLATE")]
                public static partial void Glued(ILogger logger, PARAMETERS);

                public static void Run(ILogger logger) => Glued(logger, ARGUMENTS);
            }
            """
            .Replace("TEMPLATE", template, StringComparison.Ordinal)
            .Replace("PARAMETERS", string.Join(", ", all.Select(n => "string " + n)), StringComparison.Ordinal)
            .Replace("ARGUMENTS", string.Join(", ", values.Select(v => "\"" + v + "\"")), StringComparison.Ordinal);

        var run = GeneratorHarness.Run(new LogMethodGenerator(), source);

        Assert.Empty(run.Problems);
        Assert.All(run.GeneratorDiagnostics, d => Assert.Equal("INS0107", d.Id));
        Assert.Equal(
            names.Select(n => "{" + n + "}").ToArray(),
            run.GeneratorDiagnostics.Select(d => d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan)).ToArray());
        var logger = new RecordingLogger();
        run.Load().GetType("Log")!.GetMethod("Run")!.Invoke(null, new object[] { logger });

        var handWritten = template;
        for (var i = 0; i < all.Length; i++)
        {
            handWritten = handWritten.Replace("{" + all[i] + "}", values[i], StringComparison.Ordinal);
        }

        var (message, state) = Assert.Single(logger.Entries);
        var scrubbed = TextScrubber.Scrub(handWritten);
        Assert.NotEqual(handWritten, scrubbed);
        Assert.Equal(scrubbed, message);

        // Each field, rendered into the template as a structured sink does, writes no more than the message: a value
        // glued to literal text is read with that text, values glued to each other with their whole group. A field shows
        // its value only where the message shows it.
        var rendered = template;
        foreach (var name in all)
        {
            var field = (string)state[name]!;
            Assert.True(field == TextScrubber.Redacted || message.Contains(field, StringComparison.Ordinal), name + " = " + field + " is not in: " + message);
            rendered = rendered.Replace("{" + name + "}", field, StringComparison.Ordinal);
        }

        Assert.Equal(rendered, TextScrubber.Scrub(rendered));
    }

    [Theory]
    [InlineData("{key}={value}", "password", "hunter2", "password", "[REDACTED]")]
    [InlineData("{key}={value}", "mode", "fast", "mode", "fast")]
    [InlineData("Card {head}-{tail}", "4111-1111", "1111-1111", "[REDACTED]", "[REDACTED]")]
    [InlineData("Card {head}-{tail}", "12", "34", "12", "34")]
    [InlineData("{a}{b}", "ada@exam", "ple.org", "[REDACTED]", "[REDACTED]")]
    [InlineData("{a}{b}", "ada", "lovelace", "ada", "lovelace")]
    public void Values_glued_to_each_other_are_redacted_in_their_fields_only_where_together_they_make_what_the_message_redacts(
        string template, string first, string second, string firstField, string secondField)
    {
        var names = template.Split('{').Skip(1).Select(p => p[..p.IndexOf('}', StringComparison.Ordinal)]).ToArray();
        var source = $$"""
            using Instrumentation;
            using Microsoft.Extensions.Logging;

            public static partial class Log
            {
                [LogMethod(LogLevel.Information, "{{template}}")]
                public static partial void Glued(ILogger logger, string {{names[0]}}, string {{names[1]}});

                public static void Run(ILogger logger) => Glued(logger, "{{first}}", "{{second}}");
            }
            """;

        var run = GeneratorHarness.Run(new LogMethodGenerator(), source);

        Assert.Empty(run.Problems);
        var logger = new RecordingLogger();
        run.Load().GetType("Log")!.GetMethod("Run")!.Invoke(null, new object[] { logger });
        var (message, state) = Assert.Single(logger.Entries);
        Assert.Equal(TextScrubber.Scrub(template.Replace("{" + names[0] + "}", first, StringComparison.Ordinal).Replace("{" + names[1] + "}", second, StringComparison.Ordinal)), message);
        Assert.Equal(firstField, state[names[0]]);
        Assert.Equal(secondField, state[names[1]]);
    }

    [Fact]
    public void Clean_templates_get_no_INS0106_or_INS0107_and_format_without_the_whole_line_scrub()
    {
        const string source = """
            using Instrumentation;
            using Microsoft.Extensions.Logging;

            public static partial class Log
            {
                [LogMethod(LogLevel.Information, "Device {id} sent {count} frames")]
                public static partial void Sent(ILogger logger, string id, int count);

                [LogMethod(LogLevel.Information, "{user} logged in")]
                public static partial void LoggedIn(ILogger logger, string user);

                [LogMethod(LogLevel.Information, "Token {id} of {count}: {state} ({path}/{file}) id={key} at {host}:{port}")]
                public static partial void Ids(ILogger logger, string id, int count, string state, string path, string file, string key, string host, int port);
            }
            """;

        var run = GeneratorHarness.Run(new LogMethodGenerator(), source);

        Assert.Empty(run.Problems);
        Assert.Empty(run.GeneratorDiagnostics.Select(d => d.GetMessage(CultureInfo.InvariantCulture)));
        var generated = run.GeneratedSources["Logging.Log.g.cs"];
        Assert.DoesNotContain("TextScrubber.Scrub(", generated, StringComparison.Ordinal);
        Assert.DoesNotContain("TextBetween(", generated, StringComparison.Ordinal);
        Assert.DoesNotContain("= true;", generated, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Login password=", "", true, false)]
    [InlineData("Authorization: Bearer ", "", true, false)]
    [InlineData("{\"token\":\"", "\"}", true, false)]
    [InlineData("X-Api-Key: ", " sent", true, false)]
    [InlineData("password is ", "", false, false)]
    [InlineData("max_tokens=", "", false, false)]
    [InlineData("", "@example.org", false, true)]
    [InlineData("Device ", " sent", false, false)]
    [InlineData("id=", " ok", false, false)]
    [InlineData("<Password>", "</Password>", true, false)] // the scrubber's XML, option and Authorization-scheme rules
    [InlineData("docker login --password ", " registry", true, false)]
    [InlineData("Authorization: Token ", "", true, false)]
    [InlineData("<Note>", "</Note>", false, false)]
    [InlineData("--verbose ", "", false, false)]
    [InlineData("Cookie: ", "", true, false)] // the cookie header rule: its value is the placeholder's, not the literal's space
    [InlineData("Set-Cookie: ", "; Path=/", true, false)]
    [InlineData("alert to https://hooks.slack.com/services/", "", true, false)] // a chat webhook's secret path
    [InlineData("alert to https://discord.com/api/webhooks/12/", " failed", true, false)]
    [InlineData("see https://api.slack.com/", "", false, false)]
    public void The_position_of_a_placeholder_is_decided_by_the_scrubber_s_own_rules(string before, string after, bool secret, bool glued)
    {
        var parts = new[]
        {
            new TemplatePart(false, before, null, null, -1),
            new TemplatePart(true, "x", null, null, 0),
            new TemplatePart(false, after, null, null, -1),
        }.Where(p => p.IsPlaceholder || p.Text.Length > 0).ToList();

        var finding = PlaceholderContext.Of(parts, _ => true).FirstOrDefault(f => f is not null);

        Assert.Equal(secret, finding?.SecretByPosition ?? false);
        Assert.Equal(glued, finding?.Glued ?? false);
    }

    [Fact]
    public void A_cookie_header_template_keeps_its_literal_text_and_redacts_the_value_by_its_position()
    {
        // The cookie header rule took the literal's trailing space for the header's value ("Cookie:[REDACTED]{value}"), so
        // the placeholder was no longer after a secret name and the cookie went out in clear (a verifier's trial).
        Assert.Equal("Cookie: ", TemplateLiteralScrubber.Scrub("Cookie: ").Text);
        const string source = """
            using Instrumentation;
            using Microsoft.Extensions.Logging;

            public static partial class Log
            {
                [LogMethod(LogLevel.Information, "Cookie: {value}")]
                public static partial void Cookie(ILogger logger, string value);

                public static void Run(ILogger logger) => Cookie(logger, "theme=dark; sid=COOKIETPL-CANARY");
            }
            """;

        var run = GeneratorHarness.Run(new LogMethodGenerator(), source);
        Assert.Empty(run.Problems);
        var logger = new RecordingLogger();
        run.Load().GetType("Log")!.GetMethod("Run")!.Invoke(null, new object[] { logger });

        Assert.Equal("Cookie: [REDACTED]", Assert.Single(logger.Entries).Message);
    }
}
