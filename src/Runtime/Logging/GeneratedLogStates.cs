using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace Instrumentation.Logging;

/// <summary>
/// Recognises the state of a generated log, so that sinks do not process its already-redacted fields again — also
/// when a wrapping logger hands providers a state object of its own: Microsoft's <c>EnableRedaction()</c>
/// (<c>ExtendedLogger</c>) copies every state it does not know into a joiner that drops our
/// <see cref="IRedactedLogState"/> marker. The JSON formatter then does not scrub the message again, and the
/// OpenTelemetry processor does not scrub or re-redact the generated fields (values marked <c>[NonSensitiveData]</c>
/// stay as they are; a secret already redacted by its redactor is not replaced by <c>[REDACTED]</c>). Fields added by
/// others (enrichers, static tags) are still processed.
/// <para>
/// A generated state reports, as its last field <c>{OriginalFormat}</c>, its descriptor's <see cref="GeneratedLogDescriptor.Template"/>:
/// a string instance of its own (a copy of the literal, so never the interned literal an ordinary
/// <c>LogInformation</c> call with the same text would report). Wrappers copy that value as it is, so the instance
/// identifies the descriptor on any thread, at no cost to the log call itself (issue 18 §4: this replaced a
/// thread-static mark set and reset around every generated <c>ILogger.Log</c> call).
/// </para>
/// </summary>
internal static class GeneratedLogStates
{
    private const string OriginalFormat = "{OriginalFormat}";

    // Keyed by reference (a ConditionalWeakTable compares keys by identity): only the descriptor's own template
    // instance matches, never an equal string. Weak: a descriptor of an unloaded assembly (a collectible plugin) is not
    // kept alive by this table.
    private static readonly ConditionalWeakTable<string, GeneratedLogDescriptor> ByTemplate = new();

    /// <summary>Registers <paramref name="descriptor"/> (its constructor does, once per generated log method).</summary>
    internal static void Register(GeneratedLogDescriptor descriptor)
    {
        // An empty template cannot be copied into an instance of its own (it is always string.Empty): such a log is
        // not recognised behind a wrapper, so its fields are processed again there (the safe direction).
        if (descriptor.Template.Length > 0)
        {
            ByTemplate.TryAdd(descriptor.Template, descriptor);
        }
    }

    /// <summary>
    /// The descriptor of the generated log whose state <paramref name="state"/> is or carries: the state itself, or a
    /// wrapper that copied its fields (its <c>{OriginalFormat}</c> is the very template instance of the generated
    /// method). Null for any other state.
    /// </summary>
    internal static GeneratedLogDescriptor? Of(object? state)
    {
        if (state is not IReadOnlyList<KeyValuePair<string, object?>> list)
        {
            return null;
        }

        // "{OriginalFormat}" is the last field of a generated state and stays last in Microsoft's joiner.
        for (var i = list.Count - 1; i >= 0; i--)
        {
            var pair = list[i];
            if (pair.Key == OriginalFormat)
            {
                return pair.Value is string template && ByTemplate.TryGetValue(template, out var descriptor) ? descriptor : null;
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="state"/> is a generated, already-redacted state (or a wrapper around one).</summary>
    internal static bool IsRedacted(object? state) => state is IRedactedLogState || Of(state) is not null;
}

/// <summary>What sinks need to know about one generated log method: its template and the names of its own fields.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class GeneratedLogDescriptor
{
    private readonly HashSet<string> _fields;

    /// <summary>Creates the descriptor (once per generated log method).</summary>
    /// <param name="template">The message template; <see cref="Template"/> is a copy of it that identifies this descriptor.</param>
    /// <param name="fields">The names of the fields the generated state writes, each redacted or scrubbed already.</param>
    public GeneratedLogDescriptor(string template, string[] fields)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(fields);

        // A copy, never the interned literal: an ordinary log call with the same text must not be taken for this one.
        Template = new string(template.AsSpan());
        _fields = new HashSet<string>(fields, StringComparer.Ordinal);
        GeneratedLogStates.Register(this);
    }

    /// <summary>The message template: the instance the generated state reports as <c>{OriginalFormat}</c>.</summary>
    public string Template { get; }

    /// <summary>Whether <paramref name="key"/> is a field the generated state wrote (safe already).</summary>
    internal bool IsOwnField(string key) => _fields.Contains(key);
}
