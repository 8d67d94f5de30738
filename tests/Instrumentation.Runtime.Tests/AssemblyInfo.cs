using Xunit;

// Activity and meter listeners are process-wide: tests that observe telemetry must not overlap.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
