using System.Collections.Generic;
using System.Linq;
using Instrumentation.Generators.Operations;
using Instrumentation.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Instrumentation.Generators.Tests.Robustness;

/// <summary>INS0011–INS0014 and the cases that must compile cleanly: exact id, location and outcome.</summary>
public sealed class RobustnessDiagnosticTests
{
    private const string Header = "using System; using System.Linq; using System.Linq.Expressions; using System.Threading.Tasks; using Instrumentation;\n";

    private static string At(Diagnostic diagnostic, string source) =>
        source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length);

    [Fact]
    public void INS0011_a_call_inside_an_expression_tree_is_reported_there_and_left_unchanged()
    {
        const string source = Header + """
            public class C { [Operation("c.m")] public int M(int x) => x; }
            public static class U
            {
                public static Expression<Func<C, int>> Tree() => c => c.M(1);
                public static int Run(C c) => c.M(2);
            }
            """;
        var run = RobustRun.Of(source);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "INS0011");
        Assert.Equal("c.M(1)", At(diagnostic, source));
        Assert.Equal(DiagnosticSeverity.Info, diagnostic.Severity);
        Assert.Equal(new[] { "M" }, run.InterceptedCalls);
        Assert.Empty(run.GeneratedCodeProblems);
    }

    [Fact]
    public void INS0012_a_base_call_is_reported_and_the_outer_call_is_intercepted()
    {
        const string source = Header + """
            public class A { [Operation("a.v")] public virtual int V() => 1; }
            public class B : A { public override int V() => base.V() + 1; }
            public static class U { public static int Run(A a) => a.V(); }
            """;
        var run = RobustRun.Of(source);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "INS0012");
        Assert.Equal("base.V()", At(diagnostic, source));
        Assert.Equal(new[] { "V" }, run.InterceptedCalls);
    }

    [Fact]
    public void INS0013_an_attribute_only_on_an_override_is_reported_on_the_attribute()
    {
        const string source = Header + """
            public abstract class Job { public abstract int Run(); }
            public sealed class Nightly : Job { [Operation("job.run")] public override int Run() => 1; }
            public static class U { public static int Call(Job j, Nightly n) => j.Run() + n.Run(); }
            """;
        var run = RobustRun.Of(source);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "INS0013");
        Assert.Equal("Operation(\"job.run\")", At(diagnostic, source));
        Assert.Contains("Job.Run()", diagnostic.GetMessage(), System.StringComparison.Ordinal);
        Assert.Equal(new[] { "Run" }, run.InterceptedCalls);
    }

    [Fact]
    public void INS0013_is_not_reported_when_the_base_declaration_is_annotated()
    {
        const string source = Header + """
            public abstract class Job { [Operation("job.run")] public abstract int Run(); }
            public sealed class Nightly : Job { [Operation("job.nightly")] public override int Run() => 1; }
            """;
        Assert.DoesNotContain(RobustRun.Of(source).GeneratorDiagnostics, d => d.Id == "INS0013");
    }

    [Fact]
    public void INS0014_two_operation_attributes_are_one_error_at_the_method_and_nothing_is_generated_for_it()
    {
        const string source = Header + """
            public class C
            {
                [Operation("c.m")][Ingest("c.i")] public void Both(TenantContext t) { }
                public void Call() => Both(new TenantContext("o", "p"));
            }
            """;
        var run = RobustRun.Of(source);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "INS0014");
        Assert.Equal("Both", At(diagnostic, source));
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Contains("[Operation] and [Ingest]", diagnostic.GetMessage(), System.StringComparison.Ordinal);
        Assert.Empty(run.InterceptedCalls);
        Assert.Empty(run.GeneratedCodeProblems);
    }

    [Fact]
    public void Nothing_annotated_generates_no_file()
    {
        var run = RobustRun.Of(Header + "public class C { public int M() => 1; public int Call() => M(); }");
        Assert.Empty(run.GeneratedFiles);
    }

    [Fact]
    public void Without_our_interceptors_namespace_nothing_is_emitted_so_no_CS9137()
    {
        const string source = Header + "public class C { [Operation(\"c.m\")] public int M() => 1; public int Call() => M(); }";
        var options = new CSharpParseOptions(LanguageVersion.Preview)
            .WithFeatures(new[] { new KeyValuePair<string, string>("InterceptorsNamespaces", "Someone.Else") });
        var compilation = GeneratorHarness.Compile(source).WithOptions(RobustRun.Options);
        compilation = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees[0], CSharpSyntaxTree.ParseText(source, options, path: "/src/File0.cs"));
        var driver = CSharpGeneratorDriver.Create(new[] { new OperationGenerator().AsSourceGenerator() }, parseOptions: options);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);

        Assert.DoesNotContain(output.GetDiagnostics(), d => d.Id == "CS9137");
        Assert.Equal(compilation.SyntaxTrees.Count(), output.SyntaxTrees.Count());
    }

    [Fact]
    public void Void_operation_with_a_funnel_event_returns_from_the_unobserved_path_instead_of_calling_twice()
    {
        const string source = Header + """
            public class C
            {
                public int Calls;
                [Operation("c.m")][FunnelEvent("Evt")] public void M() => Calls++;
                public void Call() => M();
            }
            """;
        var run = RobustRun.Of(source);
        Assert.Empty(run.GeneratedCodeProblems);
        var generated = run.Output.SyntaxTrees.Last().ToString();
        var unobserved = generated.Substring(generated.IndexOf("if (!PlainOperations.Operation0.IsLive)", System.StringComparison.Ordinal));
        unobserved = unobserved.Substring(0, unobserved.IndexOf(" __state = ", System.StringComparison.Ordinal));
        Assert.Equal(2, unobserved.Split("@this.M()").Length - 1);
        Assert.Contains("return;", unobserved.Substring(unobserved.LastIndexOf("@this.M()", System.StringComparison.Ordinal)), System.StringComparison.Ordinal);
    }

    [Fact]
    public void Nullability_attributes_are_repeated_on_the_interceptor()
    {
        const string source = Header + """
            using System.Diagnostics.CodeAnalysis;
            public class C
            {
                [Operation("c.try")] public bool TryGet(string key, [NotNullWhen(true)] out string? value) { value = key; return true; }
                [Operation("c.echo")] [return: NotNullIfNotNull(nameof(@this))] public string? Echo(string? @this) => @this;
                public string Call() { if (TryGet("k", out var v)) { return v + Echo("x").Length; } return ""; }
            }
            """;
        var run = RobustRun.Of(source);

        Assert.True(run.GeneratedCodeProblems.Count == 0, run.Describe());
        Assert.Equal(new[] { "TryGet", "Echo" }, run.InterceptedCalls);
        var generated = run.Output.SyntaxTrees.Last().ToString();
        Assert.Contains("[global::System.Diagnostics.CodeAnalysis.NotNullWhenAttribute(true)] out string? @value", generated, System.StringComparison.Ordinal);
        // The parameter named 'this' is renamed in the interceptor, and the attribute follows it.
        Assert.Contains("[return: global::System.Diagnostics.CodeAnalysis.NotNullIfNotNullAttribute(\"__arg0\")]", generated, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Descriptors_of_the_new_ids_link_to_their_pages()
    {
        foreach (var descriptor in RobustnessDiagnostics.All.Append(Instrumentation.Generators.Common.InternalDiagnostics.InternalError))
        {
            Assert.EndsWith("/docs/diagnostics/" + descriptor.Id + ".md", descriptor.HelpLinkUri, System.StringComparison.Ordinal);
            var page = System.IO.Path.Combine(SnapshotRoot(), "..", "..", "docs", "diagnostics", descriptor.Id + ".md");
            Assert.True(System.IO.File.Exists(page), page);
        }
    }

    private static string SnapshotRoot() =>
        typeof(RobustnessDiagnosticTests).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>()
            .Single(a => a.Key == "SnapshotProjectDirectory").Value!;
}
