using System.Threading.Tasks;
using Instrumentation.Analyzers.Tests.Infrastructure;
using Instrumentation.CodeFixes;
using Xunit;

namespace Instrumentation.Analyzers.Tests;

/// <summary>INS1001 fix on parameters that already have a span attribute, qualified labels, and separate [BoundedValues] lists with trivia.</summary>
public sealed class MetricLabelFixShapeTests
{
    private const string Usings = CardinalityTests.Usings;

    [Fact]
    public async Task A_parameter_that_is_already_a_span_attribute_loses_the_label_only()
    {
        const string source = Usings + """
            public class C
            {
                [Operation("db.write")]
                public void M([{|INS1001:MetricLabel("device")|}, SpanAttribute("device")] string device) { }
            }
            """;
        const string fixedSource = Usings + """
            public class C
            {
                [Operation("db.write")]
                public void M([SpanAttribute("device")] string device) { }
            }
            """;

        await Verify<MetricLabelAnalyzer, MetricLabelToSpanAttributeCodeFix>.CodeFixAsync(source, fixedSource);
    }

    [Fact]
    public async Task A_qualified_label_with_a_separate_bounded_values_list()
    {
        const string source = Usings + """
            public class C
            {
                [Operation("db.write")]
                public void M([{|INS1001:global::Instrumentation.MetricLabelAttribute(name: "device", AppliesTo = MetricTargets.All)|}] [BoundedValues("a", "b")] string device, int n) { }
            }
            """;
        const string fixedSource = Usings + """
            public class C
            {
                [Operation("db.write")]
                public void M([SpanAttribute(name: "device")] string device, int n) { }
            }
            """;

        await Verify<MetricLabelAnalyzer, MetricLabelToSpanAttributeCodeFix>.CodeFixAsync(source, fixedSource);
    }

    [Fact]
    public async Task Removing_a_bounded_values_list_keeps_indentation_comments_and_spaces()
    {
        const string source = Usings + """
            public class C
            {
                [Operation("db.write")]
                public void M(
                    [BoundedValues("a")] /* bounded */ [{|INS1001:MetricLabel("session")|}] string session,
                    [{|INS1001:MetricLabel(AppliesTo = MetricTargets.Duration)|}][BoundedValues("a", "b")] string device)
                {
                }
            }
            """;
        const string fixedSource = Usings + """
            public class C
            {
                [Operation("db.write")]
                public void M(
                    /* bounded */ [SpanAttribute("session")] string session,
                    [SpanAttribute] string device)
                {
                }
            }
            """;

        await Verify<MetricLabelAnalyzer, MetricLabelToSpanAttributeCodeFix>.CodeFixAsync(source, fixedSource);
    }
}
