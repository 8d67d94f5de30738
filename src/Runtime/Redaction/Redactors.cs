using System;
using System.Diagnostics.CodeAnalysis;
using System.Threading;
using Microsoft.Extensions.Compliance.Classification;
using Microsoft.Extensions.Compliance.Redaction;

namespace Instrumentation.Redaction;

/// <summary>
/// The redactor of each data class, chosen once at startup. Generated code calls <see cref="Redact(DataClass, string?)"/>
/// for every classified value before it reaches a log, span attribute, label or funnel event.
/// Defaults: both classes erased. When the app registers Microsoft.Extensions.Compliance redaction
/// (<c>services.AddRedaction(...)</c>) and hands its <see cref="IRedactorProvider"/> to <see cref="Use(IRedactorProvider?)"/>,
/// every classified value is redacted by the redactor that provider maps its classification to
/// (<see cref="InstrumentationTaxonomy.Personal"/>, <see cref="InstrumentationTaxonomy.Secret"/>, or the value's own
/// Microsoft classification); otherwise the SDK's redactors apply.
/// </summary>
public static class Redactors
{
    private static IRedactor s_personal = EraseRedactor.Instance;
    private static IRedactor s_secret = EraseRedactor.Instance;
    private static ProviderRedactors? s_provider;

    /// <summary>Sets the redactor for personal data and for secrets.</summary>
    public static void Configure(IRedactor personal, IRedactor secret)
    {
        ArgumentNullException.ThrowIfNull(personal);
        ArgumentNullException.ThrowIfNull(secret);
        Volatile.Write(ref s_personal, personal);
        Volatile.Write(ref s_secret, secret);
    }

    /// <summary>
    /// Redacts classified values with Microsoft's redactors from now on (null: back to the SDK's redactors).
    /// Pass the app's <see cref="IRedactorProvider"/> (registered by <c>AddRedaction</c>).
    /// </summary>
    /// <param name="provider">The provider, or null.</param>
    public static void Use(IRedactorProvider? provider) => Volatile.Write(ref s_provider, provider is null ? null : new ProviderRedactors(provider));

    /// <summary>
    /// Installs <paramref name="provider"/> unless the app installed one itself (host start, see
    /// <c>WithGeneratedInstrumentation</c>). Returns whether it was installed.
    /// </summary>
    internal static bool UseUnlessSet(IRedactorProvider provider) =>
        Interlocked.CompareExchange(ref s_provider, new ProviderRedactors(provider), null) is null;

    /// <summary>Removes <paramref name="provider"/> if it is still the one in use (host stop).</summary>
    internal static void Release(IRedactorProvider provider)
    {
        var current = Volatile.Read(ref s_provider);
        if (current is not null && ReferenceEquals(current.Provider, provider))
        {
            Interlocked.CompareExchange(ref s_provider, null, current);
        }
    }

    /// <summary>Back to the defaults (erase both, no Microsoft redactor provider).</summary>
    public static void Reset()
    {
        Configure(EraseRedactor.Instance, EraseRedactor.Instance);
        Use(null);
    }

    /// <summary>
    /// The redacted text of a classified value (null stays null). Fails closed: when the configured redactor throws,
    /// the text is <see cref="TextScrubber.Redacted"/> — never the value, and never the exception, which would reach
    /// the app from a span attribute, a log field or a log call and fail a call that works without the SDK.
    /// </summary>
    [return: NotNullIfNotNull(nameof(value))]
    public static string? Redact(DataClass classification, string? value)
    {
        if (value is null)
        {
            return null;
        }

        try
        {
            if (Volatile.Read(ref s_provider) is { } provider)
            {
                return provider.For(classification).Redact(value);
            }

            var redactor = classification == DataClass.Secret ? Volatile.Read(ref s_secret) : Volatile.Read(ref s_personal);
            return redactor.Redact(value);
        }
        catch (Exception)
        {
            return TextScrubber.Redacted;
        }
    }

    /// <summary>
    /// The redacted text of a value carrying a Microsoft classification: the installed provider's redactor for it,
    /// or, without a provider, the SDK's redactor (<see cref="DataClass.Secret"/> for the SDK's secret class,
    /// <see cref="DataClass.Personal"/> for every other taxonomy).
    /// </summary>
    /// <param name="classification">The Microsoft classification.</param>
    /// <param name="value">The value (null stays null).</param>
    [return: NotNullIfNotNull(nameof(value))]
    public static string? Redact(DataClassification classification, string? value)
    {
        if (value is null)
        {
            return null;
        }

        try
        {
            if (Volatile.Read(ref s_provider) is { } provider)
            {
                return provider.For(classification).Redact(value);
            }
        }
        catch (Exception)
        {
            // Fails closed, as Redact(DataClass, string?) does.
            return TextScrubber.Redacted;
        }

        return Redact(classification == InstrumentationTaxonomy.Secret ? DataClass.Secret : DataClass.Personal, value);
    }

    /// <summary>The redacted text of any value carrying a Microsoft classification (formatted invariantly first).</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="classification">The Microsoft classification (taxonomy and value).</param>
    /// <param name="value">The value (null stays null).</param>
    [return: NotNullIfNotNull(nameof(value))]
    public static string? Redact<T>(DataClassification classification, T value) =>
        value is null ? null : TryText(value, out var text) ? Redact(classification, text) : TextScrubber.Redacted;

    /// <summary>The redacted text of any classified value (formatted invariantly first).</summary>
    [return: NotNullIfNotNull(nameof(value))]
    public static string? Redact<T>(DataClass classification, T value) =>
        value is null ? null : TryText(value, out var text) ? Redact(classification, text) : TextScrubber.Redacted;

    /// <summary>
    /// The invariant text a classified value is redacted from; false when its <c>ToString</c> throws (the value is then
    /// <see cref="TextScrubber.Redacted"/>: the redactor never sees it, and the app never sees the exception).
    /// </summary>
    private static bool TryText<T>(T value, out string? text)
    {
        try
        {
            text = value is IFormattable formattable ? formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture) : value?.ToString();
            return true;
        }
        catch (Exception)
        {
            text = null;
            return false;
        }
    }
}
