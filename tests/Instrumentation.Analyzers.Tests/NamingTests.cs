using System.Linq;
using System.Threading.Tasks;
using Instrumentation.Analyzers.Tests.Infrastructure;
using Instrumentation.CodeFixes;
using Xunit;

namespace Instrumentation.Analyzers.Tests;

/// <summary>INS1020 span names, INS1021 metric names, INS1022 one metric name declared differently; rename fixes.</summary>
public sealed class NamingTests
{
    private const string Usings = CardinalityTests.Usings;

    [Fact]
    public async Task INS1020_INS1021_on_attributes_with_rename_fixes()
    {
        const string source = Usings + """
            public class C
            {
                [{|INS1020:{|INS1021:{|INS1021:Operation("DB.SensorInsert", DurationMetric = "SensorInsertLatency", CallsMetric = "sensor_inserts")|}|}|}]
                public void M() { }
            }
            """;
        const string fixedSource = Usings + """
            public class C
            {
                [Operation("db.sensor_insert", DurationMetric = "sensor_insert_latency_ms", CallsMetric = "sensor_inserts_total")]
                public void M() { }
            }
            """;

        await Verify<NamingAnalyzer>.AnalyzerAsync(source);
        // Fix All runs once per id (INS1020, then INS1021).
        await Verify<NamingAnalyzer, RenameToConventionCodeFix>.CodeFixAsync(source, fixedSource, fixAllIterations: 2);
    }

    [Fact]
    public async Task Hand_written_names_are_read_by_parameter_name_and_renamed_by_the_fix()
    {
        const string source = Usings + """
            public class C
            {
                static readonly ActivitySource Source = new("s");
                static readonly Meter Meter = new("m");
                static readonly Histogram<double> A = Meter.CreateHistogram<double>(unit: "ms", name: "jobs_ms");
                static readonly Histogram<double> B = Meter.CreateHistogram<double>(unit: "ms", name: {|INS1021:"JobsLatency"|});
                static readonly Counter<long> D = Meter.CreateCounter<long>(description: "done", name: {|INS1021:"JobsDone"|});
                public void M() { using var a = Source.StartActivity(kind: ActivityKind.Internal, name: {|INS1020:"Jobs.Run"|}); }
            }
            """;
        const string fixedSource = Usings + """
            public class C
            {
                static readonly ActivitySource Source = new("s");
                static readonly Meter Meter = new("m");
                static readonly Histogram<double> A = Meter.CreateHistogram<double>(unit: "ms", name: "jobs_ms");
                static readonly Histogram<double> B = Meter.CreateHistogram<double>(unit: "ms", name: "jobs_latency_ms");
                static readonly Counter<long> D = Meter.CreateCounter<long>(description: "done", name: "jobs_done_total");
                public void M() { using var a = Source.StartActivity(kind: ActivityKind.Internal, name: "jobs.run"); }
            }
            """;

        await Verify<NamingAnalyzer>.AnalyzerAsync(source);
        await Verify<NamingAnalyzer, RenameToConventionCodeFix>.CodeFixAsync(source, fixedSource, fixAllIterations: 2);
    }

    [Fact]
    public async Task No_fix_when_the_suggestion_would_still_break_the_convention_and_generator_rejected_names_are_left_to_the_generator()
    {
        const string source = Usings + """
            public class C
            {
                static readonly Counter<long> A = new Meter("m").CreateCounter<long>("1calls");
                [Operation("jobs.run", CallsMetric = "1calls")]
                public void M() { }
            }
            """;

        var diagnostic = Assert.Single(await AnalyzerHarness.DiagnosticsAsync(source));

        Assert.Equal(("INS1021", "\"1calls\""), (diagnostic.Id, diagnostic.At(source)));
        Assert.False(diagnostic.Properties.ContainsKey("Suggested"));
        Assert.DoesNotContain("for example", diagnostic.GetMessage());
        Assert.Empty(await AnalyzerHarness.ActionTitlesAsync(source, diagnostic, new RenameToConventionCodeFix()));

        // The attribute's invalid name is the generator's INS0002, reported once, not also INS1021.
        Assert.Contains(AnalyzerHarness.GeneratorDiagnostics(source), d => d.Id == "INS0002");
    }

