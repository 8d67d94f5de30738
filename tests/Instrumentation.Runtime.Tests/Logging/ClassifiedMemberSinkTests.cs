using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using Instrumentation.Logging;
using Instrumentation.OpenTelemetry;
using Instrumentation.Redaction;
using Instrumentation.Runtime.Tests.Infrastructure;
using Instrumentation.Runtime.Tests.OpenTelemetry;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Xunit;

namespace Instrumentation.Runtime.Tests.Logging;

/// <summary>A user type with classified members whose <c>ToString()</c> prints them all (what a user would write).</summary>
public sealed class CanaryAccount
{
    public string Name { get; init; } = string.Empty;

    [PersonalData]
    public string Email { get; init; } = string.Empty;

    [PersonalData]
    public string Phone { get; init; } = string.Empty;

    public override string ToString() => "Account " + Name + " " + Email + " " + Phone;
}

/// <summary>A positional record with classified members.</summary>
public sealed record CanaryMember(string Handle, [PersonalData] string Email, [SecretData] string Password);

public sealed class CanaryMemberService
{
    [Operation("member.update")]
    public void Update([SpanAttribute("account")] CanaryAccount account, [LogField("member")] CanaryMember member, [SpanAttribute] string note, ILogger logger)
    {
        logger.LogInformation("updating {Handle}", member.Handle);
    }
}

/// <summary>
/// Issue 13: a value whose type has classified members reaches span attributes (real OpenTelemetry SDK) and log
/// fields of every line written in the operation (real logger providers: a plain one with our JSON line, and the
/// OpenTelemetry one) with its classified members redacted — never through its <c>ToString()</c>.
/// </summary>
public sealed class ClassifiedMemberSinkTests : IDisposable
{
    private const string Email = "canary.jdoe@example.org";
    private const string Phone = "555-0142-7781";
    private const string Password = "Canary-Pa55-word";

    private readonly CapturingLoggerProvider _provider = new();
    private readonly CapturingLogProcessor _otel = new();
    private readonly ILoggerFactory _factory;

    public ClassifiedMemberSinkTests()
    {
        Redactors.Reset();
        _factory = LoggerFactory.Create(b => b
            .SetMinimumLevel(LogLevel.Trace)
            .AddProvider(_provider)
            .AddOpenTelemetry(o =>
            {
                o.IncludeFormattedMessage = true;
                o.AddInstrumentationProcessor().AddProcessor(_otel);
            }));
        InstrumentationLogging.Use(_factory);
    }

    public void Dispose()
    {
        InstrumentationLogging.Reset();
        Redactors.Reset();
        _factory.Dispose();
    }

    [Fact]
    public void Span_attribute_and_log_field_of_types_with_classified_members_carry_no_classified_value()
    {
        var spans = new CollectingProcessor();
        using (Sdk.CreateTracerProviderBuilder().AddSource(TelemetryCapture.GeneratedName).SetSampler(new AlwaysOnSampler()).AddProcessor(spans).Build())
        {
            var logger = _factory.CreateLogger("Tests.Canary");
            new CanaryMemberService().Update(
                new CanaryAccount { Name = "jdoe", Email = Email, Phone = Phone },
                new CanaryMember("jdoe-handle", Email, Password),
                "reach me at " + Email,
                logger);
        }

        var span = Assert.Single(spans.Exported, a => a.OperationName == "member.update");
        var account = Assert.IsType<string>(span.GetTagItem("account"));
        Assert.Equal("CanaryAccount { Name = jdoe, Email = [REDACTED], Phone = [REDACTED] }", account);
        Assert.Equal("reach me at [EMAIL]", span.GetTagItem("note"));

        Assert.Single(_provider.Logs, l => l.Message == "updating jdoe-handle");
        var record = Assert.Single(_otel.Records, r => r.FormattedMessage == "updating jdoe-handle");
        Assert.Equal("CanaryMember { Handle = jdoe-handle, Email = [REDACTED], Password = [REDACTED] }", record.Attribute("member"));

        var texts = span.TagObjects.Select(t => t.Key + "=" + t.Value)
            .Concat(_provider.Logs.SelectMany(l => l.Texts()))
            .Concat(_otel.Records.SelectMany(r => r.Texts()))
            .ToList();
        foreach (var canary in new[] { Email, Phone, Password })
        {
            var leak = texts.FirstOrDefault(t => t.Contains(canary, StringComparison.Ordinal));
            Assert.True(leak is null, "'" + canary + "' reached a sink: " + leak);
        }
    }

