using System;
using System.Collections.Generic;
using System.ComponentModel;

namespace Instrumentation.Logging;

/// <summary>
/// Marks, on the current thread, the generated log being handed to <c>ILogger.Log</c>, so that sinks recognise its
/// already-redacted state even when a wrapping logger hands providers a state object of its own — Microsoft's
/// <c>EnableRedaction()</c> (<c>ExtendedLogger</c>) wraps every state it does not know in a joiner that drops our
/// <see cref="IRedactedLogState"/> marker. The JSON formatter then does not scrub the message again, and the
/// OpenTelemetry processor does not scrub or re-redact the generated fields (values marked <c>[NonSensitiveData]</c>
/// stay as they are; a secret already redacted by its redactor is not replaced by <c>[REDACTED]</c>). Fields added by
/// others (enrichers, static tags) are still processed. Generated code calls <see cref="Enter"/> and <see cref="Exit"/>.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GeneratedLogScope
{
    private const string OriginalFormat = "{OriginalFormat}";

    [ThreadStatic]
    private static GeneratedLogDescriptor? t_current;

    /// <summary>Marks <paramref name="descriptor"/> as being written on this thread; returns the previous mark for <see cref="Exit"/>.</summary>
    /// <param name="descriptor">The log method's descriptor.</param>
    public static GeneratedLogDescriptor? Enter(GeneratedLogDescriptor descriptor)
    {
        var previous = t_current;
        t_current = descriptor;
        return previous;
    }

    /// <summary>Restores the mark <see cref="Enter"/> returned.</summary>
    /// <param name="previous">The previous mark.</param>
    public static void Exit(GeneratedLogDescriptor? previous) => t_current = previous;

    /// <summary>
    /// The descriptor of the generated log whose state <paramref name="state"/> is or carries: the state itself, or a
    /// wrapper around it while it is being written on this thread (its <c>{OriginalFormat}</c> is the very template
    /// string of the generated method). Null for any other state.
    /// </summary>
    internal static GeneratedLogDescriptor? Of(object? state)
    {
        var current = t_current;
        if (current is null)
        {
            return null;
        }

        if (state is IRedactedLogState)
        {
            return current;
        }

        return state is IReadOnlyList<KeyValuePair<string, object?>> list && IsTemplateOf(list, current) ? current : null;
    }

    /// <summary>Whether <paramref name="state"/> is a generated, already-redacted state (or a wrapper around the one being written).</summary>
    internal static bool IsRedacted(object? state) => state is IRedactedLogState || Of(state) is not null;

    private static bool IsTemplateOf(IReadOnlyList<KeyValuePair<string, object?>> list, GeneratedLogDescriptor descriptor)
    {
        // "{OriginalFormat}" is the last field of a generated state and stays last in Microsoft's joiner.
        for (var i = list.Count - 1; i >= 0; i--)
        {
            var pair = list[i];
            if (pair.Key == OriginalFormat)
            {
                return ReferenceEquals(pair.Value, descriptor.Template);
            }
        }

        return false;
    }
}

/// <summary>What sinks need to know about one generated log method: its template and the names of its own fields.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class GeneratedLogDescriptor
{
    private readonly HashSet<string> _fields;

    /// <summary>Creates the descriptor (once per generated log method).</summary>
    /// <param name="template">The message template, the same string instance the state reports as <c>{OriginalFormat}</c>.</param>
    /// <param name="fields">The names of the fields the generated state writes, each redacted or scrubbed already.</param>
    public GeneratedLogDescriptor(string template, string[] fields)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(fields);
        Template = template;
        _fields = new HashSet<string>(fields, StringComparer.Ordinal);
    }

    /// <summary>The message template.</summary>
    public string Template { get; }

    /// <summary>Whether <paramref name="key"/> is a field the generated state wrote (safe already).</summary>
    internal bool IsOwnField(string key) => _fields.Contains(key);
}
