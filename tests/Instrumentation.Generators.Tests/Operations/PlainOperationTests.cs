using System;
using System.Diagnostics;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using Instrumentation.Generators.Operations;
using Instrumentation.Generators.Tests.CrossProject;
using Instrumentation.Generators.Tests.Infrastructure;
using Xunit;

namespace Instrumentation.Generators.Tests.Operations;

/// <summary>
/// Issue 18 §7: an operation with no labels and no captured argument is a field holding the runtime's
/// <c>PlainOperation</c> instead of a generated class. Which operations take that shape, and that the shared code
/// records what the generated class did (every generator test that runs generated code covers the rest).
/// </summary>
public sealed class PlainOperationTests
{
    private const string Source = """
        using System;
        using System.Threading.Tasks;
        using Instrumentation;
        namespace Plain;
        public sealed class Jobs
        {
            public int Count;
            [Operation("jobs.run")] public int Run(int value) => value + 1;
            [Operation("jobs.fail")] public void Fail() => throw new InvalidOperationException("boom");
            [Operation("jobs.no_calls", CallsMetric = "")] public int NoCalls() => 7;
            [Operation("jobs.later")] public async Task<int> LaterAsync() { await Task.Yield(); return 5; }
            [Operation("jobs.skip_root", SkipUnsampledRoot = true)] public void SkipRoot() => Count++;
            [Operation("jobs.labelled", FailureReasons = new[] { "timeout" })] public void Labelled() => Count++;
            [Operation("jobs.attribute")] public void Attribute([SpanAttribute("job.name")] string name) => Count += name.Length;
            [Operation("jobs.tenant")] public void ForTenant(TenantContext tenant) => Count++;
            [Flow("jobs.flow")] public void Flow(TenantContext tenant) => Count++;
            public void CallAll()
            {
                Run(1); NoCalls(); SkipRoot(); Labelled(); Attribute("x");
                ForTenant(new TenantContext("org-1", "project-1")); Flow(new TenantContext("org-1", "project-1"));
                try { Fail(); } catch (InvalidOperationException) { }
            }
            public Task<int> CallLater() => LaterAsync();
            public void CallSkipRootThenRun() { SkipRoot(); Run(1); }
        }
        """;

    [Theory]
    [InlineData("jobs.run", true)]
    [InlineData("jobs.fail", true)]
    [InlineData("jobs.no_calls", true)]
    [InlineData("jobs.later", true)]
    [InlineData("jobs.skip_root", true)]
    [InlineData("jobs.tenant", true)] // the tenant ids are part of the shared state
    [InlineData("jobs.labelled", false)] // the failures counter carries a reason label
    [InlineData("jobs.attribute", false)] // keeps an argument for its span
    [InlineData("jobs.flow", false)] // a flow also counts executions in progress
    public void Only_operations_without_labels_or_captured_arguments_take_the_shared_shape(string spanName, bool plain)
    {
        var generated = Generate("PlainShapes");

        var literal = "\"" + spanName + "\"";
        var asField = generated.Split('\n').Any(line => line.Contains("PlainOperation Operation", StringComparison.Ordinal) && line.Contains(literal, StringComparison.Ordinal));
        var asClass = generated.Contains("public const string SpanName = " + literal + ";", StringComparison.Ordinal);
        Assert.Equal(plain, asField);
        Assert.Equal(!plain, asClass);
    }

