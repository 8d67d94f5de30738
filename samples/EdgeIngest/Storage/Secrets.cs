using System;
using System.Security.Cryptography;
using System.Text;

namespace EdgeIngest.Storage;

/// <summary>Random credentials (device tokens, org API keys, dashboard tokens); only their SHA-256 is stored.</summary>
public static class Secrets
{
    /// <summary>A new credential: <paramref name="prefix"/> and 32 random bytes, base64url.</summary>
    public static string New(string prefix) =>
        prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The stored form of a credential.</summary>
    public static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
