using System;
using System.Linq;
using Instrumentation.Generators.Operations;
using Instrumentation.Generators.Tests.CrossProject;
using Instrumentation.Generators.Tests.Infrastructure;
using Xunit;

namespace Instrumentation.Generators.Tests.Robustness;

/// <summary>
/// A stranger's hostile names: an interceptor copies the annotated method's parameter and type parameter names, and its
/// body named the generated classes by their simple names, which those names hide — a parameter named
/// <c>PlainOperations</c> or <c>Operation0</c> (CS1061 in the generated file), a class's type parameter named
/// <c>PlainOperations</c> (CS0704). Without the SDK these compile; with it the build broke. Every generated name an
/// interceptor's body uses is now qualified from <c>global::</c>; the calls run as without the SDK and are recorded, in the
/// declaring project and in one that references it.
/// </summary>
public sealed class GeneratedNameShadowingTests
{
    private const string Library = """
        using Instrumentation;
        namespace Shadowing;

        public static class Ops
        {
            [Operation("shadow.plain")] public static int Plain(int PlainOperations) => PlainOperations + 1;
            [Operation("shadow.many")] public static int Many(int Operation0, int Operation1, int Interceptors, int Intercept0_Live, int Intercept1_Live) => Operation0 + Operation1 + Interceptors + Intercept0_Live + Intercept1_Live;
            [Flow("shadow.flow")] public static int Flow(int Operation0, [OrgId] string org, [ProjectId] string project) => Operation0 * 2;
            [Operation("shadow.generic")] public static T Echo<PlainOperations, T>(T value) => value;
            [Operation("shadow.async")] public static async System.Threading.Tasks.Task<int> LaterAsync(int Operation2) { await System.Threading.Tasks.Task.Yield(); return Operation2; }
        }

        public class Box<PlainOperations>
        {
            [Operation("shadow.box")] public int M(PlainOperations value) => value is null ? 0 : 1;
        }
        """;

    private const string Calls = """
        public static string Run()
        {
            var plain = Shadowing.Ops.Plain(1);
            var many = Shadowing.Ops.Many(1, 2, 3, 4, 5);
            var flow = Shadowing.Ops.Flow(21, "org-1", "project-1");
            var echo = Shadowing.Ops.Echo<int, string>("e");
            var later = Shadowing.Ops.LaterAsync(7).GetAwaiter().GetResult();
            var box = new Shadowing.Box<string>().M("v");
            return $"{plain} {many} {flow} {echo} {later} {box}";
        }
        """;

    private const string Expected = "2 15 42 e 7 1";

    private static readonly string[] Spans = { "shadow.async", "shadow.box", "shadow.flow", "shadow.generic", "shadow.many", "shadow.plain" };

    [Fact]
    public void Parameters_and_type_parameters_named_like_generated_classes_compile_run_and_are_recorded()
    {
        var source = Library + "\npublic static class Program\n{\n" + Calls + "\n}\n";
        var assemblyName = CrossProjectHarness.UniqueName("Shadowing");
        var plain = GeneratorHarness.CompileAs(assemblyName + "Plain", source);
        var run = GeneratorHarness.Run(new OperationGenerator(), GeneratorHarness.CompileAs(assemblyName, source));
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Problems);

        var expected = Invoke(GeneratorHarness.Load(plain), "Shadowing.Program");
        Assert.Equal(Expected, expected);

        using var recorder = new TelemetryRecorder("Instrumentation.Generated." + assemblyName);
        Assert.Equal(expected, Invoke(run.Load(), "Shadowing.Program"));
        Assert.Equal(Spans, recorder.Spans.Select(s => s.OperationName).Distinct().OrderBy(n => n, StringComparer.Ordinal));
    }

    [Fact]
    public void The_same_names_compile_and_are_intercepted_in_a_referencing_project()
    {
        var library = CrossProjectHarness.BuildLibrary(CrossProjectHarness.UniqueName("ShadowingLib"), Library);
        var consumer = "namespace App;\npublic static class Entry\n{\n" + Calls + "\n}\n";
        var run = CrossProjectHarness.BuildConsumer(CrossProjectHarness.UniqueName("ShadowingApp"), consumer, library);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Problems);
        Assert.Equal(6, CrossProjectHarness.Interceptors(run).Count);
        Assert.Equal(Expected, Invoke(CrossProjectHarness.Load(run, library), "App.Entry"));
    }

    private static string Invoke(System.Reflection.Assembly assembly, string type) =>
        (string)assembly.GetType(type)!.GetMethod("Run")!.Invoke(null, null)!;
}
