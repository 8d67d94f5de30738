using Microsoft.Extensions.Logging;

namespace Instrumentation;

/// <summary>
/// Implemented by exceptions that carry a stable, low-cardinality error code. Generated code uses the
/// code as the failure <c>reason</c> label and as the <c>error_code</c> log field.
/// </summary>
public interface IHasErrorCode
{
    /// <summary>A stable code such as <c>device_revoked</c>; never free text.</summary>
    string ErrorCode { get; }

    /// <summary>
    /// The level of the automatic <c>OperationFailed</c> log for this failure. <see cref="LogLevel.Error"/>
    /// by default; a client's mistake that the service handled as designed (a malformed frame, a revoked
    /// token) can say <see cref="LogLevel.Warning"/> or <see cref="LogLevel.Information"/> so that it does
    /// not page anyone. Spans and failure counters record the failure whatever the level.
    /// </summary>
    LogLevel FailureLogLevel => LogLevel.Error;
}
