using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Analyzers;

/// <summary>Recognizes personal and secret data by name or by type.</summary>
internal static class PersonalDataRules
{
    /// <summary>What a value of this type is and which classification fits, or null: IP addresses and end points, e-mail addresses, credentials, secure strings.</summary>
    public static (string Kind, string Attribute)? MatchType(ITypeSymbol? type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        var name = type?.ContainingNamespace is null ? null : type.ContainingNamespace.ToDisplayString() + "." + type.Name;
        return name switch
        {
            "System.Net.IPAddress" or "System.Net.IPEndPoint" => ("an IP address", "PersonalData"),
            "System.Net.Mail.MailAddress" => ("an e-mail address", "PersonalData"),
            "System.Net.NetworkCredential" => ("a credential", "SecretData"),
            "System.Security.SecureString" => ("a secret", "SecretData"),
            "System.Net.Http.Headers.AuthenticationHeaderValue" => ("a credential", "SecretData"),
            _ => null,
        };
    }

    /// <summary>
    /// <see cref="Match"/> for a value of <paramref name="type"/>: null when the type cannot hold what the name says
    /// (<see cref="CanHold"/>) — <c>CancellationToken cancellationToken</c>, <c>bool emailConfirmed</c> — so a parameter,
    /// logged value or tag is judged as an object's member is. A null type (unknown) can hold anything.
    /// </summary>
    public static (string Kind, string Attribute)? MatchName(string name, ITypeSymbol? type) =>
        Match(name) is { } match && (type is null || (CanHold(type, match.Kind) && !CountsOf(name, type))) ? match : null;

    /// <summary>
    /// An integer whose name ends in a quantity — <c>int emailCount</c>, <c>int passwordLength</c>, <c>long
    /// tokenAttempts</c> — counts or measures the thing its name starts with; it cannot hold it (found by an analyzer
    /// probe: a hand-written line logging such counts was INS1010, an error under warnings as errors). An integer named
    /// for the thing itself (<c>long phoneNumber</c>, <c>int apiKey</c>) still can.
    /// </summary>
    private static bool CountsOf(string name, ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        if (type.SpecialType is not (SpecialType.System_SByte or SpecialType.System_Byte or SpecialType.System_Int16 or SpecialType.System_UInt16
            or SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64))
        {
            return false;
        }

        var tokens = NameTokens.Split(name);
        return tokens.Count > 1 && QuantityWords.Contains(tokens[tokens.Count - 1]);
    }

    private static readonly HashSet<string> QuantityWords = new()
    {
        "count", "counts", "length", "len", "size", "total", "attempts", "retries", "tries", "index", "idx", "limit", "max", "min",
    };

    /// <summary>
    /// Whether a value (a member, a parameter, a logged value) of this type can hold what its name says: a flag, a
    /// character, a floating-point number (<c>double Pan</c> of a camera), an enum value, a delegate (written as its type's
    /// name: Scriban's <c>Func&lt;…&gt; TryMatchCustomToken</c>) or a cancellation token cannot
    /// (<c>bool EmailConfirmed</c>, <c>CardType CardType</c>, <c>CancellationToken CancellationToken</c> are written as
    /// <c>True</c>, <c>Visa</c>, a type name), nor a date or a duration unless the name says date of birth
    /// (<c>DateTime TokenExpiresAt</c>).
    /// </summary>
    public static bool CanHold(ITypeSymbol type, string kind)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        if (type.SpecialType is SpecialType.System_Boolean or SpecialType.System_Char or SpecialType.System_Single or SpecialType.System_Double
            || type.TypeKind is TypeKind.Enum or TypeKind.Delegate)
        {
            return false;
        }

        var name = type.ContainingNamespace is null ? type.Name : type.ContainingNamespace.ToDisplayString() + "." + type.Name;
        return name switch
        {
            "System.Threading.CancellationToken" => false,
            "System.TimeSpan" => false,
            "System.DateTime" or "System.DateTimeOffset" or "System.DateOnly" or "System.TimeOnly" => kind == "a date of birth",
            _ => true,
        };
    }

    /// <summary>What the name looks like and which classification fits, or null.</summary>
    public static (string Kind, string Attribute)? Match(string name)
    {
        var tokens = NameTokens.Split(name);
        var set = new HashSet<string>(tokens);
        var joined = string.Concat(tokens);
        if (set.Contains("password") || set.Contains("passwd") || set.Contains("pwd") || joined.Contains("password"))
        {
            return ("a password", "SecretData");
        }

        if (set.Contains("secret") || set.Contains("apikey") || (set.Contains("api") && set.Contains("key")) || joined.Contains("apikey") || joined.Contains("securitystamp"))
        {
            return ("a secret or API key", "SecretData");
        }

        if (set.Contains("token") && !set.Contains("count"))
        {
            return ("a token", "SecretData");
        }

        if (set.Contains("card") || set.Contains("pan") || joined.Contains("cardnumber") || joined.Contains("creditcard"))
        {
            return ("a card number", "SecretData");
        }

        if (set.Contains("email") || set.Contains("mail") || joined.Contains("email"))
        {
            return ("an e-mail address", "PersonalData");
        }

        if (set.Contains("ssn") || joined.Contains("socialsecurity"))
        {
            return ("a social security number", "PersonalData");
        }

        if (set.Contains("phone") || set.Contains("mobile") || joined.Contains("phonenumber"))
        {
            return ("a phone number", "PersonalData");
        }

        if (set.Contains("ipaddress") || (set.Contains("ip") && (set.Contains("address") || tokens.Count == 1)) || joined == "clientip" || joined == "remoteip")
        {
            return ("an IP address", "PersonalData");
        }

        if (set.Contains("dob") || joined.Contains("dateofbirth") || joined.Contains("birthdate") || joined.Contains("birthday"))
        {
            return ("a date of birth", "PersonalData");
        }

        return null;
    }
}
