using System;
using System.Linq;
using System.Threading.Tasks;
using Instrumentation.Generators.Operations;
using Instrumentation.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Instrumentation.Generators.Tests.CrossProject;

/// <summary>
/// A class library compiled first (to metadata) and a consumer that calls its annotated methods: the consumer's
/// calls are intercepted from the attributes read from metadata and record into the library's own series.
/// </summary>
public sealed class CrossProjectGeneratorTests
{
    private const string Library = """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Instrumentation;

        namespace Lib;

        public enum Sensor { Temperature, AirQuality }

        public class Store
        {
            [Ingest("ws.ingest.receive", OrgLabel = MetricTargets.Duration)]
            public int Receive(TenantContext tenant, [Batch] IReadOnlyList<double> readings, [MetricLabel("sensor")] Sensor sensor, [SpanAttribute("attempt")] int attempt)
                => readings.Count;

            [Operation("db.order.save")]
            public virtual async Task<int> SaveAsync(int id)
            {
                await Task.Yield();
                return id + 1;
            }

            /// <summary>A call inside the declaring assembly: intercepted by the library's own generated code.</summary>
            public int ReceiveInside() => Receive(new TenantContext("org-lib", "p"), new double[3], Sensor.AirQuality, 2);
        }
        """;

    private const string Consumer = """
        using System.Threading.Tasks;
        using Instrumentation;

        namespace App;

        public static class Entry
        {
            public static async Task<int> RunAsync()
            {
                var store = new Lib.Store();
                var received = store.Receive(new TenantContext("org-app", "p"), new double[2], Lib.Sensor.Temperature, 1);
                var inside = store.ReceiveInside();
                var saved = await store.SaveAsync(41);
                return received + inside + saved;
            }
        }
        """;

    [Fact]
    public async Task A_call_from_another_assembly_records_the_same_span_and_metrics_as_a_call_inside_the_library()
    {
        var libraryName = CrossProjectHarness.UniqueName("Lib");
        var library = CrossProjectHarness.BuildLibrary(libraryName, Library);
        var consumer = CrossProjectHarness.BuildConsumer(CrossProjectHarness.UniqueName("App"), Consumer, library);

        Assert.Empty(consumer.GeneratorDiagnostics);
        Assert.Empty(consumer.Problems);
        Assert.Contains(ReferencedOperationEmitter.HintName, consumer.GeneratedSources.Keys);
        var interceptors = CrossProjectHarness.Interceptors(consumer);
        Assert.Equal(2, interceptors.Count); // Receive and SaveAsync; ReceiveInside is not an operation

        using var recorder = new TelemetryRecorder("Instrumentation.Generated." + libraryName);
        var entry = CrossProjectHarness.Load(consumer, library).GetType("App.Entry")!;
        var result = await (Task<int>)entry.GetMethod("RunAsync")!.Invoke(null, null)!;
        Assert.Equal(2 + 3 + 42, result);

        // One span source: the library's, for the call from the app and the call inside the library.
        var receives = recorder.Spans.Where(s => s.OperationName == "ws.ingest.receive").ToList();
        Assert.Equal(2, receives.Count);
        Assert.All(receives, s => Assert.Equal("Instrumentation.Generated." + libraryName, s.Source.Name));
        Assert.Equal(new object?[] { 1L, 2L }, receives.Select(s => s.GetTagItem("attempt")).OrderBy(v => v).ToArray());
        Assert.Equal(new[] { "org-app", "org-lib" }, receives.Select(s => (string?)s.GetTagItem("org_id")).OrderBy(v => v).ToArray());
        Assert.Single(recorder.Spans, s => s.OperationName == "db.order.save");

        // One series: both calls reach the very same instrument objects.
        Assert.Equal(new[] { 2.0, 3.0 }, recorder.ValuesOf("ingest_messages_total").OrderBy(v => v));
        Assert.Equal(2, recorder.ValuesOf("ingest_processing_latency_ms").Count);
        Assert.Equal(1, recorder.RecordingInstrumentsOf("ingest_messages_total"));
        Assert.Equal(1, recorder.RecordingInstrumentsOf("ingest_processing_latency_ms"));
        Assert.Single(recorder.ValuesOf("db_order_save_duration_ms"));
        Assert.DoesNotContain(recorder.Instruments.GroupBy(i => i.Name), g => g.Distinct().Count() > 1);
    }

