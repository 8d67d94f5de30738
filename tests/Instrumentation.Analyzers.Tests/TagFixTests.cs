using System.Linq;
using System.Threading.Tasks;
using Instrumentation.Analyzers.Tests.Infrastructure;
using Instrumentation.CodeFixes;
using Xunit;

namespace Instrumentation.Analyzers.Tests;

/// <summary>INS1002 fixes: remove the tag, or move it to <c>Activity.Current</c> where the value is in scope. Every output compiles and is re-analyzed.</summary>
public sealed class TagFixTests
{
    private const string Usings = CardinalityTests.Usings + "using System.Linq;\n";

    [Fact]
    public async Task Remove_and_move_a_tag_and_fix_all_removes_every_one()
    {
        const string source = Usings + """
            public class C
            {
                static readonly Counter<long> Calls = new Meter("m").CreateCounter<long>("calls_total");
                public void M(string deviceId, string userId)
                {
                    Calls.Add(1, new KeyValuePair<string, object?>("device_id", deviceId), new KeyValuePair<string, object?>("kind", "a"));
                    var tags = new TagList { { "user_id", userId }, { "kind", "a" } };
                    Calls.Add(1, tags);
                }
            }
            """;
        var diagnostics = await AnalyzerHarness.DiagnosticsAsync(source);
        Assert.Equal(2, diagnostics.Length);

        var single = await AnalyzerHarness.ApplyFixAsync(source, diagnostics[0], new RemoveMetricTagCodeFix());
        Assert.Contains("Calls.Add(1, new KeyValuePair<string, object?>(\"kind\", \"a\"));", single);
        Assert.Single(await AnalyzerHarness.CompileAndAnalyzeAsync(single));

        var moved = await AnalyzerHarness.ApplyFixAsync(source, diagnostics[0], new RemoveMetricTagCodeFix(), actionIndex: 1);
        Assert.Contains("        global::System.Diagnostics.Activity.Current?.SetTag(\"device_id\", deviceId);\n        Calls.Add(1, new KeyValuePair<string, object?>(\"kind\", \"a\"));", moved);
        Assert.Single(await AnalyzerHarness.CompileAndAnalyzeAsync(moved));

        var all = await AnalyzerHarness.FixAllAsync(source, "INS1002", new RemoveMetricTagCodeFix());
        Assert.DoesNotContain("device_id", all);
        Assert.DoesNotContain("user_id", all);
        Assert.Contains("{ \"kind\", \"a\" }", all);
        Assert.Empty(await AnalyzerHarness.CompileAndAnalyzeAsync(all));

        var allMoved = await AnalyzerHarness.FixAllAsync(source, "INS1002", new RemoveMetricTagCodeFix(), actionIndex: 1);
        Assert.Contains("SetTag(\"device_id\", deviceId);", allMoved);
        Assert.Contains("SetTag(\"user_id\", userId);", allMoved);
        Assert.Empty(await AnalyzerHarness.CompileAndAnalyzeAsync(allMoved));
    }

    [Fact]
    public async Task Remove_and_move_as_whole_fixed_sources_with_fix_all()
    {
        const string source = Usings + """
            public class C
            {
                static readonly Counter<long> Calls = new Meter("m").CreateCounter<long>("calls_total");
                public void M(string deviceId, string userId)
                {
                    Calls.Add(1, {|INS1002:new KeyValuePair<string, object?>("device_id", deviceId)|}, new KeyValuePair<string, object?>("kind", "a"));
                    var tags = new TagList { {|INS1002:{ "user_id", userId }|}, { "kind", "a" } };
                    Calls.Add(1, tags);
                }
            }
            """;
        const string removed = Usings + """
            public class C
            {
                static readonly Counter<long> Calls = new Meter("m").CreateCounter<long>("calls_total");
                public void M(string deviceId, string userId)
                {
                    Calls.Add(1, new KeyValuePair<string, object?>("kind", "a"));
                    var tags = new TagList { { "kind", "a" } };
                    Calls.Add(1, tags);
                }
            }
            """;
        const string moved = Usings + """
            public class C
            {
                static readonly Counter<long> Calls = new Meter("m").CreateCounter<long>("calls_total");
                public void M(string deviceId, string userId)
                {
                    global::System.Diagnostics.Activity.Current?.SetTag("device_id", deviceId);
                    Calls.Add(1, new KeyValuePair<string, object?>("kind", "a"));
                    global::System.Diagnostics.Activity.Current?.SetTag("user_id", userId);
                    var tags = new TagList { { "kind", "a" } };
                    Calls.Add(1, tags);
                }
            }
            """;

        await Verify<HandWrittenTagAnalyzer>.AnalyzerAsync(source);
        await Verify<HandWrittenTagAnalyzer, RemoveMetricTagCodeFix>.CodeFixAsync(source, removed, actionIndex: 0);
        await Verify<HandWrittenTagAnalyzer, RemoveMetricTagCodeFix>.CodeFixAsync(source, moved, actionIndex: 1);
    }

