using System;
using System.Threading;

namespace Instrumentation.Generators.Common;

/// <summary>
/// A test-only hook that makes one stage throw for one method, to prove that a failure stays isolated.
/// It is set per async flow (so parallel tests do not see each other's plan) and is inert otherwise.
/// </summary>
internal static class FaultInjection
{
    private static readonly AsyncLocal<Plan?> Current = new();

    public static IDisposable ThrowWhileParsing(string methodName) => Set(new Plan(Stage.Parse, methodName));

    public static IDisposable ThrowAtCallSite(string methodName) => Set(new Plan(Stage.CallSite, methodName));

    public static IDisposable ThrowAtReferencedCallSite(string methodName) => Set(new Plan(Stage.ReferencedCallSite, methodName));

    public static IDisposable ThrowWhileEmitting(string methodName) => Set(new Plan(Stage.Emit, methodName));

    /// <summary>Throws when a plan for <paramref name="stage"/> names <paramref name="method"/> (a name or a display such as <c>Type.Method(int)</c>).</summary>
    public static void Check(Stage stage, string method)
    {
        var plan = Current.Value;
        if (plan is not null && plan.Stage == stage
            && (method == plan.MethodName || method.IndexOf("." + plan.MethodName + "(", StringComparison.Ordinal) >= 0))
        {
            throw new InvalidOperationException("Injected failure while handling " + method);
        }
    }

    private static IDisposable Set(Plan plan)
    {
        Current.Value = plan;
        return new Reset();
    }

    internal enum Stage
    {
        Parse,
        CallSite,
        ReferencedCallSite,
        Emit,
    }

    private sealed record Plan(Stage Stage, string MethodName);

    private sealed class Reset : IDisposable
    {
        public void Dispose() => Current.Value = null;
    }
}
