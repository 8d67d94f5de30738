using System;
using System.Collections.Generic;
using System.Threading;

namespace Instrumentation.Correlation;

/// <summary>
/// The correlation fields of one running operation: tenant ids and the values of parameters marked
/// <see cref="LogFieldAttribute"/>. Frames chain to the enclosing operation's frame, so a log line
/// written in a nested operation still sees the outer operation's fields.
/// </summary>
public sealed class CorrelationFrame
{
    private readonly CorrelationField[]? _fields;
    private string?[]? _values;
    private KeyValuePair<string, object?>[]? _flattened;

    /// <summary>Creates a frame.</summary>
    /// <param name="parent">The enclosing operation's frame, or null.</param>
    /// <param name="orgId">The tenant's organization id, or null to inherit the parent's.</param>
    /// <param name="projectId">The tenant's project id, or null to inherit the parent's.</param>
    /// <param name="deviceUuid">The device uuid, or null to inherit the parent's.</param>
    /// <param name="fields">
    /// Other fields (for example <c>message_id</c>), or null. Each is made safe (<see cref="CorrelationField"/>) when a
    /// log line first reads this frame, not now.
    /// </param>
    public CorrelationFrame(
        CorrelationFrame? parent,
        string? orgId,
        string? projectId,
        string? deviceUuid,
        CorrelationField[]? fields)
    {
        Parent = parent;
        OrgId = orgId ?? parent?.OrgId;
        ProjectId = projectId ?? parent?.ProjectId;
        DeviceUuid = deviceUuid ?? parent?.DeviceUuid;
        _fields = fields;
    }

    /// <summary>The enclosing operation's frame.</summary>
    public CorrelationFrame? Parent { get; }

    /// <summary>The organization id in force.</summary>
    public string? OrgId { get; }

    /// <summary>The project id in force.</summary>
    public string? ProjectId { get; }

    /// <summary>The device uuid in force.</summary>
    public string? DeviceUuid { get; }

    /// <summary>
    /// True when a frame of these values pushed over <paramref name="current"/> would change nothing a log line reads:
    /// each tenant id is null or the one in force, and each field with a value is, by name, the innermost field in force
    /// with the same rule and the same value (the same string or the same object).
    /// </summary>
    internal static bool AddsNothing(CorrelationFrame? current, string? orgId, string? projectId, string? deviceUuid, ReadOnlySpan<CorrelationField> fields)
    {
        if ((orgId is not null && !string.Equals(orgId, current?.OrgId, System.StringComparison.Ordinal))
            || (projectId is not null && !string.Equals(projectId, current?.ProjectId, System.StringComparison.Ordinal))
            || (deviceUuid is not null && !string.Equals(deviceUuid, current?.DeviceUuid, System.StringComparison.Ordinal)))
        {
            return false;
        }

        for (var i = 0; i < fields.Length; i++)
        {
            if (fields[i].HasValue && !InForce(current, in fields[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool InForce(CorrelationFrame? current, in CorrelationField field)
    {
        for (CorrelationFrame? frame = current; frame is not null; frame = frame.Parent)
        {
            CorrelationField[]? fields = frame._fields;
            if (fields is null)
            {
                continue;
            }

            for (int i = 0; i < fields.Length; i++)
            {
                if (fields[i].Name == field.Name)
                {
                    return fields[i].SameAs(in field);
                }
            }
        }

        return false;
    }

    /// <summary>The value of a field in this frame or the nearest enclosing frame that has it.</summary>
    /// <param name="name">The field name, for example <c>message_id</c>.</param>
    public string? Get(string name)
    {
        switch (name)
        {
            case CorrelationFieldNames.OrgId: return OrgId;
            case CorrelationFieldNames.ProjectId: return ProjectId;
            case CorrelationFieldNames.DeviceUuid: return DeviceUuid;
        }

        for (CorrelationFrame? frame = this; frame is not null; frame = frame.Parent)
        {
            CorrelationField[]? fields = frame._fields;
            if (fields is null)
            {
                continue;
            }

            string?[] values = frame.Values(fields);
            for (int i = 0; i < fields.Length; i++)
            {
                if (fields[i].Name == name && values[i] is not null)
                {
                    return values[i];
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The safe text of this frame's own fields, made when a log line first reads them and kept: a frame is immutable,
    /// so every later line of the operation reads the same strings. Two threads reading at once may both make them
    /// (the same text); one array wins.
    /// </summary>
    private string?[] Values(CorrelationField[] fields)
    {
        var values = Volatile.Read(ref _values);
        if (values is null)
        {
            values = new string?[fields.Length];
            for (var i = 0; i < fields.Length; i++)
            {
                values[i] = fields[i].Resolve();
            }

            values = Interlocked.CompareExchange(ref _values, values, null) ?? values;
        }

        return values;
    }

    /// <summary>
    /// Every field in force (innermost value wins), tenant ids first, as log-state pairs. Built on the first
    /// call and cached: a frame is immutable.
    /// </summary>
    internal KeyValuePair<string, object?>[] Flattened
    {
        get
        {
            var flattened = Volatile.Read(ref _flattened);
            if (flattened is null)
            {
                var list = new List<KeyValuePair<string, object?>>(4);
                ForEach((name, value) => list.Add(new KeyValuePair<string, object?>(name, value)));
                flattened = list.ToArray();
                Volatile.Write(ref _flattened, flattened);
            }

            return flattened;
        }
    }

    /// <summary>
    /// Visits every field in force (innermost value wins), tenant ids first. Used by log sinks.
    /// </summary>
    /// <param name="visitor">Receives each name and value.</param>
    public void ForEach(System.Action<string, string> visitor)
    {
        if (OrgId is not null) visitor(CorrelationFieldNames.OrgId, OrgId);
        if (ProjectId is not null) visitor(CorrelationFieldNames.ProjectId, ProjectId);
        if (DeviceUuid is not null) visitor(CorrelationFieldNames.DeviceUuid, DeviceUuid);

        List<string>? seen = null;
        for (CorrelationFrame? frame = this; frame is not null; frame = frame.Parent)
        {
            CorrelationField[]? fields = frame._fields;
            if (fields is null)
            {
                continue;
            }

            string?[] values = frame.Values(fields);
            for (int i = 0; i < fields.Length; i++)
            {
                string? value = values[i];
                if (value is null)
                {
                    continue;
                }

                seen ??= new List<string>();
                if (seen.Contains(fields[i].Name))
                {
                    continue;
                }

                seen.Add(fields[i].Name);
                visitor(fields[i].Name, value);
            }
        }
    }
}
