using Instrumentation.Redaction;
using Xunit;

namespace Instrumentation.Runtime.Tests.Logging;

/// <summary>The free-text scrubber's corpus: what it must replace, and what it must leave alone.</summary>
public sealed class TextScrubberTests
{
    [Theory]
    [InlineData("contact ada.lovelace+x@example.co.uk now", "contact [EMAIL] now")]
    // Percent-encoded in a URL, as HttpClient's logs write a path the app built (found in an orders service).
    [InlineData("Start processing HTTP request GET http://127.0.0.1:5301/users/erin.leak%40example.com?*", "Start processing HTTP request GET http://127.0.0.1:5301/users/[EMAIL]?*")]
    [InlineData("/u/a%40b.co", "/u/[EMAIL]")]
    [InlineData("ssn 078-05-1120 on file", "ssn [SSN] on file")]
    [InlineData("ssn 078 05 1120 on file", "ssn [SSN] on file")]
    [InlineData("login password=hunter2 token=abc.def", "login password=[REDACTED] token=[REDACTED]")]
    [InlineData("login passwd=hunter2 pwd: letmein", "login passwd=[REDACTED] pwd: [REDACTED]")]
    [InlineData("api_key: sk_live_123, secret = 's3'", "api_key: [REDACTED], secret = '[REDACTED]'")]
    [InlineData("db_password=hunter2 client_secret=abc123 refresh_token=abc123", "db_password=[REDACTED] client_secret=[REDACTED] refresh_token=[REDACTED]")]
    [InlineData("clientSecret=abc123 X-Api-Key: k-123", "clientSecret=[REDACTED] X-Api-Key: [REDACTED]")]
    [InlineData("connect (/ws?token=abc123) failed", "connect (/ws?token=[REDACTED]) failed")]
    [InlineData("GET /ws?token=abc123&device=d1.", "GET /ws?token=[REDACTED]&device=d1.")]
    [InlineData("rejected token=abc123.", "rejected token=[REDACTED].")]
    [InlineData("password=\"two words\" kept", "password=\"[REDACTED]\" kept")]
    [InlineData("{\"user\":\"ada\",\"password\": \"p@ss \\\"w\"}", "{\"user\":\"ada\",\"password\": \"[REDACTED]\"}")]
    [InlineData("{\"password\": 12345678}", "{\"password\": \"[REDACTED]\"}")]
    [InlineData("{\"db_password\":true,\"count\":3}", "{\"db_password\":\"[REDACTED]\",\"count\":3}")]
    [InlineData("{'client_secret': 'abc'}", "{'client_secret': '[REDACTED]'}")]
    // JSON held in a JSON string (a response body in an exception message): its quotes are escaped.
    [InlineData("body: {\\\"user\\\":\\\"bob\\\",\\\"password\\\":\\\"hunter2 x\\\",\\\"n\\\":1}", "body: {\\\"user\\\":\\\"bob\\\",\\\"password\\\":\\\"[REDACTED]\\\",\\\"n\\\":1}")]
    [InlineData("{\\\"pin_token\\\": 1234}", "{\\\"pin_token\\\": \\\"[REDACTED]\\\"}")]
    // Keys that are secrets by what they are (a red team's finding: "key" alone is no secret word, and these passed).
    [InlineData("DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=Zm9vYmFy+/==;EndpointSuffix=core.windows.net", "DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=[REDACTED];EndpointSuffix=core.windows.net")]
    [InlineData("Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=root;SharedAccessKey=c2VjcmV0", "Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=root;SharedAccessKey=[REDACTED]")]
    [InlineData("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG secret_key: abc signing-key=k1 masterKey=m1", "aws_secret_access_key = [REDACTED] secret_key: [REDACTED] signing-key=[REDACTED] masterKey=[REDACTED]")]
    [InlineData("{\"encryption_key\": \"00ff\"}", "{\"encryption_key\": \"[REDACTED]\"}")]
    [InlineData("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln", "Authorization: Bearer [REDACTED]")]
    // Credentials a newcomer's trial found in clear in an exception message (span, operation log, console): HTTP Basic
    // credentials, a JSON Web Token without "Bearer", and a password's trailing '!'.
    [InlineData("Authorization: Basic dXNlcjpCYXNpY0xlYWs= rejected", "Authorization: Basic [REDACTED] rejected")]
    [InlineData("proxy said basic YWRtaW46YWRtaW4", "proxy said basic [REDACTED]")]
    [InlineData("jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJKd3RMZWFrIn0.c2ln expired", "jwt [REDACTED] expired")]
    // A second trial: the README's own Basic example (no digit or sign), short bearer tokens, a password in a logged URL's
    // percent-encoded query, a password whose value is an authorization header's credentials.
    [InlineData("Authorization: Basic dXNlcjpwYXNz", "Authorization: Basic [REDACTED]")]
    [InlineData("Authorization: Bearer abc.def.ghi and bearer abcdef123", "Authorization: Bearer [REDACTED] and bearer [REDACTED]")]
    [InlineData("Bearer aBcDeFgHi", "Bearer [REDACTED]")]
    [InlineData("POST /signup?conn=Host%3Ddb%3BUsername%3Dapp%3BPassword%3DPgS3cret", "POST /signup?conn=Host%3Ddb%3BUsername%3Dapp%3BPassword%3D[REDACTED]")]
    [InlineData("password=Basic dXNlcjpwYXNz rejected", "password=[REDACTED] rejected")]
    [InlineData("token: Bearer abcdefghijklmnopqrstu", "token: [REDACTED]")]
    // Credentials known by their shape or by what they sign, in the places they leak from: a pre-signed URL in an exception
    // message, a cloud SDK's error, a logged request's cookies, a key pasted into a config error.
    [InlineData("GET https://acct.blob.core.windows.net/c/b?sv=2022-11-02&se=2026-01-01&sig=AbCdEf%2B123%3D failed", "GET https://acct.blob.core.windows.net/c/b?sv=2022-11-02&se=2026-01-01&sig=[REDACTED] failed")]
    [InlineData("https://b.s3.amazonaws.com/k?X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20260101&X-Amz-Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024", "https://b.s3.amazonaws.com/k?X-Amz-Credential=[REDACTED]&X-Amz-Signature=[REDACTED]")]
    [InlineData("aws key AKIAIOSFODNN7EXAMPLE used", "aws key [REDACTED] used")]
    [InlineData("token ghp_1234567890abcdefghijklmnopqrstuvwxyzAB failed", "token [REDACTED] failed")]
    [InlineData("pat github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz", "pat [REDACTED]")]
    [InlineData("slack xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx", "slack [REDACTED]")]
    [InlineData("stripe sk_live_51H8abcdefghijklmnopqrstuv, rk_test_51H8abcdefghij", "stripe [REDACTED], [REDACTED]")]
    [InlineData("google AIzaSyA-1234567890abcdefghijklmnopqrstu", "google [REDACTED]")]
    [InlineData("bad key -----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAx+y/Z=\n-----END RSA PRIVATE KEY----- in config", "bad key [REDACTED] in config")]
    [InlineData("bad key -----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC", "bad key [REDACTED]")]
    // From a sinks trial's list of common credential shapes: an npm token and a PGP private key block.
    [InlineData("npm token npm_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8 set", "npm token [REDACTED] set")]
    [InlineData("key -----BEGIN PGP PRIVATE KEY BLOCK-----\nVersion: GnuPG v2\n\nlQOYBGCANARYbody+/=\n=ab12\n-----END PGP PRIVATE KEY BLOCK----- end", "key [REDACTED] end")]
    [InlineData("legacy -----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,9A1C2B3D4E5F60718293A4B5C6D7E8F9\n\nMIIEpCANARYbase64keybody+/=\n-----END RSA PRIVATE KEY----- done", "legacy [REDACTED] done")]
    [InlineData("{\"key\":\"-----BEGIN RSA PRIVATE KEY-----\\nProc-Type: 4,ENCRYPTED\\nDEK-Info: AES-128-CBC,9A1C\\n\\nMIIEpCANARYbody\\n-----END RSA PRIVATE KEY-----\"}", "{\"key\":\"[REDACTED]\"}")]
    [InlineData("Cookie: session=eyJfa2V5IjoiYWJjIn0; auth=abc123def456", "Cookie: [REDACTED]")]
    [InlineData("sessionId=3f2a9c login", "sessionId=[REDACTED] login")]
    // What a password is checked or reset with (a newcomer's trial: ASP.NET Core Identity's PasswordHash on a span), and
    // the cookies a header carries after the first (a sinks trial: ASP.NET Core's own auth cookie, PHP's session).
    [InlineData("PasswordHash=AQAAAAIAAYagAAAAEJ3 SecurityStamp: NQWXF2EFVKPJ7PAM password_digest=$2a$12$R9h", "PasswordHash=[REDACTED] SecurityStamp: [REDACTED] password_digest=[REDACTED]")]
    [InlineData("password_confirmation=Hunter2 passwordResetCode=884422", "password_confirmation=[REDACTED] passwordResetCode=[REDACTED]")]
    // A form post's bracketed field names (a sinks trial: user[password]= and its percent-encoded form were kept whole).
    [InlineData("POST user[email]=a&user[password]=Hunter2Canary&remember=1", "POST user[email]=a&user[password]=[REDACTED]&remember=1")]
    [InlineData("body user%5Bpassword%5D=Hunter2Canary&x=1", "body user%5Bpassword%5D=[REDACTED]&x=1")]
    [InlineData("Cookie: a=1; .AspNetCore.Cookies=CfDJ8tokCANARY; PHPSESSID=q1w2e3", "Cookie: [REDACTED]")]
    [InlineData("{\"passwordHash\":\"AQAAAAIAAYag\",\"securityStamp\":\"NQWX\"}", "{\"passwordHash\":\"[REDACTED]\",\"securityStamp\":\"[REDACTED]\"}")]
    [InlineData("hot! contact pw=Sup3rS3cret, db_pw: x1", "hot! contact pw=[REDACTED], db_pw: [REDACTED]")]
    [InlineData("unsigned eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.", "unsigned [REDACTED]")]
    [InlineData("login failed password=Hunter2Leak!", "login failed password=[REDACTED]")]
    [InlineData("is password=Hunter2? no", "is password=[REDACTED] no")]
    [InlineData("password=(hunter2) password=[hunter2] password={hunter2} password=<hunter2>", "password=[REDACTED] password=[REDACTED] password=[REDACTED] password=[REDACTED]")]
    [InlineData("password=\"hunter2 and password=(hunter2 end", "password=[REDACTED] and password=[REDACTED] end")]
    [InlineData("this_is_a_rather_long_configuration_key_for_the_primary_db_password=hunter2", "this_is_a_rather_long_configuration_key_for_the_primary_db_password=[REDACTED]")]
    [InlineData("card 4111 1111 1111 1111 declined", "card [CARD] declined")]
    [InlineData("card 4111-1111-1111-1111 declined", "card [CARD] declined")]
    [InlineData("card 4111111111111111 declined", "card [CARD] declined")]
    [InlineData("card4111111111111111x", "card[CARD]x")]
    [InlineData("amex 3782 822463 10005 and 378282246310005", "amex [CARD] and [CARD]")]
    [InlineData("13 digits 4222222222222 and 4222 2222 2222 2", "13 digits [CARD] and [CARD]")]
    [InlineData("19 digits 4111111111111111110 and 6011 0000 0000 0000 001", "19 digits [CARD] and [CARD]")]
    [InlineData("ref 1234 4111 1111 1111 1111", "ref 1234 [CARD]")]
    [InlineData("card 4111111111111111.", "card [CARD].")]
    // Addresses with letters outside ASCII (RFC 6531 local parts, IDN domains) and with invisible format characters
    // (zero-width space, soft hyphen, joiners; found by a hostile trial with a real app): the e-mail rule stopped at the
    // first such character, so "jos\u00e9@example.com" passed whole and "Ada.M\u00fcller@…" kept "Ada.M\u00fc".
    [InlineData("from jos\u00e9@example.com today", "from [EMAIL] today")]
    [InlineData("Ada.M\u00fcller@example.de wrote", "[EMAIL] wrote")]
    [InlineData("ada@m\u00fcnchen.de and bj\u00f6rn@b\u00fccher.example", "[EMAIL] and [EMAIL]")]
    [InlineData("\u7530\u4e2d@\u4f8b\u3048.\u30c6\u30b9\u30c8 end", "[EMAIL] end")]
    // Scripts written without spaces keep the text around an address (a review: the new rule made the whole sentence
    // "[EMAIL]"): Chinese, Japanese and a Korean particle right after the address.
    [InlineData("\u767b\u5f55\u5931\u8d25\u7528\u6237ada@example.com\u4e0d\u5b58\u5728", "\u767b\u5f55\u5931\u8d25\u7528\u6237[EMAIL]\u4e0d\u5b58\u5728")]
    [InlineData("\u30e6\u30fc\u30b6\u30fcada@example.com\u306e\u30ed\u30b0\u30a4\u30f3", "\u30e6\u30fc\u30b6\u30fc[EMAIL]\u306e\u30ed\u30b0\u30a4\u30f3")]
    [InlineData("\uc774\uba54\uc77c ada@example.com\uc73c\ub85c \ubcf4\ub0c8\uc2b5\ub2c8\ub2e4", "\uc774\uba54\uc77c [EMAIL]\uc73c\ub85c \ubcf4\ub0c8\uc2b5\ub2c8\ub2e4")]
    [InlineData("\u7528\u6237\u7530\u4e2d@example.com \u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35", "[EMAIL] \u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35")]
    [InlineData("ada\u200b@example.com", "[EMAIL]")]
    [InlineData("ada\u00ad@exam\u200dple.com", "[EMAIL]")]
    [InlineData("a\u200cd\u2060a@example.com!", "[EMAIL]!")]
    [InlineData("connecting to postgres://app:S3cr3t!@db:5432/app", "connecting to postgres://app:[REDACTED]@db:5432/app")]
    [InlineData("broker amqp://guest:guest@rabbitmq/vhost failed", "broker amqp://guest:[REDACTED]@rabbitmq/vhost failed")]
    [InlineData("redis://:hunter2@cache:6379,abortConnect=false", "redis://:[REDACTED]@cache:6379,abortConnect=false")]
    [InlineData("proxy http://proxy:p%40ss@proxy.local:3128", "proxy http://proxy:[REDACTED]@proxy.local:3128")]
    [InlineData("GET https://alice:s3cret@example.com/x?token=abc", "GET https://alice:[REDACTED]@example.com/x?token=[REDACTED]")]
    [InlineData("mongodb+srv://root:p@ss:w0rd@cluster0.mongodb.net/?retryWrites=true", "mongodb+srv://root:[REDACTED]@cluster0.mongodb.net/?retryWrites=true")]
    [InlineData("(http://u:p@h)", "(http://u:[REDACTED]@h)")]
    public void Personal_data_and_secrets_become_tokens(string input, string expected)
    {
        Assert.Equal(expected, TextScrubber.Scrub(input));
    }

