using System.Linq;
using Instrumentation.Generators.Operations;
using Instrumentation.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Instrumentation.Generators.Tests.Operations;

/// <summary>Bad input gets a diagnostic with an exact id and location, never a generator exception.</summary>
public sealed class OperationDiagnosticTests
{
    private static Diagnostic Single(string source, string id)
    {
        var run = GeneratorHarness.Run(new OperationGenerator(), source);
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id is "CS8785" or "AD0001");
        return Assert.Single(run.GeneratorDiagnostics, d => d.Id == id);
    }

    private static string At(Diagnostic diagnostic, string source) =>
        source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length);

    [Fact]
    public void INS0001_empty_span_name_is_reported_on_the_attribute()
    {
        const string source = """
            using Instrumentation;
            public class C { [Operation(" ")] public void M() { } }
            """;
        var diagnostic = Single(source, "INS0001");
        Assert.Equal("Operation(\" \")", At(diagnostic, source));
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
    }

    [Fact]
    public void INS0002_invalid_metric_name()
    {
        const string source = """
            using Instrumentation;
            public class C { [Operation("a.b", DurationMetric = "9 bad")] public void M() { } }
            """;
        var diagnostic = Single(source, "INS0002");
        Assert.Contains("'9 bad'", diagnostic.GetMessage());
    }

    [Theory]
    // A newcomer's trial: a right-to-left override went into a string literal of the generated file, a zero-width space
    // into the name, and a lone surrogate was recorded as U+FFFD — all without a diagnostic.
    [InlineData("rtl\\u202Ename")]
    [InlineData("zwsp\\u200Bname")]
    [InlineData("soft\\u00ADhyphen")]
    [InlineData("surrogate\\uD800")]
    [InlineData("surrogate\\uDC00first")]
    public void INS0001_invisible_characters_and_lone_surrogates_in_a_span_name(string escaped) // a C# escape in the user's source
    {
        var source = "using Instrumentation;\npublic class C { [Operation(\"" + escaped + "\")] public void M() { } }";
        Assert.Equal(DiagnosticSeverity.Error, Single(source, "INS0001").Severity);
    }

    [Fact]
    public void A_span_name_with_a_surrogate_pair_is_accepted()
    {
        const string source = "using Instrumentation;\npublic class C { [Operation(\"emoji.\\uD83D\\uDE00\", DurationMetric = \"e_d\", CallsMetric = \"e_c\", FailuresMetric = \"e_f\")] public void M() { } }";
        var run = GeneratorHarness.Run(new OperationGenerator(), source);
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id is "INS0001" or "INS0002");
    }

    [Fact]
    public void INS0002_for_metric_names_derived_from_a_non_ascii_span_name_says_where_they_come_from()
    {
        const string source = """
            using Instrumentation;
            public class C { [Operation("ünïcode.spän", DurationMetric = "unicode_duration_ms")] public void M() { } }
            """;
        var run = GeneratorHarness.Run(new OperationGenerator(), source);
        var invalid = run.GeneratorDiagnostics.Where(d => d.Id == "INS0002").Select(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(2, invalid.Count);
        Assert.Equal(
            "The metric name 'ünïcode_spän_calls_total' on 'C.M()' is not valid: it is derived from the span name, and a metric name is ASCII letters, digits and '_', '.', '-', '/', starting with a letter, at most 255 characters: give the span an ASCII name, or name the metric with CallsMetric",
            invalid[0]);
        Assert.EndsWith("name the metric with FailuresMetric", invalid[1], System.StringComparison.Ordinal);
    }

    [Fact]
    public void INS0003_private_method_is_reported_on_its_name()
    {
        const string source = """
            using Instrumentation;
            public class C { [Operation("a.b")] private void Hidden() { } public void Call() => Hidden(); }
            """;
        var diagnostic = Single(source, "INS0003");
        Assert.Equal("Hidden", At(diagnostic, source));
        Assert.Equal("'C.Hidden()' cannot be instrumented because it or a containing type is private: make it internal or public", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void INS0003_on_a_protected_override_does_not_advise_a_change_the_compiler_refuses()
    {
        // A worker's `[Operation] protected override Task ExecuteAsync(…)` (BackgroundService) was told "make it internal
        // or public": an override cannot change its accessibility (CS0507), and the base class makes the calls anyway.
        const string source = """
            using Instrumentation;
            public abstract class Service { protected abstract System.Threading.Tasks.Task ExecuteAsync(System.Threading.CancellationToken token); }
            public sealed class Worker : Service
            {
                [Operation("worker.execute")]
                protected override System.Threading.Tasks.Task ExecuteAsync(System.Threading.CancellationToken token) => System.Threading.Tasks.Task.CompletedTask;
            }
            """;
        var diagnostic = Single(source, "INS0003");
        Assert.Equal("ExecuteAsync", At(diagnostic, source));
        Assert.Equal(
            "'Worker.ExecuteAsync(CancellationToken)' cannot be instrumented because it or a containing type is protected: it overrides 'Service.ExecuteAsync', whose accessibility an override cannot change, and the base class makes the calls; put the attribute on a method of your own that it calls (in a BackgroundService, the work of one iteration)",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void INS0003_on_a_partial_hook_another_generator_declares_does_not_advise_a_change_the_compiler_refuses()
    {
        // MVVM's [ObservableProperty] declares `partial void OnCountChanged(int value);` in its own output; the user
        // implements it. "Make it internal" would be CS8799 (both halves must match), so the advice differs.
        const string source = """
            using Instrumentation;
            public partial class Vm { [Operation("vm.changed")] partial void OnCountChanged(int value) { } }
            """;
        var diagnostic = Single(source, "INS0003");
        Assert.Equal("OnCountChanged", At(diagnostic, source));
        Assert.Equal(
            "'Vm.OnCountChanged(int)' cannot be instrumented because it or a containing type is private: its declaring half is written by another source generator (such as the On…Changed hooks of MVVM's [ObservableProperty]), so its accessibility cannot change; call an annotated method of your own from it instead",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Free_string_metric_label_is_not_generated_and_left_to_the_analyzer_INS1001()
    {
        const string source = """
            using Instrumentation;
            public class C { [Operation("a.b")] public void M([MetricLabel] string deviceId) { } public void Call() => M("d"); }
            """;
        var run = GeneratorHarness.Run(new OperationGenerator(), source);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.DoesNotContain("\"device_id\"", run.GeneratedSources[OperationEmitter.HintName]);
    }

    [Fact]
    public void INS0004_classified_value_as_metric_label_is_refused()
    {
        const string source = """
            using Instrumentation;
            public enum Plan { Free }
            public class C { [Operation("a.b")] public void M([MetricLabel, PersonalData] Plan plan) { } }
            """;
        var diagnostic = Single(source, "INS0004");
        Assert.Equal("plan", At(diagnostic, source));
    }

    [Theory]
    [InlineData("[OrgId]", "OrgId", "org")]
    [InlineData("[ProjectId]", "ProjectId", "org")]
    [InlineData("[DeviceUuid]", "DeviceUuid", "org")]
    public void INS0004_classified_tenant_id_is_refused_and_not_recorded(string role, string field, string parameter)
    {
        // A stranger's [OrgId, PersonalData] e-mail went out in clear as org_id on the span, every log line, the org
        // label and the funnel rows: tenant ids are never redacted, and the classification was ignored without a word.
        var source = $$"""
            using Instrumentation;
            public class C
            {
                [Operation("a.b")] public void M({{role}}, PersonalData] string {{parameter}}) { }
                public void Call() => M("ada@example.com");
            }
            """.Replace(role + ",", role.TrimEnd(']') + ",", System.StringComparison.Ordinal);
        var run = GeneratorHarness.Run(new OperationGenerator(), source);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "INS0004");
        Assert.Equal(parameter, At(diagnostic, source));
        Assert.Contains("cannot be " + role + ": it is classified personal or secret data", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
        Assert.DoesNotContain("__state." + field + " = @" + parameter, run.GeneratedSources[OperationEmitter.HintName], System.StringComparison.Ordinal);

        // The same parameter unclassified is recorded (the check above can fail).
        var plain = GeneratorHarness.Run(new OperationGenerator(), source.Replace(", PersonalData]", "]", System.StringComparison.Ordinal));
        Assert.DoesNotContain(plain.GeneratorDiagnostics, d => d.Id == "INS0004");
        Assert.Contains("__state." + field + " = @" + parameter, plain.GeneratedSources[OperationEmitter.HintName], System.StringComparison.Ordinal);
    }

    [Fact]
    public void INS0004_classified_tenant_context_is_refused()
    {
        const string source = """
            using Instrumentation;
            public class C
            {
                [Operation("a.b")] public void M([PersonalData] TenantContext tenant) { }
                public void Call() => M(new TenantContext("ada@example.com", "p"));
            }
            """;
        var diagnostic = Single(source, "INS0004");
        Assert.Equal("tenant", At(diagnostic, source));
        Assert.Contains("cannot be a tenant context", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
    }

    [Fact]
    public void A_classified_object_that_carries_a_tenant_keeps_it()
    {
        // The classification is about the object (rendered redacted where it is written), not its tenant ids.
        const string source = """
            using Instrumentation;
            public sealed class Member : ITenantScoped { public TenantContext Tenant => new("org-1", "project-1"); }
            public class C
            {
                [Operation("a.b")] public void M([PersonalData] Member member) { }
                public void Call() => M(new Member());
            }
            """;
        var run = GeneratorHarness.Run(new OperationGenerator(), source);

        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "INS0004");
        Assert.Contains(".Tenant", run.GeneratedSources[OperationEmitter.HintName], System.StringComparison.Ordinal);
    }

    [Fact]
    public void INS0004_batch_without_count_is_refused()
    {
        const string source = """
            using Instrumentation;
            using System.Collections.Generic;
            public class C { [Ingest("i.r")] public void M(TenantContext t, [Batch] IEnumerable<int> items) { } }
            """;
        var diagnostic = Single(source, "INS0004");
        Assert.Equal("items", At(diagnostic, source));
    }

    [Fact]
    public void INS0004_ref_struct_span_attribute_is_refused()
    {
        const string source = """
            using Instrumentation;
            using System;
            public class C { [Operation("a.b")] public void M([SpanAttribute] ReadOnlySpan<byte> payload) { } }
            """;
        var diagnostic = Single(source, "INS0004");
        Assert.Contains("ref struct", diagnostic.GetMessage());
    }

    [Theory]
    [InlineData("[SpanAttribute] int*[] pointers")]
    [InlineData("[LogField] delegate*<int, int>[][] functions")]
    [InlineData("[OrgId] byte*[] org")]
    public void INS0004_an_array_of_pointers_is_refused_and_the_generated_code_compiles(string parameter)
    {
        // Found by tagging every parameter of hostile code: the state kept 'int*[]' in a class that is not unsafe (CS0214
        // in the generated file, a build the SDK broke for legal code).
        var source = """
            using Instrumentation;
            public unsafe class C
            {
                [Operation("a.b")] public int M(
            """ + parameter + """
            ) => 1;
                public int Call() => M(null!);
            }
            """;
        var compilation = GeneratorHarness.Compile(source);
        compilation = compilation.WithOptions(compilation.Options.WithAllowUnsafe(true));
        var run = GeneratorHarness.Run(new OperationGenerator(), compilation);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("INS0004", diagnostic.Id);
        Assert.Contains("pointer", diagnostic.GetMessage(), System.StringComparison.Ordinal);
        Assert.DoesNotContain(run.Problems, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Contains(run.GeneratedSources.Keys, name => name == OperationEmitter.HintName);
    }

    [Fact]
    public void INS0005_conflicting_metric_definitions()
    {
        const string source = """
            using Instrumentation;
            public class C
            {
                [Operation("a.b", DurationMetric = "shared_ms")] public void A() { }
                [Operation("c.d", CallsMetric = "shared_ms")] public void B() { }
                public void Call() { A(); B(); }
            }
            """;
        var diagnostic = Single(source, "INS0005");
        Assert.Contains("'shared_ms'", diagnostic.GetMessage());
    }

    [Fact]
    public void INS0005_between_two_ingest_operations_names_the_property_that_renames_the_metric()
    {
        // A newcomer's second [Ingest] with other labels than the first shares the default names ingest_calls_total, …;
        // the message said only "one name must have one instrument type, unit and label set", not how to get there.
        const string source = """
            using Instrumentation;
            public enum Sensor { Temperature, Humidity }
            public class C
            {
                [Ingest("a.ingest")] public void A(TenantContext t, [MetricLabel] Sensor sensor) { }
                [Ingest("b.ingest")] public void B(TenantContext t) { }
                public void Call() { A(default, Sensor.Humidity); B(default); }
            }
            """;
        var run = GeneratorHarness.Run(new OperationGenerator(), source);

        var messages = run.GeneratorDiagnostics.Where(d => d.Id == "INS0005")
            .Select(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(3, messages.Count);
        Assert.Contains(messages, m => m.Contains("'ingest_calls_total'", System.StringComparison.Ordinal)
            && m.EndsWith("give this operation a name of its own with CallsMetric = \"…\" on its attribute, or declare the same labels and unit", System.StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("'ingest_processing_latency_ms'", System.StringComparison.Ordinal) && m.Contains("DurationMetric = ", System.StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("'ingest_failures_total'", System.StringComparison.Ordinal) && m.Contains("FailuresMetric = ", System.StringComparison.Ordinal));
    }

    [Fact]
    public void INS0006_ingest_without_tenant_is_reported_on_the_method_name()
    {
        const string source = """
            using Instrumentation;
            public class C { [Ingest("ws.ingest.receive")] public void Receive(string payload) { } }
            """;
        var diagnostic = Single(source, "INS0006");
        Assert.Equal("Receive", At(diagnostic, source));
        Assert.Contains("but neither org nor project can be obtained:", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[OrgId] string org", "its project cannot be obtained ([ProjectId] is missing)")]
    [InlineData("[ProjectId] string project", "its org cannot be obtained ([OrgId] is missing)")]
    public void INS0006_says_which_of_org_and_project_is_missing(string parameter, string expected)
    {
        // An analyzer trial: '[Ingest] void OnlyOrg([OrgId] string org)' was told neither could be obtained.
        var source = "using Instrumentation;\npublic class C { [Ingest(\"ws.ingest.receive\")] public void Receive(" + parameter + ") { } }";
        var diagnostic = Single(source, "INS0006");
        Assert.Contains("operation but " + expected + ":", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
    }

    /// <summary>
    /// A newcomer's strict build (CA1822) made an annotated method of an <c>ITenantScoped</c> type static: its span lost
    /// <c>org_id</c> with no diagnostic. Now INS0028 at the method name; the instance method and a static one with its own
    /// tenant are not reported.
    /// </summary>
    [Fact]
    public void INS0028_a_static_operation_of_an_ITenantScoped_type_is_reported_and_an_instance_one_is_not()
    {
        const string source = """
            using Instrumentation;
            public sealed class Reports(TenantContext current) : ITenantScoped
            {
                public TenantContext Tenant => current;
                [Operation("reports.build")] public int Build(int rows) => rows + Tenant.OrgId.Length;
                [Operation("reports.count")] public static int Count(int rows) => rows + 1;
                [Operation("reports.own")] public static int Own(TenantContext tenant, int rows) => rows;
            }
            """;
        var diagnostic = Single(source, "INS0028");
        Assert.Equal("Count", At(diagnostic, source));
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal(
            "'Reports.Count(int)' is static, so the tenant of its type 'Reports' (ITenantScoped) is not recorded on its span, logs or labels: make it an instance method (CA1822 suggests static for a method that reads no instance data: suppress it here), or take a TenantContext parameter",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Generator_diagnostics_are_located_in_the_compilations_own_syntax_trees()
    {
        // Only a location inside one of the compilation's trees is subject to #pragma warning disable,
        // [SuppressMessage] and per-file .editorconfig severities (an external-file location is not).
        const string source = """
            using Instrumentation;
            public class C { [Ingest("ws.ingest.receive")] public void Receive(string payload) { } }
            """;
        var run = GeneratorHarness.Run(new OperationGenerator(), source);
        var diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "INS0006");
        Assert.Equal(LocationKind.SourceFile, diagnostic.Location.Kind);
        Assert.Same(run.Input.SyntaxTrees[0], diagnostic.Location.SourceTree);
    }

    [Fact]
    public void Pragma_warning_disable_suppresses_a_generator_diagnostic()
    {
        const string source = """
            using Instrumentation;
            public class C
            {
            #pragma warning disable INS0006 // a sample without tenants on purpose
                [Ingest("ws.ingest.receive")] public void Receive(string payload) { }
            #pragma warning restore INS0006
                [Ingest("ws.ingest.other")] public void Other(string payload) { }
            }
            """;
        var run = GeneratorHarness.Run(new OperationGenerator(), source);
        var reported = run.GeneratorDiagnostics.Where(d => d.Id == "INS0006" && !d.IsSuppressed).ToList();
        Assert.Equal("Other", At(Assert.Single(reported), source));
    }

    [Fact]
    public void INS0006_is_not_reported_when_tenant_ids_are_marked()
    {
        const string source = """
            using Instrumentation;
            public class C { [Ingest("ws.ingest.receive")] public void Receive([OrgId] string org, [ProjectId] string project) { } }
            """;
        var run = GeneratorHarness.Run(new OperationGenerator(), source);
        Assert.Empty(run.GeneratorDiagnostics);
    }

    [Fact]
    public void INS0007_async_void_local_function_and_accessor_are_refused()
    {
        const string source = """
            using Instrumentation;
            public class C
            {
                [Operation("a.b")] public async void Fire() { await System.Threading.Tasks.Task.Yield(); }
                public int P { [Operation("p.get")] get => 1; }
                public void Outer() { [Operation("l.f")] void Local() { } Local(); }
            }
            """;
        var run = GeneratorHarness.Run(new OperationGenerator(), source);
        var shapes = run.GeneratorDiagnostics.Where(d => d.Id == "INS0007").ToList();
        Assert.Equal(3, shapes.Count);
        Assert.Contains(shapes, d => d.GetMessage().Contains("async void"));
        Assert.Contains(shapes, d => d.GetMessage().Contains("property accessors"));
        Assert.Contains(shapes, d => d.GetMessage().Contains("local functions"));
        Assert.DoesNotContain(run.Problems, d => d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void INS0008_two_batch_parameters()
    {
        const string source = """
            using Instrumentation;
            public class C { [Ingest("i.r")] public void M(TenantContext t, [Batch] int[] a, [Batch] int[] b) { } }
            """;
        var diagnostic = Single(source, "INS0008");
        Assert.Equal("b", At(diagnostic, source));
    }

    [Fact]
    public void INS0026_a_span_attribute_name_the_span_already_gets_elsewhere()
    {
        // A newcomer's trial: [SpanAttribute("org_id")] replaced the tenant's id on the span, "exception.type" the SDK's,
        // and a second "dup" the first one's value — all silently.
        const string source = """
            using Instrumentation;
            public class C
            {
                [Operation("role.override")]
                public int M(TenantContext tenant, [SpanAttribute("org_id")] string fake, [SpanAttribute("exception.type")] string et, [SpanAttribute("dup")] int g, [SpanAttribute("dup")] int h) => 1;

                // No tenant: its own org_id is the only one; an [OrgId] value under its own name is the same value.
                [Operation("role.own")]
                public int N([SpanAttribute("org_id")] string org, [SpanAttribute("source")] string s) => 1;

                [Operation("role.same")]
                public int O([OrgId, SpanAttribute("org_id")] string org, [ProjectId] string project) => 1;
            }
            """;
        var run = GeneratorHarness.Run(new OperationGenerator(), source);
        var taken = run.GeneratorDiagnostics.Where(d => d.Id == "INS0026").ToList();
        Assert.Equal(new[] { "fake", "et", "h" }, taken.Select(d => At(d, source)));
        Assert.Equal(
            new[]
            {
                "The span attribute 'org_id' of 'C.M(TenantContext, string, string, int, int)' is also set by the SDK from the call's tenant: one value replaces the other on the span",
                "The span attribute 'exception.type' of 'C.M(TenantContext, string, string, int, int)' is also set by the SDK when the call fails, is kept or is cancelled: one value replaces the other on the span",
                "The span attribute 'dup' of 'C.M(TenantContext, string, string, int, int)' is also set by the parameter 'g': one value replaces the other on the span",
            },
            taken.Select(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.All(taken, d => Assert.Equal(DiagnosticSeverity.Warning, d.Severity));
        Assert.DoesNotContain(run.Problems, d => d.Severity == DiagnosticSeverity.Error);
    }

    [Fact]
    public void INS0009_duplicate_label_on_one_metric()
    {
        const string source = """
            using Instrumentation;
            public enum K { A }
            public class C { [Operation("a.b")] public void M([MetricLabel("kind")] K a, [MetricLabel("kind")] bool b) { } }
            """;
        var run = GeneratorHarness.Run(new OperationGenerator(), source);
        var duplicates = run.GeneratorDiagnostics.Where(d => d.Id == "INS0009").ToList();

        // One mistake, one error: at the parameter that repeats the label, naming every metric that would carry it twice
        // (a newcomer's trial got three, one per metric, at the [Operation] attribute).
        var duplicate = Assert.Single(duplicates);
        Assert.Equal(
            "The label 'kind' appears twice on metrics 'a_b_duration_ms', 'a_b_calls_total' and 'a_b_failures_total' of 'C.M(K, bool)'",
            duplicate.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("b", At(duplicate, source));
    }

    [Fact]
    public void INS0009_duplicate_label_on_one_metric_names_that_metric()
    {
        const string source = """
            using Instrumentation;
            public enum K { A }
            public class C { [Operation("a.b")] public void M([MetricLabel("kind")] K a, [MetricLabel("kind", AppliesTo = MetricTargets.Calls)] bool b) { } }
            """;
        var duplicate = Single(source, "INS0009");
        Assert.Equal("The label 'kind' appears twice on metric 'a_b_calls_total' of 'C.M(K, bool)'", duplicate.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("b", At(duplicate, source));
    }

    [Fact]
    public void Every_operation_descriptor_has_a_documentation_page()
    {
        foreach (var descriptor in OperationDiagnostics.All)
        {
            var page = System.IO.Path.Combine(RepositoryRoot(), "docs", "diagnostics", descriptor.Id + ".md");
            Assert.True(System.IO.File.Exists(page), "missing " + page);
            Assert.EndsWith("/docs/diagnostics/" + descriptor.Id + ".md", descriptor.HelpLinkUri);
        }
    }

    private static string RepositoryRoot()
    {
        var directory = System.AppContext.BaseDirectory;
        while (directory is not null && !System.IO.File.Exists(System.IO.Path.Combine(directory, "Instrumentation.sln")))
        {
            directory = System.IO.Path.GetDirectoryName(directory);
        }

        return directory!;
    }
}
