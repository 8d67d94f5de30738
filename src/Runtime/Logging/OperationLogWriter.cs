using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using Instrumentation.Operations;
using Microsoft.Extensions.Logging;

namespace Instrumentation.Logging;

/// <summary>
/// Writes the automatic operation logs. Each is checked with <c>IsEnabled</c> first; the state carries
/// <c>operation</c>, <c>duration_ms</c>, for failures <c>exception_type</c>, <c>exception_message</c> (redacted)
/// and <c>error_code</c>, and the correlation fields, so every provider receives them; providers are handed a
/// <see cref="RedactedException"/>, never the original exception.
/// </summary>
internal static class OperationLogWriter
{
    private static readonly EventId FailedEvent = new(1, "OperationFailed");
    private static readonly EventId StartedEvent = new(2, "OperationStarted");
    private static readonly EventId CompletedEvent = new(3, "OperationCompleted");

    public static void Failed(ILogger logger, string spanName, Exception exception, double durationMs)
    {
        var level = LevelOf(exception);
        if (logger.IsEnabled(level))
        {
            var redacted = RedactedException.From(exception);
            SdkCallout.Enter();
            try
            {
                logger.Log(level, FailedEvent, new OperationLogState(OperationLogKind.Failed, spanName, durationMs, redacted), redacted, OperationLogState.Format);
            }
            finally
            {
                SdkCallout.Exit();
            }
        }
    }

    /// <summary>Error, unless the exception declares a lower level for its code (<see cref="IHasErrorCode.FailureLogLevel"/>).</summary>
    public static LogLevel LevelOf(Exception exception)
    {
        if (exception is not IHasErrorCode coded)
        {
            return LogLevel.Error;
        }

        LogLevel level;
        try
        {
            level = coded.FailureLogLevel;
        }
        catch (Exception)
        {
            // A throwing getter: the failure is still logged, at Error.
            return LogLevel.Error;
        }

        return level is >= LogLevel.Trace and <= LogLevel.Critical ? level : LogLevel.Error;
    }

    public static void Started(ILogger logger, string spanName)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            SdkCallout.Enter();
            try
            {
                logger.Log(LogLevel.Information, StartedEvent, new OperationLogState(OperationLogKind.Started, spanName, 0, null), null, OperationLogState.Format);
            }
            finally
            {
                SdkCallout.Exit();
            }
        }
    }

    public static void Completed(ILogger logger, string spanName, double durationMs)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            SdkCallout.Enter();
            try
            {
                logger.Log(LogLevel.Information, CompletedEvent, new OperationLogState(OperationLogKind.Completed, spanName, durationMs, null), null, OperationLogState.Format);
            }
            finally
            {
                SdkCallout.Exit();
            }
        }
    }
}

/// <summary>Which automatic operation log a state belongs to.</summary>
internal enum OperationLogKind
{
    Failed,
    Started,
    Completed,
}

/// <summary>The structured state of an automatic operation log.</summary>
internal readonly struct OperationLogState : IReadOnlyList<KeyValuePair<string, object?>>, IRedactedLogState
{
    public static readonly Func<OperationLogState, Exception?, string> Format = static (state, _) => state.ToString();

    private const string FailedTemplate = "Operation {operation} failed with {exception_type} after {duration_ms} ms";
    private const string StartedTemplate = "Operation {operation} started";
    private const string CompletedTemplate = "Operation {operation} completed in {duration_ms} ms";

    private readonly OperationLogKind _kind;
    private readonly string _operation;
    private readonly double _durationMs;
    private readonly LogExceptionFields _exception;
    private readonly LogCorrelation _correlation;

    public OperationLogState(OperationLogKind kind, string operation, double durationMs, RedactedException? exception)
    {
        _kind = kind;
        _operation = operation;
        _durationMs = durationMs;
        _exception = new LogExceptionFields(exception);
        _correlation = LogCorrelation.Capture();
    }

    private int OwnCount => _kind == OperationLogKind.Started ? 1 : 2;

    public int Count => OwnCount + _exception.Count + _correlation.Count + 1;

    public KeyValuePair<string, object?> this[int index]
    {
        get
        {
            if (index == 0)
            {
                return new KeyValuePair<string, object?>("operation", _operation);
            }

            if (index == 1 && _kind != OperationLogKind.Started)
            {
                return new KeyValuePair<string, object?>("duration_ms", _durationMs);
            }

            index -= OwnCount;
            if ((uint)index < (uint)_exception.Count)
            {
                return _exception[index];
            }

            index -= _exception.Count;
            if ((uint)index < (uint)_correlation.Count)
            {
                return _correlation[index];
            }

            index -= _correlation.Count;
            if (index == 0)
            {
                return new KeyValuePair<string, object?>("{OriginalFormat}", _kind switch
                {
                    OperationLogKind.Failed => FailedTemplate,
                    OperationLogKind.Started => StartedTemplate,
                    _ => CompletedTemplate,
                });
            }

            throw new ArgumentOutOfRangeException(nameof(index));
        }
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString()
    {
        var duration = _durationMs.ToString(CultureInfo.InvariantCulture);
        return _kind switch
        {
            OperationLogKind.Failed => "Operation " + _operation + " failed with " + (_exception.TypeName ?? "exception") + " after " + duration + " ms",
            OperationLogKind.Started => "Operation " + _operation + " started",
            _ => "Operation " + _operation + " completed in " + duration + " ms",
        };
    }
}
