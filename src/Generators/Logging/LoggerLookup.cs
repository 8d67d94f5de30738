using System.Linq;
using Instrumentation.Generators.Common;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Instrumentation.Generators.Logging;

/// <summary>
/// Finds the <c>ILogger</c> a log method writes to: its first <c>ILogger</c> parameter (for extension methods
/// usually the <c>this</c> parameter); otherwise a field or property of the type or of a base type that the method
/// can read (instance methods: instance members first, then static ones; static methods: static members; never an
/// explicit interface implementation), or a static one of a
/// type it is nested in; otherwise, for instance methods, a primary-constructor parameter of type <c>ILogger</c>.
/// </summary>
internal static class LoggerLookup
{
    public static bool IsLogger(ITypeSymbol type) =>
        IsLoggerInterface(type) || type.AllInterfaces.Any(IsLoggerInterface);

    /// <summary>The expression that reads the logger, or null.</summary>
    /// <param name="method">The log method.</param>
    /// <param name="compilation">The compilation.</param>
    /// <param name="mayBeNull">
    /// Whether the member's type says it may be null (<c>ILogger?</c>, or declared where nullable annotations are off): the
    /// generated method then writes nothing while it is null, as it does for an <c>ILogger?</c> parameter, instead of
    /// throwing a NullReferenceException from the log call.
    /// </param>
    public static string? FromMembers(IMethodSymbol method, Compilation compilation, out bool mayBeNull)
    {
        // An instance method reads an instance logger first: a static one declared before it (a fallback that may be null,
        // 'public static ILogger? Default') silently took every line of a stranger's Worker.
        var found = method.IsStatic ? null : FromTypeAndBases(method.ContainingType, method, compilation, staticOnly: false, instanceOnly: true);
        found ??= FromTypeAndBases(method.ContainingType, method, compilation, staticOnly: true);
        for (var outer = method.ContainingType.ContainingType; found is null && outer is not null; outer = outer.ContainingType)
        {
            // A nested type can read the static members of the types it is nested in.
            found = FromTypeAndBases(outer, method, compilation, staticOnly: true);
        }

        found ??= FromPrimaryConstructor(method);
        mayBeNull = found is { } member && MayBeNull(member.Type);
        return found?.Expression;
    }

    /// <summary>Whether a logger of this declared type may be null: annotated <c>?</c>, or declared without annotations.</summary>
    public static bool MayBeNull(ITypeSymbol type) => !type.IsValueType && type.NullableAnnotation is NullableAnnotation.Annotated or NullableAnnotation.None;

    // A member whose declaration does not parse (found by the mutation fuzzer): reading it repeated the parse error's
    // consequences in the generated file, so another logger is looked for.
    private static bool Broken(ISymbol member) =>
        member.Name.Length == 0
        || member.DeclaringSyntaxReferences.Any(r => r.GetSyntax().AncestorsAndSelf().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MemberDeclarationSyntax>().FirstOrDefault()?.ContainsDiagnostics == true);

    private static (string Expression, ITypeSymbol Type)? FromTypeAndBases(INamedTypeSymbol start, IMethodSymbol method, Compilation compilation, bool staticOnly, bool instanceOnly = false)
    {
        for (var type = start; type is not null; type = type.BaseType)
        {
            foreach (var member in type.GetMembers())
            {
                var memberType = member switch
                {
                    IFieldSymbol field => field.Type,
                    IPropertySymbol { GetMethod: not null, IsIndexer: false } property => property.Type,
                    _ => null,
                };
                // Not an explicit interface implementation ('ILogger IHasLogger.Logger => …' has no name to read it by: CS1061).
                if (memberType is null || !IsLogger(memberType) || (staticOnly && !member.IsStatic) || (instanceOnly && member.IsStatic) || member.IsImplicitlyDeclared || Broken(member)
                    || member is IPropertySymbol { ExplicitInterfaceImplementations.IsEmpty: false })
                {
                    continue;
                }

                var readable = member is IPropertySymbol p ? p.GetMethod! : member;
                if (!compilation.IsSymbolAccessibleWithin(readable, method.ContainingType))
                {
                    continue;
                }

                return (member.IsStatic
                    ? member.ContainingType.ToDisplayString(SymbolNames.FullyQualified) + ".@" + member.Name
                    : "this.@" + member.Name, memberType);
            }
        }

        return null;
    }

    private static (string Expression, ITypeSymbol Type)? FromPrimaryConstructor(IMethodSymbol method)
    {
        if (method.IsStatic)
        {
            return null;
        }

        foreach (var constructor in method.ContainingType.InstanceConstructors)
        {
            var isPrimary = constructor.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is TypeDeclarationSyntax);
            if (!isPrimary)
            {
                continue;
            }

            foreach (var parameter in constructor.Parameters)
            {
                if (IsLogger(parameter.Type) && method.Parameters.All(p => p.Name != parameter.Name))
                {
                    return ("@" + parameter.Name, parameter.Type);
                }
            }
        }

        return null;
    }

    private static bool IsLoggerInterface(ITypeSymbol type) =>
        type is INamedTypeSymbol { Name: "ILogger", Arity: 0 } named && named.ContainingNamespace?.ToDisplayString() == "Microsoft.Extensions.Logging";
}
