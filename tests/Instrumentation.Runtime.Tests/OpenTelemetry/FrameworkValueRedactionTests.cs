using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Instrumentation.OpenTelemetry;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using Xunit;

namespace Instrumentation.Runtime.Tests.OpenTelemetry;

/// <summary>
/// A hand-written line's value of a framework type — a <c>Uri</c> with a password, an exception passed as a value, a
/// <c>JsonElement</c>, a <c>MailAddress</c>, a <c>StringBuilder</c> — reached the OTLP and console exporters as it was
/// (they write its text), as attributes and as scope values, while the SDK's JSON console scrubbed the same line (a sinks
/// trial: <c>postgres://app:Hunter2Canary@db…</c> in the OTLP payload). Such values are now their scrubbed text; numbers,
/// flags, dates and Guids keep their type.
/// </summary>
public sealed class FrameworkValueRedactionTests
{
    private const string Password = "Hunter2Canary";
    private const string Email = "ada.canary@example.com";

    [Fact]
    public void Framework_typed_values_and_scope_values_reach_later_processors_as_scrubbed_text_and_scalars_keep_their_type()
    {
        var processor = new AttributeReadingProcessor();
        using (var factory = LoggerFactory.Create(b => b.AddOpenTelemetry(o =>
        {
            o.IncludeScopes = true;
            o.AddInstrumentationProcessor().AddProcessor(processor);
        })))
        {
            var logger = factory.CreateLogger("Tests.FrameworkValues");
#pragma warning disable CA1848 // hand-written lines are what is tested
            using (logger.BeginScope(new Dictionary<string, object?> { ["Callback"] = new Uri("https://ada:" + Password + "@hooks.example.net/cb?token=tokCANARY0123456789") }))
            {
                logger.LogInformation("Connecting to {Endpoint}", new Uri("postgres://app:" + Password + "@db.internal:5432/shop"));
            }

            logger.LogError("Charge failed: {Error}", new InvalidOperationException("card 4111111111111111 declined for " + Email));
            logger.LogInformation("Request body {Body}", System.Text.Json.JsonDocument.Parse("{\"email\":\"" + Email + "\",\"password\":\"" + Password + "\"}").RootElement);
            logger.LogInformation("Notify {Recipient} {Note}", new System.Net.Mail.MailAddress(Email, "Ada Canarylace"), new StringBuilder("reach " + Email));
            logger.LogInformation("Counted {Count} {Ok} {At} {Id}", 42, true, new DateTime(2026, 12, 6, 0, 0, 0, DateTimeKind.Utc), Guid.Empty);
#pragma warning restore CA1848
        }

        var records = processor.Records;
        Assert.Equal("postgres://app:[REDACTED]@db.internal:5432/shop", records[0]["Endpoint"]);
        Assert.Equal("https://ada:[REDACTED]@hooks.example.net/cb?token=[REDACTED]", processor.Scopes[0]["Callback"]);
        Assert.StartsWith("System.InvalidOperationException: card [CARD] declined for [EMAIL]", (string)records[1]["Error"]!, StringComparison.Ordinal);
        Assert.Equal("{\"email\":\"[EMAIL]\",\"password\":\"[REDACTED]\"}", records[2]["Body"]);
        Assert.Equal("reach [EMAIL]", records[3]["Note"]);
        // A MailAddress is personal data by its type: its display name goes with its address (the scrubber kept the name).
        Assert.DoesNotContain(Email, (string)records[3]["Recipient"]!, StringComparison.Ordinal);
        Assert.DoesNotContain("Canarylace", (string)records[3]["Recipient"]!, StringComparison.Ordinal);
        Assert.Equal(42, records[4]["Count"]);
        Assert.Equal(true, records[4]["Ok"]);
        Assert.IsType<DateTime>(records[4]["At"]);
        Assert.Equal(Guid.Empty, records[4]["Id"]);
        var texts = records.Concat(processor.Scopes).SelectMany(r => r.Values).Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty)
            .Concat(processor.Messages).ToList();
        Assert.DoesNotContain(texts, t => t.Contains(Password, StringComparison.Ordinal) || t.Contains(Email, StringComparison.Ordinal) || t.Contains("4111111111111111", StringComparison.Ordinal) || t.Contains("Canarylace", StringComparison.Ordinal));
    }

    [Fact]
    public void A_value_in_a_hole_the_scrubber_redacts_by_position_is_redacted_in_its_attribute_too()
    {
        // "Cookie: {C}" wrote "Cookie: [REDACTED]" in the message but C=sid=… to the exporter (a verifier's trial): the
        // hole's name says nothing secret, its position does.
        var processor = new AttributeReadingProcessor();
        using (var factory = LoggerFactory.Create(b => b.AddOpenTelemetry(o => o.AddInstrumentationProcessor().AddProcessor(processor))))
        {
            var logger = factory.CreateLogger("Tests.Positions");
#pragma warning disable CA1848, CA2254 // hand-written lines are what is tested
            logger.LogInformation("Cookie: {C}", "sid=HANDTPL-CANARY");
            logger.LogInformation("login password={p} for {user}", "Hunter2Canary", "ada");
            logger.LogInformation("Authorization: Bearer {t}", "tok0123456789CANARY");
            logger.LogInformation("Processed {count} items for {user}", 3, "ada");
#pragma warning restore CA1848, CA2254
        }

        var records = processor.Records;
        Assert.Equal("[REDACTED]", records[0]["C"]);
        Assert.Equal("Cookie: [REDACTED]", processor.Messages[0]);
        Assert.Equal("[REDACTED]", records[1]["p"]);
        Assert.Equal("ada", records[1]["user"]);
        Assert.Equal("login password=[REDACTED] for {user}", processor.Messages[1]); // the body: the template, scrubbed
        Assert.Equal("[REDACTED]", records[2]["t"]);
        Assert.Equal(3, records[3]["count"]);
        Assert.Equal("ada", records[3]["user"]);
        Assert.Equal("Processed {count} items for {user}", processor.Messages[3]);
        var texts = records.SelectMany(r => r.Values).Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty).Concat(processor.Messages);
        Assert.DoesNotContain(texts, t => t.Contains("CANARY", StringComparison.OrdinalIgnoreCase));
    }

    private sealed class AttributeReadingProcessor : BaseProcessor<LogRecord>
    {
        public List<Dictionary<string, object?>> Records { get; } = new();

        public List<Dictionary<string, object?>> Scopes { get; } = new();

        public List<string> Messages { get; } = new();

        public override void OnEnd(LogRecord data)
        {
            Records.Add((data.Attributes ?? new List<KeyValuePair<string, object?>>()).ToDictionary(a => a.Key, a => a.Value));
            Messages.Add(data.FormattedMessage ?? data.Body ?? string.Empty);
            var scopes = new Dictionary<string, object?>();
            data.ForEachScope(static (scope, map) =>
            {
                foreach (var field in scope)
                {
                    map[field.Key] = field.Value;
                }
            }, scopes);
            Scopes.Add(scopes);
        }
    }
}
