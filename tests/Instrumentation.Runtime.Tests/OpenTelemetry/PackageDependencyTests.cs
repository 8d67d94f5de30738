using System;
using System.Linq;
using Instrumentation.OpenTelemetry;
using Xunit;

namespace Instrumentation.Runtime.Tests.OpenTelemetry;

/// <summary>
/// Instrumentation.Sdk (this assembly) does not need ASP.NET Core, so a console app or worker that installs it runs on
/// the plain .NET runtime; <c>MapPrometheusMetrics</c> is in Instrumentation.Sdk.AspNetCore.
/// </summary>
public sealed class PackageDependencyTests
{
    [Fact]
    public void The_runtime_assembly_references_no_aspnetcore_assembly()
    {
        var references = typeof(InstrumentationSampler).Assembly.GetReferencedAssemblies().Select(a => a.Name ?? string.Empty).ToList();

        Assert.Contains(references, name => name.StartsWith("OpenTelemetry", StringComparison.Ordinal));
        Assert.DoesNotContain(references, name => name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
    }

    [Fact]
    public void MapPrometheusMetrics_lives_in_the_aspnetcore_assembly()
    {
        var assembly = typeof(PrometheusEndpointExtensions).Assembly;

        Assert.Equal("Instrumentation.AspNetCore", assembly.GetName().Name);
        Assert.Contains(assembly.GetReferencedAssemblies(), a => a.Name == "Instrumentation.Runtime");
    }
}
