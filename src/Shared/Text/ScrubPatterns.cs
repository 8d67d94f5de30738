using System.Text.RegularExpressions;

namespace Instrumentation.Text;

/// <summary>
/// The free-text scrubber's patterns and replacements, in one place for both users: the runtime's <c>TextScrubber</c>
/// (source-generated regular expressions, applied to text at run time) and the log-method generator, which applies the
/// same patterns to a message template's literal text at compile time (<c>TemplateLiteralScrubber</c>), so a generated
/// log writes a literal exactly as a scrubbed hand-written line shows it. The rules apply in this order: a cookie
/// header, the secret patterns, bearer tokens, HTTP Basic credentials, JSON Web Tokens, URL passwords, e-mail addresses, SSNs, card numbers (<see cref="CardNumbers"/>). Pure data and
/// <see cref="Match"/> arithmetic: nothing here needs more than netstandard2.0.
/// </summary>
internal static class ScrubPatterns
{
    /// <summary>The replacement of secret values.</summary>
    public const string Redacted = "[REDACTED]";

    /// <summary>The replacement of an e-mail address.</summary>
    public const string Email = "[EMAIL]";

    /// <summary>The replacement of a US social security number.</summary>
    public const string Ssn = "[SSN]";

    /// <summary>The replacement of a payment card number.</summary>
    public const string Card = "[CARD]";

    /// <summary>The options of every pattern but <see cref="SsnPattern"/> (<see cref="SsnOptions"/>).</summary>
    public const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    /// <summary>The options of <see cref="SsnPattern"/> (digits only: no case).</summary>
    public const RegexOptions SsnOptions = RegexOptions.CultureInvariant;

    /// <summary>
    /// The endings of a secret name as the secret patterns look for them (a regex group): every ending of
    /// <see cref="SecretNameRule.Suffixes"/>, with the separators a name may have between its words; a match is then
    /// checked against that rule, which is exact. <c>ScrubPatternSyncTests</c> checks that each ending is here.
    /// </summary>
    public const string SecretWords =
        """(?:password|passwd|pwd|pw|passphrase|secret|token|api[_\-]?key|private[_\-]?key|(?:secret(?:[_\-]?access)?|access|account|shared[_\-]?access|signing|encryption|master|subscription|functions?)[_\-]?key|credentials?|sig(?:nature)?|session[_\-]?id|sessid|cookies?|auth|password[_\-]?(?:hash|salt|digest|confirmation|reset[_\-]?code)|pwd[_\-]?hash|(?:security|recovery)[_\-]?(?:stamp|code)|passcode|otp|cvv|cvc)""";

    /// <summary>
    /// A <c>Cookie</c> or <c>Set-Cookie</c> header: its whole value, every cookie in it, to the end of the line (or of a
    /// quoted JSON string, or of a JSON array of strings: <c>"Cookie":["a=1","sid=…"]</c>), not past a <c>}</c> that closes
    /// a rendered object. The key=value rule took the first cookie only (<c>Cookie: [REDACTED]; session=…</c> kept the
    /// session cookie, a security review); a cookie's own name says nothing secret (<c>sid</c>, <c>connect.sid</c>,
    /// <c>.AspNetCore.Identity.Application</c>). The value starts with no white space, so a message template's literal
    /// <c>Cookie: </c> before a placeholder is left to the placeholder rule (which redacts that value by its position), and
    /// with no brace, so a template sent as a log's body (<c>Cookie: {C}</c>) is the key=value rule's, which takes the
    /// placeholder whole.
    /// Applied first of the secret rules; replaced by <see cref="CookieHeaderReplacement"/>. Linear: one run after a
    /// literal name.
    /// </summary>
    public const string CookieHeaderPattern =
        """(?<key>(?<![A-Za-z0-9_.\-])(?:set-)?cookie\\?["']?\s*:\s*\[\s*\\?["'])(?!\[REDACTED\])[^\]\r\n]*?(?=\\?["']\s*\])|(?<key>(?<![A-Za-z0-9_.\-])(?:set-)?cookie\\?["']?\s*:\s*\\?["']?)(?!\[REDACTED\])[^\s"'\\\]}\[{][^\r\n"'\\\]}]*""";