    [Fact]
    public void A_hand_written_log_of_an_object_with_classified_members_reaches_OpenTelemetry_redacted()
    {
        var logger = _factory.CreateLogger("Tests.HandWritten");

        logger.LogInformation("updated {Account}", new CanaryAccount { Name = "jdoe", Email = Email, Phone = Phone });

        var record = Assert.Single(_otel.Records);
        Assert.Equal("CanaryAccount { Name = jdoe, Email = [REDACTED], Phone = [REDACTED] }", record.Attribute("Account"));
        Assert.Equal("updated CanaryAccount { Name = jdoe, Email = [REDACTED], Phone = [REDACTED] }", record.FormattedMessage);
        Assert.DoesNotContain(record.Texts(), t => t.Contains(Phone, StringComparison.Ordinal) || t.Contains(Email, StringComparison.Ordinal));
    }

    [Fact]
    public void A_microsoft_library_object_with_nothing_to_redact_keeps_its_own_text_scrubbed()
    {
        // ASP.NET Core logs "Executed endpoint '{EndpointName}'" with a RouteEndpoint whose ToString() is its display
        // name; rendered member by member it became a 2 KB attribute (found in davidfowl/TodoApi's OTLP logs).
        var logger = _factory.CreateLogger("Tests.ThirdParty");
        var endpoint = new Microsoft.AspNetCore.Routing.RouteEndpoint(
            _ => System.Threading.Tasks.Task.CompletedTask,
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternFactory.Parse("/todos/"),
            0,
            Microsoft.AspNetCore.Http.EndpointMetadataCollection.Empty,
            "HTTP: POST /todos/ by ada@example.com");

        logger.LogInformation("Executed endpoint '{EndpointName}'", endpoint);

        var record = Assert.Single(_otel.Records);
        Assert.Equal("HTTP: POST /todos/ by [EMAIL]", record.Attribute("EndpointName"));
        Assert.Equal("Executed endpoint 'HTTP: POST /todos/ by [EMAIL]'", record.FormattedMessage);
    }

    [Fact]
    public void A_hand_written_message_without_placeholders_is_scrubbed_where_the_exporter_reads_it()
    {
        // The OTLP exporter sends the template ({OriginalFormat}, the record's body); without placeholders it is the
        // whole text, and a newcomer's trial saw "password=hunter2 for bob@example.com" exported in clear.
        var logger = _factory.CreateLogger("Tests.Literal");

        logger.LogWarning("hand-written password=" + Password + " for " + Email);
        logger.LogWarning($"interpolated for {Email}");

        var records = _otel.Records.ToArray();
        Assert.Equal(2, records.Length);
        Assert.Equal("hand-written password=[REDACTED] for [EMAIL]", records[0].Attribute("{OriginalFormat}"));
        Assert.Equal("interpolated for [EMAIL]", records[1].Attribute("{OriginalFormat}"));
        Assert.DoesNotContain(records.SelectMany(r => r.Texts()), t => t.Contains(Password, StringComparison.Ordinal) || t.Contains(Email, StringComparison.Ordinal));
    }

    [Fact]
    public void The_apps_own_objects_are_rendered_by_members_whatever_their_ToString_prints()
    {
        // A review of the rule above found each of these leaking when it applied to every type with a ToString()
        // override: a nested object's classified member, a private secret field, an anonymous type over a record.
        var logger = _factory.CreateLogger("Tests.OwnTypes");

        logger.LogInformation("Order {Order}", new PrintingOrder("o-1", new CanaryAccount { Name = "jdoe", Email = Email, Phone = Phone }));
        logger.LogInformation("Connection {Connection}", new PrintingConnection("db.local", Password));
        logger.LogInformation("Wrapped {Value}", new { Member = new CanaryMember("jdoe-handle", Email, Password) });
        logger.LogInformation("Accounts {Accounts}", new List<CanaryAccount> { new() { Name = "jdoe", Email = Email, Phone = Phone } });

        var records = _otel.Records.ToArray();
        Assert.Equal(4, records.Length);
        Assert.Equal("PrintingOrder { Number = o-1, Account = CanaryAccount { Name = jdoe, Email = [REDACTED], Phone = [REDACTED] } }", records[0].Attribute("Order"));
        Assert.Equal("PrintingConnection { Host = db.local }", records[1].Attribute("Connection"));
        Assert.Equal("{ Member = CanaryMember { Handle = jdoe-handle, Email = [REDACTED], Password = [REDACTED] } }", records[2].Attribute("Value"));
        Assert.Equal("[CanaryAccount { Name = jdoe, Email = [REDACTED], Phone = [REDACTED] }]", records[3].Attribute("Accounts"));
        Assert.DoesNotContain(records.SelectMany(r => r.Texts()), t => t.Contains(Password, StringComparison.Ordinal) || t.Contains(Email, StringComparison.Ordinal) || t.Contains(Phone, StringComparison.Ordinal));
    }

