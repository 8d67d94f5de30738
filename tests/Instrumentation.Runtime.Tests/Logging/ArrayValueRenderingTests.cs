using System.Text;
using Instrumentation.Logging;
using Xunit;

namespace Instrumentation.Runtime.Tests.Logging;

/// <summary>
/// A <c>char[]</c> or <c>byte[]</c> under a neutral name was rendered element by element — <c>[112, 97, 115, …]</c> — which
/// the scrubber cannot read and anyone can decode (a security review read <c>password=…</c> back). A character array is now
/// written as the text it holds, scrubbed; a byte array as its count.
/// </summary>
public sealed class ArrayValueRenderingTests
{
    public sealed record Upload(string Name, byte[] Body, char[] Note);

    [Fact]
    public void Character_arrays_are_scrubbed_text_and_byte_arrays_only_their_count()
    {
        var body = Encoding.UTF8.GetBytes("password=BYTES-CANARY");
        var note = "password=CHARS-CANARY for ada@example.com".ToCharArray();

        Assert.Equal("byte[21]", LogValueFormatter.Format(body));
        Assert.Equal("password=[REDACTED] for [EMAIL]", LogValueFormatter.Format(note));
        Assert.Equal(
            "Upload { Name = report, Body = byte[21], Note = password=[REDACTED] for [EMAIL] }",
            LogValueFormatter.Format(new Upload("report", body, note)));
    }
}
