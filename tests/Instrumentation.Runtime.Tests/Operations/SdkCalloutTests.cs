using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Instrumentation.OpenTelemetry;
using Instrumentation.Testing;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Instrumentation.Runtime.Tests.Operations;

/// <summary>A log store whose append is an annotated operation and fails while its database is down.</summary>
public sealed class CalloutLogRepository
{
    public bool Down { get; set; }

    public int Calls { get; private set; }

    [Operation("callout.append")]
    public void Append(string line)
    {
        Calls++;
        if (Down)
        {
            throw new IOException("log database is down: " + line.Length);
        }
    }
}

/// <summary>A logging provider whose sink is the annotated repository, dropping a line it cannot store (as such sinks do).</summary>
public sealed class RepositoryLoggerProvider(CalloutLogRepository repository) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new RepositoryLogger(repository);

    public void Dispose()
    {
    }

    private sealed class RepositoryLogger(CalloutLogRepository repository) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            try
            {
                repository.Append(formatter(state, exception));
            }
            catch (IOException)
            {
                // The line is dropped.
            }
        }
    }
}

/// <summary>Request services whose tenant comes from an annotated method of their own.</summary>
public sealed class SelfResolvingServices : ITenantScoped
{
    public TenantContext Tenant => ResolveTenant();

    [Operation("callout.resolve_tenant")]
    public TenantContext ResolveTenant() => new("org-self", "shop");

    [Operation("callout.work")]
    public int Work() => 42;
}

/// <summary>An audit store that a span listener writes every stopped span to.</summary>
public static class CalloutAudit
{
    [Operation("callout.audit")]
    public static int Write(string spanName) => spanName.Length;
}

/// <summary>
/// Strangers' trials: with the SDK each of these overflowed the stack, without it each ran once. A logging provider whose
/// sink is an annotated method that fails (the SDK's failure log went to the provider, which called the method again,
/// which failed again); an <see cref="ITenantScoped"/> type whose <c>Tenant</c> getter calls an annotated method of its
/// own (reading the tenant for that call read it again); a span listener whose <c>ActivityStopped</c> calls an annotated
/// method (each call stopped another span). The SDK now instruments no call it makes itself on its own behalf
/// (<c>SdkCallout</c>).
/// </summary>
public sealed class SdkCalloutTests
{
    [Fact]
    public void A_logging_provider_whose_sink_is_an_annotated_method_that_fails_is_called_once_per_line()
    {
        var repository = new CalloutLogRepository { Down = true };
        using var factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new RepositoryLoggerProvider(repository)));
        InstrumentationLogging.Use(factory);
        try
        {
            using var capture = TelemetryCapture.Start(o => o.CaptureOperationLogs = false);

            factory.CreateLogger("app").LogWarning("the app's own line");

            // The app's line reached the sink once; that call failed and its failure log reached the sink once more, a
            // call the SDK made and does not instrument (no span, no second failure log).
            Assert.Equal(2, repository.Calls);
            Assert.Single(capture.SpansNamed("callout.append"));
        }
        finally
        {
            InstrumentationLogging.Reset();
        }
    }

    [Fact]
    public void A_tenant_getter_that_calls_an_annotated_method_of_its_own_type_is_read_once()
    {
        using var capture = TelemetryCapture.Start();

        Assert.Equal(42, new SelfResolvingServices().Work());

        Assert.Equal("org-self", capture.Span("callout.work").Tag("org_id"));
        Assert.Empty(capture.SpansNamed("callout.resolve_tenant"));
    }

    [Fact]
    public void A_span_listener_that_calls_an_annotated_method_when_a_span_stops_calls_it_once()
    {
        var audited = new List<string>();
        using var capture = TelemetryCapture.Start();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith("Instrumentation.Generated.", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (audited)
                {
                    audited.Add(activity.OperationName);
                }

                CalloutAudit.Write(activity.OperationName);
            },
        };
        ActivitySource.AddActivityListener(listener);

        Assert.Equal(42, new SelfResolvingServices().Work());

        lock (audited)
        {
            Assert.Equal(new[] { "callout.work" }, audited.Where(n => n.StartsWith("callout.", StringComparison.Ordinal)).ToArray());
        }

        Assert.Empty(capture.SpansNamed("callout.audit"));
    }
}

/// <summary>
/// A stranger's trial: an <see cref="ActivityListener"/> whose callback throws made the annotated call throw — before the
/// method ran (<c>Sample</c>, <c>ActivityStarted</c>) or after it had run (<c>ActivityStopped</c>: a call that worked looked
/// failed). Without the SDK there is no span to call it for. Now the call runs and returns; the caller's current span is
/// what it was.
/// </summary>
public sealed class ThrowingListenerTests
{
    [Theory]
    [InlineData("sample")]
    [InlineData("started")]
    [InlineData("stopped")]
    public void A_listener_that_throws_costs_the_span_not_the_call(string where)
    {
        using var callerSource = new ActivitySource("callout.tests.caller");
        using var callerListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "callout.tests.caller",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(callerListener);
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith("Instrumentation.Generated.", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => where == "sample" ? throw new InvalidOperationException("sampler bug") : ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = _ => { if (where == "started") throw new InvalidOperationException("listener bug"); },
            ActivityStopped = _ => { if (where == "stopped") throw new InvalidOperationException("listener bug"); },
        };
        ActivitySource.AddActivityListener(listener);

        using var caller = callerSource.StartActivity("caller");
        Assert.NotNull(caller);

        Assert.Equal(42, new SelfResolvingServices().Work());
        Assert.Same(caller, Activity.Current);
    }
}

/// <summary>
/// The same for a failed call kept after the fact (its trace not sampled, the span recorded when it fails): a listener
/// that threw there replaced the method's own exception with its own.
/// </summary>
public sealed class ThrowingListenerAfterTheFactTests
{
    [Fact]
    public void A_listener_that_throws_when_a_failed_call_is_kept_leaves_the_callers_exception_and_span()
    {
        using var callerSource = new ActivitySource("callout.tests.kept_caller");
        using var callerListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "callout.tests.kept_caller",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(callerListener);
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith("Instrumentation.Generated.", StringComparison.Ordinal),
            // Nothing is sampled up front; a failed call is recorded after the fact (the SDK forces that one).
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => Instrumentation.Operations.OperationSampling.IsRecordForced
                ? ActivitySamplingResult.AllDataAndRecorded
                : ActivitySamplingResult.None,
            ActivityStarted = _ => throw new InvalidOperationException("listener bug"),
        };
        ActivitySource.AddActivityListener(listener);

        using var caller = callerSource.StartActivity("caller");
        var repository = new CalloutLogRepository { Down = true };

        var thrown = Assert.Throws<IOException>(() => repository.Append("line"));
        Assert.StartsWith("log database is down", thrown.Message, StringComparison.Ordinal);
        Assert.Same(caller, Activity.Current);
    }
}
