using System;
using System.Linq;
using Instrumentation.Testing;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Instrumentation.Runtime.Tests.Logging;

/// <summary>A class whose primary constructor's parameters carry the classification, exposed by properties.</summary>
public sealed class CardPayment([SecretData] string pin, [PersonalData] string holder, decimal amount)
{
    public string Pin { get; } = pin;

    public string Holder { get; } = holder;

    public decimal Amount { get; } = amount;
}

public static partial class PaymentLog
{
    [LogMethod(LogLevel.Information, "paying {payment}")]
    public static partial void Paying(ILogger logger, CardPayment payment);
}

public sealed class PaymentOperations
{
    [Operation("payments.charge")]
    public void Charge([SpanAttribute("payment")] CardPayment payment)
    {
    }
}

/// <summary>
/// <c>class Payment([SecretData] string pin) { public string Pin … }</c> rendered <c>Pin = 918273</c> on a span, a generated
/// log and a hand-written line, while the same on a record's positional parameter was redacted (a sinks trial): the
/// parameter's name differs from the property's in case only. It classifies the property now, as a record's does.
/// </summary>
public sealed class PrimaryConstructorClassificationTests : IDisposable
{
    private const string Expected = "CardPayment { Pin = [REDACTED], Holder = [REDACTED], Amount = 5 }";
    private readonly ProcessedLogs _logs = new();

    public PrimaryConstructorClassificationTests() => Instrumentation.OpenTelemetry.InstrumentationLogging.Use(_logs.Factory);

    public void Dispose()
    {
        Instrumentation.OpenTelemetry.InstrumentationLogging.Reset();
        _logs.Dispose();
    }

    [Fact]
    public void A_class_primary_constructor_parameters_classification_redacts_its_property_on_every_sink()
    {
        var payment = new CardPayment("918273", "Ada Canarylace", 5m);
        using (var capture = TelemetryCapture.Start(o => o.CaptureOperationLogs = false))
        {
            new PaymentOperations().Charge(payment);
            Assert.Equal(Expected, capture.Span("payments.charge").Tag("payment"));
        }

        var logger = _logs.Factory.CreateLogger("payments");
        PaymentLog.Paying(logger, payment);
#pragma warning disable CA1848, INS1011 // the hand-written line is what is tested
        logger.LogInformation("hand-written {Payment}", payment);
#pragma warning restore CA1848, INS1011

        Assert.Equal(new[] { "paying " + Expected, "hand-written " + Expected }, _logs.Records.Select(r => r.FormattedMessage));
        Assert.DoesNotContain(_logs.Records.SelectMany(r => r.Texts()), t => t.Contains("918273", StringComparison.Ordinal) || t.Contains("Canarylace", StringComparison.Ordinal));
    }
}
