using Xunit;

// The app's telemetry providers and operation settings are process-wide: one app at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
