using System;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Instrumentation.Generators.Catalog;
using Instrumentation.Generators.Logging;
using Instrumentation.Generators.Operations;
using Instrumentation.Generators.Tests.Infrastructure;
using Instrumentation.Observability;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Instrumentation.Generators.Tests.Catalog;

/// <summary>
/// The telemetry catalog the generators emit (docs/telemetry-catalog.md): reviewed snapshots, the embedded JSON, and
/// the run-time <see cref="TelemetryCatalog"/> filled by the module initializers of a compiled and loaded assembly.
/// </summary>
public sealed class TelemetryCatalogGenerationTests
{
    private const string OperationsHint = "Instrumentation.TelemetryCatalog.Operations.g.cs";
    private const string FunnelHint = "Instrumentation.TelemetryCatalog.Funnel.g.cs";
    private const string LoggingHint = "Instrumentation.TelemetryCatalog.Logging.g.cs";

    [Fact]
    public void Catalog_parts_match_the_reviewed_snapshots_and_compile_cleanly()
    {
        var (operations, logging) = RunAll("CatalogSnapshot");

        Assert.Empty(operations.GeneratorDiagnostics);
        Assert.Empty(logging.GeneratorDiagnostics);
        Assert.Empty(logging.Problems);
        Snapshot.Match("Catalog.Operations", operations.GeneratedSources[OperationsHint]);
        Snapshot.Match("Catalog.Funnel", operations.GeneratedSources[FunnelHint]);
        Snapshot.Match("Catalog.Logging", logging.GeneratedSources[LoggingHint]);
    }

    [Fact]
    public void Every_section_is_embedded_as_assembly_metadata_holding_valid_json()
    {
        var (_, logging) = RunAll("CatalogMetadata");
        var assembly = logging.Load();

        var sections = assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Where(a => a.Key.StartsWith(CatalogPartEmitter.MetadataPrefix, StringComparison.Ordinal))
            .ToDictionary(a => a.Key.Substring(CatalogPartEmitter.MetadataPrefix.Length), a => a.Value!);

        Assert.Equal(new[] { "funnelEvents", "logEvents", "metrics", "spans" }, sections.Keys.OrderBy(k => k, StringComparer.Ordinal));
        foreach (var json in sections.Values)
        {
            using var document = JsonDocument.Parse(json);
            Assert.Equal(JsonValueKind.Array, document.RootElement.ValueKind);
            Assert.DoesNotContain("/src/", json, StringComparison.Ordinal);
        }

        var metric = JsonDocument.Parse(sections["metrics"]).RootElement.EnumerateArray()
            .Single(m => m.GetProperty("name").GetString() == "auth_failures_total");
        Assert.Equal("counter", metric.GetProperty("kind").GetString());
        var reason = Assert.Single(metric.GetProperty("labels").EnumerateArray());
        Assert.Equal("expected", reason.GetProperty("values").GetString());
        Assert.Equal("invalid_token", Assert.Single(reason.GetProperty("known").EnumerateArray()).GetString());
    }

    [Fact]
    public void Each_section_is_in_the_assembly_once_in_UTF8_and_not_as_a_string_literal()
    {
        // A UTF-16 copy in the user-string heap would count against its 16 MB limit (CS8103): the module initializer
        // names the assembly that carries the attributes instead of passing the JSON.
        var (_, logging) = RunAll("CatalogOnce");
        using var stream = new System.IO.MemoryStream();
        Assert.True(logging.Output.Emit(stream).Success);
        var image = stream.ToArray();
        var assembly = logging.Load();
        var sections = assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Where(a => a.Key.StartsWith(CatalogPartEmitter.MetadataPrefix, StringComparison.Ordinal))
            .ToList();

        Assert.Equal(4, sections.Count);
        foreach (var section in sections)
        {
            Assert.Equal(1, Occurrences(image, System.Text.Encoding.UTF8.GetBytes(section.Value!)));
            Assert.Equal(0, Occurrences(image, System.Text.Encoding.Unicode.GetBytes(section.Value!)));
        }
    }

    [Fact]
    public void A_registered_assembly_without_the_section_contributes_nothing_and_breaks_nothing()
    {
        TelemetryCatalog.Register("CatalogWithoutMetadata", TelemetryCatalog.SpansSection, typeof(object).Assembly);

        var catalog = TelemetryCatalog.Current.ForAssembly("CatalogWithoutMetadata");

        Assert.Empty(catalog.Spans);
        Assert.DoesNotContain("CatalogWithoutMetadata", TelemetryCatalog.Current.Assemblies);
    }

