using System.Collections.Generic;
using System.Threading;
using Instrumentation.Generators.Common;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Instrumentation.Generators.Operations;

/// <summary>
/// Finds the calls of annotated methods: direct calls, calls through an interface or base declaration
/// that carries the attribute, and calls on the concrete class of an attributed interface method.
/// </summary>
internal static class CallSiteFinder
{
    /// <summary>Cheap syntax filter: any invocation that is not a <c>base.M()</c> call.</summary>
    public static bool IsCandidate(SyntaxNode node, CancellationToken cancellationToken)
    {
        return node is InvocationExpressionSyntax invocation
            && invocation.Expression is not MemberAccessExpressionSyntax { Expression: BaseExpressionSyntax }
            && !(invocation.Expression is IdentifierNameSyntax { Identifier.ValueText: "nameof" });
    }

    public static CallSiteModel? Transform(InvocationExpressionSyntax invocation, SemanticModel model, CallTargetCache targets, CancellationToken cancellationToken)
    {
        var info = model.GetSymbolInfo(invocation, cancellationToken);
        if ((info.Symbol ?? UnboundArguments.Recover(invocation, info, model, cancellationToken)) is not IMethodSymbol invoked)
        {
            return null;
        }

        var target = targets.Source((invoked.ReducedFrom ?? invoked).OriginalDefinition);
        // A call of a [Conditional] method the compiler omits here: nothing would run an interceptor.
        if (target is null || ConditionalCalls.IsOmitted(target.Signature.ConditionalSymbols, invocation.SyntaxTree))
        {
            return null;
        }

        var location = model.GetInterceptableLocation(invocation, cancellationToken);
        if (location is null)
        {
            return null;
        }

        return CallSiteOrder.Site(target.OperationKey, target.Signature, invocation, location);
    }

    /// <summary>
    /// INS0003 at a call that binds to an override or implementation of an annotated method when that override is declared
    /// where generated code cannot name it (a <c>private</c>, <c>protected</c> or <c>file</c> type): the interceptor's
    /// receiver must be the type the call binds to, so intercepting the call would not compile (CS0122). Null otherwise.
    /// </summary>
    public static DiagnosticInfo? InaccessibleOverride(InvocationExpressionSyntax invocation, SemanticModel model, CancellationToken cancellationToken)
    {
        var info = model.GetSymbolInfo(invocation, cancellationToken);
        if ((info.Symbol ?? UnboundArguments.Recover(invocation, info, model, cancellationToken)) is not IMethodSymbol invoked)
        {
            return null;
        }

        var definition = (invoked.ReducedFrom ?? invoked).OriginalDefinition;
        var annotated = FindAnnotatedDeclaration(definition);
        if (annotated is null || SymbolEqualityComparer.Default.Equals(annotated, definition) || OperationParser.FindInaccessibility(definition) is not { } inaccessible)
        {
            return null;
        }

        var via = annotated.ContainingType.TypeKind == TypeKind.Interface ? "an implementation of" : "an override of";
        return DiagnosticInfo.Create(
            OperationDiagnostics.InaccessibleOperation,
            invocation.GetLocation(),
            definition.ToDisplayString(SymbolNames.Display),
            inaccessible,
            "this call binds to it, " + via + " the annotated '" + annotated.ToDisplayString(SymbolNames.Display)
                + "', and generated code cannot name its type, so the call is not instrumented; make the type internal, or call it through '"
                + annotated.ContainingType.ToDisplayString(SymbolNames.Display) + "' (a cast of the receiver) to have it instrumented");
    }

    /// <summary>The operation key and interceptor signature for calls of <paramref name="definition"/>, or null when they are not instrumented here.</summary>
    public static SourceCallTarget? Target(IMethodSymbol definition)
    {
        GeneratorWorkProbe.TargetRead("source", definition);
        if (TypeShapes.HasUnresolvedType(definition) || BrokenDeclarations.IsBroken(definition, System.Threading.CancellationToken.None)
            || BrokenDeclarations.IsMisplacedExtension(definition))
        {
            return null;
        }

        var annotated = FindAnnotatedDeclaration(definition);
        return annotated is null ? null : new SourceCallTarget(OperationParser.GetKey(annotated), SignatureBuilder.Build(definition));
    }

    /// <summary>The declaration that carries an operation attribute for calls of <paramref name="method"/>.</summary>
    public static IMethodSymbol? FindAnnotatedDeclaration(IMethodSymbol method)
    {
        if (HasOperationAttribute(method))
        {
            return method;
        }

        for (var overridden = method.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
        {
            if (HasOperationAttribute(overridden.OriginalDefinition))
            {
                return overridden.OriginalDefinition;
            }
        }

        // The method or a method it overrides implements an annotated interface method: a call of 'D.M' where the abstract
        // 'B.M' it overrides implements 'I.M' (found by the cross-assembly fuzzer: such calls were silently not intercepted).
        var depth = 0;
        for (var current = method; current is not null && depth < 64; current = current.OverriddenMethod?.OriginalDefinition, depth++)
        {
            if (AnnotatedInterfaceMethodImplementedBy(current) is { } interfaceMethod)
            {
                return interfaceMethod;
            }
        }

        return null;
    }

    private static IMethodSymbol? AnnotatedInterfaceMethodImplementedBy(IMethodSymbol method)
    {
        if (method.IsStatic || method.ContainingType is not { TypeKind: TypeKind.Class or TypeKind.Struct } type)
        {
            return null;
        }

        foreach (var iface in type.AllInterfaces)
        {
            foreach (var member in iface.GetMembers(method.Name))
            {
                if (member is IMethodSymbol interfaceMethod
                    && HasOperationAttribute(interfaceMethod.OriginalDefinition)
                    && SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(interfaceMethod)?.OriginalDefinition, method))
                {
                    return interfaceMethod.OriginalDefinition;
                }
            }
        }

        return null;
    }

    /// <summary>An operation attribute or a funnel event on <paramref name="method"/> itself.</summary>
    public static bool HasOperationAttribute(IMethodSymbol method)
    {
        foreach (var attribute in method.GetAttributes())
        {
            if (OperationParser.TryGetKind(attribute.AttributeClass, out _) || MetadataNames.Is(attribute.AttributeClass, "FunnelEventAttribute"))
            {
                return true;
            }
        }

        return false;
    }
}
