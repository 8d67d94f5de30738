using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;
using Instrumentation.Redaction;
using Microsoft.Extensions.Compliance.Classification;

namespace Instrumentation.Logging;

/// <summary>How the log value formatter renders values of one run-time type.</summary>
internal enum ValueShapeKind
{
    /// <summary>A user type: <c>Type { Member = value, … }</c>.</summary>
    Object,

    /// <summary>A framework value type (number, date, GUID…): invariant text.</summary>
    Scalar,

    /// <summary>A non-generic framework reference type (Uri, Version, IPAddress…): its text, scrubbed.</summary>
    FrameworkText,

    /// <summary>A materialized collection: <c>[a, b, …]</c>.</summary>
    Collection,

    /// <summary>A <see cref="KeyValuePair{TKey,TValue}"/> or <see cref="DictionaryEntry"/>: <c>key: value</c>.</summary>
    Pair,

    /// <summary>A tuple: <c>(a, b)</c>.</summary>
    Tuple,

    /// <summary>Not rendered (lazy sequences, other framework generic types): the placeholder.</summary>
    Opaque,
}

/// <summary>One readable member of a rendered type.</summary>
internal sealed class LogValueMember
{
    private readonly PropertyInfo? _property;
    private readonly FieldInfo? _field;

    public LogValueMember(string name, PropertyInfo? property, FieldInfo? field, int classification, bool isNonSensitive, DataClassification? foreign = null, bool holdsSecretElements = false)
    {
        HoldsSecretElements = holdsSecretElements;
        Foreign = foreign;
        Name = name;
        _property = property;
        _field = field;
        Classification = classification;
        IsNonSensitive = isNonSensitive;
    }

    public string Name { get; }

    /// <summary>0 none, 1 personal, 2 secret.</summary>
    public int Classification { get; set; }

    public bool IsNonSensitive { get; }

    /// <summary>
    /// A tuple with a secret-named element (<c>(string User, string Password) Login</c>): written <c>[REDACTED]</c> whole,
    /// since the element names are known only from the member's <see cref="TupleElementNamesAttribute"/>.
    /// </summary>
    public bool HoldsSecretElements { get; }

    /// <summary>A Microsoft classification of another taxonomy, redacted by the redactor the app maps it to.</summary>
    public DataClassification? Foreign { get; set; }

    public object? Read(object target) => _property is not null ? _property.GetValue(target) : _field!.GetValue(target);

    /// <summary>The member's declared type.</summary>
    public Type DeclaredType => _property is not null ? _property.PropertyType : _field!.FieldType;
}

/// <summary>The cached rendering plan of one run-time type.</summary>
internal sealed class LogValueShape
{
    public LogValueShape(ValueShapeKind kind, string name, LogValueMember[] members, bool ownTextIsSafe = false)
    {
        Kind = kind;
        Classification = 0;
        Name = name;
        Members = members;
        OwnTextIsSafe = ownTextIsSafe;
    }

    public ValueShapeKind Kind { get; }

    /// <summary>
    /// An object of one of Microsoft's library types whose own <c>ToString()</c> (scrubbed) may stand for it in another
    /// library's log line (<see cref="LogValueShapes.OwnTextIsSafe"/>).
    /// </summary>
    public bool OwnTextIsSafe { get; }

    public string Name { get; }

    public LogValueMember[] Members { get; }

    /// <summary>
    /// 0, or the classification the type itself carries (an attribute on the type, a base type or an implemented
    /// interface): every value of it is written redacted whole.
    /// </summary>
    public int Classification { get; private set; }

    /// <summary>The type's Microsoft classification of another taxonomy, when <see cref="Classification"/> comes from one.</summary>
    public DataClassification? Foreign { get; private set; }

    /// <summary>Marks every value of the type classified.</summary>
    /// <param name="classification">1 personal, 2 secret.</param>
    /// <param name="foreign">The Microsoft classification of another taxonomy, or null.</param>
    /// <returns>This shape.</returns>
    public LogValueShape ClassifiedAs(int classification, DataClassification? foreign)
    {
        Classification = classification;
        Foreign = foreign;
        return this;
    }
}