    /// <summary>The replacement pattern of <see cref="CookieHeaderPattern"/>: the header name kept, its value <see cref="Redacted"/>.</summary>
    public const string CookieHeaderReplacement = "${key}" + Redacted;

    /// <summary>
    /// <c>"db_password": "x"</c> / <c>'client_secret': 12345</c> (JSON and dictionary renderings), also JSON held in a JSON
    /// string, its quotes escaped: <c>{\"password\":\"x\"}</c> (a response body in an exception message or a logged field),
    /// and PHP's or Ruby's <c>'password' =&gt; 'x'</c>.
    /// Replaced by <see cref="QuotedSecretValue"/>.
    /// </summary>
    public const string QuotedSecretPattern =
        """(?<key>(?<kq>\\?["'])[A-Za-z0-9_.\-]{0,128}?""" + SecretWords + """\k<kq>\s*(?::|=>)\s*)(?:(?<q>\\?["'])(?:(?!\k<q>)(?:[^\\]|\\.))*\k<q>|-?\d[\d.eE+\-]*|true|false)""";

    /// <summary>
    /// <c>db_password=x</c>, <c>clientSecret: x</c>, <c>token="a b"</c>, <c>token=(x)</c> — the name (group <c>name</c>)
    /// must pass the secret-name rule (<see cref="SecretNameRule"/>). Values in brackets are taken whole; an unclosed quote
    /// or bracket still starts a value (nothing is left in clear). A trailing <c>.</c> or <c>:</c> is left as the sentence's
    /// own; a trailing <c>!</c> or <c>?</c> is taken with the value (<c>password=Hunter2!</c> kept its <c>!</c> in clear, a
    /// newcomer's trial). The separator may be percent-encoded (<c>Password%3DPgS3cret</c> in a logged URL's query) and a
    /// value that is an authorization scheme and its credentials (<c>password=Basic dXNlcjpwYXNz</c>) is taken whole (both
    /// left parts in clear in a newcomer's trial). An unquoted value ends at white space: <c>passphrase=correct horse</c>
    /// keeps "horse" (quote it, or classify the value). Go's <c>:=</c> and Ruby's or PHP's <c>=&gt;</c> are separators too
/// (<c>password := x</c> became <c>password :[REDACTED] x</c>, a security review). Replaced by <see cref="KeyValueSecretValue"/>.
    /// </summary>
    public const string KeyValueSecretPattern =
        """(?<key>(?<![A-Za-z0-9_.\-])(?<name>[A-Za-z0-9_.\-]{0,128}?""" + SecretWords + """)(?:\]|%5D)?\s*(?::=|=>|[=:]|%3[AD])\s*)(?!\[REDACTED\])(?:(?:bearer|basic)\s+[A-Za-z0-9\-._~+/]+=*|(?<q>["'])(?:(?!\k<q>).)*\k<q>|["'][^\s,;&"']+|\([^\s()]*\)|\[[^\s\[\]]*\]|\{[^\s{}]*\}|<[^\s<>]*>|[(\[{<]?[^\s,;&"'()\[\]{}<>]*[^\s,;&"'()\[\]{}<>.:])""";

    /// <summary>
    /// <c>Bearer</c> and a token: 16 or more token characters, or 8 or more with a digit, one of <c>- . _ ~ + / =</c>, or a
    /// lower-case letter followed by an upper-case one — so <c>Bearer abc.def.ghi</c> and <c>Bearer abcdef123</c> (left in
    /// clear in a newcomer's trial: 16 was the only length) are replaced and "bearer authentication" stays. Replaced by
    /// <see cref="BearerReplacement"/>. Each look-ahead scans its run once (no nested repetition): linear time.
    /// </summary>
    public const string BearerPattern =
        """(?<key>(?<![A-Za-z0-9])bearer\s+)(?!\[REDACTED\])(?=[A-Za-z0-9\-._~+/]{16}|[A-Za-z]*[0-9\-._~+/=]|(?-i:[A-Z]*[a-z][a-z]*[A-Z]))[A-Za-z0-9\-._~+/]{8,}=*""";

    /// <summary>The replacement pattern of <see cref="BearerPattern"/>: the word kept, the token <see cref="Redacted"/>.</summary>
    public const string BearerReplacement = "${key}" + Redacted;

