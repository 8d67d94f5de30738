using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Common;

/// <summary>
/// A tuple whose element names say secret — <c>(string User, string Password) creds</c>, also inside an array, a
/// nullable or a framework collection (<c>List&lt;(string Host, string ApiKey)&gt;</c>) — is redacted whole, as a value
/// under a secret name is: the element names exist only at compile time, so every sink would otherwise write
/// <c>(ada, hunter2)</c>. The same rule holds at run time for a member of such a type (its
/// <c>TupleElementNamesAttribute</c>). Only names written in the source count (<c>Item2</c> says nothing); the app's own
/// types are not entered (their members are rendered, each by its own name and type).
/// </summary>
internal static class SecretTupleElements
{
    private const int MaxDepth = 6;

    /// <summary>True when <paramref name="type"/> holds a tuple element whose name is a secret name.</summary>
    public static bool Any(ITypeSymbol type) => Any(type, 0);

    private static bool Any(ITypeSymbol type, int depth)
    {
        if (depth > MaxDepth)
        {
            return false;
        }

        if (type is IArrayTypeSymbol array)
        {
            return Any(array.ElementType, depth + 1);
        }

        if (type is not INamedTypeSymbol named || !Logging.Classifications.IsFramework(named))
        {
            return false;
        }

        if (named.IsTupleType)
        {
            foreach (var element in named.TupleElements)
            {
                if (element.CorrespondingTupleField is { } field && field.Name != element.Name
                    && Instrumentation.Text.SecretNameRule.IsSecret(element.Name))
                {
                    return true;
                }
            }
        }

        foreach (var argument in named.TypeArguments)
        {
            if (Any(argument, depth + 1))
            {
                return true;
            }
        }

        return false;
    }
}
