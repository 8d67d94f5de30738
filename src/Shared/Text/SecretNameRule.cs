namespace Instrumentation.Text;

/// <summary>
/// The rule that says a name holds a secret (the runtime's <c>SecretNames</c>): the name, ignoring case, <c>_</c>,
/// <c>-</c> and <c>.</c>, ends with one of <see cref="Suffixes"/>. Compiled into the generators (which decide at compile
/// time that a secret-named number or Guid is written <c>[REDACTED]</c>) and linked into the runtime, whose
/// <c>SecretNames</c> uses the same list, so both decide alike.
/// </summary>
internal static class SecretNameRule
{
    /// <summary>The endings of a secret name, lower case, without separators.</summary>
    public static readonly string[] Suffixes =
    {
        "password", "passwd", "pwd", "pw", "passphrase", "secret", "token", "apikey", "privatekey", "credential", "credentials",

        // Keys that are secrets by what they are (a red team's finding: secret_key=, aws_secret_access_key= and an Azure
        // storage connection string's AccountKey= passed, since "key" alone is no secret word — keyboard, monkey, hotkey).
        "secretkey", "secretaccesskey", "accountkey", "sharedaccesskey", "signingkey", "encryptionkey", "masterkey",

        // The signature of a pre-signed URL is its credential: an Azure SAS URL's sig=, S3's X-Amz-Signature= (a URL in an
        // exception message or a logged request line gave read or write access to the blob, in clear).
        "signature", "sig",

        // What a session is taken over with: a session id, a cookie's value, an auth= parameter.
        "sessionid", "cookie", "auth",

        // ASP.NET Core's own auth cookie is ".AspNetCore.Cookies", PHP's session PHPSESSID (a sinks trial: the first cookie
        // of a header was redacted, these two were not).
        "cookies", "sessid",

        // What a password is checked or reset with is as secret as the password: ASP.NET Core Identity's PasswordHash and
        // SecurityStamp, Rails' password_digest, a form's password_confirmation (a newcomer's trial found PasswordHash in
        // clear on a span, which the analyzer called a password). Not "contains password": passwordless=true stays.
        "passwordhash", "passwordsalt", "passworddigest", "passwordconfirmation", "passwordresetcode", "pwdhash", "securitystamp",

        // Keys that Azure sends in headers of their own, not as a bearer token: API Management's
        // Ocp-Apim-Subscription-Key, Functions' x-functions-key (a security review found both in clear in a logged request).
        "subscriptionkey", "functionkey", "functionskey",

        // One-time passwords and a card's verification code (otp=, totp:, cvv=, card_security_code=).
        "otp", "cvv", "cvc", "securitycode",

        // A passcode, an account's recovery codes and an object store's access key (MinIO's, Alibaba Cloud's accessKey is
        // the secret half; a security review found "passcode", "recovery_code" and "accessKey" in clear).
        "passcode", "recoverycode", "accesskey",
    };

    /// <summary>True when <paramref name="name"/> names a secret.</summary>
    public static bool IsSecret(string name)
    {
        foreach (var suffix in Suffixes)
        {
            var i = name.Length - 1;
            var j = suffix.Length - 1;
            while (i >= 0 && j >= 0)
            {
                var c = name[i];
                if (c is '_' or '-' or '.')
                {
                    i--;
                    continue;
                }

                if (char.ToLowerInvariant(c) != suffix[j])
                {
                    break;
                }

                i--;
                j--;
            }

            if (j < 0)
            {
                return true;
            }
        }

        return false;
    }
}