    /// <summary>
    /// HTTP Basic credentials — <c>Authorization: Basic dXNlcjpwYXNz</c>, the base64 of <c>user:password</c> — after the
    /// word <c>Basic</c>: 8 or more base64 characters with at least one digit, <c>+</c>, <c>/</c> or <c>=</c>, or with a
    /// lower-case letter followed by an upper-case one (<c>dXNlcjpwYXNz</c>, the base64 of <c>user:pass</c>, has neither digit
    /// nor sign: the README's own example stayed in clear in a newcomer's trial), so that "basic configuration" and "Basic
    /// Internationalization" stay; the credentials end where base64 ends, so "basic function=run" (a word, then a
    /// key=value) stays too (it became <c>basic [REDACTED]run</c>). Replaced by <see cref="BasicReplacement"/> (a newcomer's trial: an exception message
    /// with the header reached the span, the operation log and the console in clear). Linear time, as <see cref="BearerPattern"/>.
    /// </summary>
    public const string BasicPattern =
        """(?<key>(?<![A-Za-z0-9])basic\s+)(?!\[REDACTED\])(?=[A-Za-z]*[0-9+/=]|(?-i:[A-Z]*[a-z][a-z]*[A-Z]))[A-Za-z0-9+/]{8,}=*(?![A-Za-z0-9+/=])""";

    /// <summary>The replacement pattern of <see cref="BasicPattern"/>: the word kept, the credentials <see cref="Redacted"/>.</summary>
    public const string BasicReplacement = "${key}" + Redacted;

    /// <summary>
    /// An <c>Authorization</c> (or <c>Proxy-Authorization</c>) header whose scheme is not <c>Bearer</c> or <c>Basic</c> (those
    /// two have rules of their own): <c>Authorization: Token 9944b09199c62bcf</c> (Django REST framework, GitHub's old
    /// form), <c>ApiKey</c>, <c>Key</c>, <c>SSWS</c> (Okta), <c>SharedKey account:signature</c> (Azure Storage),
    /// <c>Negotiate</c>/<c>NTLM</c> blobs — the header name and scheme kept, the credentials (one run of 4 or more non-space
    /// characters) replaced by <see cref="AuthorizationReplacement"/>. A value with no scheme is replaced when it looks like a
    /// credential (8 or more token characters with a letter and a digit), so "authorization: denied" and "authorization
    /// failed" stay. A security review found <c>Authorization: Token …</c> in clear, the header name being no secret name.
    /// </summary>
    public const string AuthorizationPattern =
        """(?<key>(?<![A-Za-z0-9_\-])(?:proxy-)?authorization\\?["']?\s*[:=]\s*\\?["']?(?:token|apikey|api-key|key|sso-key|ssws|sharedkey(?:lite)?|sharedaccesssignature|sas|negotiate|ntlm|kerberos|hmac(?:-sha(?:1|256|512))?|aws4-hmac-sha256|dpop|mac|pat)\s+)(?!\[REDACTED\])[^\s"',;\\]{4,}|(?<key>(?<![A-Za-z0-9_\-])(?:proxy-)?authorization\\?["']?\s*[:=]\s*\\?["']?)(?!\[REDACTED\])(?=[A-Za-z0-9\-._~+/]*[0-9])(?=[A-Za-z0-9\-._~+/]*[A-Za-z])[A-Za-z0-9\-._~+/]{8,}=*""";

    /// <summary>The replacement pattern of <see cref="AuthorizationPattern"/>: header name and scheme kept, the credentials <see cref="Redacted"/>.</summary>
    public const string AuthorizationReplacement = "${key}" + Redacted;

    /// <summary>
    /// An XML element named by a secret name: <c>&lt;Password&gt;hunter2&lt;/Password&gt;</c>, <c>&lt;db:apiKey type="x"&gt;…&lt;/db:apiKey&gt;</c>
    /// (a SOAP body or an XML configuration in an exception message; a security review found it in clear) — the tags kept,
    /// the text between them replaced, when the closing tag follows and the name (group <c>name</c>, without its prefix)
    /// passes the secret-name rule (<see cref="SecretNameRule"/>). Replaced by <see cref="XmlSecretValue"/>.
    /// </summary>
    public const string XmlSecretPattern =
        """(?<key><(?<tag>(?:[A-Za-z_][A-Za-z0-9_.\-]{0,64}:)?(?<name>[A-Za-z0-9_.\-]{0,128}?""" + SecretWords + """))(?:\s[^<>]{0,256})?>)(?!\[REDACTED\]<)[^<]+(?=</\k<tag>\s*>)""";

