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

    [LogMethod(LogLevel.Information, "keys {apiKey} {pinToken} {session_token} {rememberToken}")]
    public static partial void WithScalars(ILogger logger, Guid apiKey, long pinToken, int? session_token, bool rememberToken);
}

/// <summary>ASP.NET Core Identity's user shape (a newcomer's trial passed such an entity whole as a span attribute).</summary>
public sealed class IdentityLikeUser
{
    public string UserName { get; init; } = string.Empty;

    public string? PasswordHash { get; init; }

    public string? SecurityStamp { get; init; }
}

public sealed class SecretNamedOperations
{
    [Operation("secret.named.comment")]
    public void Comment([SpanAttribute("author")] IdentityLikeUser author, [SpanAttribute] string? passwordHash)
    {
    }

    [Operation("secret.named.sign_in")]
    public void SignIn([SpanAttribute, LogField("password")] object password, [SpanAttribute, LogField("client_secret")] StringBuilder clientSecret, ILogger logger) =>
        logger.LogInformation("signing in");

    [Operation("secret.named.rotate")]
    public void Rotate([SpanAttribute, LogField("api_key")] Guid apiKey, [SpanAttribute, LogField("pin_token")] long pinToken, [SpanAttribute] int? refreshToken, ILogger logger) =>
        logger.LogInformation("rotating");
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
    public void A_secret_named_number_or_guid_is_redacted_and_a_flag_is_not()
    {
        foreach (var logger in new[] { _logs.Factory.CreateLogger("secrets"), _plain.CreateLogger("secrets") })
        {
            SecretNamedLog.WithScalars(logger, Guid.Parse("7d2c1f0e-5b9a-4c3d-8e6f-a1b2c3d4e5f6"), 918273645L, 55512, true);
        }

        var record = _logs.Records.Single();
        Assert.Equal("keys [REDACTED] [REDACTED] [REDACTED] True", record.FormattedMessage);
        Assert.Equal("[REDACTED]", record.Attribute("apiKey"));
        Assert.Equal("[REDACTED]", record.Attribute("pinToken"));
        Assert.Equal("[REDACTED]", record.Attribute("session_token"));
        Assert.Equal(true, record.Attribute("rememberToken"));
        var plain = _provider.Logs.Single();
        Assert.Equal("keys [REDACTED] [REDACTED] [REDACTED] True", plain.Message);
        Assert.DoesNotContain(record.Texts().Concat(plain.Texts()), t => t.Contains("7d2c1f0e", StringComparison.Ordinal) || t.Contains("918273645", StringComparison.Ordinal) || t.Contains("55512", StringComparison.Ordinal));
    }

    [Fact]
    public void A_secret_named_number_or_guid_span_attribute_and_log_field_are_redacted()
    {
        using var capture = TelemetryCapture.Start(o => o.CaptureOperationLogs = false);
        new SecretNamedOperations().Rotate(Guid.Parse("7d2c1f0e-5b9a-4c3d-8e6f-a1b2c3d4e5f6"), 918273645L, 55512, _logs.Factory.CreateLogger("secrets"));

        var span = capture.Span("secret.named.rotate");
        Assert.Equal("[REDACTED]", span.Tag("api_key"));
        Assert.Equal("[REDACTED]", span.Tag("pin_token"));
        Assert.Equal("[REDACTED]", span.Tag("refresh_token"));
        var record = _logs.Records.Single(r => r.FormattedMessage == "rotating");
        Assert.Equal("[REDACTED]", record.Attribute("api_key"));
        Assert.Equal("[REDACTED]", record.Attribute("pin_token"));
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

    [Fact]
    public void What_a_password_is_checked_with_is_redacted_as_the_password_is()
    {
        using var capture = TelemetryCapture.Start(o => o.CaptureOperationLogs = false);
        new SecretNamedOperations().Comment(new IdentityLikeUser { UserName = "ada", PasswordHash = "AQAAAAIAAYagCANARY", SecurityStamp = "NQWXF2EFVKPJ7PAM" }, "AQAAAAIAAYagCANARY");

        var span = capture.Span("secret.named.comment");
        Assert.Equal("IdentityLikeUser { UserName = ada, PasswordHash = [REDACTED], SecurityStamp = [REDACTED] }", span.Tag("author"));
        Assert.Equal("[REDACTED]", span.Tag("password_hash"));
    }
}
