using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace Instrumentation.Package.Tests;

/// <summary>
/// The most common solution layout, built from the packed package: a class library with an annotated service,
/// a console app and an xunit test project that both call it. The calls compiled in the app and in the test
/// project are intercepted from the attributes in the library's metadata and record into the library's own
/// span source and the very same instruments as the library's internal calls (docs/cross-project.md).
/// </summary>
public sealed class CrossProjectPackageTests
{
    private readonly ITestOutputHelper _output;

    public CrossProjectPackageTests(ITestOutputHelper output) => _output = output;

    private const string LibrarySource = """
        using Instrumentation;

        namespace Shop;

        public class OrderService
        {
            [Operation("orders.place")]
            public int Place(TenantContext tenant, int quantity, [SpanAttribute("caller")] string caller) => quantity * 2;

            /// <summary>A call inside the library: intercepted by the library's own generated code.</summary>
            public int PlaceFromLibrary(TenantContext tenant, int quantity) => Place(tenant, quantity, "library");
        }
        """;

    /// <summary>Listens to everything generated; counts calls per instrument object (two objects = a split series).</summary>
    private const string Probe = """
        using System;
        using System.Collections.Concurrent;
        using System.Collections.Generic;
        using System.Diagnostics;
        using System.Diagnostics.Metrics;
        using System.Linq;

        namespace Probe;

        public sealed class TelemetryProbe : IDisposable
        {
            private readonly ActivityListener _activities;
            private readonly MeterListener _meters;

            public TelemetryProbe()
            {
                _activities = new ActivityListener
                {
                    ShouldListenTo = source => source.Name.StartsWith("Instrumentation.Generated.", StringComparison.Ordinal),
                    Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                    ActivityStopped = activity => Spans.Enqueue(activity.OperationName + " source=" + activity.Source.Name + " caller=" + activity.GetTagItem("caller")),
                };
                ActivitySource.AddActivityListener(_activities);
                _meters = new MeterListener
                {
                    InstrumentPublished = (instrument, listener) =>
                    {
                        if (instrument.Meter.Name.StartsWith("Instrumentation.Generated.", StringComparison.Ordinal))
                        {
                            listener.EnableMeasurementEvents(instrument);
                        }
                    },
                };
                _meters.SetMeasurementEventCallback<long>((instrument, value, _, _) => Measurements.Enqueue((instrument, value)));
                _meters.Start();
            }

            public ConcurrentQueue<string> Spans { get; } = new();

            public ConcurrentQueue<(Instrument Instrument, long Value)> Measurements { get; } = new();

            /// <summary>"name meter=M total=N instruments=K" for the counter <paramref name="name"/>.</summary>
            public string Counter(string name)
            {
                var hits = Measurements.Where(m => m.Instrument.Name == name).ToList();
                var meters = string.Join(",", hits.Select(m => m.Instrument.Meter.Name).Distinct());
                return name + " meter=" + meters + " total=" + hits.Sum(m => m.Value) + " instruments=" + hits.Select(m => m.Instrument).Distinct().Count();
            }

            public void Dispose()
            {
                _activities.Dispose();
                _meters.Dispose();
            }
        }
        """;

    private const string AppProgram = """
        using System;
        using Instrumentation;

        using var probe = new Probe.TelemetryProbe();
        var service = new Shop.OrderService();
        var tenant = new TenantContext("org-7", "proj-7");
        var total = service.Place(tenant, 3, "app") + service.PlaceFromLibrary(tenant, 1);
        foreach (var span in probe.Spans)
        {
            Console.WriteLine("span " + span);
        }

        Console.WriteLine("metric " + probe.Counter("orders_place_calls_total"));
        Console.WriteLine("total " + total);
        return 0;
        """;

    private const string TestClass = """
        using Instrumentation;
        using Xunit;

        namespace Shop.Tests;

        public sealed class OrderServiceTests
        {
            [Fact]
            public void Place_called_from_the_test_project_is_instrumented_into_the_library_series()
            {
                using var probe = new Probe.TelemetryProbe();
                var service = new OrderService();

                Assert.Equal(8, service.Place(new TenantContext("org-t", "proj-t"), 4, "tests"));
                Assert.Equal(2, service.PlaceFromLibrary(new TenantContext("org-t", "proj-t"), 1));

                Assert.Contains("orders.place source=Instrumentation.Generated.Shop caller=tests", probe.Spans);
                Assert.Contains("orders.place source=Instrumentation.Generated.Shop caller=library", probe.Spans);
                Assert.Equal("orders_place_calls_total meter=Instrumentation.Generated.Shop total=2 instruments=1", probe.Counter("orders_place_calls_total"));
            }
        }
        """;

