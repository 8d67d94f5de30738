using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Instrumentation.Testing;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Instrumentation.Runtime.Tests.Logging;

/// <summary>A record with a tuple member whose element names say secret.</summary>
public sealed record TupleLogin(string Name, (string User, string Password) Creds);

/// <summary>A class with tuple members, for the run-time (reflection) rendering of a hand-written line.</summary>
public sealed class TupleHolder
{
    public (string User, string Password) Creds { get; init; }

    public List<(string Host, string ApiKey)> Keys { get; init; } = new();

    public (string User, string Host) Target { get; init; }

    [NonSensitiveData]
    public (string User, string Token) Declared { get; init; }
}

/// <summary>A value logged with <c>[LogProperties]</c> whose property is such a tuple.</summary>
public sealed class TupleSession
{
    public string Region { get; init; } = string.Empty;

    public (string User, string SessionId) Owner { get; init; }
}

public static partial class SecretTupleLog
{
    [LogMethod(LogLevel.Information, "signing in with {creds}")]
    public static partial void SignIn(ILogger logger, (string User, string Password) creds);

    [LogMethod(LogLevel.Information, "connecting to {target}")]
    public static partial void Connect(ILogger logger, (string User, string Host) target);

    [LogMethod(LogLevel.Information, "keys {keys}")]
    public static partial void Keys(ILogger logger, List<(string Host, string ApiKey)> keys);

    [LogMethod(LogLevel.Information, "declared {creds}")]
    public static partial void Declared(ILogger logger, [NonSensitiveData] (string User, string Token) creds);

    [LogMethod(LogLevel.Information, "login {login}")]
    public static partial void Login(ILogger logger, TupleLogin login);

    [LogMethod(LogLevel.Information, "session")]
    public static partial void Session(ILogger logger, [LogProperties] TupleSession session);
}

public sealed class SecretTupleOperations
{
    [Operation("secret.tuple.sign_in")]
    public void SignIn([SpanAttribute, LogField("creds")] (string User, string Password) creds, [SpanAttribute] (string User, string Password)? backup, [SpanAttribute] (string User, string Host) target, ILogger logger) =>
        logger.LogInformation("signing in");
}

/// <summary>
/// A tuple's element names exist only at compile time, so every sink wrote a <c>(string User, string Password)</c> as
/// <c>(ada, hunter2)</c> — on a span, a log field, a log message and inside a logged object (a newcomer's trial; INS1010
/// warned at build time since). A tuple with a secret-named element is now redacted whole, as a value under a secret name
/// is; a tuple without one, or one declared <c>[NonSensitiveData]</c>, is written as before.
/// </summary>
public sealed class SecretTupleElementTests : IDisposable
{
    private const string Secret = "hunter2canary";
    private readonly ProcessedLogs _logs = new();
    private readonly CapturingLoggerProvider _provider = new();
    private readonly ILoggerFactory _plain;

    public SecretTupleElementTests()
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

    private IEnumerable<ILogger> Loggers => new[] { _logs.Factory.CreateLogger("tuples"), _plain.CreateLogger("tuples") };

    private IEnumerable<string> AllTexts => _logs.Records.SelectMany(r => r.Texts()).Concat(_provider.Logs.SelectMany(l => l.Texts()));

    [Fact]
    public void A_log_method_tuple_with_a_secret_named_element_is_redacted_whole_on_every_sink()
    {
        foreach (var logger in Loggers)
        {
            SecretTupleLog.SignIn(logger, ("ada", Secret));
            SecretTupleLog.Keys(logger, new List<(string Host, string ApiKey)> { ("db1", Secret) });
        }

        var records = _logs.Records.ToList();
        Assert.Equal("signing in with [REDACTED]", records[0].FormattedMessage);
        Assert.Equal("[REDACTED]", records[0].Attribute("creds"));
        Assert.Equal("keys [REDACTED]", records[1].FormattedMessage);
        Assert.Equal(new[] { "signing in with [REDACTED]", "keys [REDACTED]" }, _provider.Logs.Select(l => l.Message));
        Assert.DoesNotContain(AllTexts, t => t.Contains(Secret, StringComparison.Ordinal));
    }

