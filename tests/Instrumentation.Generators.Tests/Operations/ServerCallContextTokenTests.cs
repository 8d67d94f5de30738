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
/// cancelled server-streaming call of such a handler counted a failure and wrote an Error line. The same for a method
/// that takes ASP.NET Core's <c>HttpContext</c>, <c>HttpRequest</c> or <c>HttpResponse</c> (the request was aborted) or
/// SignalR's <c>HubCallerContext</c> (the connection went away). The context types here stand in for the frameworks'
/// (same namespaces, names and members), as the generator knows them only by their names.
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

                // A handler's context is not nullable (Grpc.Tools' base classes): its token is read without a warning.
                [Operation("devices.get")]
                public static Task<int> GetAsync(int device, Grpc.Core.ServerCallContext context)
                {
                    context.CancellationToken.ThrowIfCancellationRequested();
                    return Task.FromResult(device);
                }

                public static string Run()
                {
                    using var cancelled = new CancellationTokenSource();
                    cancelled.Cancel();
                    var results = new[]
                    {
                        Outcome(() => GetAsync(7, new Context(cancelled.Token))),
                        Outcome(() => GetAsync(8, new Context(CancellationToken.None))),
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

    private const string WebSource = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Instrumentation;

        namespace Microsoft.AspNetCore.Http
        {
            public abstract class HttpContext
            {
                public abstract CancellationToken RequestAborted { get; set; }
            }

            public abstract class HttpRequest
            {
                public abstract HttpContext HttpContext { get; }
            }

            public abstract class HttpResponse
            {
                public abstract HttpContext HttpContext { get; }
            }
        }

        namespace Microsoft.AspNetCore.SignalR
        {
            public abstract class HubCallerContext
            {
                public abstract CancellationToken ConnectionAborted { get; }
            }
        }

        namespace Shapes
        {
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.SignalR;

            public sealed class Context : HttpContext
            {
                public override CancellationToken RequestAborted { get; set; }
            }

            public sealed class Request(HttpContext context) : HttpRequest
            {
                public override HttpContext HttpContext => context;
            }

            public sealed class Response(HttpContext context) : HttpResponse
            {
                public override HttpContext HttpContext => context;
            }

            public sealed class Caller(CancellationToken token) : HubCallerContext
            {
                public override CancellationToken ConnectionAborted => token;
            }

            public static class Handlers
            {
                [Operation("uploads.store")]
                public static async Task StoreAsync(int size, HttpContext? context)
                {
                    await Task.Yield();
                    context?.RequestAborted.ThrowIfCancellationRequested();
                    throw new InvalidOperationException("store broke");
                }

                [Operation("uploads.read")]
                public static async Task ReadAsync(HttpRequest request)
                {
                    await Task.Yield();
                    request.HttpContext.RequestAborted.ThrowIfCancellationRequested();
                    throw new InvalidOperationException("read broke");
                }

                [Operation("uploads.write")]
                public static async Task WriteAsync(HttpResponse response)
                {
                    await Task.Yield();
                    response.HttpContext.RequestAborted.ThrowIfCancellationRequested();
                    throw new InvalidOperationException("write broke");
                }

                [Operation("chat.relay")]
                public static async Task RelayAsync(HubCallerContext caller)
                {
                    await Task.Yield();
                    caller.ConnectionAborted.ThrowIfCancellationRequested();
                    throw new InvalidOperationException("relay broke");
                }

                public static string Run()
                {
                    using var cancelled = new CancellationTokenSource();
                    cancelled.Cancel();
                    var aborted = new Context { RequestAborted = cancelled.Token };
                    var live = new Context();
                    var results = new[]
                    {
                        Outcome(() => StoreAsync(1, aborted)),
                        Outcome(() => StoreAsync(2, live)),
                        Outcome(() => StoreAsync(3, null)),
                        Outcome(() => ReadAsync(new Request(aborted))),
                        Outcome(() => ReadAsync(new Request(live))),
                        Outcome(() => WriteAsync(new Response(aborted))),
                        Outcome(() => WriteAsync(new Response(live))),
                        Outcome(() => RelayAsync(new Caller(cancelled.Token))),
                        Outcome(() => RelayAsync(new Caller(CancellationToken.None))),
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
    public void The_token_of_an_HTTP_or_SignalR_context_parameter_makes_an_aborted_call_a_cancellation()
    {
        const string assemblyName = "WebContextToken";
        var run = GeneratorHarness.Run(new OperationGenerator(), GeneratorHarness.CompileAs(assemblyName, WebSource));
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.DoesNotContain(run.Problems, d => d.Severity >= DiagnosticSeverity.Warning);

        using var recorder = new TelemetryRecorder("Instrumentation.Generated." + assemblyName);
        var printed = (string)run.Load().GetType("Shapes.Handlers")!.GetMethod("Run")!.Invoke(null, null)!;

        // Each aborted call is a cancellation; each live call's failure counts, and so does the call with no context.
        Assert.Equal(
            "OperationCanceledException InvalidOperationException InvalidOperationException OperationCanceledException InvalidOperationException OperationCanceledException InvalidOperationException OperationCanceledException InvalidOperationException",
            printed);
        Assert.Equal(2, recorder.ValuesOf("uploads_store_failures_total").Sum());
        Assert.Equal(1, recorder.ValuesOf("uploads_read_failures_total").Sum());
        Assert.Equal(1, recorder.ValuesOf("uploads_write_failures_total").Sum());
        Assert.Equal(1, recorder.ValuesOf("chat_relay_failures_total").Sum());
        Assert.Equal(2, recorder.ValuesOf("chat_relay_calls_total").Sum());
        Assert.Equal(4, recorder.Spans.Count(span => Equals(span.GetTagItem("operation.cancelled"), true)));
    }

    [Fact]
    public void The_token_of_a_ServerCallContext_parameter_makes_a_cancelled_call_a_cancellation()
    {
        const string assemblyName = "GrpcContextToken";
        var run = GeneratorHarness.Run(new OperationGenerator(), GeneratorHarness.CompileAs(assemblyName, Source));
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.DoesNotContain(run.Problems, d => d.Severity >= DiagnosticSeverity.Warning);
        Assert.Contains("__callerContext?.CancellationToken ?? default", string.Concat(run.GeneratedSources.Values), System.StringComparison.Ordinal);

        using var recorder = new TelemetryRecorder("Instrumentation.Generated." + assemblyName);
        var printed = (string)run.Load().GetType("Shapes.Streams")!.GetMethod("Run")!.Invoke(null, null)!;

        // The cancelled call is a cancellation; the failures of the uncancelled call and of the call with no context count.
        Assert.Equal("OperationCanceledException ok OperationCanceledException InvalidOperationException InvalidOperationException", printed);
        Assert.Equal(2, recorder.ValuesOf("devices_watch_failures_total").Sum());
        Assert.Equal(3, recorder.ValuesOf("devices_watch_calls_total").Sum());
        Assert.Equal(2, recorder.Spans.Count(span => Equals(span.GetTagItem("operation.cancelled"), true)));
        Assert.Equal(0, recorder.ValuesOf("devices_get_failures_total").Sum());
    }
}