    /// <summary>
    /// A command-line option named by a secret name, its value after white space: <c>docker login --password hunter2</c>,
    /// <c>--client-secret "a b"</c> (a logged command line; <c>--password=x</c> is a <see cref="KeyValueSecretPattern"/>). The value is
    /// one run of non-space characters or a quoted string, not another option (<c>--password --stdin</c> stays); the name (group
    /// <c>name</c>) must pass the secret-name rule. Replaced by <see cref="OptionSecretValue"/>.
    /// </summary>
    public const string OptionSecretPattern =
        """(?<key>(?<![A-Za-z0-9_\-])--(?<name>[A-Za-z0-9_.\-]{0,128}?""" + SecretWords + """)\s+)(?!\[REDACTED\])(?!-)(?:(?<q>["'])(?:(?!\k<q>).)*\k<q>|[^\s"']+)""";

    /// <summary>
    /// Credentials that say what they are by their shape, wherever they stand (no key before them): an AWS access key id
    /// (<c>AKIA…</c>/<c>ASIA…</c>, 20 characters), a GitHub token (<c>ghp_…</c>, <c>gho_</c>, <c>ghu_</c>, <c>ghs_</c>, <c>ghr_</c>,
    /// <c>github_pat_…</c>), a Slack token (<c>xoxb-…</c>), a Stripe secret or restricted key (<c>sk_live_…</c>, <c>rk_test_…</c>),
    /// a Google API key (<c>AIza…</c>), an npm token (<c>npm_…</c>), an OpenAI or Anthropic API key (<c>sk-proj-…</c>,
    /// <c>sk-svcacct-…</c>, <c>sk-admin-…</c>, <c>sk-ant-…</c>), a GitLab token (<c>glpat-…</c>, and the project, deploy, runner,
    /// CI/CD job, feed, incoming-mail, agent, SCIM, feature-flag client and workspace tokens: <c>glptt-</c>, <c>gldt-</c>,
    /// <c>glrt-</c>, <c>glcbt-</c>, <c>glft-</c>, <c>glimt-</c>, <c>glagent-</c>, <c>glsoat-</c>, <c>glffct-</c>, <c>glwt-</c>, and a
    /// runner registration token <c>GR1348941…</c>; a GitLab token holds an upper-case letter or a digit, so an all-lower-case
    /// word such as <c>glpat-personal-access-tokens</c> in a docs URL stays), a Hugging Face token
    /// (<c>hf_…</c>), a Slack app-level token (<c>xapp-…</c>; a security review found the first three in clear), a Stripe
    /// webhook signing secret (<c>whsec_…</c>), a Shopify access token (<c>shpat_…</c>, <c>shpss_</c>, <c>shpca_</c>, <c>shppa_</c>), a
    /// DigitalOcean token (<c>dop_v1_…</c>, <c>doo_v1_</c>, <c>dor_v1_</c>; a second review found these in clear), a SendGrid API
    /// key (<c>SG.</c>, 22 characters, <c>.</c>, 43 characters), a PyPI or TestPyPI upload token (<c>pypi-AgEIcHlwaS5vcmc…</c>,
    /// <c>pypi-AgENdGVzdC5weXBpLm9yZw…</c>), a
    /// Postman API key (<c>PMAK-…</c>), an age secret key (<c>AGE-SECRET-KEY-1…</c>), an Atlassian API token (<c>ATATT3…</c>), a Microsoft Entra ID (Azure AD) client secret (<c>abc8Q~…</c>: the part
    /// from <c>Q~</c> on, 31 to 34 characters with an upper-case letter, a sentence's final <c>.</c> kept, also glued to
    /// what stands before it — the marker is specific enough; the three characters before the digit are the hint the Azure
    /// portal itself shows), and a PEM or PGP private key block (<c>-----BEGIN … PRIVATE KEY-----</c> to its end line, or to
    /// the end of its base64 when the end line is missing; a legacy encrypted key's <c>Proc-Type:</c> and <c>DEK-Info:</c> header
    /// lines are part of it — a sinks trial found the body of such a key after <c>[REDACTED]-Type: 4,ENCRYPTED</c>). Prefixes are case-sensitive, as the issuers write them, so
    /// "Asia" and "sk_live" in prose stay. A credential starts where no letter, digit, <c>_</c> or <c>-</c> stands before it,
    /// or right after a percent-escape (<c>%22SG.…</c> in URL-encoded JSON of a query string). Replaced whole by <see cref="Redacted"/>. Linear: each alternative starts at a
    /// literal prefix and scans one run.
    /// </summary>
    public const string KnownTokenPattern =
        """(?-i:(?:(?<=%[0-9A-Fa-f]{2})|(?<![A-Za-z0-9_\-]))(?:(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{20,}|xox[abposr]-[A-Za-z0-9\-]{10,}|xapp-[A-Za-z0-9\-]{10,}|[rs]k_(?:live|test)_[A-Za-z0-9]{10,}|AIza[A-Za-z0-9_\-]{30,}|npm_[A-Za-z0-9]{30,}|sk-(?:proj|ant|svcacct|admin)-[A-Za-z0-9_\-]{20,}|gl(?:pat|ptt|dt|rt|cbt|ft|imt|agent|soat|ffct|wt)-(?=[a-z_\-]*[A-Z0-9])[A-Za-z0-9_\-]{20,}|GR1348941[A-Za-z0-9_\-]{20,}|hf_[A-Za-z0-9]{30,}|whsec_[A-Za-z0-9+/=]{24,}|shp(?:at|ss|ca|pa)_[A-Fa-f0-9]{32}|do[opr]_v1_[a-f0-9]{64}|SG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43}(?![A-Za-z0-9_\-])|pypi-(?:AgEIcHlwaS5vcmc|AgENdGVzdC5weXBpLm9yZw)[A-Za-z0-9_\-]{50,}|PMAK-[A-Fa-f0-9]{24}-[A-Fa-f0-9]{34}|AGE-SECRET-KEY-1[0-9A-Z]{58}|ATATT3[A-Za-z0-9_\-=]{100,})|(?<=[A-Za-z0-9_~.]{3}[0-9])Q~(?=[a-z0-9_~.\-]{0,33}[A-Z])[A-Za-z0-9_~.\-]{30,33}[A-Za-z0-9_~\-](?![A-Za-z0-9_~])|-----BEGIN [A-Z ]{0,40}PRIVATE KEY(?: BLOCK)?-----(?:(?:\s|\\[nr])*[A-Za-z][A-Za-z0-9\-]{0,40}:[^\r\n\\]{0,200})*[A-Za-z0-9+/=\s\\]*(?:-----END [A-Z ]{0,40}PRIVATE KEY(?: BLOCK)?-----)?)""";

