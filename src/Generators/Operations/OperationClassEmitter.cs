using System.Collections.Generic;
using System.Linq;
using Instrumentation.Generators.Common;

namespace Instrumentation.Generators.Operations;

/// <summary>
/// Emits one operation's helper class: its liveness check, the state captured per call, and the
/// begin/end logic (span, metrics, correlation, logs) shared by all of its interceptors.
/// </summary>
internal static class OperationClassEmitter
{
    private const string Tags = "global::Instrumentation.Operations.OperationTags";
    private const string Values = "global::Instrumentation.Redaction.TelemetryValues";
    private const string Timing = "global::Instrumentation.Operations.OperationTiming";
    private const string OperationLog = "global::Instrumentation.Logging.OperationLog";
    private const string Correlation = "global::Instrumentation.Correlation.CorrelationContext";
    private const string CorrelationFieldType = "global::Instrumentation.Correlation.CorrelationField";
    private const string InvariantCulture = "global::System.Globalization.CultureInfo.InvariantCulture";
    private const string Activity = "global::System.Diagnostics.Activity";
    private const string Exception = "global::System.Exception";
    private const string TaskNs = "global::System.Threading.Tasks";
    private const string Lifecycle = "global::Instrumentation.Operations.OperationLifecycle";
    private const string Inline = "[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]";
    private const string MeterListening = "global::Instrumentation.Operations.MeterListening";

    public static string ClassName(int index) => "Operation" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string StateField(ParameterModel parameter) => "P_" + parameter.Name;

    /// <summary>Parameters whose values the state keeps (span attributes, labels, log fields, tenant ids).</summary>
    public static bool IsCaptured(ParameterModel parameter) =>
        parameter.SpanAttributeName is not null || parameter.Label is not null || parameter.LogFieldName is not null;

    public static void Emit(SourceWriter w, int index, OperationModel op, bool skipUnsampledRootsGlobally)
    {
        FaultInjection.Check(FaultInjection.Stage.Emit, op.MethodDisplay);
        w.Line("[" + OperationEmitter.GeneratedCode + "]");
        UseMarks.WriteTypeMarks(w, op.IsObsolete, op.RequiresPreview);

        w.Open("file static class " + ClassName(index));
        w.Line("public const string SpanName = " + CSharpLiteral.String(op.SpanName) + ";");
        w.Line("public const bool SkipUnsampledRoot = " + ((op.SkipUnsampledRoot || skipUnsampledRootsGlobally) ? "true" : "false") + ";");
        w.Line();
        EmitIsLive(w, op);
        EmitState(w, op);
        EmitBegin(w, op);
        EmitEnd(w, op);
        EmitSpanAttributes(w, op);
        if (IsAsync(op))
        {
            EmitDetach(w);
        }

        EmitAwaiters(w, op);
        EmitTagBuilders(w, op);
        EmitEnumTexts(w, op);
        EmitFormatters(w, op);
        w.Close();
        w.Line();
    }

    private static void EmitIsLive(SourceWriter w, OperationModel op)
    {
        // False when nobody listens: the call then runs with no telemetry work at all. Inlined into the
        // interceptor's fast path, which the JIT inlines at the call site.
        w.Open("public static bool IsLive");
        w.Line(Inline);
        w.Line("get => GeneratedTelemetry.Source.HasListeners()");
        if (!op.Instruments.IsEmpty)
        {
            // False at once while no meter listener runs; the instruments are read out of line (MeterListening in the runtime).
            // AnyEnabled takes up to six (no array per call). InstrumentPlanner gives an operation at most five today
            // (duration, calls, failures and its kind's two); more would be asked six at a time, never left uncompiled.
            var groups = op.Instruments.Select(Field)
                .Select((field, i) => (field, i))
                .GroupBy(x => x.i / 6, x => x.field)
                .Select(group => MeterListening + ".AnyEnabled(" + string.Join(", ", group) + ")");
            w.Line("    || " + string.Join(" || ", groups));
        }

        w.Line("    || " + Lifecycle + ".AlwaysLive;");
        w.Close();
        w.Line();
    }

    /// <summary>The type of the argument whose cancellation is not a failure (<c>OperationFailure</c> in the runtime).</summary>
    public const string CancellationTokenType = "global::System.Threading.CancellationToken";

    /// <summary>
    /// Per-call context types whose token is the call's own (the client cancelled, the deadline passed, the request was
    /// aborted), and the member path to it: gRPC's <c>ServerCallContext</c>, ASP.NET Core's <c>HttpContext</c>,
    /// <c>HttpRequest</c>, <c>HttpResponse</c> and SignalR's <c>HubCallerContext</c>. Known by name: the generator does not
    /// reference those frameworks.
    /// </summary>
    private static readonly (string Type, string Token)[] CallContextTokens =
    {
        ("global::Grpc.Core.ServerCallContext", "CancellationToken"),
        ("global::Microsoft.AspNetCore.Http.HttpContext", "RequestAborted"),
        ("global::Microsoft.AspNetCore.Http.HttpRequest", "HttpContext.RequestAborted"),
        ("global::Microsoft.AspNetCore.Http.HttpResponse", "HttpContext.RequestAborted"),
        ("global::Microsoft.AspNetCore.SignalR.HubCallerContext", "ConnectionAborted"),
    };

