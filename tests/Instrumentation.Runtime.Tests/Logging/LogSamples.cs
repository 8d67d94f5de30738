using System;
using System.Collections.Generic;
using System.Linq;
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

    [LogMethod(LogLevel.Information, "Device {deviceId} renamed to {name} by {email}", EventId = 13)]
    public static partial void Renamed(ILogger logger, string? deviceId, [NonSensitiveData] string? name, [PersonalData] string? email);

    [LoggerMessage(EventId = 14, Level = LogLevel.Information, Message = "Device {deviceId} renamed to {name} by {email}")]
    public static partial void RenamedByLoggerMessage(ILogger logger, string? deviceId, string? name, string? email);

    [LogMethod(LogLevel.Information, "Battery {level:F1} % at {seen} [{code,8}] / {count,-4:D2} readings", EventId = 15)]
    public static partial void BatteryRead(ILogger logger, double? level, DateTimeOffset? seen, int? code, int? count);

    [LoggerMessage(EventId = 16, Level = LogLevel.Information, Message = "Battery {level:F1} % at {seen} [{code,8}] / {count,-4:D2} readings")]
    public static partial void BatteryReadByLoggerMessage(ILogger logger, double? level, DateTimeOffset? seen, int? code, int? count);
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

// Values that no scrubber recognizes: if one of them reaches a sink in clear, classification failed.
public static class PersonalCorpus
{
    public const string Alpha = "PERSONAL-ALPHA-7731";
    public const string Bravo = "PERSONAL-BRAVO-2290";
    public const string Charlie = "PERSONAL-CHARLIE-5512";
    public const string Delta = "PERSONAL-DELTA-9043";
    public const string Echo = "PERSONAL-ECHO-1187";
    public const string Foxtrot = "PERSONAL-FOXTROT-6624";

    public static readonly string[] All = { Alpha, Bravo, Charlie, Delta, Echo, Foxtrot };
}

public sealed record D4([PersonalData] string Email, string Tag);

public sealed record D3(D4 Inner);

public sealed record D2(D3 Inner);

public sealed record D1(D2 Inner);

public sealed class WithField
{
    [PersonalData]
    public string Email = string.Empty;

    public string Label = string.Empty;
}

public record BaseRecord([property: SecretData] string ApiKey);

public sealed record DerivedRecord(string Name, string ApiKey) : BaseRecord(ApiKey);

public class BaseAccount
{
    [PersonalData]
    public string Email { get; init; } = string.Empty;
}

public sealed class DerivedAccount : BaseAccount
{
    [SecretData]
    public string Recovery { get; init; } = string.Empty;

    public string Plan { get; init; } = string.Empty;
}

public interface IContact
{
    string Display { get; }
}

public sealed record Contact([PersonalData] string Phone, string Display) : IContact;

/// <summary>The classification sits on the contract only (a reviewer's finding: the implementation was written in clear).</summary>
public interface IClassifiedContact
{
    [PersonalData]
    string Phone { get; }

    string Display { get; }
}

public sealed class ContractContact : IClassifiedContact
{
    public string Phone { get; init; } = string.Empty;

    public string Display { get; init; } = string.Empty;
}

public sealed class Node
{
    public string Name { get; init; } = string.Empty;

    [PersonalData]
    public string Owner { get; init; } = string.Empty;

    public Node? Next { get; set; }
}

/// <summary>A wide, deep tree: 16 children on each of 5 levels, a getter that counts its reads.</summary>
public sealed class Tree
{
    private string _name = string.Empty;

    public static int NameReads { get; set; }

    public string Name
    {
        get
        {
            NameReads++;
            return _name;
        }

        init => _name = value;
    }

    [PersonalData]
    public string Owner { get; init; } = string.Empty;

    public List<Tree> Children { get; init; } = new();

    public static Tree Grow(int levels) => new()
    {
        Name = "n" + levels.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Owner = PersonalCorpus.Alpha,
        Children = levels == 0 ? new() : Enumerable.Range(0, 16).Select(_ => Grow(levels - 1)).ToList(),
    };
}

public sealed class Credentials
{
    public string User { get; init; } = string.Empty;

    public string Password { get; init; } = string.Empty;

    public Dictionary<string, string> Headers { get; init; } = new();

    public Guid ApiKey { get; init; }

    public long PinToken { get; init; }

    public Dictionary<string, long> Codes { get; init; } = new();
}

