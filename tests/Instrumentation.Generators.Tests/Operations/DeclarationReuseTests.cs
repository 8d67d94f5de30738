using System.Collections.Generic;
using System.Linq;
using Instrumentation.Generators.Logging;
using Instrumentation.Generators.Operations;
using Instrumentation.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Instrumentation.Generators.Tests.Operations;

/// <summary>
/// Issue 18 §3, declarations: <c>ForAttributeWithMetadataName</c> runs every transform again on each new
/// compilation; <see cref="DeclarationMemo{TResult}"/> keeps each annotated declaration's parse while nothing it can
/// observe changed. Counted with <see cref="GeneratorWorkProbe"/> (which declarations were parsed), never timed, and
/// every edit's output is compared with a cold run's.
/// </summary>
public sealed class DeclarationReuseTests
{
    private const string Names = """
        namespace Demo;
        public static class Names
        {
            public const string Op = "demo.op";
        }
        """;

    private const string Service = """
        using Instrumentation;
        using Microsoft.Extensions.Logging;
        namespace Demo;
        public partial class Service
        {
            [Operation(Names.Op)] public int Op(int value) => value;
            [Operation("demo.run")] public int Run(int value) => Op(value) + 1;
            [FunnelEvent("DeviceRegistered", EntityId = "id")] public void Register(string id) { }
        }
        public static partial class Log
        {
            [LogMethod(LogLevel.Information, "Device {deviceId} sent {count} readings", EventId = 1)]
            public static partial void Sent(ILogger logger, string deviceId, int count);
        }
        """;

    private const string Unrelated = """
        namespace Demo;
        public static class Unrelated
        {
            public static int Add(int a, int b) => System.Math.Abs(a) + b;
        }
        """;

    [Fact]
    public void A_body_edit_in_another_file_parses_no_declaration_and_generates_what_a_cold_run_does()
    {
        var edited = Edit(Unrelated, Unrelated.Replace("+ b;", "+ b + 1;"), out var parsed, out var driver);

        Assert.Empty(parsed);
        AssertSameAsCold(driver, edited);
    }

    [Fact]
    public void A_comment_or_whitespace_edit_in_another_file_parses_no_declaration()
    {
        Edit(Unrelated, "// a comment\n" + Unrelated + "\n\n", out var parsed, out _);

        Assert.Empty(parsed);
    }

    [Fact]
    public void A_body_edit_in_the_annotated_file_parses_that_file_only()
    {
        var edited = Edit(Service, Service.Replace("=> Op(value) + 1;", "=> Op(value) + 2;"), out var parsed, out var driver);

        // The edited tree is new, so its four declarations are parsed again; Names and Unrelated have none.
        Assert.Equal(4, parsed.Count);
        Assert.All(parsed, p => Assert.StartsWith("/src/File1.cs", p, System.StringComparison.Ordinal));
        AssertSameAsCold(driver, edited);
    }

    [Fact]
    public void A_constant_changed_in_another_file_is_seen_by_the_declaration_that_uses_it()
    {
        // A field is declaration shape: the memo must not keep the old operation name.
        var edited = Edit(Names, Names.Replace("\"demo.op\"", "\"demo.renamed\""), out var parsed, out var driver);

        Assert.Equal(4, parsed.Count);
        var generated = string.Concat(driver.GetRunResult().Results.SelectMany(r => r.GeneratedSources).Select(s => s.SourceText.ToString()));
        Assert.Contains("demo.renamed", generated, System.StringComparison.Ordinal);
        Assert.DoesNotContain("\"demo.op\"", generated, System.StringComparison.Ordinal);
        AssertSameAsCold(driver, edited);
    }

    [Fact]
    public void A_new_declaration_in_another_file_parses_every_declaration_again()
    {
        var edited = Edit(Unrelated, Unrelated + "\npublic sealed class Added { public int Value { get; set; } }\n", out var parsed, out var driver);

        Assert.Equal(4, parsed.Count);
        AssertSameAsCold(driver, edited);
    }

    [Fact]
    public void A_new_reference_parses_every_declaration_again()
    {
        var (driver, compilation, probe) = Warm();
        using (probe)
        {
            var extra = MetadataReference.CreateFromFile(typeof(System.Text.Json.JsonSerializer).Assembly.Location);
            var edited = compilation.AddReferences(extra);
            driver = driver.RunGenerators(edited);

            Assert.Equal(4, probe.Declarations.Count);
            AssertSameAsCold(driver, edited);
        }
    }

    [Fact]
    public void A_method_with_two_operation_attributes_keeps_its_one_error_after_an_edit()
    {
        // Two pipelines ([Operation] and [Ingest]) parse the same node; each remembers its own result, so the error
        // that only the first attribute's pipeline reports is neither lost nor doubled.
        const string Twice = "using Instrumentation;\nnamespace Demo;\npublic class Twice { [Operation(\"t.o\")][Ingest(\"t.i\")] public void M() { } }\n";
        var compilation = GeneratorHarness.Compile(Twice, Unrelated);
        var driver = NewDriver().RunGenerators(compilation);
        Assert.Single(driver.GetRunResult().Diagnostics, d => d.Id == "INS0014");

        var old = compilation.SyntaxTrees[1];
        var edited = compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(Unrelated.Replace("+ b;", "+ b + 1;"), GeneratorHarness.ParseOptions, old.FilePath));
        driver = driver.RunGenerators(edited);

        Assert.Single(driver.GetRunResult().Diagnostics, d => d.Id == "INS0014");
        AssertSameAsCold(driver, edited);
    }

    private static CSharpCompilation Edit(string before, string after, out IReadOnlyList<string> parsed, out GeneratorDriver driver)
    {
        var (warm, compilation, probe) = Warm();
        using (probe)
        {
            var index = new[] { Names, Service, Unrelated }.ToList().IndexOf(before);
            var old = compilation.SyntaxTrees[index];
            var edited = compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(after, GeneratorHarness.ParseOptions, old.FilePath));
            driver = warm.RunGenerators(edited);
            parsed = probe.Declarations;
            return edited;
        }
    }

    /// <summary>A driver with both generators that ran once (parsing every declaration), and a probe cleared after that run.</summary>
    private static (GeneratorDriver Driver, CSharpCompilation Compilation, GeneratorWorkProbe.Recorder Probe) Warm()
    {
        var compilation = GeneratorHarness.Compile(Names, Service, Unrelated);
        var probe = GeneratorWorkProbe.Start();
        var driver = NewDriver().RunGenerators(compilation);
        Assert.Equal(4, probe.Declarations.Count);
        probe.Clear();
        return (driver, compilation, probe);
    }

    private static GeneratorDriver NewDriver() =>
        CSharpGeneratorDriver.Create(
            new[] { new OperationGenerator().AsSourceGenerator(), new LogMethodGenerator().AsSourceGenerator() },
            parseOptions: GeneratorHarness.ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    private static void AssertSameAsCold(GeneratorDriver warm, CSharpCompilation compilation) =>
        ColdRun.AssertSame(warm, NewDriver(), compilation);
}
