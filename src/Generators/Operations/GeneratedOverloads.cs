using System.Linq;
using System.Threading;
using Instrumentation.Generators.Common;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Instrumentation.Generators.Operations;

/// <summary>
/// Calls whose overload another source generator may change. The generator binds a call without other generators'
/// output; an interceptor whose signature is not the method the final compilation binds the call to is a compile error
/// (CS9144). Found with Vogen: an annotated <c>From(long)</c> next to the <c>From(int)</c> Vogen writes — every
/// <c>From(8)</c> bound to <c>From(long)</c> here and to <c>From(int)</c> in the build, which then failed.
/// A generator can only add an overload to a <c>partial</c> type of the project, and the ones that do are asked to by an
/// attribute on the type (<c>[ValueObject]</c>, <c>[StronglyTypedId]</c>, …); attributes known only to describe a type
/// (<c>[Obsolete]</c>, <c>[Serializable]</c>, <c>[DebuggerDisplay]</c>, <c>[Authorize]</c>, …) do not count. A new overload can only win a call whose
/// arguments are not all passed as they are (a conversion, a default value, a <c>params</c> array, an inferred type
/// argument). Such a call of a method of such a type is not intercepted: INS0019 at the call says why and how to make it
/// exact. Every other call is intercepted as before.
/// </summary>
internal static class GeneratedOverloads
{
    public static DiagnosticInfo? Check(InvocationExpressionSyntax invocation, SemanticModel model, CancellationToken cancellationToken)
    {
        if (model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol invoked
            || Risk(invoked, invocation, model, cancellationToken) is not { } risk)
        {
            return null;
        }

        var declaringType = (invoked.ReducedFrom ?? invoked).ContainingType;
        // A derived type that another generator completes often has its base's name (YamlDotNet's static context:
        // App.StaticContext : YamlDotNet.Serialization.StaticContext): then the message names both with their namespaces.
        var format = risk.Type is { } met && !SymbolEqualityComparer.Default.Equals(met, declaringType)
            && met.ToDisplayString(SymbolNames.Display) == declaringType.ToDisplayString(SymbolNames.Display)
                ? SymbolDisplayFormat.CSharpErrorMessageFormat
                : SymbolNames.Display;
        var display = invoked.ToDisplayString(format);
        var declaring = declaringType.ToDisplayString(format);
        const string Exact = "pass every argument with the parameter's exact type (for example 8L for a long) to have it instrumented";
        return risk.Kind switch
        {
            RiskKind.Lookup => DiagnosticInfo.Create(
                RobustnessDiagnostics.CallMayBindToGeneratedOverload, invocation.GetLocation(), display,
                "the call's name lookup meets '" + risk.Type!.ToDisplayString(format) + "', a partial type with attributes, before '" + declaring + "', where the method is declared",
                "call it on a receiver of type '" + declaring + "' (or through '" + declaring + "') to have it instrumented"),
            _ => DiagnosticInfo.Create(
                RobustnessDiagnostics.CallMayBindToGeneratedOverload, invocation.GetLocation(), display,
                "it converts an argument (or fills in a default, a params array or a type argument), and '" + declaring + "' is a partial type with attributes", Exact),
        };
    }

    private enum RiskKind
    {
        OwnType,
        Lookup,
    }

    private sealed record RiskFound(RiskKind Kind, INamedTypeSymbol? Type);

    // The open type whose generated namesake could win this call, or null. Name lookup meets the types below the method's
    // own type first — the receiver's type and its bases (x.M(), T.M()), or the enclosing types and their bases and
    // then `using static` imports (M()) — and a method found there removes the method's own candidates whatever the
    // arguments: any open type there is a risk. The method's own type is a risk only for a call whose arguments are not
    // all passed as they are (a namesake with the same parameter types cannot be declared there).
    private static RiskFound? Risk(IMethodSymbol invoked, InvocationExpressionSyntax invocation, SemanticModel model, CancellationToken cancellationToken)
    {
        var own = (invoked.ReducedFrom ?? invoked).ContainingType;
        foreach (var start in LookupStarts(invocation, model, cancellationToken))
        {
            var type = start;
            for (; type is not null && !SameType(type, own); type = type.BaseType)
            {
                if (IsOpen(type))
                {
                    return new RiskFound(RiskKind.Lookup, type);
                }
            }

            if (type is not null && invocation.Expression is not (MemberAccessExpressionSyntax or MemberBindingExpressionSyntax))
            {
                // The lookup finds the method in this enclosing type's chain: the types enclosing it are never searched.
                break;
            }
        }

        // Not covered on purpose: an extension method called with a converted argument (a lambda, an inferred type
        // argument), which a better-fitting extension another generator adds could win. Nearly every LINQ-style call is
        // such a call; leaving them all alone would leave extension-method libraries uninstrumented for a case no
        // generator seen so far produces. Such a build fails loudly (CS9144); INS0019.md names it.
        return IsOpen(own) && !IsExact(invocation, invoked, model, cancellationToken) ? new RiskFound(RiskKind.OwnType, own) : null;
    }

