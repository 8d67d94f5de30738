using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Instrumentation.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyTags = Instrumentation.Analyzers.Tests.Infrastructure.Verify<Instrumentation.Analyzers.HandWrittenTagAnalyzer>;

namespace Instrumentation.Analyzers.Tests;

/// <summary>
/// Severity from .editorconfig (per file, as the compiler resolves it through the workspace's analyzer config
/// documents), #pragma and [SuppressMessage] for analyzer rules — on Microsoft.CodeAnalysis.Testing, with the exact
/// location and severity of each diagnostic.
/// </summary>
public sealed class SeverityAndSuppressionTests
{
    private const string Source = CardinalityTests.Usings + """
        public class C
        {
            static readonly Counter<long> Calls = new Meter("m").CreateCounter<long>("calls_total");
            public void M(string userId) => Calls.Add(1, {|#0:new KeyValuePair<string, object?>("user_id", userId)|});
        }
        """;

    private const string Other = CardinalityTests.Usings + """
        public class D
        {
            static readonly Counter<long> Calls = new Meter("d").CreateCounter<long>("d_calls_total");
            public void M(string userId) => Calls.Add(1, {|#1:new KeyValuePair<string, object?>("user_id", userId)|});
        }
        """;

    /// <summary>
    /// Per-file severities. Microsoft.CodeAnalysis.Testing 1.1.4 applies <c>none</c> (next test) but reports an
    /// <c>error</c> set this way as a warning, so the severities are checked on the compiler's API directly
    /// (<see cref="AnalyzerHarness"/>: Roslyn's own AnalyzerConfigSet, as a build), with the exact location.
    /// </summary>
    [Theory]
    [InlineData("error", DiagnosticSeverity.Error)]
    [InlineData("warning", DiagnosticSeverity.Warning)]
    [InlineData("suggestion", DiagnosticSeverity.Info)]
    public async Task Editorconfig_sets_the_severity_of_an_analyzer_rule_for_the_files_its_section_matches(string value, DiagnosticSeverity expected)
    {
        var files = new[] { ("/src/Strict/C.cs", Plain(Source)), ("/src/Loose/D.cs", Plain(Other)) };

        var diagnostics = await AnalyzerHarness.DiagnosticsAsync(files, editorconfig: "[Strict/**.cs]\ndotnet_diagnostic.INS1002.severity = " + value + "\n");

        Assert.Equal(
            new[] { ("/src/Loose/D.cs", DiagnosticSeverity.Warning, Tag), ("/src/Strict/C.cs", expected, Tag) },
            diagnostics.Where(d => d.Id == "INS1002").Select(d => (d.Location.SourceTree!.FilePath, d.Severity, d.Location.SourceTree.ToString().Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length))).ToArray());
    }

    [Fact]
    public async Task Editorconfig_none_removes_the_rule_in_the_matching_files_only()
    {
        var test = TwoFiles("[Loose/**.cs]\ndotnet_diagnostic.INS1002.severity = none\n");
        test.ExpectedDiagnostics.Add(VerifyTags.Diagnostic("INS1002").WithLocation(0));

        await test.RunAsync(CancellationToken.None);
    }

    /// <summary>
    /// Bulk (category) severity is applied by the compiler's analyzer driver from the compiler's own options provider;
    /// the workspace of Microsoft.CodeAnalysis.Testing 1.1.4 does not reproduce it (the diagnostic stays a warning
    /// there), so this one runs on the compiler's API directly (<see cref="AnalyzerHarness"/>), as a build does.
    /// </summary>
    [Fact]
    public async Task Editorconfig_category_severity_applies_to_every_rule_of_the_category()
    {
        var source = Plain(Source);

        var diagnostics = await AnalyzerHarness.DiagnosticsAsync(source, editorconfig: "[*.cs]\ndotnet_analyzer_diagnostic.category-Instrumentation.Cardinality.severity = error\n");

        var diagnostic = Assert.Single(diagnostics, d => d.Id == "INS1002");
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("new KeyValuePair<string, object?>(\"user_id\", userId)", diagnostic.At(source));
    }

    [Theory]
    [InlineData("#pragma warning disable INS1002 // the tag is a bounded set of test users\n    public void M(string userId)")]
    [InlineData("[System.Diagnostics.CodeAnalysis.SuppressMessage(\"Instrumentation.Cardinality\", \"INS1002\", Justification = \"test\")]\n    public void M(string userId)")]
    public async Task Pragma_and_SuppressMessage_suppress_an_analyzer_rule(string suppressed)
    {
        var source = Source.Replace("    public void M(string userId)", "    " + suppressed, System.StringComparison.Ordinal);

        // Without the suppression the rule is reported there; with it, nothing is reported...
        await VerifyTags.AnalyzerAsync(Source, VerifyTags.Diagnostic("INS1002").WithLocation(0));
        await VerifyTags.AnalyzerAsync(source);

        // ...and it is still produced, marked suppressed: the suppression is what hid it, not a missed detection. (The
        // testing framework 1.1.4 drops suppressed diagnostics, so this asks the compiler's API directly.)
        var plain = Plain(source);
        var hidden = Assert.Single(await AnalyzerHarness.DiagnosticsAsync(plain, reportSuppressed: true), d => d.Id == "INS1002");
        Assert.True(hidden.IsSuppressed);
        Assert.Equal("new KeyValuePair<string, object?>(\"user_id\", userId)", hidden.At(plain));
    }

    private const string Tag = "new KeyValuePair<string, object?>(\"user_id\", userId)";

    /// <summary>The source without its markup.</summary>
    private static string Plain(string markup) => markup.Replace("{|#0:", string.Empty, System.StringComparison.Ordinal).Replace("{|#1:", string.Empty, System.StringComparison.Ordinal).Replace("|}", string.Empty, System.StringComparison.Ordinal);

    private static Verify<HandWrittenTagAnalyzer>.AnalyzerTest TwoFiles(string editorconfig)
    {
        var test = VerifyTags.Create();
        test.TestState.Sources.Add(("/src/Strict/C.cs", Source));
        test.TestState.Sources.Add(("/src/Loose/D.cs", Other));
        test.TestState.AnalyzerConfigFiles.Add(("/src/.editorconfig", "root = true\n" + editorconfig));
        return test;
    }
}
