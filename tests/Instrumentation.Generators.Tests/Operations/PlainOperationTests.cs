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

        Assert.Contains("\"jobs.no_calls\", Instruments.M_jobs_no_calls_duration_ms, null, Instruments.M_jobs_no_calls_failures_total);", generated, StringComparison.Ordinal);
        Assert.Contains("\"jobs.skip_root\", Instruments.M_jobs_skip_root_duration_ms, Instruments.M_jobs_skip_root_calls_total, Instruments.M_jobs_skip_root_failures_total, global::Instrumentation.Operations.PlainOperationOptions.SkipUnsampledRoot);", generated, StringComparison.Ordinal);
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

    private static string Generate(string assemblyName) => Run(assemblyName).GeneratedSources[OperationEmitter.HintName];

    private static GeneratorRun Run(string assemblyName)
    {
        var run = GeneratorHarness.Run(new OperationGenerator(), GeneratorHarness.CompileAs(assemblyName, Source));
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Problems);
        return run;
    }
}
