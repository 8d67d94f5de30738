using System.Collections.Generic;
using System.Linq;
using Instrumentation.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Instrumentation.Generators.Tests.Robustness;

/// <summary>
/// The minimum versions of <c>LanguageRequirement</c> are true minimums: every corpus case whose own code compiles
/// at C# 11 generates code that compiles warning-free at C# 11 (so nothing the generators emit needs C# 12+ unless
/// the user's declaration already does), and at C# 10 no case leaves an error in a generated file.
/// </summary>
public sealed class CorpusLanguageVersionTests
{
    public static IEnumerable<object[]> Categories() =>
        CorpusCases.All().Select(c => c.Category).Distinct().Select(c => new object[] { c });

    [Theory]
    [MemberData(nameof(Categories))]
    public void At_CSharp_11_generated_code_compiles_wherever_the_users_code_does(string category) =>
        Check(category, LanguageVersion.CSharp11);

    [Theory]
    [MemberData(nameof(Categories))]
    public void At_CSharp_10_no_generated_file_has_an_error(string category) =>
        Check(category, LanguageVersion.CSharp10);

    private static void Check(string category, LanguageVersion version)
    {
        var options = new CSharpParseOptions(version).WithFeatures(new[] { new KeyValuePair<string, string>("InterceptorsNamespaces", "Instrumentation.Generated") });
        var failures = new List<string>();
        foreach (var (_, name, source) in CorpusCases.All().Where(c => c.Category == category))
        {
            var run = RobustRun.Of(options, CorpusCases.Usings + source);
            if (run.Crashes.Count > 0)
            {
                failures.Add(name + ": a generator threw\n" + run.Describe());
                continue;
            }

            // A declaration that itself needs a newer C# is the user's error; what we generate from it may repeat it.
            var userNeedsNewer = run.UserCodeErrors.Any(d => d.Id is "CS8652" or "CS8773" or "CS8936" or "CS9058" or "CS8400" or "CS9202" or "CS1031" or "CS1003");
            if (!userNeedsNewer && run.GeneratedCodeProblems.Count > 0)
            {
                failures.Add(name + ":\n  " + string.Join("\n  ", run.GeneratedCodeProblems) + "\n  user errors: " + string.Join("; ", run.UserCodeErrors.Select(d => d.Id)));
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
