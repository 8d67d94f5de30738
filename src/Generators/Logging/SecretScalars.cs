using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Logging;

/// <summary>
/// A scalar (a number, Guid, date) under a secret name — <c>Guid apiKey</c>, <c>long pinToken</c> — is as secret as a
/// string one: the generated code writes <c>[REDACTED]</c> for it on every sink, as the run-time rules do for a
/// hand-written line's value and a rendered member (<c>SecretNames.IsSecretValue</c>). A flag or an enum says nothing
/// secret; <c>[NonSensitiveData]</c> opts out.
/// </summary>
internal static class SecretScalars
{
    public static bool IsRedacted(ITypeSymbol type, string name, bool nonSensitive)
    {
        return !nonSensitive && Instrumentation.Text.SecretNameRule.IsSecret(name) && IsRedactable(type);
    }

    /// <summary>Whether a scalar of <paramref name="type"/> is redacted where a secret goes (not a flag or an enum).</summary>
    public static bool IsRedactable(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        return type.SpecialType != SpecialType.System_Boolean && type.TypeKind != TypeKind.Enum;
    }
}
