using System;
using Microsoft.Extensions.Compliance.Classification;

namespace Instrumentation.Redaction;

/// <summary>
/// The SDK's data classes as Microsoft.Extensions.Compliance classifications, so that an app using
/// <c>AddRedaction</c> maps them to its redactors like any other taxonomy:
/// <c>redaction.SetRedactor&lt;ErasingRedactor&gt;(InstrumentationTaxonomy.Personal, InstrumentationTaxonomy.Secret)</c>.
/// </summary>
public static class InstrumentationTaxonomy
{
    /// <summary>The taxonomy name.</summary>
    public const string Name = "Instrumentation";

    /// <summary><see cref="DataClass.Personal"/> (<c>[PersonalData]</c>).</summary>
    public static DataClassification Personal { get; } = new(Name, nameof(DataClass.Personal));

    /// <summary><see cref="DataClass.Secret"/> (<c>[SecretData]</c>).</summary>
    public static DataClassification Secret { get; } = new(Name, nameof(DataClass.Secret));

    /// <summary>The classification of a data class.</summary>
    /// <param name="dataClass">The data class.</param>
    public static DataClassification Of(DataClass dataClass) => dataClass switch
    {
        DataClass.Personal => Personal,
        DataClass.Secret => Secret,
        _ => throw new ArgumentOutOfRangeException(nameof(dataClass), dataClass, "Unknown data class."),
    };
}
