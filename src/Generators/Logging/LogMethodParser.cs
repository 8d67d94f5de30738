using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Instrumentation.Generators.Common;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Instrumentation.Generators.Logging;

/// <summary>Reads a <c>[LogMethod]</c> partial method into a <see cref="LogMethodModel"/> and diagnostics.</summary>
internal static class LogMethodParser
{
    private static readonly string[] LevelNames = { "Trace", "Debug", "Information", "Warning", "Error", "Critical", "None" };

    public static LogMethodParseResult Parse(IMethodSymbol method, AttributeData attribute, SyntaxNode node, Compilation compilation, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var display = method.ToDisplayString(SymbolNames.Display);
        var location = method.Locations.FirstOrDefault();
        var attributeLocation = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? location;
        LogStubModel? stub = null;
        LogMethodParseResult Fail(string reason)
        {
            diagnostics.Add(DiagnosticInfo.Create(LogMethodDiagnostics.InvalidLogMethod, location, display, reason));
            return Failed();
        }

        LogMethodParseResult Failed() => new(null, stub, diagnostics.ToEquatableArray(), location);

        // An explicit interface specifier on a partial method (CS0754, the user's error; 'void M :: M(…)' parses so, seed 523).
        if (HasErrorTypes(method) || BrokenDeclarations.IsBroken(method, cancellationToken) || node is MethodDeclarationSyntax { ExplicitInterfaceSpecifier: not null }
            || (node is MethodDeclarationSyntax broken && (SuspiciousModifierList(broken, method) || MayRepeatTypeErrors(method)) && SignatureHasCompilerErrors(broken, compilation, cancellationToken)))
        {
            // The compiler reports the unresolved type or the broken declaration; generating anything, even the do-nothing
            // implementation, would only repeat its error inside the generated file.
            return new LogMethodParseResult(null, null, EquatableArray<DiagnosticInfo>.Empty);
        }

        if (node is not MethodDeclarationSyntax declaration || !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            return Fail("it must be a partial method declaration without a body");
        }

        if (declaration.Body is not null || declaration.ExpressionBody is not null)
        {
            return Fail("it must not have a body: the generator writes it");
        }

        if (method.PartialImplementationPart is not null)
        {
            return Fail("it already has an implementation part: the generator writes it");
        }

        if (method.GetAttributes().Any(a => a.AttributeClass is { Name: "LoggerMessageAttribute", ContainingNamespace: { Name: "Logging", ContainingNamespace: { Name: "Extensions", ContainingNamespace: { Name: "Microsoft", ContainingNamespace.IsGlobalNamespace: true } } } }))
        {
            // Microsoft's logging generator writes an implementation of it too: two would be CS0757 in its file (a stranger's
            // half-migrated method).
            return Fail("it also has [LoggerMessage], whose generator writes its implementation too (CS0757): keep one of the two attributes");
        }

        if (declaration.Modifiers.Any(SyntaxKind.ExternKeyword) || method.PartialDefinitionPart is not null)
        {
            // 'extern partial' is itself an implementation part: a generated body would be a second one (CS0757).
            return Fail("an extern partial method is an implementation part, and the generator writes the implementation: remove 'extern'");
        }

        if (method.ContainingType is { TypeKind: not (TypeKind.Class or TypeKind.Struct or TypeKind.Interface) })
        {
            // A C# 14 extension block: its nameless marker type made the message below read "containing type '' must be partial".
            return Fail("members of extension blocks cannot be partial, so the generator cannot write the body: declare a classic extension log method, 'public static partial void " + method.Name + "(this ILogger logger, …)', in a static partial class");
        }

        if (ExternAliases.Problem(method, compilation, attribute.AttributeClass, "so that the generator can write the body") is { } aliased)
        {
            return Fail(aliased);
        }

        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            if (type.IsFileLocal)
            {
                // A file-local type cannot have a part in another file, and the generated part is another file.
                return Fail("its containing type '" + type.Name + "' is file-local, so the generated implementation cannot be added to it: make the type internal");
            }
        }

        if (declaration.ParameterList.Parameters.Count > 0 && declaration.ParameterList.Parameters[0].Modifiers.Any(SyntaxKind.ThisKeyword)
            && (!method.ContainingType.IsStatic || method.ContainingType.IsGenericType || method.ContainingType.ContainingType is not null))
        {
            return Fail("an extension log method must be declared in a non-generic, non-nested static class");
        }

