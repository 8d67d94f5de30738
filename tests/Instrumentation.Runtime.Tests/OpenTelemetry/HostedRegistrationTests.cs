using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Tasks;
using Instrumentation.OpenTelemetry;
using Instrumentation.Operations;
using Instrumentation.Runtime.Tests.Operations;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Xunit;

namespace Instrumentation.Runtime.Tests.OpenTelemetry;

/// <summary>
/// A real ASP.NET Core app on 127.0.0.1 with the real OpenTelemetry SDK: the span of an operation called by a
/// request handler is exported, as a child of the recorded request span (issue 14: it was lost because ASP.NET
/// Core's unrecorded request activity was its parent under the parent-based sampler).
/// </summary>
public sealed class HostedRegistrationTests : IDisposable
{
    private static readonly TenantContext Tenant = new("org-web", "proj-web", "dev-web");

    public void Dispose()
    {
        OperationSettings.RootSamplingRatio = 1;
        OperationSettings.SkipUnsampledRoots = false;
        OperationSettings.SlowThreshold = TimeSpan.FromSeconds(2);
        OperationSettings.ParentBasedSampling = false;
        InstrumentationLogging.Reset();
    }

    [Fact]
    public async Task Raw_builder_in_a_web_app_exports_the_span_under_the_recorded_request_span()
    {
        var processor = new CollectingProcessor();
        var builder = NewWebBuilder();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddGeneratedInstrumentation(o => o.SamplingRatio = 1).AddProcessor(processor).Build();
        await using var app = builder.Build();
        app.MapGet("/ingest", () => new IngestService().Receive(Tenant, new[] { 1.0, 2.0 }, SensorKind.Temperature));

        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(Address(app)) };
        Assert.Equal("2", await client.GetStringAsync("/ingest"));
        await app.StopAsync();

