using System.Threading.Tasks;
using Instrumentation.Analyzers.Tests.Infrastructure;
using Instrumentation.CodeFixes;
using Microsoft.CodeAnalysis.CodeFixes;
using Xunit;

namespace Instrumentation.Analyzers.Tests;

/// <summary>
/// INS1001 and INS1002 Fix All as <c>dotnet format</c> asks for it: without an equivalence key when no fix is offered
/// for the first diagnostic. Every diagnostic that has a fix is fixed, the others are left as they are.
/// </summary>
public sealed class CardinalityFixAllTests
{
    private const string Usings = CardinalityTests.Usings;

    [Theory]
    [InlineData(FixAllScope.Document)]
    [InlineData(FixAllScope.Project)]
    [InlineData(FixAllScope.Solution)]
    public async Task INS1001_fix_all_asked_without_a_key_turns_every_flagged_label_into_a_span_attribute(FixAllScope scope)
    {
        const string source = Usings + """
            public class C
            {
                [Operation("db.write")]
                public void M([MetricLabel("device")] string device, [MetricLabel] string userId) { }
            }
            """;
        const string fixedSource = Usings + """
            public class C
            {
                [Operation("db.write")]
                public void M([SpanAttribute("device")] string device, [SpanAttribute] string userId) { }
            }
            """;

        Assert.Equal(fixedSource, await AnalyzerHarness.FixAllWithoutKeyAsync(source, "INS1001", new MetricLabelToSpanAttributeCodeFix(), scope));
    }

    [Theory]
    [InlineData(FixAllScope.Document)]
    [InlineData(FixAllScope.Project)]
    [InlineData(FixAllScope.Solution)]
    public async Task INS1002_fix_all_as_dotnet_format_runs_it_removes_the_others_when_the_first_has_no_fix(FixAllScope scope)
    {
        // Without one of its named arguments no overload of Add fits: no fix is offered for the first tag.
        const string source = Usings + """
            public class C
            {
                static readonly Counter<long> Calls = new Meter("m").CreateCounter<long>("calls_total");
                public void M(string userId, string sessionId)
                {
                    Calls.Add(1, tag1: new KeyValuePair<string, object?>("user_id", userId), tag2: new KeyValuePair<string, object?>("kind", "a"));
                    var tags = new TagList();
                    tags.Add("user_id", userId);
                    tags.Add("session_id", sessionId);
                    Calls.Add(1, tags);
                }
            }
            """;
        const string fixedSource = Usings + """
            public class C
            {
                static readonly Counter<long> Calls = new Meter("m").CreateCounter<long>("calls_total");
                public void M(string userId, string sessionId)
                {
                    Calls.Add(1, tag1: new KeyValuePair<string, object?>("user_id", userId), tag2: new KeyValuePair<string, object?>("kind", "a"));
                    var tags = new TagList();
                    Calls.Add(1, tags);
                }
            }
            """;

        Assert.Equal(fixedSource, await AnalyzerHarness.FixAllLikeDotnetFormatAsync(source, "INS1002", new RemoveMetricTagCodeFix(), scope));
    }
}