    /// <summary>
    /// The parameter the call's own token comes from, kept in its state: the first by-value <c>CancellationToken</c>, or
    /// else the first per-call context (<see cref="CallContextTokens"/>): a gRPC handler that takes only its
    /// <c>ServerCallContext</c> counted every client that cancelled as a failure (a gRPC team's trial), and so did a method
    /// that takes the request's <c>HttpContext</c> when the client went away.
    /// </summary>
    public static ParameterModel? CallerToken(OperationModel op) =>
        op.Parameters.FirstOrDefault(p => p.TypeName == CancellationTokenType && !p.IsOut)
        ?? op.Parameters.FirstOrDefault(p => ContextTokenOf(p) is not null && !p.IsOut);

    /// <summary>
    /// Writes the statements that keep the call's own token in <c>__state.CallerToken</c>, given the expression of
    /// <see cref="CallerToken"/>'s argument. A context is read through a nullable local: a null test on the argument itself
    /// (<c>context?.…</c>) would make the compiler's flow analysis think a non-nullable argument may be null and warn
    /// (CS8604) where the interceptor passes it on — an error under <c>TreatWarningsAsErrors</c>.
    /// </summary>
    public static void EmitCallerToken(SourceWriter w, ParameterModel parameter, string argument)
    {
        if (ContextTokenOf(parameter) is { } context)
        {
            // The context's getter is the app's or a fake's (an IDE-implemented HubCallerContext throws
            // NotImplementedException, a disposed HttpContext ObjectDisposedException): it must not replace the call.
            w.Line(context.Type + "? __callerContext = " + argument + ";");
            w.Open("try");
            w.Line("__state.CallerToken = __callerContext?." + context.Token + " ?? default;");
            w.Close();
            w.Open("catch (global::System.Exception)");
            w.Line("__state.CallerToken = default;");
            w.Close();
        }
        else
        {
            w.Line("__state.CallerToken = " + argument + ";");
        }
    }

    /// <summary>The per-call context type of a parameter and the member path to its token, or null when the parameter is none.</summary>
    private static (string Type, string Token)? ContextTokenOf(ParameterModel parameter)
    {
        var type = parameter.TypeName.EndsWith("?", System.StringComparison.Ordinal) ? parameter.TypeName.Substring(0, parameter.TypeName.Length - 1) : parameter.TypeName;
        foreach (var context in CallContextTokens)
        {
            if (type == context.Type)
            {
                return context;
            }
        }

        return null;
    }

    private static void EmitState(SourceWriter w, OperationModel op)
    {
        w.Open("public struct State");
        w.Line("public " + Activity + "? Activity;");
        if (IsAsync(op))
        {
            w.Line("public " + Activity + "? Previous;");
        }

        w.Line("public global::Instrumentation.Correlation.CorrelationFrame? Frame;");
        w.Line("public long StartTimestamp;");
        w.Line("public bool Suppressed;");
        if (Find(op, InstrumentRole.Active) is not null)
        {
            w.Line("public bool ActiveCounted;");
        }

        w.Line("public string? OrgId;");
        w.Line("public string? ProjectId;");
        w.Line("public string? DeviceUuid;");
        if (op.Parameters.Any(p => p.BatchCountMember is not null))
        {
            w.Line("public long BatchCount;");
        }

        if (op.Parameters.Any(p => p.IsQueueSize))
        {
            w.Line("public long QueueSize;");
        }

        if (CallerToken(op) is not null)
        {
            w.Line("public " + CancellationTokenType + " CallerToken;");
        }

        foreach (var parameter in op.Parameters)
        {
            if (IsCaptured(parameter))
            {
                w.Line("public " + parameter.TypeName + " " + StateField(parameter) + ";");
            }

            switch (parameter.LatencyStart)
            {
                case LatencyStartKind.StopwatchTimestamp:
                    w.Line("public long LatencyStart;");
                    break;
                case LatencyStartKind.DateTimeOffset:
                    w.Line("public global::System.DateTimeOffset LatencyStart;");
                    break;
                case LatencyStartKind.DateTime:
                    w.Line("public global::System.DateTime LatencyStart;");
                    break;
            }
        }

        w.Close();
        w.Line();
    }

    /// <summary>True for Task/ValueTask shapes: they may finish after returning to the caller.</summary>
    private static bool IsAsync(OperationModel op) => op.ReturnShape is not (ReturnShape.Void or ReturnShape.Value);

