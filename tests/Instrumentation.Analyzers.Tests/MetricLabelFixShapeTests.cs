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
    public async Task A_label_whose_span_attribute_name_another_parameter_records_gets_no_fix()
    {
        // [SpanAttribute("flow_id")] on 'template' would overwrite flowId's flow_id on the span (the last SetTag wins).
        const string source = Usings + """
            public class C
            {
                [Operation("flow.run")]
                public void M([SpanAttribute("flow_id")] string flowId, [{|INS1001:MetricLabel("flow_id")|}, BoundedValues("a", "b")] string template) { }

                [Operation("flow.run2")]
                public void N([SpanAttribute] string device, [{|INS1001:MetricLabel("device")|}] SensorKind kind) { }
            }

            public enum SensorKind { Temperature }
            """;

        await Verify<MetricLabelAnalyzer, MetricLabelToSpanAttributeCodeFix>.CodeFixAsync(source, source);
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

    [Fact]
    public async Task A_bounded_values_list_on_a_line_of_its_own_goes_with_its_line()
    {
        // An analyzer trial: the removed list left a line of spaces behind; the comment above it stays.
        const string source = Usings + """
            public class C
            {
                [Operation("db.write")]
                public void M(
                    // the customer
                    [BoundedValues("a", "b")]
                    [{|INS1001:MetricLabel("customer_id")|}] string customer,
                    [BoundedValues("x")] // kept with its comment
                    [{|INS1001:MetricLabel("session_id")|}] string session)
                {
                }
            }
            """;
        const string fixedSource = Usings + """
            public class C
            {
                [Operation("db.write")]
                public void M(
                    // the customer
                    [SpanAttribute("customer_id")] string customer,
                    // kept with its comment
                    [SpanAttribute("session_id")] string session)
                {
                }
            }
            """;

        await Verify<MetricLabelAnalyzer, MetricLabelToSpanAttributeCodeFix>.CodeFixAsync(source, fixedSource);
    }
}