    // Where name lookup for the call starts: the receiver's type (an instance or static member access; for an extension
    // call, a namesake instance method added there would win), or every type enclosing the call (a simple name; nested
    // types look outward).
    private static System.Collections.Generic.IEnumerable<INamedTypeSymbol> LookupStarts(InvocationExpressionSyntax invocation, SemanticModel model, CancellationToken cancellationToken)
    {
        // x.M(), T.M(), and x?.M() (the receiver is the conditional access's expression).
        var receiverSyntax = invocation.Expression switch
        {
            MemberAccessExpressionSyntax access => access.Expression,
            MemberBindingExpressionSyntax => invocation.FirstAncestorOrSelf<ConditionalAccessExpressionSyntax>()?.Expression,
            _ => null,
        };
        if (receiverSyntax is not null)
        {
            var receiver = model.GetSymbolInfo(receiverSyntax, cancellationToken).Symbol as ITypeSymbol
                ?? model.GetTypeInfo(receiverSyntax, cancellationToken).Type;
            foreach (var type in Receivers(receiver))
            {
                yield return type;
            }

            yield break;
        }

        for (var type = model.GetEnclosingSymbol(invocation.SpanStart, cancellationToken)?.ContainingType; type is not null; type = type.ContainingType)
        {
            yield return type;
        }
    }

    // The named types a receiver's member lookup searches: the type itself (a nullable value type's underlying type), a
    // type parameter's constraint types, and an interface's base interfaces (interfaces have no BaseType to walk).
    private static System.Collections.Generic.IEnumerable<INamedTypeSymbol> Receivers(ITypeSymbol? receiver)
    {
        switch (receiver)
        {
            case INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable:
                foreach (var type in Receivers(nullable.TypeArguments[0]))
                {
                    yield return type;
                }

                break;
            case ITypeParameterSymbol parameter:
                foreach (var constraint in parameter.ConstraintTypes)
                {
                    foreach (var type in Receivers(constraint))
                    {
                        yield return type;
                    }
                }

                break;
            case INamedTypeSymbol { TypeKind: TypeKind.Interface } iface:
                yield return iface;
                foreach (var inherited in iface.AllInterfaces)
                {
                    yield return inherited;
                }

                break;
            case INamedTypeSymbol named:
                yield return named;
                break;
        }
    }

    private static bool SameType(INamedTypeSymbol a, INamedTypeSymbol b) => SymbolEqualityComparer.Default.Equals(a.OriginalDefinition, b.OriginalDefinition);

    private static bool IsOpen(INamedTypeSymbol? type)
    {
        if (type is null)
        {
            return false;
        }

        var partial = false;
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            partial |= reference.GetSyntax() is TypeDeclarationSyntax declaration && declaration.Modifiers.Any(SyntaxKind.PartialKeyword);
        }

        return partial && type.GetAttributes().Any(a => !IsDescriptive(a.AttributeClass));
    }

    // Attributes that describe a type to the runtime, debugger, tools or ASP.NET and ask no generator for members: a
    // partial type carrying only these is not one another generator adds overloads to.
    private static bool IsDescriptive(INamedTypeSymbol? attribute) =>
        attribute is not null && DescriptiveAttributes.Contains(attribute.ToDisplayString());

    private static readonly System.Collections.Generic.HashSet<string> DescriptiveAttributes = new(System.StringComparer.Ordinal)
    {
        "System.ObsoleteAttribute",
        "System.SerializableAttribute",
        "System.CLSCompliantAttribute",
        "System.Diagnostics.DebuggerDisplayAttribute",
        "System.Diagnostics.DebuggerTypeProxyAttribute",
        "System.Diagnostics.DebuggerStepThroughAttribute",
        "System.Diagnostics.DebuggerNonUserCodeAttribute",
        "System.Diagnostics.CodeAnalysis.ExcludeFromCodeCoverageAttribute",
        "System.Diagnostics.CodeAnalysis.SuppressMessageAttribute",
        "System.Diagnostics.CodeAnalysis.ExperimentalAttribute",
        "System.CodeDom.Compiler.GeneratedCodeAttribute",
        "System.Runtime.CompilerServices.CompilerGeneratedAttribute",
        "System.Runtime.InteropServices.StructLayoutAttribute",
        "System.ComponentModel.DescriptionAttribute",
        "System.ComponentModel.EditorBrowsableAttribute",
        "Microsoft.AspNetCore.Authorization.AuthorizeAttribute",
        "Microsoft.AspNetCore.Authorization.AllowAnonymousAttribute",
        "Microsoft.AspNetCore.Components.RouteAttribute",
        "Microsoft.AspNetCore.Components.LayoutAttribute",
        "Microsoft.AspNetCore.Mvc.ApiControllerAttribute",
        "Microsoft.AspNetCore.Mvc.RouteAttribute",
    };

    // Every argument passed as it is: no conversion but identity, no default value filled in, no params array built, and
    // type arguments written (an inferred one could infer otherwise against a new overload).
    private static bool IsExact(InvocationExpressionSyntax invocation, IMethodSymbol invoked, SemanticModel model, CancellationToken cancellationToken)
    {
        if (invoked.IsGenericMethod && !HasTypeArgumentList(invocation))
        {
            return false;
        }

        if (model.GetOperation(invocation, cancellationToken) is not IInvocationOperation operation)
        {
            return false;
        }

        foreach (var argument in operation.Arguments)
        {
            // C# puts an argument's conversion into the value (an implicit IConversionOperation), not InConversion.
            if (argument.ArgumentKind != ArgumentKind.Explicit
                || (argument.Value is IConversionOperation { IsImplicit: true } conversion && !conversion.Conversion.IsIdentity))
            {
                return false;
            }
        }

        return true;
    }

    private static bool HasTypeArgumentList(InvocationExpressionSyntax invocation) =>
        invocation.Expression switch
        {
            GenericNameSyntax => true,
            MemberAccessExpressionSyntax { Name: GenericNameSyntax } => true,
            MemberBindingExpressionSyntax { Name: GenericNameSyntax } => true,
            _ => false,
        };
}
