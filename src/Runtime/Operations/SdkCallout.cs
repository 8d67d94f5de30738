using System;
using System.ComponentModel;

namespace Instrumentation.Operations;

/// <summary>
/// Marks the stretches where the SDK runs the app's code on its own behalf — a tenant getter, a getter or collection it
/// renders, a logging provider that receives an operation log, a listener called when a span starts or stops — so that an
/// annotated method called from there is not instrumented: the app did not make that call, and instrumenting it could
/// call the same code again. Strangers' trials crashed with a stack overflow each way: a logging provider whose sink was
/// an annotated repository method that failed (each failure log called it again), an <see cref="ITenantScoped"/> type
/// whose <c>Tenant</c> getter called an annotated method of its own (reading its tenant read it again), a span listener
/// whose <c>ActivityStopped</c> called an annotated method (each call stopped another span). OpenTelemetry's exporters
/// suppress instrumentation the same way. Read by generated code; not for application code.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class SdkCallout
{
    [ThreadStatic]
    private static int t_depth;

    /// <summary>True while this thread runs the app's code on the SDK's behalf: an operation begun now is not instrumented.</summary>
    public static bool Active => t_depth > 0;

    /// <summary>
    /// Begins a stretch of the app's code run on the SDK's behalf; <see cref="Exit"/> in a <c>finally</c>. Generated code
    /// calls it around an operation's measurements, where .NET calls every <c>MeterListener</c>'s callback.
    /// </summary>
    public static void Enter() => t_depth++;

    /// <summary>Ends the stretch <see cref="Enter"/> began.</summary>
    public static void Exit() => t_depth--;
}
