using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Instrumentation.Analyzers.Tests.Infrastructure;
using Instrumentation.CodeFixes;
using Xunit;

namespace Instrumentation.Analyzers.Tests;

public sealed class PrivacyNamingAndCallTests
{
    private const string Usings = "using System; using System.Diagnostics; using System.Diagnostics.Metrics; using Instrumentation; using Microsoft.Extensions.Logging;\n";

    [Fact]
    public async Task INS1010_unclassified_personal_and_secret_data_and_the_classification_fix()
    {
        const string source = Usings + """
            public static partial class Log
            {
                [LogMethod(LogLevel.Information, "Signed in {email} with {apiKey} ({count})")]
                public static partial void SignedIn(ILogger logger, string email, string apiKey, int count);
            }
            public class C
            {
                [Operation("auth.check")]
                public void Check([SpanAttribute] string phoneNumber, [LogField] string requestId, [SpanAttribute, PersonalData] string userEmail) { }
            }
            public static partial class Log { public static partial void SignedIn(ILogger logger, string email, string apiKey, int count) { } }
            """;

        var diagnostics = await AnalyzerHarness.DiagnosticsAsync(source);

        Assert.Equal(new[] { "email", "apiKey", "phoneNumber" }, diagnostics.Select(d => d.At(source)).ToArray());
        Assert.All(diagnostics, d => Assert.Equal("INS1010", d.Id));
        Assert.Contains("[SecretData]", diagnostics[1].GetMessage());
        Assert.Contains("a span attribute", diagnostics[2].GetMessage());
        var fixedSource = await AnalyzerHarness.ApplyFixAsync(source, diagnostics[2], new AddClassificationCodeFix());
        Assert.Contains("public void Check([SpanAttribute][PersonalData] string phoneNumber", fixedSource);
    }

    [Fact]
    public async Task INS1010_hand_written_logs_and_span_tags()
    {
        const string source = Usings + """
            public class C
            {
                public void M(ILogger logger, string password, string city, [PersonalData] string email)
                {
                    logger.LogInformation("login {Password} from {City} {Email}", password, city, email);
                    Activity.Current?.SetTag("user.email", city);
                }
            }
            """;

        var diagnostics = await AnalyzerHarness.DiagnosticsAsync(source);

        Assert.Equal(new[] { "password", "\"user.email\"" }, diagnostics.Select(d => d.At(source)).ToArray());
    }

    [Fact]
    public async Task INS1020_INS1021_naming_with_rename_fixes()
    {
        const string source = Usings + """
            public class C
            {
                [Operation("DB.SensorInsert", DurationMetric = "SensorInsertLatency", CallsMetric = "sensor_inserts")]
                public void M() { }
            }
            """;

        var diagnostics = await AnalyzerHarness.DiagnosticsAsync(source);

        Assert.Equal(new[] { "INS1020", "INS1021", "INS1021" }, diagnostics.Select(d => d.Id).ToArray());
        var renamedSpan = await AnalyzerHarness.ApplyFixAsync(source, diagnostics[0], new RenameToConventionCodeFix());
        Assert.Contains("[Operation(\"db.sensor_insert\",", renamedSpan);
        var all = await AnalyzerHarness.FixAllAsync(source, "INS1021", new RenameToConventionCodeFix());
        Assert.Contains("DurationMetric = \"sensor_insert_latency_ms\"", all);
        Assert.Contains("CallsMetric = \"sensor_inserts_total\"", all);
    }

    [Fact]
    public async Task INS1021_and_INS1022_hand_written_instruments()
    {
        const string source = Usings + """
            public class C
            {
                static readonly Meter Meter = new("m");
                static readonly Counter<long> A = Meter.CreateCounter<long>("jobs_total");
                static readonly Histogram<double> B = Meter.CreateHistogram<double>("jobs_total", "ms");
                static readonly Counter<long> D = Meter.CreateCounter<long>("JobsDone");
            }
            """;

        var diagnostics = await AnalyzerHarness.DiagnosticsAsync(source);

        Assert.Contains(diagnostics, d => d.Id == "INS1022" && d.GetMessage().Contains("'jobs_total'"));
        Assert.Contains(diagnostics, d => d.Id == "INS1021" && d.At(source) == "\"JobsDone\"");
        Assert.Contains(diagnostics, d => d.Id == "INS1021" && d.At(source) == "\"jobs_total\"" && d.GetMessage().Contains("unit"));
    }

