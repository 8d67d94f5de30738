using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Instrumentation.Analyzers.Contract;
using Instrumentation.Analyzers.Tests.Infrastructure;
using Instrumentation.CodeFixes;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;
using Xunit;
using VerifyContract = Instrumentation.Analyzers.Tests.Infrastructure.Verify<Instrumentation.Analyzers.Contract.TelemetryContractAnalyzer>;
using VerifyContractFix = Instrumentation.Analyzers.Tests.Infrastructure.Verify<Instrumentation.Analyzers.Contract.TelemetryContractAnalyzer, Instrumentation.CodeFixes.DeclareTelemetryCodeFix>;

namespace Instrumentation.Analyzers.Tests;

/// <summary>
/// The telemetry contract (INS0400–INS0412): the items the attributes declare against Telemetry.Shipped.txt /
/// Telemetry.Unshipped.txt, one test per breaking change with its exact location (the declaring attribute for changed
/// and new items, the shipped file's line for removed ones), and the code fix that records an item as unshipped.
/// </summary>
public sealed class TelemetryContractTests
{
    internal const string Usings = "using System; using System.Threading.Tasks; using Microsoft.Extensions.Logging; using Instrumentation;\n";

    internal const string ShippedPath = "/0/Telemetry.Shipped.txt";
    internal const string UnshippedPath = "/0/Telemetry.Unshipped.txt";

    /// <summary>One operation with one histogram (calls and failures turned off) and a closed label.</summary>
    private const string Jobs = Usings + """
        public enum Sensor { Temperature, Humidity }
        public class Jobs
        {
            [{|#0:Operation("jobs.run", CallsMetric = "", FailuresMetric = "")|}]
            public void Run([MetricLabel] Sensor sensor) { }
        }
        """;

    private const string JobsSpan = "span jobs.run operation attributes=";
    private const string JobsMetric = "metric jobs_run_duration_ms histogram unit=ms labels=sensor={humidity|temperature|other}";

