namespace Instrumentation.Generators.Common;

/// <summary>
/// The nullable context of a generated file that holds methods: annotations on (every <c>?</c> means what it says, and
/// the interceptors' signatures carry the intercepted methods' nullability), the compiler's nullable flow analysis off.
/// That analysis re-checks code the SDK's own tests already check with nullable warnings on (the test harness compiles
/// every generated file with the <see cref="WarningsOffLine"/> line removed and fails on any warning): in a user's build
/// it was about a third of the time the compiler spends on the generated interceptors (issue 18 §7; benchmarks/RESULTS.md
/// "Build time, annotated vs not").
/// </summary>
internal static class GeneratedNullableContext
{
    /// <summary>The line that turns the flow analysis off; tests find and remove it to check the file with warnings on.</summary>
    public const string WarningsOffLine = "#nullable disable warnings // checked with nullable warnings on by the SDK's tests; a user's build skips re-analysing it";

    /// <summary>Writes the file's nullable context.</summary>
    public static void Write(SourceWriter w)
    {
        w.Line("#nullable enable");
        w.Line(WarningsOffLine);
    }
}