    [Fact]
    public async Task A_library_built_without_the_generator_still_gets_its_calls_instrumented_in_the_consumer()
    {
        var libraryName = CrossProjectHarness.UniqueName("Plain");
        var library = CrossProjectHarness.BuildLibrary(libraryName, Library, withGenerator: false);
        var consumer = CrossProjectHarness.BuildConsumer(CrossProjectHarness.UniqueName("App"), Consumer, library);

        Assert.Empty(consumer.GeneratorDiagnostics);
        Assert.Empty(consumer.Problems);
        Assert.Equal(2, CrossProjectHarness.Interceptors(consumer).Count);

        using var recorder = new TelemetryRecorder("Instrumentation.Generated." + libraryName);
        var entry = CrossProjectHarness.Load(consumer, library).GetType("App.Entry")!;
        _ = await (Task<int>)entry.GetMethod("RunAsync")!.Invoke(null, null)!;
        Assert.Single(recorder.Spans, s => s.OperationName == "ws.ingest.receive"); // the library's own call is not intercepted
        Assert.Equal(new[] { 2.0 }, recorder.ValuesOf("ingest_messages_total"));
    }

    [Fact]
    public void The_generated_code_for_a_referenced_operation_uses_the_declaring_assemblys_names()
    {
        var libraryName = CrossProjectHarness.UniqueName("Names");
        var library = CrossProjectHarness.BuildLibrary(libraryName, Library);
        var consumer = CrossProjectHarness.BuildConsumer("Consumer", Consumer, library);
        var source = consumer.GeneratedSources[ReferencedOperationEmitter.HintName];

        Assert.Contains("public const string Name = \"Instrumentation.Generated." + libraryName + "\";", source);
        Assert.Contains("global::Instrumentation.Operations.SharedTelemetry.Counter<long>(GeneratedTelemetry.Name, \"ingest_messages_total\"", source);
        Assert.DoesNotContain("Instrumentation.Generated.Consumer", source);

        // The library's own file asks the same registry for the same identity.
        var own = library.Run!.GeneratedSources[OperationEmitter.HintName];
        Assert.Contains("global::Instrumentation.Operations.SharedTelemetry.Counter<long>(GeneratedTelemetry.Name, \"ingest_messages_total\"", own);
        Assert.DoesNotContain("new(Name)", own);
    }

    [Fact]
    public void Internal_operations_are_instrumented_through_InternalsVisibleTo()
    {
        const string library = """
            using Instrumentation;
            [assembly: System.Runtime.CompilerServices.InternalsVisibleTo("FriendApp")]
            namespace Lib;
            internal static class Jobs
            {
                [Operation("job.run")]
                internal static int Run(int x) => x * 2;
            }
            """;
        const string consumer = """
            namespace App;
            public static class Entry
            {
                public static int Run() => Lib.Jobs.Run(21);
            }
            """;
        var libraryName = CrossProjectHarness.UniqueName("Friend");
        var compiled = CrossProjectHarness.BuildLibrary(libraryName, library);
        var run = CrossProjectHarness.BuildConsumer("FriendApp", consumer, compiled);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Problems);
        Assert.Single(CrossProjectHarness.Interceptors(run));

