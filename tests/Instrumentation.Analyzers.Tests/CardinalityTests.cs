using System.Linq;
using System.Threading.Tasks;
using Instrumentation.Analyzers.Tests.Infrastructure;
using Instrumentation.CodeFixes;
using Xunit;

namespace Instrumentation.Analyzers.Tests;

/// <summary>INS1001 ([MetricLabel]) and INS1002 (hand-written tags): what is flagged, where, and what stays silent.</summary>
public sealed class CardinalityTests
{
    internal const string Usings = "using System; using System.Collections.Generic; using System.Diagnostics; using System.Diagnostics.Metrics; using Instrumentation;\n";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task INS1001_on_a_partial_method_split_over_two_files_is_reported_once(bool onTheImplementation)
    {
        // Found by an analyzer probe: the two halves of a partial method are two symbols with the same merged parameter
        // attributes, and each reported the label: two identical warnings at one place.
        var label = onTheImplementation ? "string userName" : "[{|INS1001:MetricLabel|}] string userName";
        var implementation = onTheImplementation ? "[{|INS1001:MetricLabel|}] string userName" : "string userName";
        var test = Verify<MetricLabelAnalyzer>.Create();
        test.TestState.Sources.Add(("/src/A.cs", Usings + "public partial class Orders { [Operation(\"orders.place\")] public partial void Place(" + label + "); }"));
        test.TestState.Sources.Add(("/src/B.cs", Usings + "public partial class Orders { public partial void Place(" + implementation + ") { } }"));
        await test.RunAsync(System.Threading.CancellationToken.None);
    }

    [Fact]
    public async Task INS1001_device_label_is_flagged_even_with_bounded_values_and_the_fix_makes_it_a_span_attribute()
    {
        const string source = Usings + """
            public enum Sensor { Temperature }
            public class C
            {
                [Operation("db.write")]
                public void M([{|INS1001:MetricLabel("device")|}, BoundedValues("a", "b")] string device, [MetricLabel] Sensor sensor, [MetricLabel] bool ok) { }
            }
            """;
        const string fixedSource = Usings + """
            public enum Sensor { Temperature }
            public class C
            {
                [Operation("db.write")]
                public void M([SpanAttribute("device")] string device, [MetricLabel] Sensor sensor, [MetricLabel] bool ok) { }
            }
            """;

        await Verify<MetricLabelAnalyzer>.AnalyzerAsync(source);
        await Verify<MetricLabelAnalyzer, MetricLabelToSpanAttributeCodeFix>.CodeFixAsync(source, fixedSource);
    }

    [Fact]
    public async Task INS1001_fix_all_turns_every_flagged_label_into_a_span_attribute()
    {
        const string source = Usings + """
            public enum Kind { A }
            public class C
            {
                [Operation("db.write")]
                public void M([{|INS1001:MetricLabel|}] string userId, [{|INS1001:MetricLabel("session")|}, BoundedValues("a")] string session, [MetricLabel] Kind kind) { }
                [Operation("db.read")]
                public void N([{|INS1001:MetricLabel|}] Guid requestId) { }
            }
            """;
        const string fixedSource = Usings + """
            public enum Kind { A }
            public class C
            {
                [Operation("db.write")]
                public void M([SpanAttribute] string userId, [SpanAttribute("session")] string session, [MetricLabel] Kind kind) { }
                [Operation("db.read")]
                public void N([SpanAttribute] Guid requestId) { }
            }
            """;

        await Verify<MetricLabelAnalyzer, MetricLabelToSpanAttributeCodeFix>.CodeFixAsync(source, fixedSource);
    }

