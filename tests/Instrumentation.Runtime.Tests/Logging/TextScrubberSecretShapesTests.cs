using System.Linq;
using Instrumentation.Redaction;
using Instrumentation.Text;
using Xunit;

namespace Instrumentation.Runtime.Tests.Logging;

/// <summary>
/// Secrets the scrubber missed in a security review, each written the way a real sink shows it: an Authorization header
/// with a scheme other than Bearer or Basic, an XML element, a command-line option, credentials known by a prefix with a
/// dash, and names of secrets that are neither passwords nor tokens (Azure's subscription and function keys, one-time
/// passwords, a card's verification code). Each row failed before.
/// </summary>
public sealed class TextScrubberSecretShapesTests
{
    [Theory]
    [InlineData("Authorization: Token 9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b", "Authorization: Token [REDACTED]")]
    [InlineData("request headers: authorization=ApiKey c2VjcmV0LWtleQ, accept=*/*", "request headers: authorization=ApiKey [REDACTED], accept=*/*")]
    [InlineData("Authorization: SSWS 00QCjAl4MlV-WPXM-ABCDEFGHIJ0123456789", "Authorization: SSWS [REDACTED]")]
    [InlineData("Authorization: SharedKey acme:ctzMq410TV3wS7upTBcunJTDLEJwMAZuFPfr0mrrA08=", "Authorization: SharedKey [REDACTED]")]
    [InlineData("Proxy-Authorization: Negotiate YIIB7wYGKwYBBQUCoIIB4zCCAd", "Proxy-Authorization: Negotiate [REDACTED]")]
    [InlineData("{\"Authorization\": \"Token abcd1234efgh\"}", "{\"Authorization\": \"Token [REDACTED]\"}")]
    [InlineData("Authorization: lin_api_7hG2kQ9xZ", "Authorization: [REDACTED]")] // no scheme, a credential's shape
    [InlineData("Authorization: Bearer abcdef123 sent", "Authorization: Bearer [REDACTED] sent")] // the bearer rule, as before
    public void Credentials_of_any_authorization_scheme_are_redacted(string input, string expected)
    {
        Assert.Equal(expected, TextScrubber.Scrub(input));
    }

    [Theory]
    [InlineData("password := GO-CANARY", "password := [REDACTED]")]
    [InlineData("$config = ['password' => 'PHP-CANARY', 'user' => 'ada'];", "$config = ['password' => '[REDACTED]', 'user' => 'ada'];")]
    [InlineData("opts = { password => RUBY-CANARY }", "opts = { password => [REDACTED] }")]
    [InlineData("{\"passcode\": \"8812\", \"recovery_code\": \"a1b2-c3d4\"}", "{\"passcode\": \"[REDACTED]\", \"recovery_code\": \"[REDACTED]\"}")]
    [InlineData("minio accessKey=AK-CANARY-77 bucket=logs", "minio accessKey=[REDACTED] bucket=logs")]
    public void Secret_names_and_separators_of_other_languages_are_redacted(string input, string expected)
    {
        // A security review: Go's :=, PHP's and Ruby's =>, and the names passcode, recovery_code and accessKey.
        Assert.Equal(expected, TextScrubber.Scrub(input));
    }

    [Theory]
    [InlineData("Cookie: theme=dark; session=COOKIE2-CANARY", "Cookie: [REDACTED]")]
    [InlineData("cookie: _ga=GA1.2.3; connect.sid=s%3ACONNECTSID-CANARY\r\nHost: api.local", "cookie: [REDACTED]\r\nHost: api.local")]
    [InlineData("Cookie: ASP.NET_SessionId=X; .AspNetCore.Identity.Application=CfDJ8IDENTITY-CANARY", "Cookie: [REDACTED]")]
    [InlineData("Set-Cookie: theme=dark, sid=SETCOOKIE2-CANARY; Path=/\nVary: Accept", "Set-Cookie: [REDACTED]\nVary: Accept")]
    [InlineData("{\"Authorization\":[\"Bearer abcdefghijklmnop1234\"],\"Cookie\":[\"sid=JSONHDRCOOKIE-CANARY\"]}", "{\"Authorization\":[\"Bearer [REDACTED]\"],\"Cookie\":[\"[REDACTED]\"]}")]
    [InlineData("{\"cookie\": \"a=1; b=2\", \"n\": 1}", "{\"cookie\": \"[REDACTED]\", \"n\": 1}")]
    [InlineData("{\"cookie\":[\"a=1\",\"sid=JSONCK3-CANARY\"]}", "{\"cookie\":[\"[REDACTED]\"]}")] // every string of the array
    [InlineData("Headers: { Authorization: Bearer abcdefghijklmnop1234, Cookie: sid=HDRDUMP-CANARY }", "Headers: { Authorization: Bearer [REDACTED], Cookie: [REDACTED]}")]
    [InlineData("Cookie: [REDACTED]", "Cookie: [REDACTED]")] // already redacted: no second marker
    public void Every_cookie_of_a_cookie_header_is_redacted(string input, string expected)
    {
        // The key=value rule took the header's first cookie only: Cookie: [REDACTED]; session=… (a security review).
        Assert.Equal(expected, TextScrubber.Scrub(input));
    }

