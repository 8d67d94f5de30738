using System.Collections.Generic;
using System.Linq;
using Instrumentation.Generators.Operations;
using Instrumentation.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Instrumentation.Generators.Tests.Operations;

/// <summary>
/// Issue 18 §3: call-site discovery in the IDE. An edit that touches no annotated method and no call of one binds
/// (almost) nothing and leaves every step Cached/Unchanged; an edit elsewhere that changes what a call binds to
/// (an overload, a rename, another receiver type) regenerates exactly what a cold run generates. The bound calls
/// are counted with <see cref="GeneratorWorkProbe"/>, never timed.
/// </summary>
public sealed class CallSiteDiscoveryTests
{
    private static readonly string[] TrackedSteps = { "GenericOperations", "AllOperations", "CallSites", "AllCallSites", "Settings" };

    private const string Service = """
        using Instrumentation;
        namespace Demo;
        public partial class Service
        {
            [Operation("demo.op")] public int Op(object value) => 1;
            [Operation("demo.run")] public int Run(int value) => value;
        }
        public sealed class OtherService
        {
            [Operation("demo.other")] public int Op(object value) => 2;
        }
        """;

    private const string Caller = """
        using System;
        namespace Demo;
        public static class Caller
        {
            public static int Call(Service service)
            {
                var text = string.Concat("a", "b");
                Console.WriteLine(text);
                return Math.Max(service.Op("s"), service.Run(2));
            }
        }
        """;

    private const string Unrelated = """
        using System;
        namespace Demo;
        public static class Unrelated
        {
            public static int Add(int a, int b) => Math.Abs(a) + Math.Min(a, b);
        }
        """;

    [Fact]
    public void A_body_edit_in_a_file_without_calls_of_annotated_methods_binds_nothing_and_stays_cached()
    {
        AssertUnrelatedEdit(Unrelated.Replace("Math.Min(a, b)", "Math.Min(a, b) + 1"), expectedBound: 0, expectedParsed: 0);
    }

    [Fact]
    public void A_comment_binds_nothing_and_stays_cached()
    {
        AssertUnrelatedEdit(Unrelated.Replace("public static int Add", "// adds\n    public static int Add"), expectedBound: 0, expectedParsed: 0);
    }

    [Fact]
    public void A_new_class_rebinds_only_the_calls_whose_name_is_an_annotated_method()
    {
        // A new declaration can change what any call binds to (a better overload, a type that hides another), so
        // the calls that can reach an annotated method (by name: Op, Run) are bound again; the others are not.
        AssertUnrelatedEdit(Unrelated + "\npublic sealed class Added { public int Value { get; set; } }\n", expectedBound: 2, expectedParsed: 3);
    }

    [Fact]
    public void A_call_added_in_another_file_is_intercepted_and_only_that_file_is_bound()
    {
        var (driver, compilation, probe) = Warm();
        using (probe)
        {
            var edited = Replace(compilation, 2, Unrelated.Replace("Math.Min(a, b)", "Math.Min(a, b) + new Service().Run(b)"));
            driver = driver.RunGenerators(edited);

            Assert.Single(probe.Calls);
            Assert.Contains("new Service().Run(b)", probe.Calls[0]);
            AssertSameAsCold(driver, edited);
            Assert.Equal(3, InterceptedCalls(driver));
        }
    }

    [Fact]
    public void A_better_overload_declared_in_another_file_takes_the_call_away_from_the_annotated_method()
    {
        var (driver, compilation, _) = Warm();
        Assert.Equal(2, InterceptedCalls(driver));

        // service.Op("s") now binds to the unannotated Op(string): intercepting it as Op(object) would not compile.
        var edited = Replace(compilation, 2, Unrelated + "\npublic partial class Service { public int Op(string value) => 3; }\n");
        driver = driver.RunGenerators(edited);

        AssertSameAsCold(driver, edited);
        Assert.Equal(1, InterceptedCalls(driver));
    }

    [Fact]
    public void An_annotated_overload_added_in_another_file_gets_the_call()
    {
        var (driver, compilation, _) = Warm();

        var edited = Replace(compilation, 2, Unrelated + "\npublic partial class Service { [Instrumentation.Operation(\"demo.op.text\")] public int Op(string value) => 3; }\n");
        driver = driver.RunGenerators(edited);

        AssertSameAsCold(driver, edited);
        Assert.Contains("demo.op.text", Generated(driver));
        Assert.Equal(2, InterceptedCalls(driver));
    }

    [Fact]
    public void Renaming_an_annotated_method_drops_its_call_and_renaming_the_call_brings_it_back()
    {
        var (driver, compilation, _) = Warm();

        var renamed = Replace(compilation, 0, Service.Replace("public int Run(int value)", "public int Execute(int value)"));
        driver = driver.RunGenerators(renamed);
        AssertSameAsCold(driver, renamed);
        Assert.Equal(1, InterceptedCalls(driver));

        var called = Replace(renamed, 1, Caller.Replace("service.Run(2)", "service.Execute(2)"));
        driver = driver.RunGenerators(called);
        AssertSameAsCold(driver, called);
        Assert.Equal(2, InterceptedCalls(driver));
    }

