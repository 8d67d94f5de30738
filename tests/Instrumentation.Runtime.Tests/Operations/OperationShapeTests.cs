using System;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Instrumentation.Runtime.Tests.Operations.Shapes;
using Instrumentation.Testing;
using Xunit;

namespace Instrumentation.Runtime.Tests.Operations;

/// <summary>Each method shape of SPEC §2.1, compiled through the real generator, called and observed.</summary>
public sealed class OperationShapeTests
{
    [Fact]
    public void Global_namespace_static_method()
    {
        using var capture = TelemetryCapture.Start();
        Assert.Equal(3, GlobalNamespaceJobs.Run(2));
        Assert.Single(capture.SpansNamed("shape.global"));
    }

    [Fact]
    public void Call_through_the_interface_and_on_the_concrete_class_are_both_instrumented()
    {
        using var capture = TelemetryCapture.Start();
        var sink = new ReadingSink();
        IReadingSink viaInterface = sink;

        Assert.Equal(4, viaInterface.Write("t", 2));
        Assert.Equal(6, sink.Write("t", 3));

        Assert.Equal(2, sink.Writes);
        Assert.Equal(2, capture.SpansNamed("shape.interface").Count);
        Assert.Equal(2, capture.Metric("shape_interface_calls_total").Measurements.Count);
    }

    [Fact]
    public void Generic_type_and_generic_method_open_and_closed()
    {
        using var capture = TelemetryCapture.Start();
        var repository = new Repository<string>();

        Assert.Equal(1, repository.Save("a"));
        Assert.Equal(2, SaveOpen(repository, "b"));
        Assert.Equal(1, repository.Map("x", s => s.Length));

        Assert.Equal(2, capture.SpansNamed("shape.generic_type").Count);
        Assert.Single(capture.SpansNamed("shape.generic_method"));
    }

    private static int SaveOpen<T>(Repository<T> repository, T item)
        where T : class => repository.Save(item);

    [Fact]
    public void Extension_method_and_nested_partial_type()
    {
        using var capture = TelemetryCapture.Start();
        Assert.Equal("sink:5", new ReadingSink().Describe(5));
        Assert.Equal(8, PartialHost.Nested.Twice(4));
        Assert.Single(capture.SpansNamed("shape.extension"));
        Assert.Single(capture.SpansNamed("shape.nested_partial"));
    }

    [Fact]
    public void In_ref_out_ref_readonly_params_and_default_parameters()
    {
        using var capture = TelemetryCapture.Start();
        var counter = 1;
        long big = 40;

        Assert.Equal(42, Parameters.RefKinds(2, ref counter, out var label, in big));
        Assert.Equal(2, counter);
        Assert.Equal("done:2", label);
        Assert.Equal(6, Parameters.Sum("s", 1, 2, 3));
        Assert.Equal("worldworld", Parameters.Greet(times: 2));

        Assert.Single(capture.SpansNamed("shape.ref_kinds"));
        Assert.Single(capture.SpansNamed("shape.params"));
        Assert.Single(capture.SpansNamed("shape.defaults"));
    }

    [Fact]
    public void Struct_instance_method_mutates_the_callers_value()
    {
        using var capture = TelemetryCapture.Start();
        var counter = new Counter();

        counter.Increment();
        counter.Increment();

        Assert.Equal(2, counter.Value);
        Assert.Equal(2, capture.SpansNamed("shape.struct").Count);
    }

    [Fact]
    public void Call_inside_a_lambda_is_instrumented()
    {
        using var capture = TelemetryCapture.Start();
        Func<int, int> twice = value => PartialHost.Nested.Twice(value);

        Assert.Equal(10, twice(5));
        Assert.Single(capture.SpansNamed("shape.nested_partial"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Task_and_ValueTask_without_result(bool yieldFirst)
    {
        using var capture = TelemetryCapture.Start();
        var shapes = new AsyncShapes();

        await shapes.RunAsync(yieldFirst);
        await shapes.RunValueAsync(yieldFirst);

        Assert.Single(capture.SpansNamed("shape.task"));
        Assert.Single(capture.SpansNamed("shape.valuetask"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Async_failure_is_recorded_once_with_error_status(bool yieldFirst)
    {
        using var capture = TelemetryCapture.Start();

        await Assert.ThrowsAsync<TimeoutException>(() => new AsyncShapes().FailAsync(yieldFirst));

        var span = Assert.Single(capture.SpansNamed("shape.task_failure"));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(1, Assert.Single(capture.Metric("shape_task_failure_failures_total").Measurements).Value);
        Assert.Null(Activity.Current);
    }

    [Fact]
    public async Task Parameters_named_like_generated_locals_are_forwarded()
    {
        using var capture = TelemetryCapture.Start();
        var clashes = new LocalNameClashes();

        Assert.Equal(21, await clashes.ValueAsync(1, 2, 3, 4, 5, 6));
        Assert.Equal(10, clashes.Sync(0, 1, 2, 3, 4));

        Assert.Equal(1L, Assert.Single(capture.SpansNamed("clash.value")).Tag("value"));
        Assert.Equal(4L, Assert.Single(capture.SpansNamed("clash.sync")).Tag("value"));
    }
}
