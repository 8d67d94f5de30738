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
/// Base class of the data-classification attributes. A classified parameter, property, field or
/// record member is redacted before it reaches any log, span attribute, metric label or funnel event.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.ReturnValue, AllowMultiple = false, Inherited = true)]
public abstract class DataClassificationAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="classification">The data class.</param>
    protected DataClassificationAttribute(DataClass classification)
    {
        Classification = classification;
    }

    /// <summary>The data class.</summary>
    public DataClass Classification { get; }
}

/// <summary>Marks personal data. It is redacted with the redactor configured for <see cref="DataClass.Personal"/>.</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.ReturnValue, AllowMultiple = false, Inherited = true)]
public sealed class PersonalDataAttribute : DataClassificationAttribute
{
    /// <summary>Creates the attribute.</summary>
    public PersonalDataAttribute() : base(DataClass.Personal)
    {
    }
}

/// <summary>Marks secret data. It is redacted with the redactor configured for <see cref="DataClass.Secret"/>.</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.ReturnValue, AllowMultiple = false, Inherited = true)]
public sealed class SecretDataAttribute : DataClassificationAttribute
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
/// <see cref="SecretDataAttribute"/> on the same symbol: classified data is always redacted.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field, AllowMultiple = false, Inherited = true)]
public sealed class NonSensitiveDataAttribute : Attribute
{
}