    [Fact]
    public void An_IFormattable_object_logged_with_a_format_or_an_alignment_reaches_the_message_redacted()
    {
        // Microsoft.Extensions.Logging writes "{Card:full}" as the value's ToString("full", invariant culture): the
        // message is replaced by the rendered text only where it finds the text it wrote, so each format is looked up.
        var logger = _factory.CreateLogger("Tests.Formattable");
        var card = new FormattableCard("jdoe", Email);

        logger.LogInformation("Card {Card:full} for [{Owner,12}] again {Card2,-40:full} and {Card3}", card, "jdoe", card, card);

        var record = Assert.Single(_otel.Records);
        Assert.Equal("FormattableCard { Holder = jdoe, Email = [REDACTED] }", record.Attribute("Card"));
        Assert.DoesNotContain(Email, record.FormattedMessage, StringComparison.Ordinal);
        Assert.Equal(
            "Card FormattableCard { Holder = jdoe, Email = [REDACTED] } for [        jdoe] again FormattableCard { Holder = jdoe, Email = [REDACTED] } and FormattableCard { Holder = jdoe, Email = [REDACTED] }",
            record.FormattedMessage);
        Assert.DoesNotContain(record.Texts(), t => t.Contains(Email, StringComparison.Ordinal));
    }

    [Fact]
    public void A_value_that_repeats_in_the_message_is_replaced_where_it_stands_only()
    {
        // The message was fixed by replacing a rendered object's ToString() wherever it occurred: a short text (here the
        // holder's name) also replaced the same word in other arguments and inside the text just put in.
        var logger = _factory.CreateLogger("Tests.Repeats");

        logger.LogInformation("{Owner} owns {Card}", "jdoe", new FormattableCard("jdoe", Email));

        var record = Assert.Single(_otel.Records);
        Assert.Equal("jdoe owns FormattableCard { Holder = jdoe, Email = [REDACTED] }", record.FormattedMessage);
    }

    [Fact]
    public void A_record_whose_redaction_fails_is_exported_without_its_values_not_in_clear()
    {
        // The processor caught the failure and left the record as it was: the secret-named value found before it
        // (its attributes are replaced at the end) went to the exporter in clear.
        var logger = _factory.CreateLogger("Tests.Failing");

        logger.Log(LogLevel.Information, default, new JsonConsoleRedactionTests.CustomState(Password), null, static (_, _) => "token " + Password);

        var record = Assert.Single(_otel.Records);
        Assert.DoesNotContain(record.Texts(), t => t.Contains(Password, StringComparison.Ordinal));
        Assert.Equal(true, record.Attribute("instrumentation.redaction_failed"));
    }

    [Fact]
    public void A_hand_written_object_is_rendered_once_for_the_attributes_and_the_message()
    {
        // The processor rendered it for the attribute and again for the message.
        var logger = _factory.CreateLogger("Tests.Once");
        var counted = new CountedReads();

        logger.LogInformation("read {Counted}", counted);

        Assert.Equal("read CountedReads { Name = jdoe }", Assert.Single(_otel.Records).FormattedMessage);
        Assert.Equal(1, counted.Reads());
    }

    private sealed class CountedReads
    {
        private int _reads;

        public string Name
        {
            get
            {
                _reads++;
                return "jdoe";
            }
        }

        public int Reads() => _reads;
    }

    private sealed class FormattableCard(string holder, string email) : IFormattable
    {
        public string Holder { get; } = holder;

        [PersonalData]
        public string Email { get; } = email;

        public override string ToString() => Holder;

        public string ToString(string? format, IFormatProvider? formatProvider) => format == "full" ? Holder + " <" + Email + ">" : Holder;
    }

    private sealed class PrintingOrder(string number, CanaryAccount account)
    {
        public string Number { get; } = number;

        public CanaryAccount Account { get; } = account;

        public override string ToString() => "Order " + Number + " for " + Account.Name + " " + Account.Phone;
    }

    private sealed class PrintingConnection(string host, string password)
    {
        private readonly string _password = password;

        public string Host { get; } = host;

        public override string ToString() => Host + " using " + _password;
    }

    [Fact]
    public void The_value_helper_renders_like_the_log_formatter_and_redacts_secret_names()
    {
        Assert.Equal("CanaryAccount { Name = jdoe, Email = [REDACTED], Phone = [REDACTED] }", TelemetryValues.Object(new CanaryAccount { Name = "jdoe", Email = Email, Phone = Phone }));
        Assert.Equal("[REDACTED]", TelemetryValues.Text("client_secret", "abc"));
        Assert.Equal("mail [EMAIL]", TelemetryValues.Text("note", "mail " + Email));
        Assert.Null(TelemetryValues.Object<CanaryAccount?>(null));
    }
}
