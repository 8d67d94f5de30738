using System;
using System.Linq;
using Instrumentation.Generators.Operations;
using Instrumentation.Generators.Tests.CrossProject;
using Instrumentation.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Microsoft.CodeAnalysis.CSharp;
using System.Text;
using Xunit;

namespace Instrumentation.Generators.Tests.Robustness;

/// <summary>
/// Two source files with identical text (a file copied into a second folder, a <c>file</c>-local helper kept in two
/// places, one file reached by two paths) that call an annotated method: an [InterceptsLocation] names a file
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

    private const string Unrelated = "namespace Dup; public static class Unrelated { public static int Add(int a, int b) => a + b; }";

    private const string Use = """
        using Instrumentation;
        namespace Dup;
        public sealed class Orders { [Operation("orders.place")] public int Place(int quantity) => quantity * 2; }
        public static class Use { public static int Run() => new Orders().Place(1); }
        """;

    [Fact]
    public void An_unrelated_edit_with_twins_in_the_compilation_leaves_the_call_site_steps_cached()
    {
        var compilation = GeneratorHarness.Compile(Use, Twin, Twin, Unrelated);
        var driver = GeneratorHarness.CreateDriver(new OperationGenerator()).RunGenerators(compilation);
        var old = compilation.SyntaxTrees[3];
        var edited = compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(Unrelated.Replace("a + b", "a + b + 1"), GeneratorHarness.ParseOptions, old.FilePath));
        driver = driver.RunGenerators(edited);
        var result = driver.GetRunResult().Results.Single();
        foreach (var step in new[] { "CallSites", "AllCallSites" })
        {
            foreach (var output in result.TrackedSteps[step].SelectMany(r => r.Outputs))
            {
                Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, step + " was " + output.Reason);
            }
        }

        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(r => r.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        Assert.Equal(2, result.Diagnostics.Count(d => d.Id == "INS0023"));
    }

    [Fact]
    public void A_twin_edited_to_differ_is_intercepted_again_and_back_to_identical_is_INS0023_again()
    {
        var compilation = GeneratorHarness.Compile(Use, Twin, Twin, Unrelated);
        var driver = GeneratorHarness.CreateDriver(new OperationGenerator()).RunGenerators(compilation);
        var old = compilation.SyntaxTrees[2];
        var edited = compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(Twin + "\n// now different", GeneratorHarness.ParseOptions, old.FilePath));
        driver = driver.RunGeneratorsAndUpdateCompilation(edited, out var output, out var diagnostics);
        var result = driver.GetRunResult().Results.Single();
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "INS0023");
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Matches(result.GeneratedSources.Single(s => s.HintName == OperationEmitter.HintName).SourceText.ToString(), @"\[__InterceptsLocation\(").Count);

        // And back to identical: INS0023 again, the output compiles.
        var back = edited.ReplaceSyntaxTree(edited.SyntaxTrees[2], CSharpSyntaxTree.ParseText(Twin, GeneratorHarness.ParseOptions, old.FilePath));
        driver = driver.RunGeneratorsAndUpdateCompilation(back, out var output2, out _);
        Assert.Equal(2, driver.GetRunResult().Results.Single().Diagnostics.Count(d => d.Id == "INS0023"));
        Assert.Empty(output2.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void Copies_that_differ_only_in_encoding_or_BOM_are_twins_and_copies_that_differ_in_line_endings_are_not()
    {
        var a = CSharpSyntaxTree.ParseText(SourceText.From(Twin, new UTF8Encoding(true)), GeneratorHarness.ParseOptions, "/src/A/Same.cs");
        var b = CSharpSyntaxTree.ParseText(SourceText.From(Twin, Encoding.Unicode), GeneratorHarness.ParseOptions, "/src/B/Same.cs");
        var c = CSharpSyntaxTree.ParseText(SourceText.From(Twin.Replace("\n", "\r\n"), new UTF8Encoding(false)), GeneratorHarness.ParseOptions, "/src/C/Same.cs");
        var compilation = GeneratorHarness.Compile(Use).AddSyntaxTrees(a, b, c);
        var driver = GeneratorHarness.CreateDriver(new OperationGenerator()).RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        var result = driver.GetRunResult().Results.Single();
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var dups = result.Diagnostics.Where(d => d.Id == "INS0023").Select(d => d.Location.SourceTree!.FilePath).OrderBy(p => p, StringComparer.Ordinal).ToArray();
        // The compiler's checksum is over the text (an encoding or a BOM changes nothing), so A and B are twins; C's CRLF
        // line endings make it another text, and its call is intercepted.
        Assert.Equal(new[] { "/src/A/Same.cs", "/src/B/Same.cs" }, dups);
        Assert.True(a.GetText().GetContentHash().SequenceEqual(b.GetText().GetContentHash()));
        Assert.False(a.GetText().GetContentHash().SequenceEqual(c.GetText().GetContentHash()));
    }
}
