using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace Instrumentation.Package.Tests;

/// <summary>
/// The most common solution layout, built once from the packed package (<see cref="CrossProjectSolution"/>): a class
/// library with an annotated service, a console app and an xunit test project that both call it, a console app that
/// has only a ProjectReference to the library, and one that sets its own <c>InterceptorsNamespaces</c> and declares an
/// operation of the same name as the library's. The calls compiled in the apps and in the test project are
/// intercepted from the attributes in the library's metadata and record into the library's own span source and the
/// very same instruments as the library's internal calls (docs/cross-project.md).
/// </summary>
public sealed class CrossProjectPackageTests : IClassFixture<CrossProjectSolution>
{
    private readonly ITestOutputHelper _output;
    private readonly CrossProjectSolution _solution;

    public CrossProjectPackageTests(CrossProjectSolution solution, ITestOutputHelper output)
    {
        _solution = solution;
        _output = output;
    }

    internal const string LibraryProject = "Shop/Shop.csproj";

    internal const string LibrarySource = """
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
    internal const string Probe = """
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

    internal const string AppProgram = """
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

    internal const string TestClass = """
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

    /// <summary>A console app with a ProjectReference to the library and NO PackageReference of its own (issue 12 §6).</summary>
    internal const string ReferenceOnlyProgram = """
        using System;
        using Instrumentation;

        using var probe = new Probe.TelemetryProbe();
        var service = new Shop.OrderService();
        var total = service.Place(new TenantContext("org-r", "proj-r"), 5, "reference-only");
        foreach (var span in probe.Spans)
        {
            Console.WriteLine("span " + span);
        }

        Console.WriteLine("metric " + probe.Counter("orders_place_calls_total"));
        Console.WriteLine("total " + total);
        return 0;
        """;

    /// <summary>
    /// A console app that sets <c>&lt;InterceptorsNamespaces&gt;My.Ns&lt;/InterceptorsNamespaces&gt;</c> (the package's
    /// .targets must append ours), declares its own operation named like the library's (two meters, one metric
    /// name: one family at /metrics) and prints the Prometheus exposition of both.
    /// </summary>
    internal const string CustomNamespacesProgram = """
        using System;
        using Instrumentation;
        using Instrumentation.OpenTelemetry;
        using Instrumentation.Prometheus;
        using OpenTelemetry;
        using OpenTelemetry.Metrics;

        using var probe = new Probe.TelemetryProbe();
        using var reader = new PrometheusScrapeReader();
        using var meters = Sdk.CreateMeterProviderBuilder().AddGeneratedInstrumentation().AddReader(reader).Build();
        var tenant = new TenantContext("org-c", "proj-c");
        var total = new Shop.OrderService().Place(tenant, 2, "custom-ns") + new My.Ns.LocalOrders().Place(tenant, 10);
        foreach (var span in probe.Spans)
        {
            Console.WriteLine("span " + span);
        }

        Console.WriteLine("total " + total);
        Console.WriteLine("--- exposition");
        Console.Write(reader.Scrape());
        Console.WriteLine("--- end");
        return 0;

        namespace My.Ns
        {
            public sealed class LocalOrders
            {
                [Operation("orders.place")]
                public int Place(TenantContext tenant, int quantity) => quantity + 1;
            }
        }
        """;

    [Fact]
    public void The_solution_builds_without_an_instrumentation_diagnostic()
    {
        Assert.DoesNotContain("INS00", _solution.BuildOutput, StringComparison.Ordinal); // no cross-project call was left out
        Assert.DoesNotContain("INS10", _solution.BuildOutput, StringComparison.Ordinal); // INS1031: the namespace is not missing
    }

