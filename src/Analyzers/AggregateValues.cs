using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Instrumentation.Analyzers;

/// <summary>
/// Values a sink writes as they are because they are copied into a value it writes element by element: the members of an
/// anonymous object, the elements of a tuple (<c>(a, b)</c>, <c>Tuple.Create</c>, <c>ValueTuple.Create</c>,
/// <c>new Tuple&lt;…&gt;(…)</c>), a key-value pair (<c>new KeyValuePair&lt;,&gt;(…)</c>, <c>KeyValuePair.Create</c>), an array
/// or a collection expression (spreads included), and a collection of the framework's created with an initializer
/// (<c>new List&lt;T&gt; { … }</c>, <c>new Dictionary&lt;K, V&gt; { [k] = v }</c>) or from another collection. Classification
/// attributes do not travel with a value into any of these, so a classified value in one is written in clear. The
/// shapes are syntactic and local: a value added later (<c>list.Add(user.Email)</c>) is not seen.
/// </summary>
internal static class AggregateValues
{
    /// <summary>The values <paramref name="value"/> is made of, or null when it is none of these shapes.</summary>
    public static IReadOnlyList<IOperation>? Parts(IOperation value)
    {
        switch (value)
        {
            case IAnonymousObjectCreationOperation anonymous:
                return anonymous.Initializers.Select(i => i is ISimpleAssignmentOperation assignment ? assignment.Value : i).ToList();
            case ITupleOperation tuple:
                return tuple.Elements;
            case IArrayCreationOperation { Initializer: { } initializer }:
                return Elements(initializer).ToList();
            case ICollectionExpressionOperation collection:
                return collection.Elements.Select(e => e is ISpreadOperation spread ? spread.Operand : e).ToList();
            case IInvocationOperation { TargetMethod: { Name: "Create", IsStatic: true } method } invocation when IsFactory(method.ContainingType):
                return invocation.Arguments.Select(a => a.Value).ToList();
            case IObjectCreationOperation { Type: INamedTypeSymbol type } creation when IsPairOrTuple(type):
                return creation.Arguments.Select(a => a.Value).ToList();
            case IObjectCreationOperation { Type: INamedTypeSymbol type } creation when IsFrameworkCollection(type):
                return creation.Arguments
                    .Where(a => a.Parameter is { } parameter && IsEnumerable(parameter.Type))
                    .Select(a => a.Value)
                    .Concat(creation.Initializer is { } init ? init.Initializers.SelectMany(InitializerValues) : Enumerable.Empty<IOperation>())
                    .ToList();
            default:
                return null;
        }
    }

    /// <summary>
    /// The values <paramref name="value"/> is one of: the branches of a conditional (<c>b ? fullName : "anon"</c>), the two
    /// sides of a coalescing (<c>nick ?? "anon"</c>), the arms of a switch expression; null for anything else. Each is what
    /// a sink writes on some run (an analyzer trial: a classified value behind each of these went unreported where the
    /// value itself, <c>(object)pin</c> or <c>pin!</c>, was reported).
    /// </summary>
    public static IReadOnlyList<IOperation>? Alternatives(IOperation value) => value switch
    {
        IConditionalOperation { WhenFalse: { } whenFalse, IsRef: false } conditional => new[] { conditional.WhenTrue, whenFalse },
        ICoalesceOperation coalesce => new[] { coalesce.Value, coalesce.WhenNull },
        ISwitchExpressionOperation switchExpression => switchExpression.Arms.Select(a => ArmValue(switchExpression, a)).ToList(),
        _ => null,
    };

    /// <summary>An arm's value, or the switch's own input where the arm returns what its pattern declared (<c>var n =&gt; n</c>).</summary>
    private static IOperation ArmValue(ISwitchExpressionOperation switchExpression, ISwitchExpressionArmOperation arm) =>
        arm.Value is ILocalReferenceOperation { Local: { } local }
        && arm.Pattern is IDeclarationPatternOperation { DeclaredSymbol: { } declared }
        && SymbolEqualityComparer.Default.Equals(local, declared)
            ? switchExpression.Value
            : arm.Value;

