using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading;
using System.Threading.Tasks;
using Instrumentation.Analyzers.Contract;
using Instrumentation.Analyzers.Tests.Infrastructure;
using Instrumentation.Observability;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace Instrumentation.Analyzers.Tests;

/// <summary>
/// The telemetry contract on real code: EdgeIngest ships its files (samples/EdgeIngest/Telemetry.*.txt) and builds without
/// a contract diagnostic; renaming one of its metrics in a copy is reported; and the items the analyzer computes from the
/// attributes equal what the generated metric catalog (<c>MetricDeclarations.Describe()</c>) reports.
/// </summary>
public sealed class TelemetryContractSampleTests
{
    private static readonly Lazy<(CSharpCompilation Compilation, IReadOnlyList<(string Path, string Text)> Sources)> Sample = new(() => CompileSample(edit: null));

    [Fact]
    public async Task EdgeIngest_ships_every_item_and_reports_no_contract_diagnostic()
    {
        var (compilation, _) = Sample.Value;
        var files = SampleFiles();
        var diagnostics = await ContractDiagnosticsAsync(compilation, files);

        var items = "\n\nEvery item of EdgeIngest, as Telemetry.Shipped.txt lists them:\n" + string.Join("\n", Items(compilation).Select(i => i.Item.Format()));
        Assert.True(files.Count > 0, "samples/EdgeIngest/Telemetry.Shipped.txt is missing" + items);
        Assert.True(diagnostics.Length == 0, string.Join("\n", diagnostics.Select(d => d.ToString())) + items);
        Assert.Contains("metric sensor_insert_latency_ms histogram unit=ms labels=", File.ReadAllText(SampleFiles()[0].Path), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Renaming_an_EdgeIngest_metric_in_a_copy_reports_it_on_the_shipped_line_and_the_new_name_on_the_attribute()
    {
        var (renamed, sources) = CompileSample(text => text.Replace("DurationMetric = \"sensor_insert_latency_ms\"", "DurationMetric = \"sensor_write_latency_ms\"", StringComparison.Ordinal));
        var files = SampleFiles();
        var diagnostics = await ContractDiagnosticsAsync(renamed, files);

        var shipped = files[0];
        var shippedText = File.ReadAllText(shipped.Path);
        var lineStart = shippedText.IndexOf("metric sensor_insert_latency_ms ", StringComparison.Ordinal);
        var writer = sources.Single(s => s.Path.EndsWith("ReadingWriter.cs", StringComparison.Ordinal));
        var attributeStart = writer.Text.IndexOf("Ingest(\"db.sensor.insert\"", StringComparison.Ordinal);
        Assert.Equal(
            new[]
            {
                ("INS0400", writer.Path, attributeStart, "Metric 'sensor_write_latency_ms' is in neither Telemetry.Shipped.txt nor Telemetry.Unshipped.txt: record it as unshipped"),
                ("INS0401", shipped.Path, lineStart, "Shipped metric 'sensor_insert_latency_ms' is no longer declared: removing or renaming it breaks the dashboards and alerts that read it; restore it, or delete this line on purpose"),
            },
            diagnostics.Select(d => (d.Id, d.Location.GetLineSpan().Path, d.Location.SourceSpan.Start, d.GetMessage(System.Globalization.CultureInfo.InvariantCulture))).OrderBy(d => d.Id, StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void EdgeIngest_metric_items_equal_the_generated_metric_catalog()
    {
        var (compilation, _) = Sample.Value;
        AssertItemsEqualCatalog(compilation);
    }

    [Theory]
    [InlineData("""
        public enum Sensor { Temperature, Humidity }
        public enum Kind { Device, Dashboard }
        public class Service : ITenantScoped
        {
            public TenantContext Tenant => default;
            [Ingest("ws.ingest.receive", OrgLabel = MetricTargets.Duration, FailureReasons = new[] { "parse", "auth" })]
            public void Receive([Batch] int[] batch, [MetricLabel(AppliesTo = MetricTargets.Calls), BoundedValues("a", "b")] string shard, [MetricLabel("kind", AppliesTo = MetricTargets.Messages)] Kind? connectionKind) { }
            [Operation("jobs.run", FailureReasonLabel = "why", FailureReasons = new[] { "late" })]
            public void Run([MetricLabel] Sensor sensor, [MetricLabel] bool retried) { }
            [Operation("jobs.run", FailureReasonLabel = "why", FailureReasons = new[] { "early" })]
            public void RunAgain([MetricLabel] Sensor sensor, [MetricLabel] bool retried) { }
            public void Call() { Receive(new int[0], "a", null); Run(Sensor.Humidity, true); RunAgain(Sensor.Temperature, false); }
        }
        """)]
    [InlineData("""
        public class Flows
        {
            [Flow("flow.execute", ProjectLabel = MetricTargets.All)]
            public void Execute(TenantContext tenant, [MetricLabel] bool dryRun) { }
            [FlowNode("flow.node.execute")]
            public void Node(TenantContext tenant) { }
            [Broadcast("ws.broadcast", QueueSizeMetric = "queue_items")]
            public void Send(TenantContext tenant, [QueueSize] int queued) { }
            public void Call(TenantContext t) { Execute(t, true); Node(t); Send(t, 1); }
        }
        """)]
    public void Test_source_metric_items_equal_the_generated_metric_catalog(string source)
    {
        var compilation = AnalyzerHarness.Compile(TelemetryContractTests.Usings + source);
        var driver = CSharpGeneratorDriver.Create(AnalyzerHarness.GeneratorsForTests(), parseOptions: AnalyzerHarness.ParseOptions);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var generated, out _);
        AnalyzerHarness.AssertNoErrors(generated, "test source");
        AssertItemsEqualCatalog((CSharpCompilation)generated);
    }

    /// <summary>Compares the analyzer's metric items with the descriptors the generated code hands to the metric catalog.</summary>
    private static void AssertItemsEqualCatalog(CSharpCompilation compilation)
    {
        var expected = Catalog(compilation)
            .Select(d => new TelemetryItem(TelemetryItemKind.Metric, d.Name)
            {
                Word = char.ToLowerInvariant(d.Kind.ToString()[0]) + d.Kind.ToString().Substring(1),
                Unit = d.Unit,
                Labels = d.Labels.Select(l => new TelemetryLabel(l.Name, (LabelValuesKind)(int)l.ValueKind, l.Values)).OrderBy(l => l.Name, StringComparer.Ordinal).ToList(),
            }.Format())
            .OrderBy(l => l, StringComparer.Ordinal)
            .ToList();
        var actual = Items(compilation).Where(i => i.Item.Kind == TelemetryItemKind.Metric).Select(i => i.Item.Format()).OrderBy(l => l, StringComparer.Ordinal).ToList();

        Assert.NotEmpty(expected);
        Assert.Equal(expected, actual);
    }

    /// <summary>The generated <c>MetricDeclarations.Describe()</c> of the compilation, run from the emitted assembly.</summary>
    private static MetricDescriptor[] Catalog(CSharpCompilation compilation)
    {
        using var stream = new MemoryStream();
        var emitted = compilation.Emit(stream);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        stream.Position = 0;
        var context = new AssemblyLoadContext("contract-catalog", isCollectible: true);
        try
        {
            var assembly = context.LoadFromStream(stream);
            var declarations = assembly.GetTypes().Single(t => t.Name.EndsWith("MetricDeclarations", StringComparison.Ordinal));
            return (MetricDescriptor[])declarations.GetMethod("Describe", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, null)!;
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>The analyzer's items of the compilation, merged as it compares them.</summary>
    private static List<DeclaredItem> Items(Compilation compilation)
    {
        var symbols = KnownSymbols.Create(compilation);
        var methods = compilation.SyntaxTrees
            .SelectMany(t => t.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax>().Select(m => compilation.GetSemanticModel(t).GetDeclaredSymbol(m)))
            .Where(m => m is not null)
            .Distinct(SymbolEqualityComparer.Default)
            .Cast<IMethodSymbol>();
        return TelemetryItemMerger.Merge(methods.SelectMany(m => TelemetryItemCollector.Collect(m, symbols, CancellationToken.None)));
    }

    private static async Task<ImmutableArray<Diagnostic>> ContractDiagnosticsAsync(Compilation compilation, IReadOnlyList<(string Path, string Text)> files)
    {
        var options = new AnalyzerOptions(files.Select(f => (AdditionalText)new InMemoryText(f.Path, f.Text)).ToImmutableArray());
        var diagnostics = await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new TelemetryContractAnalyzer()), options).GetAnalyzerDiagnosticsAsync();
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001" || d.Id == "INS0036");
        return diagnostics.Where(d => d.Id.StartsWith("INS04", StringComparison.Ordinal)).ToImmutableArray();
    }

    /// <summary>samples/EdgeIngest/Telemetry.Shipped.txt and Telemetry.Unshipped.txt (the first must exist).</summary>
    private static IReadOnlyList<(string Path, string Text)> SampleFiles()
    {
        var root = Path.Combine(SampleTests.RepositoryRoot(), "samples", "EdgeIngest");
        return new[] { TelemetryFile.ShippedName, TelemetryFile.UnshippedName }
            .Select(n => Path.Combine(root, n))
            .Where(File.Exists)
            .Select(p => (p, File.ReadAllText(p)))
            .ToList();
    }

    /// <summary>The sample's sources (optionally edited) through the SDK's generators, as SampleTests compiles them.</summary>
    private static (CSharpCompilation Compilation, IReadOnlyList<(string Path, string Text)> Sources) CompileSample(Func<string, string>? edit)
    {
        var root = Path.Combine(SampleTests.RepositoryRoot(), "samples", "EdgeIngest");
        var sources = Directory.GetFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar) && !p.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar))
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => (Path: p, Text: edit is null ? File.ReadAllText(p) : edit(File.ReadAllText(p))))
            .ToList();
        var parseOptions = AnalyzerHarness.ParseOptions.WithLanguageVersion(LanguageVersion.Latest).WithPreprocessorSymbols("NET", "NET10_0", "NET10_0_OR_GREATER", "RELEASE");
        var compilation = CSharpCompilation.Create(
            "EdgeIngest",
            sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, parseOptions, path: s.Path)),
            SampleTests.SampleReferences(),
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        var driver = CSharpGeneratorDriver.Create(AnalyzerHarness.GeneratorsForTests(), parseOptions: parseOptions);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var generated, out _);
        AnalyzerHarness.AssertNoErrors(generated, "EdgeIngest");
        return ((CSharpCompilation)generated, sources);
    }

    private sealed class InMemoryText(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }
}
