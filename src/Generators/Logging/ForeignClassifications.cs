using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Instrumentation.Generators.Logging;

/// <summary>
/// A Microsoft.Extensions.Compliance classification as plain data: its taxonomy name and value, carried into the
/// generated code so that the app's redactor provider picks the redactor mapped to it.
/// </summary>
internal sealed record DataClassificationModel(string Taxonomy, string Value);

/// <summary>
/// Reads the <c>DataClassification(taxonomy, value)</c> that a team's own <c>DataClassificationAttribute</c> subclass
/// passes to Microsoft's base constructor, at compile time, from source: the constructor chain is followed down to
/// <c>DataClassificationAttribute(DataClassification)</c>, and its argument evaluated — <c>new DataClassification("T", "V")</c>
/// or <c>new("T", "V")</c> with constant strings (literals, <c>const</c>, <c>nameof</c>), attribute constructor
/// arguments, or a static field or property whose initializer, expression body or single <c>return</c> is one of
/// these. A classification that cannot be read this way (an attribute compiled in another assembly, a computed value)
/// gives null: such values stay redacted as personal data.
/// </summary>
internal static class ForeignClassifications
{
    private const int MaxDepth = 8;

    /// <summary>The foreign classification on <paramref name="symbol"/>, when it has one and it can be read.</summary>
    /// <remarks>As <see cref="Classifications.Of(ISymbol)"/>: then an auto-property's <c>[field: …]</c>, then the value's type.</remarks>
    public static DataClassificationModel? Of(ISymbol symbol, Compilation compilation) =>
        Of(symbol.GetAttributes(), compilation)
        ?? (symbol is IPropertySymbol auto && Classifications.BackingField(auto) is { } backing ? Of(backing.GetAttributes(), compilation) : null)
        ?? (symbol switch
        {
            IParameterSymbol parameter => OfType(parameter.Type, compilation),
            IPropertySymbol property => OfType(property.Type, compilation),
            IFieldSymbol field => OfType(field.Type, compilation),
            ILocalSymbol local => OfType(local.Type, compilation),
            _ => null,
        });