    [Fact]
    public void A_tuple_without_a_secret_named_element_or_declared_non_sensitive_is_written_as_it_is()
    {
        var logger = _logs.Factory.CreateLogger("tuples");
        SecretTupleLog.Connect(logger, ("ada", "db1"));
        SecretTupleLog.Declared(logger, ("ada", "opaque-handle"));

        Assert.Equal(new[] { "connecting to (ada, db1)", "declared (ada, opaque-handle)" }, _logs.Records.Select(r => r.FormattedMessage));
    }

    [Fact]
    public void A_tuple_member_of_a_logged_object_is_redacted_by_the_generated_formatter_and_by_the_run_time_rendering()
    {
        var login = new TupleLogin("ada", ("ada", Secret));
        var holder = new TupleHolder
        {
            Creds = ("ada", Secret),
            Keys = new() { ("db1", Secret) },
            Target = ("ada", "db1"),
            Declared = ("ada", "opaque-handle"),
        };
        foreach (var logger in Loggers)
        {
            SecretTupleLog.Login(logger, login);
#pragma warning disable CA1848, CA2254 // the hand-written line is what is tested
            logger.LogInformation("holder {Holder}", holder);
#pragma warning restore CA1848, CA2254
        }

        const string Holder = "holder TupleHolder { Creds = [REDACTED], Keys = [REDACTED], Target = (ada, db1), Declared = (ada, opaque-handle) }";
        Assert.Equal(new[] { "login TupleLogin { Name = ada, Creds = [REDACTED] }", Holder }, _logs.Records.Select(r => r.FormattedMessage));
        Assert.Equal("login TupleLogin { Name = ada, Creds = [REDACTED] }", _provider.Logs.First().Message);
        Assert.DoesNotContain(AllTexts, t => t.Contains(Secret, StringComparison.Ordinal));
    }

    [Fact]
    public void A_log_properties_tuple_property_with_a_secret_named_element_is_redacted()
    {
        SecretTupleLog.Session(_logs.Factory.CreateLogger("tuples"), new TupleSession { Region = "eu", Owner = ("ada", Secret) });

        var record = _logs.Records.Single();
        Assert.Equal("[REDACTED]", record.Attribute("session.Owner"));
        Assert.Equal("eu", record.Attribute("session.Region"));
        Assert.DoesNotContain(record.Texts(), t => t.Contains(Secret, StringComparison.Ordinal));
    }

    [Fact]
    public void A_tuple_span_attribute_and_log_field_with_a_secret_named_element_are_redacted()
    {
        using var capture = TelemetryCapture.Start(o => o.CaptureOperationLogs = false);
        new SecretTupleOperations().SignIn(("ada", Secret), ("bob", Secret), ("ada", "db1"), _logs.Factory.CreateLogger("tuples"));
        new SecretTupleOperations().SignIn(("ada", Secret), null, ("ada", "db1"), _logs.Factory.CreateLogger("tuples"));

        var spans = capture.SpansNamed("secret.tuple.sign_in");
        Assert.Equal(2, spans.Count);
        Assert.All(spans, span => Assert.Equal("[REDACTED]", span.Tag("creds")));
        Assert.Equal("[REDACTED]", spans[0].Tag("backup"));
        Assert.False(spans[1].HasTag("backup"));
        Assert.All(spans, span => Assert.Equal("(ada, db1)", span.Tag("target")));
        var records = _logs.Records.Where(r => r.FormattedMessage == "signing in").ToList();
        Assert.Equal(2, records.Count);
        Assert.All(records, r => Assert.Equal("[REDACTED]", r.Attribute("creds")));
        Assert.DoesNotContain(spans.SelectMany(s => s.Tags), t => Convert.ToString(t.Value, CultureInfo.InvariantCulture)?.Contains(Secret, StringComparison.Ordinal) == true);
        Assert.DoesNotContain(records.SelectMany(r => r.Texts()), t => t.Contains(Secret, StringComparison.Ordinal));
    }
}