        AssertChildOfRequest(processor);
    }

    [Fact]
    public async Task Hosted_registration_records_request_and_operation_spans_and_serves_metrics_with_basic_auth()
    {
        var processor = new CollectingProcessor();
        var logs = new ListLoggerProvider();
        var builder = NewWebBuilder();
        builder.Logging.AddProvider(logs);
        builder.Services.AddOpenTelemetry()
            .WithGeneratedInstrumentation(o => { o.SamplingRatio = 0.25; o.ExportOtlp = false; })
            .WithTracing(t => t.AddProcessor(processor));
        await using var app = builder.Build();
        app.MapGet("/ingest", () => new IngestService().Receive(Tenant, new[] { 1.0, 2.0 }, SensorKind.Temperature));
        app.MapPrometheusMetrics("/metrics", "scraper", "s3cret");

        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(Address(app)) };
        // A sampled caller (traceparent flag 01): the request span and ours are recorded whatever the ratio.
        for (var i = 0; i < 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/ingest");
            request.Headers.Add("traceparent", "00-" + ActivityTraceId.CreateRandom() + "-" + ActivitySpanId.CreateRandom() + "-01");
            (await client.SendAsync(request)).EnsureSuccessStatusCode();
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/metrics")).StatusCode);
        using var scrape = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        scrape.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("scraper:s3cret")));
        var metrics = await (await client.SendAsync(scrape)).EnsureSuccessStatusCode().Content.ReadAsStringAsync();
        await app.StopAsync();

        Assert.Contains("ingest_messages_total{org=\"org-web\",project=\"proj-web\",sensor=\"temperature\"} 6", metrics);
        Assert.Equal(3, processor.Exported.Count(a => a.OperationName == "ws.ingest.receive"));
        AssertChildOfRequest(processor);
        // The app set 25 %: the line does not call it the default outside Development (a trial bound 0 % from appsettings.json).
        Assert.Contains(logs.Lines, line => line.Contains("samples 25 % of new traces (the SamplingRatio the app set)", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, line => line.Contains("the default outside the Development environment", StringComparison.Ordinal));
        Assert.True(global::Instrumentation.Logging.OperationLog.IsConfigured, "the host's logger factory serves the operation logs");
    }

    [Fact]
    public async Task Hosted_registration_exports_spans_metrics_and_correlated_logs_over_otlp_from_the_standard_variables()
    {
        await using var receiver = await Instrumentation.TestServers.Otlp.OtlpHttpReceiver.StartAsync();
        Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.Endpoint);
        Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        try
        {
            var builder = NewWebBuilder();
            builder.Services.AddOpenTelemetry().WithGeneratedInstrumentation(o => o.SamplingRatio = 1);
            await using var app = builder.Build();
            app.MapGet("/ingest", () => new IngestService().Receive(Tenant, new[] { 1.0 }, SensorKind.Temperature));
            app.MapGet("/fail", () => new IngestService().Receive(Tenant, Array.Empty<double>(), SensorKind.Temperature));

            await app.StartAsync();
            using var client = new HttpClient { BaseAddress = new Uri(Address(app)) };
            Assert.Equal("1", await client.GetStringAsync("/ingest"));
            Assert.Equal(HttpStatusCode.InternalServerError, (await client.GetAsync("/fail")).StatusCode);
#pragma warning disable CA2254, INS1010 // A message without placeholders is the point: the exporter sends it as the body.
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Tests.Literal").LogWarning("literal password=hunter2-canary for bob.canary@example.com");
#pragma warning restore CA2254, INS1010
            await app.StopAsync();
        }
        finally
        {
            Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT", null);
            Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_PROTOCOL", null);
        }

        var ours = receiver.Spans.Where(s => s.Name == "ws.ingest.receive").ToList();
        Assert.Equal(2, ours.Count);
        Assert.All(ours, span => Assert.Contains(receiver.Spans, request => request.SpanId == span.ParentSpanId && request.TraceId == span.TraceId));
        Assert.All(ours, span => Assert.Equal("org-web", span.Attributes["org_id"]));
        Assert.Contains("ingest_messages_total", receiver.MetricNames);
        var failed = Assert.Single(receiver.Logs, l => l.Attributes.TryGetValue("operation", out var name) && name == "ws.ingest.receive");
        Assert.Equal("org-web", failed.Attributes["org_id"]);
        Assert.Contains(ours, span => span.SpanId == failed.Attributes["span_id"]);
        var literal = Assert.Single(receiver.Logs, l => l.Body?.StartsWith("literal", StringComparison.Ordinal) == true);
        Assert.Equal("literal password=[REDACTED] for [EMAIL]", literal.Body);
    }

    [Theory]
    [InlineData("command line")]
    [InlineData("appsettings")]
    public async Task A_worker_whose_endpoint_is_configured_without_the_environment_variable_exports_over_otlp(string where)
    {
        // A newcomer's worker: the endpoint on its command line or in appsettings.json (both reach OpenTelemetry's exporter
        // through the host's configuration) exported nothing and said nothing, because the SDK asked only the environment.
        await using var receiver = await Instrumentation.TestServers.Otlp.OtlpHttpReceiver.StartAsync();
        var settings = new[] { "--OTEL_EXPORTER_OTLP_ENDPOINT=" + receiver.Endpoint, "--OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf" };
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = where == "command line" ? settings : [], EnvironmentName = "Production" });
        if (where == "appsettings")
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint,
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            });
        }

        Assert.Null(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT"));
        builder.Logging.ClearProviders();
        builder.Services.AddOpenTelemetry().WithGeneratedInstrumentation(o => o.SamplingRatio = 1);
        using (var host = builder.Build())
        {
            await host.StartAsync();
            new IngestService().Receive(Tenant, new[] { 1.0 }, SensorKind.Temperature);
            await host.StopAsync();
        }

        Assert.Single(receiver.Spans, s => s.Name == "ws.ingest.receive");
        Assert.Contains("ingest_messages_total", receiver.MetricNames);
    }

    [Fact]
    public void A_keyed_configuration_is_not_the_hosts_and_turns_no_export_on()
    {
        // The endpoint is looked for in the host's configuration only: a keyed IConfiguration of the app's (OpenTelemetry
        // does not read it) holding the setting must not add an exporter that would send to OpenTelemetry's default endpoint.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production" });
        var keyed = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9" }).Build();
        builder.Services.AddKeyedSingleton<IConfiguration>("other", keyed);
        Assert.Null(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT"));

        builder.Services.AddOpenTelemetry().WithGeneratedInstrumentation(o => o.PrometheusReader = false);

        Assert.DoesNotContain(builder.Services, d => d.ServiceType.FullName == "OpenTelemetry.Exporter.UseOtlpExporterRegistration");
        using var host = builder.Build();
        Assert.Same(keyed, host.Services.GetRequiredKeyedService<IConfiguration>("other"));
    }

    [Fact]
    public async Task An_app_that_exports_otlp_itself_first_keeps_its_exporter_and_exports_the_generated_span_once()
    {
        // Found in davidfowl/TodoApi: Aspire's AddServiceDefaults() calls UseOtlpExporter(), and adding the SDK made
        // the app crash at start with OpenTelemetry's "Multiple calls to UseOtlpExporter" once the endpoint was set.
        await using var receiver = await Instrumentation.TestServers.Otlp.OtlpHttpReceiver.StartAsync();
        Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.Endpoint);
        Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        try
        {
            var builder = NewWebBuilder();
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
            builder.Services.AddOpenTelemetry().WithGeneratedInstrumentation(o => o.SamplingRatio = 1);
            await using var app = builder.Build();
            app.MapGet("/ingest", () => new IngestService().Receive(Tenant, new[] { 1.0 }, SensorKind.Temperature));

            await app.StartAsync();
            using var client = new HttpClient { BaseAddress = new Uri(Address(app)) };
            Assert.Equal("1", await client.GetStringAsync("/ingest"));
            await app.StopAsync();
        }
        finally
        {
            Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT", null);
            Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_PROTOCOL", null);
        }

        var span = Assert.Single(receiver.Spans, s => s.Name == "ws.ingest.receive");
        Assert.Contains(receiver.Spans, request => request.SpanId == span.ParentSpanId && request.TraceId == span.TraceId);
    }

    [Fact]
    public async Task An_endpoint_nobody_listens_at_is_a_warning_in_the_apps_log_even_when_only_the_last_flush_exports()
    {
        // A newcomer's typo in OTEL_EXPORTER_OTLP_ENDPOINT lost every span, metric and log without a word: OpenTelemetry
        // reports it only on its event source. A short-lived app exports only when the host disposes the providers.
        var endpoint = "http://127.0.0.1:" + Instrumentation.TestServers.FreePort.Next();
        Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint);
        Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        var logs = new ListLoggerProvider();
        try
        {
            var builder = NewWebBuilder();
            builder.Logging.AddProvider(logs);
            builder.Services.AddOpenTelemetry().WithGeneratedInstrumentation(o => o.SamplingRatio = 1);
            await using (var app = builder.Build())
            {
                app.MapGet("/ingest", () => new IngestService().Receive(Tenant, new[] { 1.0 }, SensorKind.Temperature));
                await app.StartAsync();
                using var client = new HttpClient { BaseAddress = new Uri(Address(app)) };
                Assert.Equal("1", await client.GetStringAsync("/ingest"));
                await app.StopAsync();
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT", null);
            Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_PROTOCOL", null);
        }

        Assert.Contains(logs.Lines, line => line.Contains("OTLP exporter", StringComparison.Ordinal)
            && line.Contains(endpoint + "/v1/traces", StringComparison.Ordinal)
            && line.Contains("Connection refused", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_app_with_a_per_signal_otlp_exporter_keeps_running_and_is_told_what_is_not_exported()
    {
        // A review found the first fix above treating any AddOtlpExporter as covering every signal: an app exporting
        // only metrics lost the generated spans and logs without a word (before, OpenTelemetry stopped it at start).
        Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9");
        try
        {
            var logs = new ListLoggerProvider();
            var builder = NewWebBuilder();
            builder.Logging.AddProvider(logs);
            builder.Services.AddOpenTelemetry().WithMetrics(metrics => global::OpenTelemetry.Metrics.OtlpMetricExporterExtensions.AddOtlpExporter(metrics));
            builder.Services.AddOpenTelemetry().WithGeneratedInstrumentation(o => o.SamplingRatio = 1);
            await using var app = builder.Build();

            await app.StartAsync();
            await app.StopAsync();

            Assert.Contains(logs.Lines, line => line.Contains("adds OTLP exporters per signal", StringComparison.Ordinal) && line.Contains("UseOtlpExporter() instead", StringComparison.Ordinal));
        }
        finally
        {
            Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT", null);
        }
    }

    [Fact]
    public async Task An_app_that_calls_UseOtlpExporter_after_the_sdk_gets_an_error_naming_both_fixes()
    {
        Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9");
        try
        {
            var builder = NewWebBuilder();
            builder.Services.AddOpenTelemetry().WithGeneratedInstrumentation(o => o.SamplingRatio = 1);
            builder.Services.AddOpenTelemetry().UseOtlpExporter();

            // The host resolves the logger provider while it is built, the tracer provider when it starts.
            var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            {
                await using var app = builder.Build();
                await app.StartAsync();
            });
            Assert.Contains("UseOtlpExporter() before WithGeneratedInstrumentation()", error.Message, StringComparison.Ordinal);
            Assert.Contains("ExportOtlp = false", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT", null);
        }
    }

    [Fact]
    public async Task Registering_twice_with_the_same_options_counts_every_call_once()
    {
        // An operator's trial: a second WithGeneratedInstrumentation() (an AddServiceDefaults that calls it, then the
        // app) registered the scrape reader again and every counter doubled, with no warning.
        var builder = NewWebBuilder();
        builder.Services.AddOpenTelemetry().WithGeneratedInstrumentation(o => o.ExportOtlp = false);
        builder.Services.AddOpenTelemetry().WithGeneratedInstrumentation(o => o.ExportOtlp = false);
        await using var app = builder.Build();
        app.MapGet("/ingest", () => new IngestService().Receive(Tenant, new[] { 1.0, 2.0 }, SensorKind.Temperature));
        app.MapPrometheusMetrics("/metrics");

        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(Address(app)) };
        for (var i = 0; i < 3; i++)
        {
            (await client.GetAsync("/ingest")).EnsureSuccessStatusCode();
        }

        var metrics = await client.GetStringAsync("/metrics");
        await app.StopAsync();

        Assert.Contains("ingest_messages_total{org=\"org-web\",project=\"proj-web\",sensor=\"temperature\"} 6", metrics);
        Assert.Single(app.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<InstrumentationStartup>());
    }

    [Fact]
    public void Registering_twice_with_other_options_is_an_error_naming_both()
    {
        var builder = NewWebBuilder();
        builder.Services.AddOpenTelemetry().WithGeneratedInstrumentation(o => o.SamplingRatio = 0.5);

        var error = Assert.Throws<InvalidOperationException>(() => builder.Services.AddOpenTelemetry().WithGeneratedInstrumentation(o => o.SamplingRatio = 0.2));

        Assert.Contains("called twice", error.Message, StringComparison.Ordinal);
        Assert.Contains("SamplingRatio = 0.5", error.Message, StringComparison.Ordinal);
        Assert.Contains("SamplingRatio = 0.2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Asking_for_otlp_export_next_to_the_apps_own_exporter_is_an_error_at_registration()
    {
        var builder = NewWebBuilder();
        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddOtlpExporter());

        var error = Assert.Throws<InvalidOperationException>(() => builder.Services.AddOpenTelemetry().WithGeneratedInstrumentation(o => o.ExportOtlp = true));

        Assert.Contains("already configures an OTLP exporter", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Development", 1.0)]
    [InlineData("Production", 0.1)]
    public async Task The_default_ratio_follows_the_hosts_environment_not_only_the_variables(string environment, double expected)
    {
        // WebApplicationFactory and `--environment` set the host's environment without DOTNET_/ASPNETCORE_ENVIRONMENT;
        // a test host in Development sampled 10 % and lost spans a test asserted (found in davidfowl/TodoApi's tests).
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddOpenTelemetry().WithGeneratedInstrumentation();
        await using var app = builder.Build();

        await app.StartAsync();
        await app.StopAsync();

        Assert.Equal(expected, OperationSettings.RootSamplingRatio);
    }

    private static void AssertChildOfRequest(CollectingProcessor processor)
    {
        var span = processor.Exported.First(a => a.OperationName == "ws.ingest.receive");
        var request = Assert.Single(processor.Exported, a => a.Source.Name == InstrumentationProviderBuilderExtensions.AspNetCoreSourceName && a.SpanId == span.ParentSpanId);
        Assert.Equal(ActivityKind.Server, request.Kind);
        Assert.Equal(request.TraceId, span.TraceId);
        Assert.Equal("org-web", span.GetTagItem("org_id"));
    }

    private static WebApplicationBuilder NewWebBuilder()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        return builder;
    }

    private static string Address(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    private sealed class ListLoggerProvider : ILoggerProvider
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new ListLogger(this);

        public void Dispose()
        {
        }

        private sealed class ListLogger(ListLoggerProvider owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Lines.Enqueue(formatter(state, exception));
        }
    }
}
