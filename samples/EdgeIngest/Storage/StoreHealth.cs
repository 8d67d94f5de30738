using Instrumentation;

namespace EdgeIngest.Storage;

/// <summary>What was using the store when it failed (the <c>activity</c> label of <c>store_errors_total</c>; a closed set).</summary>
public enum StoreActivity
{
    /// <summary>Storing a device's batch.</summary>
    Ingest,

    /// <summary>Looking up a device or a credential (counted here, not as an auth failure).</summary>
    Auth,

    /// <summary>A REST request.</summary>
    Rest,

    /// <summary>The <c>/ready</c> write probe.</summary>
    Probe,
}

/// <summary>Counts store failures (<c>store_errors_total{activity}</c>): an outage is a store error, never an auth failure.</summary>
public sealed class StoreHealth
{
    /// <summary>One failed store call.</summary>
    [Operation("store.error", DurationMetric = "", CallsMetric = "store_errors_total", FailuresMetric = "")]
    public void Failed([MetricLabel("activity")] StoreActivity activity)
    {
    }
}
