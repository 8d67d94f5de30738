using System;
using System.Linq;
using Instrumentation.Generators.Logging;
using Instrumentation.Generators.Tests.Infrastructure;
using Instrumentation.Redaction;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Instrumentation.Generators.Tests.Logging;

/// <summary>
/// INS0105: a template's literal text is written as the run-time scrubber writes a hand-written line (a red team's
/// finding: "Alert mailed to ops@example.org for {device}" reached every sink, where the same hand-written line is scrubbed).
/// </summary>
public sealed partial class LogMethodGeneratorTests
{
    private const string SecretTemplates = """
        using Instrumentation;
        using Microsoft.Extensions.Logging;

        public static partial class Log
        {
            [LogMethod(LogLevel.Warning, "Alert mailed to ops@example.org for {device}")]
            public static partial void Alerted(ILogger logger, string device);

            [LogMethod(LogLevel.Warning, "Retrying with password=hunter2 and Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.c2lnbmF0dXJl for {device}")]
            public static partial void Retrying(ILogger logger, string device);

            [LogMethod(LogLevel.Information, "Test card 4111 1111 1111 1111 and ssn 078-05-1120 used")]
            public static partial void TestData(ILogger logger);

            public static void Run(ILogger logger)
            {
                Alerted(logger, "dev-1");
                Retrying(logger, "dev-2");
                TestData(logger);
            }
        }
        """;

    [Fact]
    public void INS0105_literal_text_is_written_as_the_run_time_scrubber_writes_a_hand_written_line()
    {
        var run = GeneratorHarness.Run(new LogMethodGenerator(), SecretTemplates);

        Assert.Empty(run.Problems);
        var logger = new RecordingLogger();
        run.Load().GetType("Log")!.GetMethod("Run")!.Invoke(null, new object[] { logger });

        // The sink's text is what the scrubber makes of the same line written by hand, and the template field agrees.
        Assert.Equal(
            new[]
            {
                TextScrubber.Scrub("Alert mailed to ops@example.org for dev-1"),
                TextScrubber.Scrub("Retrying with password=hunter2 and Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.c2lnbmF0dXJl for dev-2"),
                TextScrubber.Scrub("Test card 4111 1111 1111 1111 and ssn 078-05-1120 used"),
            },
            logger.Entries.Select(e => e.Message).ToArray());
        Assert.Equal(
            new[]
            {
                "Alert mailed to [EMAIL] for dev-1",
                "Retrying with password=[REDACTED] and Authorization: Bearer [REDACTED] for dev-2",
                "Test card [CARD] and ssn [SSN] used",
            },
            logger.Entries.Select(e => e.Message).ToArray());
        Assert.Equal(
            new[]
            {
                "Alert mailed to [EMAIL] for {device}",
                "Retrying with password=[REDACTED] and Authorization: Bearer [REDACTED] for {device}",
                "Test card [CARD] and ssn [SSN] used",
            },
            logger.Entries.Select(e => e.State["{OriginalFormat}"]).ToArray());

        // Nor does any generated source (the log methods, the telemetry catalog) carry what was found.
        foreach (var secret in new[] { "ops@example.org", "hunter2", "eyJhbGci", "4111 1111", "078-05-1120" })
        {
            Assert.DoesNotContain(run.GeneratedSources, s => s.Value.Contains(secret, StringComparison.Ordinal));
        }

        Snapshot.Match("Logging.TemplateText", run.GeneratedSources["Logging.Log.g.cs"]);
    }