    [Fact]
    public async Task INS1030_method_group_and_the_lambda_fix()
    {
        const string source = Usings + """
            public class C
            {
                [Operation("job.run")] public int Run(int x) => x;
                public void M() { Func<int, int> f = Run; var n = nameof(Run); Func<int, int> g = x => Run(x); }
            }
            """;

        var diagnostic = Assert.Single(await AnalyzerHarness.DiagnosticsAsync(source));

        Assert.Equal("INS1030", diagnostic.Id);
        Assert.Equal("Run", diagnostic.At(source));
        var fixedSource = await AnalyzerHarness.ApplyFixAsync(source, diagnostic, new WrapInLambdaCodeFix());
        Assert.Contains("Func<int, int> f = arg => Run(arg);", fixedSource);
        Assert.Empty(await AnalyzerHarness.DiagnosticsAsync(fixedSource));
    }

    [Fact]
    public async Task INS1031_calls_when_the_project_does_not_enable_the_interceptors_namespace()
    {
        const string source = Usings + "public class C { [Operation(\"job.run\")] public void Run() { } public void M() => Run(); }";

        var off = await AnalyzerHarness.DiagnosticsAsync(source, interceptorsNamespaces: "Other.Namespace");
        var on = await AnalyzerHarness.DiagnosticsAsync(source, interceptorsNamespaces: "Other.Namespace;Instrumentation.Generated");
        var compiledOut = await AnalyzerHarness.DiagnosticsAsync(source, new System.Collections.Generic.Dictionary<string, string> { ["build_property.InstrumentationEnabled"] = "false" }, interceptorsNamespaces: "Other.Namespace");

        Assert.Equal("Run()", Assert.Single(off).At(source));
        Assert.Empty(on);
        Assert.Empty(compiledOut);
    }

    [Fact]
    public async Task INS0006_fixes_mark_existing_parameters_or_add_a_tenant_parameter()
    {
        const string source = Usings + """
            public class C
            {
                [Ingest("ws.ingest.receive")]
                public void Receive(string orgId, string projectId, int count) { }
                public void Call() => Receive("o", "p", 1);
            }
            """;
        var diagnostic = Assert.Single(AnalyzerHarness.GeneratorDiagnostics(source), d => d.Id == "INS0006");

        var marked = await AnalyzerHarness.ApplyFixAsync(source, diagnostic, new TenantContextCodeFix(), actionIndex: 0);
        var added = await AnalyzerHarness.ApplyFixAsync(source, diagnostic, new TenantContextCodeFix(), actionIndex: 1);

        Assert.Contains("public void Receive([OrgId] string orgId, [ProjectId] string projectId, int count)", marked);
        Assert.Contains("public void Receive(string orgId, string projectId, int count, TenantContext tenant = default)", added);
        Assert.DoesNotContain(AnalyzerHarness.GeneratorDiagnostics(marked), d => d.Id == "INS0006");
        Assert.DoesNotContain(AnalyzerHarness.GeneratorDiagnostics(added), d => d.Id == "INS0006");
        Assert.Empty(AnalyzerHarness.Compile(added).GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
    }

    [Fact]
    public void Every_descriptor_has_a_page_a_help_link_and_is_enabled_by_default()
    {
        var directory = System.AppContext.BaseDirectory;
        while (!System.IO.File.Exists(System.IO.Path.Combine(directory!, "Instrumentation.sln")))
        {
            directory = System.IO.Path.GetDirectoryName(directory);
        }

        foreach (var descriptor in AnalyzerDiagnostics.All)
        {
            Assert.True(System.IO.File.Exists(System.IO.Path.Combine(directory!, "docs", "diagnostics", descriptor.Id + ".md")), descriptor.Id);
            Assert.EndsWith("/docs/diagnostics/" + descriptor.Id + ".md", descriptor.HelpLinkUri);
            Assert.True(descriptor.IsEnabledByDefault);
        }
    }
}