    [Fact]
    public void Module_initializers_register_spans_log_events_and_funnel_events_with_their_classification()
    {
        var (_, logging) = RunAll("CatalogRuntimeA");
        RuntimeHelpers.RunModuleConstructor(logging.Load().ManifestModule.ModuleHandle);

        var catalog = TelemetryCatalog.Current.ForAssembly("CatalogRuntimeA");

        Assert.Equal(new[] { "auth.check", "ws.ingest.receive" }, catalog.Spans.Select(s => s.Name));
        var receive = catalog.Spans[1];
        Assert.Equal("ingest", receive.Kind);
        Assert.Equal("M:Demo.Ingestor.Receive(Instrumentation.TenantContext,System.Collections.Generic.IReadOnlyList{System.Double},Demo.Sensor,System.String,System.Int32,System.String)", Assert.Single(receive.Operations));
        Assert.Equal(new[] { "attempt", "contact", "device_uuid", "org_id", "project_id" }, receive.Attributes.Select(a => a.Name));
        Assert.Equal(new[] { "device_uuid", "org_id", "project_id" }, receive.Attributes.Where(a => a.IsTenant).Select(a => a.Name));
        Assert.Equal("personal", receive.Attributes.Single(a => a.Name == "contact").Classification);
        Assert.Null(receive.Attributes.Single(a => a.Name == "attempt").Classification);
        Assert.Equal(new[] { "OperationFailed", "OperationStarted" }, receive.Logs);
        Assert.Contains("ingest_messages_total", receive.Metrics);
        Assert.Equal("secret", catalog.Spans[0].Attributes.Single(a => a.Name == "token").Classification);

        Assert.Equal(new[] { 40 }, catalog.LogEvents.Where(e => e.Name == "WriteFailed").Select(e => e.EventId));
        var failed = catalog.LogEvents.Single(e => e.EventId == 40);
        Assert.Equal("Demo.StoreLog", failed.Category);
        Assert.Equal("Warning", failed.Level);
        Assert.Equal("Write of {count} readings failed for {email} with {token}", failed.Template);
        Assert.Equal(new[] { "count", "email", "token" }, failed.Fields.Select(f => f.Name));
        Assert.Equal(new string?[] { null, "personal", "secret" }, failed.Fields.Select(f => f.Classification));
        Assert.Equal("Information", catalog.LogEvents.Single(e => e.Name == "Stored").Level);

        var funnel = Assert.Single(catalog.FunnelEvents);
        Assert.Equal("FirstDeviceData", funnel.Name);
        Assert.True(funnel.OncePerEntity);
        Assert.Equal(new[] { "contact", "sensor" }, funnel.Properties.Select(p => p.Name));
        Assert.Equal("personal", funnel.Properties[0].Classification);

        Assert.Contains(catalog.Metrics.Metrics, m => m.Name == "ws_ingest_receive_calls_total" || m.Name == "ingest_messages_total");
        Assert.Equal(new[] { "CatalogRuntimeA" }, catalog.Assemblies);
    }

    [Fact]
    public void Instrumentation_compiled_out_emits_no_catalog_of_operations_or_funnel_events()
    {
        var run = GeneratorHarness.Run(
            new OperationGenerator(),
            GeneratorHarness.CompileAs("CatalogDisabled", CatalogSources.All),
            new System.Collections.Generic.Dictionary<string, string> { ["InstrumentationEnabled"] = "false" });

        Assert.DoesNotContain(OperationsHint, run.GeneratedSources.Keys);
        Assert.DoesNotContain(FunnelHint, run.GeneratedSources.Keys);
    }

    [Fact]
    public void Catalog_output_is_identical_across_runs()
    {
        var first = RunAll("CatalogDeterminism");
        var second = RunAll("CatalogDeterminism");

        Assert.Equal(first.Operations.GeneratedSources[OperationsHint], second.Operations.GeneratedSources[OperationsHint]);
        Assert.Equal(first.Logging.GeneratedSources[LoggingHint], second.Logging.GeneratedSources[LoggingHint]);
    }

    /// <summary>The operation generator, then the log generator over its output (as the compiler runs both).</summary>
    internal static (GeneratorRun Operations, GeneratorRun Logging) RunAll(string assemblyName)
    {
        var operations = GeneratorHarness.Run(new OperationGenerator(), GeneratorHarness.CompileAs(assemblyName, CatalogSources.All));
        var logging = GeneratorHarness.Run(new LogMethodGenerator(), (CSharpCompilation)operations.Output);
        return (operations, logging);
    }

    private static int Occurrences(byte[] image, byte[] part)
    {
        var count = 0;
        for (var at = image.AsSpan().IndexOf(part); at >= 0;)
        {
            count++;
            var next = image.AsSpan(at + 1).IndexOf(part);
            at = next < 0 ? -1 : at + 1 + next;
        }

        return count;
    }
}
