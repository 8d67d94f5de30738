using System.Collections.Concurrent;
using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Compliance.Redaction;

namespace Instrumentation.Redaction;

/// <summary>
/// The redactors an installed <see cref="IRedactorProvider"/> maps classifications to, asked for once per classification.
/// <see cref="IRedactorProvider.GetRedactor"/> takes a <see cref="DataClassificationSet"/>, a class: asking on every
/// redacted value allocated a set (and its hash set) per value. Microsoft's provider answers the same redactor for a
/// classification for its whole life, and so does any provider this one is swapped for (<see cref="Redactors.Use"/>
/// makes a new cache).
/// </summary>
internal sealed class ProviderRedactors
{
    private readonly ConcurrentDictionary<DataClassification, Redactor> _others = new();
    private Redactor? _personal;
    private Redactor? _secret;

    public ProviderRedactors(IRedactorProvider provider) => Provider = provider;

    /// <summary>The provider asked.</summary>
    public IRedactorProvider Provider { get; }

    /// <summary>The redactor of the SDK's data class <paramref name="classification"/>.</summary>
    public Redactor For(DataClass classification) => classification == DataClass.Secret
        ? _secret ??= Provider.GetRedactor(InstrumentationTaxonomy.Secret)
        : _personal ??= Provider.GetRedactor(InstrumentationTaxonomy.Personal);

    /// <summary>The redactor of a Microsoft classification.</summary>
    public Redactor For(DataClassification classification)
    {
        if (classification == InstrumentationTaxonomy.Personal)
        {
            return For(DataClass.Personal);
        }

        if (classification == InstrumentationTaxonomy.Secret)
        {
            return For(DataClass.Secret);
        }

        return _others.GetOrAdd(classification, static (key, provider) => provider.GetRedactor(key), Provider);
    }
}
