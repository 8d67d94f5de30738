using System.Collections.Generic;
using System.Linq;
using Instrumentation.Generators.Operations;
using Instrumentation.Generators.Tests.CrossProject;
using Instrumentation.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Instrumentation.Generators.Tests.Robustness;

/// <summary>
/// INS0015: a project whose LangVersion is older than the generated code needs gets one INS error and no
/// generated code, never CS8773/CS8936 inside a generated file. The operation generator's code needs C# 11
/// (file-local types), the log-method generator's C# 10 (interpolated string handlers).
/// </summary>
public sealed class LanguageVersionTests
{
    // Block namespaces and nothing newer than C# 9 in the user's code, so only the generated code can fail.
    private const string Operations = """
        using System.Threading.Tasks;
        using Instrumentation;
        namespace Demo
        {
            public class Store
            {
                [Operation("store.put")] public int Put(string key) => key.Length;
                [Operation("store.save")] public Task<int> SaveAsync(int id) => Task.FromResult(id);
                [FunnelEvent("Saved")] public void Saved() { }
            }
            public static class Calls
            {
                public static async Task<int> Run(Store store) { store.Saved(); return store.Put("k") + await store.SaveAsync(1); }
            }
        }
        """;

    private const string Logs = """
        using Microsoft.Extensions.Logging;
        using Instrumentation;
        namespace Demo
        {
            public static partial class Log
            {
                [LogMethod(LogLevel.Information, "Stored {key} after {attempts} attempts")]
                public static partial void Stored(ILogger logger, string key, int attempts);
                [LogMethod(LogLevel.Warning, "Dropped {key}")]
                public static partial void Dropped(ILogger logger, string key);
            }
        }
        """;

    public static TheoryData<LanguageVersion> TooOld => new() { LanguageVersion.CSharp9, LanguageVersion.CSharp10 };

    public static TheoryData<LanguageVersion> Supported => new() { LanguageVersion.CSharp11, LanguageVersion.CSharp12, LanguageVersion.Latest, LanguageVersion.Preview };

    private static CSharpParseOptions Options(LanguageVersion version) =>
        new CSharpParseOptions(version).WithFeatures(new[] { new KeyValuePair<string, string>("InterceptorsNamespaces", "Instrumentation.Generated") });

    [Theory]
    [MemberData(nameof(TooOld))]
    public void Operations_below_CSharp_11_get_one_INS0015_at_the_first_attribute_and_no_generated_code(LanguageVersion version)
    {
        var run = RobustRun.Of(Options(version), Operations);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "INS0015");
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("Operation(\"store.put\")", Text(diagnostic));
        Assert.Contains("C# 11", diagnostic.GetMessage(), System.StringComparison.Ordinal);
        Assert.Contains("C# " + version.ToDisplayString(), diagnostic.GetMessage(), System.StringComparison.Ordinal);
        // The way out for a project that only calls an annotated library and is not to be instrumented (a stranger's trial).
        Assert.Contains("<InstrumentationEnabled>false</InstrumentationEnabled>", diagnostic.GetMessage(), System.StringComparison.Ordinal);
        Assert.Empty(run.GeneratedFiles);
        Assert.Empty(run.InterceptedCalls);
        Assert.True(run.UserCodeErrors.Count == 0, run.Describe() + string.Join("\n", run.UserCodeErrors));
    }

    [Theory]
    [MemberData(nameof(Supported))]
    public void Operations_at_CSharp_11_and_later_compile_cleanly_and_are_intercepted(LanguageVersion version)
    {
        var run = RobustRun.Of(Options(version), Operations);

        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "INS0015");
        Assert.True(run.GeneratedCodeProblems.Count == 0, run.Describe());
        Assert.Empty(run.UserCodeErrors);
        Assert.Equal(new[] { "Saved", "Put", "SaveAsync" }, run.InterceptedCalls);
    }

    [Fact]
    public void Log_methods_at_CSharp_9_get_one_INS0015_and_do_nothing_bodies_only()
    {
        var run = RobustRun.Of(Options(LanguageVersion.CSharp9), Logs);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "INS0015");
        Assert.Equal("Stored", Text(diagnostic));
        Assert.Contains("C# 10", diagnostic.GetMessage(), System.StringComparison.Ordinal);
        Assert.True(run.GeneratedCodeProblems.Count == 0, run.Describe());
        Assert.True(run.UserCodeErrors.Count == 0, string.Join("\n", run.UserCodeErrors));
    }

    [Theory]
    [InlineData(LanguageVersion.CSharp10)]
    [InlineData(LanguageVersion.CSharp11)]
    [InlineData(LanguageVersion.Latest)]
    public void Log_methods_at_CSharp_10_and_later_are_generated_cleanly(LanguageVersion version)
    {
        var run = RobustRun.Of(Options(version), Logs);

        Assert.Empty(run.Ins);
        Assert.True(run.GeneratedCodeProblems.Count == 0, run.Describe());
        Assert.Empty(run.UserCodeErrors);
        Assert.Contains(run.GeneratedFiles, f => f.EndsWith("Logging.Demo_Log.g.cs", System.StringComparison.Ordinal));
    }

    [Fact]
    public void Nothing_annotated_at_CSharp_9_generates_nothing_and_reports_nothing()
    {
        var run = RobustRun.Of(Options(LanguageVersion.CSharp9), "namespace Demo { public class C { public int M() => 1; public int Call() => M(); } }");

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.GeneratedFiles);
    }

    [Fact]
    public void InstrumentationEnabled_false_at_CSharp_9_reports_nothing()
    {
        var compilation = GeneratorHarness.Compile().WithOptions(RobustRun.Options)
            .AddSyntaxTrees(CSharpSyntaxTree.ParseText(Operations, Options(LanguageVersion.CSharp9), path: "/src/File0.cs"));
        var run = GeneratorHarness.Run(new OperationGenerator(), compilation, new Dictionary<string, string> { ["InstrumentationEnabled"] = "false" });

        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "INS0015");
        Assert.Empty(run.GeneratedSources);
    }

    [Fact]
    public void Calls_of_a_referenced_library_at_CSharp_10_get_one_INS0015_at_the_first_call()
    {
        var library = CrossProjectHarness.BuildLibrary(CrossProjectHarness.UniqueName("LangLib"), """
            using Instrumentation;
            namespace Lib;
            public class Store { [Operation("lib.put")] public int Put(int x) => x; }
            """);
        const string consumer = """
            namespace App
            {
                public static class Entry
                {
                    public static int Run(Lib.Store store) => store.Put(1) + store.Put(2);
                }
            }
            """;
        var compilation = GeneratorHarness.Compile().WithOptions(RobustRun.Options)
            .AddSyntaxTrees(CSharpSyntaxTree.ParseText(consumer, Options(LanguageVersion.CSharp10), path: "/src/File0.cs"))
            .AddReferences(library.Reference);
        var run = RobustRun.Of(compilation, Options(LanguageVersion.CSharp10));

        var diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "INS0015");
        Assert.Equal("store.Put(1)", Text(diagnostic));
        Assert.Empty(run.GeneratedFiles);
        Assert.Empty(run.UserCodeErrors);
    }

    private static string Text(Diagnostic diagnostic) =>
        diagnostic.Location.SourceTree!.ToString().Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length);
}
