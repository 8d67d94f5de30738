using System;

namespace Instrumentation.Testing;

/// <summary>
/// Thrown by the assertions of <see cref="TelemetryCapture"/> (for example <see cref="TelemetryCapture.Span(string)"/>)
/// when the expected telemetry is not there. The message lists what was captured instead, so a failing test says
/// what happened.
/// </summary>
public sealed class TelemetryAssertionException : Exception
{
    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    /// <param name="message">What was expected and what was seen.</param>
    public TelemetryAssertionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with no message.</summary>
    public TelemetryAssertionException()
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> and an inner exception.</summary>
    /// <param name="message">What was expected and what was seen.</param>
    /// <param name="innerException">The cause.</param>
    public TelemetryAssertionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