    private static InstrumentModel? Find(OperationModel op, InstrumentRole role) =>
        op.Instruments.FirstOrDefault(i => i.Role == role);

    private static string Field(InstrumentModel instrument) => "Instruments." + InstrumentCatalog.FieldName(instrument.Name);

    private static void EmitBegin(SourceWriter w, OperationModel op)
    {
        w.Open("public static void Begin(ref State state)");
        // A call the SDK made on its own behalf (a tenant getter, a logging provider, a span listener, a rendered getter
        // calling an annotated method): not instrumented, or it could call the same code again (SdkCallout).
        w.Open("if (global::Instrumentation.Operations.SdkCallout.Active)");
        w.Line("state.Suppressed = true;");
        w.Line("return;");
        w.Close();
        w.Line();
        if (IsAsync(op))
        {
            // Only an operation that may finish after returning gives the caller its context back (Detach).
            w.Line("state.Previous = " + Activity + ".Current;");
        }

        w.Line("state.Activity = " + Lifecycle + ".Begin(GeneratedTelemetry.Source, SpanName, SkipUnsampledRoot, state.OrgId, state.ProjectId, state.DeviceUuid" + KindArgument(op) + ");");
        if (op.Parameters.Any(p => p.SpanAttributeName is not null))
        {
            w.Open("if (state.Activity is { IsAllDataRequested: true } activity)");
            w.Line("SetSpanAttributes(activity, ref state);");
            w.Close();
        }

        var beginMeasures = Find(op, InstrumentRole.Active) is not null || Find(op, InstrumentRole.QueueSize) is not null;
        if (beginMeasures)
        {
            OpenMeasurements(w);
        }

        if (Find(op, InstrumentRole.Active) is { } active)
        {
            w.Open("if (" + Field(active) + ".Enabled)");
            EmitMeasurement(w, active, "Add(1", "null");
            w.Line("state.ActiveCounted = true;");
            w.Close();
        }

        if (Find(op, InstrumentRole.QueueSize) is { } queue)
        {
            w.Open("if (" + Field(queue) + ".Enabled)");
            EmitMeasurement(w, queue, "Record(state.QueueSize", "null");
            w.Close();
        }

        if (beginMeasures)
        {
            CloseMeasurements(w);
        }

        var fields = op.Parameters.Where(p => p.LogFieldName is not null).ToList();
        if (fields.Count == 0)
        {
            w.Line("state.Frame = " + Lifecycle + ".Push(state.OrgId, state.ProjectId, state.DeviceUuid);");
        }
        else if (fields.Count == 1)
        {
            // One field: passed by reference, and its array made only when the frame is pushed (a nested operation that
            // repeats the field in force allocates nothing). Its rule runs when a log line reads the frame, as below.
            w.Open("if (" + Correlation + ".IsEnabled)");
            w.Line("state.Frame = " + Correlation + ".Push(state.OrgId, state.ProjectId, state.DeviceUuid, " + FieldOf(op, fields[0], "state." + StateField(fields[0])) + ");");
            w.Close();
        }
        else
        {
            w.Open("if (" + Correlation + ".IsEnabled)");
            // The raw values and their rule: scrubbing, rendering and redaction run when a log line reads the frame.
            w.Line(CorrelationFieldType + "[] fields = new " + CorrelationFieldType + "[]");
            w.Line("{");
            foreach (var parameter in fields)
            {
                w.Line("    " + FieldOf(op, parameter, "state." + StateField(parameter)) + ",");
            }

            w.Line("};");
            w.Line("state.Frame = " + Correlation + ".Push(state.OrgId, state.ProjectId, state.DeviceUuid, fields);");
            w.Close();
        }

        if (op.LogStart)
        {
            w.Open("if (" + OperationLog + ".IsConfigured && " + OperationLog + ".IsInformationEnabled)");
            w.Line(OperationLog + ".Started(SpanName);");
            w.Close();
        }

        // With a span, its own start/end times are the timer (see OperationTiming.EndMilliseconds).
        w.Open("if (state.Activity is null)");
        w.Line("state.StartTimestamp = global::System.Diagnostics.Stopwatch.GetTimestamp();");
        w.Close();
        w.Close();
        w.Line();
    }

    /// <summary>
    /// The span attributes, set by Begin on a recorded span and by End on a span kept after all (failed or slow in a
    /// trace that was not sampled): one method, so the tags are written once.
    /// </summary>
    private static void EmitSpanAttributes(SourceWriter w, OperationModel op)
    {
        if (!op.Parameters.Any(p => p.SpanAttributeName is not null))
        {
            return;
        }

        w.Open("private static void SetSpanAttributes(" + Activity + " activity, ref State state)");
        foreach (var parameter in op.Parameters)
        {
            if (parameter.SpanAttributeName is { } tagName)
            {
                EmitSpanTag(w, op, parameter, tagName);
            }
        }

        w.Close();
        w.Line();
    }

