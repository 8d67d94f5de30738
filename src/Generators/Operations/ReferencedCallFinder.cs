using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Instrumentation.Generators.Common;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Instrumentation.Generators.Operations;

/// <summary>
/// Finds the calls whose target is an annotated method declared in a referenced assembly (a class library
/// called from a web app or a test project) and reads that declaration from metadata with the same parsers
/// as a declaration in source, so the call gets the same span, metrics, logs and funnel events. A call that
/// cannot be instrumented gets INS0030/INS0031 at the call, never silence.
/// </summary>
internal static class ReferencedCallFinder
{
    public static ReferencedCallResult? Transform(InvocationExpressionSyntax invocation, SemanticModel model, CallTargetCache targets, CancellationToken cancellationToken)
    {
        GeneratorWorkProbe.Bound(invocation);
        if (model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol invoked)
        {
            return null;
        }

        var target = targets.Referenced((invoked.ReducedFrom ?? invoked).OriginalDefinition, model.Compilation, cancellationToken);
        // A call of a [Conditional] method the compiler omits here: nothing would run an interceptor (and nothing to report).
        if (target is null || ConditionalCalls.IsOmitted(target.Signature.ConditionalSymbols, invocation.SyntaxTree))
        {
            return null;
        }

        var callLocation = invocation.GetLocation();
        ReferencedCallResult Fail(DiagnosticDescriptor descriptor, string reason) =>
            new(null, new EquatableArray<DiagnosticInfo>(new[] { DiagnosticInfo.Create(descriptor, callLocation, target.Display, target.DeclaringAssembly, reason) }));

        var tooOld = LanguageRequirement.Check(
            invocation.SyntaxTree,
            LanguageRequirement.Operations,
            callLocation,
            "calls of annotated methods of referenced assemblies",
            "no call of an annotated method of '" + target.DeclaringAssembly + "' is instrumented here");
        if (tooOld is not null)
        {
            return new ReferencedCallResult(null, new EquatableArray<DiagnosticInfo>(new[] { tooOld }));
        }

        if (target.FailureDescriptor is not null)
        {
            return Fail(target.FailureDescriptor, target.FailureReason ?? string.Empty);
        }

        var language = LanguageRequirement.Of(invocation.SyntaxTree.Options);
        if (target.SignatureFeature is not null && language < target.SignatureLanguage)
        {
            return Fail(
                ReferencedOperationDiagnostics.NotInstrumented,
                "its interceptor would declare " + target.SignatureFeature + ", which needs C# " + target.SignatureLanguage.ToDisplayString()
                    + ", and this project compiles with C# " + language.ToDisplayString());
        }

        var location = model.GetInterceptableLocation(invocation, cancellationToken);
        if (location is null)
        {
            return Fail(ReferencedOperationDiagnostics.NotInstrumented, "the compiler cannot intercept this form of call");
        }

        var site = CallSiteOrder.Site(target.OperationKey, target.Signature, invocation, location);
        return new ReferencedCallResult(new ReferencedCallModel(target.DeclaringAssembly, target.Operation, target.Funnel, site), EquatableArray<DiagnosticInfo>.Empty);
    }

