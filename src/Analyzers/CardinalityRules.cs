using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Analyzers;

/// <summary>What makes a metric label key or value high-cardinality.</summary>
internal static class CardinalityRules
{
    private static readonly HashSet<string> HighCardinalityWords = new()
    {
        "id", "ids", "uuid", "guid", "email", "ip", "user", "users", "username", "session", "request", "message",
        "trace", "span", "device", "token", "phone", "timestamp", "url", "uri", "name", "firstname", "lastname",
    };

    /// <summary>Why a key is high-cardinality, or null when it is fine.</summary>
    public static string? KeyProblem(string key)
    {
        var tokens = NameTokens.Split(key);
        foreach (var token in tokens)
        {
            if (HighCardinalityWords.Contains(token))
            {
                return "its name '" + key + "' denotes an identifier or free value ('" + token + "')";
            }
        }

        return null;
    }

    /// <summary>Why values of a type are high-cardinality, or null when the type itself is bounded.</summary>
    public static string? TypeProblem(ITypeSymbol? type)
    {
        if (type is null)
        {
            return null;
        }

        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        if (type.TypeKind == TypeKind.Enum || type.SpecialType == SpecialType.System_Boolean)
        {
            return null;
        }

        switch (type.SpecialType)
        {
            case SpecialType.System_DateTime:
                return "a DateTime is a timestamp";
            case SpecialType.System_String:
                return "a free string";
            case SpecialType.System_Int32:
            case SpecialType.System_Int64:
            case SpecialType.System_Int16:
            case SpecialType.System_UInt32:
            case SpecialType.System_UInt64:
            case SpecialType.System_Double:
            case SpecialType.System_Single:
            case SpecialType.System_Decimal:
                return "a number has unbounded values";
        }

        return type.Name switch
        {
            "Guid" => "a Guid is an identifier",
            "DateTimeOffset" => "a DateTimeOffset is a timestamp",
            "TimeSpan" => "a TimeSpan has unbounded values",
            _ => "values of " + type.Name + " are not a declared bounded set",
        };
    }
}