    private static void EmitSpanTag(SourceWriter w, OperationModel op, ParameterModel parameter, string tagName)
    {
        var field = "state." + StateField(parameter);
        var name = CSharpLiteral.String(tagName);
        var value = parameter.Value;
        var read = value.IsNullableValueType ? field + ".Value" : field;
        string expression;
        if (parameter.Classification != 0)
        {
            w.Line("activity.SetTag(" + name + ", " + Redacted(parameter, field) + ");");
            return;
        }

        switch (value.Kind)
        {
            case ValueKind.Other when parameter.HoldsSecretElements:
                // (string User, string Password): the element names are gone at run time, so the tuple is redacted whole.
                expression = "\"[REDACTED]\"";
                break;
            case ValueKind.Integer or ValueKind.Floating or ValueKind.Guid when IsSecretScalar(parameter):
                // A number or Guid under a secret name (apiKey, pin_token) is as secret as a string one.
                expression = "\"[REDACTED]\"";
                break;
            case ValueKind.String when parameter.IsNonSensitive:
                expression = read;
                break;
            case ValueKind.String:
                expression = Values + ".Text(" + CSharpLiteral.String(parameter.Name) + ", " + read + ")";
                break;
            case ValueKind.Bool:
                expression = Tags + ".Bool(" + read + ")";
                break;
            case ValueKind.Enum:
                expression = "Text_" + parameter.Name + "(" + read + ") ?? " + read + ".ToString()";
                break;
            case ValueKind.Integer:
                expression = Tags + ".Int64((long)" + read + ")";
                break;
            case ValueKind.Floating:
            case ValueKind.Guid:
                expression = read;
                break;
            default:
                // Never ToString() of a user type: its classified members are redacted like in logs. Under a secret name,
                // text in any form (a string in an object, a StringBuilder, a char[]) is redacted, as a string is; the name
                // rule is decided here, at compile time, so a value under any other name pays nothing for it per span.
                expression = parameter.FormatterIndex >= 0 && ParameterFormatters.WantsForSpan(parameter)
                    ? "Render" + parameter.FormatterIndex.ToString(System.Globalization.CultureInfo.InvariantCulture) + "(" + read + ")"
                    : IsSecretScalar(parameter)
                        ? Values + ".Object(" + CSharpLiteral.String(parameter.Name) + ", " + read + ")"
                        : Values + ".Object(" + read + ")";
                break;
        }

        if (value.IsNullableValueType)
        {
            w.Open("if (" + field + ".HasValue)");
        }
        else if (value.IsReferenceType)
        {
            w.Open("if (" + field + " is not null)");
        }
        else
        {
            w.Open();
        }

        w.Line("activity.SetTag(" + name + ", " + expression + ");");
        w.Close();
    }

    /// <summary>
    /// Whether the parameter's name is a secret name and the value was not declared safe: a number or Guid under it is
    /// written <c>[REDACTED]</c>, any other value is rendered by the run-time rule for secret-named values.
    /// </summary>
    private static bool IsSecretScalar(ParameterModel parameter) =>
        !parameter.IsNonSensitive && Instrumentation.Text.SecretNameRule.IsSecret(parameter.Name);

    /// <summary>The redacted text of a classified value (by the redactor of its own taxonomy, as for a log method parameter).</summary>
    private static string Redacted(ParameterModel parameter, string field) =>
        "global::Instrumentation.Redaction.Redactors.Redact(" + Classification(parameter) + ", " + field + ")";

    /// <summary>The classification argument of a redaction call, the way log methods write it.</summary>
    private static string Classification(ParameterModel parameter) =>
        Logging.LogMethodEmitter.ClassificationExpression(parameter.Classification, parameter.Foreign);

