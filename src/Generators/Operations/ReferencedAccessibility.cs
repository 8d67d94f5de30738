using System.Linq;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Operations;

/// <summary>
/// Checks that what a referenced operation's generated code reads beyond the call's own arguments — the
/// members along its funnel-event paths — is accessible from this assembly. The declaring assembly's parser
/// accepts <c>internal</c> members (its generated code lives next to them); a referencing assembly's does not.
/// </summary>
internal static class ReferencedAccessibility
{
    /// <summary>The first member (as <c>Type.Member</c>) this compilation cannot read, or null.</summary>
    public static string? FindInaccessibleMember(IMethodSymbol method, Funnel.FunnelMethodModel funnel, Compilation compilation)
    {
        var resultType = OperationParser.GetReturnShape(method).Shape switch
        {
            ReturnShape.Value => method.ReturnType,
            ReturnShape.TaskOfT or ReturnShape.ValueTaskOfT => ((INamedTypeSymbol)method.ReturnType).TypeArguments[0],
            _ => null,
        };

        foreach (var funnelEvent in funnel.Events)
        {
            var paths = new[] { funnelEvent.Entity, funnelEvent.Org, funnelEvent.Project, funnelEvent.User, funnelEvent.SinceTimestamp }
                .Concat(funnelEvent.Properties.Select(p => p.Path));
            foreach (var path in paths)
            {
                if (path is not null && Check(method, resultType, path, compilation) is { } problem)
                {
                    return problem;
                }
            }
        }

        return null;
    }

    private static string? Check(IMethodSymbol method, ITypeSymbol? resultType, Funnel.PathModel path, Compilation compilation)
    {
        var type = path.FromReturn
            ? resultType
            : path.ParameterOrdinal >= 0 && path.ParameterOrdinal < method.Parameters.Length ? method.Parameters[path.ParameterOrdinal].Type : null;
        foreach (var name in path.Members)
        {
            if (type is null)
            {
                return "'" + path.Text + "'";
            }

            type = Underlying(type);
            var member = FindMember(type, name);
            if (member is null)
            {
                return "'" + type.Name + "." + name + "'";
            }

            var readable = compilation.IsSymbolAccessibleWithin(member, compilation.Assembly)
                && (member is not IPropertySymbol { GetMethod: { } getter } || compilation.IsSymbolAccessibleWithin(getter, compilation.Assembly));
            if (!readable)
            {
                return "'" + type.Name + "." + name + "'";
            }

            type = member switch
            {
                IPropertySymbol property => property.Type,
                IFieldSymbol field => field.Type,
                _ => null,
            };
        }

        if (type is not null && Underlying(type) is { TypeKind: TypeKind.Enum } enumType && !compilation.IsSymbolAccessibleWithin(enumType, compilation.Assembly))
        {
            return "'" + enumType.Name + "'";
        }

        return null;
    }

    private static ITypeSymbol Underlying(ITypeSymbol type) =>
        type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable ? nullable.TypeArguments[0] : type;

    /// <summary>The instance property or field <paramref name="name"/>, as the funnel parser resolves it.</summary>
    private static ISymbol? FindMember(ITypeSymbol type, string name)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var member in current.GetMembers(name))
            {
                if (member is IPropertySymbol { IsStatic: false, IsIndexer: false, GetMethod: not null } or IFieldSymbol { IsStatic: false })
                {
                    return member;
                }
            }
        }

        if (type.TypeKind == TypeKind.Interface)
        {
            foreach (var iface in type.AllInterfaces)
            {
                if (FindMember(iface, name) is { } found)
                {
                    return found;
                }
            }
        }

        return null;
    }
}
