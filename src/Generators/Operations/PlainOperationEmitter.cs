using System.Collections.Generic;
using System.Linq;
using Instrumentation.Generators.Common;

namespace Instrumentation.Generators.Operations;

/// <summary>
/// Operations whose begin and end are the same code for every operation (no labels, no captured arguments, only the
/// duration, calls and failures instruments) get no class of their own: one field holding a runtime
/// <c>Instrumentation.Operations.PlainOperation</c>, which also creates and describes its instruments. The class, state
/// struct, three instrument fields and three descriptors per operation were about 70 % of the code generated per call
/// site of such an operation (5,267 → 1,547 B, <c>GeneratedSizeTests</c>; issue 18 §7); the interceptors call the field
/// as they call a class (<see cref="OperationAccess"/>).
/// </summary>
internal static class PlainOperationEmitter
{
    public const string ClassName = "PlainOperations";
    private const string Runtime = "global::Instrumentation.Operations.PlainOperation";
    private const string Options = "global::Instrumentation.Operations.PlainOperationOptions.";

    /// <summary>True when the runtime's shared begin/end does all the operation needs.</summary>
    public static bool IsPlain(OperationModel op)
    {
        foreach (var instrument in op.Instruments)
        {
            if (!instrument.LabelNames.IsEmpty || instrument.Role is not (InstrumentRole.Duration or InstrumentRole.Calls or InstrumentRole.Failures))
            {
                return false;
            }
        }

        foreach (var parameter in op.Parameters)
        {
            if (OperationClassEmitter.IsCaptured(parameter)
                || parameter.BatchCountMember is not null
                || parameter.IsQueueSize
                || parameter.LatencyStart != LatencyStartKind.None)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The names of the instruments some operation that is not plain records: only those get a generated field and
    /// descriptor. A plain operation's instruments are created by the runtime object by name (the same instances,
    /// through <c>SharedTelemetry</c>) and described by <c>PlainOperationMetrics</c>.
    /// </summary>
    public static HashSet<string> DeclaredInstrumentNames(IEnumerable<OperationModel> operations)
    {
        var names = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var op in operations)
        {
            if (!IsPlain(op))
            {
                foreach (var instrument in op.Instruments)
                {
                    names.Add(instrument.Name);
                }
            }
        }

        return names;
    }

    /// <summary>
    /// One field per plain operation, named after the operation's index; with <paramref name="withList"/> also
    /// <c>All()</c>, the list the metric catalog reads.
    /// </summary>
    public static void Emit(SourceWriter w, IReadOnlyList<(int Index, OperationModel Operation)> plain, bool skipUnsampledRootsGlobally, bool withList)
    {
        if (plain.Count == 0)
        {
            return;
        }

        w.Line("[" + OperationEmitter.GeneratedCode + "]");
        w.Open("file static class " + ClassName);
        foreach (var (index, op) in plain)
        {
            FaultInjection.Check(FaultInjection.Stage.Emit, op.MethodDisplay);
            var stem = DefaultStem(op);
            w.Line("public static readonly " + Runtime + " " + OperationClassEmitter.ClassName(index) + " = new(GeneratedTelemetry.Name, "
                + CSharpLiteral.String(op.SpanName) + ", "
                + (stem is not null
                    ? CSharpLiteral.String(stem)
                    : InstrumentName(op, InstrumentRole.Duration) + ", "
                        + InstrumentName(op, InstrumentRole.Calls) + ", "
                        + InstrumentName(op, InstrumentRole.Failures))
                + OptionsArgument(op, skipUnsampledRootsGlobally) + ");");
        }

        if (withList)
        {
            w.Line();
            w.Line("public static " + Runtime + "[] All() => new " + Runtime + "[]");
            w.Line("{");
            foreach (var (index, _) in plain)
            {
                w.Line("    " + OperationClassEmitter.ClassName(index) + ",");
            }

            w.Line("};");
        }

        w.Close();
        w.Line();
    }

    // The runtime's PlainOperation(meterName, spanName, metricStem) appends these (PlainOperation.*Suffix).
    private const string DurationSuffix = "_duration_ms";
    private const string CallsSuffix = "_calls_total";
    private const string FailuresSuffix = "_failures_total";

    /// <summary>
    /// The stem the three instruments' names share when they are exactly <c>{stem}_duration_ms</c>,
    /// <c>{stem}_calls_total</c> and <c>{stem}_failures_total</c> (the defaults of an operation that renames none);
    /// null otherwise (a renamed or turned-off instrument), when the three names are written out.
    /// </summary>
    private static string? DefaultStem(OperationModel op)
    {
        var duration = op.Instruments.FirstOrDefault(i => i.Role == InstrumentRole.Duration)?.Name;
        if (duration is null || !duration.EndsWith(DurationSuffix, System.StringComparison.Ordinal) || duration.Length == DurationSuffix.Length)
        {
            return null;
        }

        var stem = duration.Substring(0, duration.Length - DurationSuffix.Length);
        var calls = op.Instruments.FirstOrDefault(i => i.Role == InstrumentRole.Calls)?.Name;
        var failures = op.Instruments.FirstOrDefault(i => i.Role == InstrumentRole.Failures)?.Name;
        return calls == stem + CallsSuffix && failures == stem + FailuresSuffix ? stem : null;
    }

    private static string InstrumentName(OperationModel op, InstrumentRole role) =>
        op.Instruments.FirstOrDefault(i => i.Role == role) is { } instrument
            ? CSharpLiteral.String(instrument.Name)
            : "null";

    private static string OptionsArgument(OperationModel op, bool skipUnsampledRootsGlobally)
    {
        var flags = new List<string>();
        if (op.SkipUnsampledRoot || skipUnsampledRootsGlobally)
        {
            flags.Add(Options + "SkipUnsampledRoot");
        }

        if (op.LogStart)
        {
            flags.Add(Options + "LogStart");
        }

        if (op.LogCompletion)
        {
            flags.Add(Options + "LogCompletion");
        }

        if (op.SpanKind != SpanKindModel.Internal)
        {
            // ServerSpan, ClientSpan, ProducerSpan, ConsumerSpan: the span's kind (Kind).
            flags.Add(Options + op.SpanKind + "Span");
        }

        return flags.Count == 0 ? string.Empty : ", " + string.Join(" | ", flags);
    }
}

/// <summary>How an interceptor reaches its operation: a generated class, or a <see cref="PlainOperationEmitter"/> field.</summary>
internal sealed class OperationAccess
{
    private OperationAccess(string target, string stateType, bool plain)
    {
        Target = target;
        StateType = stateType;
        IsPlain = plain;
    }