    [Theory]
    [InlineData("<Credentials><UserName>ada</UserName><Password>hunter2</Password></Credentials>", "<Credentials><UserName>ada</UserName><Password>[REDACTED]</Password></Credentials>")]
    [InlineData("soap fault for <ns1:apiKey xsi:type=\"xsd:string\">k-live-42</ns1:apiKey>", "soap fault for <ns1:apiKey xsi:type=\"xsd:string\">[REDACTED]</ns1:apiKey>")]
    [InlineData("<client_secret>two words</client_secret>", "<client_secret>[REDACTED]</client_secret>")]
    public void Xml_elements_named_by_a_secret_name_have_their_text_redacted(string input, string expected)
    {
        Assert.Equal(expected, TextScrubber.Scrub(input));
    }

    [Theory]
    [InlineData("running docker login --username ada --password hunter2 registry.local", "running docker login --username ada --password [REDACTED] registry.local")]
    [InlineData("az login --client-secret \"a b c\" --tenant t1", "az login --client-secret \"[REDACTED]\" --tenant t1")]
    [InlineData("--pwd x1", "--pwd [REDACTED]")] // short: the pre-scan's plain loop
    [InlineData("tool --api-key=k123 --token  t456", "tool --api-key=[REDACTED] --token  [REDACTED]")]
    public void Command_line_options_named_by_a_secret_name_have_their_value_redacted(string input, string expected)
    {
        Assert.Equal(expected, TextScrubber.Scrub(input));
    }