    /// <summary>
    /// A JSON Web Token on its own (no <c>Bearer</c> before it): a header and a payload that both start with <c>eyJ</c> (the
    /// base64url of <c>{"</c>), dot-separated, and the signature if any. Replaced whole by <see cref="Redacted"/>.
    /// </summary>
    public const string JwtPattern = """(?<![A-Za-z0-9_\-])eyJ[A-Za-z0-9_\-]{4,}\.eyJ[A-Za-z0-9_\-]{4,}\.[A-Za-z0-9_\-]*""";

    /// <summary>
    /// The secret part of a chat webhook's URL, which is its only credential (whoever has it posts to the channel): Slack's
    /// <c>https://hooks.slack.com/services/T…/B…/…</c> (also <c>workflows/</c>, <c>triggers/</c>), Discord's
    /// <c>https://discord.com/api/webhooks/&lt;id&gt;/&lt;token&gt;</c> (<c>discordapp.com</c>, <c>ptb.</c>, <c>canary.</c>, a
    /// versioned <c>api/v10/</c>) and Microsoft Teams' <c>https://&lt;tenant&gt;.webhook.office.com/webhookb2/…</c> (and the
    /// older <c>outlook.office.com/webhook/…</c>). No name stands before such a URL, so neither the secret-name rules nor
    /// the URL-password rule saw it (noticed in a security review: "posting alert to https://hooks.slack.com/services/…" was
    /// written whole). The scheme, host and the path's fixed start are kept (group <c>key</c>; a Discord webhook's numeric
    /// id too), the rest of the URL up to white space, a quote, <c>&lt; &gt; ( )</c> or a backslash (an escaped quote in JSON) is
    /// replaced by <see cref="WebhookUrlReplacement"/> (it also ends at a parenthesis: a URL written in brackets). A match starts at <c>://</c>, found by a literal search.
    /// </summary>
    public const string WebhookUrlPattern =
        """(?<key>://(?:hooks\.slack\.com/(?:services|workflows|triggers)/|(?:(?:ptb|canary)\.)?discord(?:app)?\.com/api/(?:v[0-9]{1,2}/)?webhooks/[0-9]+/|[A-Za-z0-9\-]{1,63}\.webhook\.office\.com/webhookb2/|outlook\.office(?:365)?\.com/webhook/))(?!\[REDACTED\])[^\s"'<>()\\]+""";

