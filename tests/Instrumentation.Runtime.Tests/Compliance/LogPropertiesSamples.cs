using Instrumentation.Runtime.Tests.Compliance;
using Microsoft.Extensions.Logging;

namespace Instrumentation.Runtime.Tests.Compliance;

/// <summary>A member logged with Microsoft.Extensions.Telemetry's <c>[LogProperties]</c>.</summary>
public sealed class ClubMember
{
    public string Handle { get; init; } = string.Empty;

    [PersonalData]
    public string Email { get; init; } = string.Empty;

    [ContosoPrivateData]
    public string HomeAddress { get; init; } = string.Empty;

    [Microsoft.Extensions.Logging.LogPropertyIgnore]
    public string Password { get; init; } = string.Empty;

    [Microsoft.Extensions.Logging.TagName("member.tier")]
    public string Level { get; init; } = string.Empty;

    public int Age { get; init; }

    public string Bio { get; init; } = string.Empty;

    internal string InternalNote { get; init; } = string.Empty;
}

/// <summary>Log methods using <c>[LogProperties]</c> and <c>[TagName]</c>.</summary>
public static partial class ClubLog
{
    [LogMethod(LogLevel.Information, "Member joined {orgId}")]
    public static partial void Joined(ILogger logger, [Microsoft.Extensions.Logging.LogProperties] ClubMember member, [Microsoft.Extensions.Logging.TagName("org.id")] string orgId);

    [LogMethod(LogLevel.Information, "Member left")]
    public static partial void Left(ILogger logger, [Microsoft.Extensions.Logging.LogProperties(OmitReferenceName = true)] ClubMember? member);
}

/// <summary>A type classified whole: every value of it, and so every property of it, is personal data.</summary>
[PersonalData]
public record Diagnosis(string Code, string Doctor);

/// <summary>Classified through its base type.</summary>
public sealed record FollowUp(string Code, string Doctor, string When) : Diagnosis(Code, Doctor);

/// <summary>Classified through an interface.</summary>
[PersonalData]
public interface IHealthData
{
    string Condition { get; }
}

public sealed class HealthRecord : IHealthData
{
    public string Condition { get; init; } = string.Empty;
}

/// <summary>A secret value type, logged through a nullable parameter.</summary>
[SecretData]
public readonly record struct Pin(string Value, int Length);

/// <summary>An unclassified type whose parameter is classified.</summary>
public sealed class Contact
{
    public string Name { get; init; } = string.Empty;

    public string Phone { get; init; } = string.Empty;
}

/// <summary>
/// [LogProperties] of classified values: the classification of the argument (its type's, a base type's or an interface's,
/// or the parameter's) classifies every field taken from it (a stranger's trial logged these fields in clear).
/// </summary>
public static partial class ClinicLog
{
    [LogMethod(LogLevel.Information, "diagnosis recorded")]
    public static partial void Recorded(ILogger logger, [Microsoft.Extensions.Logging.LogProperties] Diagnosis dx);

    [LogMethod(LogLevel.Information, "follow-up recorded")]
    public static partial void FollowedUp(ILogger logger, [Microsoft.Extensions.Logging.LogProperties] FollowUp f);

    [LogMethod(LogLevel.Information, "health recorded")]
    public static partial void Health(ILogger logger, [Microsoft.Extensions.Logging.LogProperties] HealthRecord h);

    [LogMethod(LogLevel.Information, "pin checked")]
    public static partial void PinChecked(ILogger logger, [Microsoft.Extensions.Logging.LogProperties] Pin? pin);

    [LogMethod(LogLevel.Information, "contact added")]
    public static partial void ContactAdded(ILogger logger, [PersonalData][Microsoft.Extensions.Logging.LogProperties] Contact contact);
}
