using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Instrumentation.Redaction;
using Instrumentation.Testing;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Instrumentation.Runtime.Tests.Logging;

public static partial class SecretNamedLog
{
    [LogMethod(LogLevel.Information, "signing in with {password}")]
    public static partial void WithObject(ILogger logger, object password);

    [LogMethod(LogLevel.Information, "signing in with {clientSecret}")]
    public static partial void WithBuilder(ILogger logger, StringBuilder clientSecret);

    [LogMethod(LogLevel.Information, "signing in with {refreshToken}")]
    public static partial void WithChars(ILogger logger, char[] refreshToken);

    [LogMethod(LogLevel.Information, "signing in with {apiKey}")]
    public static partial void WithStrings(ILogger logger, IReadOnlyList<string> apiKey);

    [LogMethod(LogLevel.Information, "signing in with {credentials}")]
    public static partial void WithObjectMembers(ILogger logger, object credentials);
}

public sealed class SecretNamedOperations
{
    [Operation("secret.named.sign_in")]
    public void SignIn([SpanAttribute, LogField("password")] object password, [SpanAttribute, LogField("client_secret")] StringBuilder clientSecret, ILogger logger) =>
        logger.LogInformation("signing in");
}

/// <summary>
/// A value under a secret name is redacted whatever type holds its text on the generated sinks too, as on hand-written
/// lines (<see cref="SecretNamedValueTests"/>): a <c>[LogMethod]</c> parameter, a <c>[SpanAttribute]</c> and a
/// <c>[LogField]</c> typed <c>object</c> (holding a string), <c>StringBuilder</c>, <c>char[]</c> or a list of strings
/// reached the message, the exported attributes and the span in clear — only a parameter typed <c>string</c> had the
/// secret-name rule.
/// </summary>
public sealed class SecretNamedGeneratedValueTests : IDisposable
{
    private const string Secret = "hunter2canary";
    private readonly ProcessedLogs _logs = new();
    private readonly CapturingLoggerProvider _provider = new();
    private readonly ILoggerFactory _plain;

    public SecretNamedGeneratedValueTests()
    {
        _plain = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(_provider));
        Instrumentation.OpenTelemetry.InstrumentationLogging.Use(_logs.Factory);
    }

    public void Dispose()
    {
        Instrumentation.OpenTelemetry.InstrumentationLogging.Reset();
        _plain.Dispose();
        _logs.Dispose();
    }

    [Fact]
    public void A_secret_named_log_method_parameter_of_any_type_holding_text_reaches_no_sink_in_clear()
    {
        foreach (var logger in new[] { _logs.Factory.CreateLogger("secrets"), _plain.CreateLogger("secrets") })
        {
            SecretNamedLog.WithObject(logger, Secret);
            SecretNamedLog.WithBuilder(logger, new StringBuilder(Secret));
            SecretNamedLog.WithChars(logger, Secret.ToCharArray());
            SecretNamedLog.WithStrings(logger, new[] { Secret });
        }

        var texts = _logs.Records.SelectMany(r => r.Texts()).Concat(_provider.Logs.SelectMany(l => l.Texts())).ToList();
        Assert.Equal(12, texts.Count(t => t.Contains("signing in with [REDACTED]", StringComparison.Ordinal)));
        Assert.DoesNotContain(texts, t => t.Contains(Secret, StringComparison.Ordinal) || t.Contains("h, u, n", StringComparison.Ordinal));
    }

    [Fact]
    public void An_object_under_a_secret_name_is_still_rendered_member_by_member()
    {
        SecretNamedLog.WithObjectMembers(_logs.Factory.CreateLogger("secrets"), new { User = "ada", Password = Secret });

        Assert.Equal("signing in with { User = ada, Password = [REDACTED] }", _logs.Records.Single().FormattedMessage);
    }

    [Fact]
    public void A_secret_named_span_attribute_and_log_field_of_any_type_holding_text_are_redacted()
    {
        using var capture = TelemetryCapture.Start(o => o.CaptureOperationLogs = false);
        new SecretNamedOperations().SignIn(Secret, new StringBuilder(Secret), _logs.Factory.CreateLogger("secrets"));

        var span = capture.Span("secret.named.sign_in");
        Assert.Equal("[REDACTED]", span.Tag("password"));
        Assert.Equal("[REDACTED]", span.Tag("client_secret"));
        var record = _logs.Records.Single(r => r.FormattedMessage == "signing in");
        Assert.Equal("[REDACTED]", record.Attribute("password"));
        Assert.Equal("[REDACTED]", record.Attribute("client_secret"));
        Assert.DoesNotContain(span.Tags, t => Convert.ToString(t.Value, CultureInfo.InvariantCulture)?.Contains(Secret, StringComparison.Ordinal) == true);
        Assert.DoesNotContain(record.Texts(), t => t.Contains(Secret, StringComparison.Ordinal));
    }
}
