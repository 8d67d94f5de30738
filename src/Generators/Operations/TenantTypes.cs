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
        // A ref struct (C# 13 lets one implement an interface) cannot be handed to TenantReading.Of, which reads the tenant
        // through the interface on every runtime the SDK supports (.NET 8 has no 'allows ref struct'): its tenant is not read.
        if (type is null || type.IsRefLikeType)
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