/// <summary>
/// Reads, once per run-time type, what the log value formatter needs: the kind of value, and for user types
/// their public instance properties and fields (base type first, properties before fields within a type, a
/// member redeclared in a derived type kept at its first position) with their classification — an attribute
/// on the member or on an overridden member, or on a constructor parameter of the same name (records'
/// positional parameters). The generator applies the same rules at compile time.
/// </summary>
internal static class LogValueShapes
{
    // Trimmed and NativeAOT apps keep reflection metadata only for what is reflected over, and a value's run-time type
    // cannot be annotated for that. What is missing is rendered as less, never as more: members without metadata are
    // left out (NativeAOT often renders `Customer { }`), a pair without its properties is not rendered, and a type whose
    // constructors have no metadata redacts every member that is not classified or [NonSensitiveData] itself
    // (ConstructorsHidden), since a positional record parameter's classification cannot be read there.
    private const string TrimmedMetadata = "Missing metadata renders fewer members or redacts them (fail closed); it never reveals a classified value.";

    private static readonly ConcurrentDictionary<Type, LogValueShape> Cache = new();

    public static LogValueShape Of(Type type) => Cache.GetOrAdd(type, static t => Classify(Build(t), t));

    /// <summary>
    /// Marks the shape of an app's type that carries a classification itself (<c>[HealthData] class Diagnosis</c>), on a
    /// base type or on an interface it implements: such values are written redacted whole, wherever they appear (a
    /// stranger's trial wrote <c>Diagnosis { Code = … }</c> in clear on spans and logs). The generators apply the same rule
    /// to the values they write.
    /// </summary>
    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = TrimmedMetadata)]
    private static LogValueShape Classify(LogValueShape shape, Type type)
    {
        if (IsFramework(type))
        {
            return shape;
        }

        DataClassification? foreign = null;
        var classification = 0;
        for (var current = type; current is not null && !IsFramework(current); current = current.BaseType)
        {
            classification = Math.Max(classification, Of(Attribute.GetCustomAttributes(current, typeof(DataClassificationAttribute), false), ref foreign));
        }

        foreach (var contract in type.GetInterfaces())
        {
            if (!IsFramework(contract))
            {
                classification = Math.Max(classification, Of(Attribute.GetCustomAttributes(contract, typeof(DataClassificationAttribute), false), ref foreign));
            }
        }

        return classification == 0 ? shape : shape.ClassifiedAs(classification, foreign);
    }

    /// <summary>True for framework types (namespace <c>System</c> or below).</summary>
    public static bool IsFramework(Type type) =>
        type.Namespace is { } ns && (ns == "System" || ns.StartsWith("System.", StringComparison.Ordinal));

    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = TrimmedMetadata)]
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = TrimmedMetadata)]
    private static LogValueShape Build(Type type)
    {
        var name = TypeNames.Friendly(type);
        if ((type.IsGenericType && type.GetGenericTypeDefinition() == typeof(KeyValuePair<,>)) || type == typeof(DictionaryEntry))
        {
            // Under NativeAOT a pair's properties may have no metadata: then it is not rendered at all.
            return type.GetProperty("Key") is { } key && type.GetProperty("Value") is { } value
                ? new LogValueShape(ValueShapeKind.Pair, name, new[]
                {
                    new LogValueMember("Key", key, null, 0, false),
                    new LogValueMember("Value", value, null, 0, false),
                })
                : new LogValueShape(ValueShapeKind.Opaque, name, Array.Empty<LogValueMember>());
        }

        if (typeof(ITuple).IsAssignableFrom(type) && IsFramework(type))
        {
            return new LogValueShape(ValueShapeKind.Tuple, name, Array.Empty<LogValueMember>());
        }

        if (typeof(IEnumerable).IsAssignableFrom(type))
        {
            return new LogValueShape(IsMaterialized(type) && EnumeratesWithoutEffects(type) ? ValueShapeKind.Collection : ValueShapeKind.Opaque, name, Array.Empty<LogValueMember>());
        }

        if (IsFramework(type))
        {
            var kind = type.IsGenericType ? ValueShapeKind.Opaque : type.IsValueType ? ValueShapeKind.Scalar : ValueShapeKind.FrameworkText;
            return new LogValueShape(kind, name, Array.Empty<LogValueMember>());
        }

        var members = Members(type);
        return new LogValueShape(ValueShapeKind.Object, IsAnonymous(type) ? string.Empty : name, members, OwnTextIsSafe(type, members));
    }

    /// <summary>
    /// Whether another library's log line may keep <paramref name="type"/>'s own text (ASP.NET Core's
    /// <c>"Executed endpoint '{EndpointName}'"</c> writes a <c>RouteEndpoint</c>, whose <c>ToString()</c> is its display
    /// name; rendered member by member it grew to 2 KB): only Microsoft's library types (namespace <c>Microsoft.*</c>,
    /// treated like the <c>System.*</c> types, whose text is kept and scrubbed), and only where their public members say
    /// nothing needs redacting — none classified or secret-named — and the type is not a record. Never the app's own
    /// types: a <c>ToString()</c> can print what no public member shows (a private field, a nested object's classified
    /// member, an anonymous type's members), so they are always rendered member by member.
    /// </summary>
    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = TrimmedMetadata)]
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = TrimmedMetadata)]
    internal static bool OwnTextIsSafe(Type type, LogValueMember[] members)
    {
        if (type.Namespace is not { } ns || !ns.StartsWith("Microsoft.", StringComparison.Ordinal) || IsAnonymous(type))
        {
            return false;
        }

        foreach (var member in members)
        {
            if (member.Classification != 0 || member.Foreign is not null || SecretNames.IsSecret(member.Name))
            {
                return false;
            }
        }

        var toString = type.GetMethod(nameof(ToString), BindingFlags.Public | BindingFlags.Instance, null, Type.EmptyTypes, null);
        if (toString is null || toString.DeclaringType == typeof(object) || toString.DeclaringType == typeof(ValueType))
        {
            return false;
        }

        var printMembers = type.GetMethod("PrintMembers", BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Instance, null, new[] { typeof(System.Text.StringBuilder) }, null);
        return printMembers is null && !toString.IsDefined(typeof(CompilerGeneratedAttribute), false);
    }

    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = TrimmedMetadata)]
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = TrimmedMetadata)]
    private static bool IsMaterialized(Type type)
    {
        if (type.IsArray || typeof(ICollection).IsAssignableFrom(type))
        {
            return true;
        }

        foreach (var implemented in type.GetInterfaces())
        {
            if (implemented.IsGenericType && implemented.GetGenericTypeDefinition() is var definition
                && (definition == typeof(IReadOnlyCollection<>) || definition == typeof(ICollection<>)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether enumerating <paramref name="type"/> only reads it: arrays and the framework's own collections (not
    /// System.Linq's, which run the caller's lambdas), and a type of the app's own only when a framework type does its
    /// enumerating (<c>class Readings : List&lt;Reading&gt;</c>). A collection whose own code enumerates may consume
    /// (a queue that dequeues as it is read), load (an ORM's lazy collection) or block, and rendering it for a span
    /// attribute or a log, before the method runs, would change what the method sees: such a value is written as
    /// <c>Type { … }</c>. Where the interface map cannot be read (NativeAOT), the app's type is not enumerated either.
    /// </summary>
    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = TrimmedMetadata)]
    internal static bool EnumeratesWithoutEffects(Type type)
    {
        if (type.IsArray)
        {
            return true;
        }

        if (IsFramework(type))
        {
            return !IsLinq(type);
        }

        if (IsKnownPlainCollection(type))
        {
            return true;
        }

        try
        {
            foreach (var method in type.GetInterfaceMap(typeof(IEnumerable)).TargetMethods)
            {
                if (method.DeclaringType is not { } declaring || !IsFramework(declaring) || IsLinq(declaring))
                {
                    return false;
                }
            }

            return true;
        }
        catch (Exception exception) when (exception is NotSupportedException or ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>
    /// Collections outside the framework whose enumerating is known to only read them: protobuf's <c>RepeatedField&lt;T&gt;</c>
    /// and <c>MapField&lt;TKey, TValue&gt;</c> (an array and a dictionary underneath), the fields of every gRPC message. They
    /// were written as <c>RepeatedField&lt;String&gt; { … }</c> (a gRPC team's trial). By full name: the SDK does not
    /// reference Google.Protobuf.
    /// </summary>
    private static bool IsKnownPlainCollection(Type type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.IsGenericType && current.Namespace == "Google.Protobuf.Collections"
                && current.Name is "RepeatedField`1" or "MapField`2")
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsLinq(Type type) =>
        type.Namespace is { } ns && (ns == "System.Linq" || ns.StartsWith("System.Linq.", StringComparison.Ordinal));

    private static bool IsAnonymous(Type type) =>
        type.Name.Contains("AnonymousType", StringComparison.Ordinal) && type.IsDefined(typeof(CompilerGeneratedAttribute), false);

    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = TrimmedMetadata)]
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = TrimmedMetadata)]
    private static LogValueMember[] Members(Type type)
    {
        var levels = new List<Type>();
        for (var current = type; current is not null && !IsFramework(current); current = current.BaseType)
        {
            levels.Insert(0, current);
        }

        var members = new List<LogValueMember>();
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        var constructorsHidden = levels.Exists(ConstructorsHidden);
        const BindingFlags Declared = BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly;
        foreach (var level in levels)
        {
            foreach (var property in level.GetProperties(Declared))
            {
                if (property.GetMethod is { IsPublic: true } && property.GetIndexParameters().Length == 0 && IsReadable(property.PropertyType) && !IsObsolete(property))
                {
                    Add(members, positions, Member(property.Name, property, null, property, type, constructorsHidden));
                }
            }

            foreach (var field in level.GetFields(Declared))
            {
                if (IsReadable(field.FieldType) && !IsObsolete(field))
                {
                    Add(members, positions, Member(field.Name, null, field, field, type, constructorsHidden));
                }
            }
        }

        return members.ToArray();
    }

    /// <summary>
    /// One member with its classification. Where a type's constructors have no metadata (NativeAOT keeps it only for
    /// what is reflected over; <see cref="ConstructorsHidden"/>), a positional record parameter's classification
    /// cannot be read: a member classified neither itself nor <c>[NonSensitiveData]</c> is then rendered redacted as
    /// a secret — fewer values shown, none leaked.
    /// </summary>
    private static LogValueMember Member(string name, PropertyInfo? property, FieldInfo? field, MemberInfo member, Type owner, bool constructorsHidden)
    {
        var classification = Classification(member, owner, out var foreign);
        var nonSensitive = IsNonSensitive(member);
        if (classification == 0 && constructorsHidden && !nonSensitive)
        {
            classification = (int)DataClass.Secret;
        }

        return new LogValueMember(name, property, field, classification, nonSensitive, foreign, !nonSensitive && HasSecretElementName(member));
    }

    /// <summary>
    /// Whether a tuple in the member's type names an element with a secret name: the compiler writes the element names
    /// of every tuple in a member's type into its <see cref="TupleElementNamesAttribute"/> (the generators read them
    /// from the source, <c>SecretTupleElements</c>).
    /// </summary>
    private static bool HasSecretElementName(MemberInfo member)
    {
        if (member.GetCustomAttribute<TupleElementNamesAttribute>(inherit: false) is not { } names)
        {
            return false;
        }

        foreach (var name in names.TransformNames)
        {
            if (name is not null && SecretNames.IsSecret(name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when <paramref name="type"/> shows no instance constructor although it must have one: every class has
    /// one in its metadata, so none means the metadata was left out (NativeAOT); a struct may have none, so for
    /// structs this counts only where code runs ahead-of-time compiled (no dynamic code).
    /// </summary>
    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = TrimmedMetadata)]
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = TrimmedMetadata)]
    internal static bool ConstructorsHidden(Type type) =>
        !type.IsInterface
        && (!type.IsValueType || !RuntimeFeature.IsDynamicCodeSupported)
        && type.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly).Length == 0;

    private static void Add(List<LogValueMember> members, Dictionary<string, int> positions, LogValueMember member)
    {
        if (positions.TryGetValue(member.Name, out var position))
        {
            // Redeclared (override or new): read the derived member, keep the first position and the stricter class.
            var classification = Math.Max(members[position].Classification, member.Classification);
            member.Foreign ??= members[position].Foreign;
            members[position] = member;
            member.Classification = classification;
            return;
        }

        positions[member.Name] = members.Count;
        members.Add(member);
    }

    private static bool IsReadable(Type type) => !type.IsByRef && !type.IsPointer && !type.IsByRefLike && !type.IsFunctionPointer;

    private static bool IsObsolete(MemberInfo member) => member.IsDefined(typeof(ObsoleteAttribute), true);

    private static bool IsNonSensitive(MemberInfo member) =>
        Attribute.IsDefined(member, typeof(NonSensitiveDataAttribute), true) || Attribute.IsDefined(member, typeof(NoDataClassificationAttribute), true);

    /// <summary>
    /// The classification of a member: the SDK's attributes by their class, any other subclass of Microsoft's
    /// <see cref="DataClassificationAttribute"/> (a custom taxonomy) with its own classification, kept in
    /// <paramref name="foreign"/>; <see cref="NoDataClassificationAttribute"/> is not a classification.
    /// </summary>
    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = TrimmedMetadata)]
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = TrimmedMetadata)]
    private static int Classification(MemberInfo member, Type owner, out DataClassification? foreign)
    {
        foreign = null;
        var direct = Of(Attribute.GetCustomAttributes(member, typeof(DataClassificationAttribute), true), ref foreign);
        if (direct != 0)
        {
            return direct;
        }

        // An auto-property classified on its backing field ([field: PersonalData]), as the generators read it.
        if (member is PropertyInfo { DeclaringType: { } declaring }
            && declaring.GetField("<" + member.Name + ">k__BackingField", BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly) is { } backing)
        {
            var ofField = Of(Attribute.GetCustomAttributes(backing, typeof(DataClassificationAttribute), true), ref foreign);
            if (ofField != 0)
            {
                return ofField;
            }
        }

        var result = 0;
        if (member is PropertyInfo)
        {
            // A property of an implemented interface of the same name: a classification on the contract holds for the
            // class (the generator applies the same rule).
            foreach (var contract in owner.GetInterfaces())
            {
                if (contract.GetProperty(member.Name, BindingFlags.Public | BindingFlags.Instance) is { } declared)
                {
                    result = Math.Max(result, Of(Attribute.GetCustomAttributes(declared, typeof(DataClassificationAttribute), true), ref foreign));
                }
            }

            if (result != 0)
            {
                return result;
            }
        }

        for (var current = owner; current is not null && !IsFramework(current); current = current.BaseType)
        {
            foreach (var constructor in current.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            {
                foreach (var parameter in constructor.GetParameters())
                {
                    // Any case, as the generators decide: a class's primary constructor parameter 'pin' classifies 'Pin'.
                    if (string.Equals(parameter.Name, member.Name, StringComparison.OrdinalIgnoreCase))
                    {
                        result = Math.Max(result, Of(Attribute.GetCustomAttributes(parameter, typeof(DataClassificationAttribute), true), ref foreign));
                    }
                }
            }
        }

        return result;
    }

    /// <summary>The classification of <paramref name="member"/> of <paramref name="owner"/> by the rules members are rendered with.</summary>
    /// <param name="member">A property or field.</param>
    /// <param name="owner">The run-time type that has it.</param>
    /// <returns>0 none, 1 personal, 2 secret.</returns>
    internal static int ClassificationOf(MemberInfo member, Type owner) => Classification(member, owner, out _);

    private static int Of(Attribute[] attributes, ref DataClassification? foreign)
    {
        var result = 0;
        foreach (var attribute in attributes)
        {
            switch (attribute)
            {
                case DataClassAttribute ours:
                    result = Math.Max(result, ours.DataClass == DataClass.Secret ? 2 : 1);
                    break;
                case NoDataClassificationAttribute:
                    break;
                case DataClassificationAttribute other when other.Classification != DataClassification.None:
                    foreign ??= other.Classification;
                    result = Math.Max(result, 1);
                    break;
            }
        }

        return result;
    }
}

/// <summary>Type names as the log formatters write them: <c>Customer</c>, <c>Box&lt;Int32&gt;</c>, <c>Line[]</c>.</summary>
internal static class TypeNames
{
    public static string Friendly(Type type)
    {
        if (type.IsArray)
        {
            return Friendly(type.GetElementType()!) + "[]";
        }

        if (!type.IsGenericType)
        {
            return type.Name;
        }

        var name = type.Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        if (tick >= 0)
        {
            name = name[..tick];
        }

        var arguments = type.GetGenericArguments();
        var parts = new string[arguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            parts[i] = Friendly(arguments[i]);
        }

        return name + "<" + string.Join(", ", parts) + ">";
    }
}
