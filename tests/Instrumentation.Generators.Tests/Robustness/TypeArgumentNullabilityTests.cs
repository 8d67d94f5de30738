using System.Linq;
using Instrumentation.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Instrumentation.Generators.Tests.Robustness;

/// <summary>
/// A user's signature with a nullability-constraint warning — <c>Dictionary&lt;T, int&gt;</c> of an unconstrained
/// <c>T</c> (CS8714), <c>C&lt;T?&gt;</c> of a <c>where T : class</c> type (CS8634) — is warned at the user's declaration,
/// where the user can suppress it. The interceptor, its live half and its locals repeated it in the generated file
/// (found by a semantic probe; hidden in a user's build by the file's <c>#nullable disable warnings</c>, seen by the
/// SDK's own check, which compiles generated files with nullable warnings on). The call is still intercepted.
/// </summary>
public sealed class TypeArgumentNullabilityTests
{
    [Theory]
    [InlineData("public class Svc<T> { [Operation(\"svc.map\")] public Dictionary<T, int> Map(T t) => new(); }", "new Svc<int>().Map(1)")]
    [InlineData("public class Box<T> where T : class { } public class Svc { [Operation(\"svc.box\")] public Box<T?>? Wrap<T>(T t) where T : class => null; }", "new Svc().Wrap(\"x\")")]
    public void The_users_warning_is_not_repeated_in_the_generated_file(string declarations, string call)
    {
        var source = "using System.Collections.Generic;\nusing Instrumentation;\nnamespace App;\n" + declarations
            + "\npublic static class Use { public static object? Run() => " + call + "; }";
        var (output, diagnostics) = OtherGenerators.Run(source);

        Assert.Empty(diagnostics);
        var warnings = GeneratorHarness.AllDiagnostics(output).Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.NotEmpty(warnings);
        Assert.All(warnings, w => Assert.Equal("/src/File0.cs", w.Location.SourceTree?.FilePath));
        Assert.Equal(new[] { call }, OtherGenerators.Intercepted(output));
    }
}