    /// <summary>
    /// A correlation field for a captured value: the raw value and the rule a log line applies when it reads it
    /// (scrubber, object rendering, redactor), so an operation that writes no log never runs them. Scalars other
    /// than strings are turned into text here, as before (a number, enum or Guid needs no rule).
    /// </summary>
    private static string FieldOf(OperationModel op, ParameterModel parameter, string field)
    {
        var name = CSharpLiteral.String(parameter.LogFieldName);
        if (parameter.Classification != 0)
        {
            return CorrelationFieldType + ".Classified(" + name + ", " + Classification(parameter) + ", " + field + ")";
        }

        return parameter.Value.Kind switch
        {
            // A tuple with a secret-named element is redacted whole (its element names are gone at run time).
            ValueKind.Other when parameter.HoldsSecretElements && (parameter.Value.IsNullableValueType || parameter.Value.IsReferenceType)
                => CorrelationFieldType + ".AsIs(" + name + ", " + field + " is null ? null : \"[REDACTED]\")",
            ValueKind.Other when parameter.HoldsSecretElements => CorrelationFieldType + ".AsIs(" + name + ", \"[REDACTED]\")",

            // A number or Guid under a secret name (apiKey, pin_token) is as secret as a string one.
            ValueKind.Integer or ValueKind.Floating or ValueKind.Guid when IsSecretScalar(parameter) && (parameter.Value.IsNullableValueType || parameter.Value.IsReferenceType)
                => CorrelationFieldType + ".AsIs(" + name + ", " + field + " is null ? null : \"[REDACTED]\")",
            ValueKind.Integer or ValueKind.Floating or ValueKind.Guid when IsSecretScalar(parameter) => CorrelationFieldType + ".AsIs(" + name + ", \"[REDACTED]\")",
            ValueKind.String when parameter.IsNonSensitive => CorrelationFieldType + ".AsIs(" + name + ", " + field + ")",
            ValueKind.String => CorrelationFieldType + ".Text(" + name + ", " + CSharpLiteral.String(parameter.Name) + ", " + field + ")",
            ValueKind.Bool when !parameter.Value.IsNullableValueType => CorrelationFieldType + ".AsIs(" + name + ", " + Tags + ".BoolText(" + field + "))",
            ValueKind.Bool => CorrelationFieldType + ".AsIs(" + name + ", " + field + ".HasValue ? " + Tags + ".BoolText(" + field + ".GetValueOrDefault()) : null)",
            // The app's own class, struct or record: its generated formatter, not the run-time one's reflection (NativeAOT).
            ValueKind.Other when parameter.FormatterIndex >= 0 && ParameterFormatters.WantsForField(parameter)
                => CorrelationFieldType + ".Rendered(" + name + ", " + field + ", " + FieldRenderer(op, parameter.FormatterIndex) + ")",
            ValueKind.Other => CorrelationFieldType + ".Object(" + name + ", " + field + ")",
            // Numbers are written invariantly: the app's culture (a decimal comma, an Arabic decimal separator, a
            // U+2212 or letter-marked minus sign) must not change the text a log backend is queried with.
            ValueKind.Integer or ValueKind.Floating when parameter.Value.IsNullableValueType => CorrelationFieldType + ".AsIs(" + name + ", " + field + "?.ToString(" + InvariantCulture + "))",
            ValueKind.Integer or ValueKind.Floating => CorrelationFieldType + ".AsIs(" + name + ", " + field + ".ToString(" + InvariantCulture + "))",
            _ when parameter.Value.IsReferenceType || parameter.Value.IsNullableValueType => CorrelationFieldType + ".AsIs(" + name + ", " + field + "?.ToString())",
            _ => CorrelationFieldType + ".AsIs(" + name + ", " + field + ".ToString())",
        };
    }

    /// <summary>
    /// The generated formatter of a log field as the correlation field calls it: a static lambda (cached by the compiler)
    /// that casts the boxed, never-null value back to the formatter's type.
    /// </summary>
    private static string FieldRenderer(OperationModel op, int formatterIndex)
    {
        var formatter = op.Formatters.First(f => f.Index == formatterIndex);
        return "static value => Render" + formatterIndex.ToString(System.Globalization.CultureInfo.InvariantCulture) + "((" + formatter.TypeName + ")value)";
    }

