using System;
using System.Linq;
using Instrumentation.OpenTelemetry;
using Instrumentation.Redaction;
using Instrumentation.Runtime.Tests.Logging;
using Instrumentation.Testing;
using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Instrumentation.Runtime.Tests.Compliance;

/// <summary>An operation with classified span attributes and log fields.</summary>
public sealed class ThrowingRedactorSignup
{
    [Operation("signup.register")]
    public int Register([SpanAttribute("email"), LogField("email"), PersonalData] string email, [SpanAttribute("badge"), PersonalData] Badge badge, ILogger logger)
    {
        AppLog.ReadingsReceived(logger, "dev-signup", 1, 1.5);
        return 42;
    }

    /// <summary>A value whose text throws.</summary>
    public sealed class Badge
    {
        public override string ToString() => throw new InvalidOperationException("badge text");
    }
}

/// <summary>
/// A redactor the app configured that throws (or a classified value whose text throws) fails closed: the value is
/// written as <c>[REDACTED]</c>, never in clear, and the exception never reaches the app — without the SDK the call
/// would have worked. Before, it came out of the annotated call (span attributes and log fields) and of a log call.
/// </summary>
public sealed class ThrowingRedactorTests : IDisposable
{
    private readonly CapturingLoggerProvider _provider = new();
    private readonly ILoggerFactory _factory;

    public ThrowingRedactorTests()
    {
        Redactors.Reset();
        _factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(_provider));
        InstrumentationLogging.Use(_factory);
    }

    public void Dispose()
    {
        Redactors.Reset();
        InstrumentationLogging.Reset();
        _factory.Dispose();
    }

    [Fact]
    public void A_throwing_redactor_gives_REDACTED_on_spans_log_fields_and_log_calls_and_the_call_still_works()
    {
        Redactors.Configure(new Throwing(), new Throwing());
        using var capture = TelemetryCapture.Start(o => o.CaptureOperationLogs = false);

        var result = new ThrowingRedactorSignup().Register("ada@example.com", new ThrowingRedactorSignup.Badge(), _factory.CreateLogger("signup"));
        AppLog.SignInFailed(_factory.CreateLogger("signup"), "ada@example.com", 3);

        Assert.Equal(42, result);
        var span = capture.Span("signup.register");
        Assert.Equal(TextScrubber.Redacted, span.Tag("email"));
        Assert.Equal(TextScrubber.Redacted, span.Tag("badge"));
        var fieldLine = Assert.Single(_provider.Logs, l => l.Message.StartsWith("Device dev-signup", StringComparison.Ordinal));
        Assert.Equal(TextScrubber.Redacted, fieldLine.Field("email"));
        var signIn = Assert.Single(_provider.Logs, l => l.Message.StartsWith("User ", StringComparison.Ordinal));
        Assert.DoesNotContain("ada@example.com", signIn.Message, StringComparison.Ordinal);
        Assert.Contains(TextScrubber.Redacted, signIn.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_throwing_Microsoft_redactor_fails_closed_too()
    {
        Redactors.Use(new ThrowingProvider());

        Assert.Equal(TextScrubber.Redacted, Redactors.Redact(DataClass.Personal, "ada@example.com"));
        Assert.Equal(TextScrubber.Redacted, Redactors.Redact(new DataClassification("Contoso", "Private"), "12 Canary Lane"));
        Assert.Null(Redactors.Redact(DataClass.Personal, (string?)null));
    }

    [Fact]
    public void A_classified_value_whose_text_throws_is_REDACTED_and_never_reaches_the_redactor()
    {
        var redactor = new Counting();
        Redactors.Configure(redactor, redactor);

        Assert.Equal(TextScrubber.Redacted, Redactors.Redact(DataClass.Personal, new ThrowingRedactorSignup.Badge()));
        Assert.Equal(0, redactor.Calls);
        Assert.Equal("<7>", Redactors.Redact(DataClass.Personal, 1234567));
    }

    private sealed class Throwing : IRedactor
    {
        public string Redact(string value) => throw new InvalidOperationException("redactor failed");
    }

    private sealed class Counting : IRedactor
    {
        public int Calls { get; private set; }

        public string Redact(string value)
        {
            Calls++;
            return "<" + value.Length + ">";
        }
    }

    private sealed class ThrowingProvider : IRedactorProvider
    {
        public Redactor GetRedactor(DataClassificationSet classifications) => new ThrowingMicrosoftRedactor();
    }

    private sealed class ThrowingMicrosoftRedactor : Redactor
    {
        public override int GetRedactedLength(ReadOnlySpan<char> input) => throw new InvalidOperationException("length failed");

        public override int Redact(ReadOnlySpan<char> source, Span<char> destination) => throw new InvalidOperationException("redact failed");
    }
}