    [Theory]
    [InlineData("[MetricLabel] string region", "MetricLabel", "'region'", "a free string (declare its values with [BoundedValues])")]
    [InlineData("[MetricLabel] Guid batch", "MetricLabel", "'batch'", "a Guid is an identifier")]
    [InlineData("[MetricLabel] DateTime at", "MetricLabel", "'at'", "a DateTime is a timestamp")]
    [InlineData("[MetricLabel] int attempt", "MetricLabel", "'attempt'", "a number has unbounded values")]
    [InlineData("[MetricLabel(\"user_id\")] bool flag", "MetricLabel(\"user_id\")", "'user_id'", "its name 'user_id' denotes an identifier or personal value")]
    [InlineData("[MetricLabel] string customer", "MetricLabel", "'customer'", "its name 'customer' denotes an identifier or personal value")]
    [InlineData("[MetricLabel] Kind deviceId", "MetricLabel", "'device_id'", "its name 'device_id' denotes an identifier or personal value")]
    [InlineData("[MetricLabel(\"url\"), BoundedValues(\"/a\")] string u", "MetricLabel(\"url\")", "'url'", "its name 'url' denotes an identifier or personal value")]
    [InlineData("[MetricLabel(\"first_name\")] Kind k", "MetricLabel(\"first_name\")", "'first_name'", "its name 'first_name' denotes an identifier or personal value")]
    public async Task INS1001_by_type_or_name_at_the_attribute(string parameter, string at, string name, string reason)
    {
        // The attribute right after "M([" is the only diagnostic of every analyzer, with the label name and the reason.
        var marked = "[{|#0:" + at + "|}" + parameter.Substring(1 + at.Length);
        var source = Usings + "public enum Kind { A }\npublic class C { [Operation(\"db.write\")] public void M(" + marked + ") { } }";

        await VerifyAll.AnalyzerAsync(source, VerifyAll.Diagnostic("INS1001").WithLocation(0).WithArguments(name.Trim('\''), reason));
    }

    [Fact]
    public async Task INS1001_a_bounded_type_wins_over_a_key_that_is_not_an_identifier()
    {
        const string source = Usings + """
            public enum Kind { A, B }
            public class C
            {
                [Operation("db.write")]
                public void M(
                    [MetricLabel] Kind deviceKind,
                    [MetricLabel("message_type")] Kind messageType,
                    [MetricLabel("span_kind")] Kind spanKind,
                    [MetricLabel] Kind? optionalKind,
                    [MetricLabel] bool isUser,
                    [MetricLabel("request_method"), BoundedValues("GET", "POST")] string method,
                    [MetricLabel("queue_name"), BoundedValues("ingest", "broadcast")] string queue,
                    [MetricLabel("path"), BoundedValues("/api/devices/{id}")] string path) { }
            }
            """;

        await VerifyAll.AnalyzerAsync(source);
    }

    [Fact]
    public async Task INS1002_a_local_every_write_of_which_is_a_constant_is_bounded()
    {
        // var outcome = "ok"; … catch { outcome = "error"; }: two values. A migration trial's build failed with INS1002 on it
        // (the analyzer followed a local written once only), and the fix's removal of the tag left the local unused (CS0219).
        const string source = Usings + """
            public class C
            {
                static readonly Meter Meter = new("m");
                static readonly Counter<long> Charges = Meter.CreateCounter<long>("charges_total");
                public void M(Func<bool> charge, string reason)
                {
                    var outcome = "ok";
                    string status;
                    var detail = "none";
                    try { if (!charge()) { outcome = "declined"; } status = "done"; }
                    catch (InvalidOperationException) { outcome = "error"; status = "failed"; detail = reason; }
                    Charges.Add(1, new KeyValuePair<string, object?>("outcome", outcome), new KeyValuePair<string, object?>("status", status),
                        {|INS1002:new KeyValuePair<string, object?>("detail", detail)|});
                }
            }
            """;

        await Verify<HandWrittenTagAnalyzer>.AnalyzerAsync(source);
    }

    [Fact]
    public async Task INS1002_leaves_the_attributes_OpenTelemetry_defines_for_metrics_alone_and_judges_look_alikes()
    {
        // Npgsql's db metrics (server.address, server.port, db.client.connection.pool.name) failed its warnings-as-errors
        // build once the package was added (a newcomer's trial): the conventions require them with their real values.
        const string source = Usings + """
            public class C
            {
                static readonly Meter Meter = new("Npgsql");
                static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("db.client.operation.duration", "s");
                public void M(string host, int port, string pool, string database)
                {
                    var tags = new TagList
                    {
                        { "server.address", host },
                        { "server.port", port },
                        { "db.client.connection.pool.name", pool },
                        { "db.namespace", database },
                        {|INS1002:{ "server_address", host }|},
                        {|INS1002:{ "user.id", host }|},
                    };
                    Duration.Record(1.0, tags);
                }
            }
            """;

        await Verify<HandWrittenTagAnalyzer>.AnalyzerAsync(source);
    }