    [Fact]
    public async Task Move_inside_an_expression_lambda_gives_it_a_block_body()
    {
        const string source = Usings + """
            public class C
            {
                static readonly Counter<long> Calls = new Meter("m").CreateCounter<long>("calls_total");
                public void M(List<string> users, Func<string, long> measure)
                {
                    users.ForEach(u => Calls.Add(1, new KeyValuePair<string, object?>("user_id", u)));
                    var total = users.Sum(u => { Calls.Add(1, new KeyValuePair<string, object?>("user_id", u)); return 1; });
                    Func<string, Measurement<long>> f = u => new Measurement<long>(1, new KeyValuePair<string, object?>("session_id", u));
                }
            }
            """;
        var diagnostics = await AnalyzerHarness.DiagnosticsAsync(source);
        Assert.Equal(3, diagnostics.Length);

        var first = await AnalyzerHarness.ApplyFixAsync(source, diagnostics[0], new RemoveMetricTagCodeFix(), actionIndex: 1);
        Assert.Contains("users.ForEach(u =>", first);
        Assert.Contains("global::System.Diagnostics.Activity.Current?.SetTag(\"user_id\", u);", first);
        Assert.Equal(2, (await AnalyzerHarness.CompileAndAnalyzeAsync(first)).Length);

        var second = await AnalyzerHarness.ApplyFixAsync(source, diagnostics[1], new RemoveMetricTagCodeFix(), actionIndex: 1);
        Assert.Contains("{ global::System.Diagnostics.Activity.Current?.SetTag(\"user_id\", u); Calls.Add(1); return 1; }", second.Replace("\n", " ").Replace("  ", " ").Replace("  ", " ").Replace("  ", " "));
        Assert.Equal(2, (await AnalyzerHarness.CompileAndAnalyzeAsync(second)).Length);

        var returning = await AnalyzerHarness.ApplyFixAsync(source, diagnostics[2], new RemoveMetricTagCodeFix(), actionIndex: 1);
        Assert.Contains("return new Measurement<long>(1);", returning);
        Assert.Equal(2, (await AnalyzerHarness.CompileAndAnalyzeAsync(returning)).Length);

        var all = await AnalyzerHarness.FixAllAsync(source, "INS1002", new RemoveMetricTagCodeFix(), actionIndex: 1);
        Assert.Empty(await AnalyzerHarness.CompileAndAnalyzeAsync(all));
    }

    [Fact]
    public async Task Move_is_not_offered_where_the_value_would_be_out_of_scope_or_no_statement_can_go()
    {
        const string source = Usings + """
            public class C
            {
                static readonly Counter<long> Calls = new Meter("m").CreateCounter<long>("calls_total");
                static readonly KeyValuePair<string, object?>[] Fixed = { new KeyValuePair<string, object?>("host", Environment.MachineName) };
                static long Next(out string id) { id = Guid.NewGuid().ToString(); return 1; }
                public void M()
                {
                    Calls.Add(1, Fixed);
                    Calls.Add(Next(out var id), new KeyValuePair<string, object?>("user_id", id));
                }
            }
            """;
        var diagnostics = await AnalyzerHarness.DiagnosticsAsync(source);
        Assert.Equal(new[] { "new KeyValuePair<string, object?>(\"host\", Environment.MachineName)", "new KeyValuePair<string, object?>(\"user_id\", id)" }, diagnostics.Select(d => d.At(source)));

        Assert.Equal(new[] { "Remove the high-cardinality tag" }, await AnalyzerHarness.ActionTitlesAsync(source, diagnostics[0], new RemoveMetricTagCodeFix()));
        Assert.Equal(new[] { "Remove the high-cardinality tag" }, await AnalyzerHarness.ActionTitlesAsync(source, diagnostics[1], new RemoveMetricTagCodeFix()));

        // The only tag of new[] { ... } leaves an empty array, typed explicitly.
        var removed = await AnalyzerHarness.ApplyFixAsync(source, diagnostics[0], new RemoveMetricTagCodeFix());
        Assert.Contains("Fixed = { }", removed);
        Assert.Single(await AnalyzerHarness.CompileAndAnalyzeAsync(removed));
    }

