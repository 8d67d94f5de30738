using System;
using System.Linq;
using Instrumentation.OpenTelemetry;
using Instrumentation.Redaction;
using Instrumentation.Runtime.Tests.Logging;
using Instrumentation.Testing;
using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Instrumentation.Runtime.Tests.Compliance;

/// <summary>An operation whose span attributes and log fields carry a custom taxonomy and the "not sensitive" opt-outs.</summary>
public sealed class ContosoDispatch
{
    [Operation("contoso.dispatch")]
    public void Dispatch(
        [SpanAttribute("address"), LogField("address"), ContosoPrivateData] string address,
        [SpanAttribute("customer"), LogField("customer"), ContosoInternalData] string customer,
        [SpanAttribute("support"), LogField("support"), NonSensitiveData] string support,
        [SpanAttribute("desk"), LogField("desk"), NoDataClassification] string desk,
        [SpanAttribute("note"), LogField("note")] string note,
        ILogger logger) =>
        AppLog.ReadingsReceived(logger, "dev-contoso", 1, 1.5);
}

/// <summary>
/// Issue 13: a <c>[SpanAttribute]</c> or <c>[LogField]</c> parameter follows the classification rules of a <c>[LogMethod]</c>
/// parameter — a team's own classification reaches the redactor mapped to it, and <c>[NonSensitiveData]</c> /
/// <c>[NoDataClassification]</c> keep the value as it is.
/// </summary>
public sealed class SpanTaxonomyTests : IDisposable
{
    private const string Address = "12 Canary Lane, Springfield";
    private const string Support = "support@contoso.example";
    private const string Desk = "desk@contoso.example";
    private const string Note = "call ada@example.com";
    private readonly CapturingLoggerProvider _provider = new();
    private readonly ILoggerFactory _factory;
    private readonly ServiceProvider _redaction;

    public SpanTaxonomyTests()
    {
        Redactors.Reset();
        _factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(_provider));
        InstrumentationLogging.Use(_factory);
        _redaction = ContosoRedaction.BuildProvider();
    }

    public void Dispose()
    {
        Redactors.Reset();
        InstrumentationLogging.Reset();
        _factory.Dispose();
        _redaction.Dispose();
    }

    [Fact]
    public void A_custom_classification_on_a_span_attribute_and_a_log_field_goes_through_the_redactor_mapped_to_it()
    {
        Redactors.Use(_redaction.GetRequiredService<IRedactorProvider>());
        using var capture = TelemetryCapture.Start(o => o.CaptureOperationLogs = false);

        new ContosoDispatch().Dispatch(Address, "Ada Lovelace", Support, Desk, Note, _factory.CreateLogger("dispatch"));

        var span = capture.Span("contoso.dispatch");
        Assert.Equal(ContosoTagRedactor.Text, span.Tag("address"));
        Assert.Equal(SecretTagRedactor.Text, span.Tag("customer"));
        var line = Assert.Single(_provider.Logs, l => l.Message.StartsWith("Device dev-contoso", StringComparison.Ordinal));
        Assert.Equal(ContosoTagRedactor.Text, line.Field("address"));
        Assert.Equal(SecretTagRedactor.Text, line.Field("customer"));
    }

    [Fact]
    public void Without_a_provider_a_custom_classification_on_a_span_attribute_is_redacted_as_personal_data()
    {
        Redactors.Configure(new MaskRedactor(keepLast: 2), EraseRedactor.Instance);
        using var capture = TelemetryCapture.Start(o => o.CaptureOperationLogs = false);

        new ContosoDispatch().Dispatch(Address, "Ada Lovelace", Support, Desk, Note, _factory.CreateLogger("dispatch"));

        var span = capture.Span("contoso.dispatch");
        Assert.Equal(new MaskRedactor(keepLast: 2).Redact(Address), span.Tag("address"));
        var line = Assert.Single(_provider.Logs, l => l.Message.StartsWith("Device dev-contoso", StringComparison.Ordinal));
        Assert.Equal(new MaskRedactor(keepLast: 2).Redact(Address), line.Field("address"));
    }

    [Fact]
    public void NonSensitiveData_and_NoDataClassification_keep_a_span_attribute_and_a_log_field_as_they_are()
    {
        using var capture = TelemetryCapture.Start(o => o.CaptureOperationLogs = false);

        new ContosoDispatch().Dispatch(Address, "Ada Lovelace", Support, Desk, Note, _factory.CreateLogger("dispatch"));

        var span = capture.Span("contoso.dispatch");
        Assert.Equal(Support, span.Tag("support"));
        Assert.Equal(Desk, span.Tag("desk"));
        Assert.NotEqual(Note, span.Tag("note"));
        var line = Assert.Single(_provider.Logs, l => l.Message.StartsWith("Device dev-contoso", StringComparison.Ordinal));
        Assert.Equal(Support, line.Field("support"));
        Assert.Equal(Desk, line.Field("desk"));
        Assert.NotEqual(Note, line.Field("note"));
    }
}
