using System;
using System.Collections.Generic;
using System.Linq;
using Instrumentation.Logging;
using Instrumentation.OpenTelemetry;
using Instrumentation.Redaction;
using Instrumentation.Testing;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;
using Xunit;

namespace Instrumentation.Runtime.Tests.Logging;

/// <summary>
/// Every classification reaches every sink redacted: a plain <c>ILoggerProvider</c> (state, message, the exception
/// object, JSON line), an OpenTelemetry <c>LoggerProvider</c> (attributes, formatted message, body, exception — what
/// OTLP exports), and span attributes; and every log line written inside an operation carries its correlation fields
/// in all of them.
/// </summary>
public sealed class EverySinkTests : IDisposable
{
    private static readonly TenantContext Tenant = new("org-s", "proj-s", "dev-s");
    private readonly CapturingLoggerProvider _provider = new();
    private readonly CapturingLogProcessor _otel = new();
    private readonly CapturingLogProcessor _otelWithProcessor = new();
    private readonly ILoggerFactory _factory;
    private readonly ILoggerFactory _processedFactory;

    public EverySinkTests()
    {
        Redactors.Reset();
        _factory = LoggerFactory.Create(b => b
            .SetMinimumLevel(LogLevel.Trace)
            .AddProvider(_provider)
            .AddOpenTelemetry(o =>
            {
                o.IncludeFormattedMessage = true;
                o.AddProcessor(_otel);
            }));
        _processedFactory = LoggerFactory.Create(b => b
            .SetMinimumLevel(LogLevel.Trace)
            .AddOpenTelemetry(o =>
            {
                o.IncludeFormattedMessage = true;
                o.AddInstrumentationProcessor().AddProcessor(_otelWithProcessor);
            }));
        InstrumentationLogging.Use(_factory);
    }

    public void Dispose()
    {
        InstrumentationLogging.Reset();
        Redactors.Reset();
        _factory.Dispose();
        _processedFactory.Dispose();
    }

    private IEnumerable<string> AllLogText() =>
        _provider.Logs.SelectMany(l => l.Texts())
            .Concat(_otel.Records.SelectMany(r => r.Texts()))
            .Concat(_otelWithProcessor.Records.SelectMany(r => r.Texts()));

    [Fact]
    public void No_classified_value_and_no_raw_exception_text_reaches_any_sink()
    {
        using var capture = TelemetryCapture.Start(o => o.CaptureOperationLogs = false);
        var logger = _factory.CreateLogger("Tests.Sinks");

        Assert.Throws<PaymentDeclinedException>(() => new AccountOperations().Rotate(PersonalCorpus.Alpha, PersonalCorpus.Bravo, logger));
        AppLog.SignInFailed(logger, PersonalCorpus.Charlie, 1);
        AppLog.TokenRotated(logger, PersonalCorpus.Delta);
        LeakLog.AsObject(logger, new Contact(PersonalCorpus.Echo, "shown"));
        LeakLog.Field(logger, new WithField { Email = PersonalCorpus.Foxtrot });
        LeakLog.RequestFailed(logger, "/api", new InvalidOperationException("failed for ada@example.com", new ArgumentException("inner password=hunter2 bob@example.com")));
        var handWritten = _processedFactory.CreateLogger("Tests.HandWritten");
        handWritten.LogError(new InvalidOperationException("raw card 4111 1111 1111 1111 password=hunter2"), "hand-written {email} {password}", "bob@example.com", "hunter2");
        handWritten.LogWarning("hand-written {apiKey} {pinToken}", Guid.Parse("7d2c1f0e-5b9a-4c3d-8e6f-a1b2c3d4e5f6"), 918273645L);

        var span = capture.Span("account.rotate");
        Assert.Equal("[REDACTED]", span.Tag("api_key"));
        Assert.Equal("[REDACTED]", span.Tag("owner"));
        var spanTexts = span.Tags.Select(t => t.Key + "=" + t.Value)
            .Concat(span.Activity.Events.SelectMany(e => e.Tags.Select(t => t.Key + "=" + t.Value)))
            .ToList();
        var texts = AllLogText().Concat(spanTexts).ToList();
        Assert.True(_otel.Records.Count >= 5, "OpenTelemetry received the records");
        foreach (var secret in PersonalCorpus.All.Concat(new[] { "hunter2", "bob@example.com", "ada@example.com", "4111 1111 1111 1111", "7d2c1f0e-5b9a-4c3d-8e6f-a1b2c3d4e5f6", "918273645" }))
        {
            var leak = texts.FirstOrDefault(t => t.Contains(secret, StringComparison.Ordinal));
            Assert.True(leak is null, "'" + secret + "' reached a sink: " + leak);
        }
    }

