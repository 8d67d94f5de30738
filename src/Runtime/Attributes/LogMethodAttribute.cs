using System;
using Microsoft.Extensions.Logging;

namespace Instrumentation;

/// <summary>
/// Declares a log method on a <c>partial void</c> method. The generator implements it LoggerMessage-style:
/// the template is parsed at compile time, <c>IsEnabled</c> is checked first, value types are not boxed,
/// classified arguments and members are redacted, unclassified strings scrubbed, objects rendered member by
/// member (never with <c>ToString()</c>), the first exception handed to providers redacted, and the error and
/// correlation fields of the current operation added to the state. The logger is the first <c>ILogger</c>
/// parameter (also <c>this ILogger</c>), or a field or property of the type or a base type, or a
/// primary-constructor parameter.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class LogMethodAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="level">The log level.</param>
    /// <param name="message">The message template, with <c>{name}</c> placeholders matching parameters.</param>
    public LogMethodAttribute(LogLevel level, string message)
    {
        Level = level;
        Message = message;
    }

    /// <summary>The log level.</summary>
    public LogLevel Level { get; }

    /// <summary>The message template.</summary>
    public string Message { get; }

    /// <summary>
    /// The event id. Not set: derived from the method name (overloads of one name share it). Set, it is kept as written,
    /// 0 included, as <c>[LoggerMessage]</c> keeps it.
    /// </summary>
    public int EventId { get; set; }

    /// <summary>The event name; null means the method name.</summary>
    public string? EventName { get; set; }
}