    [Theory]
    [InlineData("openai call failed with key sk-proj-AbCdEf0123456789GhIjKlMnOp_qr-st", "openai call failed with key [REDACTED]")]
    [InlineData("webhook secret whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw rotated", "webhook secret [REDACTED] rotated")]
    [InlineData("shopify token shpat_0123456789abcdef0123456789abcdef used", "shopify token [REDACTED] used")]
    [InlineData("doctl auth init -t dop_v1_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "doctl auth init -t [REDACTED]")]
    [InlineData("ANTHROPIC_KEY=sk-ant-api03-AbCdEf0123456789GhIjKlMnOp", "ANTHROPIC_KEY=[REDACTED]")]
    [InlineData("svc account sk-svcacct-AbCdEf0123456789GhIjKl", "svc account [REDACTED]")]
    [InlineData("git clone https://oauth2:glpat-AbCdEf0123456789GhIj@gitlab.example/x.git", "git clone https://oauth2:[REDACTED]@gitlab.example/x.git")]
    [InlineData("pushing with glpat-AbCdEf0123456789GhIj now", "pushing with [REDACTED] now")]
    [InlineData("hub token hf_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789", "hub token [REDACTED]")]
    [InlineData("socket mode xapp-1-A0123456789-0123456789-abcdef", "socket mode [REDACTED]")]
    public void Credentials_known_by_a_dashed_or_new_prefix_are_redacted(string input, string expected)
    {
        Assert.Equal(expected, TextScrubber.Scrub(input));
    }

    [Theory]
    [InlineData("sendgrid rejected SG.AbCdEfGhIjKlMnOpQrStUv.WxYz0123456789AbCdEfGhIjKlMnOpQrStUvWxYz012 (401)", "sendgrid rejected [REDACTED] (401)")]
    [InlineData("twine upload -p pypi-AgEIcHlwaS5vcmcCJDAxMjM0NTY3LTg5YWItY2RlZi0wMTIzLTQ1Njc4OWFiY2RlZgACKlsz dist/*", "twine upload -p [REDACTED] dist/*")]
    [InlineData("postman sync PMAK-0123456789abcdef01234567-0123456789abcdef0123456789abcdef01 failed", "postman sync [REDACTED] failed")]
    [InlineData("identity file holds AGE-SECRET-KEY-1QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7LQPZRY9X8GF2TVDW0S3JN54KHCE", "identity file holds [REDACTED]")]
    [InlineData("jira token ATATT3xFfGF0AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_=A1B2C3D4 used", "jira token [REDACTED] used")]
    [InlineData("runner registered with glrt-AbCdEf0123456789GhIj_kl", "runner registered with [REDACTED]")]
    [InlineData("deploy token gldt-AbCdEf0123456789GhIjKl, trigger glptt-0123456789abcdef0123456789abcdef01234567", "deploy token [REDACTED], trigger [REDACTED]")]
    [InlineData("job token glcbt-64_AbCdEf0123456789GhIjKl; agent glagent-AbCdEf0123456789GhIjKlMn", "job token [REDACTED]; agent [REDACTED]")]
    [InlineData("app registration secret abc8Q~AbCdEfGhIjKlMnOpQrStUvWxYz01234-_. expires", "app registration secret abc8[REDACTED]. expires")]
    [InlineData("{\"clientSecret\":\"x\",\"note\":\"Zy.3Q~Abc_~.0123456789abcdefghijklmnopqr\"}", "{\"clientSecret\":\"[REDACTED]\",\"note\":\"Zy.3[REDACTED]\"}")]
    public void Credentials_of_more_issuers_known_by_their_prefix_are_redacted(string input, string expected)
    {
        // A third review's list of shapes still written in clear: SendGrid, PyPI, Postman, age identities, Atlassian API
        // tokens and GitLab's other token kinds.
        Assert.Equal(expected, TextScrubber.Scrub(input));
        Assert.Equal(expected, TextScrubber.Scrub(TextScrubber.Scrub(input)));
    }

    [Theory]
    [InlineData("Rotated client secret, new value is abc8Q~vLqV3vU_Lh_jfsc83w11w5r0Ns5GIMI~XN.", "Rotated client secret, new value is abc8[REDACTED].")]
    [InlineData("secret abc8Q~vLqV3vU_Lh_jfsc83w11w5r0Ns5GIMI~XN... copied - done", "secret abc8[REDACTED]... copied - done")]
    [InlineData("short one Xy_7Q~vLqV3vU_Lh_jfsc83w11w5r0Ns5GIMI. Next sentence.", "short one Xy_7[REDACTED]. Next sentence.")]
    [InlineData("GET /callback?data=%7B%22key%22%3A%22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%22%7D HTTP/1.1", "GET /callback?data=%7B%22key%22%3A%22[REDACTED]%22%7D HTTP/1.1")]
    [InlineData("GET /search?q=%20PMAK-0123456789abcdef01234567-0123456789abcdef0123456789abcdef01&x=%3Aglpat-AbCdEf0123456789GhIj", "GET /search?q=%20[REDACTED]&x=%3A[REDACTED]")]
    [InlineData("form cs=%22abc8Q~vLqV3vU_Lh_jfsc83w11w5r0Ns5GIMI~XN%22", "form cs=%22abc8[REDACTED]%22")]
    [InlineData("Secret abc8Q~vLqV3vU_Lh_jfsc83w11w5r0Ns5GIMI~XN- copied, k9Z2Q~7LQTfjdY3ZGO0JFgrTGUiha7fYfOKELxn--", "Secret abc8[REDACTED]- copied, k9Z2[REDACTED]-")]
    [InlineData("Deploy /opt/app/bin.abc8Q~vLqV3vU_Lh_jfsc83w11w5r0Ns5GIMI~XN and key.abc8Q~vLqV3vU_Lh_jfsc83w11w5r0Ns5GIMI~XN", "Deploy /opt/app/bin.abc8[REDACTED] and key.abc8[REDACTED]")]
    [InlineData("twine upload -r testpypi -p pypi-AgENdGVzdC5weXBpLm9yZwIkNjc4OWFiY2RlZgACKlszLCJhYmNkZWYiXQAABiA0123456789abcdef", "twine upload -r testpypi -p [REDACTED]")]
    [InlineData("flags glffct-AbCdEf0123456789GhIjKl, workspace glwt-AbCdEf0123456789GhIjKl, runner GR1348941AbCdEf0123456789GhIj", "flags [REDACTED], workspace [REDACTED], runner [REDACTED]")]
    public void A_stranger_trials_leaks_of_the_new_shapes_are_redacted(string input, string expected)
    {
        // What a newcomer's trial of the new rules found in clear: an Entra secret before a sentence's period, an ellipsis
        // or a dash, or after a '.', any credential right after a percent-escape (URL-encoded JSON in a query), TestPyPI
        // tokens, and GitLab's feature-flag, workspace and runner registration tokens.
        Assert.Equal(expected, TextScrubber.Scrub(input));
        Assert.Equal(expected, TextScrubber.Scrub(TextScrubber.Scrub(input)));
    }

    [Theory]
    [InlineData("See glrt-registration-flow docs and gldt-deploy-token-rotation, branch feature/gldt-cleanup-for-old-environments")]
    [InlineData("GET /docs/glpat-personal-access-tokens-overview HTTP/1.1")]
    [InlineData("GET /help/ci/runners/glrt-runner-authentication-tokens.md HTTP/1.1")]
    [InlineData("SG.this-is-not-a-sendgrid-key.but-just-a-dotted-identifier-with-many-words")]
    [InlineData("Image SG.frontend-build-cache.aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789abcdefgh")]
    [InlineData("Open ~/work/dev2Q~meeting-notes-for-the-team-v2.txt")]
    public void Words_that_only_look_like_the_new_shapes_are_left_alone(string input)
    {
        // The same trial's over-redaction: lower-case words after a GitLab prefix, dotted names after SG. that are not
        // 22 and 43 characters, a file name after a Q~ (a GitLab token and an Entra secret hold an upper-case letter).
        Assert.Same(input, TextScrubber.Scrub(input));
    }

    [Theory]
    [InlineData("MSG.Length is 12 and SG.short.short is too short; GET /api/SG.list")]
    [InlineData("SG. keys are described in docs.example.com/SG.html")]
    [InlineData("pypi-AgEIcHlwaS5vcmc alone, PMAK-123, age-secret-key-1qpzry (lowercase), ATATT3 is the start")]
    [InlineData("glrt- runners and glft-short, english-built-in words: unglrt-x")]
    [InlineData("cd ~/Q~notes; abcQ~AbCdEfGhIjKlMnOpQrStUvWxYz01234-_. has no digit; ab8Q~short")]
    [InlineData("abc8Q~AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfGhIj is longer than a secret")]
    public void Look_alikes_of_the_more_issuers_are_left_alone(string input)
    {
        Assert.Same(input, TextScrubber.Scrub(input));
    }

    [Theory]
    [InlineData("Ocp-Apim-Subscription-Key: 0123456789abcdef0123456789abcdef", "Ocp-Apim-Subscription-Key: [REDACTED]")]
    [InlineData("GET /api/run?code=x x-functions-key: AbC123==", "GET /api/run?code=x x-functions-key: [REDACTED]")]
    [InlineData("verify otp=482913 cvv: 123 card_security_code=4567", "verify otp=[REDACTED] cvv: [REDACTED] card_security_code=[REDACTED]")]
    [InlineData("{\"totp\": \"482913\", \"cvc\": 123}", "{\"totp\": \"[REDACTED]\", \"cvc\": \"[REDACTED]\"}")]
    public void Newly_listed_secret_names_redact_their_values(string input, string expected)
    {
        Assert.Equal(expected, TextScrubber.Scrub(input));
    }

    [Theory]
    [InlineData("posting alert to https://hooks.slack.com/services/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 done",
        "posting alert to https://hooks.slack.com/services/[REDACTED] done")]
    [InlineData("{\"webhook\":\"https://hooks.slack.com/workflows/T0A1B2C3D/A0B1C2/123/AbCdEf\"}", "{\"webhook\":\"https://hooks.slack.com/workflows/[REDACTED]\"}")]
    [InlineData("POST https://discord.com/api/webhooks/112233445566778899/Zx9-Yw8_Vu7TsRq6PoN5mLk4JiH3gFe2DcB1a?wait=true failed: 429",
        "POST https://discord.com/api/webhooks/112233445566778899/[REDACTED] failed: 429")]
    [InlineData("url=HTTPS://ptb.discordapp.com/api/v10/webhooks/1/abc", "url=HTTPS://ptb.discordapp.com/api/v10/webhooks/1/[REDACTED]")]
    [InlineData("Teams: https://contoso.webhook.office.com/webhookb2/4c0e3f9a-1b2c-4d5e-8f90-a1b2c3d4e5f6@72f988bf-86f1-41af-91ab-2d7cd011db47/IncomingWebhook/0a1b2c3d4e5f/5e6f7a8b-9c0d",
        "Teams: https://contoso.webhook.office.com/webhookb2/[REDACTED]")]
    [InlineData("(https://outlook.office.com/webhook/abc-def/IncomingWebhook/123/456)", "(https://outlook.office.com/webhook/[REDACTED])")]
    public void A_chat_webhooks_url_has_its_secret_part_redacted(string input, string expected)
    {
        // A webhook URL is its own credential, and no secret name stands before it (a security review's "posting alert to
        // https://hooks.slack.com/services/…" was written whole).
        Assert.Equal(expected, TextScrubber.Scrub(input));
        Assert.Equal(expected, TextScrubber.Scrub(TextScrubber.Scrub(input)));
    }

    [Theory]
    [InlineData("see https://api.slack.com/messaging/webhooks and https://discord.com/channels/1/2")]
    [InlineData("https://hooks.slack.com/ is the host; https://example.com/services/T0/B0/x")]
    [InlineData("Request starting HTTP/1.1 GET http://localhost:5000/api/webhooks/12/retry - -")]
    [InlineData("authorization failed for user dev-1")]
    [InlineData("authorization: denied, policy RequireAdmin")]
    [InlineData("Authorization header missing")]
    [InlineData("<token/> and <password /> are placeholders; <secret>")] // no element text, or no closing tag
    [InlineData("<Username>ada</Username><Note>password reset</Note>")]
    [InlineData("dotnet test --no-build --filter Token")]
    [InlineData("set --password --stdin then type it")] // the next option is no value
    [InlineData("risk-proj-plan and desk-ant-hill, sk-proj-short")]
    [InlineData("keyboard=us hotkey: F5 subscription=premium function=run")]
    [InlineData("plan=basic function=run mode=basic features=all")] // a word after "basic", then key=value: no credentials
    [InlineData("ids 3f2504e0-4f89-11d3-9a0c-0305e82c3301 on 2024-05-17 -> ok > 3")]
    public void Look_alikes_are_left_alone(string input)
    {
        Assert.Same(input, TextScrubber.Scrub(input));
    }

    [Fact]
    public void Every_secret_name_ending_is_found_by_the_secret_patterns()
    {
        // The patterns list the endings as a regex (ScrubPatterns.SecretWords) and the rule checks the name found; an
        // ending missing from the regex would be a secret name the key=value text never redacts.
        foreach (var suffix in SecretNameRule.Suffixes)
        {
            Assert.Equal("db_" + suffix + "=[REDACTED] n=1", TextScrubber.Scrub("db_" + suffix + "=v4lue n=1"));
            Assert.Equal("{\"" + suffix + "\": \"[REDACTED]\"}", TextScrubber.Scrub("{\"" + suffix + "\": \"v4lue\"}"));
            Assert.Equal("<" + suffix + ">[REDACTED]</" + suffix + ">", TextScrubber.Scrub("<" + suffix + ">v4lue</" + suffix + ">"));
            Assert.Equal("--" + suffix + " [REDACTED] x", TextScrubber.Scrub("--" + suffix + " v4lue x"));
        }
    }

    [Fact]
    public void Hostile_inputs_of_the_new_rules_are_scanned_in_linear_time()
    {
        // A quadratic regression hangs this test in CI.
        var openTags = string.Concat(Enumerable.Repeat("<password>x ", 40_000));
        var options = string.Concat(Enumerable.Repeat("--password --token ", 30_000));
        var headers = string.Concat(Enumerable.Repeat("authorization: authorization= ", 30_000));
        var prefixes = string.Concat(Enumerable.Repeat("sk-proj- glpat- sk-ant-x ", 30_000));
        var webhooks = string.Concat(Enumerable.Repeat("https://hooks.slack.com/https://discord.com/api/webhooks/1", 30_000));
        var dotted = string.Concat(Enumerable.Repeat("SG.AbCdEfGhIjKlMnOpQrStUv.SG.abc1Q~", 30_000));

        Assert.Equal(openTags, TextScrubber.Scrub(openTags));
        Assert.Same(options, TextScrubber.Scrub(options));
        Assert.Same(headers, TextScrubber.Scrub(headers));
        Assert.Same(prefixes, TextScrubber.Scrub(prefixes));
        Assert.Same(dotted, TextScrubber.Scrub(dotted));
        Assert.Equal("https://hooks.slack.com/https://discord.com/api/webhooks/1", TextScrubber.Scrub(webhooks)[..58]);
    }
}