    [Fact]
    public void Providers_get_a_redacted_exception_with_the_original_type_and_stack_trace()
    {
        var logger = _factory.CreateLogger("Tests.Sinks");
        Exception thrown;
        try
        {
            throw new InvalidOperationException("failed for bob@example.com password=hunter2");
        }
        catch (InvalidOperationException e)
        {
            thrown = e;
        }

        LeakLog.RequestFailed(logger, "/api", thrown);

        var log = Assert.Single(_provider.Logs);
        var redacted = Assert.IsType<RedactedException>(log.Exception);
        Assert.Equal("System.InvalidOperationException", redacted.OriginalTypeName);
        Assert.Equal("failed for [EMAIL] password=[REDACTED]", redacted.Message);
        Assert.StartsWith("System.InvalidOperationException: failed for [EMAIL] password=[REDACTED]", redacted.ToString());
        Assert.Contains(nameof(Providers_get_a_redacted_exception_with_the_original_type_and_stack_trace), redacted.StackTrace);
        Assert.Equal("System.InvalidOperationException", log.Field("exception_type"));
        Assert.Equal("failed for [EMAIL] password=[REDACTED]", log.Field("exception_message"));

        var record = Assert.Single(_otel.Records);
        Assert.Equal("failed for [EMAIL] password=[REDACTED]", record.ExceptionMessage);
        Assert.Equal("System.InvalidOperationException", record.Attribute("exception_type"));
        Assert.DoesNotContain("hunter2", record.ExceptionText);
    }

    [Fact]
    public void The_processor_turns_hand_written_exceptions_into_redacted_semantic_attributes()
    {
        var logger = _processedFactory.CreateLogger("Tests.HandWritten");

        logger.LogError(new PaymentDeclinedException("card 4111 1111 1111 1111 of bob@example.com"), "payment failed for {user} with {password}", "bob@example.com", "hunter2");

        var record = Assert.Single(_otelWithProcessor.Records);
        Assert.Null(record.ExceptionMessage);
        Assert.Equal(typeof(PaymentDeclinedException).FullName, record.Attribute("exception.type"));
        Assert.Equal("card [CARD] of [EMAIL]", record.Attribute("exception.message"));
        Assert.StartsWith(typeof(PaymentDeclinedException).FullName + ": card [CARD] of [EMAIL]", (string)record.Attribute("exception.stacktrace")!);
        Assert.Equal("[EMAIL]", record.Attribute("user"));
        Assert.Equal("[REDACTED]", record.Attribute("password"));
        Assert.Equal("payment failed for [EMAIL] with [REDACTED]", record.FormattedMessage);
    }

