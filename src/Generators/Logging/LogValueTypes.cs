using System.Collections.Generic;
using System.Linq;
using Instrumentation.Generators.Common;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Logging;

/// <summary>What the generator does with a value of some static type.</summary>
internal enum ValueTypeKind
{
    /// <summary>Numbers, enums, dates, times, GUIDs and other framework structs (and nullable ones).</summary>
    Scalar,

    /// <summary><see cref="string"/>.</summary>
    Text,

    /// <summary>A user class, struct or record with a generated formatter.</summary>
    Object,

    /// <summary>Anything the run-time formatter decides by the run-time type.</summary>
    Runtime,
}

/// <summary>
/// Decides how values are rendered at compile time and plans the generated formatters of a log method: one per
/// user type reached from its parameters (public properties and fields, base types first, recursion through a
/// depth argument so self-referencing types are fine). Values whose run-time type the generator cannot know —
/// <c>object</c>, interfaces, abstract classes, collections, framework generic types, delegates — and instances of
/// a type derived from a non-sealed class go to the run-time formatter, which applies the same rules by
/// reflection. Nothing is rendered with <c>ToString()</c> of a user type.
/// </summary>
internal sealed class LogValueTypes
{
    /// <summary>How many distinct types one log method renders with generated formatters; beyond, the run-time formatter.</summary>
    public const int MaxFormatters = 64;

    private readonly Compilation _compilation;
    private readonly INamedTypeSymbol _within;
    private readonly Dictionary<ITypeSymbol, int> _indexes = new(SymbolEqualityComparer.Default);
    private readonly List<FormatterModel?> _formatters = new();
    private readonly Queue<(INamedTypeSymbol Type, int Index)> _pending = new();

    public LogValueTypes(Compilation compilation, INamedTypeSymbol within)
    {
        _compilation = compilation;
        _within = within;
    }

    /// <summary>The kind of a static type; <paramref name="isNullableValueType"/> for <c>Nullable&lt;T&gt;</c>.</summary>
    public ValueTypeKind Kind(ITypeSymbol type, out bool isNullableValueType)
    {
        isNullableValueType = false;
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            isNullableValueType = true;
            type = nullable.TypeArguments[0];
        }

        if (type.SpecialType == SpecialType.System_String)
        {
            return ValueTypeKind.Text;
        }

        if (type.TypeKind == TypeKind.Enum)
        {
            return ValueTypeKind.Scalar;
        }

