using System;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Instrumentation.Analyzers.Tests.Infrastructure;
using Instrumentation.CodeFixes;
using Microsoft.CodeAnalysis.Testing;
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
                    Calls.Add(1, {|#0:new KeyValuePair<string, object?>("device_id", deviceId)|}, new KeyValuePair<string, object?>("kind", "a"));
                    var tags = new TagList { {|#1:{ "user_id", userId }|}, { "kind", "a" } };
                    Calls.Add(1, tags);
                }
            }
            """;

        // Every analyzer: exactly these two.
        await VerifyAll.AnalyzerAsync(source, Tag(0, "device_id"), Tag(1, "user_id"));

        // One removal: the other tag stays reported.
        var marked = Marked(source);
        var single = Usings + """
            public class C
            {
                static readonly Counter<long> Calls = new Meter("m").CreateCounter<long>("calls_total");
                public void M(string deviceId, string userId)
                {
                    Calls.Add(1, new KeyValuePair<string, object?>("kind", "a"));
                    var tags = new TagList { {|INS1002:{ "user_id", userId }|}, { "kind", "a" } };
                    Calls.Add(1, tags);
                }
            }
            """;
        await Verify<HandWrittenTagAnalyzer, RemoveMetricTagCodeFix>.CodeFixOneAsync(marked, single, Pick.At("INS1002", "new KeyValuePair<string, object?>(\"device_id\", deviceId)"));
        await VerifyAll.AnalyzerAsync(single);

        // One move: the tag becomes a SetTag on the current activity just before the statement.
        var moved = Usings + """
            public class C
            {
                static readonly Counter<long> Calls = new Meter("m").CreateCounter<long>("calls_total");
                public void M(string deviceId, string userId)
                {
                    global::System.Diagnostics.Activity.Current?.SetTag("device_id", deviceId);
                    Calls.Add(1, new KeyValuePair<string, object?>("kind", "a"));
                    var tags = new TagList { {|INS1002:{ "user_id", userId }|}, { "kind", "a" } };
                    Calls.Add(1, tags);
                }
            }
            """;
        await Verify<HandWrittenTagAnalyzer, RemoveMetricTagCodeFix>.CodeFixOneAsync(marked, moved, Pick.At("INS1002", "new KeyValuePair<string, object?>(\"device_id\", deviceId)"), actionIndex: 1);
        await VerifyAll.AnalyzerAsync(moved);

        // Fix All (remove and move) of this source: the whole fixed sources are asserted by the next test.
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
                    users.ForEach(u => Calls.Add(1, {|#0:new KeyValuePair<string, object?>("user_id", u)|}));
                    var total = users.Sum(u => { Calls.Add(1, {|#1:new KeyValuePair<string, object?>("user_id", u)|}); return 1; });
                    Func<string, Measurement<long>> f = u => new Measurement<long>(1, {|#2:new KeyValuePair<string, object?>("session_id", u)|});
                }
            }
            """;
        await VerifyAll.AnalyzerAsync(source, Tag(0, "user_id"), Tag(1, "user_id"), Tag(2, "session_id"));
        var marked = Marked(source);

        const string first = Usings + """
            public class C
            {
                static readonly Counter<long> Calls = new Meter("m").CreateCounter<long>("calls_total");
                public void M(List<string> users, Func<string, long> measure)
                {
                    users.ForEach(u => { global::System.Diagnostics.Activity.Current?.SetTag("user_id", u); Calls.Add(1); });
                    var total = users.Sum(u => { Calls.Add(1, {|INS1002:new KeyValuePair<string, object?>("user_id", u)|}); return 1; });
                    Func<string, Measurement<long>> f = u => new Measurement<long>(1, {|INS1002:new KeyValuePair<string, object?>("session_id", u)|});
                }
            }
            """;
        await Verify<HandWrittenTagAnalyzer, RemoveMetricTagCodeFix>.CodeFixOneAsync(marked, first, d => d.Id == "INS1002" && d.Location.SourceSpan.Start == At(source, 0), actionIndex: 1);
        await VerifyAll.AnalyzerAsync(first);

        const string second = Usings + """
            public class C
            {
                static readonly Counter<long> Calls = new Meter("m").CreateCounter<long>("calls_total");
                public void M(List<string> users, Func<string, long> measure)
                {
                    users.ForEach(u => Calls.Add(1, {|INS1002:new KeyValuePair<string, object?>("user_id", u)|}));
                    var total = users.Sum(u => { global::System.Diagnostics.Activity.Current?.SetTag("user_id", u); Calls.Add(1); return 1; });
                    Func<string, Measurement<long>> f = u => new Measurement<long>(1, {|INS1002:new KeyValuePair<string, object?>("session_id", u)|});
                }
            }
            """;
        await Verify<HandWrittenTagAnalyzer, RemoveMetricTagCodeFix>.CodeFixOneAsync(marked, second, d => d.Id == "INS1002" && d.Location.SourceSpan.Start == At(source, 1), actionIndex: 1);
        await VerifyAll.AnalyzerAsync(second);

        const string returning = Usings + """
            public class C
            {
                static readonly Counter<long> Calls = new Meter("m").CreateCounter<long>("calls_total");
                public void M(List<string> users, Func<string, long> measure)
                {
                    users.ForEach(u => Calls.Add(1, {|INS1002:new KeyValuePair<string, object?>("user_id", u)|}));
                    var total = users.Sum(u => { Calls.Add(1, {|INS1002:new KeyValuePair<string, object?>("user_id", u)|}); return 1; });
                    Func<string, Measurement<long>> f = u => { global::System.Diagnostics.Activity.Current?.SetTag("session_id", u); return new Measurement<long>(1); };
                }
            }
            """;
        await Verify<HandWrittenTagAnalyzer, RemoveMetricTagCodeFix>.CodeFixOneAsync(marked, returning, Pick.At("INS1002", "new KeyValuePair<string, object?>(\"session_id\", u)"), actionIndex: 1);
        await VerifyAll.AnalyzerAsync(returning);

        const string all = Usings + """
            public class C
            {
                static readonly Counter<long> Calls = new Meter("m").CreateCounter<long>("calls_total");
                public void M(List<string> users, Func<string, long> measure)
                {
                    users.ForEach(u => { global::System.Diagnostics.Activity.Current?.SetTag("user_id", u); Calls.Add(1); });
                    var total = users.Sum(u => { global::System.Diagnostics.Activity.Current?.SetTag("user_id", u); Calls.Add(1); return 1; });
                    Func<string, Measurement<long>> f = u => { global::System.Diagnostics.Activity.Current?.SetTag("session_id", u); return new Measurement<long>(1); };
                }
            }
            """;
        await Verify<HandWrittenTagAnalyzer, RemoveMetricTagCodeFix>.CodeFixAsync(marked, all, actionIndex: 1);
        await VerifyAll.AnalyzerAsync(all);
    }

    [Fact]
    public async Task Move_is_not_offered_where_the_value_would_be_out_of_scope_or_no_statement_can_go()
    {
        const string source = Usings + """
            public class C
            {
                static readonly Counter<long> Calls = new Meter("m").CreateCounter<long>("calls_total");
                static readonly KeyValuePair<string, object?>[] Fixed = { {|#0:new KeyValuePair<string, object?>("host", Environment.MachineName)|} };
                static long Next(out string id) { id = Guid.NewGuid().ToString(); return 1; }
                public void M()
                {
                    Calls.Add(1, Fixed);
                    Calls.Add(Next(out var id), {|#1:new KeyValuePair<string, object?>("user_id", id)|});
                }
            }
            """;
        await VerifyAll.AnalyzerAsync(
            source,
            VerifyAll.Diagnostic("INS1002").WithLocation(0).WithArguments("host", "its value is a non-constant string"),
            Tag(1, "user_id"));
        var marked = Marked(source);

        // The only tag of an array initializer leaves an empty one; a field initializer has no statement to put a SetTag before.
        const string noHost = Usings + """
            public class C
            {
                static readonly Counter<long> Calls = new Meter("m").CreateCounter<long>("calls_total");
                static readonly KeyValuePair<string, object?>[] Fixed = { };
                static long Next(out string id) { id = Guid.NewGuid().ToString(); return 1; }
                public void M()
                {
                    Calls.Add(1, Fixed);
                    Calls.Add(Next(out var id), {|INS1002:new KeyValuePair<string, object?>("user_id", id)|});
                }
            }
            """;
        var host = Verify<HandWrittenTagAnalyzer, RemoveMetricTagCodeFix>.Create();
        host.TestCode = marked;
        host.FixedCode = noHost;
        host.FixOnly(Pick.At("INS1002", "new KeyValuePair<string, object?>(\"host\", Environment.MachineName)"));
        // Reported when the recording that uses the field is analyzed: a non-local diagnostic (see the last test).
        host.CodeFixTestBehaviors |= CodeFixTestBehaviors.SkipLocalDiagnosticCheck;
        await host.RunAsync(CancellationToken.None);
        Assert.Equal(new[] { "Remove the high-cardinality tag" }, host.OfferedTitles[0]);
        await VerifyAll.AnalyzerAsync(noHost);

        // 'id' is declared by the call itself (out var): a SetTag before the statement could not see it.
        const string noUser = Usings + """
            public class C
            {
                static readonly Counter<long> Calls = new Meter("m").CreateCounter<long>("calls_total");
                static readonly KeyValuePair<string, object?>[] Fixed = { {|INS1002:new KeyValuePair<string, object?>("host", Environment.MachineName)|} };
                static long Next(out string id) { id = Guid.NewGuid().ToString(); return 1; }
                public void M()
                {
                    Calls.Add(1, Fixed);
                    Calls.Add(Next(out var id));
                }
            }
            """;
        var user = Verify<HandWrittenTagAnalyzer, RemoveMetricTagCodeFix>.Create();
        user.TestCode = marked;
        user.FixedCode = noUser;
        user.FixOnly(Pick.At("INS1002", "new KeyValuePair<string, object?>(\"user_id\", id)"));
        // This tag alone is local (checked: the same fix passes the check in a source without the field), but the
        // framework's check fails here because the field's non-local tag is in the same document.
        user.CodeFixTestBehaviors |= CodeFixTestBehaviors.SkipLocalDiagnosticCheck;
        await user.RunAsync(CancellationToken.None);
        Assert.Equal(new[] { "Remove the high-cardinality tag" }, user.OfferedTitles[0]);
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
                    {|#0:tags.Add("user_id", userId)|};
                    tags.Add({|#1:new KeyValuePair<string, object?>("session_id", userId)|});
                    if (slow) Latency.Record(1.0, new[] { {|#2:new KeyValuePair<string, object?>("request_id", userId)|} });
                    Latency.Record(1.0, tags);
                }
            }
            """;
        await VerifyAll.AnalyzerAsync(source, Tag(0, "user_id"), Tag(1, "session_id"), Tag(2, "request_id"));
        var marked = Marked(source);

        const string removed = Usings + """
            public class C
            {
                static readonly Histogram<double> Latency = new Meter("m").CreateHistogram<double>("latency_ms");
                public void M(string userId, string email, bool slow)
                {
                    var tags = new TagList();
                    {|INS1002:tags.Add("user_id", userId)|};
                    if (slow) Latency.Record(1.0, new[] { {|INS1002:new KeyValuePair<string, object?>("request_id", userId)|} });
                    Latency.Record(1.0, tags);
                }
            }
            """;
        await Verify<HandWrittenTagAnalyzer, RemoveMetricTagCodeFix>.CodeFixOneAsync(marked, removed, Pick.At("INS1002", "new KeyValuePair<string, object?>(\"session_id\", userId)"));
        await VerifyAll.AnalyzerAsync(removed);

        const string moved = Usings + """
            public class C
            {
                static readonly Histogram<double> Latency = new Meter("m").CreateHistogram<double>("latency_ms");
                public void M(string userId, string email, bool slow)
                {
                    var tags = new TagList();
                    global::System.Diagnostics.Activity.Current?.SetTag("user_id", userId);
                    tags.Add({|INS1002:new KeyValuePair<string, object?>("session_id", userId)|});
                    if (slow) Latency.Record(1.0, new[] { {|INS1002:new KeyValuePair<string, object?>("request_id", userId)|} });
                    Latency.Record(1.0, tags);
                }
            }
            """;
        await Verify<HandWrittenTagAnalyzer, RemoveMetricTagCodeFix>.CodeFixOneAsync(marked, moved, Pick.At("INS1002", "tags.Add(\"user_id\", userId)"), actionIndex: 1);
        await VerifyAll.AnalyzerAsync(moved);

        const string embedded = Usings + """
            public class C
            {
                static readonly Histogram<double> Latency = new Meter("m").CreateHistogram<double>("latency_ms");
                public void M(string userId, string email, bool slow)
                {
                    var tags = new TagList();
                    {|INS1002:tags.Add("user_id", userId)|};
                    tags.Add({|INS1002:new KeyValuePair<string, object?>("session_id", userId)|});
                    if (slow)
                    {
                        global::System.Diagnostics.Activity.Current?.SetTag("request_id", userId);
                        Latency.Record(1.0);
                    }
                    Latency.Record(1.0, tags);
                }
            }
            """;
        await Verify<HandWrittenTagAnalyzer, RemoveMetricTagCodeFix>.CodeFixOneAsync(marked, embedded, Pick.At("INS1002", "new KeyValuePair<string, object?>(\"request_id\", userId)"), actionIndex: 1);
        await VerifyAll.AnalyzerAsync(embedded);

        const string all = Usings + """
            public class C
            {
                static readonly Histogram<double> Latency = new Meter("m").CreateHistogram<double>("latency_ms");
                public void M(string userId, string email, bool slow)
                {
                    var tags = new TagList();
                    global::System.Diagnostics.Activity.Current?.SetTag("user_id", userId);
                    global::System.Diagnostics.Activity.Current?.SetTag("session_id", userId);
                    if (slow)
                    {
                        global::System.Diagnostics.Activity.Current?.SetTag("request_id", userId);
                        Latency.Record(1.0);
                    }
                    Latency.Record(1.0, tags);
                }
            }
            """;
        await Verify<HandWrittenTagAnalyzer, RemoveMetricTagCodeFix>.CodeFixAsync(marked, all, actionIndex: 1);
        await VerifyAll.AnalyzerAsync(all);
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
                    var tags = new[] { {|#0:new KeyValuePair<string, object?>("user_id", userId)|} };
                    Calls.Add(1, tags);
                }
            }
            """;
        await VerifyAll.AnalyzerAsync(source, Tag(0, "user_id"));

        const string removed = Usings + """
            public class C
            {
                static readonly Counter<long> Calls = new Meter("m").CreateCounter<long>("calls_total");
                public void M(string userId)
                {
                    var tags = global::System.Array.Empty<global::System.Collections.Generic.KeyValuePair<string, object?>>();
                    Calls.Add(1, tags);
                }
            }
            """;
        const string moved = Usings + """
            public class C
            {
                static readonly Counter<long> Calls = new Meter("m").CreateCounter<long>("calls_total");
                public void M(string userId)
                {
                    global::System.Diagnostics.Activity.Current?.SetTag("user_id", userId);
                    var tags = global::System.Array.Empty<global::System.Collections.Generic.KeyValuePair<string, object?>>();
                    Calls.Add(1, tags);
                }
            }
            """;
        foreach (var (fixedSource, action) in new[] { (removed, 0), (moved, 1) })
        {
            var test = Verify<HandWrittenTagAnalyzer, RemoveMetricTagCodeFix>.Create();
            test.TestCode = Marked(source);
            test.FixedCode = fixedSource;
            test.CodeActionIndex = action;
            // The tag of a local array is reported when the recording that uses the array is analyzed (another statement),
            // so it is a non-local diagnostic: the framework refuses to fix those unless told. Known limitation of
            // HandWrittenTagAnalyzer (an IDE computing diagnostics for the array's line alone would not offer the fix).
            test.CodeFixTestBehaviors |= CodeFixTestBehaviors.SkipLocalDiagnosticCheck;
            await test.RunAsync(CancellationToken.None);
        }

        await VerifyAll.AnalyzerAsync(removed);
        await VerifyAll.AnalyzerAsync(moved);
    }

    /// <summary>INS1002 for a key whose name denotes an identifier, at location <paramref name="location"/>, from every analyzer.</summary>
    private static DiagnosticResult Tag(int location, string key) =>
        VerifyAll.Diagnostic("INS1002").WithLocation(location).WithArguments(key, "its name '" + key + "' denotes an identifier or personal value");

    /// <summary>The <c>{|#n:…|}</c> locations as INS1002 markup (for the code-fix verifier).</summary>
    private static string Marked(string source) => Regex.Replace(source, @"\{\|#\d+:", "{|INS1002:");

    /// <summary>Where the <c>{|#n:…|}</c> location starts in the source without markup.</summary>
    private static int At(string source, int location)
    {
        var start = source.IndexOf("{|#" + location.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":", StringComparison.Ordinal);
        return Regex.Replace(source.Substring(0, start), @"\{\|#\d+:|\|\}", string.Empty).Length;
    }
}
