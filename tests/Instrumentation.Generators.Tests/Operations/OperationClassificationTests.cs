using System;
using System.Linq;
using Instrumentation.Generators.Operations;
using Instrumentation.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Instrumentation.Generators.Tests.Operations;

/// <summary>
/// Issue 13: <c>[SpanAttribute]</c> and <c>[LogField]</c> parameters follow the classification rules of <c>[LogMethod]</c>
/// parameters — a team's own taxonomy is carried as data (taxonomy + value), <c>[NonSensitiveData]</c> /
/// <c>[NoDataClassification]</c> keep a value as it is, an unreadable classification is INS1012.
/// </summary>
public sealed class OperationClassificationTests
{
    private const string Source = """
        using Instrumentation;
        using Microsoft.Extensions.Compliance.Classification;

        namespace Demo
        {
            public static class Taxonomy
            {
                public const string Name = "Contoso";
                public static DataClassification Private => new(Name, nameof(Private));
            }

            public sealed class PrivateDataAttribute : DataClassificationAttribute { public PrivateDataAttribute() : base(Taxonomy.Private) { } }

            public sealed class Dispatcher
            {
                [Operation("demo.dispatch")]
                public void Dispatch(
                    [SpanAttribute("address"), LogField("address"), PrivateData] string address,
                    [SpanAttribute("support"), LogField("support"), NonSensitiveData] string support,
                    [SpanAttribute("desk"), LogField("desk"), NoDataClassification] string desk,
                    [SpanAttribute("note"), LogField("note")] string note)
                {
                }

                public void Call() => Dispatch("a", "s", "d", "n");
            }
        }
        """;

    [Fact]
    public void A_custom_classification_is_redacted_with_its_own_taxonomy_and_non_sensitive_values_are_kept_as_they_are()
    {
        var run = GeneratorHarness.Run(new OperationGenerator(), Source);

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.DoesNotContain(run.Problems, d => d.Severity >= DiagnosticSeverity.Warning);
        var code = string.Join("\n", run.GeneratedSources.Values);
        const string Contoso = "new global::Microsoft.Extensions.Compliance.Classification.DataClassification(\"Contoso\", \"Private\")";
        Assert.Contains("activity.SetTag(\"address\", global::Instrumentation.Redaction.Redactors.Redact(" + Contoso + ", ", code, StringComparison.Ordinal);
        Assert.Contains("CorrelationField.Classified(\"address\", " + Contoso + ", ", code, StringComparison.Ordinal);
        Assert.DoesNotContain("DataClass.Personal", code, StringComparison.Ordinal);
        foreach (var kept in new[] { "support", "desk" })
        {
            Assert.Matches("activity\\.SetTag\\(\"" + kept + "\", state\\.[A-Za-z0-9_@]+\\);", code);
            Assert.Matches("CorrelationField\\.AsIs\\(\"" + kept + "\", state\\.[A-Za-z0-9_@]+\\)", code);
        }

        Assert.Contains("TelemetryValues.Text(\"note\", ", code, StringComparison.Ordinal);
        Assert.Contains("CorrelationField.Text(\"note\", \"note\", ", code, StringComparison.Ordinal);
    }

    [Fact]
    public void INS1012_an_unreadable_classification_on_a_span_attribute_is_reported_at_the_parameter_and_redacted_as_personal_data()
    {
        const string source = """
            using System;
            using Instrumentation;
            using Microsoft.Extensions.Compliance.Classification;

            public sealed class ComputedAttribute : DataClassificationAttribute
            {
                public ComputedAttribute() : base(Make()) { }
                private static DataClassification Make() => new("Contoso", Environment.MachineName);
            }

            public sealed class Shipping
            {
                [Operation("demo.ship")]
                public void Ship([SpanAttribute, Computed] string address) { }
                public void Call() => Ship("a");
            }
            """;

        var run = GeneratorHarness.Run(new OperationGenerator(), source);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("INS1012", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Info, diagnostic.Severity);
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal((13, 54), (span.StartLinePosition.Line, span.StartLinePosition.Character));
        Assert.Equal("address", source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        Assert.Contains("[Computed] on 'address'", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains(
            "activity.SetTag(\"address\", global::Instrumentation.Redaction.Redactors.Redact(global::Instrumentation.DataClass.Personal, ",
            string.Join("\n", run.GeneratedSources.Values),
            StringComparison.Ordinal);
    }
}
