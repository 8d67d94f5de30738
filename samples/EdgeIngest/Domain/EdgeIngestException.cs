using System;
using Instrumentation;

namespace EdgeIngest.Domain;

/// <summary>
/// A rejected input or request, with a stable code sent to clients in error frames and used as the
/// failure <c>reason</c> label.
/// </summary>
public sealed class EdgeIngestException : Exception, IHasErrorCode
{
    public EdgeIngestException(string errorCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorCode = errorCode;
    }

    public string ErrorCode { get; }

    /// <summary>Client mistakes are warnings; only the service's own failures are errors.</summary>
    public Microsoft.Extensions.Logging.LogLevel FailureLogLevel => ErrorCode is ErrorCodes.StoreUnavailable or ErrorCodes.InternalError
        ? Microsoft.Extensions.Logging.LogLevel.Error
        : Microsoft.Extensions.Logging.LogLevel.Warning;

    /// <summary>The message id of the refused frame, when it could be read (echoed in the error frame).</summary>
    public string? MessageId { get; init; }
}

/// <summary>The error codes of the protocol and the REST API (a bounded set: they are metric labels).</summary>
public static class ErrorCodes
{
    public const string MalformedJson = "malformed_json";

    /// <summary>
    /// Bytes the WebSocket protocol refuses: invalid UTF-8 in a text frame (the socket is closed with 1007) or a
    /// malformed frame (closed with 1002). The protocol allows no error frame after that close.
    /// </summary>
    public const string ProtocolError = "protocol_error";
    public const string InvalidMessage = "invalid_message";
    public const string FrameTooLarge = "frame_too_large";
    public const string UnsupportedFrame = "unsupported_frame";
    public const string UnknownDevice = "unknown_device";
    public const string DeviceRevoked = "device_revoked";
    public const string WrongTenant = "wrong_tenant";
    public const string ReplayedMessage = "replayed_message";
    public const string MissingToken = "missing_token";
    public const string InvalidToken = "invalid_token";
    public const string StoreUnavailable = "store_unavailable";
    public const string InternalError = "internal_error";

    /// <summary>The server is stopping: the frame was not processed (nothing stored); the device reconnects and resends.</summary>
    public const string ShuttingDown = "shutting_down";

    /// <summary>A connection was refused because the server holds its maximum number of connections.</summary>
    public const string TooManyConnections = "too_many_connections";

    /// <summary>An authenticated socket sent nothing for <c>--idle-timeout</c>: closed with 1008.</summary>
    public const string IdleTimeout = "idle_timeout";

    /// <summary>A frame was started but not finished within <c>--frame-timeout</c>: closed with 1008.</summary>
    public const string FrameTimeout = "frame_timeout";

    public const string Unauthorized = "unauthorized";
    public const string Forbidden = "forbidden";
    public const string NotFound = "not_found";

    public const string InvalidFlow = "invalid_flow";
    public const string DuplicateNodeId = "duplicate_node_id";
    public const string UnknownNodeType = "unknown_node_type";
    public const string InvalidNodeParameters = "invalid_node_parameters";
    public const string UnknownNode = "unknown_node";
    public const string FlowCycle = "flow_cycle";

    /// <summary>The HTTP status a REST error is answered with.</summary>
    /// <summary>A body that is not JSON (<c>Content-Type</c> other than <c>application/json</c>): HTTP 415.</summary>
    public const string UnsupportedMediaType = "unsupported_media_type";

    /// <summary>A method the route does not take: HTTP 405.</summary>
    public const string MethodNotAllowed = "method_not_allowed";

    /// <summary>Any other refusal the framework makes before an endpoint runs: HTTP 400.</summary>
    public const string BadRequest = "bad_request";

    /// <summary>A REST request body over the server's request size limit (Kestrel's, 30,000,000 bytes): HTTP 413.</summary>
    public const string BodyTooLarge = "body_too_large";

    /// <summary>The code of a refusal the framework wrote without a body, by its status.</summary>
    public static string ForStatus(int status) => status switch
    {
        401 => Unauthorized,
        403 => Forbidden,
        404 => NotFound,
        405 => MethodNotAllowed,
        413 => BodyTooLarge,
        415 => UnsupportedMediaType,
        503 => StoreUnavailable,
        >= 500 => InternalError,
        _ => BadRequest,
    };

    public static int HttpStatus(string code) => code switch
    {
        Unauthorized => 401,
        Forbidden => 403,
        NotFound => 404,
        BodyTooLarge => 413,
        StoreUnavailable => 503,
        _ => 400,
    };
}
