using System;
using System.Diagnostics;
using System.Linq;
using Instrumentation.Generators.Operations;
using Instrumentation.Generators.Tests.CrossProject;
using Instrumentation.Generators.Tests.Infrastructure;
using Xunit;

namespace Instrumentation.Generators.Tests.Operations;

/// <summary>
/// A method returning a <c>ref struct</c> that holds a reference its <c>ref</c> argument gave it (found on
/// CommunityToolkit.HighPerformance: <c>Span2D&lt;T&gt;.DangerousCreate(ref T, …)</c>). The instrumented path keeps the
/// result in a local initialized by the call (a local declared first does not compile: CS8347, CS9077); the compiled
/// code must still pass the caller's reference through and end the operation exactly once, on success and on failure.
/// </summary>
public sealed class RefLikeResultTests
{
    private const string Source = """
        using System;
        using System.Runtime.InteropServices;
        using Instrumentation;
        namespace RefLike;
        public static class Cells
        {
            [Operation("cells.view")]
            public static Span<int> View(ref int first, int length) =>
                length < 0 ? throw new ArgumentOutOfRangeException(nameof(length)) : MemoryMarshal.CreateSpan(ref first, length);

            public static int Write(int value)
            {
                var cell = 0;
                View(ref cell, 1)[0] = value;
                return cell;
            }

            public static string Fail()
            {
                var cell = 0;
                try
                {
                    _ = View(ref cell, -1);
                    return "returned";
                }
                catch (ArgumentOutOfRangeException)
                {
                    return "thrown";
                }
            }
        }
        """;

    [Fact]
    public void The_result_keeps_the_callers_reference_and_the_operation_ends_once_on_success_and_on_failure()
    {
        const string assemblyName = "RefLikeResults";
        var run = GeneratorHarness.Run(new OperationGenerator(), GeneratorHarness.CompileAs(assemblyName, Source));
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Problems);
        // The ref-struct result is declared with the call as its initializer (inside the try), never declared first and assigned.
        Assert.Contains("global::System.Span<int> __result = ", run.GeneratedSources[OperationEmitter.HintName], StringComparison.Ordinal);

        using var recorder = new TelemetryRecorder("Instrumentation.Generated." + assemblyName);
        var cells = run.Load().GetType("RefLike.Cells")!;
        Assert.Equal(42, (int)cells.GetMethod("Write")!.Invoke(null, new object[] { 42 })!);
        Assert.Equal("thrown", (string)cells.GetMethod("Fail")!.Invoke(null, null)!);

        var spans = recorder.Spans.Where(s => s.OperationName == "cells.view").ToList();
        Assert.Equal(2, spans.Count);
        Assert.Equal(new[] { ActivityStatusCode.Unset, ActivityStatusCode.Error }, spans.Select(s => s.Status).OrderBy(s => s));
        Assert.Equal(new[] { 1.0, 1.0 }, recorder.ValuesOf("cells_view_calls_total"));
        Assert.Equal(new[] { 1.0 }, recorder.ValuesOf("cells_view_failures_total"));
    }
}
