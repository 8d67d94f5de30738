using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Instrumentation.Generators.Tests.Infrastructure;

/// <summary>Incremental runs must generate exactly what a cold run over the same compilation generates.</summary>
public static class ColdRun
{
    /// <summary>The warm driver's sources and diagnostics equal those of <paramref name="fresh"/> run over <paramref name="compilation"/>.</summary>
    public static void AssertSame(GeneratorDriver warm, GeneratorDriver fresh, Compilation compilation)
    {
        var cold = fresh.RunGenerators(compilation).GetRunResult();
        var incremental = warm.GetRunResult();
        Assert.Equal(Sources(cold), Sources(incremental));
        Assert.Equal(Diagnostics(cold), Diagnostics(incremental));
    }

    private static List<string> Sources(GeneratorDriverRunResult result) =>
        result.Results.SelectMany(r => r.GeneratedSources).Select(s => s.HintName + "\n" + s.SourceText).OrderBy(s => s, System.StringComparer.Ordinal).ToList();

    private static List<string> Diagnostics(GeneratorDriverRunResult result) =>
        result.Diagnostics.Select(d => d.Id + " " + d.Location.GetLineSpan() + " " + d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).OrderBy(s => s, System.StringComparer.Ordinal).ToList();
}
