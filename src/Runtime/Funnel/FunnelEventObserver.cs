namespace Instrumentation.Funnel;

/// <summary>Sees an emitted funnel event on the emitting thread (the test kit's hook).</summary>
/// <param name="item">The event, as generated code built it.</param>
internal delegate void FunnelEventObserver(in FunnelEvent item);
