using System;
using System.Diagnostics;
using System.Threading;
using Instrumentation;

namespace Instrumentation.Runtime.Tests.CompleteTraces;

/// <summary>
/// A request with nested operations for the complete-error-traces tests: <c>tail.request</c> runs
/// <c>siblings</c> × <c>tail.step</c>, then <c>tail.middle</c> (a step, then a failing, slow or ordinary
/// <c>tail.leaf</c> whose exception the middle catches), then one more <c>tail.step</c> after the failure.
/// </summary>
public sealed class CheckoutRequest
{
    [Operation("tail.request")]
    public void Handle(int siblings, bool fail, bool slow)
    {
        for (var i = 0; i < siblings; i++)
        {
            Step();
        }

        Middle(fail, slow);
        Step();
    }

    /// <summary>An outer operation that runs <paramref name="inside"/> while its own trace is open.</summary>
    [Operation("tail.outer")]
    public void Outer(Action inside) => inside();

    [Operation("tail.middle")]
    public void Middle(bool fail, bool slow)
    {
        Step();
        try
        {
            Leaf(fail, slow);
        }
        catch (InvalidOperationException)
        {
            // The middle recovers: only the leaf fails.
        }
    }

    [Operation("tail.step")]
    public void Step()
    {
    }

    [Operation("tail.leaf")]
    public void Leaf(bool fail, bool slow)
    {
        if (slow)
        {
            // Generated code times the operation with the real clock; the slow test sets a 30 ms threshold, and a
            // sleep is only ever longer than asked, so the leaf is slow on any machine (nothing asserts a duration).
            Thread.Sleep(60);
        }

        if (fail)
        {
            throw new InvalidOperationException("payment declined");
        }
    }

    /// <summary>Starts a new trace (no current activity) for <paramref name="request"/>, then restores the current one.</summary>
    public static void InNewTrace(Action request)
    {
        var previous = Activity.Current;
        Activity.Current = null;
        try
        {
            request();
        }
        finally
        {
            Activity.Current = previous;
        }
    }
}
