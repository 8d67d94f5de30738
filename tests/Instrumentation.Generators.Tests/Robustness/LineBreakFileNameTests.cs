using System.Linq;
using Instrumentation.Generators.Operations;
using Instrumentation.Generators.Tests.CrossProject;
using Instrumentation.Generators.Tests.Infrastructure;
using Xunit;

namespace Instrumentation.Generators.Tests.Robustness;

/// <summary>
/// A source file whose name holds a character C# ends a line at (U+2028, U+2029, U+0085; Linux allows them in file
/// names): the generated comment after each [InterceptsLocation] names the call's file, and the rest of the name became
/// code after the line break (CS0592, CS0708 in the generated file: found with a file 'n\u2028int x = 1;\u2029y.cs').
/// The comment now shows such a character as '?'.
/// </summary>
public sealed class LineBreakFileNameTests
{
    [Theory]
    [InlineData("/src/n\u2028int x = 1;\u2029\u0085y.cs")]
    [InlineData("/src/a\rb\nc.cs")]
    public void A_call_in_a_file_whose_name_holds_a_line_break_is_intercepted_and_the_output_compiles(string path)
    {
        const string source = """
            using Instrumentation;
            namespace Names;
            public sealed class Orders { [Operation("orders.place")] public int Place(int quantity) => quantity * 2; }
            public static class Use { public static int Run() => new Orders().Place(1); }
            """;
        var assemblyName = CrossProjectHarness.UniqueName("LineBreakFileName");
        var compilation = GeneratorHarness.CompileAs(assemblyName, source);
        var tree = compilation.SyntaxTrees.Single();
        compilation = compilation.ReplaceSyntaxTree(tree, tree.WithFilePath(path));

        var run = GeneratorHarness.Run(new OperationGenerator(), compilation);

        Assert.Empty(run.Problems);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(run.GeneratedSources[OperationEmitter.HintName], @"\[__InterceptsLocation\("));
        using var recorder = new TelemetryRecorder("Instrumentation.Generated." + assemblyName);
        Assert.Equal(2, (int)run.Load().GetType("Names.Use")!.GetMethod("Run")!.Invoke(null, null)!);
        Assert.Single(recorder.Spans, s => s.OperationName == "orders.place");
    }
}