    [Fact]
    public void A_turned_off_instrument_and_the_attribute_switches_reach_the_shared_operation()
    {
        var generated = Generate("PlainArguments");

        // A turned-off (or renamed) instrument: the three names written out.
        Assert.Contains("\"jobs.no_calls\", \"jobs_no_calls_duration_ms\", null, \"jobs_no_calls_failures_total\");", generated, StringComparison.Ordinal);
        // Default names: only their stem (the runtime appends _duration_ms, _calls_total, _failures_total).
        Assert.Contains("\"jobs.run\", \"jobs_run\");", generated, StringComparison.Ordinal);
        Assert.Contains("\"jobs.skip_root\", \"jobs_skip_root\", global::Instrumentation.Operations.PlainOperationOptions.SkipUnsampledRoot);", generated, StringComparison.Ordinal);
        Assert.DoesNotContain("\"jobs_run_calls_total\"", generated, StringComparison.Ordinal);
        // Their instruments get no generated field: the runtime object creates them by name.
        Assert.DoesNotContain("M_jobs_run_calls_total", generated, StringComparison.Ordinal);
        Assert.Contains("M_jobs_attribute_calls_total", generated, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shared_operations_record_spans_metrics_and_failures_like_generated_classes()
    {
        const string assemblyName = "PlainRecording";
        var run = Run(assemblyName);
        using var recorder = new TelemetryRecorder("Instrumentation.Generated." + assemblyName);
        var jobs = Activator.CreateInstance(run.Load().GetType("Plain.Jobs")!)!;

        jobs.GetType().GetMethod("CallAll")!.Invoke(jobs, null);
        Assert.Null(Activity.Current);
        using (var caller = new Activity("caller").Start())
        {
            var pending = (Task<int>)jobs.GetType().GetMethod("CallLater")!.Invoke(jobs, null)!;
            Assert.Same(caller, Activity.Current); // the caller got its own context back while the call runs on
            Assert.Equal(5, await pending);
            Assert.Equal(caller.SpanId, Assert.Single(recorder.Spans, s => s.OperationName == "jobs.later").ParentSpanId);
        }

        Assert.Single(recorder.Spans, s => s.OperationName == "jobs.run" && s.Status == ActivityStatusCode.Unset);
        var failed = Assert.Single(recorder.Spans, s => s.OperationName == "jobs.fail");
        Assert.Equal(ActivityStatusCode.Error, failed.Status);
        Assert.Equal(new[] { 1.0 }, recorder.ValuesOf("jobs_fail_failures_total"));
        Assert.Equal(new[] { 1.0 }, recorder.ValuesOf("jobs_fail_calls_total"));
        Assert.Empty(recorder.ValuesOf("jobs_run_failures_total"));
        Assert.Single(recorder.ValuesOf("jobs_run_duration_ms"));
        Assert.Single(recorder.ValuesOf("jobs_no_calls_duration_ms"));
        Assert.Empty(recorder.ValuesOf("jobs_no_calls_calls_total"));
        var tenant = Assert.Single(recorder.Spans, s => s.OperationName == "jobs.tenant");
        Assert.Equal("org-1", tenant.GetTagItem("org_id"));
        Assert.Equal("project-1", tenant.GetTagItem("project_id"));
        Assert.Equal(new[] { 1.0 }, recorder.ValuesOf("jobs_later_calls_total"));
    }

    [Fact]
    public void SkipUnsampledRoot_on_a_shared_operation_starts_no_propagation_only_root()
    {
        const string assemblyName = "PlainSkipping";
        var run = Run(assemblyName);
        var started = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Instrumentation.Generated." + assemblyName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.PropagationData,
            ActivityStarted = activity => started.Enqueue(activity.OperationName),
        };
        ActivitySource.AddActivityListener(listener);
        var jobs = Activator.CreateInstance(run.Load().GetType("Plain.Jobs")!)!;

        // The SDK's own root sampler says no (no generator test but this one runs an operation that skips roots).
        var ratio = Instrumentation.Operations.OperationSettings.RootSamplingRatio;
        Instrumentation.Operations.OperationSettings.RootSamplingRatio = 0;
        try
        {
            jobs.GetType().GetMethod("CallSkipRootThenRun")!.Invoke(jobs, null);
        }
        finally
        {
            Instrumentation.Operations.OperationSettings.RootSamplingRatio = ratio;
        }


        Assert.Equal(new[] { "jobs.run" }, started);
        Assert.Equal(1, (int)jobs.GetType().GetField("Count")!.GetValue(jobs)!);
    }

    [Fact]
    public void The_metric_catalog_lists_every_plain_instrument_called_or_not_and_each_name_once()
    {
        const string source = """
            using Instrumentation;
            namespace Plain;
            public sealed class Mixed
            {
                [Operation("mixed.plain", CallsMetric = "mixed_calls_total")] public void Plain() { }
                [Operation("mixed.attribute", CallsMetric = "mixed_calls_total")] public void WithAttribute([SpanAttribute("mixed.name")] string name) { }
                [Operation("mixed.never_called")] public void NeverCalled() { }
                public void CallBoth() { Plain(); WithAttribute("x"); }
            }
            """;
        const string assemblyName = "PlainCatalog";
        var run = GeneratorHarness.Run(new OperationGenerator(), GeneratorHarness.CompileAs(assemblyName, source));
        Assert.Empty(run.Problems);
        using var recorder = new TelemetryRecorder("Instrumentation.Generated." + assemblyName);
        var assembly = run.Load();
        var mixed = Activator.CreateInstance(assembly.GetType("Plain.Mixed")!)!;
        mixed.GetType().GetMethod("CallBoth")!.Invoke(mixed, null);

        // One series: the plain operation's object and the other operation's generated field are one instrument.
        Assert.Equal(2, recorder.ValuesOf("mixed_calls_total").Count);
        Assert.Equal(1, recorder.RecordingInstrumentsOf("mixed_calls_total"));

        var declarations = assembly.GetTypes().Single(t => t.Name.EndsWith("MetricDeclarations", StringComparison.Ordinal));
        var described = (Instrumentation.Observability.MetricDescriptor[])declarations.GetMethod("Describe", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, null)!;
        var all = (System.Diagnostics.Metrics.Instrument[])declarations.GetMethod("All", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, null)!;
        var expected = new[]
        {
            "mixed_attribute_duration_ms", "mixed_attribute_failures_total", "mixed_calls_total",
            "mixed_never_called_calls_total", "mixed_never_called_duration_ms", "mixed_never_called_failures_total",
            "mixed_plain_duration_ms", "mixed_plain_failures_total",
        };
        Assert.Equal(expected, described.Select(d => d.Name));
        Assert.Equal(expected, all.Select(i => i.Name));
        var duration = described.Single(d => d.Name == "mixed_never_called_duration_ms");
        Assert.Equal(("Instrumentation.Generated." + assemblyName, Instrumentation.Observability.MetricInstrumentKind.Histogram, "ms", "Duration of the operation"), (duration.MeterName, duration.Kind, duration.Unit, duration.Description));
        var failures = described.Single(d => d.Name == "mixed_plain_failures_total");
        Assert.Equal((Instrumentation.Observability.MetricInstrumentKind.Counter, "{failure}", "Failed calls of the operation"), (failures.Kind, failures.Unit, failures.Description));
        Assert.All(all, instrument => Assert.Equal("Instrumentation.Generated." + assemblyName, instrument.Meter.Name));
    }

    private static string Generate(string assemblyName) => Run(assemblyName).GeneratedSources[OperationEmitter.HintName];

    private static GeneratorRun Run(string assemblyName)
    {
        var run = GeneratorHarness.Run(new OperationGenerator(), GeneratorHarness.CompileAs(assemblyName, Source));
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Problems);
        return run;
    }
}