    [Fact]
    public void A_receiver_whose_type_changes_in_another_file_is_bound_again()
    {
        const string Factory = "namespace Demo; public static class Factory { public static Service Make() => new Service(); }";
        const string Using = "namespace Demo; public static class User { public static int Use() => Factory.Make().Op(1); }";
        var compilation = GeneratorHarness.Compile(Service, Using, Factory);
        var driver = GeneratorHarness.CreateDriver(new OperationGenerator()).RunGenerators(compilation);
        Assert.Contains("demo.op", Generated(driver));

        var edited = Replace(compilation, 2, Factory.Replace("Service Make() => new Service()", "OtherService Make() => new OtherService()"));
        driver = driver.RunGenerators(edited);

        AssertSameAsCold(driver, edited);
    }

    [Fact]
    public void Calls_through_using_static_aliases_extension_methods_and_conditional_access_are_found_after_an_edit()
    {
        const string Shapes = """
            using Instrumentation;
            namespace Demo.Shapes;
            public static class Tools
            {
                [Operation("shapes.twice")] public static int Twice(int x) => x * 2;
                [Operation("shapes.ext")] public static int Ext(this string s) => s.Length;
                [Operation("shapes.generic")] public static T Echo<T>(T value) => value;
            }
            public sealed class Holder
            {
                [Operation("shapes.get")] public int Get() => 1;
            }
            """;
        const string Calls = """
            using static Demo.Shapes.Tools;
            using T = Demo.Shapes.Tools;
            namespace Demo.Shapes;
            public static class Calls
            {
                public static int All(Holder? holder) => Twice(1) + T.Twice(2) + "abc".Ext() + Echo<int>(3) + (holder?.Get() ?? 0);
            }
            """;
        var compilation = GeneratorHarness.Compile(Shapes, Calls, Unrelated);
        var driver = GeneratorHarness.CreateDriver(new OperationGenerator()).RunGenerators(compilation);
        Assert.Equal(5, InterceptedCalls(driver));

        // A declaration edit elsewhere rebinds these calls by name: every shape must still be found.
        var edited = Replace(compilation, 2, Unrelated + "\npublic sealed class Added { }\n");
        driver = driver.RunGenerators(edited);
        AssertSameAsCold(driver, edited);
        Assert.Equal(5, InterceptedCalls(driver));
    }

    [Fact]
    public void One_generator_instance_shared_by_two_projects_with_the_same_file_keeps_their_call_sites_apart()
    {
        // The IDE loads one generator for every project and may share a linked file's tree between projects; each
        // driver's Initialize makes its own CallSiteBinder, so nothing bound for one project is seen by the other.
        var caller = CSharpSyntaxTree.ParseText(Caller, GeneratorHarness.ParseOptions, "/src/Shared/Caller.cs");
        var annotated = GeneratorHarness.Compile(Service).AddSyntaxTrees(caller);
        // In the other project service.Op("s") binds to an unannotated Op(string): its call site there is not one here.
        var plain = GeneratorHarness.CompileAs("OtherAssembly", Service + "\npublic partial class Service { public int Op(string value) => 3; }\n").AddSyntaxTrees(caller);
        var shared = new OperationGenerator();

        var first = GeneratorHarness.CreateDriver(shared).RunGenerators(annotated);
        var second = GeneratorHarness.CreateDriver(shared).RunGenerators(plain);
        // A body edit: the shared tree's result under this project's declarations is still right, the other project's is not.
        var firstAgain = first.RunGenerators(Replace(annotated, 0, Service.Replace("=> 1;", "=> 5;")));

        Assert.Equal(2, InterceptedCalls(first));
        Assert.Equal(1, InterceptedCalls(second));
        Assert.Equal(2, InterceptedCalls(firstAgain));
    }

    [Fact]
    public void An_unrelated_edit_in_a_project_that_calls_a_referenced_operation_binds_nothing()
    {
        const string Library = """
            using Instrumentation;
            namespace Lib;
            public static class Jobs
            {
                [Operation("job.run")] public static int Execute(int x) => x * 2;
            }
            """;
        var library = Instrumentation.Generators.Tests.CrossProject.CrossProjectHarness.BuildLibrary(
            Instrumentation.Generators.Tests.CrossProject.CrossProjectHarness.UniqueName("DiscoveryLib"), Library);
        const string Calling = "namespace App; public static class Calls { public static int Call() => Lib.Jobs.Execute(1) + System.Math.Abs(-1); }";
        var compilation = GeneratorHarness.CompileAs("App", Calling, Unrelated).AddReferences(library.Reference);
        using var probe = GeneratorWorkProbe.Start();
        var driver = GeneratorHarness.CreateDriver(new OperationGenerator()).RunGenerators(compilation);
        Assert.Single(probe.Calls);
        Assert.Contains("Lib.Jobs.Execute(1)", probe.Calls[0]);
        probe.Clear();

        driver = driver.RunGenerators(Replace(compilation, 1, Unrelated.Replace("Math.Min(a, b)", "Math.Min(a, b) + 1")));
        Assert.Empty(probe.Calls);

        var called = Replace(compilation, 1, Unrelated.Replace("Math.Min(a, b)", "Lib.Jobs.Execute(b)"));
        driver = driver.RunGenerators(called);
        Assert.Single(probe.Calls);
        AssertSameAsCold(driver, called);
        Assert.Equal(2, InterceptedCalls(driver));
    }

