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

    public static LogMethodParseResult Parse(IMethodSymbol method, AttributeData attribute, SyntaxNode node, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var display = method.ToDisplayString(SymbolNames.Display);
        var location = method.Locations.FirstOrDefault();
        LogMethodParseResult Fail(string reason)
        {
            diagnostics.Add(DiagnosticInfo.Create(LogMethodDiagnostics.InvalidLogMethod, location, display, reason));
            return new LogMethodParseResult(null, diagnostics.ToEquatableArray());
        }

        if (node is not MethodDeclarationSyntax declaration || !declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
        {
            return Fail("it must be a partial method declaration without a body");
        }

        if (declaration.Body is not null || declaration.ExpressionBody is not null)
        {
            return Fail("it must not have a body: the generator writes it");
        }

        if (!method.ReturnsVoid)
        {
            return Fail("it must return void");
        }

        if (method.IsGenericMethod)
        {
            return Fail("generic log methods are not supported");
        }

        var types = new List<ContainingTypeModel>();
        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            var isPartial = type.DeclaringSyntaxReferences.Any(r => r.GetSyntax(cancellationToken) is TypeDeclarationSyntax t && t.Modifiers.Any(SyntaxKind.PartialKeyword));
            if (!isPartial)
            {
                return Fail("its containing type '" + type.Name + "' must be partial");
            }

            types.Insert(0, new ContainingTypeModel(Keyword(type), type.Name + (type.TypeParameters.Length == 0 ? string.Empty : "<" + string.Join(", ", type.TypeParameters.Select(t => t.Name)) + ">")));
        }

        var template = attribute.ConstructorArguments.Length > 1 ? attribute.ConstructorArguments[1].Value as string : null;
        if (template is null)
        {
            return Fail("the message template is missing");
        }

        var (rawParts, templateError) = MessageTemplate.Parse(template);
        if (templateError is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(LogMethodDiagnostics.InvalidTemplate, attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? location, display, templateError));
            return new LogMethodParseResult(null, diagnostics.ToEquatableArray());
        }

        var levelValue = attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value is int level ? level : 2;
        var levelName = levelValue >= 0 && levelValue < LevelNames.Length ? LevelNames[levelValue] : "Information";
        var eventId = 0;
        string? eventName = null;
        foreach (var pair in attribute.NamedArguments)
        {
            if (pair.Key == "EventId" && pair.Value.Value is int id)
            {
                eventId = id;
            }
            else if (pair.Key == "EventName" && pair.Value.Value is string name)
            {
                eventName = name;
            }
        }

        if (eventId == 0)
        {
            eventId = StableId(method.Name);
        }

        string? loggerExpression = null;
        var parameters = new List<LogParameterModel>();
        var usedNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in method.Parameters)
        {
            if (parameter.RefKind is not (RefKind.None or RefKind.In))
            {
                return Fail("parameter '" + parameter.Name + "' is ref/out; log method parameters are values");
            }

            if (parameter.Type.IsRefLikeType)
            {
                return Fail("parameter '" + parameter.Name + "' is a ref struct and cannot be captured");
            }

            var kind = LogValueKind.Plain;
            if (loggerExpression is null && IsLogger(parameter.Type))
            {
                loggerExpression = "@" + parameter.Name;
                kind = LogValueKind.Logger;
            }
            else if (IsException(parameter.Type))
            {
                kind = LogValueKind.Exception;
            }

            var classification = Classifications.Of(parameter);
            var members = EquatableArray<MemberModel>.Empty;
            if (kind == LogValueKind.Plain && classification != 0)
            {
                kind = LogValueKind.Classified;
            }
            else if (kind == LogValueKind.Plain && Classifications.HasClassifiedMembers(parameter.Type, 0))
            {
                kind = LogValueKind.ComplexWithClassifiedMembers;
                members = Classifications.Members(parameter.Type, 0);
            }

            parameters.Add(new LogParameterModel(
                parameter.Name,
                SymbolNames.Type(parameter.Type),
                parameter.RefKind == RefKind.In ? "in " : string.Empty,
                kind,
                classification,
                "_" + parameter.Name,
                parameter.Name,
                parameter.Type.Name,
                parameter.Type.IsReferenceType,
                members));
        }

        if (loggerExpression is null && !method.IsStatic)
        {
            loggerExpression = FindLoggerMember(method.ContainingType);
        }

        if (loggerExpression is null)
        {
            return Fail("it needs an ILogger: a parameter, or (for instance methods) a field or property of the type");
        }

        var parts = new List<TemplatePart>();
        var referenced = new HashSet<int>();
        foreach (var (literal, hole) in rawParts)
        {
            if (hole is null)
            {
                parts.Add(new TemplatePart(false, literal!, null, -1));
                continue;
            }

            var index = parameters.FindIndex(p => p.Kind != LogValueKind.Logger && string.Equals(p.Name, hole.Name.TrimStart('@'), StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(LogMethodDiagnostics.PlaceholderWithoutParameter, attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? location, hole.Name, display));
                continue;
            }

            referenced.Add(index);
            parameters[index] = parameters[index] with { StructuredName = hole.Name };
            parts.Add(new TemplatePart(true, hole.Name, hole.Spec, index));
        }

        if (diagnostics.Any(d => d.Id == LogMethodDiagnostics.PlaceholderWithoutParameter.Id))
        {
            return new LogMethodParseResult(null, diagnostics.ToEquatableArray());
        }

        for (var i = 0; i < parameters.Count; i++)
        {
            if (!referenced.Contains(i) && parameters[i].Kind is not (LogValueKind.Logger or LogValueKind.Exception))
            {
                diagnostics.Add(DiagnosticInfo.Create(LogMethodDiagnostics.ParameterWithoutPlaceholder, method.Parameters[i].Locations.FirstOrDefault(), parameters[i].Name, display));
            }
        }

        var model = new LogMethodModel(
            method.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : string.Empty,
            types.ToEquatableArray(),
            method.ContainingType.ToDisplayString(SymbolNames.FullyQualified),
            method.Name,
            string.Join(" ", declaration.Modifiers.Select(m => m.Text)),
            loggerExpression,
            levelName,
            eventId,
            eventName ?? method.Name,
            template,
            parts.ToEquatableArray(),
            parameters.ToEquatableArray(),
            display);
        return new LogMethodParseResult(model, diagnostics.ToEquatableArray(), location);
    }

    /// <summary>A deterministic positive id from the method name (FNV-1a), when none is given.</summary>
    public static int StableId(string name)
    {
        unchecked
        {
            var hash = 2166136261u;
            foreach (var c in name)
            {
                hash = (hash ^ c) * 16777619u;
            }

            return (int)(hash & 0x7FFFFFFF) % 1_000_000 + 1;
        }
    }

    private static string Keyword(INamedTypeSymbol type) => type switch
    {
        { IsRecord: true, IsValueType: true } => "record struct",
        { IsRecord: true } => "record",
        { TypeKind: TypeKind.Struct } => "struct",
        { TypeKind: TypeKind.Interface } => "interface",
        _ => "class",
    };

    private static bool IsLogger(ITypeSymbol type) =>
        IsLoggerInterface(type) || type.AllInterfaces.Any(IsLoggerInterface);

    private static bool IsLoggerInterface(ITypeSymbol type) =>
        type is INamedTypeSymbol { Name: "ILogger", Arity: 0 } named && named.ContainingNamespace?.ToDisplayString() == "Microsoft.Extensions.Logging";

    private static bool IsException(ITypeSymbol type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.Name == "Exception" && current.ContainingNamespace?.ToDisplayString() == "System")
            {
                return true;
            }
        }

        return false;
    }

    private static string? FindLoggerMember(INamedTypeSymbol type)
    {
        foreach (var member in type.GetMembers())
        {
            switch (member)
            {
                case IFieldSymbol { IsStatic: false } field when IsLogger(field.Type):
                    return "this." + field.Name;
                case IPropertySymbol { IsStatic: false, GetMethod: not null } property when IsLogger(property.Type):
                    return "this." + property.Name;
            }
        }

        return null;
    }
}
