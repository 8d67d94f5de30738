using Instrumentation.Funnel;
using Xunit;

namespace Instrumentation.Runtime.Tests.Logging;

/// <summary>Issue 13: funnel properties follow the rules of every other sink (secret names, free-text scrubbing).</summary>
public sealed class FunnelPropertyRedactionTests
{
    [Fact]
    public void Text_properties_are_redacted_by_secret_name_and_scrubbed_and_other_values_are_kept()
    {
        var properties = default(FunnelProperties);
        properties.Add("client_secret", "s3cr3t-value");
        properties.Add("note", "owner ada@example.com");
        properties.Add("org_id", "org-42");
        properties.Add("api_token_count", 3L);

        Assert.Equal("[REDACTED]", properties.Find("client_secret").ToString());
        Assert.Equal("owner [EMAIL]", properties.Find("note").ToString());
        Assert.Equal("org-42", properties.Find("org_id").ToString());
        Assert.Equal(FunnelValue.Int64(3), properties.Find("api_token_count"));
    }
}
