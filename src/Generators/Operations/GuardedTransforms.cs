using System;
using System.Linq;
using System.Threading;
using Instrumentation.Generators.Common;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Operations;

/// <summary>A call site, or the INS0999 that handling it raised (never both).</summary>
internal sealed record CallSiteOutcome(CallSiteModel? Site, DiagnosticInfo? Failure);

/// <summary>
/// The operation generator's per-declaration and per-call-site transforms, each isolated: an exception
/// while handling one becomes one INS0999 at that place and the others are handled as usual.
/// </summary>
internal static class GuardedTransforms
{
    public static OperationParseResult OperationDeclaration(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not IMethodSymbol method || context.Attributes.Length == 0)
        {
            return new OperationParseResult(null, EquatableArray<DiagnosticInfo>.Empty);
        }

        try
        {
            FaultInjection.Check(FaultInjection.Stage.Parse, method.Name);
            var kinds = method.GetAttributes()
                .Where(a => OperationParser.TryGetKind(a.AttributeClass, out _))
                .Select(a => a.AttributeClass!)
                .Distinct<INamedTypeSymbol>(SymbolEqualityComparer.Default)
                .ToList();
            if (kinds.Count > 1)
            {
                // One error for the method (from the provider of its first attribute), and no operation: none silently wins.
                var diagnostics = SymbolEqualityComparer.Default.Equals(kinds[0], context.Attributes[0].AttributeClass)
                    ? new[]
                    {
                        DiagnosticInfo.Create(
                            RobustnessDiagnostics.MultipleOperationAttributes,
                            method.Locations.FirstOrDefault(),
                            method.ToDisplayString(SymbolNames.Display),
                            string.Join(" and ", kinds.Select(k => "[" + k.Name.Substring(0, k.Name.Length - "Attribute".Length) + "]"))),
                    }
                    : System.Array.Empty<DiagnosticInfo>();
                return new OperationParseResult(null, Append(new EquatableArray<DiagnosticInfo>(diagnostics), TooOld(context)));
            }

            var result = OperationParser.Parse(method, context.Attributes[0], context.SemanticModel.Compilation, cancellationToken);
            return result with { Diagnostics = WithReach(result.Diagnostics, method, context) };
        }
        catch (Exception exception) when (GeneratorGuard.IsCatchable(exception))
        {
            var failure = GeneratorGuard.Failure(exception, method.Locations.FirstOrDefault(), GeneratorGuard.Describe(method));
            return new OperationParseResult(null, new EquatableArray<DiagnosticInfo>(new[] { failure }));
        }
    }

    public static Funnel.FunnelParseResult FunnelDeclaration(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not IMethodSymbol method)
        {
            return Empty(string.Empty, EquatableArray<DiagnosticInfo>.Empty);
        }

        try
        {
            FaultInjection.Check(FaultInjection.Stage.Parse, method.Name);
            var result = Funnel.FunnelParser.Parse(method, context.Attributes, context.SemanticModel.Compilation, cancellationToken);

            // With an operation attribute too, the operation's parse result reports it.
            var hasOperation = method.GetAttributes().Any(a => OperationParser.TryGetKind(a.AttributeClass, out _));
            return hasOperation
                ? result
                : result with { Diagnostics = WithReach(result.Diagnostics, method, context) };
        }
        catch (Exception exception) when (GeneratorGuard.IsCatchable(exception))
        {
            var failure = GeneratorGuard.Failure(exception, method.Locations.FirstOrDefault(), GeneratorGuard.Describe(method));
            return Empty(string.Empty, new EquatableArray<DiagnosticInfo>(new[] { failure }));
        }
    }

    /// <summary>The call site (or failure) of one invocation that may call an annotated method, bound with <paramref name="model"/>.</summary>
    public static CallSiteOutcome? CallSite(Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax node, SemanticModel model, CallTargetCache targets, CancellationToken cancellationToken)
    {
        try
        {
            GeneratorWorkProbe.Bound(node);
            FaultInjection.Check(FaultInjection.Stage.CallSite, CalledName(node));

            if (IsBaseCall(node))
            {
                return BaseCall(node, model, cancellationToken);
            }

            var site = CallSiteFinder.Transform(node, model, targets, cancellationToken);
            if (site is not null && InExpressionTree(model, node, cancellationToken))
            {
                // An expression tree is data a LINQ provider reads: rewriting the call would change what it sees.
                var invoked = model.GetSymbolInfo(node, cancellationToken).Symbol;
                return new CallSiteOutcome(null, DiagnosticInfo.Create(
                    RobustnessDiagnostics.CallInExpressionTree, node.GetLocation(), invoked?.ToDisplayString(SymbolNames.Display) ?? string.Empty));
            }

            // A call that binds to an override (or implementation) of an annotated method declared in a type generated code
            // cannot name (a private nested visitor overriding an annotated public Visit, found in Scriban): the interceptor's
            // receiver would be that type (CS0122 in the generated file). Reported instead (INS0003 at the call).
            if (site is not null && CallSiteFinder.InaccessibleOverride(node, model, cancellationToken) is { } hidden)
            {
                return new CallSiteOutcome(null, hidden);
            }

            // A dynamic argument makes the call late-bound: the compiler accepts an interceptor there but emits a run-time
            // binder call that never reaches it (found by a review), so the call is reported instead.
            if (site is not null && HasDynamicArgument(node, model, cancellationToken))
            {
                var invoked = model.GetSymbolInfo(node, cancellationToken).Symbol;
                return new CallSiteOutcome(null, DiagnosticInfo.Create(
                    RobustnessDiagnostics.DynamicCallNotInstrumented, node.GetLocation(), invoked?.ToDisplayString(SymbolNames.Display) ?? string.Empty));
            }

            // An interface method called on a receiver of a type parameter that may be a struct is a constrained call: the
            // struct is used in place. The interceptor's receiver is the interface, so it would box the value and the method
            // would change a copy (a counter incremented through 'where T : ICounter' stayed 0). Reported instead.
            if (site is not null && StructTypeParameter(node, model, cancellationToken) is { } typeParameter)
            {
                var invoked = model.GetSymbolInfo(node, cancellationToken).Symbol;
                return new CallSiteOutcome(null, DiagnosticInfo.Create(
                    RobustnessDiagnostics.TypeParameterReceiverNotInstrumented, node.GetLocation(), invoked?.ToDisplayString(SymbolNames.Display) ?? string.Empty, typeParameter.Name, TypeParameterReceiverAdvice(typeParameter)));
            }

            // A generic method called inside itself with its own type parameters (AngleSharp's recursive
            // FindDescendant<TNode>): the compiler compares the interceptor, constructed with those type arguments, against
            // the method with its own type parameters mapped to positions, and no interceptor can match (CS9144, an error).
            if (site is not null && SelfGenericCall.OwnTypeParameter(node, model, cancellationToken) is { } own)
            {
                var invoked = model.GetSymbolInfo(node, cancellationToken).Symbol;
                return new CallSiteOutcome(null, DiagnosticInfo.Create(
                    RobustnessDiagnostics.SelfGenericCallNotInstrumented, node.GetLocation(), invoked?.ToDisplayString(SymbolNames.Display) ?? string.Empty, "'" + own.Name + "'"));
            }

            // A method type parameter named like one of its types' (CS0693): the interceptor, generic over both, cannot name
            // them apart (CS0692 and CS0229 in the generated file, found by the mutation fuzzer).
            if (site is not null && model.GetSymbolInfo(node, cancellationToken).Symbol is var invokedSymbol && ShadowedTypeParameters.Find(invokedSymbol) is { } shadowed)
            {
                var invoked = invokedSymbol;
                return new CallSiteOutcome(null, DiagnosticInfo.Create(
                    RobustnessDiagnostics.ShadowedTypeParameterNotInstrumented, node.GetLocation(), invoked?.ToDisplayString(SymbolNames.Display) ?? string.Empty, shadowed.Name, shadowed.Why));
            }

            // An overload another generator may add could win this call in the build (CS9144 against the interceptor).
            if (site is not null && GeneratedOverloads.Check(node, model, cancellationToken) is { } risk)
            {
                return new CallSiteOutcome(null, risk);
            }

            // The project intercepts this call itself: a second interceptor is CS9153 (a stranger's trial). Yours wins.
            if (site is not null && ProjectInterceptor(node, model, cancellationToken) is { } mine)
            {
                return new CallSiteOutcome(null, mine);
            }

            return site is null ? null : new CallSiteOutcome(site, null);
        }
        catch (Exception exception) when (GeneratorGuard.IsCatchable(exception))
        {
            return new CallSiteOutcome(null, GeneratorGuard.Failure(exception, node.GetLocation(), "the call '" + Shorten(node.ToString()) + "'"));
        }
    }

    private static bool HasDynamicArgument(Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax node, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var argument in node.ArgumentList.Arguments)
        {
            if (model.GetTypeInfo(argument.Expression, cancellationToken).Type is { TypeKind: TypeKind.Dynamic })
            {
                return true;
            }
        }

        return node.Expression is Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax access
            && model.GetTypeInfo(access.Expression, cancellationToken).Type is { TypeKind: TypeKind.Dynamic };
    }

    /// <summary>
    /// The name of the type parameter a call of an interface's instance method is made on when that type parameter is not
    /// known to be a reference type (<c>t.Inc()</c> with <c>where T : ICounter</c>), or null. Such a call is constrained:
    /// a struct receiver is called in place, and an interceptor (whose receiver is the interface) would box it.
    /// </summary>
    internal static string? StructTypeParameterReceiver(Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax node, SemanticModel model, CancellationToken cancellationToken) =>
        StructTypeParameter(node, model, cancellationToken)?.Name;

    private static ITypeParameterSymbol? StructTypeParameter(Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax node, SemanticModel model, CancellationToken cancellationToken)
    {
        if (model.GetSymbolInfo(node, cancellationToken).Symbol is not IMethodSymbol { IsStatic: false, ContainingType.TypeKind: TypeKind.Interface }
            || model.GetOperation(node, cancellationToken) is not Microsoft.CodeAnalysis.Operations.IInvocationOperation { Instance.Type: ITypeParameterSymbol { IsReferenceType: false } typeParameter })
        {
            return null;
        }

        return typeParameter;
    }

    /// <summary>
    /// How to have an INS0022 call instrumented. A type parameter that allows ref structs cannot take the 'class' constraint
    /// as well (CS9243, "Cannot allow ref structs for a type parameter known from other constraints to be a class"), so the
    /// plain advice could not be followed there.
    /// </summary>
    private static string TypeParameterReceiverAdvice(ITypeParameterSymbol typeParameter) =>
        typeParameter.AllowsRefLikeType
            ? "'" + typeParameter.Name + "' allows ref structs, and the 'class' constraint cannot go with 'allows ref struct' (CS9243): call an annotated method of the ref struct or struct itself, or, if only classes are meant, replace 'allows ref struct' with the 'class' constraint to have it instrumented"
            : "Add the 'class' constraint to '" + typeParameter.Name + "' to have it instrumented, or call an annotated method of the struct itself";

    /// <summary>The call of an annotated method of a referenced assembly (or the failure) at <paramref name="node"/>; an exception is one INS0999 there.</summary>
    public static ReferencedCallResult? ReferencedCallSite(Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax node, SemanticModel model, CallTargetCache targets, CancellationToken cancellationToken)
    {
        try
        {
            FaultInjection.Check(FaultInjection.Stage.ReferencedCallSite, CalledName(node));
            var result = ReferencedCallFinder.Transform(node, model, targets, cancellationToken);
            // A call the project intercepts itself: INS0029 is reported by the call-site transform, which sees every call.
            if (result?.Model is not null && ProjectInterceptor(node, model, cancellationToken) is not null)
            {
                return null;
            }

            // A late-bound call never reaches an interceptor (INS0020), a constrained call on a type parameter would be boxed
            // (INS0022), a call another generator's namesake could win would be CS9144 (INS0019), and a call inside an
            // expression tree is data a LINQ provider reads (INS0011; found on LiteDB, whose LINQ visitor met the
            // interceptor in the tree), and a method type parameter named like its type's cannot be declared twice (INS0025):
            // all are reported by the call-site transform, and left alone here.
            return result?.Model is not null && (HasDynamicArgument(node, model, cancellationToken) || StructTypeParameterReceiver(node, model, cancellationToken) is not null || GeneratedOverloads.Check(node, model, cancellationToken) is not null || InExpressionTree(model, node, cancellationToken) || ShadowedTypeParameters.Name(model.GetSymbolInfo(node, cancellationToken).Symbol) is not null)
                ? null
                : result;
        }
        catch (Exception exception) when (GeneratorGuard.IsCatchable(exception))
        {
            return new ReferencedCallResult(null, new EquatableArray<DiagnosticInfo>(new[] { GeneratorGuard.Failure(exception, node.GetLocation(), "the call '" + Shorten(node.ToString()) + "'") }));
        }
    }

    /// <summary>
    /// INS0029 when the project's own code intercepts the call (<c>[InterceptsLocation]</c> in its sources; a generator's
    /// output is not in the compilation the SDK's generator reads). Null otherwise.
    /// </summary>
    private static DiagnosticInfo? ProjectInterceptor(Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax node, SemanticModel model, CancellationToken cancellationToken)
    {
        var interceptor = Microsoft.CodeAnalysis.CSharp.CSharpExtensions.GetInterceptorMethod(model, node, cancellationToken);
        if (interceptor is null)
        {
            return null;
        }

        var invoked = model.GetSymbolInfo(node, cancellationToken).Symbol;
        return DiagnosticInfo.Create(
            RobustnessDiagnostics.CallInterceptedByProject, node.GetLocation(), invoked?.ToDisplayString(SymbolNames.Display) ?? string.Empty, interceptor.ToDisplayString(SymbolNames.Display));
    }

    private static string CalledName(Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax node) => node.Expression switch
    {
        Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
        Microsoft.CodeAnalysis.CSharp.Syntax.SimpleNameSyntax simple => simple.Identifier.ValueText,
        _ => string.Empty,
    };

    /// <summary><c>base.M()</c>: a candidate that is reported rather than intercepted.</summary>
    public static bool IsBaseCall(SyntaxNode node) =>
        node is Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax { Expression: Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax { Expression: Microsoft.CodeAnalysis.CSharp.Syntax.BaseExpressionSyntax } };

    private static CallSiteOutcome? BaseCall(SyntaxNode node, SemanticModel model, CancellationToken cancellationToken)
    {
        if (model.GetSymbolInfo(node, cancellationToken).Symbol is not IMethodSymbol invoked
            || CallSiteFinder.FindAnnotatedDeclaration(invoked.OriginalDefinition) is null)
        {
            return null;
        }

        return new CallSiteOutcome(null, DiagnosticInfo.Create(RobustnessDiagnostics.BaseCallNotInstrumented, node.GetLocation(), invoked.Name));
    }

    private static bool InExpressionTree(SemanticModel model, SyntaxNode node, CancellationToken cancellationToken)
    {
        foreach (var ancestor in node.Ancestors())
        {
            if (ancestor is Microsoft.CodeAnalysis.CSharp.Syntax.AnonymousFunctionExpressionSyntax lambda
                && model.GetTypeInfo(lambda, cancellationToken).ConvertedType is INamedTypeSymbol { Name: "Expression" or "Expression`1" } type
                && type.ContainingNamespace?.ToDisplayString() == "System.Linq.Expressions")
            {
                return true;
            }

            if (ancestor is Microsoft.CodeAnalysis.CSharp.Syntax.MemberDeclarationSyntax)
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>INS0015 when the project's LangVersion is older than the generated file needs (the reporter keeps the first).</summary>
    private static DiagnosticInfo? TooOld(GeneratorAttributeSyntaxContext context) =>
        LanguageRequirement.Check(
            context.TargetNode.SyntaxTree,
            LanguageRequirement.Operations,
            context.Attributes[0].ApplicationSyntaxReference?.GetSyntax().GetLocation() ?? context.TargetSymbol.Locations.FirstOrDefault(),
            "[Operation], [Ingest], [Broadcast], [Flow], [FlowNode] and [FunnelEvent]",
            "no call of an annotated method is instrumented");

    /// <summary>
    /// The parse's diagnostics with the method's reach diagnostic (who can call it) and the language check. An iterator a
    /// framework invokes by reflection (INS0021: a streaming hub method) drops INS0007, whose advice to change the shape
    /// does not fit a method SignalR must enumerate. Any other shape problem (async void, a ref return) keeps INS0007:
    /// the calls in the user's own code are not instrumented either, which INS0021 alone would not say, and its advice fits.
    /// </summary>
    private static EquatableArray<DiagnosticInfo> WithReach(EquatableArray<DiagnosticInfo> diagnostics, IMethodSymbol method, GeneratorAttributeSyntaxContext context)
    {
        var reach = DeclarationReach.Check(method, context) ?? ImplicitCallers.Check(method, context);
        if (reach?.Id == RobustnessDiagnostics.FrameworkCallsNotInstrumented.Id
            && method.MethodKind == MethodKind.Ordinary
            && OperationParser.IsIterator(method)
            && diagnostics.Any(d => d.Id == OperationDiagnostics.UnsupportedMethodShape.Id))
        {
            diagnostics = new EquatableArray<DiagnosticInfo>(diagnostics.Where(d => d.Id != OperationDiagnostics.UnsupportedMethodShape.Id));
        }
        else if (reach is not null
            && (reach.Id == RobustnessDiagnostics.AttributeOnlyOnOverride.Id || reach.Id == RobustnessDiagnostics.AttributeOnlyOnImplementation.Id)
            && diagnostics.Any(d => d.Id == OperationDiagnostics.UnsupportedMethodShape.Id))
        {
            // A shape no call of which is instrumented (an iterator implementing an interface member): moving the attribute
            // to the base or interface declaration, as INS0013/INS0016 advise, would not help (an analyzer trial on
            // CsvHelper's CsvReader.GetRecords got both). INS0007 alone says what to do.
            reach = null;
        }

        return Append(diagnostics, reach, TooOld(context));
    }

    private static EquatableArray<DiagnosticInfo> Append(EquatableArray<DiagnosticInfo> diagnostics, params DiagnosticInfo?[] more)
    {
        var added = more.Where(d => d is not null).Select(d => d!).ToList();
        return added.Count == 0 ? diagnostics : new EquatableArray<DiagnosticInfo>(diagnostics.Concat(added));
    }

    private static Funnel.FunnelParseResult Empty(string key, EquatableArray<DiagnosticInfo> diagnostics) =>
        new(new Funnel.FunnelMethodModel(key, EquatableArray<Funnel.FunnelEventModel>.Empty, ReturnShape.Void), diagnostics);

    private static string Shorten(string text) => text.Length <= 80 ? text : text.Substring(0, 77) + "...";
}