    private static void EmitEnd(SourceWriter w, OperationModel op)
    {
        w.Open("public static void End(ref State state, " + Exception + "? exception)");
        w.Open("if (state.Suppressed)");
        w.Line("return;");
        w.Close();
        w.Line();
        var latency = op.Parameters.FirstOrDefault(p => p.LatencyStart != LatencyStartKind.None);
        w.Line("double durationMs = " + Timing + ".EndMilliseconds(state.Activity, state.StartTimestamp);");
        var metricMs = "durationMs";
        if (latency is not null)
        {
            metricMs = "latencyMs";
            w.Line("double latencyMs = " + (latency.LatencyStart == LatencyStartKind.StopwatchTimestamp
                ? Timing + ".ElapsedMilliseconds(state.LatencyStart)"
                : Timing + ".MillisecondsSince(state.LatencyStart)") + ";");
        }

        void Record(InstrumentRole role, string condition, string call)
        {
            if (Find(op, role) is not { } instrument)
            {
                return;
            }

            if (instrument.LabelNames.IsEmpty)
            {
                // No tags to build: the instrument itself skips the measurement when nobody listens to it.
                if (condition.Length == 0)
                {
                    EmitMeasurement(w, instrument, call, "exception");
                    return;
                }

                w.Open("if (" + condition.Substring(0, condition.Length - " && ".Length) + ")");
            }
            else
            {
                w.Open("if (" + condition + Field(instrument) + ".Enabled)");
            }

            EmitMeasurement(w, instrument, call, "exception");
            w.Close();
        }

        var endMeasures = new[] { InstrumentRole.Duration, InstrumentRole.Calls, InstrumentRole.Failures, InstrumentRole.Messages, InstrumentRole.BatchSize, InstrumentRole.Active }
            .Any(role => Find(op, role) is not null);
        if (endMeasures)
        {
            OpenMeasurements(w);
        }

        Record(InstrumentRole.Duration, string.Empty, "Record(" + metricMs);
        Record(InstrumentRole.Calls, string.Empty, "Add(1");
        // A cancellation is not a failure (OperationFailure in the runtime).
        var callerToken = CallerToken(op) is null ? "default" : "state.CallerToken";
        Record(InstrumentRole.Failures, "global::Instrumentation.Operations.OperationFailure.Counts(exception, " + callerToken + ") && ", "Add(1");
        Record(InstrumentRole.Messages, "exception is null && state.BatchCount > 0 && ", "Add(state.BatchCount");
        // Like the messages counter, only batches that were processed: their sizes sum to ingest_messages_total.
        Record(InstrumentRole.BatchSize, "exception is null && state.BatchCount >= 0 && ", "Record(state.BatchCount");
        if (Find(op, InstrumentRole.Active) is { } active)
        {
            w.Open("if (state.ActiveCounted)");
            EmitMeasurement(w, active, "Add(-1", "null");
            w.Close();
        }

        if (endMeasures)
        {
            CloseMeasurements(w);
        }

        // A failed or slow call in a trace that was not sampled is kept (OperationTracing): its span gets the span
        // attributes Begin did not set then, before the runtime ends it. Before, a kept span had the tenant alone, so
        // the failures one looks for lacked their message_id (a helper's worker trial at the default 10 %).
        if (op.Parameters.Any(p => p.SpanAttributeName is not null))
        {
            w.Open("if (state.Activity is not { IsAllDataRequested: true } && global::Instrumentation.Operations.OperationTracing.Keep(GeneratedTelemetry.Source, ref state.Activity, SpanName, durationMs, exception, "
                + callerToken + ", state.OrgId, state.ProjectId, state.DeviceUuid" + KindArgument(op) + ") is { } activity)");
            w.Line("SetSpanAttributes(activity, ref state);");
            w.Close();
        }

        // Logs, the span's end and the correlation frame: the same for every operation, in the runtime.
        w.Line(Lifecycle + ".End(GeneratedTelemetry.Source, state.Activity, SpanName, durationMs, exception, state.OrgId, state.ProjectId, state.DeviceUuid, state.Frame, "
            + (op.LogCompletion ? "true" : "false") + ", " + callerToken + KindArgument(op) + ");");
        w.Close();
        w.Line();
    }

    /// <summary>
    /// <c>, ActivityKind.Client</c> for an operation whose span is not Internal (the runtime's overloads that take the
    /// kind), nothing for an Internal one: its generated code stays as before.
    /// </summary>
    private static string KindArgument(OperationModel op) =>
        op.SpanKind == SpanKindModel.Internal ? string.Empty : ", global::System.Diagnostics.ActivityKind." + op.SpanKind;

    private static void EmitDetach(SourceWriter w)
    {
        // The caller continues while the operation runs on: give it back its own context.
        w.Open("public static void Detach(ref State state)");
        w.Open("if (state.Activity is not null)");
        w.Line(Activity + ".Current = state.Previous;");
        w.Close();
        w.Open("if (state.Frame is not null)");
        w.Line(Correlation + ".Pop(state.Frame);");
        w.Close();
        w.Close();
        w.Line();
    }

    private static void EmitAwaiters(SourceWriter w, OperationModel op)
    {
        const string Pooling = "global::System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder";
        // With classified arguments the awaiter takes them too (one value or a tuple: InterceptorEmitter), and keeps
        // them with the exception of a task that fails after it was returned, before the operation ends.
        var classified = InterceptorEmitter.ClassifiedArgumentOrdinals(op).Any();
        switch (op.ReturnShape)
        {
            case ReturnShape.Task:
                EmitAwaiter(w, "async " + TaskNs + ".Task", "AwaitTask", TaskNs + ".Task", generic: false, builder: null, classified);
                break;
            case ReturnShape.TaskOfT:
                EmitAwaiter(w, "async " + TaskNs + ".Task<TResult>", "AwaitTask<TResult>", TaskNs + ".Task<TResult>", generic: true, builder: null, classified);
                break;
            case ReturnShape.ValueTask:
                EmitAwaiter(w, "async " + TaskNs + ".ValueTask", "AwaitValueTask", TaskNs + ".ValueTask", generic: false, builder: Pooling, classified);
                break;
            case ReturnShape.ValueTaskOfT:
                EmitAwaiter(w, "async " + TaskNs + ".ValueTask<TResult>", "AwaitValueTask<TResult>", TaskNs + ".ValueTask<TResult>", generic: true, builder: Pooling + "<>", classified);
                break;
        }
    }

