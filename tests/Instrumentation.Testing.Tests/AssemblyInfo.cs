using Xunit;

// On purpose: test classes run in parallel, as in a user's test project. Captures must keep them apart.
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerClass, MaxParallelThreads = 4)]