    /// <summary>
    /// What every call of <paramref name="definition"/> needs when its annotated declaration is in a referenced
    /// assembly (read from metadata once per compilation, <see cref="CallTargetCache"/>): the parsed operation and
    /// funnel events, or why its calls cannot be instrumented. Null when it is not such a method.
    /// </summary>
    public static ReferencedCallTarget? Target(IMethodSymbol definition, Compilation compilation, CancellationToken cancellationToken)
    {
        GeneratorWorkProbe.TargetRead("referenced", definition);
        var annotated = CallSiteFinder.FindAnnotatedDeclaration(definition);
        if (annotated?.ContainingAssembly is not { } declaringAssembly
            || SymbolEqualityComparer.Default.Equals(declaringAssembly, compilation.Assembly)
            || TypeShapes.HasUnresolvedType(definition)
            || BrokenDeclarations.IsBroken(definition, cancellationToken))
        {
            // Not an operation, or one declared here: the source pipeline (CallSiteFinder) handles it.
            return null;
        }

        var display = annotated.ToDisplayString(SymbolNames.Display);
        var key = OperationParser.GetKey(annotated);
        var signature = SignatureBuilder.Build(definition);
        ReferencedCallTarget Fail(DiagnosticDescriptor descriptor, string reason) =>
            new(declaringAssembly.Name, display, key, signature, null, null, descriptor, reason);

        if (!compilation.IsSymbolAccessibleWithin(definition, compilation.Assembly))
        {
            return Fail(ReferencedOperationDiagnostics.Inaccessible, "'" + definition.ToDisplayString(SymbolNames.Display) + "' (" + Describe(definition) + ")");
        }

        // The SDK's attribute on the declaration: its assembly is the SDK's, which the project may reference under an alias only.
        var sdkAttribute = annotated.GetAttributes().Select(a => a.AttributeClass)
            .FirstOrDefault(c => OperationParser.TryGetKind(c, out _) || MetadataNames.Is(c, "FunnelEventAttribute"));
        var shapeProblem = OperationParser.FindShapeProblem(annotated)
            ?? Common.ExternAliases.Problem(definition, compilation, sdkAttribute)
            ?? FindCompiledShapeProblem(annotated);
        if (shapeProblem is not null)
        {
            return Fail(ReferencedOperationDiagnostics.NotInstrumented, shapeProblem);
        }

        OperationModel? operation = null;
        var attributes = annotated.GetAttributes();
        var operationAttribute = attributes.FirstOrDefault(a => OperationParser.TryGetKind(a.AttributeClass, out _));
        if (operationAttribute is not null)
        {
            var parsed = OperationParser.Parse(annotated, operationAttribute, compilation, cancellationToken);
            if (parsed.Model is null)
            {
                var ids = string.Join(", ", parsed.Diagnostics.Select(d => d.Id).Distinct());
                return Fail(
                    ReferencedOperationDiagnostics.NotInstrumented,
                    "its declaration cannot be instrumented" + (ids.Length == 0 ? string.Empty : " (" + ids + " in the build of '" + declaringAssembly.Name + "')"));
            }

            operation = parsed.Model;
        }

        Funnel.FunnelMethodModel? funnel = null;
        var funnelAttributes = attributes.Where(a => MetadataNames.Is(a.AttributeClass, "FunnelEventAttribute")).ToList();
        if (funnelAttributes.Count > 0)
        {
            var parsed = Funnel.FunnelParser.Parse(annotated, funnelAttributes.ToImmutableArray(), compilation, cancellationToken);
            // A path the declaring build resolved (INS0200 is an error there) that does not resolve here reads a
            // member this assembly does not see: the metadata of another assembly has no internal members.
            var unresolved = parsed.Diagnostics.FirstOrDefault(d => d.Id == Funnel.FunnelDiagnostics.UnresolvedPath.Id);
            if (unresolved is not null)
            {
                return Fail(ReferencedOperationDiagnostics.Inaccessible, "a member on the funnel path '" + unresolved.Arguments[0] + "', read by a funnel event,");
            }

            var inaccessible = ReferencedAccessibility.FindInaccessibleMember(annotated, parsed.Model, compilation);
            if (inaccessible is not null)
            {
                return Fail(ReferencedOperationDiagnostics.Inaccessible, inaccessible + ", read by a funnel event,");
            }

            funnel = parsed.Model.Events.IsEmpty ? null : parsed.Model;
        }

        if (operation is null && funnel is null)
        {
            // Only funnel events, and every one of them was unusable: the declaring build reported why.
            return Fail(ReferencedOperationDiagnostics.NotInstrumented, "none of its [FunnelEvent]s can be emitted (see the diagnostics of the build of '" + declaringAssembly.Name + "')");
        }

        var (language, feature) = SignatureLanguage(definition);
        return new ReferencedCallTarget(declaringAssembly.Name, display, key, signature, operation, funnel, null, null, language, feature);
    }

    /// <summary>
    /// The newest C# feature the interceptor of <paramref name="definition"/> declares again, with the version it needs: a
    /// library built with C# 13 can declare what a caller built with C# 12 can call but not declare (found by the
    /// cross-assembly fuzzer: CS9058/CS9202 in the generated file). A declaration in source never needs this, since its own
    /// compilation accepted it.
    /// </summary>
    private static (LanguageVersion Version, string? Feature) SignatureLanguage(IMethodSymbol definition)
    {
        var typeParameters = definition.TypeParameters.AsEnumerable();
        for (var type = definition.ContainingType; type is not null; type = type.ContainingType)
        {
            typeParameters = typeParameters.Concat(type.TypeParameters);
        }

        if (definition.Parameters.Any(p => p.IsParams && p.Type is not IArrayTypeSymbol))
        {
            return (LanguageVersion.CSharp13, "a params collection");
        }

        if (typeParameters.Any(t => t.AllowsRefLikeType))
        {
            return (LanguageVersion.CSharp13, "an 'allows ref struct' constraint");
        }

        if (definition.Parameters.Any(p => p.RefKind == RefKind.RefReadOnlyParameter))
        {
            return (LanguageVersion.CSharp12, "a ref readonly parameter");
        }

        return (LanguageRequirement.Operations, null);
    }

    /// <summary>
    /// Shapes that the source parser finds in syntax (an iterator's <c>yield</c>, <c>async void</c>) and that a
    /// compiled method only shows through the state-machine attribute the compiler put on it.
    /// </summary>
    private static string? FindCompiledShapeProblem(IMethodSymbol method)
    {
        foreach (var attribute in method.GetAttributes())
        {
            if (attribute.AttributeClass is not { ContainingNamespace: { } ns } type || ns.ToDisplayString() != "System.Runtime.CompilerServices")
            {
                continue;
            }

            switch (type.Name)
            {
                case "IteratorStateMachineAttribute":
                case "AsyncIteratorStateMachineAttribute":
                    return "iterator methods run their body only when enumerated, so a span around the call would measure nothing";
                case "AsyncStateMachineAttribute" when method.ReturnsVoid:
                    return "async void methods cannot be awaited, so their completion and failures cannot be observed";
            }
        }

        return null;
    }

    private static string Describe(ISymbol symbol)
    {
        for (var current = symbol; current is not null && current is not INamespaceSymbol; current = current.ContainingSymbol)
        {
            switch (current.DeclaredAccessibility)
            {
                case Accessibility.Private:
                    return "private";
                case Accessibility.Protected:
                    return "protected";
                case Accessibility.ProtectedAndInternal:
                    return "private protected";
                case Accessibility.Internal:
                case Accessibility.ProtectedOrInternal:
                    return "internal, and the declaring assembly has no InternalsVisibleTo for this one";
            }
        }

        return "not accessible";
    }
}
