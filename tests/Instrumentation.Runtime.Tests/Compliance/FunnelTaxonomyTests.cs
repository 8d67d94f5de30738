using System;
using Instrumentation.Redaction;
using Instrumentation.Testing;
using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Instrumentation.Runtime.Tests.Compliance;

/// <summary>A funnel event whose properties carry a team's own classification, directly and through a member.</summary>
public sealed class ContosoShipping
{
    [FunnelEvent("ContosoShipped", OrgId = "orgId", Properties = new[] { "address=address", "recipient=recipient.Name", "carrier=carrier" })]
    public void Ship(string orgId, [ContosoPrivateData] string address, ContosoRecipient recipient, string carrier)
    {
    }
}

/// <summary>A recipient whose name is classified with the custom taxonomy.</summary>
public sealed record ContosoRecipient([property: ContosoInternalData] string Name);

/// <summary>
/// Issue 13: a funnel property follows the classification rules of a <c>[LogMethod]</c> parameter — a team's own
/// classification reaches the redactor the app's provider maps to it, not the personal-data redactor.
/// </summary>
public sealed class FunnelTaxonomyTests : IDisposable
{
    private readonly ServiceProvider _redaction;

    public FunnelTaxonomyTests()
    {
        Redactors.Reset();
        _redaction = ContosoRedaction.BuildProvider();
    }

    public void Dispose()
    {
        Redactors.Reset();
        _redaction.Dispose();
    }

    [Fact]
    public void A_custom_classification_on_a_funnel_property_goes_through_the_redactor_mapped_to_it()
    {
        Redactors.Use(_redaction.GetRequiredService<IRedactorProvider>());
        using var capture = TelemetryCapture.Start();

        new ContosoShipping().Ship("org-a", "12 Canary Lane, Springfield", new ContosoRecipient("Ada Lovelace"), "ups");

        var shipped = capture.FunnelEvent("ContosoShipped");
        Assert.Equal(ContosoTagRedactor.Text, shipped.Property("address"));
        Assert.Equal(SecretTagRedactor.Text, shipped.Property("recipient"));
        Assert.Equal("ups", shipped.Property("carrier"));
    }
}
