using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Instrumentation.Generators.Common;
using Instrumentation.Naming;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Instrumentation.Generators.Operations;

/// <summary>
/// Turns an annotated method symbol into an <see cref="OperationModel"/> plus diagnostics. Never throws
/// for bad input: anything it cannot instrument becomes a diagnostic.
/// </summary>
internal static class OperationParser
{
    public static OperationParseResult Parse(IMethodSymbol method, AttributeData attribute, Compilation compilation, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var display = method.ToDisplayString(SymbolNames.Display);
        var attributeLocation = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation()
            ?? method.Locations.FirstOrDefault();
        var methodLocation = method.Locations.FirstOrDefault();

        if (!TryGetKind(attribute.AttributeClass, out var kind) || TypeShapes.HasUnresolvedType(method) || BrokenDeclarations.IsBroken(method, cancellationToken)
            || BrokenDeclarations.IsMisplacedExtension(method))
        {
            // An unresolved type, or a declaration the compiler rejects otherwise, is already a compiler error; generating
            // code would only repeat it.
            return new OperationParseResult(null, EquatableArray<DiagnosticInfo>.Empty);
        }

        var shapeProblem = FindShapeProblem(method);
        if (shapeProblem is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(OperationDiagnostics.UnsupportedMethodShape, methodLocation, display, shapeProblem));
            return new OperationParseResult(null, diagnostics.ToEquatableArray());
        }

