using System;
using System.ComponentModel;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading.Tasks;
using Instrumentation.Correlation;
using Instrumentation.Logging;

namespace Instrumentation.Operations;

/// <summary>
/// One annotated operation whose begin and end are the same code for every such operation: its instruments carry
/// no labels and it keeps no argument (no span attributes, log fields, batch, queue or latency parameters). The
/// generated code holds one instance per operation instead of a class of its own (issue 18 §7: the class, state
/// struct, instrument fields and descriptors were about 70 % of the code generated per call site of such an operation); the
/// interceptors call it exactly as they call a generated operation class. Not for application code.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class PlainOperation
{
    /// <summary>The duration histogram's unit and description: the same as the generator gives every operation's.</summary>
    internal const string DurationUnit = "ms";
    internal const string DurationDescription = "Duration of the operation";
    internal const string CallsUnit = "{call}";
    internal const string CallsDescription = "Calls of the operation";
    internal const string FailuresUnit = "{failure}";
    internal const string FailuresDescription = "Failed calls of the operation";

    private readonly string _meterName;
    private readonly ActivitySource _source;
    private readonly string _spanName;
    private readonly Histogram<double>? _duration;
    private readonly Counter<long>? _calls;
    private readonly Counter<long>? _failures;
    private readonly bool _skipUnsampledRoot;
    private readonly ActivityKind _kind;
    private readonly bool _logStart;
    private readonly bool _logCompletion;

    /// <summary>
    /// An operation recording into the declaring assembly's generated source and meter. Its instruments come from
    /// <see cref="SharedTelemetry"/> by name, so an operation of another shape (or another assembly's interceptors)
    /// naming the same metric records into the very same instrument.
    /// </summary>
    /// <param name="meterName">The declaring assembly's source and meter name, <c>Instrumentation.Generated.&lt;assembly&gt;</c>.</param>
    /// <param name="spanName">The span name, also the name in operation logs.</param>
    /// <param name="durationName">The duration histogram's name (milliseconds), or null when the operation turned it off.</param>
    /// <param name="callsName">The calls counter's name, or null when the operation turned it off.</param>
    /// <param name="failuresName">The failures counter's name, or null when the operation turned it off.</param>
    /// <param name="options">Whether unsampled roots are skipped and which operation logs are written.</param>
    public PlainOperation(
        string meterName,
        string spanName,
        string? durationName,
        string? callsName,
        string? failuresName,
        PlainOperationOptions options = PlainOperationOptions.None)
    {
        _kind = KindOf(options);
        ArgumentNullException.ThrowIfNull(meterName);
        ArgumentNullException.ThrowIfNull(spanName);
        _meterName = meterName;
        _source = SharedTelemetry.Source(meterName);
        _spanName = spanName;
        // Before the instruments exist: a meter provider sizes their streams when they are created.
        MetricStreamHints.NoteWithoutLabels(meterName, durationName, callsName, failuresName);

        _duration = durationName is null ? null : SharedTelemetry.Histogram<double>(meterName, durationName, DurationUnit, DurationDescription);
        _calls = callsName is null ? null : SharedTelemetry.Counter<long>(meterName, callsName, CallsUnit, CallsDescription);
        _failures = failuresName is null ? null : SharedTelemetry.Counter<long>(meterName, failuresName, FailuresUnit, FailuresDescription);
        _skipUnsampledRoot = (options & PlainOperationOptions.SkipUnsampledRoot) != 0;
        _logStart = (options & PlainOperationOptions.LogStart) != 0;
        _logCompletion = (options & PlainOperationOptions.LogCompletion) != 0;
    }

    /// <summary>
    /// An operation whose three instruments have the default names of its metric stem: <c>{stem}_duration_ms</c>,
    /// <c>{stem}_calls_total</c> and <c>{stem}_failures_total</c>. Generated code uses this form whenever the names
    /// follow it (every <c>[Operation]</c> that does not rename its metrics): one string per operation instead of three
    /// longer ones, in the generated source, the assembly's string heap and the type initializer the JIT compiles
    /// (issue 18 §6/§7).
    /// </summary>
    /// <param name="meterName">The declaring assembly's source and meter name, <c>Instrumentation.Generated.&lt;assembly&gt;</c>.</param>
    /// <param name="spanName">The span name, also the name in operation logs.</param>
    /// <param name="metricStem">The stem of the instruments' names.</param>
    public PlainOperation(string meterName, string spanName, string metricStem)
        : this(meterName, spanName, metricStem, PlainOperationOptions.None)
    {
    }

    /// <summary>As the overload without <paramref name="options"/>, with options.</summary>
    /// <param name="meterName">The declaring assembly's source and meter name, <c>Instrumentation.Generated.&lt;assembly&gt;</c>.</param>
    /// <param name="spanName">The span name, also the name in operation logs.</param>
    /// <param name="metricStem">The stem of the instruments' names.</param>
    /// <param name="options">Whether unsampled roots are skipped and which operation logs are written.</param>
    public PlainOperation(string meterName, string spanName, string metricStem, PlainOperationOptions options)
        : this(meterName, spanName, DefaultName(metricStem, DurationSuffix), DefaultName(metricStem, CallsSuffix), DefaultName(metricStem, FailuresSuffix), options)
    {
    }

    /// <summary>The suffixes of the default instrument names (the generator's InstrumentPlanner gives the same).</summary>
    internal const string DurationSuffix = "_duration_ms";
    internal const string CallsSuffix = "_calls_total";
    internal const string FailuresSuffix = "_failures_total";

    private static string DefaultName(string metricStem, string suffix)
    {
        ArgumentNullException.ThrowIfNull(metricStem);
        return metricStem + suffix;
    }

    /// <summary>The span's kind, from the options' span-kind flags (Internal when none).</summary>
    private static ActivityKind KindOf(PlainOperationOptions options) =>
        (options & PlainOperationOptions.ServerSpan) != 0 ? ActivityKind.Server
        : (options & PlainOperationOptions.ClientSpan) != 0 ? ActivityKind.Client
        : (options & PlainOperationOptions.ProducerSpan) != 0 ? ActivityKind.Producer
        : (options & PlainOperationOptions.ConsumerSpan) != 0 ? ActivityKind.Consumer
        : ActivityKind.Internal;

    /// <summary>The declaring assembly's meter name.</summary>
    internal string MeterName => _meterName;

    /// <summary>The duration histogram, or null when turned off.</summary>
    internal Histogram<double>? Duration => _duration;

    /// <summary>The calls counter, or null when turned off.</summary>
    internal Counter<long>? Calls => _calls;

    /// <summary>The failures counter, or null when turned off.</summary>
    internal Counter<long>? Failures => _failures;

    /// <summary>
    /// False when nobody listens: the call then runs with no telemetry work at all. Inlined into the interceptor's
    /// fast path, which the JIT inlines at the call site.
    /// </summary>
    public bool IsLive
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _source.HasListeners()
            || (MeterListening.Possible && MeterListening.Read(_duration, _calls, _failures))
            || OperationLifecycle.AlwaysLive;
    }

    /// <summary>Begins a call that completes before it returns (void or a value).</summary>
    /// <param name="state">The call's state; the tenant ids are set before.</param>
    public void Begin(ref OperationState state)
    {
        if (SdkCallout.Active)
        {
            state.Suppressed = true;
            return;
        }

        state.Activity = OperationLifecycle.Begin(_source, _spanName, _skipUnsampledRoot, state.OrgId, state.ProjectId, state.DeviceUuid, _kind);
        state.Frame = OperationLifecycle.Push(state.OrgId, state.ProjectId, state.DeviceUuid);
        if (_logStart && OperationLog.IsConfigured && OperationLog.IsInformationEnabled)
        {
            OperationLog.Started(_spanName);
        }

        // With a span, its own start/end times are the timer (see OperationTiming.EndMilliseconds).
        if (state.Activity is null)
        {
            state.StartTimestamp = Stopwatch.GetTimestamp();
        }
    }

    /// <summary>
    /// Begins a call that may complete after it returns (a task): also keeps the caller's current span, which
    /// <see cref="Detach"/> gives back when the call returns before it completes.
    /// </summary>
    /// <param name="state">The call's state; the tenant ids are set before.</param>
    public void BeginAsync(ref OperationState state)
    {
        state.Previous = Activity.Current;
        Begin(ref state);
    }

    /// <summary>Ends a call: metrics, logs, the span's end and the correlation frame.</summary>
    /// <param name="state">The call's state.</param>
    /// <param name="exception">The exception the call failed with, or null.</param>
    public void End(ref OperationState state, Exception? exception)
    {
        if (state.Suppressed)
        {
            return;
        }

        var durationMs = OperationTiming.EndMilliseconds(state.Activity, state.StartTimestamp);
        // .NET calls every MeterListener's callback here, the app's code on the SDK's behalf (SdkCallout): an annotated
        // method it calls is not instrumented, or its own measurements would call it again.
        SdkCallout.Enter();
        try
        {
            _duration?.Record(durationMs);
            _calls?.Add(1);
            if (OperationFailure.Counts(exception, state.CallerToken))
            {
                _failures?.Add(1);
            }
        }
#pragma warning disable CA1031 // a throwing MeterListener costs the call its measurements, not the call (MeasurementFailures)
        catch (Exception measurementError)
#pragma warning restore CA1031
        {
            MeasurementFailures.Report(measurementError);
        }
        finally
        {
            SdkCallout.Exit();
        }

        OperationLifecycle.End(_source, state.Activity, _spanName, durationMs, exception, state.OrgId, state.ProjectId, state.DeviceUuid, state.Frame, _logCompletion, state.CallerToken, _kind);
    }

    /// <summary>The caller continues while the operation runs on: gives it back its own span and correlation frame.</summary>
    /// <param name="state">The call's state.</param>
    public static void Detach(ref OperationState state)
    {
        if (state.Activity is not null)
        {
            Activity.Current = state.Previous;
        }

        if (state.Frame is not null)
        {
            CorrelationContext.Pop(state.Frame);
        }
    }

    /// <summary>
    /// In a continuation: the frame is current in the continuation's own context, which ends with it (the method builder
    /// gives the thread back its context), and <see cref="Detach"/> popped it from the caller's: popping it again at the
    /// end would only make a new ExecutionContext. Logs written by <see cref="End"/> still read it.
    /// </summary>
    private static void NoPopAtTheEnd(ref OperationState state) => state.Frame = null;

    /// <summary>Ends the call when the task completes (one task object, the state machine box: a task cannot be pooled).</summary>
    /// <param name="task">The running task.</param>
    /// <param name="state">The call's state.</param>
    /// <returns>A task that completes like <paramref name="task"/> once the call has ended.</returns>
    public Task AwaitTask(Task task, OperationState state) => AwaitTask(task, state, default(Unclassified));

    /// <summary>
    /// Ends the call when the task completes; when it fails, first keeps the call's classified arguments with the
    /// exception (<see cref="ClassifiedArguments"/>), so that a message quoting them is redacted on every sink.
    /// </summary>
    /// <typeparam name="TClassified">The classified argument, or a tuple of them.</typeparam>
    /// <param name="task">The running task.</param>
    /// <param name="state">The call's state.</param>
    /// <param name="classified">The call's classified arguments (one, or a tuple).</param>
    /// <returns>A task that completes like <paramref name="task"/> once the call has ended.</returns>
    public async Task AwaitTask<TClassified>(Task task, OperationState state, TClassified classified)
    {
        ArgumentNullException.ThrowIfNull(task);
        NoPopAtTheEnd(ref state);
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Fail(ref state, exception, classified);
            throw;
        }

        End(ref state, null);
    }

    /// <summary>Ends the call when the task completes.</summary>
    /// <typeparam name="TResult">The task's result type.</typeparam>
    /// <param name="task">The running task.</param>
    /// <param name="state">The call's state.</param>
    /// <returns>A task with the same result once the call has ended.</returns>
    public Task<TResult> AwaitTask<TResult>(Task<TResult> task, OperationState state) => AwaitTask(task, state, default(Unclassified));

    /// <summary>
    /// Ends the call when the task completes; when it fails, first keeps the call's classified arguments with the
    /// exception (<see cref="ClassifiedArguments"/>).
    /// </summary>
    /// <typeparam name="TResult">The task's result type.</typeparam>
    /// <typeparam name="TClassified">The classified argument, or a tuple of them.</typeparam>
    /// <param name="task">The running task.</param>
    /// <param name="state">The call's state.</param>
    /// <param name="classified">The call's classified arguments (one, or a tuple).</param>
    /// <returns>A task with the same result once the call has ended.</returns>
    public async Task<TResult> AwaitTask<TResult, TClassified>(Task<TResult> task, OperationState state, TClassified classified)
    {
        ArgumentNullException.ThrowIfNull(task);
        NoPopAtTheEnd(ref state);
        TResult result;
        try
        {
            result = await task.ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Fail(ref state, exception, classified);
            throw;
        }

        End(ref state, null);
        return result;
    }

    /// <summary>Ends the call when the task completes; the continuation comes from a pool (0 B in steady state).</summary>
    /// <param name="task">The running task.</param>
    /// <param name="state">The call's state.</param>
    /// <returns>A task that completes like <paramref name="task"/> once the call has ended.</returns>
    public ValueTask AwaitValueTask(ValueTask task, OperationState state) => AwaitValueTask(task, state, default(Unclassified));

    /// <summary>
    /// Ends the call when the task completes (the continuation comes from a pool); when it fails, first keeps the
    /// call's classified arguments with the exception (<see cref="ClassifiedArguments"/>).
    /// </summary>
    /// <typeparam name="TClassified">The classified argument, or a tuple of them.</typeparam>
    /// <param name="task">The running task.</param>
    /// <param name="state">The call's state.</param>
    /// <param name="classified">The call's classified arguments (one, or a tuple).</param>
    /// <returns>A task that completes like <paramref name="task"/> once the call has ended.</returns>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask AwaitValueTask<TClassified>(ValueTask task, OperationState state, TClassified classified)
    {
        NoPopAtTheEnd(ref state);
        Exception? deepFailure = null;
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Fail(ref state, exception, classified);
            if (RuntimeHelpers.TryEnsureSufficientExecutionStack())
            {
                throw;
            }

            deepFailure = exception;
        }

        if (deepFailure is null)
        {
            End(ref state, null);
        }

        await ResumeOnAStackWithRoom();
        if (deepFailure is not null)
        {
            ExceptionDispatchInfo.Throw(deepFailure);
        }
    }

    /// <summary>Ends the call when the task completes; the continuation comes from a pool (0 B in steady state).</summary>
    /// <typeparam name="TResult">The task's result type.</typeparam>
    /// <param name="task">The running task.</param>
    /// <param name="state">The call's state.</param>
    /// <returns>A task with the same result once the call has ended.</returns>
    public ValueTask<TResult> AwaitValueTask<TResult>(ValueTask<TResult> task, OperationState state) => AwaitValueTask(task, state, default(Unclassified));

    /// <summary>
    /// Ends the call when the task completes (the continuation comes from a pool); when it fails, first keeps the
    /// call's classified arguments with the exception (<see cref="ClassifiedArguments"/>).
    /// </summary>
    /// <typeparam name="TResult">The task's result type.</typeparam>
    /// <typeparam name="TClassified">The classified argument, or a tuple of them.</typeparam>
    /// <param name="task">The running task.</param>
    /// <param name="state">The call's state.</param>
    /// <param name="classified">The call's classified arguments (one, or a tuple).</param>
    /// <returns>A task with the same result once the call has ended.</returns>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<TResult> AwaitValueTask<TResult, TClassified>(ValueTask<TResult> task, OperationState state, TClassified classified)
    {
        NoPopAtTheEnd(ref state);
        TResult result = default!;
        Exception? deepFailure = null;
        try
        {
            result = await task.ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Fail(ref state, exception, classified);
            if (RuntimeHelpers.TryEnsureSufficientExecutionStack())
            {
                throw;
            }

            deepFailure = exception;
        }

        if (deepFailure is null)
        {
            End(ref state, null);
        }

        await ResumeOnAStackWithRoom();
        if (deepFailure is not null)
        {
            ExceptionDispatchInfo.Throw(deepFailure);
        }

        return result;
    }

    /// <summary>The classified arguments of an operation that has none (its failures keep nothing).</summary>
    private readonly struct Unclassified;

    /// <summary>Ends a failed call, after keeping its classified arguments with the exception (none: nothing kept).</summary>
    private void Fail<TClassified>(ref OperationState state, Exception exception, TClassified classified)
    {
        if (typeof(TClassified) != typeof(Unclassified))
        {
            ClassifiedArguments.Remember(exception, classified);
        }

        End(ref state, exception);
    }

    /// <summary>
    /// Continues at once, or on the thread pool when the stack is nearly used up. A pooled <c>ValueTask</c> runs its
    /// awaiter's continuation inline when it completes, with no stack check (a <c>Task</c> checks, and moves the
    /// continuation to the thread pool when the stack is deep): a chain of such awaiters — methods that hand back the
    /// <c>ValueTask</c> of an annotated call, thousands deep — completed inside one another's frames, and one failing
    /// overflowed the stack (each level rethrew inside the previous level's catch). The awaiters do what a <c>Task</c>
    /// does: while the stack has room they rethrow in their catch and continue inline, as before; when it runs short
    /// they leave the catch and rethrow from here. Also what the generated operation classes' awaiters call.
    /// </summary>
    /// <returns>An awaitable that completes at once when the stack has room.</returns>
    public static ConfiguredTaskAwaitable ResumeOnAStackWithRoom() =>
        RuntimeHelpers.TryEnsureSufficientExecutionStack()
            ? Task.CompletedTask.ConfigureAwait(false)
            : Task.CompletedTask.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
}