        var types = new List<ContainingTypeModel>();
        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            var isPartial = type.DeclaringSyntaxReferences.Any(r => r.GetSyntax(cancellationToken) is TypeDeclarationSyntax t && t.Modifiers.Any(SyntaxKind.PartialKeyword));
            if (!isPartial)
            {
                return Fail("its containing type '" + type.Name + "' must be partial");
            }

            types.Insert(0, new ContainingTypeModel(Keyword(type), "@" + type.Name + (type.TypeParameters.Length == 0 ? string.Empty : "<" + string.Join(", ", type.TypeParameters.Select(t => "@" + t.Name)) + ">")));
        }

        var ns = method.ContainingNamespace is { IsGlobalNamespace: false } containing ? containing.ToDisplayString() : string.Empty;
        var typeKey = method.ContainingType.ToDisplayString(SymbolNames.FullyQualified);
        var modifiers = string.Join(" ", declaration.Modifiers.Select(m => m.Text));

        // From here on the declaration is implementable: a failure gets a do-nothing implementation so that
        // the user sees our diagnostic only, not also CS8795.
        if (!method.ReturnsByRef && !method.ReturnsByRefReadonly)
        {
            stub = new LogStubModel(
                ns,
                types.ToEquatableArray(),
                typeKey,
                method.Name,
                modifiers + " " + (method.ReturnsVoid ? "void" : SymbolNames.Type(method.ReturnType)) + " @" + method.Name + LogSignatures.TypeParameters(method)
                    + "(" + string.Join(", ", method.Parameters.Select(p => LogSignatures.Parameter(p, cancellationToken))) + ")",
                LogSignatures.Constraints(method),
                method.Parameters.Where(p => p.RefKind == RefKind.Out).Select(p => "@" + p.Name).ToEquatableArray(),
                method.ReturnsVoid,
                Operations.ExperimentalIds.Of(method).ToEquatableArray(),
                Operations.ExperimentalIds.ObsoleteWarningsOf(method).ToEquatableArray());
        }

        var tooOld = LanguageRequirement.Check(node.SyntaxTree, LanguageRequirement.Logging, location, "[LogMethod]", "the log methods of this project write nothing");
        if (tooOld is not null)
        {
            diagnostics.Add(tooOld);
            return Failed();
        }

        if (!method.ReturnsVoid)
        {
            return Fail("it must return void");
        }

        if (method.IsGenericMethod)
        {
            return Fail("generic log methods are not supported");
        }

        var template = attribute.ConstructorArguments.Length > 1 ? attribute.ConstructorArguments[1].Value as string : null;
        if (template is null)
        {
            return Fail("the message template is missing");
        }

        var (rawParts, templateError) = MessageTemplate.Parse(template);
        if (templateError is not null)
        {
            // At the offending brace or placeholder when the template is a literal in the attribute (as INS0101 is at its
            // placeholder), else at the attribute; the message names the position in the template's value either way.
            diagnostics.Add(DiagnosticInfo.Create(
                LogMethodDiagnostics.InvalidTemplate,
                TemplateArgument.Locate(attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax, templateError.Position, templateError.Length) ?? attributeLocation,
                display,
                templateError.Reason));
            return Failed();
        }

        // Literal text is decided here: what the run-time scrubber would replace in it is replaced now (INS0105).
        var (scrubbedTemplate, scrubbedParts, found) = TemplateScrubbing.Scrub(template, rawParts);
        if (found != LiteralFindings.None)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                LogMethodDiagnostics.SecretInTemplateText,
                LiteralSecretAdvice.Locate(attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax) ?? attributeLocation,
                display,
                LiteralSecretAdvice.Found(found),
                LiteralSecretAdvice.Replacements(found)));
            template = scrubbedTemplate;
            rawParts = scrubbedParts;
        }

        var levelValue = attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value is int level ? level : 2;
        var levelName = levelValue >= 0 && levelValue < LevelNames.Length ? LevelNames[levelValue] : "Information";
        var eventId = 0;
        var eventIdIsExplicit = false;
        string? eventName = null;
        foreach (var pair in attribute.NamedArguments)
        {
            if (pair.Key == "EventId" && pair.Value.Value is int id)
            {
                eventId = id;

                // Written is kept, 0 too, as [LoggerMessage] keeps it: a migrated LoggerMessage.Define(…, new EventId(0,
                // "ERROR"), …) became EventId 69805 (a newcomer's trial). Only an EventId not written is derived.
                eventIdIsExplicit = true;
            }
            else if (pair.Key == "EventName" && pair.Value.Value is string name)
            {
                eventName = name;
            }
        }

        if (!eventIdIsExplicit)
        {
            eventId = StableId(method.Name);
        }

        var values = new LogValueTypes(compilation, method.ContainingType);
        string? loggerExpression = null;
        var parameters = new List<LogParameterModel>();
        var properties = new List<LogParameterModel>();
        foreach (var parameter in method.Parameters)
        {
            if (parameter.RefKind is not (RefKind.None or RefKind.In))
            {
                return Fail("parameter '" + parameter.Name + "' is ref/out; log method parameters are values");
            }

            if (parameter.Type.IsRefLikeType || IsPointerOrArrayOfPointers(parameter.Type))
            {
                return Fail("parameter '" + parameter.Name + "' is a ref struct or pointer and cannot be captured");
            }

            var logProperties = LogPropertiesParser.LogProperties(parameter);
            var model = Parameter(parameter, values, compilation, ref loggerExpression, parameters.Any(p => p.Kind == LogValueKind.Exception), logProperties is not null, cancellationToken);
            if (model.Kind is not (LogValueKind.Logger or LogValueKind.Exception) && logProperties is not null)
            {
                model = model with { IsExpanded = true };
                properties.AddRange(LogPropertiesParser.Expand(parameter, parameters.Count, logProperties, values, compilation));
            }

            if (model is { Kind: LogValueKind.Classified, Classification: 1, Foreign: null } && ForeignClassifications.Unreadable(parameter, compilation) is { } unreadable)
            {
                diagnostics.Add(DiagnosticInfo.Create(LogMethodDiagnostics.UnreadableClassification, parameter.Locations.FirstOrDefault(), parameter.Name, unreadable));
            }

            parameters.Add(model);
        }

        var loggerMayBeNull = method.Parameters.Any(p => "@" + p.Name == loggerExpression && LoggerLookup.MayBeNull(p.Type));
        if (loggerExpression is null)
        {
            loggerExpression = LoggerLookup.FromMembers(method, compilation, out loggerMayBeNull);
        }

        if (loggerExpression is null)
        {
            return Fail(method.IsStatic
                ? "it needs an ILogger: a parameter, or a static field or property of the type"
                : "it needs an ILogger: a parameter, a field or property of the type or a base type, or a primary-constructor parameter");
        }

        var parts = new List<TemplatePart>();
        var missing = new List<string>();
        foreach (var (literal, hole) in rawParts)
        {
            if (hole is null)
            {
                parts.Add(new TemplatePart(false, literal!, null, null, -1));
                continue;
            }

            var index = parameters.FindIndex(p => p.Kind != LogValueKind.Logger && string.Equals(p.Name, hole.Name.TrimStart('@'), StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                missing.Add(hole.Name);
                continue;
            }

            // A placeholder written again in another case ({userId} … {UserID}) is the same field: named by its first
            // spelling, the one Microsoft.Extensions.Logging's formatter lists first (the last one won before).
            if (!parameters[index].IsReferenced)
            {
                parameters[index] = parameters[index] with { StructuredName = LogPropertiesParser.TagName(method.Parameters[index]) ?? hole.Name, IsReferenced = true };
            }

            parts.Add(new TemplatePart(true, hole.Name, hole.Alignment, hole.Format, index));
        }

        if (missing.Count > 0)
        {
            // At the placeholder, with what was most likely meant (a position, a misspelt name, the parameters left).
            var names = parameters.Where(p => p.Kind != LogValueKind.Logger).Select(p => p.Name).ToList();
            var referenced = parameters.Where(p => p.IsReferenced).Select(p => p.Name).ToList();
            var attributeSyntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as Microsoft.CodeAnalysis.CSharp.Syntax.AttributeSyntax;
            foreach (var name in missing)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    LogMethodDiagnostics.PlaceholderWithoutParameter,
                    PlaceholderAdvice.Locate(attributeSyntax, name) ?? attributeLocation,
                    name,
                    display,
                    PlaceholderAdvice.For(name, names, referenced)));
            }

            return Failed();
        }

        for (var i = 0; i < parameters.Count; i++)
        {
            if (!parameters[i].IsReferenced && !parameters[i].IsExpanded && parameters[i].Kind is not (LogValueKind.Logger or LogValueKind.Exception))
            {
                diagnostics.Add(DiagnosticInfo.Create(LogMethodDiagnostics.ParameterWithoutPlaceholder, method.Parameters[i].Locations.FirstOrDefault(), parameters[i].Name, display));
            }
        }

        // What the text around each placeholder makes of its value (INS0106, INS0107).
        var scrubsMessage = TemplateContext.Apply(
            parts,
            parameters,
            method,
            attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax,
            attributeLocation,
            display,
            diagnostics);

        var methodModel = new LogMethodModel(
            ns,
            types.ToEquatableArray(),
            typeKey,
            method.Name,
            modifiers,
            loggerExpression,
            levelName,
            eventId,
            eventIdIsExplicit,
            eventName ?? method.Name,
            template,
            parts.ToEquatableArray(),
            parameters.ToEquatableArray(),
            values.Build(),
            display,
            loggerMayBeNull,
            properties.ToEquatableArray(),
            Operations.ObsoleteMarker.Applies(method),
            Operations.PreviewFeatureMarker.Applies(method),
            Operations.ExperimentalIds.Of(method).ToEquatableArray(),
            scrubsMessage,
            Operations.ExperimentalIds.ObsoleteWarningsOf(method).ToEquatableArray());
        return new LogMethodParseResult(methodModel, null, diagnostics.ToEquatableArray(), location);
    }

    /// <summary>A pointer, a function pointer, or an array of them (<c>string*[]</c>, found by the mutation fuzzer, seed 499).</summary>
    private static bool IsPointerOrArrayOfPointers(ITypeSymbol type) => type switch
    {
        IArrayTypeSymbol array => IsPointerOrArrayOfPointers(array.ElementType),
        _ => type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer,
    };

    /// <summary>A deterministic positive id from the method name (FNV-1a), when none is given (shared with the analyzers).</summary>
    public static int StableId(string name) => Instrumentation.Naming.LogEventIds.StableId(name);

    /// <summary>
    /// One parameter: the first <c>ILogger</c> is the logger, the first exception is handed to providers (redacted);
    /// any other logger or exception is a value like the rest.
    /// </summary>
    /// <remarks>
    /// A <c>[LogProperties]</c> parameter (<paramref name="expanded"/>) gets no generated formatter of its own: its
    /// properties are separate fields, and when the template also names it the run-time formatter renders it.
    /// </remarks>
    private static LogParameterModel Parameter(IParameterSymbol parameter, LogValueTypes values, Compilation compilation, ref string? loggerExpression, bool hasException, bool expanded, CancellationToken cancellationToken)
    {
        var classification = Classifications.Of(parameter);
        var kind = LogValueKind.Runtime;
        var formatter = -1;
        var isNullableValueType = false;
        if (loggerExpression is null && LoggerLookup.IsLogger(parameter.Type))
        {
            loggerExpression = "@" + parameter.Name;
            kind = LogValueKind.Logger;
        }
        else if (!hasException && LogValueTypes.IsException(parameter.Type))
        {
            kind = LogValueKind.Exception;
        }
        else if (classification != 0)
        {
            kind = LogValueKind.Classified;
        }
        else
        {
            switch (values.Kind(parameter.Type, out isNullableValueType))
            {
                case ValueTypeKind.Scalar:
                    // A number or Guid under a secret name (apiKey, pin_token) is redacted like a string one: rendered at the
                    // call, where the name rule writes [REDACTED] (a flag or an enum says nothing secret).
                    kind = SecretScalars.IsRedacted(parameter.Type, parameter.Name, Classifications.IsNonSensitive(parameter)) ? LogValueKind.Runtime : LogValueKind.Scalar;
                    break;
                case ValueTypeKind.Text:
                    kind = Classifications.IsNonSensitive(parameter) ? LogValueKind.SafeText : LogValueKind.Text;
                    break;
                case ValueTypeKind.Object when !expanded:
                    formatter = values.FormatterOf(parameter.Type);
                    kind = formatter >= 0 ? LogValueKind.Object : LogValueKind.Runtime;
                    break;
            }
        }

        return new LogParameterModel(
            parameter.Name,
            SymbolNames.Type(parameter.Type),
            LogSignatures.Parameter(parameter, cancellationToken),
            parameter.RefKind == RefKind.In ? "in " : string.Empty,
            kind,
            classification,
            LogPropertiesParser.TagName(parameter) ?? parameter.Name,
            false,
            formatter,
            isNullableValueType,
            kind == LogValueKind.Classified && classification == 1 ? ForeignClassifications.Of(parameter, compilation) : null,
            HoldsSecretElements: kind == LogValueKind.Runtime && !Classifications.IsNonSensitive(parameter) && SecretTupleElements.Any(parameter.Type));
    }

    // The modifiers a partial method's definition can carry, which its implementation repeats; any other (volatile, const,
    // async…) is the compiler's error on the declaration (CS0106), and repeated it was one in the generated file too.
    private static readonly System.Collections.Generic.HashSet<SyntaxKind> ImplementableModifiers = new()
    {
        SyntaxKind.PublicKeyword, SyntaxKind.PrivateKeyword, SyntaxKind.ProtectedKeyword, SyntaxKind.InternalKeyword,
        SyntaxKind.StaticKeyword, SyntaxKind.PartialKeyword, SyntaxKind.UnsafeKeyword, SyntaxKind.NewKeyword,
        SyntaxKind.VirtualKeyword, SyntaxKind.OverrideKeyword, SyntaxKind.SealedKeyword, SyntaxKind.ReadOnlyKeyword,
    };

    /// <summary>
    /// Whether the declaration's modifiers may hold an error of the compiler's that the implementation would repeat: a
    /// modifier a partial definition cannot carry (CS0106), <c>partial</c> not last (CS0267), <c>virtual</c>,
    /// <c>override</c> or <c>sealed</c> on a static method (CS0112), <c>sealed</c> without <c>override</c> (CS0238), no
    /// accessibility on a method returning a value (CS8796), having an <c>out</c> parameter (CS8797) or a <c>virtual</c>,
    /// <c>override</c>, <c>sealed</c>, <c>new</c> or <c>extern</c> modifier (CS8798). Only a hint: the compiler decides
    /// (<see cref="SignatureHasCompilerErrors"/>), so a rule the language relaxes one day costs nothing but the question.
    /// </summary>
    private static bool SuspiciousModifierList(MethodDeclarationSyntax declaration, IMethodSymbol method)
    {
        var modifiers = declaration.Modifiers;
        var isStatic = modifiers.Any(SyntaxKind.StaticKeyword);
        var hasAccessibility = modifiers.Any(SyntaxKind.PublicKeyword) || modifiers.Any(SyntaxKind.PrivateKeyword)
            || modifiers.Any(SyntaxKind.ProtectedKeyword) || modifiers.Any(SyntaxKind.InternalKeyword);
        return modifiers.Any(m => !ImplementableModifiers.Contains(m.Kind()))
            || (modifiers.Any(SyntaxKind.PartialKeyword) && !modifiers.Last().IsKind(SyntaxKind.PartialKeyword))
            || (isStatic && (modifiers.Any(SyntaxKind.VirtualKeyword) || modifiers.Any(SyntaxKind.OverrideKeyword) || modifiers.Any(SyntaxKind.SealedKeyword)))
            || (modifiers.Any(SyntaxKind.SealedKeyword) && !modifiers.Any(SyntaxKind.OverrideKeyword))
            // readonly only on an instance member of a struct (CS0106 otherwise; found by the mutation fuzzer, seed 283).
            || (modifiers.Any(SyntaxKind.ReadOnlyKeyword) && (isStatic || method.ContainingType is not { TypeKind: TypeKind.Struct }))
            || (!hasAccessibility && (!method.ReturnsVoid || method.Parameters.Any(p => p.RefKind == RefKind.Out) || modifiers.Any(m => AccessibilityDemandingModifiers.Contains(m.Kind()))));
    }

    // Modifiers a partial method may carry only with an accessibility modifier (CS8798).
    private static readonly SyntaxKind[] AccessibilityDemandingModifiers =
    {
        SyntaxKind.VirtualKeyword, SyntaxKind.OverrideKeyword, SyntaxKind.SealedKeyword, SyntaxKind.NewKeyword, SyntaxKind.ExternKeyword,
    };

    /// <summary>
    /// Whether the signature could hold what only the compiler can judge and the implementation would repeat: a static type
    /// as a parameter or the return type (CS0721/CS0722), or a type less accessible than the method (CS0050/CS0051).
    /// Asking the compiler for every log method cost 60 % of a cold generation at 10,000 of them (GeneratorBenchmarks,
    /// ColdLogMethodsOnly: 721 → 1,160 ms), so it is asked only when this cheap test says it may matter.
    /// </summary>
    private static bool MayRepeatTypeErrors(IMethodSymbol method)
    {
        var level = BrokenDeclarations.EffectiveRank(method);
        if (method.ReturnType is INamedTypeSymbol { IsStatic: true } || BrokenDeclarations.LowestRank(method.ReturnType, 0) < level)
        {
            return true;
        }

        foreach (var parameter in method.Parameters)
        {
            if (parameter.Type is INamedTypeSymbol { IsStatic: true } || BrokenDeclarations.LowestRank(parameter.Type, 0) < level)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// An error the compiler reports at the declaration's signature that the implementation part, which repeats the
    /// signature, would repeat inside the generated file (<see cref="RepeatedErrors"/>): a parameter type less accessible
    /// than the method (CS0051), for one. Other errors there (an unknown attribute, a static type as a type argument) are
    /// not repeated and leave the generator's own work as it was. It is asked only when
    /// <see cref="SuspiciousModifierList"/> or <see cref="MayRepeatTypeErrors"/> says it may matter.
    /// </summary>
    private static bool SignatureHasCompilerErrors(MethodDeclarationSyntax declaration, Compilation compilation, CancellationToken cancellationToken)
    {
        var end = declaration.ConstraintClauses.Count > 0 ? declaration.ConstraintClauses[declaration.ConstraintClauses.Count - 1].Span.End : declaration.ParameterList.Span.End;
        var span = Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(declaration.SpanStart, end);
        foreach (var diagnostic in compilation.GetSemanticModel(declaration.SyntaxTree).GetDeclarationDiagnostics(span, cancellationToken))
        {
            if (diagnostic.Severity == DiagnosticSeverity.Error && RepeatedErrors.Contains(diagnostic.Id))
            {
                return true;
            }
        }

        return false;
    }

    // Found repeated in generated implementations by the mutation fuzzer: inconsistent accessibility of a parameter or the
    // return type, modifiers (invalid, misplaced, conflicting), and ref-struct arrays.
    private static readonly System.Collections.Generic.HashSet<string> RepeatedErrors = new(System.StringComparer.Ordinal)
    {
        "CS0050", "CS0051", "CS0106", "CS0112", "CS0238", "CS0267", "CS0611", "CS0750", "CS0721", "CS0722", "CS1004", "CS8796", "CS8797", "CS8798", "CS9048",
    };

    private static bool HasErrorTypes(IMethodSymbol method)
    {
        static bool IsError(ITypeSymbol type) => type switch
        {
            { TypeKind: TypeKind.Error } => true,
            IArrayTypeSymbol array => IsError(array.ElementType),
            IPointerTypeSymbol pointer => IsError(pointer.PointedAtType), // 'intint* value' (seed 563)
            INamedTypeSymbol named => named.TypeArguments.Any(IsError),
            _ => false,
        };

        return IsError(method.ReturnType) || method.Parameters.Any(p => IsError(p.Type));
    }

    private static string Keyword(INamedTypeSymbol type) => type switch
    {
        { IsRecord: true, IsValueType: true } => "record struct",
        { IsRecord: true } => "record",
        { TypeKind: TypeKind.Struct } => "struct",
        { TypeKind: TypeKind.Interface } => "interface",
        _ => "class",
    };
}
