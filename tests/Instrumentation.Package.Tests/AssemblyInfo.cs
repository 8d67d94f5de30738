using Xunit;

// Every test here packs src/Runtime (and restores it); run in parallel they race on the same obj/ folders
// ("project.assets.json already exists"). One at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