    /// <summary>The foreign classification a type carries for its values (<see cref="Classifications.OfType"/>).</summary>
    public static DataClassificationModel? OfType(ITypeSymbol type, Compilation compilation)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T, TypeArguments.Length: 1 } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        if (type is not INamedTypeSymbol named || Classifications.IsFramework(named))
        {
            return null;
        }

        for (var current = named; current is not null && !Classifications.IsFramework(current); current = current.BaseType)
        {
            if (Of(current.GetAttributes(), compilation) is { } model)
            {
                return model;
            }
        }

        foreach (var contract in named.AllInterfaces)
        {
            if (Of(contract.GetAttributes(), compilation) is { } model)
            {
                return model;
            }
        }

        return null;
    }

    /// <summary>The foreign classification among <paramref name="attributes"/> (a method's <c>[return: …]</c> attributes).</summary>
    public static DataClassificationModel? Of(System.Collections.Generic.IEnumerable<AttributeData> attributes, Compilation compilation)
    {
        foreach (var attribute in attributes)
        {
            if (IsForeign(attribute.AttributeClass) && Resolve(attribute, compilation) is { } model)
            {
                return model;
            }
        }

        return null;
    }

    /// <summary>
    /// The name of a foreign classification attribute on <paramref name="symbol"/> whose classification cannot be read
    /// at compile time (compiled in another assembly, or computed), or null.
    /// </summary>
    public static string? Unreadable(ISymbol symbol, Compilation compilation)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (IsForeign(attribute.AttributeClass) && Resolve(attribute, compilation) is null)
            {
                var name = attribute.AttributeClass!.Name;
                return name.EndsWith("Attribute", System.StringComparison.Ordinal) ? name.Substring(0, name.Length - "Attribute".Length) : name;
            }
        }

        return null;
    }

    /// <summary>
    /// The foreign classification of a member of <paramref name="owner"/>, found the way <see cref="Classifications.OfMember(ISymbol, INamedTypeSymbol)"/>
    /// finds classifications: on the member, a member it overrides, or a constructor parameter of the same name.
    /// </summary>
    public static DataClassificationModel? OfMember(ISymbol member, INamedTypeSymbol owner, Compilation compilation)
    {
        for (var current = member; current is not null; current = (current as IPropertySymbol)?.OverriddenProperty)
        {
            if (Of(current, compilation) is { } direct)
            {
                return direct;
            }
        }

        for (var type = owner; type is not null && !Classifications.IsFramework(type); type = type.BaseType)
        {
            foreach (var constructor in type.InstanceConstructors)
            {
                foreach (var parameter in constructor.Parameters)
                {
                    if (string.Equals(parameter.Name, member.Name, System.StringComparison.OrdinalIgnoreCase) && Of(parameter, compilation) is { } fromParameter)
                    {
                        return fromParameter;
                    }
                }
            }
        }

        return null;
    }

    /// <summary>A subclass of Microsoft's <c>DataClassificationAttribute</c> that is not one of the SDK's own nor <c>[NoDataClassification]</c>.</summary>
    private static bool IsForeign(INamedTypeSymbol? attributeClass)
    {
        var isClassification = false;
        for (var type = attributeClass; type is not null; type = type.BaseType)
        {
            if (type.ContainingNamespace is { Name: "Instrumentation", ContainingNamespace.IsGlobalNamespace: true }
                || Classifications.IsCompliance(type, "NoDataClassificationAttribute"))
            {
                return false;
            }

            isClassification |= Classifications.IsCompliance(type, "DataClassificationAttribute");
        }

        return isClassification;
    }

    private static DataClassificationModel? Resolve(AttributeData attribute, Compilation compilation)
    {
        if (attribute.AttributeConstructor is not { } constructor)
        {
            return null;
        }

        var arguments = new Dictionary<IParameterSymbol, object?>(SymbolEqualityComparer.Default);
        for (var i = 0; i < constructor.Parameters.Length && i < attribute.ConstructorArguments.Length; i++)
        {
            var argument = attribute.ConstructorArguments[i];
            arguments[constructor.Parameters[i]] = argument.Kind == TypedConstantKind.Array ? null : argument.Value;
        }

        for (var depth = 0; depth < MaxDepth; depth++)
        {
            if (Classifications.IsCompliance(constructor.ContainingType, "DataClassificationAttribute"))
            {
                return constructor.Parameters.Length == 1 && arguments.TryGetValue(constructor.Parameters[0], out var value) ? value as DataClassificationModel : null;
            }

            if (constructor.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is not ConstructorDeclarationSyntax { Initializer: { } initializer } declaration)
            {
                return null;
            }

            var model = compilation.GetSemanticModel(declaration.SyntaxTree);
            if (model.GetSymbolInfo(initializer).Symbol is not IMethodSymbol target)
            {
                return null;
            }

            var next = new Dictionary<IParameterSymbol, object?>(SymbolEqualityComparer.Default);
            for (var i = 0; i < initializer.ArgumentList.Arguments.Count; i++)
            {
                var syntax = initializer.ArgumentList.Arguments[i];
                var parameter = syntax.NameColon is { } name
                    ? target.Parameters.FirstOrDefault(p => p.Name == name.Name.Identifier.ValueText)
                    : i < target.Parameters.Length ? target.Parameters[i] : null;
                if (parameter is not null)
                {
                    next[parameter] = Evaluate(syntax.Expression, model, compilation, arguments, depth);
                }
            }

            constructor = target;
            arguments = next;
        }

        return null;
    }

    /// <summary>A string, a <see cref="DataClassificationModel"/>, or null when the expression cannot be read.</summary>
    private static object? Evaluate(ExpressionSyntax expression, SemanticModel model, Compilation compilation, IReadOnlyDictionary<IParameterSymbol, object?> arguments, int depth)
    {
        if (depth > MaxDepth)
        {
            return null;
        }

        if (model.GetConstantValue(expression) is { HasValue: true, Value: string constant })
        {
            return constant;
        }

        switch (expression)
        {
            case ParenthesizedExpressionSyntax parenthesized:
                return Evaluate(parenthesized.Expression, model, compilation, arguments, depth + 1);
            case BaseObjectCreationExpressionSyntax creation
                when model.GetTypeInfo(creation).Type is INamedTypeSymbol type && Classifications.IsCompliance(type, "DataClassification")
                    && creation.ArgumentList is { Arguments.Count: 2 } list:
                return Evaluate(list.Arguments[0].Expression, model, compilation, arguments, depth + 1) is string taxonomy
                    && Evaluate(list.Arguments[1].Expression, model, compilation, arguments, depth + 1) is string value
                    ? new DataClassificationModel(taxonomy, value)
                    : null;
        }

        switch (model.GetSymbolInfo(expression).Symbol)
        {
            case IParameterSymbol parameter:
                return arguments.TryGetValue(parameter, out var argument) ? argument : null;
            case IFieldSymbol { IsStatic: true } field:
                return Declared(field, compilation, depth);
            case IPropertySymbol { IsStatic: true } property:
                return Declared(property, compilation, depth);
            default:
                return null;
        }
    }

    /// <summary>The value of a static field or property from its declaration in source.</summary>
    private static object? Declared(ISymbol member, Compilation compilation, int depth)
    {
        var syntax = member.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax();
        ExpressionSyntax? value = syntax switch
        {
            VariableDeclaratorSyntax { Initializer: { } initializer } => initializer.Value,
            PropertyDeclarationSyntax { ExpressionBody: { } body } => body.Expression,
            PropertyDeclarationSyntax { Initializer: { } initializer } => initializer.Value,
            PropertyDeclarationSyntax { AccessorList: { } accessors } => Getter(accessors),
            _ => null,
        };
        if (value is null || syntax is null)
        {
            return null;
        }

        var model = compilation.GetSemanticModel(syntax.SyntaxTree);
        return Evaluate(value, model, compilation, new Dictionary<IParameterSymbol, object?>(SymbolEqualityComparer.Default), depth + 1);
    }

    private static ExpressionSyntax? Getter(AccessorListSyntax accessors)
    {
        var getter = accessors.Accessors.FirstOrDefault(a => a.Keyword.ValueText == "get");
        return getter switch
        {
            { ExpressionBody: { } body } => body.Expression,
            { Body.Statements: { Count: 1 } statements } when statements[0] is ReturnStatementSyntax { Expression: { } returned } => returned,
            _ => null,
        };
    }
}