    [Fact]
    public void Correlation_fields_reach_OpenTelemetry_and_plain_providers_inside_an_operation()
    {
        using var capture = TelemetryCapture.Start(o => o.CaptureOperationLogs = false);
        var logger = _factory.CreateLogger("Tests.Sinks");
        var processed = _processedFactory.CreateLogger("Tests.HandWritten");

        new AccountOperations().Inspect(Tenant, "msg-42", logger);
        new AccountOperations().Inspect(Tenant, "msg-43", processed);
        AppLog.ReadingsReceived(logger, "dev-outside", 1, 1.0);

        var span = capture.SpansNamed("account.inspect")[0];
        var generated = _otel.Records.First(r => r.Body == "Device {deviceId} sent {count} readings at {temperature:F1} C");
        Assert.Equal("org-s", generated.Attribute("org_id"));
        Assert.Equal("proj-s", generated.Attribute("project_id"));
        Assert.Equal("dev-s", generated.Attribute("device_uuid"));
        Assert.Equal("msg-42", generated.Attribute("message_id"));
        Assert.Equal(span.TraceId.ToHexString(), generated.Attribute("trace_id"));
        Assert.Equal(span.SpanId.ToHexString(), generated.Attribute("span_id"));
        Assert.Equal("dev-9", generated.Attribute("deviceId"));

        var plain = _provider.Logs.First(l => l.EventId.Id == 10);
        Assert.Equal("org-s", plain.Field("org_id"));
        Assert.Equal("msg-42", plain.Field("message_id"));

        var handWritten = _otelWithProcessor.Records.Single(r => r.FormattedMessage == "hand-written inside");
        Assert.Equal("org-s", handWritten.Attribute("org_id"));
        Assert.Equal("msg-43", handWritten.Attribute("message_id"));
        // It was written inside the second call, so it carries that call's trace.
        var secondSpan = capture.SpansNamed("account.inspect").ElementAt(1);
        Assert.Equal(secondSpan.TraceId.ToHexString(), handWritten.TraceId);

        var outside = _provider.Logs.Last(l => l.EventId.Id == 10);
        Assert.DoesNotContain(outside.State, p => p.Key is "org_id" or "message_id" or "trace_id");
    }

    [Fact]
    public void Operation_failure_log_carries_type_redacted_message_and_error_code_in_every_sink()
    {
        Assert.Throws<PaymentDeclinedException>(() => new AccountOperations().Rotate("k", "o", _factory.CreateLogger("Tests.Sinks")));

        var failure = Assert.Single(_provider.Logs, l => l.EventId.Name == "OperationFailed");
        Assert.Equal(LogLevel.Error, failure.Level);
        Assert.Equal("account.rotate", failure.Field("operation"));
        Assert.Equal(typeof(PaymentDeclinedException).FullName, failure.Field("exception_type"));
        Assert.Equal("rotation refused for [EMAIL] card [CARD] password=[REDACTED]", failure.Field("exception_message"));
        Assert.Equal("card_declined", failure.Field("error_code"));
        Assert.IsType<double>(failure.Field("duration_ms"));
        Assert.Equal("[REDACTED]", failure.Field("api_key"));
        Assert.IsType<RedactedException>(failure.Exception);
        var json = System.Text.Json.JsonDocument.Parse(failure.Json).RootElement;
        Assert.Equal("card_declined", json.GetProperty("error_code").GetString());
        Assert.Equal(typeof(PaymentDeclinedException).FullName, json.GetProperty("exception_type").GetString());

        var record = _otel.Records.Single(r => r.Body == "Operation {operation} failed with {exception_type} after {duration_ms} ms");
        Assert.Equal("card_declined", record.Attribute("error_code"));
        Assert.Equal("rotation refused for [EMAIL] card [CARD] password=[REDACTED]", record.Attribute("exception_message"));
        Assert.Equal("rotation refused for [EMAIL] card [CARD] password=[REDACTED]", record.ExceptionMessage);
    }

    [Fact]
    public void A_failure_the_exception_declares_a_client_mistake_is_logged_at_its_own_level()
    {
        Assert.Throws<RejectedFrameException>(() => new FrameOperations().Accept("{oops"));

        var failure = Assert.Single(_provider.Logs, l => l.EventId.Name == "OperationFailed");
        Assert.Equal(LogLevel.Warning, failure.Level);
        Assert.Equal("malformed_frame", failure.Field("error_code"));
        Assert.Equal(LogLevel.Error, OperationLogWriter.LevelOf(new InvalidOperationException("server side")));
    }
}
