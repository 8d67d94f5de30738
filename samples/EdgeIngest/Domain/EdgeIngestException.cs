using System;
using Instrumentation;

namespace EdgeIngest.Domain;

/// <summary>
/// A rejected input or request, with a stable code sent to clients in error frames and used as the
/// failure <c>reason</c> label.
/// </summary>
public sealed class EdgeIngestException : Exception, IHasErrorCode
{
    public EdgeIngestException(string errorCode, string message)
        : base(message)
    {
        ErrorCode = errorCode;
    }

    public string ErrorCode { get; }
}

/// <summary>The error codes of the protocol.</summary>
public static class ErrorCodes
{
    public const string MalformedJson = "malformed_json";
    public const string InvalidMessage = "invalid_message";
    public const string FrameTooLarge = "frame_too_large";
    public const string UnknownDevice = "unknown_device";
    public const string RevokedDevice = "revoked_device";
    public const string WrongTenant = "wrong_tenant";
    public const string ReplayedMessage = "replayed_message";
    public const string MissingToken = "missing_token";
    public const string StoreUnavailable = "store_unavailable";
}
