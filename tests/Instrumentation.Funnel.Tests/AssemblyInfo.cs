using Xunit;

// The funnel buffer generated code writes to is process-wide: one test at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
