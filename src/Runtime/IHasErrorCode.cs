namespace Instrumentation;

/// <summary>
/// Implemented by exceptions that carry a stable, low-cardinality error code. Generated code uses the
/// code as the failure <c>reason</c> label and as the <c>error_code</c> log field.
/// </summary>
public interface IHasErrorCode
{
    /// <summary>A stable code such as <c>device_revoked</c>; never free text.</summary>
    string ErrorCode { get; }
}