    [Fact]
    public async Task INS1022_type_unit_and_label_set_reported_at_the_later_declaration_with_the_first_as_additional_location()
    {
        var files = new[]
        {
            ("/src/A.cs", Usings + """
                public class A
                {
                    static readonly Meter Meter = new("m");
                    static readonly Counter<long> Jobs = Meter.CreateCounter<long>("jobs_total");
                    static readonly Counter<long> Runs = Meter.CreateCounter<long>("runs_total");
                    public void M() { Jobs.Add(1); Runs.Add(1, new KeyValuePair<string, object?>("kind", "a")); }
                }
                """),
            ("/src/B.cs", Usings + """
                public class B
                {
                    static readonly Meter Meter = new("m");
                    static readonly Histogram<double> Jobs = Meter.CreateHistogram<double>("jobs_total", "ms");
                    static readonly Counter<long> Runs = Meter.CreateCounter<long>("runs_total");
                    static readonly Counter<long> Same = Meter.CreateCounter<long>("jobs_total");
                    public void M()
                    {
                        var tags = new TagList { { "region", "eu" } };
                        Runs.Add(1, tags);
                        Same.Add(1);
                    }
                }
                """),
        };

        var diagnostics = (await AnalyzerHarness.DiagnosticsAsync(files)).Where(d => d.Id == "INS1022").ToArray();

        Assert.Equal(new[] { "\"jobs_total\"", "\"runs_total\"" }, diagnostics.Select(d => d.At(files[1].Item2)).ToArray());
        Assert.All(diagnostics, d => Assert.Equal("/src/B.cs", d.Location.SourceTree!.FilePath));
        Assert.All(diagnostics, d => Assert.Equal("/src/A.cs", Assert.Single(d.AdditionalLocations).SourceTree!.FilePath));
        Assert.Contains("Histogram<double> in 'ms'", diagnostics[0].GetMessage());
        Assert.Contains("at A.cs:5", diagnostics[0].GetMessage());
        Assert.Contains("with labels [region]", diagnostics[1].GetMessage());
        Assert.Contains("with labels [kind]", diagnostics[1].GetMessage());

        // Reported from the compilation end (tagged so, for IDEs); deterministic: the same files in the other order still report in B.cs.
        Assert.Contains(Microsoft.CodeAnalysis.WellKnownDiagnosticTags.CompilationEnd, diagnostics[0].Descriptor.CustomTags);
        var reversed = (await AnalyzerHarness.DiagnosticsAsync(files.Reverse().ToArray())).Where(d => d.Id == "INS1022");
        Assert.All(reversed, d => Assert.Equal("/src/B.cs", d.Location.SourceTree!.FilePath));
    }

    [Fact]
    public async Task INS1022_hand_written_instrument_against_an_attribute_default_name()
    {
        const string source = Usings + """
            public class C
            {
                static readonly Meter Meter = new("m");
                [Ingest("ws.ingest.receive")]
                public void Receive(TenantContext tenant, [Batch] byte[][] batch) { }
                [Operation("jobs.run")]
                public void Run() { }
                static readonly Histogram<double> Wrong = Meter.CreateHistogram<double>("ingest_messages_total", "ms");
                static readonly Histogram<double> Same = Meter.CreateHistogram<double>("jobs_run_duration_ms", "ms");
                static readonly Counter<long> Calls = Meter.CreateCounter<long>("jobs_run_calls_total", "{call}");
                static readonly Counter<long> Labelled = Meter.CreateCounter<long>("jobs_run_failures_total");
                public void M() { Same.Record(1.0); Calls.Add(1); Labelled.Add(1, new KeyValuePair<string, object?>("reason", "x")); }
            }
            """;

        var diagnostics = (await AnalyzerHarness.DiagnosticsAsync(source)).Where(d => d.Id == "INS1022").ToArray();

        Assert.Equal(new[] { "\"ingest_messages_total\"", "\"jobs_run_failures_total\"" }, diagnostics.Select(d => d.At(source)).ToArray());
        Assert.Contains("[Ingest] on 'C.Receive'", diagnostics[0].GetMessage());
        Assert.Equal("Ingest(\"ws.ingest.receive\")", diagnostics[0].AdditionalLocations[0].At(source));
        Assert.Contains("with labels [reason]", diagnostics[1].GetMessage());
        Assert.Contains("with labels []", diagnostics[1].GetMessage());
    }

    [Fact]
    public async Task INS1022_an_operation_with_failure_reasons_plans_its_failures_counter_with_the_reason_label()
    {
        // As in the generator, FailureReasons gives the failures counter the "reason" label by default: a hand-written
        // counter of that name with "reason" agrees with it, one without the label does not.
        const string source = Usings + """
            public class C
            {
                static readonly Meter Meter = new("m");
                [Operation("jobs.run", FailureReasons = new[] { "timeout" })]
                public void Run() { }
                [Operation("jobs.stop", FailureReasons = new[] { "timeout" })]
                public void Stop() { }
                static readonly Counter<long> Agrees = Meter.CreateCounter<long>("jobs_run_failures_total");
                static readonly Counter<long> Differs = Meter.CreateCounter<long>("jobs_stop_failures_total");
                public void M() { Agrees.Add(1, new KeyValuePair<string, object?>("reason", "timeout")); Differs.Add(1); }
            }
            """;

        var diagnostics = (await AnalyzerHarness.DiagnosticsAsync(source)).Where(d => d.Id == "INS1022").ToArray();

        Assert.Equal(new[] { "\"jobs_stop_failures_total\"" }, diagnostics.Select(d => d.At(source)).ToArray());
        Assert.Contains("with labels [reason]", diagnostics[0].GetMessage());
    }
}