        if (type is INamedTypeSymbol named && !named.IsRefLikeType)
        {
            if (named.IsValueType && !named.IsGenericType && Classifications.IsFramework(named))
            {
                // A number, date, Guid, flag or character; any other framework struct writes free text (a JsonElement its
                // whole JSON document), which the run-time formatter scrubs.
                return IsTextFree(named) ? ValueTypeKind.Scalar : ValueTypeKind.Runtime;
            }

            var isUserType = !Classifications.IsFramework(named)
                && !IsException(named)
                && (named.TypeKind == TypeKind.Struct || (named.TypeKind == TypeKind.Class && !named.IsAbstract && !named.IsStatic))
                && !named.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_Collections_IEnumerable)
                && _compilation.IsSymbolAccessibleWithin(named, _within);
            if (isUserType)
            {
                return ValueTypeKind.Object;
            }
        }

        return ValueTypeKind.Runtime;
    }

    /// <summary>
    /// True for a framework struct whose text holds no free text: <c>bool</c>, <c>char</c> and the formattable ones
    /// (numbers, dates, times, Guids…), which are rendered with the invariant culture.
    /// </summary>
    private static bool IsTextFree(INamedTypeSymbol type) =>
        type.SpecialType is SpecialType.System_Boolean or SpecialType.System_Char
        || type.AllInterfaces.Any(i => i.Name == "IFormattable" && i.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true });

    /// <summary>True for <see cref="System.Exception"/> and derived types.</summary>
    public static bool IsException(ITypeSymbol type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.Name == "Exception" && current.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The formatter index of a user type (planned on first use), or -1 when the budget is spent.</summary>
    public int FormatterOf(ITypeSymbol type)
    {
        var named = (INamedTypeSymbol)(type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable
            ? nullable.TypeArguments[0]
            : type.WithNullableAnnotation(NullableAnnotation.NotAnnotated));
        if (_indexes.TryGetValue(named, out var index))
        {
            return index;
        }

        if (_formatters.Count >= MaxFormatters)
        {
            return -1;
        }

        index = _formatters.Count;
        _indexes[named] = index;
        _formatters.Add(null);
        _pending.Enqueue((named, index));
        return index;
    }

    /// <summary>Plans every pending formatter and returns them all.</summary>
    public EquatableArray<FormatterModel> Build()
    {
        while (_pending.Count > 0)
        {
            var (type, index) = _pending.Dequeue();
            _formatters[index] = new FormatterModel(
                index,
                SymbolNames.Type(type),
                DisplayName(type),
                type.IsValueType,
                type.TypeKind == TypeKind.Class && !type.IsSealed,
                Members(type));
        }

        return _formatters.Select(f => f!).ToEquatableArray();
    }

    /// <summary>The type name as the formatters write it; the run-time formatter writes the same.</summary>
    public static string DisplayName(ITypeSymbol type)
    {
        switch (type)
        {
            case IArrayTypeSymbol array:
                return DisplayName(array.ElementType) + "[]";
            case INamedTypeSymbol named:
                var arguments = new List<ITypeSymbol>();
                for (var current = named; current is not null; current = current.ContainingType)
                {
                    arguments.InsertRange(0, current.TypeArguments);
                }

                return arguments.Count == 0 ? named.Name : named.Name + "<" + string.Join(", ", arguments.Select(DisplayName)) + ">";
            default:
                return type.Name;
        }
    }

    private EquatableArray<FormatterMemberModel> Members(INamedTypeSymbol type)
    {
        var levels = new List<INamedTypeSymbol>();
        for (var current = type; current is not null && !Classifications.IsFramework(current); current = current.BaseType)
        {
            levels.Insert(0, current);
        }

        var members = new List<(ISymbol Symbol, ITypeSymbol Type, int Classification)>();
        var positions = new Dictionary<string, int>(System.StringComparer.Ordinal);
        foreach (var level in levels)
        {
            var declared = level.GetMembers();
            foreach (var member in declared.OfType<IPropertySymbol>().Cast<ISymbol>().Concat(declared.OfType<IFieldSymbol>()))
            {
                // A member declared without a name (the user's syntax error, CS1001) cannot be read (seed 347).
                if (member.Name.Length == 0 || Readable(member) is not { } memberType)
                {
                    continue;
                }

                var classification = Classifications.OfMember(member, type);
                if (positions.TryGetValue(member.Name, out var position))
                {
                    members[position] = (member, memberType, System.Math.Max(members[position].Classification, classification));
                    continue;
                }

                positions[member.Name] = members.Count;
                members.Add((member, memberType, classification));
            }
        }

        return members.Select(m => Member(m.Symbol, m.Type, m.Classification, m.Classification == 1 ? ForeignClassifications.OfMember(m.Symbol, type, _compilation) : null)).ToEquatableArray();
    }

    private FormatterMemberModel Member(ISymbol member, ITypeSymbol type, int classification, DataClassificationModel? foreign)
    {
        if (classification != 0)
        {
            return new FormatterMemberModel(member.Name, MemberRender.Classified, classification, -1, foreign);
        }

        switch (Kind(type, out var nullable))
        {
            case ValueTypeKind.Scalar:
                return new FormatterMemberModel(member.Name, Classifications.IsNonSensitive(member) ? MemberRender.SafeScalar : MemberRender.Scalar, 0, -1);
            case ValueTypeKind.Text:
                return new FormatterMemberModel(member.Name, Classifications.IsNonSensitive(member) ? MemberRender.SafeText : MemberRender.Text, 0, -1);
            case ValueTypeKind.Object when FormatterOf(type) is var index and >= 0:
                return new FormatterMemberModel(member.Name, nullable ? MemberRender.NullableObject : MemberRender.Object, 0, index);
            case ValueTypeKind.Runtime when !Classifications.IsNonSensitive(member) && SecretTupleElements.Any(type):
                return new FormatterMemberModel(member.Name, MemberRender.SecretElements, 0, -1);
            default:
                return new FormatterMemberModel(member.Name, MemberRender.Runtime, 0, -1);
        }
    }

    /// <summary>The type of a member the formatters read, or null when it is skipped.</summary>
    private ITypeSymbol? Readable(ISymbol member)
    {
        if (member.IsStatic || member.DeclaredAccessibility != Accessibility.Public
            || member.GetAttributes().Any(a => a.AttributeClass is { Name: "ObsoleteAttribute" } c && c.ContainingNamespace?.ToDisplayString() == "System")
            || UnreadableMarks.Any(member))
        {
            return null;
        }

        ITypeSymbol type;
        switch (member)
        {
            case IPropertySymbol property:
                if (property.IsIndexer || property.GetMethod is not { DeclaredAccessibility: Accessibility.Public } || property.ReturnsByRef || property.ReturnsByRefReadonly)
                {
                    return null;
                }

                type = property.Type;
                break;
            case IFieldSymbol field:
                if (field.IsConst || field.IsFixedSizeBuffer)
                {
                    return null;
                }

                type = field.Type;
                break;
            default:
                return null;
        }

        if (type.IsRefLikeType || type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer or TypeKind.Error
            || !_compilation.IsSymbolAccessibleWithin(member, _within) || UnreadableMarks.OnType(type))
        {
            return null;
        }

        return type;
    }
}
