using System;
using Instrumentation;
using Microsoft.Extensions.Logging;

namespace Instrumentation.Runtime.Tests.Logging;

public sealed record Customer(string Name, [PersonalData] string Email, Address Home);

public sealed record Address(string City, [property: PersonalData] string Street);

public sealed class Card
{
    [SecretData]
    public string Number { get; init; } = string.Empty;

    public string Brand { get; init; } = string.Empty;
}

public sealed class PaymentDeclinedException : Exception, IHasErrorCode
{
    public PaymentDeclinedException(string message)
        : base(message)
    {
    }

    public string ErrorCode => "card_declined";
}

public static partial class AppLog
{
    [LogMethod(LogLevel.Information, "Device {deviceId} sent {count} readings at {temperature:F1} C", EventId = 10)]
    public static partial void ReadingsReceived(ILogger logger, string deviceId, int count, double temperature);

    [LogMethod(LogLevel.Warning, "User {email} failed to sign in ({attempt})", EventId = 11)]
    public static partial void SignInFailed(ILogger logger, [PersonalData] string email, int attempt);

    [LogMethod(LogLevel.Error, "Order for {customer} paid with {card} failed", EventId = 12)]
    public static partial void PaymentFailed(ILogger logger, Customer customer, Card card, Exception error);

    [LogMethod(LogLevel.Debug, "Token {token} rotated")]
    public static partial void TokenRotated(ILogger logger, [SecretData] string token);
}

public sealed partial class InstanceLogger
{
    private readonly ILogger _logger;

    public InstanceLogger(ILogger logger) => _logger = logger;

    [LogMethod(LogLevel.Information, "Widget {widgetId} subscribed")]
    public partial void Subscribed(string widgetId);
}

public sealed class AuditedJobs
{
    [Operation("job.audited", LogStart = true, LogCompletion = true)]
    public int Run(int value) => value;
}
