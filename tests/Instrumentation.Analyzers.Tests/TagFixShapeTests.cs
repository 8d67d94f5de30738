using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Instrumentation.Analyzers.Tests.Infrastructure;
using Instrumentation.CodeFixes;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Instrumentation.Analyzers.Tests;

/// <summary>
/// INS1002 fixes in the shapes where they used to fail or change the code's meaning: embedded and top-level statements,
/// preprocessor directives and comments around the statement, and the places where a SetTag before the statement would
/// read the value at another time or not at all (Move is not offered there, Remove is).
/// </summary>
public sealed class TagFixShapeTests
{
    private const string Usings = CardinalityTests.Usings;
    private const string Remove = "Remove the high-cardinality tag";
    private const string Move = "Move the tag to the current span";

    private static string Method(string body, string parameters = "string userId, bool flag") => Usings + """
        public class C
        {
            static readonly Counter<long> Calls = new Meter("m").CreateCounter<long>("calls_total");
            public void M(PARAMETERS)
            {
        BODY
            }
        }
        """.Replace("PARAMETERS", parameters, System.StringComparison.Ordinal).Replace("BODY", body, System.StringComparison.Ordinal);

    [Fact]
    public async Task The_embedded_statement_of_an_if_becomes_an_empty_block_or_the_SetTag()
    {
        var source = Method("""
                    var tags = new TagList();
                    if (flag) {|INS1002:tags.Add("user_id", userId)|};
                    Calls.Add(1, tags);
            """);
        var removed = Method("""
                    var tags = new TagList();
                    if (flag) { }
                    Calls.Add(1, tags);
            """);
        var moved = Method("""
                    var tags = new TagList();
                    if (flag) global::System.Diagnostics.Activity.Current?.SetTag("user_id", userId);
                    Calls.Add(1, tags);
            """);

        await Verify<HandWrittenTagAnalyzer, RemoveMetricTagCodeFix>.CodeFixAsync(source, removed, actionIndex: 0);
        await Verify<HandWrittenTagAnalyzer, RemoveMetricTagCodeFix>.CodeFixAsync(source, moved, actionIndex: 1);
    }

    [Fact]
    public async Task The_embedded_statement_of_an_else_is_removed_as_an_empty_block()
    {
        var source = Method("""
                    var tags = new TagList();
                    if (flag) { } else tags.Add({|INS1002:new KeyValuePair<string, object?>("user_id", userId)|});
                    Calls.Add(1, tags);
            """);
        var removed = Method("""
                    var tags = new TagList();
                    if (flag) { } else { }
                    Calls.Add(1, tags);
            """);

        await Verify<HandWrittenTagAnalyzer, RemoveMetricTagCodeFix>.CodeFixAsync(source, removed, actionIndex: 0);
    }

    [Fact]
    public async Task A_top_level_statement_is_removed()
    {
        const string source = Usings + """
            var userId = Environment.UserName;
            var tags = new TagList();
            {|INS1002:tags.Add("user_id", userId)|};
            new Meter("m").CreateCounter<long>("calls_total").Add(1, tags);
            """;
        const string removed = Usings + """
            var userId = Environment.UserName;
            var tags = new TagList();
            new Meter("m").CreateCounter<long>("calls_total").Add(1, tags);
            """;
        var test = Verify<HandWrittenTagAnalyzer, RemoveMetricTagCodeFix>.Create();
        test.TestCode = source;
        test.FixedCode = removed;
        test.CodeActionIndex = 0;
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.FixedState.OutputKind = OutputKind.ConsoleApplication;
        await test.RunAsync(CancellationToken.None);
        Assert.Equal(new[] { Remove, Move }, test.OfferedTitles[0]);
    }

    [Fact]
    public async Task Removing_the_last_entry_of_an_initializer_keeps_its_directives_on_their_lines_and_the_comments_of_the_others()
    {
        // The entry under #if with a trailing comma: it went with the comma before it (and that comma's comment), and
        // its #if was put after the previous entry's '}' on the same line, which does not compile (CS1040).
        var source = Method("""
                    var tags = new TagList
                    {
                        { "ok", flag }, // bounded
            #if !NEVER
                        {|INS1002:{ "user_id", userId }|},
            #endif
                    };
                    var last = new TagList
                    {
                        { "ok", flag }, // bounded too
                        {|INS1002:{ "user_id", userId }|}
                    };
                    Calls.Add(1, tags);
                    Calls.Add(1, last);
            """);
        var removed = Method("""
                    var tags = new TagList
                    {
                        { "ok", flag }, // bounded
            #if !NEVER
            #endif
                    };
                    var last = new TagList
                    {
                        { "ok", flag } // bounded too
                    };
                    Calls.Add(1, tags);
                    Calls.Add(1, last);
            """);

        await Verify<HandWrittenTagAnalyzer, RemoveMetricTagCodeFix>.CodeFixAsync(source, removed, actionIndex: 0);
    }

    [Fact]
    public async Task Removing_one_of_two_target_typed_tags_writes_the_type_of_the_other()
    {
        // Add(1, new("ok", flag)) alone is ambiguous between Add(T, KeyValuePair) and the params overloads (CS0121).
        var source = Method("""
                    Calls.Add(1, new("ok", flag), {|INS1002:new("user_id", userId)|});
            """);
        var removed = Method("""
                    Calls.Add(1, new global::System.Collections.Generic.KeyValuePair<string, object?>("ok", flag));
            """);
        var moved = Method("""
                    global::System.Diagnostics.Activity.Current?.SetTag("user_id", userId);
                    Calls.Add(1, new global::System.Collections.Generic.KeyValuePair<string, object?>("ok", flag));
            """);

        await Verify<HandWrittenTagAnalyzer, RemoveMetricTagCodeFix>.CodeFixAsync(source, removed, actionIndex: 0);
        await Verify<HandWrittenTagAnalyzer, RemoveMetricTagCodeFix>.CodeFixAsync(source, moved, actionIndex: 1);
    }

