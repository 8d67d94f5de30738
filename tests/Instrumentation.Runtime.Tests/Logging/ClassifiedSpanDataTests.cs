using System;
using System.Linq;
using Instrumentation.Correlation;
using Instrumentation.OpenTelemetry;
using Instrumentation.Redaction;
using Instrumentation.Testing;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Instrumentation.Runtime.Tests.Logging;

public sealed class AccountService
{
    [Operation("account.lookup")]
    public string Lookup([SpanAttribute("user_email"), LogField("user_email"), PersonalData] string email, [SpanAttribute] string plan, ILogger logger)
    {
        logger.LogInformation("looking up account");
        if (plan == "broken")
        {
            throw new InvalidOperationException("lookup failed for " + email + " with password=hunter2");
        }

        return plan;
    }
}

/// <summary>Nothing classified ever reaches a span attribute, correlation field or exception text in clear.</summary>
public sealed class ClassifiedSpanDataTests : IDisposable
{
    private static readonly string[] PersonalCorpus = { "ada@example.com", "hunter2" };
    private readonly CapturingLoggerProvider _provider = new();
    private readonly ILoggerFactory _factory;

    public ClassifiedSpanDataTests()
    {
        Redactors.Reset();
        _factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(_provider));
        InstrumentationLogging.Use(_factory);
    }

    public void Dispose()
    {
        InstrumentationLogging.Reset();
        _factory.Dispose();
    }

    [Fact]
    public void Classified_span_attribute_and_log_field_are_redacted_and_exception_text_is_scrubbed()
    {
        using var capture = TelemetryCapture.Start(o => o.CaptureOperationLogs = false);
        var logger = _factory.CreateLogger("accounts");
        var service = new AccountService();

        service.Lookup("ada@example.com", "pro", logger);
        Assert.Throws<InvalidOperationException>(() => service.Lookup("ada@example.com", "broken", logger));

        var spans = capture.SpansNamed("account.lookup");
        Assert.Equal(2, spans.Count);
        Assert.All(spans, s => Assert.Equal("[REDACTED]", s.Tag("user_email")));
        Assert.Equal("pro", spans[0].Tag("plan"));
        // The e-mail is the call's [PersonalData] argument: redacted as that (ClassifiedArguments), before the scrubber,
        // which would find it as an address; the password by the scrubber's rule.
        Assert.Equal("lookup failed for [REDACTED] with password=[REDACTED]", spans[1].Tag("exception.message"));

        var lines = _provider.Logs.Select(l => l.Json).ToList();
        Assert.Contains(lines, l => l.Contains("\"msg\":\"looking up account\"") && l.Contains("\"trace_id\":"));
        Assert.Contains(lines, l => l.Contains("\"exception_message\":\"lookup failed for [REDACTED] with password=[REDACTED]\""));
        foreach (var value in PersonalCorpus)
        {
            Assert.DoesNotContain(spans.SelectMany(s => s.Tags), t => t.Value?.ToString()?.Contains(value) == true);
            Assert.All(lines, l => Assert.DoesNotContain(value, l));
        }
    }

    [Fact]
    public void Log_lines_inside_an_operation_carry_the_correlation_fields_without_being_passed_them()
    {
        using var capture = TelemetryCapture.Start(o => o.CaptureOperationLogs = false);
        var logger = _factory.CreateLogger("ingest");

        new CorrelatedWork().Handle(new TenantContext("org-c", "proj-c", "dev-c"), "msg-7", "conn-3", logger);
        logger.LogInformation("outside");

        var inside = System.Text.Json.JsonDocument.Parse(_provider.Logs.First(l => l.Message == "handling").Json).RootElement;
        var span = capture.Span("corr.ingest");
        Assert.Equal("org-c", inside.GetProperty("org_id").GetString());
        Assert.Equal("proj-c", inside.GetProperty("project_id").GetString());
        Assert.Equal("dev-c", inside.GetProperty("device_uuid").GetString());
        Assert.Equal("msg-7", inside.GetProperty("message_id").GetString());
        Assert.Equal("conn-3", inside.GetProperty("connection_id").GetString());
        Assert.Equal(span.TraceId.ToHexString(), inside.GetProperty("trace_id").GetString());
        Assert.Equal(span.SpanId.ToHexString(), inside.GetProperty("span_id").GetString());
        Assert.Equal("info", inside.GetProperty("level").GetString());
        Assert.Equal("ingest", inside.GetProperty("logger").GetString());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$", inside.GetProperty("ts").GetString());
        Assert.False(inside.TryGetProperty("widget_id", out _), "empty fields are omitted");

        var outside = System.Text.Json.JsonDocument.Parse(_provider.Logs.First(l => l.Message == "outside").Json).RootElement;
        Assert.False(outside.TryGetProperty("org_id", out _));
        Assert.False(outside.TryGetProperty("message_id", out _));
        Assert.Null(CorrelationContext.Current);
    }
}

public sealed class OperationLogTests : IDisposable
{
    private readonly CapturingLoggerProvider _provider = new();
    private readonly ILoggerFactory _factory;

    public OperationLogTests()
    {
        _factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(_provider));
        InstrumentationLogging.Use(_factory);
    }

    public void Dispose()
    {
        InstrumentationLogging.Reset();
        _factory.Dispose();
    }

    [Fact]
    public void Opt_in_start_and_completion_logs_carry_the_duration()
    {
        new AuditedJobs().Run(3);

        var messages = _provider.Logs.Select(l => l.Message).ToList();
        Assert.Contains("Operation job.audited started", messages);
        var completed = Assert.Single(_provider.Logs, l => l.EventId.Name == "OperationCompleted");
        Assert.Equal("job.audited", completed.State.Single(p => p.Key == "operation").Value);
        Assert.IsType<double>(completed.State.Single(p => p.Key == "duration_ms").Value);
    }

    [Fact]
    public void Failure_is_logged_once_at_error_with_type_and_scrubbed_message()
    {
        Assert.Throws<InvalidOperationException>(() => new AccountService().Lookup("x@y.io", "broken", _factory.CreateLogger("a")));

        var failure = Assert.Single(_provider.Logs, l => l.Level == LogLevel.Error);
        Assert.Equal("OperationFailed", failure.EventId.Name);
        Assert.Contains("\"exception_type\":\"System.InvalidOperationException\"", failure.Json);
        Assert.DoesNotContain("x@y.io", failure.Json);
    }
}

public sealed class CorrelatedWork
{
    [Operation("corr.ingest", RequireTenant = true)]
    public void Handle(TenantContext tenant, [LogField("message_id")] string messageId, [LogField("connection_id")] string connectionId, ILogger logger)
    {
        logger.LogInformation("handling");
    }
}