    [Fact]
    public void INS0105_is_a_warning_at_the_template_that_says_what_was_found_without_repeating_it()
    {
        var run = GeneratorHarness.Run(new LogMethodGenerator(), SecretTemplates);

        Assert.Equal(new[] { "INS0105", "INS0105", "INS0105" }, run.GeneratorDiagnostics.Select(d => d.Id).ToArray());
        Assert.All(run.GeneratorDiagnostics, d => Assert.Equal(DiagnosticSeverity.Warning, d.Severity));
        Assert.Equal(
            new[]
            {
                "The message template of 'Log.Alerted(ILogger, string)' holds an e-mail address in its literal text: the generated log writes [EMAIL] instead, as the run-time scrubber does. Move the value out of the template: pass it as a parameter, classified [SecretData] or [PersonalData].",
                "The message template of 'Log.Retrying(ILogger, string)' holds a secret value after a secret name (such as password=…) and a bearer token in its literal text: the generated log writes [REDACTED] instead, as the run-time scrubber does. Move the value out of the template: pass it as a parameter, classified [SecretData] or [PersonalData].",
                "The message template of 'Log.TestData(ILogger)' holds a social security number and a payment card number in its literal text: the generated log writes [SSN] and [CARD] instead, as the run-time scrubber does. Move the value out of the template: pass it as a parameter, classified [SecretData] or [PersonalData].",
            },
            run.GeneratorDiagnostics.Select(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).ToArray());

        // At the template argument itself: its text, and where it starts (line 6, column 34 of the source: zero-based 5, 33).
        var first = run.GeneratorDiagnostics[0].Location;
        Assert.Equal("\"Alert mailed to ops@example.org for {device}\"", first.SourceTree!.GetText().ToString(first.SourceSpan));
        Assert.Equal(new Microsoft.CodeAnalysis.Text.LinePosition(5, 33), first.GetLineSpan().StartLinePosition);
        Assert.Equal("/src/File0.cs", first.GetLineSpan().Path);
        Assert.Equal(
            new[]
            {
                "\"Alert mailed to ops@example.org for {device}\"",
                "\"Retrying with password=hunter2 and Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.c2lnbmF0dXJl for {device}\"",
                "\"Test card 4111 1111 1111 1111 and ssn 078-05-1120 used\"",
            },
            run.GeneratorDiagnostics.Select(d => d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan)).ToArray());
    }

    [Fact]
    public void INS0105_is_at_a_named_template_argument_and_at_a_constant_template()
    {
        const string source = """
            using Instrumentation;
            using Microsoft.Extensions.Logging;

            public static partial class Log
            {
                private const string Template = "Mailed ops@example.org about {x}";

                [LogMethod(message: "Mailed ops@example.org about {x}", level: LogLevel.Warning)]
                public static partial void Named(ILogger logger, int x);

                [LogMethod(LogLevel.Warning, Template)]
                public static partial void Constant(ILogger logger, int x);
            }
            """;

        var run = GeneratorHarness.Run(new LogMethodGenerator(), source);

        Assert.Empty(run.Problems);
        Assert.Equal(
            new[] { "\"Mailed ops@example.org about {x}\"", "Template" },
            run.GeneratorDiagnostics.Where(d => d.Id == "INS0105").Select(d => d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan)).ToArray());
        Assert.DoesNotContain(run.GeneratedSources, s => s.Value.Contains("ops@example.org", StringComparison.Ordinal));
    }

    [Fact]
    public void INS0105_scrubs_literal_text_between_placeholders_keeps_placeholders_as_written_and_braces_escaped()
    {
        // Literal braces ({{ }}) are read as braces, scrubbed, and doubled again; a placeholder with spaces around its alignment
        // or a format is kept exactly as written, and its value is never taken for a secret value ({device, -8 }).
        const string source = """
            using System;
            using Instrumentation;
            using Microsoft.Extensions.Logging;

            public static partial class Log
            {
                [LogMethod(LogLevel.Information, "{{\"api_key\": \"k-123\"}} for {device, -8 }| at {at:yyyy\\-MM} {{ops@example.org}}")]
                public static partial void Configured(ILogger logger, string device, DateTime at);

                public static void Run(ILogger logger) => Configured(logger, "dev-1", new DateTime(2026, 5, 17, 0, 0, 0, DateTimeKind.Utc));
            }
            """;

        var run = GeneratorHarness.Run(new LogMethodGenerator(), source);

        Assert.Empty(run.Problems);
        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("INS0105", diagnostic.Id);
        Assert.Contains("holds a secret value after a secret name (such as password=…) and an e-mail address in its literal text", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var logger = new RecordingLogger();
        run.Load().GetType("Log")!.GetMethod("Run")!.Invoke(null, new object[] { logger });

        var (message, state) = Assert.Single(logger.Entries);
        Assert.Equal(TextScrubber.Scrub("{\"api_key\": \"k-123\"} for dev-1   | at 2026-05 {ops@example.org}"), message);
        Assert.Equal("{\"api_key\": \"[REDACTED]\"} for dev-1   | at 2026-05 {[EMAIL]}", message);
        Assert.Equal("{{\"api_key\": \"[REDACTED]\"}} for {device, -8 }| at {at:yyyy\\-MM} {{[EMAIL]}}", state["{OriginalFormat}"]);
        Assert.Equal("dev-1", state["device"]);
        Assert.DoesNotContain(run.GeneratedSources, s => s.Value.Contains("k-123", StringComparison.Ordinal) || s.Value.Contains("ops@example.org", StringComparison.Ordinal));
    }

    [Fact]
    public void A_clean_template_gets_no_INS0105_and_is_written_as_it_is()
    {
        // Words the scrubber leaves alone: secret words without a value, ids, versions, timestamps, escaped braces.
        const string template = "Password reset for {email}; {count} tokens: ok, version 10.0.401, order 1234567890123, {{ts}} at {at, 12 :F1}";
        const string source = """
            using Instrumentation;
            using Microsoft.Extensions.Logging;

            public static partial class Log
            {
                [LogMethod(LogLevel.Information, "Password reset for {email}; {count} tokens: ok, version 10.0.401, order 1234567890123, {{ts}} at {at, 12 :F1}")]
                public static partial void Reset(ILogger logger, [PersonalData] string email, int count, double at);

                public static void Run(ILogger logger) => Reset(logger, "ada@example.org", 3, 1.5);
            }
            """;

        var run = GeneratorHarness.Run(new LogMethodGenerator(), source);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Problems);
        Assert.Contains("new(\"" + template + "\", OwnFields)", run.GeneratedSources["Logging.Log.g.cs"], StringComparison.Ordinal);
        var logger = new RecordingLogger();
        run.Load().GetType("Log")!.GetMethod("Run")!.Invoke(null, new object[] { logger });

        var (message, state) = Assert.Single(logger.Entries);
        Assert.Equal("Password reset for [REDACTED]; 3 tokens: ok, version 10.0.401, order 1234567890123, {ts} at          1.5", message);
        Assert.Equal(template, state["{OriginalFormat}"]);
    }

    // The compile-time scrubber is the run-time one: the same patterns, name rule and card rule, in the same order
    // (the run-time scrubber's corpus, TextScrubberTests, what it replaces and what it leaves alone).
    [Theory]
    [InlineData("contact ada.lovelace+x@example.co.uk now")]
    [InlineData("Start processing HTTP request GET http://127.0.0.1:5301/users/erin.leak%40example.com?*")]
    [InlineData("ssn 078-05-1120 on file, ssn 078 05 1120 on file")]
    [InlineData("login password=hunter2 token=abc.def passwd=hunter2 pwd: letmein")]
    [InlineData("api_key: sk_live_123, secret = 's3'")]
    [InlineData("clientSecret=abc123 X-Api-Key: k-123 connect (/ws?token=abc123) failed. rejected token=abc123.")]
    [InlineData("password=\"two words\" kept")]
    [InlineData("{\"user\":\"ada\",\"password\": \"p@ss \\\"w\"} {\"password\": 12345678} {\"db_password\":true,\"count\":3}")]
    [InlineData("body: {\\\"user\\\":\\\"bob\\\",\\\"password\\\":\\\"hunter2 x\\\",\\\"n\\\":1} {\\\"pin_token\\\": 1234}")]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=Zm9vYmFy+/==;EndpointSuffix=core.windows.net")]
    [InlineData("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG secret_key: abc signing-key=k1 masterKey=m1")]
    [InlineData("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln")]
    [InlineData("password=(hunter2) password=[hunter2] password={hunter2} password=<hunter2>")]
    [InlineData("card 4111 1111 1111 1111 declined, 4111-1111-1111-1111, card4111111111111111x, ref 1234 4111 1111 1111 1111")]
    [InlineData("amex 3782 822463 10005 and 378282246310005, 13 digits 4222222222222, 19 digits 4111111111111111110")]
    [InlineData("\u767b\u5f55\u5931\u8d25\u7528\u6237ada@example.com\u4e0d\u5b58\u5728 jos\u00e9@example.com ada\u200b@example.com")]
    [InlineData("password=hunter2 bob@example.com 4111 1111 1111 1111 078-05-1120 {\"token\": 5}")]
    [InlineData("card 4111111111111112 is not luhn, order 1234567890123, ts 1715950245128, amount 4111111111111111.1 EUR")]
    [InlineData("max_tokens=100 token_count=5 tokens: 7 secretary=Jane passwordless=true hotkey=F5 SharedAccessKeyName=root")]
    [InlineData("not an ssn 000-12-3456, phone +1 555 123 4567, progress at 50%, npm i lodash@4.17.21, user@localhost")]
    [InlineData("at 2024-05-17T10:00:00.123Z for 550e8400-e29b-41d4-a716-446655440000")]
    [InlineData("pwd=x")]
    [InlineData("connecting to postgres://app:S3cr3t!@db:5432/app, amqp://guest:guest@rabbitmq, https://alice:s3cret@example.com/x")]
    [InlineData("ssh://git@host:22/repo http://user@localhost/ https://host/a:b@c https://[::1]:8443/a@b")]
    [InlineData("Authorization: Basic dXNlcjpCYXNpY0xlYWs= and jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJKd3RMZWFrIn0.c2ln, password=Hunter2Leak!")]
    [InlineData("basic configuration, Basic Internationalization, eyJhbGciOi.header only")]
    [InlineData("alert via https://hooks.slack.com/services/T0A1B2C3D/B0E4F5G6H/q8W2eR4tY6uI8oP0 and https://discord.com/api/webhooks/1/abc, see https://api.slack.com/x")]
    [InlineData("")]
    public void The_compile_time_scrubber_writes_what_the_run_time_scrubber_writes(string text)
    {
        var (scrubbed, found) = TemplateLiteralScrubber.Scrub(text);

        Assert.Equal(TextScrubber.Scrub(text), scrubbed);
        Assert.Equal(scrubbed != text, found != LiteralFindings.None);
    }
}
