using System;
using System.Collections.Generic;
using System.Reflection;
using Instrumentation.Redaction;
using OpenTelemetry.Logs;

namespace Instrumentation.Logging;

/// <summary>
/// The log scopes of a record (<c>ILogger.BeginScope</c>), which OpenTelemetry exports as attributes of every record
/// written inside them when <c>IncludeScopes</c> is on (Aspire's service defaults turn it on): the processor replaces
/// them by safe copies, by the rules of a hand-written line's values — a secret-named value → <c>[REDACTED]</c>, an
/// object rendered with its classified members redacted, text scrubbed. A scope's values (ASP.NET Core's
/// <c>RequestPath</c> <c>/users/ada@example.com</c>, <c>BeginScope("order for {Email}", email)</c>) reached OTLP in clear.
/// <para>
/// OpenTelemetry has no public way to replace a record's scopes: the copies are put where its own batch processor puts
/// the scopes it buffers (<c>LogRecord.ILoggerData.BufferedScopes</c>, read by <c>ForEachScope</c>), and the scope
/// provider is taken off the record so that nothing reads the originals later. Should those fields not exist (another
/// OpenTelemetry version), the processor withholds a record with scopes (<c>instrumentation.redaction_failed</c>: no
/// attributes, message or exception), though it cannot take the scopes off it then; <c>LogScopeRedactionTests</c>
/// fails on such a version.
/// </para>
/// </summary>
internal static class LogRecordScopes
{
    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    // Constant names the trimmer follows (typeof, Type.GetType with a literal, GetField with a literal): the fields are kept
    // in a trimmed or NativeAOT app with no annotation, and no warning (tools/aot/check.sh).
    private static readonly FieldInfo? DataField = typeof(LogRecord).GetField("ILoggerData", Instance);
    private static readonly FieldInfo? ProviderField = Type.GetType("OpenTelemetry.Logs.LogRecord+LogRecordILoggerData, OpenTelemetry", throwOnError: false)?.GetField("ScopeProvider", Instance);
    private static readonly FieldInfo? BufferedField = Type.GetType("OpenTelemetry.Logs.LogRecord+LogRecordILoggerData, OpenTelemetry", throwOnError: false)?.GetField("BufferedScopes", Instance);

    [ThreadStatic]
    private static List<object?>? t_scopes;

    /// <summary>Replaces the scopes of <paramref name="record"/> by safe copies (nothing to do, and 0 B, without scopes).</summary>
    /// <exception cref="InvalidOperationException">The record has scopes and they cannot be replaced.</exception>
    public static void Redact(LogRecord record)
    {
        var scopes = t_scopes ??= new List<object?>();
        scopes.Clear();
        record.ForEachScope(static (scope, list) => list.Add(Safe(scope.Scope)), scopes);
        if (scopes.Count == 0)
        {
            return;
        }

        var safe = new List<object?>(scopes);
        scopes.Clear();
        Replace(record, safe);
    }

    /// <summary>Takes every scope off <paramref name="record"/> (a withheld record); never throws.</summary>
    public static void Drop(LogRecord record)
    {
        try
        {
            Replace(record, null);
        }
        catch (Exception)
        {
            // Withholding goes on without it.
        }
    }

    private static void Replace(LogRecord record, List<object?>? scopes)
    {
        if (DataField is null || ProviderField is null || BufferedField is null || ProviderField.DeclaringType != DataField.FieldType)
        {
            throw new InvalidOperationException("The log scopes of this OpenTelemetry version cannot be replaced.");
        }

        // A struct field: changed on a boxed copy, then stored back.
        var data = DataField.GetValue(record)!;
        ProviderField.SetValue(data, null);
        BufferedField.SetValue(data, scopes);
        DataField.SetValue(record, data);
    }

    /// <summary>The safe copy of one scope: its fields one by one, or its one value.</summary>
    private static object? Safe(object? scope)
    {
        if (scope is IEnumerable<KeyValuePair<string, object?>> fields)
        {
            var copy = new List<KeyValuePair<string, object?>>();
            foreach (var field in fields)
            {
                copy.Add(new KeyValuePair<string, object?>(field.Key, SafeValue(field.Key, field.Value)));
            }

            return copy;
        }

        return SafeValue(string.Empty, scope);
    }

    private static object? SafeValue(string key, object? value)
    {
        if (key == "{OriginalFormat}")
        {
            return value is string template ? TextScrubber.Scrub(template) : value;
        }

        return HandWrittenValues.Replacement(key, value, out _, out _) ?? (value is string text ? TextScrubber.Scrub(text) : value);
    }
}