    [Fact]
    public async Task The_app_with_its_own_package_reference_records_its_calls_in_the_library_series()
    {
        var app = await RunAsync("run", "--project", "App/App.csproj", "-c", "Release", "--no-build");
        Assert.Contains("span orders.place source=Instrumentation.Generated.Shop caller=app", app, StringComparison.Ordinal);
        Assert.Contains("span orders.place source=Instrumentation.Generated.Shop caller=library", app, StringComparison.Ordinal);
        Assert.Contains("metric orders_place_calls_total meter=Instrumentation.Generated.Shop total=2 instruments=1", app, StringComparison.Ordinal);
        Assert.Contains("total 8", app, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_test_project_records_its_calls_in_the_library_series()
    {
        var tests = await RunAsync("test", "Shop.Tests/Shop.Tests.csproj", "-c", "Release", "--no-build");
        Assert.Contains("Passed!", tests, StringComparison.Ordinal);
        Assert.Contains("Passed:     1", tests, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_app_with_only_a_project_reference_to_the_library_is_instrumented()
    {
        var app = await RunAsync("run", "--project", "RefOnly/RefOnly.csproj", "-c", "Release", "--no-build");
        Assert.Contains("span orders.place source=Instrumentation.Generated.Shop caller=reference-only", app, StringComparison.Ordinal);
        Assert.Contains("metric orders_place_calls_total meter=Instrumentation.Generated.Shop total=1 instruments=1", app, StringComparison.Ordinal);
        Assert.Contains("total 10", app, StringComparison.Ordinal);
    }

    /// <summary>
    /// NuGet flows the package's analyzers through the ProjectReference (measured with SDK 10.0.401: a library's
    /// PackageReference, even with <c>PrivateAssets="analyzers"</c>, gives the referencing project the analyzers; only
    /// <c>PrivateAssets="all"</c> stops them, and then the runtime too). This guards that it stays so, and that a project
    /// with both routes does not compile the generator twice (duplicate interceptors).
    /// </summary>
    [Theory]
    [InlineData("RefOnly/RefOnly.csproj")] // only through the library's PackageReference
    [InlineData("App/App.csproj")] // its own PackageReference and the library's
    public async Task Each_project_compiles_with_the_generator_exactly_once(string project)
    {
        var output = await RunAsync("msbuild", project, "-p:Configuration=Release", "-t:ResolveLockFileAnalyzers", "-getItem:Analyzer");
        using var json = JsonDocument.Parse(output[output.IndexOf('{', StringComparison.Ordinal)..(output.LastIndexOf('}') + 1)]);
        var analyzers = json.RootElement.GetProperty("Items").GetProperty("Analyzer").EnumerateArray()
            .Select(item => item.GetProperty("Filename").GetString() + item.GetProperty("Extension").GetString())
            .ToList();
        Assert.Equal(1, analyzers.Count(name => name == "Instrumentation.Generators.dll"));
        Assert.Equal(1, analyzers.Count(name => name == "Instrumentation.Analyzers.dll"));
        Assert.Equal(1, analyzers.Count(name => name == "Instrumentation.CodeFixes.dll"));
    }

    [Fact]
    public async Task A_project_with_its_own_InterceptorsNamespaces_still_intercepts_local_and_library_calls()
    {
        var app = await RunAsync("run", "--project", "CustomNs/CustomNs.csproj", "-c", "Release", "--no-build");
        Assert.Contains("span orders.place source=Instrumentation.Generated.Shop caller=custom-ns", app, StringComparison.Ordinal);
        Assert.Contains("span orders.place source=Instrumentation.Generated.CustomNs caller=", app, StringComparison.Ordinal);
        Assert.Contains("total 15", app, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_assemblies_declaring_one_metric_name_give_one_family_at_metrics()
    {
        var app = await RunAsync("run", "--project", "CustomNs/CustomNs.csproj", "-c", "Release", "--no-build");
        var text = app.Replace("\r\n", "\n", StringComparison.Ordinal);
        var start = text.IndexOf("--- exposition\n", StringComparison.Ordinal) + "--- exposition\n".Length;
        var exposition = text[start..text.IndexOf("--- end", StringComparison.Ordinal)];
        var families = PrometheusText.Parse(exposition);

        // Both assemblies' meters (Instrumentation.Generated.Shop and .CustomNs) have orders_place_calls_total (an
        // [Operation] counter has no labels): one family, one series, 1 + 1.
        Assert.True(families.TypeLines("orders_place_calls_total") == 1, "one # TYPE line for orders_place_calls_total in:\n" + exposition);
        Assert.Equal(2, families.Value("orders_place_calls_total", string.Empty));
        Assert.True(families.DuplicateTypeLines().Count == 0, "duplicate # TYPE lines in:\n" + exposition);
        Assert.True(families.DuplicateSeries().Count == 0, "duplicate series in:\n" + exposition);
    }

    private Task<string> RunAsync(params string[] arguments) =>
        DotnetCli.RunAsync(_output, _solution.Directory, _solution.PackagesFolder, arguments);
}
