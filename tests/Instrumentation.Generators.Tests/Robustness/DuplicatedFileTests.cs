using System;
using System.Linq;
using Instrumentation.Generators.Operations;
using Instrumentation.Generators.Tests.CrossProject;
using Instrumentation.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Instrumentation.Generators.Tests.Robustness;

/// <summary>
/// Two source files with identical text (a file copied into a second folder, a <c>file</c>-local helper kept in two
/// places, one linked file listed under two names) that call an annotated method: an [InterceptsLocation] names a file
/// by its content's checksum, so the compiler rejected the generated interceptors with CS9233 ("Cannot intercept a call
/// in file 'Same.cs' because it is duplicated elsewhere in the compilation") and the build broke once the SDK was added
/// (found building a project with X/Same.cs and Y/Same.cs). Those calls are now left as written and reported (INS0023);
/// the other files' calls are instrumented as before.
/// </summary>
public sealed class DuplicatedFileTests
{
    private const string Declarations = """
        using Instrumentation;
        namespace Dup;
        public sealed class Orders { [Operation("orders.place")] public int Place(int quantity) => quantity * 2; }
        public static class Use { public static int Run() => new Orders().Place(1) + Twin.Go() ; }
        """;

    private const string Twin = """
        namespace Dup;
        file static class Helper { public static int Call() => new Orders().Place(2); }
        """;

    [Fact]
    public void Calls_in_files_with_identical_text_are_INS0023_and_the_output_compiles()
    {
        var assemblyName = CrossProjectHarness.UniqueName("DuplicatedFile");
        const string go = "namespace Dup; public static partial class Twin { public static int Go() => 20; }";
        var run = GeneratorHarness.Run(new OperationGenerator(), GeneratorHarness.CompileAs(assemblyName, Declarations, Twin, Twin, go));

        Assert.Empty(run.Problems);
        var diagnostics = run.GeneratorDiagnostics.OrderBy(d => d.Location.SourceTree!.FilePath, StringComparer.Ordinal).ToList();
        Assert.Equal(new[] { "INS0023", "INS0023" }, diagnostics.Select(d => d.Id));
        Assert.All(diagnostics, d => Assert.Equal(DiagnosticSeverity.Warning, d.Severity));
        Assert.Equal(new[] { "/src/File1.cs", "/src/File2.cs" }, diagnostics.Select(d => d.Location.SourceTree!.FilePath));
        Assert.Contains("'Place' is in 'File1.cs', whose text is identical to another source file", diagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        // The call in the file that has no twin is still intercepted, and runs.
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(run.GeneratedSources[OperationEmitter.HintName], @"\[__InterceptsLocation\("));
        using var recorder = new TelemetryRecorder("Instrumentation.Generated." + assemblyName);
        Assert.Equal(22, (int)run.Load().GetType("Dup.Use")!.GetMethod("Run")!.Invoke(null, null)!);
        Assert.Single(recorder.Spans, s => s.OperationName == "orders.place");
    }

    [Fact]
    public void Files_that_differ_are_intercepted_as_before()
    {
        var run = GeneratorHarness.Run(new OperationGenerator(), GeneratorHarness.CompileAs(CrossProjectHarness.UniqueName("DistinctFiles"), Declarations, Twin, Twin + "// the other copy\n", "namespace Dup; public static partial class Twin { public static int Go() => 20; }"));

        Assert.Empty(run.Problems);
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "INS0023");
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Matches(run.GeneratedSources[OperationEmitter.HintName], @"\[__InterceptsLocation\(").Count);
    }
}
