using System.Linq;
using Instrumentation.Generators.Operations;
using Instrumentation.Generators.Tests.CrossProject;
using Instrumentation.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Instrumentation.Generators.Tests.Operations;

/// <summary>
/// A gRPC handler that takes the call's <c>ServerCallContext</c> and no <c>CancellationToken</c>: the context's token is
/// the call's own, so a client that cancels (or a deadline) is a cancellation, not a failure. A gRPC team's trial: every
/// cancelled server-streaming call of such a handler counted a failure and wrote an Error line. The context type here
/// stands in for Grpc.Core's (same namespace, name and property), as the generator knows it only by its name.
/// </summary>
public sealed class ServerCallContextTokenTests
{
    private const string Source = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Instrumentation;

        namespace Grpc.Core
        {
            public abstract class ServerCallContext
            {
                public CancellationToken CancellationToken => CancellationTokenCore;
                protected abstract CancellationToken CancellationTokenCore { get; }
            }
        }

        namespace Shapes
        {
            public sealed class Context : Grpc.Core.ServerCallContext
            {
                private readonly CancellationToken _token;
                public Context(CancellationToken token) => _token = token;
                protected override CancellationToken CancellationTokenCore => _token;
            }

            public static class Streams
            {
                [Operation("devices.watch")]
                public static async Task WatchAsync(int device, Grpc.Core.ServerCallContext? context)
                {
                    await Task.Yield();
                    context?.CancellationToken.ThrowIfCancellationRequested();
                    throw new InvalidOperationException("stream broke");
                }

                public static string Run()
                {
                    using var cancelled = new CancellationTokenSource();
                    cancelled.Cancel();
                    var results = new[]
                    {
                        Outcome(() => WatchAsync(1, new Context(cancelled.Token))),
                        Outcome(() => WatchAsync(2, new Context(CancellationToken.None))),
                        Outcome(() => WatchAsync(3, null)),
                    };
                    return string.Join(" ", results);
                }

                private static string Outcome(Func<Task> call)
                {
                    try
                    {
                        call().GetAwaiter().GetResult();
                        return "ok";
                    }
                    catch (Exception error)
                    {
                        return error.GetType().Name;
                    }
                }
            }
        }
        """;

    [Fact]
    public void The_token_of_a_ServerCallContext_parameter_makes_a_cancelled_call_a_cancellation()
    {
        const string assemblyName = "GrpcContextToken";
        var run = GeneratorHarness.Run(new OperationGenerator(), GeneratorHarness.CompileAs(assemblyName, Source));
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.DoesNotContain(run.Problems, d => d.Severity >= DiagnosticSeverity.Warning);
        Assert.Contains("?.CancellationToken ?? default", string.Concat(run.GeneratedSources.Values), System.StringComparison.Ordinal);

        using var recorder = new TelemetryRecorder("Instrumentation.Generated." + assemblyName);
        var printed = (string)run.Load().GetType("Shapes.Streams")!.GetMethod("Run")!.Invoke(null, null)!;

        // The cancelled call is a cancellation; the failures of the uncancelled call and of the call with no context count.
        Assert.Equal("OperationCanceledException InvalidOperationException InvalidOperationException", printed);
        Assert.Equal(2, recorder.ValuesOf("devices_watch_failures_total").Sum());
        Assert.Equal(3, recorder.ValuesOf("devices_watch_calls_total").Sum());
        Assert.Contains(recorder.Spans, span => Equals(span.GetTagItem("operation.cancelled"), true));
    }
}
