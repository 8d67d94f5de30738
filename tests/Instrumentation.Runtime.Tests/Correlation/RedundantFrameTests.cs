using System;
using System.Collections.Generic;
using Instrumentation.Correlation;
using Instrumentation.Runtime.Tests.Operations;
using Xunit;

namespace Instrumentation.Runtime.Tests.Correlation;

/// <summary>
/// Issue 18 §2: a nested operation that adds nothing to the correlation in force (the same tenant, no field or only
/// fields already in force with the same value and rule — EdgeIngest's <c>ws.ingest.validate</c> and <c>ts.write</c>
/// under <c>ws.ingest.receive</c>) pushes no frame: no <see cref="CorrelationFrame"/>, and no two AsyncLocal writes
/// (each a new ExecutionContext and value map). Log lines read exactly what they read with the frame.
/// </summary>
public sealed class RedundantFrameTests : IDisposable
{
    public RedundantFrameTests() => CorrelationContext.SetEnabled(true);

    public void Dispose() => CorrelationContext.SetEnabled(false);

    [Fact]
    public void A_nested_frame_with_the_same_tenant_and_no_fields_allocates_nothing() =>
        Assert.Equal(0, PushPopBytesUnder(CorrelationField.AsIs("connection_id", "c-1"), () => CorrelationContext.Push("org-1", "proj-1", null, null)));

    [Fact]
    public void A_nested_frame_repeating_a_field_in_force_allocates_only_the_callers_field_array()
    {
        var connection = "c-" + Guid.NewGuid().ToString("N");
        var fields = new[] { CorrelationField.Text("connection_id", "connectionId", connection) };
        Assert.Equal(0, PushPopBytesUnder(CorrelationField.Text("connection_id", "connectionId", connection), () => CorrelationContext.Push("org-1", "proj-1", "dev-1", fields)));
    }

    [Fact]
    public void A_nested_frame_repeating_its_one_field_in_force_through_the_one_field_push_allocates_nothing()
    {
        // What generated code calls for an operation with one [LogField] parameter: no field array unless pushed.
        var connection = "c-" + Guid.NewGuid().ToString("N");
        Assert.Equal(0, PushPopBytesUnder(
            CorrelationField.Text("connection_id", "connectionId", connection),
            () => CorrelationContext.Push("org-1", "proj-1", "dev-1", CorrelationField.Text("connection_id", "connectionId", connection))));
    }

    [Fact]
    public void A_generated_operation_nested_under_the_same_one_field_allocates_nothing_and_one_with_another_value_pushes()
    {
        // Generated code end to end: the nested operation has one [LogField], so it calls the one-field push.
        var connection = "c-" + Guid.NewGuid().ToString("N");
        var other = "c-" + Guid.NewGuid().ToString("N");
        long same = -1, differing = -1;
        OneFieldOperations.Outer(connection, () =>
        {
            same = Allocations.InFewestRound(() => OneFieldOperations.Inner(connection));
            differing = Allocations.InFewestRound(() => OneFieldOperations.Inner(other));
            Assert.Equal(["connection_id=" + connection], Fields(CorrelationContext.Current));
            return 0;
        });

        Assert.Equal(0, same);
        Assert.True(differing > 0, "a frame with another value is pushed (frame, field array, AsyncLocal writes)");
        Assert.Null(CorrelationContext.Current);
    }

    [Fact]
    public void A_redundant_frame_leaves_the_fields_in_force_and_pop_restores_nothing_else()
    {
        var outer = CorrelationContext.Push("org-1", "proj-1", "dev-1", [CorrelationField.AsIs("connection_id", "c-1")]);
        var inner = CorrelationContext.Push("org-1", null, "dev-1", [CorrelationField.AsIs("connection_id", "c-1")]);
        Assert.Same(outer, CorrelationContext.Current);
        Assert.Equal(["org_id=org-1", "project_id=proj-1", "device_uuid=dev-1", "connection_id=c-1"], Fields(CorrelationContext.Current));
        CorrelationContext.Pop(inner);
        Assert.Same(outer, CorrelationContext.Current);
        CorrelationContext.Pop(outer);
        Assert.Null(CorrelationContext.Current);
    }

    [Theory]
    [InlineData("org-2", null, null, null, null)]
    [InlineData(null, "proj-2", null, null, null)]
    [InlineData(null, null, "dev-2", null, null)]
    [InlineData(null, null, null, "connection_id", "c-2")]
    [InlineData(null, null, null, "message_id", "m-1")]
    public void A_frame_that_changes_or_adds_anything_is_pushed(string? org, string? project, string? device, string? field, string? value)
    {
        var outer = CorrelationContext.Push("org-1", "proj-1", "dev-1", [CorrelationField.AsIs("connection_id", "c-1")]);
        var inner = CorrelationContext.Push(org, project, device, field is null ? null : [CorrelationField.AsIs(field, value)]);
        Assert.Same(inner, CorrelationContext.Current);
        Assert.Same(outer, inner.Parent);
        CorrelationContext.Pop(inner);
        Assert.Same(outer, CorrelationContext.Current);
        CorrelationContext.Pop(outer);
    }

    [Fact]
    public void The_same_value_under_another_rule_is_pushed()
    {
        // The outer field is written as it is; the inner one must be scrubbed: the text in force would differ.
        var outer = CorrelationContext.Push("org-1", null, null, [CorrelationField.AsIs("note", "x")]);
        var inner = CorrelationContext.Push("org-1", null, null, [CorrelationField.Text("note", "note", "x")]);
        Assert.Same(inner, CorrelationContext.Current);
        CorrelationContext.Pop(inner);
        CorrelationContext.Pop(outer);
    }

    [Fact]
    public void A_root_frame_without_anything_is_not_pushed()
    {
        var frame = CorrelationContext.Push(null, null, null, null);
        Assert.Null(CorrelationContext.Current);
        CorrelationContext.Pop(frame);
        Assert.Null(CorrelationContext.Current);
    }

    /// <summary>Bytes per push and pop of <paramref name="push"/>'s frame under an outer frame of org-1/proj-1/dev-1 and <paramref name="outerField"/>.</summary>
    private static long PushPopBytesUnder(CorrelationField outerField, Func<CorrelationFrame> push)
    {
        var outer = CorrelationContext.Push("org-1", "proj-1", "dev-1", [outerField]);
        try
        {
            return Allocations.PerCall(() =>
            {
                CorrelationContext.Pop(push());
                return 0;
            });
        }
        finally
        {
            CorrelationContext.Pop(outer);
        }
    }

    private static List<string> Fields(CorrelationFrame? frame)
    {
        var list = new List<string>();
        frame?.ForEach((name, value) => list.Add(name + "=" + value));
        return list;
    }
}

/// <summary>Operations with one <c>[LogField]</c> each, nested in each other (see <see cref="RedundantFrameTests"/>).</summary>
public static class OneFieldOperations
{
    [Operation("one_field.outer")]
    public static int Outer([LogField("connection_id")] string connectionId, Func<int> inner) => connectionId.Length + inner();

    [Operation("one_field.inner")]
    public static int Inner([LogField("connection_id")] string connectionId) => connectionId.Length;
}