    [Fact]
    public async Task INS1002_every_measurement_shape_with_exact_locations()
    {
        const string source = Usings + """
            public class C
            {
                static readonly Meter Meter = new("m");
                static readonly Counter<long> Calls = Meter.CreateCounter<long>("calls_total");
                static readonly UpDownCounter<long> Active = Meter.CreateUpDownCounter<long>("active");
                static readonly Histogram<double> Latency = Meter.CreateHistogram<double>("latency_ms");
                static readonly Gauge<long> Depth = Meter.CreateGauge<long>("depth");
                public void M(string deviceId, Guid session, string userId, string email)
                {
                    Calls.Add(1, {|INS1002:new KeyValuePair<string, object?>("device_id", deviceId)|});
                    Active.Add(1, {|INS1002:new KeyValuePair<string, object?>("session", session)|});
                    Latency.Record(2.0, new[] { {|INS1002:new KeyValuePair<string, object?>("user_id", userId)|} });
                    Depth.Record(3, [{|INS1002:new KeyValuePair<string, object?>("trace_id", userId)|}]);
                    var tags = new TagList { {|INS1002:{ "customer", "acme" }|} };
                    {|#0:tags.Add("at", DateTime.UtcNow)|};
                    tags.Add({|INS1002:new KeyValuePair<string, object?>("email", email)|});
                    Latency.Record(1.0, tags);
                    Latency.Record(1.0, new TagList(new[] { {|INS1002:new KeyValuePair<string, object?>("ip", userId)|} }));
                    Calls.Add(1, {|INS1002:KeyValuePair.Create("request_id", (object?)userId)|});
                    _ = new Measurement<int>(1, {|INS1002:new KeyValuePair<string, object?>("url", userId)|});
                }
            }
            """;

        // The marked location #0 is also checked for its message arguments: the tag key and the reason.
        await Verify<HandWrittenTagAnalyzer>.AnalyzerAsync(
            source,
            Verify<HandWrittenTagAnalyzer>.Diagnostic("INS1002").WithLocation(0).WithArguments("at", "a DateTime is a timestamp"));
    }

    [Fact]
    public async Task INS1002_tags_held_in_locals_are_followed_and_reported_once_where_they_are_created()
    {
        const string source = Usings + """
            public class C
            {
                static readonly Meter Meter = new("m");
                static readonly Counter<long> Calls = Meter.CreateCounter<long>("calls_total");
                public void M(string id)
                {
                    var arr = new[] { {|INS1002:new KeyValuePair<string, object?>("user_id", id)|}, new KeyValuePair<string, object?>("kind", "a") };
                    Calls.Add(1, arr);
                    Calls.Add(2, arr);
                    ReadOnlySpan<KeyValuePair<string, object?>> span = [{|INS1002:new KeyValuePair<string, object?>("session_id", id)|}];
                    Calls.Add(1, span);
                    var single = {|INS1002:new KeyValuePair<string, object?>("device", id)|};
                    Calls.Add(1, single);
                    var measurementTags = new[] { {|INS1002:KeyValuePair.Create({|INS1010:"email"|}, (object?)id)|} };
                    _ = new Measurement<int>(1, measurementTags);
                }
            }
            """;

        // Each tag once, where it is created (not again at the second recording), and nothing else from any analyzer.
        await VerifyAll.AnalyzerAsync(source);
    }

