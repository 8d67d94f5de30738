using System;

namespace Instrumentation.Redaction;

/// <summary>
/// The rule that says a key or member name holds a secret: the name, ignoring case, <c>_</c>, <c>-</c>
/// and <c>.</c>, ends with <c>password</c>, <c>passwd</c>, <c>pwd</c>, <c>passphrase</c>, <c>secret</c>,
/// <c>token</c>, <c>apikey</c>, <c>privatekey</c> or <c>credential(s)</c>. So <c>db_password</c>,
/// <c>client_secret</c>, <c>refreshToken</c> and <c>X-Api-Key</c> are secret names; <c>token_count</c>,
/// <c>tokens</c> and <c>secretary</c> are not. The scrubber uses it for <c>key=value</c> and JSON keys,
/// the log value formatter for unclassified string members and dictionary keys.
/// </summary>
internal static class SecretNames
{
    private static readonly string[] Suffixes =
    {
        "password", "passwd", "pwd", "passphrase", "secret", "token", "apikey", "privatekey", "credential", "credentials",
    };

    /// <summary>True when <paramref name="name"/> names a secret.</summary>
    /// <param name="name">A key, member or parameter name.</param>
    public static bool IsSecret(ReadOnlySpan<char> name)
    {
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