    [Fact]
    public async Task Without_the_shipped_file_nothing_is_reported()
    {
        var test = Test(Jobs.Replace("{|#0:", string.Empty).Replace(")|}]", ")]"), shipped: null, unshipped: null);
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Every_item_shipped_reports_nothing()
    {
        await Test(Plain(Jobs), JobsSpan + "\n" + JobsMetric + "\n", unshipped: "").RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Items_recorded_as_unshipped_report_nothing_and_comments_are_ignored()
    {
        await Test(Plain(Jobs), "# shipped in 1.0\n\n", "# next release\n" + JobsMetric + "\n" + JobsSpan + "\n").RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task INS0400_new_items_are_reported_on_the_attribute()
    {
        var test = Test(Jobs, shipped: "", unshipped: null);
        test.ExpectedDiagnostics.Add(VerifyContract.Diagnostic("INS0400").WithLocation(0).WithArguments("Span", "jobs.run"));
        test.ExpectedDiagnostics.Add(VerifyContract.Diagnostic("INS0400").WithLocation(0).WithArguments("Metric", "jobs_run_duration_ms"));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task INS0400_fix_records_the_items_in_the_unshipped_file_sorted_below_its_comments()
    {
        var test = VerifyContractFix.Create();
        test.TestCode = Jobs;
        test.TestState.AdditionalFiles.Add((ShippedPath, string.Empty));
        test.TestState.AdditionalFiles.Add((UnshippedPath, "# Telemetry not yet released\nmetric zz_total counter unit= labels=\n"));
        test.TestState.ExpectedDiagnostics.Add(VerifyContract.Diagnostic("INS0400").WithLocation(0).WithArguments("Span", "jobs.run"));
        test.TestState.ExpectedDiagnostics.Add(VerifyContract.Diagnostic("INS0400").WithLocation(0).WithArguments("Metric", "jobs_run_duration_ms"));
        test.TestState.ExpectedDiagnostics.Add(VerifyContract.Diagnostic("INS0410").WithSpan(UnshippedPath, 2, 1, 2, 38).WithArguments("metric zz_total counter unit= labels="));
        test.FixedState.Sources.Add(Plain(Jobs));
        test.FixedState.AdditionalFiles.Add((ShippedPath, string.Empty));
        test.FixedState.AdditionalFiles.Add((UnshippedPath, "# Telemetry not yet released\n" + JobsMetric + "\nmetric zz_total counter unit= labels=\n" + JobsSpan + "\n"));
        test.FixedState.ExpectedDiagnostics.Add(VerifyContract.Diagnostic("INS0410").WithSpan(UnshippedPath, 3, 1, 3, 38).WithArguments("metric zz_total counter unit= labels="));
        test.NumberOfIncrementalIterations = 2;
        test.NumberOfFixAllIterations = 1;
        test.NumberOfFixAllInDocumentIterations = 1;
        test.NumberOfFixAllInProjectIterations = 1;
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task INS0400_fix_creates_the_unshipped_file_next_to_the_shipped_one()
    {
        var test = VerifyContractFix.Create();
        test.TestCode = Jobs;
        test.TestState.AdditionalFiles.Add((ShippedPath, JobsSpan + "\n"));
        test.TestState.ExpectedDiagnostics.Add(VerifyContract.Diagnostic("INS0400").WithLocation(0).WithArguments("Metric", "jobs_run_duration_ms"));
        test.FixedState.Sources.Add(Plain(Jobs));
        test.FixedState.AdditionalFiles.Add((ShippedPath, JobsSpan + "\n"));
        // A new file is UTF-8.
        test.FixedState.AdditionalFiles.Add((UnshippedPath, SourceText.From(JobsMetric + "\n", System.Text.Encoding.UTF8)));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task INS0401_a_removed_or_renamed_shipped_metric_is_reported_on_its_shipped_line()
    {
        var source = Jobs.Replace("jobs.run\", CallsMetric", "jobs.run\", DurationMetric = \"jobs_latency_ms\", CallsMetric");
        var test = Test(source, JobsSpan + "\n{|#1:" + JobsMetric + "|}\n", unshipped: "");
        test.ExpectedDiagnostics.Add(VerifyContract.Diagnostic("INS0401").WithLocation(1).WithArguments("jobs_run_duration_ms"));
        test.ExpectedDiagnostics.Add(VerifyContract.Diagnostic("INS0400").WithLocation(0).WithArguments("Metric", "jobs_latency_ms"));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task INS0402_instrument_kind_changed_is_reported_on_the_attribute()
    {
        var test = Test(Jobs, JobsSpan + "\n" + JobsMetric.Replace(" histogram ", " gauge ") + "\n", unshipped: "");
        test.ExpectedDiagnostics.Add(VerifyContract.Diagnostic("INS0402").WithLocation(0).WithArguments("jobs_run_duration_ms", "histogram", "gauge"));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task INS0403_unit_changed_is_reported_on_the_attribute()
    {
        var test = Test(Jobs, JobsSpan + "\n" + JobsMetric.Replace("unit=ms", "unit=s") + "\n", unshipped: "");
        test.ExpectedDiagnostics.Add(VerifyContract.Diagnostic("INS0403").WithLocation(0).WithArguments("jobs_run_duration_ms", "ms", "s"));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task INS0404_label_added_is_reported_on_the_attribute()
    {
        var test = Test(Jobs, JobsSpan + "\nmetric jobs_run_duration_ms histogram unit=ms labels=\n", unshipped: "");
        test.ExpectedDiagnostics.Add(VerifyContract.Diagnostic("INS0404").WithLocation(0).WithArguments("jobs_run_duration_ms", "added 'sensor'"));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task INS0404_label_removed_is_reported_on_the_attribute()
    {
        var test = Test(Jobs, JobsSpan + "\n" + JobsMetric + ",org\n", unshipped: "");
        test.ExpectedDiagnostics.Add(VerifyContract.Diagnostic("INS0404").WithLocation(0).WithArguments("jobs_run_duration_ms", "removed 'org'"));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task INS0405_closed_label_values_narrowed_is_reported_on_the_attribute()
    {
        var test = Test(Jobs, JobsSpan + "\nmetric jobs_run_duration_ms histogram unit=ms labels=sensor={humidity|pressure|temperature|other}\n", unshipped: "");
        test.ExpectedDiagnostics.Add(VerifyContract.Diagnostic("INS0405").WithLocation(0).WithArguments("jobs_run_duration_ms", "sensor", "'pressure'"));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Widening_a_closed_label_is_not_breaking_but_is_recorded_as_unshipped_INS0411()
    {
        var shipped = JobsSpan + "\nmetric jobs_run_duration_ms histogram unit=ms labels=sensor={temperature|other}\n";
        var test = Test(Jobs, shipped, unshipped: "");
        test.ExpectedDiagnostics.Add(VerifyContract.Diagnostic("INS0411").WithLocation(0).WithArguments("Metric", "jobs_run_duration_ms", "Telemetry.Shipped.txt"));
        await test.RunAsync(CancellationToken.None);

        // Recorded: nothing left.
        await Test(Plain(Jobs), shipped, JobsMetric + "\n").RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task INS0411_an_unshipped_line_for_a_shipped_item_that_does_not_match_the_code_is_reported()
    {
        // The shipped line matches the code; the unshipped line, which replaces it, does not (left behind, or written by hand).
        var test = Test(Jobs, JobsSpan + "\n" + JobsMetric + "\n", "metric jobs_run_duration_ms histogram unit=s labels=sensor={humidity|temperature|other}\n");
        test.ExpectedDiagnostics.Add(VerifyContract.Diagnostic("INS0411").WithLocation(0).WithArguments("Metric", "jobs_run_duration_ms", "Telemetry.Unshipped.txt"));
        await test.RunAsync(CancellationToken.None);

        // The same line, matching the code: nothing.
        await Test(Plain(Jobs), JobsSpan + "\n" + JobsMetric + "\n", JobsMetric + "\n").RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Label_values_holding_the_lines_own_characters_are_written_encoded_and_read_back_as_one_value()
    {
        const string source = Usings + """
            public class Modes
            {
                [{|#0:Operation("modes.run", CallsMetric = "", FailuresMetric = "")|}]
                public void Run([MetricLabel, BoundedValues("a b", "x|y", "c,d", "50%")] string mode) { }
            }
            """;
        const string span = "span modes.run operation attributes=";
        const string metric = "metric modes_run_duration_ms histogram unit=ms labels=mode={50%25|a%20b|c%2Cd|x%7Cy|other}";
        await Test(Plain(source), span + "\n" + metric + "\n", unshipped: "").RunAsync(CancellationToken.None);

        // "x|y" removed from the code: one value narrowed (INS0405), named as it is.
        var narrowed = Test(source.Replace(", \"x|y\"", string.Empty, System.StringComparison.Ordinal), span + "\n" + metric + "\n", unshipped: "");
        narrowed.ExpectedDiagnostics.Add(VerifyContract.Diagnostic("INS0405").WithLocation(0).WithArguments("modes_run_duration_ms", "mode", "'x|y'"));
        await narrowed.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task INS0411_fix_replaces_the_outdated_unshipped_line()
    {
        var test = VerifyContractFix.Create();
        test.TestCode = Jobs;
        test.TestState.AdditionalFiles.Add((ShippedPath, JobsSpan + "\n"));
        test.TestState.AdditionalFiles.Add((UnshippedPath, "metric jobs_run_duration_ms histogram unit=ms labels=\n"));
        test.TestState.ExpectedDiagnostics.Add(VerifyContract.Diagnostic("INS0411").WithLocation(0).WithArguments("Metric", "jobs_run_duration_ms", "Telemetry.Unshipped.txt"));
        // INS0411 compares the item merged over the whole compilation, so it is a compilation-end (non-local) diagnostic:
        // the IDE shows it, and offers this fix, with full-solution analysis or after a build (INS0400 is local).
        test.CodeFixTestBehaviors |= CodeFixTestBehaviors.SkipLocalDiagnosticCheck;
        test.FixedState.Sources.Add(Plain(Jobs));
        test.FixedState.AdditionalFiles.Add((ShippedPath, JobsSpan + "\n"));
        test.FixedState.AdditionalFiles.Add((UnshippedPath, JobsMetric + "\n"));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task INS0406_a_removed_or_renamed_shipped_span_is_reported_on_its_shipped_line()
    {
        var test = Test(Plain(Jobs), "{|#1:span jobs.execute operation attributes=|}\n" + JobsSpan + "\n" + JobsMetric + "\n", unshipped: "");
        test.ExpectedDiagnostics.Add(VerifyContract.Diagnostic("INS0406").WithLocation(1).WithArguments("jobs.execute"));
        await test.RunAsync(CancellationToken.None);
    }

    private const string Logs = Usings + """
        public static partial class Log
        {
            [{|#0:LogMethod(LogLevel.Warning, "Device {deviceUuid} rejected: {reason}", EventId = 1001, EventName = "DeviceRefused")|}]
            public static partial void DeviceRejected(ILogger logger, string deviceUuid, string reason);
        }
        """;

    private const string LogsImplementation = """

        public static partial class Log
        {
            public static partial void DeviceRejected(ILogger logger, string deviceUuid, string reason) { }
        }
        """;

    [Fact]
    public async Task INS0407_a_removed_shipped_log_event_is_reported_on_its_shipped_line()
    {
        var test = Test(Plain(Logs) + LogsImplementation, "log Log:1001 DeviceRefused Warning fields=deviceUuid,reason\n{|#1:log Log:1002 DeviceLost Error fields=deviceUuid|}\n", unshipped: "");
        test.ExpectedDiagnostics.Add(VerifyContract.Diagnostic("INS0407").WithLocation(1).WithArguments("Log:1002", "DeviceLost"));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task INS0408_a_renamed_shipped_log_event_is_reported_on_the_attribute()
    {
        var test = Test(Logs + LogsImplementation, "log Log:1001 DeviceRejected Warning fields=deviceUuid,reason\n", unshipped: "");
        test.ExpectedDiagnostics.Add(VerifyContract.Diagnostic("INS0408").WithLocation(0).WithArguments("Log:1001", "DeviceRefused", "DeviceRejected"));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_log_field_is_recorded_under_the_templates_first_spelling_as_the_generator_names_it()
    {
        // The generator names a field by the placeholder as the template first writes it ({DeviceUuid} for a parameter
        // deviceUuid); the contract used the parameter's name, so its line disagreed with the telemetry the app writes.
        const string source = Usings + """
            public static partial class Log
            {
                [LogMethod(LogLevel.Warning, "Device {DeviceUuid} rejected: {REASON} ({reason}), {{literal}} {count,4:D}", EventId = 1001, EventName = "DeviceRefused")]
                public static partial void DeviceRejected(ILogger logger, string deviceUuid, string reason, int count, int attempt);
            }

            public static partial class Log
            {
                public static partial void DeviceRejected(ILogger logger, string deviceUuid, string reason, int count, int attempt) { }
            }
            """;
        await Test(Plain(source), "log Log:1001 DeviceRefused Warning fields=DeviceUuid,REASON,attempt,count\n", unshipped: "").RunAsync(CancellationToken.None);
    }

    private const string ClassifiedLogs = Usings + """
        public static partial class Log
        {
            [{|#0:LogMethod(LogLevel.Warning, "Line {line} rejected for {contact}", EventId = 7)|}]
            public static partial void LineRejected(ILogger logger, string line, CONTACT string contact);
        }

        public static partial class Log
        {
            public static partial void LineRejected(ILogger logger, string line, string contact) { }
        }
        """;

    private const string ClassifiedLine = "log Log:7 LineRejected Warning fields=contact[PersonalData],line\n";

    [Fact]
    public async Task A_classified_field_is_recorded_with_its_classification_and_the_line_matches()
    {
        await Test(Plain(ClassifiedLogs).Replace("CONTACT", "[PersonalData]"), ClassifiedLine, unshipped: "").RunAsync(CancellationToken.None);
    }

    [Theory]
    [InlineData("", "unclassified")]
    [InlineData("[SecretData]", "classified SecretData")]
    public async Task INS0413_a_shipped_classification_removed_or_changed_is_reported_on_the_attribute(string now, string what)
    {
        // A library author's trial: [PersonalData] removed from a field named 'contact' (INS1010 sees nothing sensitive in
        // the name) passed the contract silently, and its values went to every sink in clear.
        var test = Test(ClassifiedLogs.Replace("CONTACT", now), ClassifiedLine, unshipped: "");
        test.ExpectedDiagnostics.Add(VerifyContract.Diagnostic("INS0413").WithLocation(0).WithArguments("log event", "Log:7", "contact", "PersonalData", what));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_line_written_before_classifications_were_recorded_reports_nothing_on_an_SDK_update()
    {
        await Test(Plain(ClassifiedLogs).Replace("CONTACT", "[PersonalData]"), "log Log:7 LineRejected Warning fields=contact,line\n", unshipped: "").RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task INS0413_covers_span_attributes_and_funnel_properties_too()
    {
        const string source = Usings + """
            public class Keys
            {
                [{|#0:Operation("keys.rotate", CallsMetric = "", FailuresMetric = "", DurationMetric = "")|}]
                public void Rotate([SpanAttribute] string owner) { }

                [{|#1:FunnelEvent("KeyRotated")|}]
                public void Rotated([EventProperty] string owner) { }

                [{|#2:FunnelEvent("KeyIssued")|}]
                [return: EventProperty("key")]
                public string Issue() => "k";
            }
            """;
        var shipped = "span keys.rotate operation attributes=owner[PersonalData]\nfunnel KeyRotated properties=owner[PersonalData]\nfunnel KeyIssued properties=key[SecretData]\n";
        var test = Test(source, shipped, unshipped: "");
        test.ExpectedDiagnostics.Add(VerifyContract.Diagnostic("INS0413").WithLocation(0).WithArguments("span", "keys.rotate", "owner", "PersonalData", "unclassified"));
        test.ExpectedDiagnostics.Add(VerifyContract.Diagnostic("INS0413").WithLocation(1).WithArguments("funnel event", "KeyRotated", "owner", "PersonalData", "unclassified"));
        test.ExpectedDiagnostics.Add(VerifyContract.Diagnostic("INS0413").WithLocation(2).WithArguments("funnel event", "KeyIssued", "key", "SecretData", "unclassified"));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_classified_return_property_is_recorded_with_its_classification()
    {
        const string source = Usings + """
            public class Keys
            {
                [FunnelEvent("KeyIssued")]
                [return: EventProperty("key"), SecretData]
                public string Issue() => "k";
            }
            """;
        await Test(source, "funnel KeyIssued properties=key[SecretData]\n", unshipped: "").RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task INS0409_a_removed_shipped_funnel_event_is_reported_on_its_shipped_line()
    {
        const string source = Usings + """
            public class Orgs
            {
                [FunnelEvent("OrgCreated")]
                public void Create([EventProperty] string orgId, [EventProperty("user")] string userId) { }
            }
            """;
        var test = Test(source, "funnel OrgCreated properties=org_id,user\n{|#1:funnel OrgDeleted properties=org_id|}\n", unshipped: "");
        test.ExpectedDiagnostics.Add(VerifyContract.Diagnostic("INS0409").WithLocation(1).WithArguments("OrgDeleted"));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task INS0410_an_unshipped_line_that_matches_nothing_is_reported_on_it()
    {
        var test = Test(Plain(Jobs), JobsSpan + "\n" + JobsMetric + "\n", "{|#1:span jobs.cancel operation attributes=|}\n");
        test.ExpectedDiagnostics.Add(VerifyContract.Diagnostic("INS0410").WithLocation(1).WithArguments("span jobs.cancel operation attributes="));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task INS0412_unreadable_and_repeated_lines_are_reported_on_them()
    {
        var test = Test(Plain(Jobs), JobsSpan + "\n" + JobsMetric + "\n{|#1:" + JobsSpan + "|}\n{|#2:meter jobs_total|}\n{|#3:metric jobs_x_total counter labels=|}\n", unshipped: "");
        test.ExpectedDiagnostics.Add(VerifyContract.Diagnostic("INS0412").WithLocation(1).WithArguments("Telemetry.Shipped.txt", "'span jobs.run' is listed twice"));
        test.ExpectedDiagnostics.Add(VerifyContract.Diagnostic("INS0412").WithLocation(2).WithArguments("Telemetry.Shipped.txt", "it starts with 'meter' instead of metric, span, log or funnel"));
        test.ExpectedDiagnostics.Add(VerifyContract.Diagnostic("INS0412").WithLocation(3).WithArguments("Telemetry.Shipped.txt", "a metric line is 'metric <name> <kind> unit=<unit> labels=<labels>'"));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Items_of_every_kind_are_described_as_the_generators_name_them()
    {
        const string source = Usings + """
            public enum Kind { Device, Dashboard }
            public class Service : ITenantScoped
            {
                public TenantContext Tenant => default;
                [Ingest("ws.ingest.receive", OrgLabel = MetricTargets.Duration, FailureReasons = new[] { "parse", "auth" })]
                public void Receive([DeviceUuid] string device, [Batch] int[] batch, [SpanAttribute] string messageId, [MetricLabel(AppliesTo = MetricTargets.Calls), BoundedValues("a", "b")] string shard, [MetricLabel("kind", AppliesTo = MetricTargets.Messages)] Kind? connectionKind) { }
                [FunnelEvent("DeviceRegistered", OncePerEntity = true, EntityId = "device")]
                public void Register([EventProperty] string device) { }
            }
            public static partial class Log
            {
                [LogMethod(LogLevel.Error, "Lost {device}")]
                public static partial void DeviceLost(ILogger logger, Exception error, string device);
                public static partial void DeviceLost(ILogger logger, Exception error, string device) { }
            }
            """;
        var lines = new[]
        {
            "funnel DeviceRegistered properties=device once-per-entity",
            "log Log:" + Instrumentation.Naming.LogEventIds.StableId("DeviceLost") + " DeviceLost Error fields=device",
            "metric ingest_batch_size histogram unit={message} labels=",
            "metric ingest_calls_total counter unit={call} labels=shard={a|b|other}",
            "metric ingest_failures_total counter unit={failure} labels=reason~{auth|parse}",
            "metric ingest_messages_total counter unit={message} labels=kind={dashboard|device|other|none}",
            "metric ingest_processing_latency_ms histogram unit=ms labels=org",
            "span ws.ingest.receive ingest attributes=device_uuid,message_id,org_id,project_id",
        };
        await Test(source, string.Join("\n", lines) + "\n", unshipped: "").RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task An_operations_batch_metrics_are_described_as_the_generator_names_them()
    {
        // [Batch] on an [Operation] feeds <span>_messages_total and <span>_batch_size (it fed nothing before): the contract
        // lists exactly what the generator declares, with the generators present as users have them.
        const string source = Usings + """
            public class Store
            {
                [Operation("db.rows.write")]
                public int Write([Batch] int[] rows) => rows.Length;
                [Operation("db.rows.copy", MessagesMetric = "rows_copied_total", BatchSizeMetric = "")]
                public int Copy([Batch] int rows) => rows;
                public int Call() => Write(new int[2]) + Copy(3);
            }
            """;
        var lines = new[]
        {
            "metric db_rows_copy_calls_total counter unit={call} labels=",
            "metric db_rows_copy_duration_ms histogram unit=ms labels=",
            "metric db_rows_copy_failures_total counter unit={failure} labels=",
            "metric db_rows_write_batch_size histogram unit={message} labels=",
            "metric db_rows_write_calls_total counter unit={call} labels=",
            "metric db_rows_write_duration_ms histogram unit=ms labels=",
            "metric db_rows_write_failures_total counter unit={failure} labels=",
            "metric db_rows_write_messages_total counter unit={message} labels=",
            "metric rows_copied_total counter unit={message} labels=",
            "span db.rows.copy operation attributes=",
            "span db.rows.write operation attributes=",
        };
        await Test(source, string.Join("\n", lines) + "\n", unshipped: "", withGenerators: true).RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task With_the_generators_the_diagnostics_and_locations_are_the_same()
    {
        var source = Jobs.Replace("public void Run([MetricLabel] Sensor sensor) { }", "public void Run([MetricLabel] Sensor sensor) { }\n    public void Call() => Run(Sensor.Humidity);");
        var test = Test(source, JobsSpan + "\n{|#1:metric jobs_run_duration_ms histogram unit=ms labels=sensor={humidity|pressure|temperature|other}|}\n{|#2:span jobs.old operation attributes=|}\n", unshipped: "", withGenerators: true);
        test.ExpectedDiagnostics.Add(VerifyContract.Diagnostic("INS0405").WithLocation(0).WithArguments("jobs_run_duration_ms", "sensor", "'pressure'"));
        test.ExpectedDiagnostics.Add(VerifyContract.Diagnostic("INS0406").WithLocation(2).WithArguments("jobs.old"));
        await test.RunAsync(CancellationToken.None);
    }

    /// <summary>
    /// Severities on the compiler's API (as a build applies them): an .editorconfig section sets the severity of a diagnostic
    /// at the attribute; a global config sets it for one in a telemetry file (not a .cs file, so no section matches it).
    /// </summary>
    [Theory]
    [InlineData("[*.cs]\ndotnet_diagnostic.INS0402.severity = error\n", "INS0402", Microsoft.CodeAnalysis.DiagnosticSeverity.Error)]
    [InlineData("[*.cs]\ndotnet_diagnostic.INS0402.severity = suggestion\n", "INS0402", Microsoft.CodeAnalysis.DiagnosticSeverity.Info)]
    [InlineData("is_global = true\ndotnet_diagnostic.INS0406.severity = error\n", "INS0406", Microsoft.CodeAnalysis.DiagnosticSeverity.Error)]
    public async Task Editorconfig_sets_the_severity_of_contract_diagnostics(string editorconfig, string id, Microsoft.CodeAnalysis.DiagnosticSeverity expected)
    {
        var shipped = "span jobs.old operation attributes=\n" + JobsSpan + "\n" + JobsMetric.Replace(" histogram ", " gauge ") + "\n";
        var files = new[] { ("/src/Jobs.cs", Plain(Jobs)) };

        var diagnostics = await AnalyzerHarness.DiagnosticsAsync(files, editorconfig: editorconfig, additionalFiles: new[] { ("/src/Telemetry.Shipped.txt", shipped), ("/src/Telemetry.Unshipped.txt", string.Empty) });

        var contract = diagnostics.Where(d => d.Id.StartsWith("INS04", System.StringComparison.Ordinal)).OrderBy(d => d.Id, System.StringComparer.Ordinal).ToList();
        Assert.Equal(new[] { "INS0402", "INS0406" }, contract.Select(d => d.Id));
        Assert.Equal(expected, contract.Single(d => d.Id == id).Severity);
        Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Warning, contract.Single(d => d.Id != id).Severity);
    }

    [Fact]
    public async Task Editorconfig_none_turns_a_contract_diagnostic_off()
    {
        var shipped = JobsSpan + "\n" + JobsMetric.Replace(" histogram ", " gauge ") + "\n";
        var diagnostics = await AnalyzerHarness.DiagnosticsAsync(
            new[] { ("/src/Jobs.cs", Plain(Jobs)) },
            editorconfig: "[*.cs]\ndotnet_diagnostic.INS0402.severity = none\n",
            additionalFiles: new[] { ("/src/Telemetry.Shipped.txt", shipped) });

        Assert.DoesNotContain(diagnostics, d => d.Id.StartsWith("INS04", System.StringComparison.Ordinal));
    }

    internal static Verify<TelemetryContractAnalyzer>.AnalyzerTest Test(string source, string? shipped, string? unshipped, bool withGenerators = false)
    {
        var test = VerifyContract.Create(withGenerators);
        test.TestCode = source;
        if (shipped is not null)
        {
            test.TestState.AdditionalFiles.Add((ShippedPath, shipped));
        }

        if (unshipped is not null)
        {
            test.TestState.AdditionalFiles.Add((UnshippedPath, unshipped));
        }

        return test;
    }

    /// <summary>The source without its location markers.</summary>
    private static string Plain(string markup) => markup.Replace("{|#0:", string.Empty).Replace("|}]", "]");
}
