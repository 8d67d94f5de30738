using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using Instrumentation.Testing;
using Xunit;

namespace Instrumentation.Runtime.Tests.Operations;

/// <summary>
/// A stranger's collection whose <c>Count</c> threw: the generated code read it before the call, outside any handler, so
/// with a listener the annotated method never ran and the caller got the getter's exception — without the SDK it returned
/// "ok". The call now runs as it would; the batch's size is unknown, so no batch size is recorded.
/// </summary>
public sealed class ThrowingBatchCountTests
{
    [Fact]
    public void A_batch_whose_count_throws_does_not_stop_the_call_and_records_no_size()
    {
        using var capture = TelemetryCapture.Start();

        Assert.Equal("ok 3", BatchSamples.Take(new CountThrows()));
        Assert.Equal("ok 3", BatchSamples.Take(new List<int> { 1, 2, 3 }));

        Assert.Equal(2, capture.SpansNamed("batch.take").Count);
        var sizes = capture.Measurements.Where(m => m.Instrument == "batch_take_batch_size").Select(m => Convert.ToDouble(m.Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(new[] { 3.0 }, sizes);
    }

    private sealed class CountThrows : IReadOnlyCollection<int>
    {
        public int Count => throw new InvalidOperationException("count is not known yet");

        public IEnumerator<int> GetEnumerator() => new List<int> { 1, 2, 3 }.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

internal static class BatchSamples
{
    [Operation("batch.take")]
    public static string Take([Batch] IReadOnlyCollection<int> items) => "ok " + items.Count();
}
