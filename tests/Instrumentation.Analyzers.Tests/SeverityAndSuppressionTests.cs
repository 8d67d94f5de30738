using System.Linq;
using System.Threading.Tasks;
using Instrumentation.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Instrumentation.Analyzers.Tests;

/// <summary>Severity from .editorconfig (per file, as the compiler resolves it), #pragma and [SuppressMessage] for analyzer rules.</summary>
public sealed class SeverityAndSuppressionTests
{
    private const string Source = CardinalityTests.Usings + """
        public class C
        {
            static readonly Counter<long> Calls = new Meter("m").CreateCounter<long>("calls_total");
            public void M(string userId) => Calls.Add(1, new KeyValuePair<string, object?>("user_id", userId));
        }
        """;

    private const string Other = CardinalityTests.Usings + """
        public class D
        {
            static readonly Counter<long> Calls = new Meter("d").CreateCounter<long>("d_calls_total");
            public void M(string userId) => Calls.Add(1, new KeyValuePair<string, object?>("user_id", userId));
        }
        """;

    [Theory]
    [InlineData("error", DiagnosticSeverity.Error)]
    [InlineData("warning", DiagnosticSeverity.Warning)]
    [InlineData("suggestion", DiagnosticSeverity.Info)]
    public async Task Editorconfig_sets_the_severity_of_an_analyzer_rule_for_the_files_its_section_matches(string value, DiagnosticSeverity expected)
    {
        var files = new[] { ("/src/Strict/C.cs", Source), ("/src/Loose/D.cs", Other) };

        var diagnostics = await AnalyzerHarness.DiagnosticsAsync(files, editorconfig: "[Strict/**.cs]\ndotnet_diagnostic.INS1002.severity = " + value + "\n");

        Assert.Equal(
            new[] { ("/src/Loose/D.cs", DiagnosticSeverity.Warning), ("/src/Strict/C.cs", expected) },
            diagnostics.Where(d => d.Id == "INS1002").Select(d => (d.Location.SourceTree!.FilePath, d.Severity)).ToArray());
    }

    [Fact]
    public async Task Editorconfig_none_removes_the_rule_in_the_matching_files_only()
    {
        var files = new[] { ("/src/Strict/C.cs", Source), ("/src/Loose/D.cs", Other) };

        var diagnostics = await AnalyzerHarness.DiagnosticsAsync(files, editorconfig: "[Loose/**.cs]\ndotnet_diagnostic.INS1002.severity = none\n");

        Assert.Equal(new[] { "/src/Strict/C.cs" }, diagnostics.Where(d => d.Id == "INS1002").Select(d => d.Location.SourceTree!.FilePath).ToArray());
    }

    [Fact]
    public async Task Editorconfig_category_severity_applies_to_every_rule_of_the_category()
    {
        var diagnostics = await AnalyzerHarness.DiagnosticsAsync(Source, editorconfig: "[*.cs]\ndotnet_analyzer_diagnostic.category-Instrumentation.Cardinality.severity = error\n");

        Assert.Equal(DiagnosticSeverity.Error, Assert.Single(diagnostics, d => d.Id == "INS1002").Severity);
    }

    [Fact]
    public async Task Pragma_and_SuppressMessage_suppress_an_analyzer_rule()
    {
        var pragma = Source.Replace(
            "    public void M(string userId)",
            "#pragma warning disable INS1002 // the tag is a bounded set of test users\n    public void M(string userId)");
        var attribute = Source.Replace(
            "    public void M(string userId)",
            "    [System.Diagnostics.CodeAnalysis.SuppressMessage(\"Instrumentation.Cardinality\", \"INS1002\", Justification = \"test\")]\n    public void M(string userId)");

        Assert.Single(await AnalyzerHarness.DiagnosticsAsync(Source), d => d.Id == "INS1002");
        Assert.DoesNotContain(await AnalyzerHarness.DiagnosticsAsync(pragma), d => d.Id == "INS1002");
        Assert.DoesNotContain(await AnalyzerHarness.DiagnosticsAsync(attribute), d => d.Id == "INS1002");

        // Still produced, marked suppressed: the suppression is what hid it, not a missed detection.
        Assert.True(Assert.Single(await AnalyzerHarness.DiagnosticsAsync(pragma, reportSuppressed: true), d => d.Id == "INS1002").IsSuppressed);
        Assert.True(Assert.Single(await AnalyzerHarness.DiagnosticsAsync(attribute, reportSuppressed: true), d => d.Id == "INS1002").IsSuppressed);
    }
}