    [Fact]
    public void Invocations_of_delegate_values_are_never_bound()
    {
        // Make()(1) and handlers[0](2) have no name: they invoke a delegate, never a method directly (C# calls a method
        // only through its name). Binding them cost Newtonsoft.Json's un-annotated build ~0.3 s of whole-method binding.
        const string Delegates = """
            using System;
            namespace Demo;
            public static class Delegates
            {
                private static Func<int, int> Make() => x => x;
                public static int Call(Service service, Func<int, int>[] handlers) => Make()(1) + handlers[0](2) + service.Run(3);
            }
            """;
        var (driver, bound) = RunOnce(Service, Delegates);

        Assert.Single(bound);
        Assert.Contains("service.Run(3)", bound[0]);
        Assert.Equal(1, InterceptedCalls(driver));
    }

    [Fact]
    public void A_project_with_nothing_annotated_binds_nothing_and_generates_nothing()
    {
        const string Plain = """
            using System;
            namespace Demo;
            public static class Plain
            {
                private static Func<int, int> Make() => x => x;
                public static int Call(Func<int, int>[] handlers) => Make()(1) + handlers[0](2) + Math.Abs(-3);
            }
            """;
        var (driver, bound) = RunOnce(Plain);

        Assert.Empty(bound);
        Assert.Empty(Generated(driver));
    }

    private static void AssertUnrelatedEdit(string unrelatedAfterEdit, int expectedBound, int expectedParsed)
    {
        var (driver, compilation, probe) = Warm();
        using (probe)
        {
            var edited = Replace(compilation, 2, unrelatedAfterEdit);
            driver = driver.RunGenerators(edited);

            var result = driver.GetRunResult().Results.Single();
            foreach (var step in TrackedSteps)
            {
                Assert.True(result.TrackedSteps.ContainsKey(step), "step " + step + " is tracked");
                Assert.All(result.TrackedSteps[step].SelectMany(r => r.Outputs), output =>
                    Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, step + " was " + output.Reason));
            }

            Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(r => r.Outputs), output =>
                Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
            Assert.True(probe.Calls.Count == expectedBound, "bound " + probe.Calls.Count + " calls, expected " + expectedBound + ":\n" + string.Join("\n", probe.Calls));
            Assert.All(probe.Calls, call => Assert.Matches(@"\.(Op|Run)\(", call));
            Assert.True(probe.Declarations.Count == expectedParsed, "parsed " + probe.Declarations.Count + " declarations, expected " + expectedParsed + ":\n" + string.Join("\n", probe.Declarations));
            AssertSameAsCold(driver, edited);
        }
    }

    /// <summary>One cold run of the operation generator over <paramref name="sources"/>, and the calls it bound.</summary>
    private static (GeneratorDriver Driver, IReadOnlyList<string> Bound) RunOnce(params string[] sources)
    {
        var compilation = GeneratorHarness.Compile(sources);
        using var probe = GeneratorWorkProbe.Start();
        var driver = GeneratorHarness.CreateDriver(new OperationGenerator()).RunGenerators(compilation);
        return (driver, probe.Calls);
    }

    /// <summary>A driver that ran over Service/Caller/Unrelated, and a probe that starts counting after that run.</summary>
    private static (GeneratorDriver Driver, CSharpCompilation Compilation, GeneratorWorkProbe.Recorder Probe) Warm()
    {
        var compilation = GeneratorHarness.Compile(Service, Caller, Unrelated);
        var probe = GeneratorWorkProbe.Start();
        var driver = GeneratorHarness.CreateDriver(new OperationGenerator()).RunGenerators(compilation);
        Assert.NotEmpty(probe.Calls);
        probe.Clear();
        return (driver, compilation, probe);
    }

    /// <summary>The warm driver's output (sources and diagnostics) equals a new driver's over the same compilation.</summary>
    private static void AssertSameAsCold(GeneratorDriver warm, CSharpCompilation compilation) =>
        ColdRun.AssertSame(warm, GeneratorHarness.CreateDriver(new OperationGenerator()), compilation);

    private static string Generated(GeneratorDriver driver) =>
        string.Concat(driver.GetRunResult().Results.SelectMany(r => r.GeneratedSources).Select(s => s.SourceText.ToString()));

    private static int InterceptedCalls(GeneratorDriver driver) =>
        System.Text.RegularExpressions.Regex.Matches(Generated(driver), @"\[global::System\.Runtime\.CompilerServices\.InterceptsLocation\(|\[InterceptsLocation\(|\[__InterceptsLocation\(").Count;

    private static CSharpCompilation Replace(CSharpCompilation compilation, int index, string source)
    {
        var old = compilation.SyntaxTrees[index];
        return compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions, old.FilePath));
    }
}
