using System;
using System.Threading.Tasks;
using Instrumentation.OpenTelemetry;
using Instrumentation.Operations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Xunit;

namespace Instrumentation.Runtime.Tests.OpenTelemetry;

/// <summary>
/// The process-wide operation settings a tracer registration sets live as long as the provider built from it: when it
/// is disposed they go back to what they were before it, or to the newest provider still alive; settings the app
/// changed itself meanwhile stay. Before, they stayed as the last registration left them (parent-based sampling on after
/// every provider was gone, so a raw listener started later was not offered children of spans it did not record).
/// </summary>
public sealed class RegisteredSamplingSettingsTests : IDisposable
{
    public void Dispose()
    {
        OperationSettings.RootSamplingRatio = 1;
        OperationSettings.SkipUnsampledRoots = false;
        OperationSettings.SlowThreshold = TimeSpan.FromSeconds(2);
        OperationSettings.ParentBasedSampling = false;
    }

    [Fact]
    public void A_disposed_provider_gives_the_settings_back()
    {
        using (Sdk.CreateTracerProviderBuilder().AddGeneratedInstrumentation(o =>
               {
                   o.SamplingRatio = 0.25;
                   o.SkipUnsampledRoots = true;
                   o.SlowThreshold = TimeSpan.FromMilliseconds(300);
               }).Build())
        {
            Assert.True(OperationSettings.ParentBasedSampling);
            Assert.True(OperationSettings.SkipUnsampledRoots);
            Assert.Equal(0.25, OperationSettings.RootSamplingRatio);
            Assert.Equal(TimeSpan.FromMilliseconds(300), OperationSettings.SlowThreshold);
        }

        Assert.False(OperationSettings.ParentBasedSampling);
        Assert.False(OperationSettings.SkipUnsampledRoots);
        Assert.Equal(1.0, OperationSettings.RootSamplingRatio);
        Assert.Equal(TimeSpan.FromSeconds(2), OperationSettings.SlowThreshold);
    }

    [Fact]
    public void While_another_provider_lives_its_settings_come_back()
    {
        var first = Sdk.CreateTracerProviderBuilder().AddGeneratedInstrumentation(o => o.SamplingRatio = 0.5).Build();
        var second = Sdk.CreateTracerProviderBuilder().AddGeneratedInstrumentation(o => o.SamplingRatio = 0.25).Build();
        Assert.Equal(0.25, OperationSettings.RootSamplingRatio);

        second.Dispose();
        Assert.Equal(0.5, OperationSettings.RootSamplingRatio);
        Assert.True(OperationSettings.ParentBasedSampling);

        first.Dispose();
        Assert.Equal(1.0, OperationSettings.RootSamplingRatio);
        Assert.False(OperationSettings.ParentBasedSampling);
    }

    [Fact]
    public void Settings_the_app_changed_itself_are_left_alone()
    {
        using (Sdk.CreateTracerProviderBuilder().AddGeneratedInstrumentation(o => o.SamplingRatio = 0.5).Build())
        {
            OperationSettings.RootSamplingRatio = 0.1;
        }

        Assert.Equal(0.1, OperationSettings.RootSamplingRatio);
    }

    [Fact]
    public async Task A_disposed_host_gives_the_settings_back()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddOpenTelemetry().WithGeneratedInstrumentation(o => o.SamplingRatio = 0.5);
        using (var host = builder.Build())
        {
            await host.StartAsync();
            Assert.True(OperationSettings.ParentBasedSampling);
            Assert.Equal(0.5, OperationSettings.RootSamplingRatio);
            await host.StopAsync();
        }

        Assert.False(OperationSettings.ParentBasedSampling);
        Assert.Equal(1.0, OperationSettings.RootSamplingRatio);
    }
}
