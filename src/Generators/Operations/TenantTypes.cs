using Instrumentation.Generators.Common;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Operations;

/// <summary>Recognizes the tenant types of the runtime: <c>TenantContext</c> and <c>ITenantScoped</c>.</summary>
internal static class TenantTypes
{
    public static bool IsTenantContext(ITypeSymbol type) => MetadataNames.Is(type, MetadataNames.TenantContext);

    public static bool IsNullableTenantContext(ITypeSymbol type) =>
        type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable
        && IsTenantContext(nullable.TypeArguments[0]);

    public static bool IsTenantScoped(ITypeSymbol? type)
    {
        if (type is null)
        {
            return false;
        }

        if (MetadataNames.Is(type, MetadataNames.TenantScoped))
        {
            return true;
        }

        foreach (var candidate in type.AllInterfaces)
        {
            if (MetadataNames.Is(candidate, MetadataNames.TenantScoped))
            {
                return true;
            }
        }

        return false;
    }
}