    [Theory]
    [InlineData("card 4111111111111112 is not luhn")]
    [InlineData("order 1234567890123 shipped")]
    [InlineData("ts 1715950245128 (epoch ms, Luhn-valid)")]
    [InlineData("ts=1715950245128004us")]
    [InlineData("visa-like epoch 4000000000006 ms")]
    [InlineData("amount 4111111111111111.1 EUR")]
    [InlineData("ratio 0.4111111111111111")]
    [InlineData("SDK 10.0.401, package 4111.1111.1111.1111, v2.3.4-beta.1")]
    [InlineData("12 digits 411111111117")]
    [InlineData("20 digits 41111111111111111115")]
    [InlineData("at 2024-05-17T10:00:00.123Z for 550e8400-e29b-41d4-a716-446655440000")]
    [InlineData("max_tokens=100 token_count=5 tokens: 7 secretary=Jane passwordless=true")]
    [InlineData("hotkey=F5 monkey: 3 aws_access_key_id=AKIA123 SharedAccessKeyName=root key=value keys=3")]
    [InlineData("not an ssn 000-12-3456, 666-12-3456, 900-12-3456, 123-00-4567")]
    [InlineData("phone +1 555 123 4567 and port 8080")]
    [InlineData("progress at 50%, 40 left; 100%40 is no address")]
    [InlineData("npm i lodash@4.17.21, @m\u00fcller mentioned, caf\u00e9@home, user@localhost")]
    [InlineData("http://127.0.0.1:5301/users/42 and https://[::1]:8443/a@b and ftp://host:21/@x")]
    [InlineData("ssh://git@host:22/repo and http://user@localhost/ and https://host/a:b@c")]
    // Words after "basic" and dotted words starting like a token stay: no digit, '+', '/' or '=' after Basic, no "eyJ" payload.
    [InlineData("basic configuration, basic authentication enabled, Basic Internationalization, eyJhbGciOi.header only")]
    [InlineData("bearer authentication, Bearer tokens, Bearer Credentials expire, basic settings")]
    [InlineData("Asia region, AKIA short, ghp_short, xox-, sk_live mode, AIza short, -----BEGIN CERTIFICATE----- MIIB")]
    [InlineData("nothing to see")]
    [InlineData("")]
    public void Timestamps_ids_versions_and_ordinary_text_are_left_alone(string input)
    {
        Assert.Same(input, TextScrubber.Scrub(input));
    }