    /// <summary>
    /// The continuation of an operation that did not complete synchronously: it ends the span and records
    /// the metrics when the awaited task finishes. For <c>ValueTask</c> shapes the state machine comes from
    /// a pool (<c>PoolingAsyncValueTaskMethodBuilder</c>, .NET 6+), so in steady state it adds 0 B; a
    /// <c>Task</c> must be a new object per call, so for <c>Task</c> shapes the state machine box is that
    /// one object (the smallest possible: the returned task and the continuation are the same allocation).
    /// </summary>
    private static void EmitAwaiter(SourceWriter w, string returnType, string name, string taskType, bool generic, string? builder, bool classified)
    {
        if (classified)
        {
            name = generic ? name.Replace("<TResult>", "<TResult, TClassified>") : name + "<TClassified>";
        }

        if (builder is not null)
        {
            w.Line("[global::System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(" + builder + "))]");
        }

        w.Open("public static " + returnType + " " + name + "(" + taskType + " task, State state" + (classified ? ", TClassified classified" : string.Empty) + ")");

        // The frame is current in this method's own context, which ends with it (the method builder gives the thread
        // back its context) and was popped from the caller's by Detach: popping it again at the end would only make a
        // new ExecutionContext. Logs written by End still read it.
        w.Line("state.Frame = null;");
        if (builder is null)
        {
            // A Task's continuations run inline only while the stack has room (the runtime checks): as before.
            if (generic)
            {
                w.Line("TResult result;");
            }

            w.Open("try");
            w.Line((generic ? "result = " : string.Empty) + "await task.ConfigureAwait(false);");
            w.Close();
            w.Open("catch (" + Exception + " exception)");
            EmitRememberClassified(w, classified);
            w.Line("End(ref state, exception);");
            w.Line("throw;");
            w.Close();
            w.Line("End(ref state, null);");
            if (generic)
            {
                w.Line("return result;");
            }

            w.Close();
            w.Line();
            return;
        }

        // A pooled ValueTask runs its awaiter's continuation inline with no stack check: a chain of these awaiters
        // thousands deep completed inside one another, and a failure overflowed the stack (each level rethrew inside the
        // catch of the level below). While the stack has room nothing changes; when it runs short the exception leaves
        // the catch and is rethrown on the thread pool, as a Task's continuation would run there.
        if (generic)
        {
            w.Line("TResult result = default!;");
        }

        w.Line(Exception + "? deepFailure = null;");
        w.Open("try");
        w.Line((generic ? "result = " : string.Empty) + "await task.ConfigureAwait(false);");
        w.Close();
        w.Open("catch (" + Exception + " exception)");
        EmitRememberClassified(w, classified);
        w.Line("End(ref state, exception);");
        w.Open("if (global::System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack())");
        w.Line("throw;");
        w.Close();
        w.Line("deepFailure = exception;");
        w.Close();
        w.Open("if (deepFailure is null)");
        w.Line("End(ref state, null);");
        w.Close();
        w.Line("await global::Instrumentation.Operations.PlainOperation.ResumeOnAStackWithRoom();");
        w.Open("if (deepFailure is not null)");
        w.Line("global::System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(deepFailure);");
        w.Close();
        if (generic)
        {
            w.Line("return result;");
        }

        w.Close();
        w.Line();
    }

    private static void EmitRememberClassified(SourceWriter w, bool classified)
    {
        if (classified)
        {
            w.Line("global::Instrumentation.Operations.ClassifiedArguments.Remember(exception, classified);");
        }
    }

    /// <summary>
    /// Opens the <c>try</c> an operation's measurements are recorded in: a <c>MeterListener</c> whose callback throws (the
    /// app's own; .NET calls it on the recording thread) costs the call its measurements, not the call — its exception
    /// must not come out of a method that recorded nothing without the SDK, nor skip the span's end after it.
    /// </summary>
    /// <remarks>
    /// The measurements run the app's code on the SDK's behalf (<c>SdkCallout</c>): an annotated method a listener's
    /// callback calls is not instrumented, or its own measurements would call the listener again, without end.
    /// </remarks>
    private static void OpenMeasurements(SourceWriter w)
    {
        w.Line("global::Instrumentation.Operations.SdkCallout.Enter();");
        w.Open("try");
    }

    /// <summary>Closes <see cref="OpenMeasurements"/>' <c>try</c>: the failure is counted (<c>MeasurementFailures</c>) and the call goes on.</summary>
    private static void CloseMeasurements(SourceWriter w)
    {
        w.Close();
        w.Open("catch (" + Exception + " __measurementError)");
        w.Line("global::Instrumentation.Operations.MeasurementFailures.Report(__measurementError);");
        w.Close();
        w.Open("finally");
        w.Line("global::Instrumentation.Operations.SdkCallout.Exit();");
        w.Close();
    }