    /// <summary>The replacement pattern of <see cref="WebhookUrlPattern"/>: scheme, host and the path's fixed start kept, the rest <see cref="Redacted"/>.</summary>
    public const string WebhookUrlReplacement = "${key}" + Redacted;

    /// <summary>
    /// The password of a URL's user information — <c>postgres://app:s3cret@db:5432/app</c>, <c>amqp://guest:guest@rabbitmq</c>,
    /// <c>redis://:pw@cache:6379</c>, <c>http://proxy:p%40ss@proxy:3128</c>: the scheme, user name and host kept (group
    /// <c>key</c> runs from <c>://</c> to the user name's colon), the password up to the authority's last <c>@</c> replaced by
    /// <see cref="UrlPasswordReplacement"/>. Before this rule only the e-mail rule caught some of them, by chance and badly:
    /// a host with a dot made <c>alice:[EMAIL]</c> (the host gone, the password with it), a single-label host (a
    /// container's name, <c>localhost</c>) nothing at all. Runs before the e-mail rule, so <c>[REDACTED]@host</c> is no
    /// address. Linear: the password stops at white space, <c>/ ? #</c>, and each <c>@</c> is tried once. A match starts
    /// at <c>://</c> (the scheme is a look-behind, kept in place), so the engine finds candidates with a literal search
    /// instead of trying a scheme at every letter (the rule alone on a sentence with an address: 476 → 22 ns,
    /// benchmarks/RESULTS.md "Free-text scrubbing").
    /// </summary>
    public const string UrlPasswordPattern =
        @"(?<key>(?<=(?<![A-Za-z0-9+.\-])[A-Za-z][A-Za-z0-9+.\-]{0,31})://[^\s/?#@:\[\]]*:)(?!\[REDACTED\]@)[^\s/?#]+(?=@[^\s/?#@]*(?:[\s/?#]|$))";

    /// <summary>The replacement pattern of <see cref="UrlPasswordPattern"/>: scheme and user kept, the password <see cref="Redacted"/>.</summary>
    public const string UrlPasswordReplacement = "${key}" + Redacted;

    /// <summary>
    /// An e-mail address, also with the <c>@</c> percent-encoded (<c>%40</c>). A match starts only where a local part
    /// starts, so a long run of name characters is scanned once (linear time). '@' also percent-encoded ('%40'): an address
    /// in a URL path or query that a library logs (HttpClient's "Start processing HTTP request GET
    /// http://host/users/ada%40example.com"). Letters, marks and digits of any script (RFC 6531 local parts, IDN domains:
    /// "josé@example.com", "ada@münchen.de") and invisible format characters (zero-width space and joiners, soft hyphen,
    /// bidi marks: \p{Cf}) are part of an address, so neither ends it early. Scripts written without spaces (Chinese,
    /// Japanese, Korean particles, Thai, Lao, Khmer, Myanmar: <see cref="EmailUnspaced"/>) are kept apart: a local part, and
    /// a top-level domain, is either all of them or none of them, so the text around an address in a CJK sentence
    /// ("登录失败用户ada@example.com不存在") stays (a review: the whole sentence became [EMAIL]), while an address written in
    /// those scripts ("田中@例え.テスト") is still replaced whole.
    /// </summary>
    public const string EmailPattern =
        @"(?:(?<![" + EmailName + "-[" + EmailUnspaced + "]])[" + EmailName + "-[" + EmailUnspaced + "]]+|(?<![" + EmailUnspaced + "])[" + EmailUnspaced + "]+)"
        + @"(?:@|%40)[\p{L}\p{M}\p{N}\p{Cf}.\-]+\.(?:[\p{L}\p{M}\p{Cf}-[" + EmailUnspaced + "]]{2,}|[" + EmailUnspaced + "]{2,})";