    [Fact]
    public async Task INS1002_stays_silent_for_constants_enums_bools_and_bounded_sets()
    {
        const string source = Usings + """
            public enum Kind { A, B }
            public class C
            {
                static readonly Meter Meter = new("m");
                static readonly Counter<long> Calls = Meter.CreateCounter<long>("calls_total");
                static readonly string[] Regions = { "eu", "us" };
                static readonly string[] Tiers = ["free", "paid"];
                [BoundedValues("gold", "silver")] static string Plan { get; set; } = "gold";
                public void M(Kind kind, bool ok, int status, int i, [BoundedValues("eu", "us")] string region, string? maybe)
                {
                    Calls.Add(1, new KeyValuePair<string, object?>("status", "ok"));
                    Calls.Add(1, new KeyValuePair<string, object?>("kind", kind));
                    Calls.Add(1, new KeyValuePair<string, object?>("message_type", kind.ToString()));
                    var k = kind.ToString();
                    Calls.Add(1, new KeyValuePair<string, object?>("kind", k));
                    object boxed = kind;
                    Calls.Add(1, new KeyValuePair<string, object?>("span_kind", boxed));
                    Calls.Add(1, new KeyValuePair<string, object?>("ok", ok));
                    Calls.Add(1, new KeyValuePair<string, object?>("status_code", status));
                    Calls.Add(1, new KeyValuePair<string, object?>("region", region));
                    Calls.Add(1, new KeyValuePair<string, object?>("region", Regions[i]));
                    Calls.Add(1, new KeyValuePair<string, object?>("tier", Tiers[i % 2]));
                    Calls.Add(1, new KeyValuePair<string, object?>("plan", Plan));
                    Calls.Add(1, new KeyValuePair<string, object?>("cache", ok ? "hit" : "miss"));
                    Calls.Add(1, new KeyValuePair<string, object?>("size_class", i switch { < 10 => "small", < 100 => "medium", _ => "large" }));
                    Calls.Add(1, new KeyValuePair<string, object?>("region", maybe is null ? "none" : region));
                    Calls.Add(1, new KeyValuePair<string, object?>("request_method", $"{kind}"));
                    Calls.Add(1, new KeyValuePair<string, object?>("queue_name", nameof(Calls)));
                    Calls.Add(1, new KeyValuePair<string, object?>("path", "/api/devices/{id}"));
                    foreach (var r in Regions)
                    {
                        Calls.Add(1, new KeyValuePair<string, object?>("region", r));
                    }

                    var tags = new TagList { { "kind", kind }, { "region", region } };
                    tags.Add("ok", ok);
                    Calls.Add(1, tags);
                }
            }
            """;

        await VerifyAll.AnalyzerAsync(source);
    }

    [Theory]
    [InlineData("(\"path\", route)", "its value is a non-constant string: free text or a path with ids in it (record a route template or a declared set)")]
    [InlineData("(\"url\", \"https://example.org\")", "its name 'url' denotes an identifier or personal value")]
    [InlineData("(\"customer\", \"acme\")", "its name 'customer' denotes an identifier or personal value")]
    [InlineData("(\"retry_count\", attempts)", "its key names a quantity, whose integer values are unbounded")]
    [InlineData("(\"bucket\", (long)attempts)", "a 64-bit integer is an id, a count or a timestamp")]
    [InlineData("(\"ratio\", 0.5 * attempts)", "a floating-point value is a measurement, not a label")]
    [InlineData("(\"kind\", twice)", "its value is a non-constant string")]
    [InlineData("(\"device\", kind)", "its name 'device' denotes an identifier or personal value")]
    public async Task INS1002_key_and_value_judgement(string tag, string reason)
    {
        var source = Usings + """
            public enum Kind { A }
            public class C
            {
                static readonly Counter<long> Calls = new Meter("m").CreateCounter<long>("calls_total");
                public void M(string route, int attempts, Kind kind, bool flip)
                {
                    var twice = "a";
                    if (flip) twice = route;
                    Calls.Add(1, {|#0:new KeyValuePair<string, object?>
            """ + tag + "|});\n    }\n}\n";

        // The only diagnostic of every analyzer: at the whole tag, with the key and the reason.
        await VerifyAll.AnalyzerAsync(source, VerifyAll.Diagnostic("INS1002").WithLocation(0).WithArguments(tag.Split('"')[1], reason));
    }
}