        using var recorder = new TelemetryRecorder("Instrumentation.Generated." + libraryName);
        var entry = CrossProjectHarness.Load(run, compiled).GetType("App.Entry")!;
        Assert.Equal(42, entry.GetMethod("Run")!.Invoke(null, null));
        Assert.Single(recorder.Spans, s => s.OperationName == "job.run");
    }

    [Theory]
    [InlineData("订单", "库存")]
    [InlineData("Acme-Orders", "Acme_Orders")]
    [InlineData("Acme Orders", "Acme.Orders")]
    public void Two_instrumented_assemblies_whose_names_differ_only_outside_ascii_letters_do_not_clash_through_InternalsVisibleTo(string stem, string friendStem)
    {
        // Found by a solution-shapes trial: each assembly's catalog class sits in a namespace made of its name, with
        // every character other than an ASCII letter or digit replaced by '_'. Two such names (Chinese project names of
        // one length, Acme-Orders and Acme_Orders) were one namespace, and the friend that sees the other's internals
        // got CS0436 on the catalog class (an error under TreatWarningsAsErrors).
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var libraryName = stem + suffix;
        var friendName = friendStem + suffix;
        var library = $$"""
            using Instrumentation;
            [assembly: System.Runtime.CompilerServices.InternalsVisibleTo("{{friendName}}")]
            namespace Lib;
            internal static class Jobs
            {
                [Operation("job.run")]
                internal static int Run(int x) => x * 2;
            }
            """;
        const string consumer = """
            using Instrumentation;
            namespace App;
            public static class Entry
            {
                public static int Run() => Lib.Jobs.Run(21) + Own();

                [Operation("entry.own")]
                public static int Own() => 0;
            }
            """;
        var compiled = CrossProjectHarness.BuildLibrary(libraryName, library);
        var run = CrossProjectHarness.BuildConsumer(friendName, consumer, compiled);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Problems);
        Assert.Equal(2, CrossProjectHarness.Interceptors(run).Count);
        var entry = CrossProjectHarness.Load(run, compiled).GetType("App.Entry")!;
        Assert.Equal(42, entry.GetMethod("Run")!.Invoke(null, null));
    }

    [Fact]
    public void An_experimental_operation_of_a_referenced_project_called_with_the_users_opt_in_leaves_the_generated_file_clean()
    {
        // Found by a trial of a multi-project solution: the file for referenced operations did not disable the
        // [Experimental] ids, so a call suppressed where the user wrote it was error SHOP001 inside the generated file.
        const string library = """
            using System.Diagnostics.CodeAnalysis;
            using Instrumentation;
            namespace Lib;
            [Experimental("SHOP003")] public sealed class Trial { public int Size { get; set; } = 2; }
            #pragma warning disable SHOP003
            public static class Modern
            {
                [Operation("modern.experimental")]
                [Experimental("SHOP001")]
                public static int Experimental(int x) => x * 2;

                [Operation("modern.trial")]
                public static int UseTrial([SpanAttribute] Trial trial) => trial.Size;
            }
            """;
        const string consumer = """
            namespace App;
            public static class Entry
            {
            #pragma warning disable SHOP001, SHOP003
                public static int Run() => Lib.Modern.Experimental(21) + Lib.Modern.UseTrial(new Lib.Trial());
            #pragma warning restore SHOP001, SHOP003
            }
            """;
        var compiled = CrossProjectHarness.BuildLibrary(CrossProjectHarness.UniqueName("Experimental"), library);
        var run = CrossProjectHarness.BuildConsumer(CrossProjectHarness.UniqueName("App"), consumer, compiled);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Problems);
        Assert.Equal(2, CrossProjectHarness.Interceptors(run).Count);
        Assert.Equal(44, CrossProjectHarness.Load(run, compiled).GetType("App.Entry")!.GetMethod("Run")!.Invoke(null, null));
    }

    [Fact]
    public void Funnel_events_of_a_referenced_method_are_emitted_from_the_consumer()
    {
        const string library = """
            using Instrumentation;
            namespace Lib;
            public sealed class Device { public string Id { get; set; } = "d-1"; public string Org { get; set; } = "o-1"; }
            public static class Devices
            {
                [Operation("device.register")]
                [FunnelEvent("DeviceRegistered", EntityId = "return.Id", OrgId = "return.Org")]
                public static Device Register(string name) => new Device { Id = name };
            }
            """;
        const string consumer = """
            namespace App;
            public static class Entry
            {
                public static string Run() => Lib.Devices.Register("dev-7").Id;
            }
            """;
        var compiled = CrossProjectHarness.BuildLibrary(CrossProjectHarness.UniqueName("Funnel"), library);
        var run = CrossProjectHarness.BuildConsumer(CrossProjectHarness.UniqueName("App"), consumer, compiled);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Problems);
        Assert.Single(CrossProjectHarness.Interceptors(run));
        Assert.Contains("\"DeviceRegistered\"", run.GeneratedSources[ReferencedOperationEmitter.HintName]);
    }

    [Fact]
    public void A_protected_operation_called_from_a_derived_class_is_reported_at_the_call()
    {
        const string library = """
            using Instrumentation;
            namespace Lib;
            public class Base
            {
                [Operation("base.work")]
                protected int Work() => 1;
            }
            """;
        const string consumer = """
            namespace App;
            public sealed class Derived : Lib.Base
            {
                public int Run() => Work();
            }
            """;
        var compiled = CrossProjectHarness.BuildLibrary(CrossProjectHarness.UniqueName("Prot"), library, withGenerator: false);
        var run = CrossProjectHarness.BuildConsumer(CrossProjectHarness.UniqueName("App"), consumer, compiled);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("INS0031", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        AssertAt(run, diagnostic, "Work()");
        Assert.Contains("protected", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(CrossProjectHarness.Interceptors(run));
        Assert.Empty(run.Problems);
    }

    [Fact]
    public void A_funnel_path_through_an_internal_member_is_reported_at_the_call()
    {
        const string library = """
            using Instrumentation;
            namespace Lib;
            public sealed class Order { internal string Secret { get; set; } = "s"; }
            public static class Orders
            {
                [FunnelEvent("OrderPlaced", EntityId = "order.Secret")]
                public static void Place(Order order) { }
            }
            """;
        const string consumer = """
            namespace App;
            public static class Entry
            {
                public static void Run() => Lib.Orders.Place(new Lib.Order());
            }
            """;
        var compiled = CrossProjectHarness.BuildLibrary(CrossProjectHarness.UniqueName("Path"), library);
        var run = CrossProjectHarness.BuildConsumer(CrossProjectHarness.UniqueName("App"), consumer, compiled);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("INS0031", diagnostic.Id);
        AssertAt(run, diagnostic, "Lib.Orders.Place(new Lib.Order())");
        Assert.Contains("order.Secret", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(CrossProjectHarness.Interceptors(run));
        Assert.Empty(run.Problems);
    }

    [Fact]
    public void A_referenced_iterator_operation_is_reported_at_the_call()
    {
        const string library = """
            using System.Collections.Generic;
            using Instrumentation;
            namespace Lib;
            public static class Numbers
            {
                [Operation("numbers.list")]
                public static IEnumerable<int> List() { yield return 1; }
            }
            """;
        const string consumer = """
            namespace App;
            public static class Entry
            {
                public static object Run() => Lib.Numbers.List();
            }
            """;
        var compiled = CrossProjectHarness.BuildLibrary(CrossProjectHarness.UniqueName("Iter"), library, withGenerator: false);
        var run = CrossProjectHarness.BuildConsumer(CrossProjectHarness.UniqueName("App"), consumer, compiled);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("INS0030", diagnostic.Id);
        AssertAt(run, diagnostic, "Lib.Numbers.List()");
        Assert.Contains("iterator", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(CrossProjectHarness.Interceptors(run));
    }

    [Fact]
    public void A_referenced_operation_whose_declaration_cannot_be_instrumented_is_reported_at_the_call()
    {
        const string library = """
            using Instrumentation;
            namespace Lib;
            public static class Bad
            {
                [Operation("Not A Span Name")]
                public static int Run() => 1;
            }
            """;
        const string consumer = """
            namespace App;
            public static class Entry
            {
                public static int Run() => Lib.Bad.Run();
            }
            """;
        var compiled = CrossProjectHarness.BuildLibrary(CrossProjectHarness.UniqueName("Bad"), library, withGenerator: false);
        var run = CrossProjectHarness.BuildConsumer(CrossProjectHarness.UniqueName("App"), consumer, compiled);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("INS0030", diagnostic.Id);
        AssertAt(run, diagnostic, "Lib.Bad.Run()");
        Assert.Contains("INS0001", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(CrossProjectHarness.Interceptors(run));
    }

    [Fact]
    public void A_call_of_a_referenced_operation_inside_an_expression_tree_is_INS0011_and_left_unchanged()
    {
        // Found on LiteDB's tests: `x => x.Id.Equals(ObjectId.Empty)` given to LiteDB's LINQ-to-BsonExpression visitor was
        // intercepted in the tree, and the visitor saw `Intercept56(...)`, a method it cannot translate (NotSupportedException).
        const string library = """
            using Instrumentation;
            namespace Lib;
            public sealed class Id { [Operation("id.same")] public bool Same(Id other) => ReferenceEquals(this, other); }
            """;
        const string consumer = """
            using System;
            using System.Linq.Expressions;
            namespace App;
            public static class Entry
            {
                public static Expression<Func<Lib.Id, bool>> Tree(Lib.Id empty) => x => x.Same(empty);
                public static bool Run(Lib.Id a) => a.Same(a);
            }
            """;
        var compiled = CrossProjectHarness.BuildLibrary(CrossProjectHarness.UniqueName("Tree"), library);
        var run = CrossProjectHarness.BuildConsumer(CrossProjectHarness.UniqueName("App"), consumer, compiled);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal(("INS0011", DiagnosticSeverity.Info), (diagnostic.Id, diagnostic.Severity));
        AssertAt(run, diagnostic, "x.Same(empty)");
        Assert.Single(CrossProjectHarness.Interceptors(run));
        Assert.Empty(run.Problems);
    }

    [Fact]
    public void Nothing_is_generated_for_a_consumer_that_calls_no_referenced_operation()
    {
        var compiled = CrossProjectHarness.BuildLibrary(CrossProjectHarness.UniqueName("None"), Library);
        var run = CrossProjectHarness.BuildConsumer("App", "namespace App; public static class Entry { public static int Run() => 1; }", compiled);

        Assert.DoesNotContain(ReferencedOperationEmitter.HintName, run.GeneratedSources.Keys);
        Assert.Empty(run.GeneratorDiagnostics);
    }

    [Fact]
    public void InstrumentationEnabled_false_compiles_referenced_calls_out_too()
    {
        var compiled = CrossProjectHarness.BuildLibrary(CrossProjectHarness.UniqueName("Off"), Library);
        var run = GeneratorHarness.Run(
            new OperationGenerator(),
            CrossProjectHarness.ConsumerCompilation("App", Consumer, compiled),
            new System.Collections.Generic.Dictionary<string, string> { ["InstrumentationEnabled"] = "false" });

        Assert.DoesNotContain(ReferencedOperationEmitter.HintName, run.GeneratedSources.Keys);
        Assert.Empty(CrossProjectHarness.Interceptors(run));
    }

    private static void AssertAt(GeneratorRun run, Diagnostic diagnostic, string expectedText)
    {
        Assert.True(diagnostic.Location.IsInSource);
        var text = diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan);
        Assert.Equal(expectedText, text);
        Assert.Equal(run.Input.SyntaxTrees.First().FilePath, diagnostic.Location.SourceTree.FilePath);
    }
}