    [Fact]
    public async Task A_library_an_app_and_a_test_project_built_from_the_package_record_cross_project_calls_in_one_series()
    {
        var repository = PackageTestSupport.RepositoryRoot();
        var work = Path.Combine(Path.GetTempPath(), "ins-xproj-" + Guid.NewGuid().ToString("N"));
        var feed = Path.Combine(work, "feed");
        var solution = Path.Combine(work, "solution");
        var version = "0.1.0-xproj" + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff");
        try
        {
            await RunAsync(repository, null, "pack", Path.Combine(repository, "src", "Runtime", "Instrumentation.Runtime.csproj"), "-c", "Release", "-o", feed, "-p:Version=" + version);
            Assert.True(File.Exists(Path.Combine(feed, "Instrumentation.Sdk." + version + ".nupkg")), "package was produced");

            var package = $"""<PackageReference Include="Instrumentation.Sdk" Version="{version}" />""";
            const string Common = """
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>disable</ImplicitUsings>
                    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                """;
            Write(solution, "Shop/Shop.csproj", $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                {Common}
                  </PropertyGroup>
                  <ItemGroup>{package}</ItemGroup>
                </Project>
                """);
            Write(solution, "Shop/OrderService.cs", LibrarySource);
            Write(solution, "App/App.csproj", $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                {Common}
                  </PropertyGroup>
                  <ItemGroup>
                    {package}
                    <ProjectReference Include="../Shop/Shop.csproj" />
                    <Compile Include="../Probe.cs" />
                  </ItemGroup>
                </Project>
                """);
            Write(solution, "App/Program.cs", AppProgram);
            Write(solution, "Shop.Tests/Shop.Tests.csproj", $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                {Common}
                    <IsPackable>false</IsPackable>
                    <IsTestProject>true</IsTestProject>
                  </PropertyGroup>
                  <ItemGroup>
                    {package}
                    <PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.0.1" />
                    <PackageReference Include="xunit" Version="2.9.3" />
                    <PackageReference Include="xunit.runner.visualstudio" Version="3.1.5" />
                    <ProjectReference Include="../Shop/Shop.csproj" />
                    <Compile Include="../Probe.cs" />
                  </ItemGroup>
                </Project>
                """);
            Write(solution, "Shop.Tests/OrderServiceTests.cs", TestClass);
            Write(solution, "Probe.cs", Probe);
            Write(solution, "Shop.slnx", """
                <Solution>
                  <Project Path="Shop/Shop.csproj" />
                  <Project Path="App/App.csproj" />
                  <Project Path="Shop.Tests/Shop.Tests.csproj" />
                </Solution>
                """);
            Write(solution, "NuGet.config", $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <add key="local" value="{feed}" />
                  </packageSources>
                  <fallbackPackageFolders>
                    <add key="global" value="{PackageTestSupport.GlobalPackagesFolder()}" />
                  </fallbackPackageFolders>
                </configuration>
                """);
            Write(solution, "global.json", File.ReadAllText(Path.Combine(repository, "global.json")));

            // A private packages folder (the machine's cache is only a fallback), so the test package is not left behind.
            var packages = Path.Combine(work, "packages");
            var build = await RunAsync(solution, packages, "build", "Shop.slnx", "-c", "Release");
            Assert.DoesNotContain("INS00", build, StringComparison.Ordinal); // no cross-project call was left out

            var app = await RunAsync(solution, packages, "run", "--project", "App/App.csproj", "-c", "Release", "--no-build");
            Assert.Contains("span orders.place source=Instrumentation.Generated.Shop caller=app", app, StringComparison.Ordinal);
            Assert.Contains("span orders.place source=Instrumentation.Generated.Shop caller=library", app, StringComparison.Ordinal);
            Assert.Contains("metric orders_place_calls_total meter=Instrumentation.Generated.Shop total=2 instruments=1", app, StringComparison.Ordinal);
            Assert.Contains("total 8", app, StringComparison.Ordinal);

            var tests = await RunAsync(solution, packages, "test", "Shop.Tests/Shop.Tests.csproj", "-c", "Release", "--no-build");
            Assert.Contains("Passed!", tests, StringComparison.Ordinal);
            Assert.Contains("Passed:     1", tests, StringComparison.Ordinal);
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static void Write(string root, string relativePath, string text)
    {
        var path = Path.Combine(root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private Task<string> RunAsync(string directory, string? packagesFolder, params string[] arguments) =>
        DotnetCli.RunAsync(_output, directory, packagesFolder, arguments);
}
