using System;
using System.Linq;
using Instrumentation.Logging;
using Instrumentation.OpenTelemetry;
using Instrumentation.Redaction;
using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Instrumentation.Runtime.Tests.Logging;

// Both namespaces imported in one file: `DataClassificationAttribute` below is Microsoft's, not ambiguous (was CS0104).

/// <summary>A team's own Microsoft.Extensions.Compliance taxonomy.</summary>
public sealed class ContosoPrivateAttribute : DataClassificationAttribute
{
    public static readonly DataClassification Classification = new("Contoso", "Private");

    public ContosoPrivateAttribute()
        : base(Classification)
    {
    }
}

public sealed class ContosoCustomer
{
    public string Id { get; init; } = string.Empty;

    [ContosoPrivate]
    public string Address { get; init; } = string.Empty;

    [NoDataClassification]
    public string Region { get; init; } = string.Empty;
}

public static partial class ComplianceLog
{
    [LogMethod(LogLevel.Information, "Shipped to {address} in {city}")]
    public static partial void Shipped(ILogger logger, [ContosoPrivate] string address, [NoDataClassification] string city);

    [LogMethod(LogLevel.Information, "Customer {customer} by {email}")]
    public static partial void Customer(ILogger logger, object customer, [PersonalData] string email);
}

/// <summary>Writes <c>&lt;ms:Taxonomy&gt;</c>, so a test sees which Microsoft redactor ran.</summary>
public sealed class TaggingRedactor : Redactor
{
    private const string Text = "<ms-redacted>";

    public override int GetRedactedLength(ReadOnlySpan<char> input) => Text.Length;

    public override int Redact(ReadOnlySpan<char> source, Span<char> destination)
    {
        Text.AsSpan().CopyTo(destination);
        return Text.Length;
    }
}

/// <summary>Issue 13: Microsoft.Extensions.Compliance classifications and redactors on our sinks.</summary>
public sealed class ComplianceInteropTests : IDisposable
{
    private const string Address = "12 Canary Lane, Springfield";
    private readonly CapturingLoggerProvider _provider = new();
    private readonly ILoggerFactory _factory;

    public ComplianceInteropTests()
    {
        Redactors.Reset();
        _factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(_provider));
        InstrumentationLogging.Use(_factory);
    }

    public void Dispose()
    {
        InstrumentationLogging.Reset();
        Redactors.Reset();
        _factory.Dispose();
    }

    [Fact]
    public void A_Microsoft_classification_is_redacted_and_NoDataClassification_is_written_as_it_is()
    {
        var logger = _factory.CreateLogger("Tests.Compliance");

        ComplianceLog.Shipped(logger, Address, "ada@example.com's town");
        ComplianceLog.Customer(logger, new ContosoCustomer { Id = "c-1", Address = Address, Region = "north" }, "ada@example.com");

        var shipped = _provider.Logs.First();
        Assert.Equal("[REDACTED]", shipped.Field("address"));
        Assert.Equal("ada@example.com's town", shipped.Field("city"));
        var customer = _provider.Logs.Last();
        Assert.Equal("ContosoCustomer { Id = c-1, Address = [REDACTED], Region = north }", customer.Field("customer"));
        Assert.DoesNotContain(_provider.Logs.SelectMany(l => l.Texts()), t => t.Contains(Address, StringComparison.Ordinal));
    }

    [Fact]
    public void With_AddRedaction_classified_values_go_through_the_redactor_Microsoft_maps_their_classification_to()
    {
        using var services = new ServiceCollection()
            .AddRedaction(r => r
                .SetRedactor<TaggingRedactor>(new DataClassificationSet(InstrumentationTaxonomy.Personal), new DataClassificationSet(ContosoPrivateAttribute.Classification))
                .SetFallbackRedactor<ErasingRedactor>())
            .BuildServiceProvider();
        Redactors.Use(services.GetRequiredService<IRedactorProvider>());
        var logger = _factory.CreateLogger("Tests.Compliance");

        ComplianceLog.Customer(logger, new ContosoCustomer { Id = "c-1", Address = Address, Region = "north" }, "ada@example.com");
        ComplianceLog.Shipped(logger, Address, "town");

        var customer = _provider.Logs.First();
        Assert.Equal("<ms-redacted>", customer.Field("email"));
        Assert.Equal("ContosoCustomer { Id = c-1, Address = <ms-redacted>, Region = north }", customer.Field("customer"));
        Assert.Equal("<ms-redacted>", _provider.Logs.Last().Field("address"));
        Assert.Equal("<ms-redacted>", Redactors.Redact(DataClass.Personal, "x"));
        Assert.Equal(string.Empty, Redactors.Redact(DataClass.Secret, "x"));
    }
}
