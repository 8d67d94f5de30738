using System.Linq;
using System.Threading;
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
    public async Task INS1021_leaves_hand_written_OpenTelemetry_convention_names_alone_and_judges_other_dotted_names()
    {
        // Npgsql's and Polly's instruments follow the OpenTelemetry conventions (dots, the unit in the unit argument): 22
        // INS1021 errors in Npgsql's warnings-as-errors build once the package was added (a newcomer's trial).
        const string source = Usings + """
            public class C
            {
                static readonly Meter Meter = new("m");
                static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("db.client.operation.duration", "s");
                static readonly UpDownCounter<long> Connections = Meter.CreateUpDownCounter<long>("db.client.connection.count");
                static readonly Counter<long> Events = Meter.CreateCounter<long>("resilience.polly.strategy.events");
                static readonly Counter<long> Upper = Meter.CreateCounter<long>({|INS1021:"Db.Client.Retries"|});
                static readonly Counter<long> Doubled = Meter.CreateCounter<long>({|INS1021:"db..retries"|});
                [{|INS1021:Operation("jobs.run", CallsMetric = "jobs.run.calls")|}]
                public void M() { }
            }
            """;

        await Verify<NamingAnalyzer>.AnalyzerAsync(source);
    }

    [Fact]
    public async Task INS1021_an_operation_duration_named_in_seconds_is_renamed_to_ms_because_it_is_recorded_in_milliseconds()
    {
        const string source = Usings + """
            public class C
            {
                [{|INS1021:Operation("jobs.run", DurationMetric = "jobs_run_duration_seconds")|}]
                public void M() { }

                static readonly Meter Meter = new("m");
                static readonly Histogram<double> Handwritten = Meter.CreateHistogram<double>("jobs_wait_seconds", "s");
            }
            """;
        const string fixedSource = Usings + """
            public class C
            {
                [Operation("jobs.run", DurationMetric = "jobs_run_duration_ms")]
                public void M() { }

                static readonly Meter Meter = new("m");
                static readonly Histogram<double> Handwritten = Meter.CreateHistogram<double>("jobs_wait_seconds", "s");
            }
            """;

        await Verify<NamingAnalyzer>.AnalyzerAsync(source);
        await Verify<NamingAnalyzer, RenameToConventionCodeFix>.CodeFixAsync(source, fixedSource);
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

    private static readonly string DuplicateA = Usings + """
        public class A
        {
            static readonly Meter Meter = new("m");
            static readonly Counter<long> Jobs = Meter.CreateCounter<long>({|#1:"jobs_total"|});
            static readonly Counter<long> Runs = Meter.CreateCounter<long>({|#3:"runs_total"|});
            public void M() { Jobs.Add(1); Runs.Add(1, new KeyValuePair<string, object?>("kind", "a")); }
        }
        """;

    private static readonly string DuplicateB = Usings + """
        public class B
        {
            static readonly Meter Meter = new("m");
            static readonly Histogram<double> Jobs = Meter.CreateHistogram<double>({|#0:"jobs_total"|}, "ms");
            static readonly Counter<long> Runs = Meter.CreateCounter<long>({|#2:"runs_total"|});
            static readonly Counter<long> Same = Meter.CreateCounter<long>("jobs_total");
            public void M()
            {
                var tags = new TagList { { "region", "eu" } };
                Runs.Add(1, tags);
                Same.Add(1);
            }
        }
        """;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task INS1022_type_unit_and_label_set_reported_at_the_later_declaration_with_the_first_as_additional_location(bool reversed)
    {
        // Deterministic: whichever order the files come in, the conflict is reported in B.cs, pointing at A.cs.
        var test = new VerifyAll.Test();
        test.TestState.Sources.Add(reversed ? ("/src/B.cs", DuplicateB) : ("/src/A.cs", DuplicateA));
        test.TestState.Sources.Add(reversed ? ("/src/A.cs", DuplicateA) : ("/src/B.cs", DuplicateB));
        // The type and unit differ (the name's missing unit is INS1021 there), then the label sets differ.
        test.ExpectedDiagnostics.Add(VerifyAll.Diagnostic("INS1021").WithLocation(0)
            .WithArguments("jobs_total", "ending in a unit ('_ms', '_seconds', '_bytes') or a count ('_size', '_count')", ", for example 'jobs_total_ms'"));
        test.ExpectedDiagnostics.Add(VerifyAll.Diagnostic("INS1022").WithLocation(0).WithLocation(1)
            .WithArguments("jobs_total", "Histogram<double> in 'ms'", "Counter<long> without unit with labels []", "Meter.CreateCounter at A.cs:5"));
        test.ExpectedDiagnostics.Add(VerifyAll.Diagnostic("INS1022").WithLocation(2).WithLocation(3)
            .WithArguments("runs_total", "Counter<long> without unit with labels [region]", "Counter<long> without unit with labels [kind]", "Meter.CreateCounter at A.cs:6"));

        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public void INS1022_is_tagged_as_reported_at_the_compilation_end()
    {
        // Reported from the compilation end: tagged so, for IDEs.
        Assert.Contains(Microsoft.CodeAnalysis.WellKnownDiagnosticTags.CompilationEnd, AnalyzerDiagnostics.DuplicateMetricName.CustomTags);
    }

    [Fact]
    public async Task INS1022_hand_written_instrument_against_an_attribute_default_name()
    {
        const string source = Usings + """
            public class C
            {
                static readonly Meter Meter = new("m");
                [{|#1:Ingest("ws.ingest.receive")|}]
                public void Receive(TenantContext tenant, [Batch] byte[][] batch) { }
                [{|#3:Operation("jobs.run")|}]
                public void Run() { }
                static readonly Histogram<double> Wrong = Meter.CreateHistogram<double>({|#0:"ingest_messages_total"|}, "ms");
                static readonly Histogram<double> Same = Meter.CreateHistogram<double>("jobs_run_duration_ms", "ms");
                static readonly Counter<long> Calls = Meter.CreateCounter<long>("jobs_run_calls_total", "{call}");
                static readonly Counter<long> Labelled = Meter.CreateCounter<long>({|#2:"jobs_run_failures_total"|});
                public void M() { Same.Record(1.0); Calls.Add(1); Labelled.Add(1, new KeyValuePair<string, object?>("reason", "x")); }
            }
            """;

        await VerifyAll.AnalyzerAsync(
            source,
            VerifyAll.Diagnostic("INS1021").WithLocation(0)
                .WithArguments("ingest_messages_total", "ending in a unit ('_ms', '_seconds', '_bytes') or a count ('_size', '_count')", ", for example 'ingest_messages_total_ms'"),
            VerifyAll.Diagnostic("INS1022").WithLocation(0).WithLocation(1)
                .WithArguments("ingest_messages_total", "Histogram<double> in 'ms'", "Counter<long> in '{message}' with labels []", "[Ingest] on 'C.Receive' at Test0.cs:5"),
            VerifyAll.Diagnostic("INS1022").WithLocation(2).WithLocation(3)
                .WithArguments("jobs_run_failures_total", "Counter<long> without unit with labels [reason]", "Counter<long> in '{failure}' with labels []", "[Operation] on 'C.Run' at Test0.cs:7"));
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
                [{|#1:Operation("jobs.stop", FailureReasons = new[] { "timeout" })|}]
                public void Stop() { }
                static readonly Counter<long> Agrees = Meter.CreateCounter<long>("jobs_run_failures_total");
                static readonly Counter<long> Differs = Meter.CreateCounter<long>({|#0:"jobs_stop_failures_total"|});
                public void M() { Agrees.Add(1, new KeyValuePair<string, object?>("reason", "timeout")); Differs.Add(1); }
            }
            """;

        await VerifyAll.AnalyzerAsync(source, VerifyAll.Diagnostic("INS1022").WithLocation(0).WithLocation(1)
            .WithArguments("jobs_stop_failures_total", "Counter<long> without unit with labels []", "Counter<long> in '{failure}' with labels [reason]", "[Operation] on 'C.Stop' at Test0.cs:7"));
    }
}
