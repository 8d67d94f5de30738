using System;
using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Compliance.Redaction;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Instrumentation.Runtime.Tests.Compliance;

/// <summary>Generated log methods used by the Microsoft.Extensions.Compliance / Telemetry interop tests.</summary>
public static partial class SignInLog
{
    /// <summary>A personal, a secret, an opted-out, an unclassified and a scalar argument.</summary>
    [LogMethod(LogLevel.Information, "User {email} signed in (support {supportAddress}) with {password}: {note}, attempt {attempt}")]
    public static partial void SignedIn(ILogger logger, [PersonalData] string email, [NonSensitiveData] string supportAddress, [SecretData] string password, string note, int attempt);
}

/// <summary>Writes a fixed text, so a test sees which Microsoft redactor ran.</summary>
public abstract class FixedTextRedactor : Redactor
{
    private readonly string _text;

    protected FixedTextRedactor(string text) => _text = text;

    public override int GetRedactedLength(ReadOnlySpan<char> input) => _text.Length;

    public override int Redact(ReadOnlySpan<char> source, Span<char> destination)
    {
        _text.AsSpan().CopyTo(destination);
        return _text.Length;
    }
}

/// <summary>Microsoft's redactor for personal data in these tests.</summary>
public sealed class PersonalTagRedactor : FixedTextRedactor
{
    public const string Text = "<ms-personal>";

    public PersonalTagRedactor()
        : base(Text)
    {
    }
}

/// <summary>Microsoft's redactor for secrets in these tests (not "[REDACTED]": a second redaction would show).</summary>
public sealed class SecretTagRedactor : FixedTextRedactor
{
    public const string Text = "<ms-secret>";

    public SecretTagRedactor()
        : base(Text)
    {
    }
}

/// <summary>Microsoft's redactor for the custom Contoso taxonomy.</summary>
public sealed class ContosoTagRedactor : FixedTextRedactor
{
    public const string Text = "<contoso-private>";

    public ContosoTagRedactor()
        : base(Text)
    {
    }
}

/// <summary>The custom taxonomy a team declares with Microsoft.Extensions.Compliance.</summary>
public static class ContosoTaxonomy
{
    public static string Name => "Contoso";

    public static DataClassification Private => new(Name, nameof(Private));

    public static DataClassification Internal { get; } = new("Contoso", "Internal");
}

/// <summary>A custom classification attribute, as Microsoft's documentation declares them.</summary>
public sealed class ContosoPrivateDataAttribute : DataClassificationAttribute
{
    public ContosoPrivateDataAttribute()
        : base(ContosoTaxonomy.Private)
    {
    }
}

/// <summary>Another one, with its classification written inline.</summary>
public sealed class ContosoInternalDataAttribute : DataClassificationAttribute
{
    public ContosoInternalDataAttribute()
        : base(new DataClassification("Contoso", "Internal"))
    {
    }
}

/// <summary>A value whose member carries the custom classification (rendered by the generated formatter).</summary>
public sealed class ContosoShipment
{
    public string Id { get; init; } = string.Empty;

    [ContosoPrivateData]
    public string Address { get; init; } = string.Empty;
}

/// <summary>Log methods with custom-taxonomy parameters.</summary>
public static partial class ContosoLog
{
    [LogMethod(LogLevel.Information, "Shipped to {address} for {customer}")]
    public static partial void Shipped(ILogger logger, [ContosoPrivateData] string address, [ContosoInternalData] string customer);

    [LogMethod(LogLevel.Information, "Shipment {shipment}")]
    public static partial void Shipment(ILogger logger, ContosoShipment shipment);
}

/// <summary>
/// Microsoft's redaction as the taxonomy tests register it: Personal → <see cref="PersonalTagRedactor"/>, the Contoso
/// taxonomy's Private → <see cref="ContosoTagRedactor"/> and Internal → <see cref="SecretTagRedactor"/>, anything else erased.
/// </summary>
internal static class ContosoRedaction
{
    public static ServiceProvider BuildProvider() =>
        new ServiceCollection()
            .AddRedaction(r => r
                .SetRedactor<PersonalTagRedactor>(new DataClassificationSet(global::Instrumentation.Redaction.InstrumentationTaxonomy.Personal))
                .SetRedactor<ContosoTagRedactor>(new DataClassificationSet(ContosoTaxonomy.Private))
                .SetRedactor<SecretTagRedactor>(new DataClassificationSet(ContosoTaxonomy.Internal))
                .SetFallbackRedactor<ErasingRedactor>())
            .BuildServiceProvider();
}