    [Fact]
    public async Task Removing_a_statement_keeps_its_preprocessor_directives()
    {
        var source = Method("""
                    var tags = new TagList();
            #if !NEVER
                    {|INS1002:tags.Add("user_id", userId)|};
            #endif
                    Calls.Add(1, tags);
            """);
        var removed = Method("""
                    var tags = new TagList();
            #if !NEVER
            #endif
                    Calls.Add(1, tags);
            """);

        await Verify<HandWrittenTagAnalyzer, RemoveMetricTagCodeFix>.CodeFixAsync(source, removed, actionIndex: 0);
    }

    [Fact]
    public async Task Moving_keeps_directives_and_comments_once()
    {
        var source = Method("""
            #if !NEVER
                    // Count the call.
                    Calls.Add(1, {|INS1002:new KeyValuePair<string, object?>("user_id", userId)|}); // per user
            #endif
            """);
        var moved = Method("""
            #if !NEVER
                    // Count the call.
                    global::System.Diagnostics.Activity.Current?.SetTag("user_id", userId);
                    Calls.Add(1); // per user
            #endif
            """);

        await Verify<HandWrittenTagAnalyzer, RemoveMetricTagCodeFix>.CodeFixAsync(source, moved, actionIndex: 1);
    }

    public static IEnumerable<object[]> ConditionalOrReordered() => new[]
    {
        // ?: and switch arms: the tag is created in one branch only.
        new object[]
        {
            "return sampled ? new Measurement<long>(1, {|INS1002:new KeyValuePair<string, object?>(\"user_id\", userId)|}) : new Measurement<long>(1);",
            "return sampled ? new Measurement<long>(1) : new Measurement<long>(1);",
        },
        new object[]
        {
            "return kind switch { 1 => new Measurement<long>(1, {|INS1002:new KeyValuePair<string, object?>(\"user_id\", userId)|}), _ => new Measurement<long>(0) };",
            "return kind switch { 1 => new Measurement<long>(1), _ => new Measurement<long>(0) };",
        },
        // i++ runs before the value is read.
        new object[]
        {
            "var i = 0; Calls.Add(i++, {|INS1002:new KeyValuePair<string, object?>(\"user_id\", users[i])|}); return default;",
            "var i = 0; Calls.Add(i++); return default;",
        },
        // An expression tree has no statement body.
        new object[]
        {
            "System.Linq.Expressions.Expression<Func<string, Measurement<long>>> e = u => new Measurement<long>(1, new[] { {|INS1002:new KeyValuePair<string, object?>(\"user_id\", u)|} }); return default;",
            "System.Linq.Expressions.Expression<Func<string, Measurement<long>>> e = u => new Measurement<long>(1); return default;",
        },
    };

    [Theory]
    [MemberData(nameof(ConditionalOrReordered))]
    public async Task Move_is_not_offered_where_the_SetTag_would_read_the_value_at_another_time_or_always(string statement, string removedStatement)
    {
        const string template = Usings + """
            public class C
            {
                static readonly Counter<long> Calls = new Meter("m").CreateCounter<long>("calls_total");
                public Measurement<long> M(string userId, bool sampled, int kind, List<string> users)
                {
                    STATEMENT
                }
            }
            """;
        var test = Verify<HandWrittenTagAnalyzer, RemoveMetricTagCodeFix>.Create();
        test.TestCode = template.Replace("STATEMENT", statement, System.StringComparison.Ordinal);
        test.FixedCode = template.Replace("STATEMENT", removedStatement, System.StringComparison.Ordinal);
        test.CodeActionIndex = 0;
        await test.RunAsync(CancellationToken.None);
        Assert.Equal(new[] { Remove }, test.OfferedTitles[0]);
    }

    [Fact]
    public async Task Move_is_not_offered_for_a_tag_in_one_branch_of_an_expression_body()
    {
        const string source = Usings + """
            public class C
            {
                public Measurement<long> M(string userId, bool sampled) =>
                    sampled ? new Measurement<long>(1, {|INS1002:new KeyValuePair<string, object?>("user_id", userId)|}) : new Measurement<long>(1);
            }
            """;
        const string removed = Usings + """
            public class C
            {
                public Measurement<long> M(string userId, bool sampled) =>
                    sampled ? new Measurement<long>(1) : new Measurement<long>(1);
            }
            """;
        var test = Verify<HandWrittenTagAnalyzer, RemoveMetricTagCodeFix>.Create();
        test.TestCode = source;
        test.FixedCode = removed;
        test.CodeActionIndex = 0;
        await test.RunAsync(CancellationToken.None);
        Assert.Equal(new[] { Remove }, test.OfferedTitles[0]);
    }

    [Fact]
    public async Task No_fix_for_a_named_tag_argument_whose_overload_would_be_gone()
    {
        const string source = Usings + """
            public class C
            {
                static readonly Counter<long> Calls = new Meter("m").CreateCounter<long>("calls_total");
                public void M(string userId) => Calls.Add(1, tag1: {|INS1002:new KeyValuePair<string, object?>("user_id", userId)|}, tag2: new KeyValuePair<string, object?>("kind", "a"));
            }
            """;
        var test = Verify<HandWrittenTagAnalyzer, RemoveMetricTagCodeFix>.Create();
        test.TestCode = source;
        test.FixedCode = source;
        await test.RunAsync(CancellationToken.None);
    }
}