    [Fact]
    public void Scrubbing_is_idempotent()
    {
        const string text = "password=hunter2 bob@example.com 4111 1111 1111 1111 078-05-1120 {\"token\": 5}";
        var once = TextScrubber.Scrub(text);

        Assert.Equal(once, TextScrubber.Scrub(once));
        Assert.Equal("password=[REDACTED] [EMAIL] [CARD] [SSN] {\"token\": \"[REDACTED]\"}", once);
    }

    [Fact]
    public void Long_inputs_without_matches_are_scanned_in_linear_time_and_returned_as_they_are()
    {
        // Inputs shaped against backtracking (a huge local part with no domain, a long key-like run, many digit groups).
        // The patterns are written to scan them once; a quadratic regression makes this test hang in CI.
        var name = new string('a', 200_000) + "@nodomain";
        var letters = new string('\u00e9', 100_000) + "\u200b" + new string('\u00fc', 100_000) + "@nodomain";
        var key = string.Concat(System.Linq.Enumerable.Repeat("password_x.", 20_000)) + "=";
        var digits = string.Concat(System.Linq.Enumerable.Repeat("1234 ", 40_000));
        var authority = "a://b:" + string.Concat(System.Linq.Enumerable.Repeat("x:", 100_000)) + "/@";
        var schemes = string.Concat(System.Linq.Enumerable.Repeat("a://b:c", 40_000)) + "/@";
        var basic = "Basic " + new string('A', 200_000) + " basic " + string.Concat(System.Linq.Enumerable.Repeat("basic ", 30_000));
        var jwt = string.Concat(System.Linq.Enumerable.Repeat("eyJab.", 30_000)) + " eyJ" + new string('x', 200_000) + ".";
        var pem = "-----BEGIN PRIVATE KEY-----" + new string('A', 200_000) + " " + string.Concat(System.Linq.Enumerable.Repeat("-----BEGIN ", 20_000));
        var pemHeaders = "-----BEGIN PRIVATE KEY-----" + string.Concat(System.Linq.Enumerable.Repeat("a:\\n", 60_000)) + "!";
        var prefixes = string.Concat(System.Linq.Enumerable.Repeat("AKIA ghp_ xox- sk_live_ AIza asia ", 20_000));
        var lowerCase = "Basic " + new string('a', 200_000) + " bearer " + new string('C', 5) + new string('b', 10) + " Bearer " + new string('z', 15) + " "
            + string.Concat(System.Linq.Enumerable.Repeat("bearer ", 30_000));

        Assert.Same(name, TextScrubber.Scrub(name));
        Assert.Same(letters, TextScrubber.Scrub(letters));
        Assert.Same(key, TextScrubber.Scrub(key));
        Assert.Same(digits, TextScrubber.Scrub(digits));
        Assert.Same(authority, TextScrubber.Scrub(authority));
        Assert.Same(schemes, TextScrubber.Scrub(schemes));
        Assert.Same(basic, TextScrubber.Scrub(basic));
        Assert.Same(lowerCase, TextScrubber.Scrub(lowerCase));
        Assert.Same(prefixes, TextScrubber.Scrub(prefixes));
        Assert.Equal("[REDACTED]" + string.Concat(System.Linq.Enumerable.Repeat("-----BEGIN ", 20_000)), TextScrubber.Scrub(pem));
        Assert.Same(jwt, TextScrubber.Scrub(jwt));
        Assert.Equal("[REDACTED]!", TextScrubber.Scrub(pemHeaders));
    }
}
