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
