using Xunit;

// Activity and meter listeners are process-wide: tests that observe telemetry must not overlap.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

// Every test method leaves the process-wide state as it found it (Infrastructure/StateCheckingTestFramework.cs).
[assembly: TestFramework("Instrumentation.Runtime.Tests.Infrastructure.StateCheckingTestFramework", "Instrumentation.Runtime.Tests")]