    /// <summary>
    /// One measurement; through the instrument's tag builder only when it has labels. The builder fills the caller's
    /// <c>TagList</c> in place: returned by value, the 144-byte struct (references inside) was copied on every
    /// measurement, which cost about 20 ns per operation over the metrics floor (benchmarks/RESULTS.md, issue 18 §5).
    /// </summary>
    private static void EmitMeasurement(SourceWriter w, InstrumentModel instrument, string call, string exception)
    {
        if (instrument.LabelNames.IsEmpty)
        {
            w.Line(Field(instrument) + "." + call + ");");
            return;
        }

        w.Line("global::System.Diagnostics.TagList tags = default;");
        w.Line("Tags_" + instrument.Role + "(ref state, " + exception + ", ref tags);");
        w.Line(Field(instrument) + "." + call + ", in tags);");
    }

    private static void EmitTagBuilders(SourceWriter w, OperationModel op)
    {
        foreach (var instrument in op.Instruments.Where(i => !i.LabelNames.IsEmpty))
        {
            w.Open("private static void Tags_" + instrument.Role + "(ref State state, " + Exception + "? exception, ref global::System.Diagnostics.TagList tags)");
            foreach (var label in instrument.LabelNames)
            {
                w.Line("tags.Add(" + CSharpLiteral.String(label) + ", " + LabelValue(op, label) + ");");
            }

            w.Close();
            w.Line();
        }
    }

    private static string LabelValue(OperationModel op, string label)
    {
        var flagParameter = op.Parameters.FirstOrDefault(p => p.Label?.LabelName == label);
        if (flagParameter?.Label is { } model)
        {
            var field = "state." + StateField(flagParameter);
            var read = model.Value.IsNullableValueType ? field + ".Value" : field;
            string text = model.Value.Kind switch
            {
                ValueKind.Enum => "(Text_" + flagParameter.Name + "(" + read + ") ?? \"other\")",
                ValueKind.Bool => Tags + ".BoolText(" + read + ")",
                _ => "Bounded_" + flagParameter.Name + "(" + read + ")",
            };
            return model.Value.IsNullableValueType ? "(" + field + ".HasValue ? " + text + " : \"none\")" : text;
        }

        if (label == op.FailureReasonLabel)
        {
            return "exception is null ? \"none\" : " + Tags + ".Reason(exception)";
        }

        if (label == "org")
        {
            return "state.OrgId ?? \"unknown\"";
        }

        return "state.ProjectId ?? \"unknown\"";
    }

    /// <summary>The generated formatters of span attributes and log fields of the app's own types (<see cref="ParameterFormatters"/>).</summary>
    private static void EmitFormatters(SourceWriter w, OperationModel op)
    {
        foreach (var formatter in op.Formatters)
        {
            w.Line();
            Logging.LogFormatterEmitter.Emit(w, formatter, op.Parameters.Any(p => p.FormatterIndex == formatter.Index));
        }
    }

    private static void EmitEnumTexts(SourceWriter w, OperationModel op)
    {
        foreach (var parameter in op.Parameters)
        {
            var needsText = parameter.Value.Kind == ValueKind.Enum && (parameter.SpanAttributeName is not null || parameter.Label is not null);
            if (needsText)
            {
                w.Open("private static string? Text_" + parameter.Name + "(" + parameter.Value.TypeName + " value)");
                w.Line("switch (value)");
                w.Open();
                var members = parameter.Value.EnumMembers;
                var cases = parameter.Value.EnumCases;
                for (var i = 0; i < members.Count; i++)
                {
                    // A member that cannot be named here (obsolete as an error, experimental) by its constant (ValueModels).
                    var label = i < cases.Count && cases[i].Length > 0
                        ? "(" + parameter.Value.TypeName + ")(" + cases[i] + ")"
                        : parameter.Value.TypeName + "." + CSharpLiteral.Identifier(members[i]);
                    w.Line("case " + label + ": return " + CSharpLiteral.String(SymbolNames.ToSnakeCase(members[i])) + ";");
                }

                w.Line("default: return null;");
                w.Close();
                w.Close();
                w.Line();
            }

            if (parameter.Label is { BoundedValues.IsEmpty: false } bounded)
            {
                w.Open("private static string Bounded_" + parameter.Name + "(string? value)");
                w.Line("switch (value)");
                w.Open();
                foreach (var allowed in bounded.BoundedValues.Distinct().OrderBy(v => v, System.StringComparer.Ordinal))
                {
                    w.Line("case " + CSharpLiteral.String(allowed) + ": return " + CSharpLiteral.String(allowed) + ";");
                }

                w.Line("default: return \"other\";");
                w.Close();
                w.Close();
                w.Line();
            }
        }
    }
}