    [Fact]
    public async Task TagList_Add_statements_are_removed_or_become_SetTag_and_embedded_statements_get_a_block()
    {
        const string source = Usings + """
            public class C
            {
                static readonly Histogram<double> Latency = new Meter("m").CreateHistogram<double>("latency_ms");
                public void M(string userId, string email, bool slow)
                {
                    var tags = new TagList();
                    tags.Add("user_id", userId);
                    tags.Add(new KeyValuePair<string, object?>("session_id", userId));
                    if (slow) Latency.Record(1.0, new[] { new KeyValuePair<string, object?>("request_id", userId) });
                    Latency.Record(1.0, tags);
                }
            }
            """;
        var diagnostics = await AnalyzerHarness.DiagnosticsAsync(source);
        Assert.Equal(3, diagnostics.Length);

        var removed = await AnalyzerHarness.ApplyFixAsync(source, diagnostics[1], new RemoveMetricTagCodeFix());
        Assert.DoesNotContain("session_id", removed);
        Assert.Equal(2, (await AnalyzerHarness.CompileAndAnalyzeAsync(removed)).Length);

        var moved = await AnalyzerHarness.ApplyFixAsync(source, diagnostics[0], new RemoveMetricTagCodeFix(), actionIndex: 1);
        Assert.Contains("        global::System.Diagnostics.Activity.Current?.SetTag(\"user_id\", userId);\n        tags.Add(new KeyValuePair", moved);
        Assert.Equal(2, (await AnalyzerHarness.CompileAndAnalyzeAsync(moved)).Length);

        var embedded = await AnalyzerHarness.ApplyFixAsync(source, diagnostics[2], new RemoveMetricTagCodeFix(), actionIndex: 1);
        Assert.Contains("global::System.Diagnostics.Activity.Current?.SetTag(\"request_id\", userId);", embedded);
        Assert.Contains("        if (slow)\n        {\n            global::System.Diagnostics.Activity.Current?.SetTag(\"request_id\", userId);\n            Latency.Record(1.0);\n        }\n", embedded);
        Assert.Equal(2, (await AnalyzerHarness.CompileAndAnalyzeAsync(embedded)).Length);

        var all = await AnalyzerHarness.FixAllAsync(source, "INS1002", new RemoveMetricTagCodeFix(), actionIndex: 1);
        Assert.Empty(await AnalyzerHarness.CompileAndAnalyzeAsync(all));
    }

    [Fact]
    public async Task Removing_the_last_tag_of_a_local_implicit_array_keeps_its_type()
    {
        const string source = Usings + """
            public class C
            {
                static readonly Counter<long> Calls = new Meter("m").CreateCounter<long>("calls_total");
                public void M(string userId)
                {
                    var tags = new[] { new KeyValuePair<string, object?>("user_id", userId) };
                    Calls.Add(1, tags);
                }
            }
            """;
        var diagnostic = Assert.Single(await AnalyzerHarness.DiagnosticsAsync(source));

        var removed = await AnalyzerHarness.ApplyFixAsync(source, diagnostic, new RemoveMetricTagCodeFix());
        var moved = await AnalyzerHarness.ApplyFixAsync(source, diagnostic, new RemoveMetricTagCodeFix(), actionIndex: 1);

        Assert.Contains("var tags = global::System.Array.Empty<global::System.Collections.Generic.KeyValuePair<string, object?>>();", removed);
        Assert.Contains("        global::System.Diagnostics.Activity.Current?.SetTag(\"user_id\", userId);\n        var tags = global::System.Array.Empty", moved);
        Assert.Empty(await AnalyzerHarness.CompileAndAnalyzeAsync(removed));
        Assert.Empty(await AnalyzerHarness.CompileAndAnalyzeAsync(moved));
    }
}
