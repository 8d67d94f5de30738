using Xunit;

// The package tests share ONE pack of src/Runtime and src/Funnel (PackedPackages) and each builds fresh projects
// with the dotnet CLI: run side by side on a small machine they only compete for the same cores. One at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
