using System;
using Instrumentation.Redaction;
using Xunit;

namespace Instrumentation.Runtime.Tests.Logging;

public sealed class RedactorTests
{
    private static readonly byte[] Key = Convert.FromHexString("00112233445566778899aabbccddeeff");

    [Fact]
    public void Hmac_is_stable_for_one_key_and_different_for_another()
    {
        var first = new HmacRedactor(Key, "2026a").Redact("ada@example.com");
        var again = new HmacRedactor((byte[])Key.Clone(), "2026a").Redact("ada@example.com");
        var otherKey = new HmacRedactor(Convert.FromHexString("ffeeddccbbaa99887766554433221100"), "2026b").Redact("ada@example.com");

        Assert.Equal(first, again);
        Assert.NotEqual(first[11..], otherKey[11..]);
        Assert.Matches("^hmac:2026a:[0-9a-f]{32}$", first);
    }

    [Fact]
    public void Mask_keeps_only_the_last_characters_and_hides_short_values_entirely()
    {
        var mask = new MaskRedactor(keepLast: 4);

        Assert.Equal("************1111", mask.Redact("4111111111111111"));
        Assert.Equal("*****", mask.Redact("12345"));
        Assert.Equal("[REDACTED]", EraseRedactor.Instance.Redact("anything"));
    }

    [Fact]
    public void Bad_keys_are_refused_with_a_clear_message()
    {
        Assert.Contains("at least 16 bytes", Assert.Throws<ArgumentException>(() => new HmacRedactor(new byte[4], "k")).Message);
        Assert.Contains("key id", Assert.Throws<ArgumentException>(() => new HmacRedactor(Key, "a:b")).Message);
    }
}
