using System;
using System.Linq;
using Instrumentation.Logging;
using Instrumentation.OpenTelemetry;
using Instrumentation.Redaction;
using Instrumentation.Runtime.Tests.Infrastructure;
using Instrumentation.Runtime.Tests.OpenTelemetry;
using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Xunit;

namespace Instrumentation.Runtime.Tests.Logging;

/// <summary>A team's own taxonomy, as Microsoft.Extensions.Compliance lets one be declared.</summary>
public sealed class HealthDataAttribute : DataClassificationAttribute
{
    public HealthDataAttribute()
        : base(new DataClassification("Contoso", "Health"))
    {
    }
}

/// <summary>Every value of this type is classified: the attribute is on the type.</summary>
[HealthData]
public sealed class CanaryDiagnosis
{
    public string Code { get; set; } = string.Empty;
}

/// <summary>Classified through an interface it implements.</summary>
[SecretData]
public interface ICanaryCredential
{
    string Value { get; }
}

public sealed class CanaryApiCredential : ICanaryCredential
{
    public string Value { get; set; } = string.Empty;
}

/// <summary>Unclassified itself; one member's type is classified, another is classified on its backing field.</summary>
public sealed class CanaryPatient
{
    public CanaryDiagnosis Dx { get; set; } = new();

    [field: PersonalData]
    public string Contact { get; set; } = string.Empty;

    public string Ward { get; set; } = string.Empty;
}

public sealed class CanaryClinic
{
    [Operation("clinic.admit")]
    public void Admit([SpanAttribute("dx")] CanaryDiagnosis dx, [SpanAttribute("patient")] CanaryPatient patient, [LogField("credential")] CanaryApiCredential credential, ILogger logger)
    {
#pragma warning disable INS1011 // on purpose: the hand-written line writes a classified value, which the formatter must redact
        logger.LogInformation("admitting {Patient} with {Dx}", patient, dx);
#pragma warning restore INS1011
    }
}

/// <summary>
/// A classification on a type (Microsoft's <c>DataClassificationAttribute</c> allows classes, structs and interfaces, and
/// so do <c>[PersonalData]</c>/<c>[SecretData]</c>) classifies every value of it, on every sink: a span attribute of that
/// type, a member of that type inside another object, a log field, and a hand-written log line's argument. A stranger's
/// trial found all of them written in clear (<c>Patient { Dx = Diagnosis { Code = … } }</c>) with no diagnostic.
/// </summary>
public sealed class ClassifiedTypeSinkTests : IDisposable
{
    private const string Code = "zq70-diagnosis-canary";
    private const string Secret = "zq71-credential-canary";

    private readonly CapturingLoggerProvider _provider = new();
    private readonly CapturingLogProcessor _otel = new();
    private readonly ILoggerFactory _factory;

    public ClassifiedTypeSinkTests()
    {
        Redactors.Reset();
        _factory = LoggerFactory.Create(b => b
            .SetMinimumLevel(LogLevel.Trace)
            .AddProvider(_provider)
            .AddOpenTelemetry(o =>
            {
                o.IncludeFormattedMessage = true;
                o.AddInstrumentationProcessor().AddProcessor(_otel);
            }));
        InstrumentationLogging.Use(_factory);
    }

    public void Dispose()
    {
        InstrumentationLogging.Reset();
        Redactors.Reset();
        _factory.Dispose();
    }

    [Fact]
    public void The_run_time_formatter_redacts_a_value_whose_type_base_or_interface_is_classified()
    {
        Assert.Equal("[REDACTED]", TelemetryValues.Object(new CanaryDiagnosis { Code = Code }));
        Assert.Equal("[REDACTED]", TelemetryValues.Object(new CanaryApiCredential { Value = Secret }));
        Assert.Equal(
            "CanaryPatient { Dx = [REDACTED], Contact = [REDACTED], Ward = w1 }",
            TelemetryValues.Object(new CanaryPatient { Dx = new CanaryDiagnosis { Code = Code }, Contact = Code, Ward = "w1" }));
        Assert.Equal("[[REDACTED], [REDACTED]]", TelemetryValues.Object(new object[] { new CanaryDiagnosis { Code = Code }, new CanaryApiCredential { Value = Secret } }));
    }

    [Fact]
    public void Span_attributes_log_fields_and_hand_written_lines_carry_no_value_of_a_classified_type()
    {
        var spans = new CollectingProcessor();
        using (Sdk.CreateTracerProviderBuilder().AddSource(TelemetryCapture.GeneratedName).SetSampler(new AlwaysOnSampler()).AddProcessor(spans).Build())
        {
            new CanaryClinic().Admit(
                new CanaryDiagnosis { Code = Code },
                new CanaryPatient { Dx = new CanaryDiagnosis { Code = Code }, Contact = Code, Ward = "w1" },
                new CanaryApiCredential { Value = Secret },
                _factory.CreateLogger("Tests.Clinic"));
        }

        var span = Assert.Single(spans.Exported, a => a.OperationName == "clinic.admit");
        Assert.Equal("[REDACTED]", span.GetTagItem("dx"));
        Assert.Equal("CanaryPatient { Dx = [REDACTED], Contact = [REDACTED], Ward = w1 }", span.GetTagItem("patient"));

        var record = Assert.Single(_otel.Records, r => r.FormattedMessage?.StartsWith("admitting", StringComparison.Ordinal) == true);
        Assert.Equal("admitting CanaryPatient { Dx = [REDACTED], Contact = [REDACTED], Ward = w1 } with [REDACTED]", record.FormattedMessage);
        Assert.Equal("[REDACTED]", record.Attribute("credential"));

        var texts = span.TagObjects.Select(t => t.Key + "=" + t.Value)
            .Concat(_provider.Logs.SelectMany(l => l.Texts()))
            .Concat(_otel.Records.SelectMany(r => r.Texts()))
            .ToList();
        foreach (var canary in new[] { Code, Secret })
        {
            var leak = texts.FirstOrDefault(t => t.Contains(canary, StringComparison.Ordinal));
            Assert.True(leak is null, "'" + canary + "' reached a sink: " + leak);
        }
    }
}
