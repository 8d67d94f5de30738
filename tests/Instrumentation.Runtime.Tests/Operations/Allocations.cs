using System;

namespace Instrumentation.Runtime.Tests.Operations;

/// <summary>
/// Allocation counting for the SPEC §4 facts: bytes allocated on the test's thread per call, in steady
/// state. Several rounds are measured and the smallest is kept, so a rare one-off allocation of the
/// runtime during one round (tiering, a pool or table growing) is not mistaken for a per-call cost; a
/// real per-call allocation shows in every round.
/// </summary>
public static class Allocations
{
    /// <summary>Calls made by <see cref="InFewestRound"/> and <see cref="PerCall"/> with their defaults.</summary>
    public const int DefaultTotalCalls = 200 + (5 * 1_000);

    /// <summary>The fewest bytes any round of <paramref name="calls"/> calls allocated, divided by the calls.</summary>
    public static long PerCall(Func<int> call, int calls = 1_000, int rounds = 5, int warmup = 200) =>
        InFewestRound(call, calls, rounds, warmup) / calls;

    /// <summary>The fewest bytes any round allocated in total (0 means a whole round allocated nothing).</summary>
    public static long InFewestRound(Func<int> call, int calls = 1_000, int rounds = 5, int warmup = 200)
    {
        for (var i = 0; i < warmup; i++)
        {
            call();
        }

        var fewest = long.MaxValue;
        for (var round = 0; round < rounds; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < calls; i++)
            {
                call();
            }

            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return fewest;
    }
}
