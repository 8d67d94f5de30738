using System;
using System.Collections.Generic;
using System.Linq;
using Instrumentation.Logging;
using Instrumentation.OpenTelemetry;
using Instrumentation.Redaction;
using Instrumentation.Runtime.Tests.Logging;
using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Instrumentation.Runtime.Tests.Compliance;

/// <summary>
/// Issue 13: Microsoft.Extensions.Telemetry's <c>[LogProperties]</c>, <c>[LogPropertyIgnore]</c> and <c>[TagName]</c> mean on
/// <c>[LogMethod]</c> what they mean on <c>[LoggerMessage]</c>: a <c>[LogProperties]</c> parameter logs its public properties
/// as fields (<c>member.Handle</c>), classified ones redacted by their redactor, ignored ones skipped; <c>[TagName]</c>
/// renames a field.
/// </summary>
public sealed class LogPropertiesTests : IDisposable
{
    private const string Address = "12 Canary Lane, Springfield";
    private readonly CapturingLoggerProvider _provider = new();
    private readonly ILoggerFactory _factory;
    private readonly ServiceProvider _redaction;

    public LogPropertiesTests()
    {
        Redactors.Reset();
        _factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(_provider));
        _redaction = new ServiceCollection()
            .AddRedaction(r => r
                .SetRedactor<PersonalTagRedactor>(new DataClassificationSet(InstrumentationTaxonomy.Personal))
                .SetRedactor<ContosoTagRedactor>(new DataClassificationSet(ContosoTaxonomy.Private))
                .SetFallbackRedactor<ErasingRedactor>())
            .BuildServiceProvider();
    }

    public void Dispose()
    {
        Redactors.Reset();
        InstrumentationLogging.Reset();
        _factory.Dispose();
        _redaction.Dispose();
    }

    private ILogger Logger => _factory.CreateLogger("Tests.LogProperties");

    [Fact]
    public void LogProperties_logs_public_properties_as_fields_redacting_classified_ones_skipping_ignored_ones_and_honouring_TagName()
    {
        Redactors.Use(_redaction.GetRequiredService<IRedactorProvider>());
        var member = new ClubMember
        {
            Handle = "jdoe",
            Email = "jdoe@example.com",
            HomeAddress = Address,
            Password = "hunter2-pass",
            Level = "gold",
            Age = 42,
            Bio = "write to jdoe@example.com",
            InternalNote = "not public",
        };

        ClubLog.Joined(Logger, member, "org-7");

        var log = Assert.Single(_provider.Logs);
        Assert.Equal(
            new KeyValuePair<string, object?>[]
            {
                new("org.id", "org-7"),
                new("member.Handle", "jdoe"),
                new("member.Email", PersonalTagRedactor.Text),
                new("member.HomeAddress", ContosoTagRedactor.Text),
                new("member.tier", "gold"),
                new("member.Age", 42),
                new("member.Bio", "write to [EMAIL]"),
            },
            OwnFields(log));
        Assert.Equal("Member joined org-7", log.Message);
        Assert.DoesNotContain(log.Texts(), t => t.Contains("hunter2", StringComparison.Ordinal) || t.Contains("jdoe@example.com", StringComparison.Ordinal) || t.Contains("not public", StringComparison.Ordinal));
    }

    [Fact]
    public void LogProperties_with_OmitReferenceName_uses_bare_property_names_and_a_null_object_logs_no_values()
    {
        ClubLog.Left(Logger, new ClubMember { Handle = "jdoe", Email = "jdoe@example.com", Level = "gold", Age = 7, Bio = "b" });
        ClubLog.Left(Logger, null);

        var first = _provider.Logs.First();
        Assert.Equal("jdoe", first.Field("Handle"));
        Assert.Equal("[REDACTED]", first.Field("Email"));
        Assert.Equal("gold", first.Field("member.tier"));
        Assert.Equal(7, first.Field("Age"));
        var second = _provider.Logs.Last();
        Assert.Null(second.Field("Handle"));
        Assert.Null(second.Field("Age"));
    }

    /// <summary>The fields of the log itself: without correlation fields and <c>{OriginalFormat}</c>.</summary>
    private static KeyValuePair<string, object?>[] OwnFields(CapturedLog log) =>
        log.State.Where(p => p.Key != "{OriginalFormat}" && p.Key != "trace_id" && p.Key != "span_id").ToArray();

    [Fact]
    public void LogProperties_of_a_classified_value_redacts_every_field_taken_from_it()
    {
        ClinicLog.Recorded(Logger, new Diagnosis("F32.1 canary-code", "Dr. Canary"));
        ClinicLog.FollowedUp(Logger, new FollowUp("F32.1 canary-follow", "Dr. Canary", "week 6 canary"));
        ClinicLog.Health(Logger, new HealthRecord { Condition = "canary-condition" });
        ClinicLog.PinChecked(Logger, new Pin("canary-pin", 4));
        ClinicLog.ContactAdded(Logger, new Contact { Name = "Ada Canary", Phone = "+1 555 canary" });

        var logs = _provider.Logs.ToList();
        Assert.Equal(5, logs.Count);
        Assert.Equal(
            new[] { "dx.Code", "dx.Doctor", "f.Code", "f.Doctor", "f.When", "h.Condition", "pin.Value", "pin.Length", "contact.Name", "contact.Phone" },
            logs.SelectMany(l => l.State).Select(p => p.Key).Where(k => k != "{OriginalFormat}"));
        foreach (var log in logs)
        {
            Assert.DoesNotContain("anary", log.Json, StringComparison.Ordinal);
            Assert.DoesNotContain("anary", log.Message, StringComparison.Ordinal);
            foreach (var field in log.State.Where(p => p.Key != "{OriginalFormat}"))
            {
                Assert.True(field.Value is string text && text.Length > 0 && !text.Contains("anary", StringComparison.Ordinal) && field.Value is not 4, field.Key + " = " + field.Value);
            }
        }
    }
}
