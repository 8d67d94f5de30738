using System;

namespace Instrumentation;

/// <summary>How sensitive a classified value is. Each class maps to a redactor chosen at startup.</summary>
public enum DataClass
{
    /// <summary>Personal data (e-mail, name, phone, address, IP address, date of birth).</summary>
    Personal = 1,

    /// <summary>Secrets (passwords, tokens, API keys, card numbers).</summary>
    Secret = 2,
}

/// <summary>
/// Base class of the SDK's data-classification attributes. A classified parameter, property, field or
/// record member is redacted before it reaches any log, span attribute, metric label or funnel event. On a class, struct
/// or interface it classifies every value of that type (and of types derived from it), wherever the value is written.
/// It derives from Microsoft.Extensions.Compliance's <see cref="Microsoft.Extensions.Compliance.Classification.DataClassificationAttribute"/>
/// (taxonomy <see cref="Redaction.InstrumentationTaxonomy.Name"/>), so Microsoft's logging generator and redactors
/// understand <c>[PersonalData]</c>/<c>[SecretData]</c> too; it is named <c>DataClassAttribute</c> so that importing
/// both <c>Instrumentation</c> and <c>Microsoft.Extensions.Compliance.Classification</c> is not ambiguous.
/// Any other subclass of Microsoft's attribute (a custom taxonomy) is treated as classified as well.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.ReturnValue | AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface, AllowMultiple = false, Inherited = true)]
public abstract class DataClassAttribute : Microsoft.Extensions.Compliance.Classification.DataClassificationAttribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="dataClass">The data class.</param>
    protected DataClassAttribute(DataClass dataClass)
        : base(Redaction.InstrumentationTaxonomy.Of(dataClass))
    {
        DataClass = dataClass;
    }

    /// <summary>The data class.</summary>
    public DataClass DataClass { get; }
}

/// <summary>Marks personal data. It is redacted with the redactor configured for <see cref="DataClass.Personal"/>.</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.ReturnValue | AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface, AllowMultiple = false, Inherited = true)]
public sealed class PersonalDataAttribute : DataClassAttribute
{
    /// <summary>Creates the attribute.</summary>
    public PersonalDataAttribute() : base(DataClass.Personal)
    {
    }
}

/// <summary>Marks secret data. It is redacted with the redactor configured for <see cref="DataClass.Secret"/>.</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.ReturnValue | AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface, AllowMultiple = false, Inherited = true)]
public sealed class SecretDataAttribute : DataClassAttribute
{
    /// <summary>Creates the attribute.</summary>
    public SecretDataAttribute() : base(DataClass.Secret)
    {
    }
}

/// <summary>
/// Marks a parameter, property or field as known to be safe to log in clear. Generated log methods and
/// the log value formatter then skip the free-text scrubber for it (by default every unclassified string is
/// scrubbed for e-mail addresses, card numbers, SSNs and <c>password=</c>-style secrets, and a string member
/// whose name looks secret is redacted). It does not override <see cref="PersonalDataAttribute"/> or
/// <see cref="SecretDataAttribute"/> on the same symbol: classified data is always redacted. Microsoft's
/// <see cref="Microsoft.Extensions.Compliance.Classification.NoDataClassificationAttribute"/> means the same.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field, AllowMultiple = false, Inherited = true)]
public sealed class NonSensitiveDataAttribute : Attribute
{
}
