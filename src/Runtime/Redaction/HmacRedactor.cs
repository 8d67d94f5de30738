using System;
using System.Security.Cryptography;
using System.Text;

namespace Instrumentation.Redaction;

/// <summary>
/// Replaces a value with a keyed HMAC-SHA256 hash: <c>hmac:&lt;keyId&gt;:&lt;hash&gt;</c>. The same value
/// and key always give the same text (across restarts and instances), so redacted values still
/// correlate; without the key the value cannot be recovered or guessed by hashing candidates.
/// </summary>
public sealed class HmacRedactor : IRedactor
{
    private readonly byte[] _key;
    private readonly string _prefix;

    /// <summary>Creates the redactor from a secret key (at least 16 bytes) and a public key id.</summary>
    public HmacRedactor(byte[] key, string keyId)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < 16)
        {
            throw new ArgumentException("The HMAC key must be at least 16 bytes.", nameof(key));
        }

        if (string.IsNullOrWhiteSpace(keyId) || keyId.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException("The key id must be non-empty and contain no ':'.", nameof(keyId));
        }

        _key = (byte[])key.Clone();
        _prefix = "hmac:" + keyId + ":";
    }

    /// <inheritdoc />
    public string Redact(string value)
    {
        Span<byte> hash = stackalloc byte[32];
        var bytes = Encoding.UTF8.GetBytes(value);
        HMACSHA256.HashData(_key, bytes, hash);
#if NET9_0_OR_GREATER
        return _prefix + Convert.ToHexStringLower(hash[..16]);
#else
        return _prefix + Convert.ToHexString(hash[..16]).ToLowerInvariant();
#endif
    }
}
