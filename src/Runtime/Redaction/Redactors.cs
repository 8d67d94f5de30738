using System;
using System.Threading;

namespace Instrumentation.Redaction;

/// <summary>
/// The redactor of each data class, chosen once at startup. Generated code calls <see cref="Redact"/>
/// for every classified value before it reaches a log, span attribute, label or funnel event.
/// Defaults: both classes erased.
/// </summary>
public static class Redactors
{
    private static IRedactor s_personal = EraseRedactor.Instance;
    private static IRedactor s_secret = EraseRedactor.Instance;

    /// <summary>Sets the redactor for personal data and for secrets.</summary>
    public static void Configure(IRedactor personal, IRedactor secret)
    {
        ArgumentNullException.ThrowIfNull(personal);
        ArgumentNullException.ThrowIfNull(secret);
        Volatile.Write(ref s_personal, personal);
        Volatile.Write(ref s_secret, secret);
    }

    /// <summary>Back to the defaults (erase both).</summary>
    public static void Reset() => Configure(EraseRedactor.Instance, EraseRedactor.Instance);

    /// <summary>The redacted text of a classified value (null stays null).</summary>
    public static string? Redact(DataClass classification, string? value)
    {
        if (value is null)
        {
            return null;
        }

        var redactor = classification == DataClass.Secret ? Volatile.Read(ref s_secret) : Volatile.Read(ref s_personal);
        return redactor.Redact(value);
    }

    /// <summary>The redacted text of any classified value (formatted invariantly first).</summary>
    public static string? Redact<T>(DataClass classification, T value) =>
        value is null ? null : Redact(classification, value is IFormattable formattable ? formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture) : value.ToString());
}
