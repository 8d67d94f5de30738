using System.Collections.Generic;

namespace Instrumentation.Observability;

/// <summary>A log event of a generated <c>[LogMethod]</c>: category, event id, name, level, template and fields.</summary>
public sealed class LogEventDescriptor
{
    /// <summary>Creates a log event descriptor.</summary>
    /// <param name="assembly">The assembly that declares it.</param>
    /// <param name="category">The full name of the type declaring the log method.</param>
    /// <param name="eventId">The event id.</param>
    /// <param name="name">The event name.</param>
    /// <param name="level">The level (<c>Microsoft.Extensions.Logging.LogLevel</c> name).</param>
    /// <param name="template">The message template.</param>
    /// <param name="fields">The structured fields, with their classification.</param>
    public LogEventDescriptor(string assembly, string category, int eventId, string name, string level, string template, IReadOnlyList<TelemetryField> fields)
    {
        Assembly = assembly ?? string.Empty;
        Category = category ?? string.Empty;
        EventId = eventId;
        Name = name ?? string.Empty;
        Level = level ?? string.Empty;
        Template = template ?? string.Empty;
        Fields = fields ?? [];
    }

    /// <summary>The assembly that declares it.</summary>
    public string Assembly { get; }

    /// <summary>The full name of the type declaring the log method (with <see cref="EventId"/>, the identity).</summary>
    public string Category { get; }

    /// <summary>The event id.</summary>
    public int EventId { get; }

    /// <summary>The event name.</summary>
    public string Name { get; }

    /// <summary>The level: <c>Trace</c>, <c>Debug</c>, <c>Information</c>, <c>Warning</c>, <c>Error</c>, <c>Critical</c>.</summary>
    public string Level { get; }

    /// <summary>The message template.</summary>
    public string Template { get; }

    /// <summary>The structured fields, ordered by name.</summary>
    public IReadOnlyList<TelemetryField> Fields { get; }

    /// <inheritdoc />
    public override string ToString() => Category + "#" + EventId.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + Name;
}