public static partial class LeakLog
{
    [LogMethod(LogLevel.Information, "Deep {value}")]
    public static partial void Deep(ILogger logger, D1 value);

    [LogMethod(LogLevel.Information, "Field {value}")]
    public static partial void Field(ILogger logger, WithField value);

    [LogMethod(LogLevel.Information, "Derived record {value}")]
    public static partial void DerivedRec(ILogger logger, DerivedRecord value);

    [LogMethod(LogLevel.Information, "Base typed {value}")]
    public static partial void BaseTyped(ILogger logger, BaseAccount value);

    [LogMethod(LogLevel.Information, "Object {value}")]
    public static partial void AsObject(ILogger logger, object? value);

    [LogMethod(LogLevel.Information, "Interface {value}")]
    public static partial void AsInterface(ILogger logger, IContact value);

    [LogMethod(LogLevel.Information, "Contract {value}")]
    public static partial void ContractClassified(ILogger logger, ContractContact value);

    [LogMethod(LogLevel.Information, "Chain {value}")]
    public static partial void Chain(ILogger logger, Node value);

    [LogMethod(LogLevel.Information, "Tree {value}")]
    public static partial void Tree(ILogger logger, Tree value);

    [LogMethod(LogLevel.Information, "Sign-in {credentials}")]
    public static partial void SignIn(ILogger logger, Credentials credentials);

#pragma warning disable INS0102 // Unreferenced parameters are still logged, redacted: that is what this declaration tests.
    [LogMethod(LogLevel.Information, "Unreferenced", EventId = 30)]
    public static partial void Unreferenced(ILogger logger, D1 value, [SecretData] string token);
#pragma warning restore INS0102

    [LogMethod(LogLevel.Warning, "Note {note} sent to {address}")]
    public static partial void Note(ILogger logger, string note, [NonSensitiveData] string address);

    [LogMethod(LogLevel.Information, "Items {items}")]
    public static partial void Items(ILogger logger, params object[] items);

    [LogMethod(LogLevel.Information, "Extension {value}")]
    public static partial void Extension(this ILogger logger, int value);

    [LogMethod(LogLevel.Error, "Request {requestPath} failed")]
    public static partial void RequestFailed(ILogger logger, [NonSensitiveData] string requestPath, Exception error);
}

public abstract class LoggingBase
{
    protected LoggingBase(ILogger logger) => Logger = logger;

    protected ILogger Logger { get; }
}

public sealed partial class DerivedLogging : LoggingBase
{
    public DerivedLogging(ILogger logger)
        : base(logger)
    {
    }

    [LogMethod(LogLevel.Information, "From the base class logger {value}")]
    public partial void FromBase(int value);
}

public sealed partial class PrimaryLogging(ILogger logger)
{
    [LogMethod(LogLevel.Information, "From the primary constructor {value}")]
    public partial void FromPrimary(int value);
}

public sealed class AccountOperations
{
    [Operation("account.rotate")]
    public void Rotate([SpanAttribute("api_key"), LogField("api_key"), SecretData] string apiKey, [SpanAttribute("owner"), PersonalData] string owner, ILogger logger)
    {
        LeakLog.Deep(logger, new D1(new D2(new D3(new D4(owner, "t")))));
        throw new PaymentDeclinedException("rotation refused for bob@example.com card 4111 1111 1111 1111 password=hunter2");
    }

    [Operation("account.inspect")]
    public void Inspect(TenantContext tenant, [LogField("message_id")] string messageId, ILogger logger)
    {
        AppLog.ReadingsReceived(logger, "dev-9", 1, 20.5);
        logger.LogInformation("hand-written inside");
    }
}

/// <summary>A client's mistake the service handles as designed: its failure log is a warning.</summary>
public sealed class RejectedFrameException : Exception, IHasErrorCode
{
    public RejectedFrameException(string message)
        : base(message)
    {
    }

    public string ErrorCode => "malformed_frame";

    public LogLevel FailureLogLevel => LogLevel.Warning;
}

public sealed class FrameOperations
{
    [Operation("frame.accept")]
    public void Accept(string frame) => throw new RejectedFrameException("frame refused: " + frame);
}

public sealed class Fragile
{
    public string Name => "fragile";

    public string Broken => throw new InvalidOperationException(PersonalCorpus.Alpha);
}

public static partial class FragileLog
{
    [LogMethod(LogLevel.Information, "Fragile {value}")]
    public static partial void Logged(ILogger logger, Fragile value);
}