    /// <summary>
    /// A string built from other values: an interpolated string, a string concatenation, <c>string.Concat</c>,
    /// <c>string.Format</c> or <c>string.Join</c>, or an object's <c>ToString()</c> (<see cref="IsTextCall"/>).
    /// </summary>
    public static bool IsText(IOperation value) =>
        value is IInterpolatedStringOperation
        || (value is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } concatenation && concatenation.Type?.SpecialType == SpecialType.System_String)
        || IsTextCall(value);

    /// <summary>
    /// A call that makes a string of the values it is given: <c>string.Concat</c>, <c>string.Format</c>,
    /// <c>string.Join</c>, or an instance's <c>ToString()</c> (with or without a format) — what a stranger's code wrote
    /// where others interpolate (<c>profile.ToString()</c> of a record printed its classified members, no diagnostic).
    /// </summary>
    /// <remarks>
    /// Also <c>string.Create(provider, $"…")</c> and <c>FormattableString.Invariant($"…")</c> (a stranger's culture-safe
    /// interpolation of a classified value went unreported). Also a string's own transformations (<c>email.Replace("@", "_")</c>, <c>Trim</c>, <c>ToLowerInvariant</c>,
    /// <c>Substring</c>, <c>Insert</c>…): the text they return still carries the string they were called on, and the strings
    /// they were given (a stranger's <c>TraceStateString = "app=" + pos.Email.Replace("@", "_")</c> went unreported).
    /// </remarks>
    public static bool IsTextCall(IOperation value) =>
        value is IInvocationOperation { TargetMethod: { } method } invocation
        && method.ReturnType.SpecialType == SpecialType.System_String
        && ((method.IsStatic && method.ContainingType?.SpecialType == SpecialType.System_String && method.Name is "Concat" or "Format" or "Join")
            || (method.IsStatic && method.ContainingType?.SpecialType == SpecialType.System_String && method.Name == "Create" && method.Parameters.Any(p => p.Type.Name == "DefaultInterpolatedStringHandler"))
            || (method.IsStatic && method.ContainingType is { Name: "FormattableString", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } && method.Name is "Invariant" or "CurrentCulture")
            || (!method.IsStatic && method.Name == "ToString" && invocation.Instance is not null && invocation.Instance.Type?.SpecialType != SpecialType.System_String)
            || (!method.IsStatic && method.Name != "ToString" && method.ContainingType?.SpecialType == SpecialType.System_String && invocation.Instance is not null));

    /// <summary>The values a <see cref="IsTextCall"/> call makes its text of: its instance, or its arguments (a <c>params</c> array's elements), not a format provider.</summary>
    public static IEnumerable<IOperation> TextCallValues(IInvocationOperation call)
    {
        if (!call.TargetMethod.IsStatic && call.TargetMethod.ContainingType?.SpecialType == SpecialType.System_String && call.Instance is not null)
        {
            // A string's transformation: the string, and the strings it puts in (Replace's new value, Insert's text).
            return new[] { call.Instance }.Concat(call.Arguments.Where(a => a.Value.Type?.SpecialType == SpecialType.System_String).Select(a => a.Value));
        }

        if (!call.TargetMethod.IsStatic)
        {
            return call.Instance is null ? Enumerable.Empty<IOperation>() : new[] { call.Instance };
        }

        return call.Arguments
            .Where(a => a.Parameter is not { Type.Name: "IFormatProvider" })
            .SelectMany(a => OperationHelpers.Unwrap(a.Value) is IArrayCreationOperation { Initializer: { } initializer } ? initializer.ElementValues : (IEnumerable<IOperation>)new[] { a.Value });
    }

    private static IEnumerable<IOperation> Elements(IArrayInitializerOperation initializer) =>
        initializer.ElementValues.SelectMany(e => e is IArrayInitializerOperation nested ? Elements(nested) : new[] { e });

    /// <summary>The values of one entry of a collection initializer: <c>{ a }</c> and <c>{ k, v }</c> (an <c>Add</c> call), <c>[k] = v</c>.</summary>
    private static IEnumerable<IOperation> InitializerValues(IOperation entry) => entry switch
    {
        IInvocationOperation add => add.Arguments.Select(a => a.Value),
        ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.IsIndexer: true } indexer } assignment =>
            indexer.Arguments.Select(a => a.Value).Concat(new[] { assignment.Value }),
        _ => Enumerable.Empty<IOperation>(),
    };

    /// <summary><c>System.Tuple</c>, <c>System.ValueTuple</c>, <c>System.Collections.Generic.KeyValuePair</c> (the static classes of their <c>Create</c>).</summary>
    private static bool IsFactory(INamedTypeSymbol? type) =>
        type is { IsGenericType: false }
        && type.ToDisplayString() is "System.Tuple" or "System.ValueTuple" or "System.Collections.Generic.KeyValuePair";

    private static bool IsPairOrTuple(INamedTypeSymbol type) =>
        type.IsTupleType
        || type.OriginalDefinition.ToDisplayString() == "System.Collections.Generic.KeyValuePair<TKey, TValue>"
        || (type.IsGenericType && type.Name is "Tuple" or "ValueTuple" && type.ContainingNamespace.ToDisplayString() == "System");

    /// <summary>A collection type of the framework (a type under <c>System</c> that is enumerable, not a string).</summary>
    private static bool IsFrameworkCollection(INamedTypeSymbol type) =>
        RootNamespace(type) == "System" && IsEnumerable(type);

    private static bool IsEnumerable(ITypeSymbol type) =>
        type.SpecialType != SpecialType.System_String
        && (type.SpecialType == SpecialType.System_Collections_IEnumerable
            || type.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T
            || type.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_Collections_IEnumerable));

    private static string? RootNamespace(ITypeSymbol type)
    {
        var ns = type.ContainingNamespace;
        while (ns is { ContainingNamespace.IsGlobalNamespace: false })
        {
            ns = ns.ContainingNamespace;
        }

        return ns?.Name;
    }
}