        var inaccessible = FindInaccessibility(method);
        if (inaccessible is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(OperationDiagnostics.InaccessibleOperation, methodLocation, display, inaccessible, InaccessibilityAdvice(method)));
            return new OperationParseResult(null, diagnostics.ToEquatableArray());
        }

        if (ExternAliases.Problem(method, compilation, attribute.AttributeClass) is { } aliased)
        {
            diagnostics.Add(DiagnosticInfo.Create(OperationDiagnostics.UnsupportedMethodShape, methodLocation, display, aliased));
            return new OperationParseResult(null, diagnostics.ToEquatableArray());
        }

        var spanName = attribute.ConstructorArguments.Length > 0 ? attribute.ConstructorArguments[0].Value as string : null;
        if (!GeneratorNameRules.IsAcceptedSpanName(spanName))
        {
            diagnostics.Add(DiagnosticInfo.Create(OperationDiagnostics.InvalidSpanName, attributeLocation, spanName ?? "(null)", display));
            return new OperationParseResult(null, diagnostics.ToEquatableArray());
        }

        var named = attribute.NamedArguments.ToDictionary(pair => pair.Key, pair => pair.Value);
        var parameters = ParameterParser.Parse(method, display, compilation, diagnostics, cancellationToken);
        var formatters = ParameterFormatters.Plan(method, compilation, ref parameters);
        var orgTargets = GetInt(named, "OrgLabel");
        var projectTargets = GetInt(named, "ProjectLabel");
        var requireTenant = GetBool(named, "RequireTenant");
        var containingIsTenantScoped = !method.IsStatic && TenantTypes.IsTenantScoped(method.ContainingType);

        var hasOrg = containingIsTenantScoped || parameters.Any(p => p.Tenant is TenantRole.Context or TenantRole.NullableContext or TenantRole.Scoped or TenantRole.OrgId);
        var hasProject = containingIsTenantScoped || parameters.Any(p => p.Tenant is TenantRole.Context or TenantRole.NullableContext or TenantRole.Scoped or TenantRole.ProjectId);
        SpanAttributeNames.Check(method, display, parameters, hasOrg, hasProject, diagnostics);
        if (method.IsStatic && !(hasOrg && hasProject) && TenantTypes.IsTenantScoped(method.ContainingType))
        {
            // A newcomer's strict build (CA1822) made such a method static, and its span silently lost org_id.
            diagnostics.Add(DiagnosticInfo.Create(
                OperationDiagnostics.StaticOperationOfTenantScopedType, methodLocation, display, method.ContainingType.ToDisplayString(SymbolNames.Display)));
        }
        if ((kind is OperationKindModel.Ingest or OperationKindModel.Broadcast or OperationKindModel.Flow || requireTenant) && !(hasOrg && hasProject))
        {
            diagnostics.Add(DiagnosticInfo.Create(
                OperationDiagnostics.MissingTenantContext,
                methodLocation,
                display,
                kind switch
                {
                    OperationKindModel.Ingest => "n ingest",
                    OperationKindModel.Broadcast => " broadcast",
                    OperationKindModel.Flow => " flow",
                    _ => " tenant-scoped",
                },
                // Which of the two is missing, as the diagnostic's page says (an analyzer trial: '[OrgId] string org' alone
                // was told neither could be obtained).
                hasOrg ? "its project cannot be obtained ([ProjectId] is missing)"
                    : hasProject ? "its org cannot be obtained ([OrgId] is missing)"
                    : "neither org nor project can be obtained"));
        }

        var failureReasons = ReadFailureReasons(named, display, attributeLocation, diagnostics);
        var failureReasonLabel = named.TryGetValue("FailureReasonLabel", out var reasonValue) && reasonValue.Value is string reason
            ? (reason.Length == 0 ? null : reason)
            : (kind is OperationKindModel.Flow or OperationKindModel.FlowNode || !failureReasons.IsEmpty ? "reason" : null);
        if (!failureReasons.IsEmpty && failureReasonLabel is null)
        {
            diagnostics.Add(DiagnosticInfo.Create(OperationDiagnostics.InvalidFailureReasons, attributeLocation, display, "have no label to go to: FailureReasonLabel is empty"));
        }
        else if (!failureReasons.IsEmpty && named.TryGetValue("FailuresMetric", out var failuresValue) && failuresValue.Value is "")
        {
            diagnostics.Add(DiagnosticInfo.Create(OperationDiagnostics.InvalidFailureReasons, attributeLocation, display, "have no counter to go to: FailuresMetric is empty"));
        }

        var instruments = InstrumentPlanner.Plan(
            kind,
            spanName!,
            named,
            parameters,
            hasOrg ? orgTargets : 0,
            hasProject ? projectTargets : 0,
            failureReasonLabel,
            failureReasons,
            display,
            attributeLocation,
            ordinal => ordinal < method.Parameters.Length ? method.Parameters[ordinal].Locations.FirstOrDefault() : null,
            diagnostics);

        var (shape, resultType) = GetReturnShape(method);
        var model = new OperationModel(
            Key: GetKey(method),
            MethodDisplay: display,
            Kind: kind,
            SpanName: spanName!,
            Instruments: instruments,
            Parameters: parameters,
            OrgLabelTargets: hasOrg ? orgTargets : 0,
            ProjectLabelTargets: hasProject ? projectTargets : 0,
            FailureReasonLabel: failureReasonLabel,
            ContainingTypeIsTenantScoped: containingIsTenantScoped,
            SkipUnsampledRoot: GetBool(named, "SkipUnsampledRoot"),
            LogStart: GetBool(named, "LogStart"),
            LogCompletion: GetBool(named, "LogCompletion"),
            ReturnShape: shape,
            ResultTypeName: resultType,
            IsObsolete: ObsoleteMarker.Applies(method),
            RequiresPreview: PreviewFeatureMarker.Applies(method),
            SpanKind: GetSpanKind(named),
            Formatters: formatters);
        return new OperationParseResult(model, diagnostics.ToEquatableArray(), attributeLocation);
    }

    /// <summary>The identity shared by a declaration and the calls that reach it.</summary>
    public static string GetKey(IMethodSymbol method) =>
        method.OriginalDefinition.GetDocumentationCommentId() ?? method.OriginalDefinition.ToDisplayString(SymbolNames.FullyQualified);

    public static bool TryGetKind(INamedTypeSymbol? attributeClass, out OperationKindModel kind)
    {
        kind = default;
        if (attributeClass is null || attributeClass.ContainingNamespace is not { Name: MetadataNames.Namespace, ContainingNamespace.IsGlobalNamespace: true })
        {
            return false;
        }

        switch (attributeClass.Name)
        {
            case "IngestAttribute": kind = OperationKindModel.Ingest; return true;
            case "BroadcastAttribute": kind = OperationKindModel.Broadcast; return true;
            case "FlowAttribute": kind = OperationKindModel.Flow; return true;
            case "FlowNodeAttribute": kind = OperationKindModel.FlowNode; return true;
            case "OperationAttribute": kind = OperationKindModel.Operation; return true;
            default: return false;
        }
    }

    /// <summary>A method kind as a reader says it ("a constructor", not <c>Constructor</c>; a stranger's trial read the enum names).</summary>
    private static string KindName(MethodKind kind) => kind switch
    {
        MethodKind.Constructor => "a constructor",
        MethodKind.StaticConstructor => "a static constructor",
        MethodKind.Destructor => "a finalizer",
        MethodKind.UserDefinedOperator => "an operator",
        MethodKind.Conversion => "a conversion operator",
        MethodKind.EventAdd => "an event's add accessor",
        MethodKind.EventRemove => "an event's remove accessor",
        MethodKind.EventRaise => "an event's raise accessor",
        MethodKind.DelegateInvoke => "a delegate's Invoke",
        MethodKind.ReducedExtension => "a reduced extension method",
        MethodKind.BuiltinOperator => "a built-in operator",
        MethodKind.FunctionPointerSignature => "a function pointer",
        _ => "this kind of method (" + kind + ")",
    };

    internal static string? FindShapeProblem(IMethodSymbol method)
    {
        switch (method.MethodKind)
        {
            case MethodKind.Ordinary:
                break;
            case MethodKind.LocalFunction:
                return "local functions cannot be intercepted; move it to a method of a type";
            case MethodKind.PropertyGet:
            case MethodKind.PropertySet:
                return "property accessors cannot be intercepted; use a method";
            case MethodKind.AnonymousFunction:
                return "lambdas cannot be intercepted; use a method";
            case MethodKind.ExplicitInterfaceImplementation:
                return DeclarationReach.ExplicitImplementationProblem(method);
            default:
                return "only ordinary methods can be instrumented, not " + KindName(method.MethodKind);
        }

        if (method.IsAsync && method.ReturnsVoid)
        {
            return "async void methods cannot be awaited, so their completion and failures cannot be observed; return Task";
        }

        if (IsIterator(method))
        {
            return "iterator methods run their body only when enumerated, so a span around the call would measure nothing; instrument the method that consumes the sequence";
        }

        if (method.ReturnsByRef || method.ReturnsByRefReadonly)
        {
            return "ref returns are not supported";
        }

        if (method.IsVararg)
        {
            return "__arglist methods are not supported";
        }

        if (method.IsStatic && method.ContainingType.TypeKind == TypeKind.Interface && (method.IsAbstract || method.IsVirtual))
        {
            return "static abstract or virtual interface members are not supported";
        }

        if (method.ContainingType.TypeKind is not (TypeKind.Class or TypeKind.Struct or TypeKind.Interface))
        {
            // C# 14 extension blocks: the member is called through a receiver the interceptor cannot name yet.
            return "members of extension blocks are not supported yet; declare a classic extension method with 'this'";
        }

        return null;
    }

    /// <summary>True when the method body contains <c>yield</c> (<see cref="Naming.MethodShapes.IsIterator"/>).</summary>
    internal static bool IsIterator(IMethodSymbol method) => Naming.MethodShapes.IsIterator(method);

    // A private partial method the user only implements: its declaring half is another generator's (MVVM's On…Changed
    // hooks, unseen here), whose accessibility must match (CS8799), so "make it internal" cannot be followed.
    private static string InaccessibilityAdvice(IMethodSymbol method)
    {
        var lonePartialImplementation = method.DeclaredAccessibility == Accessibility.Private
            && method.PartialDefinitionPart is null
            && !method.IsPartialDefinition
            && method.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is MethodDeclarationSyntax declaration
                && declaration.Modifiers.Any(Microsoft.CodeAnalysis.CSharp.SyntaxKind.PartialKeyword)
                && (declaration.Body is not null || declaration.ExpressionBody is not null));
        if (lonePartialImplementation)
        {
            return "its declaring half is written by another source generator (such as the On…Changed hooks of MVVM's [ObservableProperty]), so its accessibility cannot change; call an annotated method of your own from it instead";
        }

        // An override cannot change the accessibility it inherits, and the base class makes the calls (a worker's
        // BackgroundService.ExecuteAsync, found in a 'dotnet new worker' trial): "make it internal or public" could not be
        // followed.
        if (method.IsOverride && !IsReachable(method.DeclaredAccessibility) && method.OverriddenMethod is { } overridden)
        {
            return "it overrides '" + overridden.ContainingType.Name + "." + overridden.Name
                + "', whose accessibility an override cannot change, and the base class makes the calls; put the attribute on a method of your own that it calls (in a BackgroundService, the work of one iteration)";
        }

        return "make it internal or public";
    }

    internal static string? FindInaccessibility(IMethodSymbol method)
    {
        if (!IsReachable(method.DeclaredAccessibility))
        {
            return DescribeAccessibility(method.DeclaredAccessibility);
        }

        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            if (!IsReachable(type.DeclaredAccessibility))
            {
                return DescribeAccessibility(type.DeclaredAccessibility) + " (" + type.Name + ")";
            }

            if (type.IsFileLocal)
            {
                return "file-local (" + type.Name + ")";
            }
        }

        return null;
    }

    private static bool IsReachable(Accessibility accessibility) =>
        accessibility is Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal;

    private static string DescribeAccessibility(Accessibility accessibility) => accessibility switch
    {
        Accessibility.Private => "private",
        Accessibility.Protected => "protected",
        Accessibility.ProtectedAndInternal => "private protected",
        _ => accessibility.ToString().ToLowerInvariant(),
    };

    internal static (ReturnShape Shape, string? ResultType) GetReturnShape(IMethodSymbol method)
    {
        if (method.ReturnsVoid)
        {
            return (ReturnShape.Void, null);
        }

        if (method.ReturnType is INamedTypeSymbol named
            && named.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks")
        {
            switch (named.MetadataName)
            {
                case "Task":
                    return (ReturnShape.Task, null);
                case "Task`1":
                    return (ReturnShape.TaskOfT, SymbolNames.Type(named.TypeArguments[0]));
                case "ValueTask":
                    return (ReturnShape.ValueTask, null);
                case "ValueTask`1":
                    return (ReturnShape.ValueTaskOfT, SymbolNames.Type(named.TypeArguments[0]));
            }
        }

        return (ReturnShape.Value, SymbolNames.Type(method.ReturnType));
    }

    /// <summary>The declared failure reasons (distinct, non-empty); an empty or repeated entry is INS0010.</summary>
    private static EquatableArray<string> ReadFailureReasons(
        Dictionary<string, TypedConstant> named,
        string display,
        Location? location,
        List<DiagnosticInfo> diagnostics)
    {
        if (!named.TryGetValue("FailureReasons", out var value) || value.Kind != TypedConstantKind.Array || value.IsNull)
        {
            return EquatableArray<string>.Empty;
        }

        var reasons = new List<string>();
        foreach (var item in value.Values)
        {
            if (item.Value is not string { Length: > 0 } reason || string.IsNullOrWhiteSpace(reason))
            {
                diagnostics.Add(DiagnosticInfo.Create(OperationDiagnostics.InvalidFailureReasons, location, display, "contain an empty value"));
                continue;
            }

            if (reasons.Contains(reason))
            {
                diagnostics.Add(DiagnosticInfo.Create(OperationDiagnostics.InvalidFailureReasons, location, display, "list '" + reason + "' more than once"));
                continue;
            }

            reasons.Add(reason);
        }

        return reasons.ToEquatableArray();
    }

    private static int GetInt(Dictionary<string, TypedConstant> named, string name) =>
        named.TryGetValue(name, out var value) && value.Value is int number ? number : 0;

    private static bool GetBool(Dictionary<string, TypedConstant> named, string name) =>
        named.TryGetValue(name, out var value) && value.Value is true;

    /// <summary>The attribute's <c>Kind</c>; a value that is no member of <c>ActivityKind</c> (a cast number) is Internal.</summary>
    private static SpanKindModel GetSpanKind(Dictionary<string, TypedConstant> named) =>
        named.TryGetValue("Kind", out var value) && value.Value is int kind && kind is >= 0 and <= 4 ? (SpanKindModel)kind : SpanKindModel.Internal;
}
