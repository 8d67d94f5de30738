using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Instrumentation.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace Instrumentation.Generators.Tests.Robustness;

/// <summary>
/// The analyzers on the mutation fuzzer's programs, as the IDE runs them while the user types: the corpus changed at
/// random token by token (<see cref="MutationFuzzTests.Mutate"/>), the generators run, then every analyzer the
/// package ships over the result. No analyzer may throw — no AD0001 (the compiler switches a throwing analyzer off for
/// the compilation) and no INS0036 (an analyzer's own guard caught an exception on one declaration). The seed is fixed;
/// <c>FUZZ_CASES</c> and <c>FUZZ_SEED</c> run more or other cases (<c>FUZZ_CASES=5000 FUZZ_SEED=2 dotnet test …
/// --filter AnalyzerMutationFuzzTests</c>; seeds 1–3 × 1,000–5,000 passed on 2026-12-05).
/// </summary>
public sealed class AnalyzerMutationFuzzTests
{
    private const int DefaultCases = 150;
    private const int DefaultSeed = 20261206;

    [Fact]
    public async Task Randomly_broken_or_odd_programs_never_make_an_analyzer_throw()
    {
        var cases = MutationFuzzTests.Setting("FUZZ_CASES", DefaultCases);
        var random = new Random(MutationFuzzTests.Setting("FUZZ_SEED", DefaultSeed));
        var corpus = CorpusCases.All().ToList();
        var failures = new List<string>();
        var analyzed = 0;
        for (var i = 0; i < cases && failures.Count < 3; i++)
        {
            var (category, name, source) = corpus[random.Next(corpus.Count)];
            var mutated = MutationFuzzTests.Mutate(source, random, 1 + random.Next(3));
            RobustRun run;
            try
            {
                run = RobustRun.Of(CorpusCases.Usings + mutated);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // The compiler's own crash on a broken program; MutationFuzzTests tells the generators' apart.
                continue;
            }

            var diagnostics = await run.Output.WithAnalyzers(SdkAnalyzers.All()).GetAnalyzerDiagnosticsAsync();
            analyzed++;
            var thrown = diagnostics.Where(d => d.Id is "AD0001" or "INS0036").ToList();
            if (thrown.Count > 0)
            {
                failures.Add("case " + i.ToString(CultureInfo.InvariantCulture) + " (from " + category + "/" + name + "):\n" + mutated + "\n  " + string.Join("\n  ", thrown));
            }
        }

        Assert.True(analyzed > cases / 2, "most programs must reach the analyzers: " + analyzed.ToString(CultureInfo.InvariantCulture) + " of " + cases.ToString(CultureInfo.InvariantCulture));
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }
}
