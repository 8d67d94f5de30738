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
/// Issue 13: a team's own <c>DataClassificationAttribute</c> subclass on a generated sink reaches the redactor Microsoft's
/// provider maps its classification (taxonomy + value) to — not the one of personal data — and Microsoft.Extensions.Telemetry's
/// <c>[LogProperties]</c>, <c>[LogPropertyIgnore]</c> and <c>[TagName]</c> mean on <c>[LogMethod]</c> what they mean on
/// <c>[LoggerMessage]</c>.
/// </summary>
public sealed class CustomTaxonomyTests : IDisposable
{
    private const string Address = "12 Canary Lane, Springfield";
    private readonly CapturingLoggerProvider _provider = new();
    private readonly ILoggerFactory _factory;
    private readonly ServiceProvider _redaction;

    public CustomTaxonomyTests()
    {
        Redactors.Reset();
        _factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(_provider));
        _redaction = ContosoRedaction.BuildProvider();
    }

    public void Dispose()
    {
        Redactors.Reset();
        InstrumentationLogging.Reset();
        _factory.Dispose();
        _redaction.Dispose();
    }

    private ILogger Logger => _factory.CreateLogger("Tests.Taxonomy");

    [Fact]
    public void A_custom_classification_on_a_parameter_goes_through_the_redactor_mapped_to_it()
    {
        Redactors.Use(_redaction.GetRequiredService<IRedactorProvider>());

        ContosoLog.Shipped(Logger, Address, "Ada Lovelace");

        var log = Assert.Single(_provider.Logs);
        Assert.Equal(ContosoTagRedactor.Text, log.Field("address"));
        Assert.Equal(SecretTagRedactor.Text, log.Field("customer"));
        Assert.Equal("Shipped to " + ContosoTagRedactor.Text + " for " + SecretTagRedactor.Text, log.Message);
    }

    [Fact]
    public void A_custom_classification_on_a_member_rendered_by_the_generated_formatter_goes_through_its_redactor()
    {
        Redactors.Use(_redaction.GetRequiredService<IRedactorProvider>());

        ContosoLog.Shipment(Logger, new ContosoShipment { Id = "s-1", Address = Address });

        Assert.Equal("ContosoShipment { Id = s-1, Address = " + ContosoTagRedactor.Text + " }", Assert.Single(_provider.Logs).Field("shipment"));
    }

    [Fact]
    public void Without_a_provider_a_custom_classification_is_redacted_by_the_SDKs_personal_data_redactor()
    {
        Redactors.Configure(new MaskRedactor(keepLast: 2), EraseRedactor.Instance);

        ContosoLog.Shipped(Logger, Address, "Ada Lovelace");

        var log = Assert.Single(_provider.Logs);
        Assert.Equal(new MaskRedactor(keepLast: 2).Redact(Address), log.Field("address"));
        Assert.DoesNotContain(_provider.Logs.SelectMany(l => l.Texts()), t => t.Contains(Address, StringComparison.Ordinal));
    }
}
