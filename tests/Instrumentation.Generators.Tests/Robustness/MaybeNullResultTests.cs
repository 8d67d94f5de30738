using System;
using System.Linq;
using Instrumentation.Generators.Operations;
using Instrumentation.Generators.Tests.CrossProject;
using Instrumentation.Generators.Tests.Infrastructure;
using Xunit;

namespace Instrumentation.Generators.Tests.Robustness;

/// <summary>
/// Results under <c>[return: MaybeNull]</c> (YamlDotNet's <c>GetAttribute&lt;T&gt;()</c>, found by the real-world sweep of
/// 2026-12-05): the instrumented path compiles warning-free and hands back the null the method returns — also a null
/// <c>Task</c>, which the live path once dereferenced (a <see cref="NullReferenceException"/> the plain call does not throw).
/// </summary>
public sealed class MaybeNullResultTests
{
    private const string Source = """
        using System.Diagnostics.CodeAnalysis;
        using System.Threading.Tasks;
        using Instrumentation;
        namespace MaybeNullResults;

        public class Lookup
        {
            [Operation("lookup.find")] [return: MaybeNull] public T Find<T>(bool found) where T : class, new() => found ? new T() : default;
            [Operation("lookup.load")] [return: MaybeNull] public Task<string> Load(bool found) => found ? Task.FromResult("x") : null;
            [Operation("lookup.start")] [return: MaybeNull] public Task Start(bool found) => found ? Task.CompletedTask : null;
        }

        public static class Program
        {
            public static string Run()
            {
                var lookup = new Lookup();
                var found = lookup.Find<object>(true) is not null;
                var missing = lookup.Find<object>(false) is null;
                var loaded = lookup.Load(true)?.Result;
                var notLoaded = lookup.Load(false) is null;
                var started = lookup.Start(true) is not null;
                var notStarted = lookup.Start(false) is null;
                return $"{found} {missing} {loaded} {notLoaded} {started} {notStarted}";
            }
        }
        """;

    [Fact]
    public void A_null_result_or_task_is_handed_back_as_without_the_SDK_and_each_call_records_a_span()
    {
        var assemblyName = CrossProjectHarness.UniqueName("MaybeNullResults");
        var plain = GeneratorHarness.CompileAs(assemblyName + "Plain", Source);
        var run = GeneratorHarness.Run(new OperationGenerator(), GeneratorHarness.CompileAs(assemblyName, Source));
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Problems);

        var expected = Invoke(GeneratorHarness.Load(plain));
        Assert.Equal("True True x True True True", expected);

        using var recorder = new TelemetryRecorder("Instrumentation.Generated." + assemblyName);
        Assert.Equal(expected, Invoke(run.Load()));
        Assert.Equal(
            new[] { "lookup.find 2", "lookup.load 2", "lookup.start 2" },
            recorder.Spans.GroupBy(s => s.OperationName).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key + " " + g.Count()));
    }

    private static string Invoke(System.Reflection.Assembly assembly) =>
        (string)assembly.GetType("MaybeNullResults.Program")!.GetMethod("Run")!.Invoke(null, null)!;
}
