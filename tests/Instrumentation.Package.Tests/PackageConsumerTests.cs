using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace Instrumentation.Package.Tests;

/// <summary>
/// Uses the SDK packed once for the test run (<see cref="PackedPackages"/>), creates a fresh console project that references it by
/// version and nothing else, builds it for .NET 10 and .NET 8, runs it, and checks that a span and a
/// metric were recorded and that the build wrote a deterministic telemetry.json.
/// </summary>
public sealed class PackageConsumerTests
{
    private readonly ITestOutputHelper _output;

    public PackageConsumerTests(ITestOutputHelper output) => _output = output;

    private const string ConsumerProgram = """
        using System;
        using System.Diagnostics;
        using System.Diagnostics.Metrics;
        using Instrumentation;

        var spans = 0;
        long calls = 0;
        using var activityListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith("Instrumentation.Generated.", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                spans++;
                Console.WriteLine($"span {activity.OperationName} org_id={activity.GetTagItem("org_id")}");
            },
        };
        ActivitySource.AddActivityListener(activityListener);
        using var meterListener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name.StartsWith("Instrumentation.Generated.", StringComparison.Ordinal))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meterListener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == "orders_place_calls_total")
            {
                calls += value;
            }
        });
        meterListener.Start();

        var total = new Orders().Place(new TenantContext("org-7", "proj-7"), 3);
        // Struct receivers as the SDK's own compiler checks them (CS9148): a readonly struct's and a readonly member's
        // 'this' is 'in', a mutable member's is 'ref' (the call must still change the caller's copy).
        var doubled = new Reading(5).Doubled();
        var tally = new Tally();
        tally.Add(2);
        var peeked = tally.Peek();
        Console.WriteLine($"total {total}");
        Console.WriteLine($"structs {doubled} {peeked}");
        Console.WriteLine($"metric orders_place_calls_total {calls}");
        return spans == 4 && calls == 1 && total == 6 && doubled == 10 && peeked == 2 ? 0 : 1;

        public sealed class Orders
        {
            [Operation("orders.place")]
            public int Place(TenantContext tenant, int quantity) => quantity * 2;
        }

        public readonly struct Reading
        {
            private readonly int _value;

            public Reading(int value) => _value = value;

            [Operation("reading.doubled")]
            public int Doubled() => _value * 2;
        }

        public struct Tally
        {
            public int Count;

            [Operation("tally.add")]
            public void Add(int amount) => Count += amount;

            [Operation("tally.peek")]
            public readonly int Peek() => Count;
        }
        """;

    [Fact]
    public async Task Packed_sdk_instruments_a_fresh_console_project()
    {
        var repository = PackageTestSupport.RepositoryRoot();
        var work = Path.Combine(Path.GetTempPath(), "ins-pack-" + Guid.NewGuid().ToString("N"));
        var consumer = Path.Combine(work, "consumer");
        Directory.CreateDirectory(consumer);
        try
        {
            var feed = await PackedPackages.GetAsync(_output);
            var version = feed.Version;

            await File.WriteAllTextAsync(Path.Combine(consumer, "Consumer.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFrameworks>net10.0;net8.0</TargetFrameworks>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>disable</ImplicitUsings>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="Instrumentation.Sdk" Version="{version}" />
                  </ItemGroup>
                </Project>
                """);
            await File.WriteAllTextAsync(Path.Combine(consumer, "Program.cs"), ConsumerProgram);
            await File.WriteAllTextAsync(Path.Combine(consumer, "NuGet.config"), feed.NuGetConfig());
            await File.WriteAllTextAsync(Path.Combine(consumer, "global.json"), File.ReadAllText(Path.Combine(repository, "global.json")));

            // A private packages folder (the machine's cache is only a fallback), so the test package is not left behind.
            // Both target frameworks build (lib/net8.0 and the generated code compile against .NET 8's
            // API); only net10.0 runs, as this machine has no .NET 8 runtime.
            var packages = Path.Combine(work, "packages");
            var build = await RunAsync(consumer, packages, "build", "-c", "Release");
            Assert.Contains("Consumer.dll", build);
            Assert.True(File.Exists(Path.Combine(consumer, "bin", "Release", "net8.0", "Consumer.dll")), "the net8.0 consumer was built");
            var output = await RunAsync(consumer, packages, "run", "-c", "Release", "-f", "net10.0", "--no-build");

            Assert.Contains("span orders.place org_id=org-7", output);
            Assert.Contains("metric orders_place_calls_total 1", output);
            Assert.Contains("total 6", output);
            Assert.Contains("structs 10 2", output);
            Assert.Contains("span reading.doubled", output);
            Assert.Contains("span tally.peek", output);

            // telemetry.json (docs/telemetry-catalog.md): written by the package's build target from the assembly the
            // generators described, with no machine-specific text, and byte-identical when the project is rebuilt.
            var catalogPath = Path.Combine(consumer, "bin", "Release", "net10.0", "telemetry.json");
            Assert.True(File.Exists(catalogPath), "the build wrote " + catalogPath);
            Assert.True(File.Exists(Path.Combine(consumer, "bin", "Release", "net8.0", "telemetry.json")), "the net8.0 build wrote telemetry.json");
            var catalog = await File.ReadAllBytesAsync(catalogPath);
            var catalogText = System.Text.Encoding.UTF8.GetString(catalog);
            Assert.StartsWith("{\n  \"schemaVersion\": 1,\n  \"assembly\": \"Consumer\",", catalogText, StringComparison.Ordinal);
            Assert.Contains("\"name\": \"orders.place\"", catalogText, StringComparison.Ordinal);
            Assert.Contains("\"name\": \"orders_place_calls_total\"", catalogText, StringComparison.Ordinal);
            Assert.DoesNotContain(work, catalogText, StringComparison.Ordinal);
            File.Delete(catalogPath);
            await RunAsync(consumer, packages, "build", "-c", "Release", "-f", "net10.0", "--no-restore", "--no-incremental");
            Assert.Equal(catalog, await File.ReadAllBytesAsync(catalogPath));
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

    private Task<string> RunAsync(string directory, string? packagesFolder, params string[] arguments) =>
        DotnetCli.RunAsync(_output, directory, packagesFolder, arguments);
}