    /// <summary>The expression whose <c>IsLive</c>, <c>Begin</c>, <c>End</c> and awaiters the interceptor calls.</summary>
    public string Target { get; }

    /// <summary>The type of the interceptor's <c>__state</c> local.</summary>
    public string StateType { get; }

    private bool IsPlain { get; }

    /// <remarks>
    /// Qualified from <c>global::</c> when <paramref name="generatedNamespace"/> is given: an interceptor copies the user's
    /// parameter and type parameter names, and one that hides a generated class's simple name would be found first (a
    /// stranger's parameter named <c>PlainOperations</c>, or <c>Operation0</c>, and a class type parameter named
    /// <c>PlainOperations</c> made the generated file fail to compile: CS1061, CS0704). See
    /// <see cref="InterceptorNames.HidesGeneratedNames"/>.
    /// </remarks>
    /// <param name="index">The operation's index in the generated file.</param>
    /// <param name="op">The operation.</param>
    /// <param name="generatedNamespace">The namespace the generated classes are declared in, to qualify their names; null for simple names.</param>
    public static OperationAccess For(int index, OperationModel op, string? generatedNamespace) =>
        PlainOperationEmitter.IsPlain(op)
            ? new OperationAccess(Qualified(generatedNamespace, PlainOperationEmitter.ClassName) + "." + OperationClassEmitter.ClassName(index), "global::Instrumentation.Operations.OperationState", plain: true)
            : new OperationAccess(Qualified(generatedNamespace, OperationClassEmitter.ClassName(index)), Qualified(generatedNamespace, OperationClassEmitter.ClassName(index)) + ".State", plain: false);

    /// <summary>A generated class's name, qualified from <c>global::</c> when <paramref name="generatedNamespace"/> is given.</summary>
    public static string Qualified(string? generatedNamespace, string generatedClass) =>
        generatedNamespace is null ? generatedClass : "global::" + generatedNamespace + "." + generatedClass;

    /// <summary>The begin call; an asynchronous plain operation also keeps the caller's span (the class's own Begin does that itself).</summary>
    public string Begin(bool isAsync) => Target + (IsPlain && isAsync ? ".BeginAsync" : ".Begin") + "(ref __state);";

    /// <summary>The call that gives the caller its context back when a task is still running.</summary>
    public string Detach() =>
        (IsPlain ? "global::Instrumentation.Operations.PlainOperation" : Target) + ".Detach(ref __state);";
}
