using System;
using Instrumentation.Logging;

namespace Instrumentation.Redaction;

/// <summary>
/// The rule that says a key or member name holds a secret: the name, ignoring case, <c>_</c>, <c>-</c>
/// and <c>.</c>, ends with <c>password</c>, <c>passwd</c>, <c>pwd</c>, <c>passphrase</c>, <c>secret</c>,
/// <c>token</c>, <c>apikey</c>, <c>privatekey</c>, <c>credential(s)</c>, or a key that is a secret by what it is:
/// <c>secretkey</c>, <c>secretaccesskey</c>, <c>accountkey</c>, <c>sharedaccesskey</c>, <c>signingkey</c>,
/// <c>encryptionkey</c>, <c>masterkey</c>, or what a password is checked or reset with (<c>passwordhash</c>,
/// <c>securitystamp</c>, <c>passworddigest</c>, <c>passwordconfirmation</c>…; the list is <c>SecretNameRule.Suffixes</c>). So <c>db_password</c>, <c>client_secret</c>, <c>refreshToken</c>,
/// <c>X-Api-Key</c>, <c>aws_secret_access_key</c> and <c>AccountKey</c> are secret names; <c>token_count</c>,
/// <c>tokens</c>, <c>secretary</c>, <c>hotkey</c> and <c>access_key_id</c> are not. The scrubber uses it for <c>key=value</c> and JSON keys,
/// the log value formatter and the log processor for unclassified members, dictionary keys and attributes
/// holding a string, a formattable scalar (a Guid or number under a secret name is redacted too) or any other text that
/// is not an object of the app's (<see cref="IsSecretValue"/>).
/// </summary>
internal static class SecretNames
{
    // One list with the generators' compile-time rule (src/Shared/Text/SecretNameRule.cs).
    private static readonly string[] Suffixes = Instrumentation.Text.SecretNameRule.Suffixes;

    /// <summary>For each ASCII character, whether some suffix ends with it (built from <see cref="Suffixes"/>, the one list).</summary>
    private static readonly bool[] EndsASuffix = LastCharacters(Suffixes);

    private static bool[] LastCharacters(string[] suffixes)
    {
        var ends = new bool[128];
        foreach (var suffix in suffixes)
        {
            ends[suffix[^1]] = true;
        }

        return ends;
    }

    /// <summary>
    /// True when <paramref name="value"/>, held under <paramref name="name"/>, is redacted by its name: a secret name
    /// and a value written as text — a string, a number, Guid or other formattable scalar (an <c>apiKey</c>
    /// Guid or a numeric <c>pin_token</c> is as secret as a string one), or any other value that is not an object of the
    /// app's (a <c>StringBuilder</c>, <c>char[]</c> or <c>byte[]</c> password, a <c>JsonElement</c> or
    /// <c>ReadOnlyMemory&lt;char&gt;</c> token). Enums and booleans say nothing secret; an object of the app's is written
    /// member by member, each by its own name.
    /// </summary>
    /// <param name="name">A key, member or parameter name.</param>
    /// <param name="value">The value.</param>
    public static bool IsSecretValue(string name, object? value) =>
        value is not (null or bool or Enum) && (IsSecret(name) || IsCredentialHeader(name)) && HoldsText(value);

    /// <summary>
    /// True for <c>Authorization</c> and <c>Proxy-Authorization</c> (any case, <c>_</c> for <c>-</c>): the name of a value that
    /// is a credential whatever its scheme. A name of a value only (a dictionary's key, a log field), not a secret name of
    /// the text rules, whose <c>Authorization:</c> rule keeps the scheme and redacts what follows it. A dictionary of request
    /// headers in a span attribute wrote <c>Authorization: Token tok_live_…</c> in clear (a stranger's leak hunt).
    /// </summary>
    /// <param name="name">A key, member or parameter name.</param>
    public static bool IsCredentialHeader(string name) =>
        name.Equals("Authorization", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Proxy-Authorization", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Proxy_Authorization", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// True when <paramref name="value"/> is written as text a secret name redacts (see <see cref="IsSecretValue"/>):
    /// not null, a boolean, an enum or an object of the app's.
    /// </summary>
    /// <param name="value">The value.</param>
    public static bool HoldsText(object? value) =>
        value is not (null or bool or Enum)
        && (value is string or IFormattable || LogValueShapes.Of(value.GetType()).Kind != ValueShapeKind.Object);

    /// <summary>True when <paramref name="name"/> names a secret.</summary>
    /// <param name="name">A key, member or parameter name.</param>
    public static bool IsSecret(ReadOnlySpan<char> name)
    {
        // Most names end in a character no secret name ends in (a digit, "id", "name"): one table look-up settles them,
        // before the name's tail is read and compared with every suffix (a ':' in "at 12:30" asks about "12").
        var end = name.Length - 1;
        while (end >= 0 && name[end] is '_' or '-' or '.')
        {
            end--;
        }

        if (end < 0 || char.ToLowerInvariant(name[end]) is var last && (last >= EndsASuffix.Length || !EndsASuffix[last]))
        {
            return false;
        }

        Span<char> letters = stackalloc char[24];
        var count = 0;
        for (var i = name.Length - 1; i >= 0 && count < letters.Length; i--)
        {
            var c = name[i];
            if (c is '_' or '-' or '.')
            {
                continue;
            }

            letters[letters.Length - 1 - count] = char.ToLowerInvariant(c);
            count++;
        }

        ReadOnlySpan<char> tail = letters[(letters.Length - count)..];
        foreach (var suffix in Suffixes)
        {
            if (tail.EndsWith(suffix.AsSpan(), StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