    /// <summary><c>ddd-dd-dddd</c> or <c>ddd dd dddd</c>, not part of a longer run written with the same separator.</summary>
    public const string SsnPattern =
        @"(?<!\d)(?<!\d-)(?!000|666|9)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?!\d)(?!-\d)|(?<!\d)(?<!\d )(?!000|666|9)\d{3} (?!00)\d{2} (?!0000)\d{4}(?!\d)(?! \d)";

    /// <summary>The characters of an e-mail local part (a regex character class body).</summary>
    private const string EmailName = @"\p{L}\p{M}\p{N}\p{Cf}._%+\-";

    /// <summary>Unicode blocks of scripts written without spaces between words (a regex character class body).</summary>
    private const string EmailUnspaced = @"\p{IsCJKUnifiedIdeographs}\p{IsCJKUnifiedIdeographsExtensionA}\p{IsCJKCompatibilityIdeographs}"
        + @"\p{IsHiragana}\p{IsKatakana}\p{IsKatakanaPhoneticExtensions}\p{IsHangulSyllables}\p{IsHangulJamo}\p{IsHangulCompatibilityJamo}"
        + @"\p{IsThai}\p{IsLao}\p{IsKhmer}\p{IsMyanmar}";

    /// <summary>
    /// The replacement of a <see cref="QuotedSecretPattern"/> match: the key kept, the value <see cref="Redacted"/>; a
    /// number or flag becomes a quoted string, quoted as the key is when its quotes are escaped (<c>{\"pin\": \"[REDACTED]\"}</c>).
    /// </summary>
    public static string QuotedSecretValue(Match match)
    {
        var quote = match.Groups["q"];
        var keyQuote = match.Groups["kq"];
        return match.Groups["key"].Value + (quote.Success
            ? quote.Value + Redacted + quote.Value
            : keyQuote.Length == 2 ? keyQuote.Value + Redacted + keyQuote.Value : "\"" + Redacted + "\"");
    }

    /// <summary>
    /// The replacement of an <see cref="XmlSecretPattern"/> match whose name is (<paramref name="isSecretName"/>) or is not a
    /// secret name: the opening tag kept and the element's text <see cref="Redacted"/>, or the match unchanged.
    /// </summary>
    public static string XmlSecretValue(Match match, bool isSecretName) =>
        isSecretName ? match.Groups["key"].Value + Redacted : match.Value;

    /// <summary>
    /// The replacement of an <see cref="OptionSecretPattern"/> match whose name is (<paramref name="isSecretName"/>) or is
    /// not a secret name: the option kept and its value <see cref="Redacted"/> (quoted when it was), or the match unchanged.
    /// </summary>
    public static string OptionSecretValue(Match match, bool isSecretName) => KeyValueSecretValue(match, isSecretName);

    /// <summary>
    /// The replacement of a <see cref="KeyValueSecretPattern"/> match whose name is (<paramref name="isSecretName"/>) or is
    /// not a secret name: the key kept and the value <see cref="Redacted"/> (quoted when it was), or the match unchanged.
    /// </summary>
    public static string KeyValueSecretValue(Match match, bool isSecretName)
    {
        if (!isSecretName)
        {
            return match.Value;
        }

        var quote = match.Groups["q"];
        return match.Groups["key"].Value + (quote.Success ? quote.Value + Redacted + quote.Value : Redacted);
    }
}
