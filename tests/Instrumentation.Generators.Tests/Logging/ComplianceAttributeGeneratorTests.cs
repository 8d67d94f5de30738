using System;
using System.Linq;
using Instrumentation.Generators.Logging;
using Instrumentation.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Instrumentation.Generators.Tests.Logging;

/// <summary>
/// Issue 13: Microsoft.Extensions.Compliance custom taxonomies carried into generated code as data (taxonomy + value), and
/// Microsoft.Extensions.Telemetry's <c>[LogProperties]</c>, <c>[LogPropertyIgnore]</c> and <c>[TagName]</c> honoured on
/// <c>[LogMethod]</c> — recognised by metadata name (the stubs below stand in for Telemetry.Abstractions, which this test
/// project does not reference).
/// </summary>
public sealed class ComplianceAttributeGeneratorTests
{
    private const string Source = """
        using System;
        using Instrumentation;
        using Microsoft.Extensions.Compliance.Classification;
                using Microsoft.Extensions.Logging;

        namespace Microsoft.Extensions.Logging
        {
            [AttributeUsage(AttributeTargets.Parameter)]
            public sealed class LogPropertiesAttribute : Attribute { public bool OmitReferenceName { get; set; } }

            [AttributeUsage(AttributeTargets.Property)]
            public sealed class LogPropertyIgnoreAttribute : Attribute { }

            [AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property)]
            public sealed class TagNameAttribute : Attribute { public TagNameAttribute(string name) => Name = name; public string Name { get; } }
        }

        namespace Demo
        {
            public static class Taxonomy
            {
                public const string Name = "Contoso";
                public static DataClassification Private => new(Name, nameof(Private));
                public static readonly DataClassification Internal = new DataClassification("Contoso", "Internal");
            }

            public sealed class PrivateDataAttribute : DataClassificationAttribute { public PrivateDataAttribute() : base(Taxonomy.Private) { } }

            public class ContosoAttribute : DataClassificationAttribute { protected ContosoAttribute(string value) : base(new DataClassification(Taxonomy.Name, value)) { } }

            public sealed class InternalDataAttribute : ContosoAttribute { public InternalDataAttribute() : base("Internal") { } }

            public sealed class Badge
            {
                public string Code { get; set; } = "";
                [SecretData] public string Pin { get; set; } = "";
            }

            public sealed class Member
            {
                public string Handle { get; set; } = "";
                [PersonalData] public string Email { get; set; } = "";
                [PrivateData] public string Address { get; set; } = "";
                [LogPropertyIgnore] public string Password { get; set; } = "";
                [TagName("member.tier")] public string Level { get; set; } = "";
                public int Age { get; set; }
                public Badge? Badge { get; set; }
            }

            public static partial class Log
            {
                [LogMethod(LogLevel.Information, "Joined {orgId} from {address} as {role}")]
                public static partial void Joined(ILogger logger, [LogProperties] Member? member, [TagName("org.id")] string orgId, [PrivateData] string address, [InternalData] string role);
            }
        }
        """;

    [Fact]
    public void Custom_taxonomies_LogProperties_and_TagName_generate_the_reviewed_code()
    {
        var run = GeneratorHarness.Run(new LogMethodGenerator(), Source);

        Assert.DoesNotContain(run.Problems, d => d.Severity >= DiagnosticSeverity.Warning);
        Assert.Empty(run.GeneratorDiagnostics);
        Snapshot.Match("Logging.Compliance", run.GeneratedSources["Logging.Demo_Log.g.cs"]);
    }

    [Fact]
    public void INS1012_a_classification_computed_at_run_time_is_reported_at_the_parameter_and_redacted_as_personal_data()
    {
        const string source = """
            using System;
            using Instrumentation;
            using Microsoft.Extensions.Compliance.Classification;
            using Microsoft.Extensions.Logging;

            public sealed class ComputedAttribute : DataClassificationAttribute
            {
                public ComputedAttribute() : base(Make()) { }
                private static DataClassification Make() => new("Contoso", Environment.MachineName);
            }

            public static partial class Log
            {
                [LogMethod(LogLevel.Information, "Shipped to {address}")]
                public static partial void Shipped(ILogger logger, [Computed] string address);
            }
            """;

        var run = GeneratorHarness.Run(new LogMethodGenerator(), source);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("INS1012", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Info, diagnostic.Severity);
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal((14, 73), (span.StartLinePosition.Line, span.StartLinePosition.Character));
        Assert.Equal("address", diagnostic.Location.SourceTree!.ToString().Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        Assert.Contains("[Computed] on 'address'", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("global::Instrumentation.Redaction.Redactors.Redact(global::Instrumentation.DataClass.Personal, v0)", Assert.Single(run.GeneratedSources, s => s.Key.StartsWith("Logging.", StringComparison.Ordinal)).Value, StringComparison.Ordinal);
    }

    [Fact]
    public void The_generated_code_logs_properties_as_fields_and_redacts_with_the_custom_classification()
    {
        var run = GeneratorHarness.Run(new LogMethodGenerator(), Source + """

            namespace Demo
            {
                public static class Runner
                {
                    public static void Run(ILogger logger)
                    {
                        var member = new Member { Handle = "jdoe", Email = "jdoe@example.com", Address = "1 Main St", Password = "hunter2", Level = "gold", Age = 42, Badge = new Badge { Code = "b-1", Pin = "PIN-9999" } };
                        Log.Joined(logger, member, "org-7", "2 Side St", "admin");
                        Log.Joined(logger, null, "org-8", "3 Side St", "user");
                    }
                }
            }
            """);
        var logger = new RecordingLogger();

        run.Load().GetType("Demo.Runner")!.GetMethod("Run")!.Invoke(null, new object[] { logger });

        Assert.Equal(2, logger.Entries.Count);
        var (message, state) = logger.Entries[0];
        Assert.Equal("Joined org-7 from [REDACTED] as [REDACTED]", message);
        Assert.Equal(
            new[] { "org.id", "address", "role", "member.Handle", "member.Email", "member.Address", "member.tier", "member.Age", "member.Badge" },
            state.Keys.Where(k => k != "{OriginalFormat}").ToArray());
        Assert.Equal("jdoe", state["member.Handle"]);
        Assert.Equal("[REDACTED]", state["member.Email"]);
        Assert.Equal("[REDACTED]", state["member.Address"]);
        Assert.Equal("gold", state["member.tier"]);
        Assert.Equal(42, state["member.Age"]);
        Assert.Equal("Badge { Code = b-1, Pin = [REDACTED] }", state["member.Badge"]);
        Assert.DoesNotContain(state.Values, v => v?.ToString()?.Contains("hunter2", StringComparison.Ordinal) == true || v?.ToString()?.Contains("PIN-9999", StringComparison.Ordinal) == true);
        var (_, nullState) = logger.Entries[1];
        Assert.Null(nullState["member.Handle"]);
        Assert.Null(nullState["member.Age"]);
    }
}
