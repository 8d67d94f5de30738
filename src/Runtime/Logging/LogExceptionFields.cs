using System.Collections.Generic;
using System.ComponentModel;

namespace Instrumentation.Logging;

/// <summary>
/// The error fields of a log line, as log-state pairs: <c>exception_type</c> (the original type's full name),
/// <c>exception_message</c> (redacted; omitted when empty) and <c>error_code</c> (when the exception carries one,
/// see <see cref="IHasErrorCode"/>). Generated log methods with an exception parameter and the operation failure
/// log put them in their state, so every provider receives them.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct LogExceptionFields
{
    private readonly RedactedException? _exception;

    /// <summary>Creates the fields of <paramref name="exception"/> (none for null).</summary>
    /// <param name="exception">The redacted exception.</param>
    public LogExceptionFields(RedactedException? exception)
    {
        _exception = exception;
        Count = exception is null ? 0 : 1 + (exception.Message.Length > 0 ? 1 : 0) + (exception.ErrorCode.Length > 0 ? 1 : 0);
    }

    /// <summary>How many fields there are (0 without an exception).</summary>
    public int Count { get; }

    /// <summary>The original exception type's full name, or null.</summary>
    public string? TypeName => _exception?.OriginalTypeName;

    /// <summary>The field at <paramref name="index"/> (0 ≤ index &lt; <see cref="Count"/>).</summary>
    /// <param name="index">The position.</param>
    public KeyValuePair<string, object?> this[int index]
    {
        get
        {
            var exception = _exception ?? throw new System.ArgumentOutOfRangeException(nameof(index));
            if (index == 0)
            {
                return new KeyValuePair<string, object?>("exception_type", exception.OriginalTypeName);
            }

            if (index == 1 && exception.Message.Length > 0)
            {
                return new KeyValuePair<string, object?>("exception_message", exception.Message);
            }

            if (index == Count - 1 && index > 0 && exception.ErrorCode.Length > 0)
            {
                return new KeyValuePair<string, object?>("error_code", exception.ErrorCode);
            }

            throw new System.ArgumentOutOfRangeException(nameof(index));
        }
    }
}
