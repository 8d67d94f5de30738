using System;
using System.Linq;
using System.Threading.Tasks;
using Instrumentation.OpenTelemetry;
using Instrumentation.Operations;
using Instrumentation.Redaction;
using Instrumentation.Runtime.Tests.Logging;
using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Instrumentation.Runtime.Tests.Compliance;

/// <summary>
/// Issue 13: an app that registered Microsoft's redaction (<c>AddRedaction</c>) and calls
/// <c>WithGeneratedInstrumentation()</c> gets its <c>IRedactorProvider</c> used by the generated code from host start,
/// without calling <c>Redactors.Use</c> itself; after the host stops the SDK's own redactors apply again.
/// </summary>
public sealed class RedactorProviderWiringTests : IDisposable
{
    private const string Category = "Tests.Wiring";

    public RedactorProviderWiringTests() => Redactors.Reset();

    public void Dispose()
    {
        Redactors.Reset();
        InstrumentationLogging.Reset();
        OperationSettings.ParentBasedSampling = false;
    }

    [Fact]
    public async Task A_host_with_AddRedaction_redacts_generated_logs_with_Microsofts_redactors_without_further_calls()
    {
        var logs = new CapturingLoggerProvider();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddProvider(logs);
        builder.Services.AddRedaction(r => r
            .SetRedactor<PersonalTagRedactor>(new DataClassificationSet(InstrumentationTaxonomy.Personal))
            .SetRedactor<SecretTagRedactor>(new DataClassificationSet(InstrumentationTaxonomy.Secret)));
        builder.Services.AddOpenTelemetry().WithGeneratedInstrumentation(o => { o.SamplingRatio = 1; o.ExportOtlp = false; o.PrometheusReader = false; });
        using var host = builder.Build();

        await host.StartAsync();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
        SignInLog.SignedIn(logger, "ada@example.com", "help@contoso.example", "pw-123456", "ok", 1);
        await host.StopAsync();

        var line = Assert.Single(logs.Logs, l => l.Category == Category);
        Assert.Equal(PersonalTagRedactor.Text, line.Field("email"));
        Assert.Equal(SecretTagRedactor.Text, line.Field("password"));
        Assert.Equal(TextScrubber.Redacted, Redactors.Redact(DataClass.Personal, "after stop: the SDK's erasing redactor again"));
    }

    [Fact]
    public async Task A_host_without_AddRedaction_keeps_the_SDKs_redactors()
    {
        Redactors.Configure(new MaskRedactor(), EraseRedactor.Instance);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddOpenTelemetry().WithGeneratedInstrumentation(o => { o.SamplingRatio = 1; o.ExportOtlp = false; o.PrometheusReader = false; });
        using var host = builder.Build();

        await host.StartAsync();
        var masked = Redactors.Redact(DataClass.Personal, "ada@example.com");
        await host.StopAsync();

        Assert.Equal(new MaskRedactor().Redact("ada@example.com"), masked);
    }

    [Fact]
    public async Task A_provider_the_app_installed_itself_is_not_replaced()
    {
        using var own = new ServiceCollection()
            .AddRedaction(r => r.SetRedactor<SecretTagRedactor>(new DataClassificationSet(InstrumentationTaxonomy.Personal)))
            .BuildServiceProvider();
        Redactors.Use(own.GetRequiredService<IRedactorProvider>());
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddRedaction(r => r.SetRedactor<PersonalTagRedactor>(new DataClassificationSet(InstrumentationTaxonomy.Personal)));
        builder.Services.AddOpenTelemetry().WithGeneratedInstrumentation(o => { o.SamplingRatio = 1; o.ExportOtlp = false; o.PrometheusReader = false; });
        using var host = builder.Build();

        await host.StartAsync();
        var during = Redactors.Redact(DataClass.Personal, "x");
        await host.StopAsync();

        Assert.Equal(SecretTagRedactor.Text, during);
        Assert.Equal(SecretTagRedactor.Text, Redactors.Redact(DataClass.Personal, "x"));
    }
}
