using System;
using System.Collections.Generic;
using Instrumentation.Redaction;
using Xunit;

namespace Instrumentation.Runtime.Tests.Logging;

/// <summary>
/// A stranger's leak hunt: a dictionary of request headers rendered into a span attribute wrote
/// <c>Authorization: Token tok_live_…</c> in clear — each value is scrubbed without its key, and the scrubber's own
/// <c>Authorization:</c> rule needs the header's text around it. A value named <c>Authorization</c> (a dictionary key, a log field) is redacted as a secret-named one is.
/// </summary>
public sealed class AuthorizationNameTests
{
    [Theory]
    [InlineData("Authorization")]
    [InlineData("Proxy-Authorization")]
    [InlineData("authorization")]
    public void Authorization_names_a_credential_value(string name) => Assert.True(SecretNames.IsSecretValue(name, "Token tok_live_9f8e7d6c5b4a"));

    [Fact]
    public void A_header_dictionary_keeps_its_other_headers_and_loses_its_credential()
    {
        var headers = new Dictionary<string, string>(System.StringComparer.Ordinal)
        {
            ["Authorization"] = "Token tok_live_9f8e7d6c5b4a",
            ["Accept"] = "application/json",
        };

        Assert.Equal("[Authorization: [REDACTED], Accept: application/json]", TelemetryValues.Object(headers));
        Assert.False(SecretNames.IsSecretValue("authorized", "yes"));

        // The text rule keeps the scheme and redacts what follows it, as before.
        Assert.Equal("Authorization: Token [REDACTED]", TextScrubber.Scrub("Authorization: Token 9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b"));
    }
}
