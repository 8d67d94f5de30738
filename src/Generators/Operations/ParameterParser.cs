using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Instrumentation.Generators.Common;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Operations;

/// <summary>Reads the parameter attributes of an annotated method into <see cref="ParameterModel"/>s.</summary>
internal static class ParameterParser
{
    public static EquatableArray<ParameterModel> Parse(
        IMethodSymbol method,
        string display,
        Compilation compilation,
        List<DiagnosticInfo> diagnostics,
        CancellationToken cancellationToken)
    {
        var result = new List<ParameterModel>(method.Parameters.Length);
        var uniqueRoles = new Dictionary<string, string>();
        foreach (var parameter in method.Parameters)
        {
            cancellationToken.ThrowIfCancellationRequested();
            result.Add(ParseOne(parameter, display, compilation, diagnostics, uniqueRoles));
        }

        return result.ToEquatableArray();
    }

    private static ParameterModel ParseOne(
        IParameterSymbol parameter,
        string display,
        Compilation compilation,
        List<DiagnosticInfo> diagnostics,
        Dictionary<string, string> uniqueRoles)
    {
        var type = parameter.Type;
        var location = parameter.Locations.FirstOrDefault();
        var value = ValueModels.From(type);
        var attributes = parameter.GetAttributes();
        var isOut = parameter.RefKind == RefKind.Out;

        bool Has(string name) => attributes.Any(a => MetadataNames.Is(a.AttributeClass, name));
        AttributeData? Get(string name) => attributes.FirstOrDefault(a => MetadataNames.Is(a.AttributeClass, name));

        void Reject(string role, string reason) =>
            diagnostics.Add(DiagnosticInfo.Create(OperationDiagnostics.UnsupportedParameterRole, location, parameter.Name, display, role, reason));

        bool Unique(string role)
        {
            if (uniqueRoles.TryGetValue(role, out var first))
            {
                diagnostics.Add(DiagnosticInfo.Create(OperationDiagnostics.DuplicateParameterRole, location, display, role, first));
                return false;
            }

            uniqueRoles[role] = parameter.Name;
            return true;
        }

        // A reference whose type names a type parameter ('T' constrained to 'class', 'List<T>', 'Action<T>') is kept as
        // an object: the operation's state cannot name the type parameter, and a reference needs no boxing to be one.
        var storedAsObject = ContainsTypeParameter(type) && type.IsReferenceType;

        bool Readable(string role, bool asObject = false)
        {
            if (isOut)
            {
                Reject(role, "an out parameter has no value when the call starts");
                return false;
            }

            if (type.IsRefLikeType)
            {
                Reject(role, "ref struct values cannot be stored by the generated code");
                return false;
            }

            if (type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer || IsArrayOfPointers(type))
            {
                Reject(role, "a pointer has no value the generated code can record; pass the pointed-to value instead");
                return false;
            }

            if (ContainsTypeParameter(type) && !(asObject && storedAsObject))
            {
                Reject(role, WhyNotTypeParameterValue(type, asObject));
                return false;
            }

            return true;
        }

        if (Has(MetadataNames.NotInstrumented))
        {
            return Plain(parameter, value, isOut);
        }

        var tenant = TenantRole.None;
        if (!isOut && TenantTypes.IsTenantContext(type))
        {
            tenant = Unique("tenant context") ? TenantRole.Context : TenantRole.None;
        }
        else if (!isOut && TenantTypes.IsNullableTenantContext(type))
        {
            tenant = Unique("tenant context") ? TenantRole.NullableContext : TenantRole.None;
        }
        else if (!isOut && type.TypeKind != TypeKind.TypeParameter && TenantTypes.IsTenantScoped(type))
        {
            tenant = Unique("tenant context") ? TenantRole.Scoped : TenantRole.None;
        }

        if (Has(MetadataNames.OrgId) && Readable("[OrgId]") && Unique("[OrgId]"))
        {
            tenant = TenantRole.OrgId;
        }
        else if (Has(MetadataNames.ProjectId) && Readable("[ProjectId]") && Unique("[ProjectId]"))
        {
            tenant = TenantRole.ProjectId;
        }
        else if (Has(MetadataNames.DeviceUuid) && Readable("[DeviceUuid]") && Unique("[DeviceUuid]"))
        {
            tenant = TenantRole.DeviceUuid;
        }

        if (tenant is not (TenantRole.None or TenantRole.Scoped) && Logging.Classifications.Of(parameter) != 0)
        {
            // Tenant ids go out in clear on every span, log line and funnel row of the call and the calls inside it (and
            // the org as a metric label where opted in): a classified one would have been written as it is, its
            // classification silently ignored (a stranger's [OrgId, PersonalData] e-mail reached every sink). Refused,
            // as a classified metric label is. An object of the app's that carries a tenant (ITenantScoped) is classified
            // as a whole, for where it is written; its tenant ids are not what the classification is about.
            Reject(
                tenant switch
                {
                    TenantRole.OrgId => "[OrgId]",
                    TenantRole.ProjectId => "[ProjectId]",
                    TenantRole.DeviceUuid => "[DeviceUuid]",
                    _ => "a tenant context",
                },
                "it is classified personal or secret data, and tenant ids are written in clear on every span, log line and funnel event; pass an identifier that is not personal data");
            tenant = TenantRole.None;
        }

        string? spanAttribute = null;
        if (Get(MetadataNames.SpanAttribute) is { } spanData && Readable("a span attribute", asObject: true))
        {
            spanAttribute = NameOrDefault(spanData, parameter.Name);
        }

        // The same rules as a [LogMethod] parameter: a team's own classification keeps its taxonomy (so the app's
        // redactor provider picks the redactor mapped to it), [NonSensitiveData]/[NoDataClassification] keep the value as is.
        var classification = Logging.Classifications.Of(parameter);
        var foreign = classification == 1 ? Logging.ForeignClassifications.Of(parameter, compilation) : null;
        if (classification == 1 && foreign is null && (Has(MetadataNames.SpanAttribute) || Has(MetadataNames.LogField))
            && Logging.ForeignClassifications.Unreadable(parameter, compilation) is { } unreadable)
        {
            diagnostics.Add(DiagnosticInfo.Create(Logging.LogMethodDiagnostics.UnreadableClassification, location, parameter.Name, unreadable));
        }
        ParameterLabelModel? label = null;
        if (Get(MetadataNames.MetricLabel) is { } labelData && classification != 0)
        {
            Reject("a metric label", "it is classified personal or secret data, which must never become a label");
        }
        else if (Get(MetadataNames.MetricLabel) is { } labelData2 && Readable("a metric label"))
        {
            label = ParseLabel(parameter, labelData2, value, Get(MetadataNames.BoundedValues), Reject);
        }

        string? logField = null;
        if (Get(MetadataNames.LogField) is { } logData && Readable("a log field", asObject: true))
        {
            logField = NameOrDefault(logData, parameter.Name);
        }

        string? batchCount = null;
        string? batchCountVia = null;
        if (Has(MetadataNames.Batch) && Unique("[Batch]"))
        {
            if (isOut)
            {
                Reject("[Batch]", "an out parameter has no value when the call starts");
            }
            else
            {
                batchCount = FindCountMember(type);
                if (batchCount is null && ExplicitCountInterface(type, compilation) is { } countInterface)
                {
                    // A class whose Count is an explicit implementation (int IReadOnlyCollection<int>.Count => …): read
                    // through that interface (a reference conversion, nothing boxed).
                    batchCount = "Count";
                    batchCountVia = SymbolNames.Type(countInterface);
                }

                if (batchCount is null)
                {
                    Reject("[Batch]", "its type has no integer Count or Length; use an array, a collection, a span or an integer count");
                }
            }
        }

        var isQueueSize = false;
        if (Has(MetadataNames.QueueSize) && Unique("[QueueSize]") && Readable("[QueueSize]"))
        {
            if (value.Kind == ValueKind.Integer && !value.IsNullableValueType)
            {
                isQueueSize = true;
            }
            else
            {
                Reject("[QueueSize]", "a queue size must be an integer");
            }
        }

        var latencyStart = LatencyStartKind.None;
        if (Has(MetadataNames.LatencyStart) && Unique("[LatencyStart]") && Readable("[LatencyStart]"))
        {
            latencyStart = type.SpecialType switch
            {
                SpecialType.System_Int64 => LatencyStartKind.StopwatchTimestamp,
                SpecialType.System_DateTime => LatencyStartKind.DateTime,
                _ => type.Name == "DateTimeOffset" && type.ContainingNamespace?.Name == "System"
                    ? LatencyStartKind.DateTimeOffset
                    : LatencyStartKind.None,
            };
            if (latencyStart == LatencyStartKind.None)
            {
                Reject("[LatencyStart]", "it must be a Stopwatch timestamp (long), a DateTimeOffset or a DateTime");
            }
        }

        return new ParameterModel(
            parameter.Name,
            parameter.Ordinal,
            storedAsObject ? "object?" : SymbolNames.Type(type),
            isOut,
            tenant,
            spanAttribute,
            label,
            logField,
            batchCount,
            type.IsReferenceType,
            isQueueSize,
            latencyStart,
            value,
            classification,
            foreign,
            classification == 0 && Logging.Classifications.IsNonSensitive(parameter),
            classification == 0 && !Logging.Classifications.IsNonSensitive(parameter) && SecretTupleElements.Any(type),
            RememberedOnFailure: !isOut && RememberedArguments.Applies(parameter, type, classification),
            BatchCountVia: batchCountVia,
            RememberedMembersOnly: classification == 0);
    }

    /// <summary>
    /// <c>int*[]</c>, <c>delegate*&lt;int, int&gt;[][]</c>: the state cannot hold one outside an unsafe context (CS0214 in
    /// the generated file, found by tagging parameters of hostile code), and its elements have no value to record either.
    /// </summary>
    private static bool IsArrayOfPointers(ITypeSymbol type)
    {
        while (type is IArrayTypeSymbol array)
        {
            type = array.ElementType;
        }

        return type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer;
    }

    private static string WhyNotTypeParameterValue(ITypeSymbol type, bool asObject)
    {
        if (!type.IsReferenceType && type.TypeKind == TypeKind.TypeParameter)
        {
            return asObject
                ? "a type-parameter value may be a value type, which the generated code cannot keep without boxing; constrain the type parameter to 'class' or use a concrete type"
                : "a type-parameter value cannot be converted without boxing; use a concrete type";
        }

        return type.IsReferenceType
            ? "its type names a type parameter, which the generated code cannot name here; use a concrete type"
            : "a value type built from a type parameter cannot be kept without boxing; use a concrete type";
    }

    private static bool ContainsTypeParameter(ITypeSymbol type)
    {
        switch (type)
        {
            case ITypeParameterSymbol:
                return true;
            case IArrayTypeSymbol array:
                return ContainsTypeParameter(array.ElementType);
            case INamedTypeSymbol named:
                foreach (var argument in named.TypeArguments)
                {
                    if (ContainsTypeParameter(argument))
                    {
                        return true;
                    }
                }

                return named.ContainingType is not null && ContainsTypeParameter(named.ContainingType);
            default:
                return false;
        }
    }

    private static ParameterModel Plain(IParameterSymbol parameter, ValueModel value, bool isOut) =>
        new(parameter.Name, parameter.Ordinal, SymbolNames.Type(parameter.Type), isOut, TenantRole.None, null, null, null, null, false, false, LatencyStartKind.None, value);

    private static ParameterLabelModel? ParseLabel(
        IParameterSymbol parameter,
        AttributeData labelData,
        ValueModel value,
        AttributeData? bounded,
        System.Action<string, string> reject)
    {
        var name = NameOrDefault(labelData, parameter.Name);
        var targets = 127;
        foreach (var pair in labelData.NamedArguments)
        {
            if (pair.Key == "AppliesTo" && pair.Value.Value is int applies)
            {
                targets = applies;
            }
        }

        var boundedValues = EquatableArray<string>.Empty;
        if (bounded is { ConstructorArguments.Length: > 0 } && bounded.ConstructorArguments[0].Kind == TypedConstantKind.Array && !bounded.ConstructorArguments[0].IsNull)
        {
            boundedValues = bounded.ConstructorArguments[0].Values
                .Select(v => v.Value as string)
                .Where(v => v is not null)
                .Select(v => v!)
                .ToEquatableArray();
        }

        switch (value.Kind)
        {
            case ValueKind.Enum:
            case ValueKind.Bool:
                return new ParameterLabelModel(name, targets, value, EquatableArray<string>.Empty);
            case ValueKind.String when !boundedValues.IsEmpty:
                return new ParameterLabelModel(name, targets, value, boundedValues);
            default:
                // Not a bounded set: no label is generated. The analyzer reports it (INS1001) with a fix
                // that turns it into a span attribute, so the generator does not report it twice.
                return null;
        }
    }

    private static string NameOrDefault(AttributeData data, string parameterName)
    {
        if (data.ConstructorArguments.Length > 0 && data.ConstructorArguments[0].Value is string { Length: > 0 } name)
        {
            return name;
        }

        return SymbolNames.ToSnakeCase(parameterName);
    }

    /// <summary>
    /// The member whose value is the batch's count, or <see cref="IntegerCount"/> when the argument is the count
    /// itself (an integer, as <c>BatchAttribute</c> documents), or null when the type has none.
    /// </summary>
    private static string? FindCountMember(ITypeSymbol type)
    {
        if (type is IArrayTypeSymbol)
        {
            return "Length";
        }

        if (type.SpecialType is SpecialType.System_SByte or SpecialType.System_Byte or SpecialType.System_Int16
            or SpecialType.System_UInt16 or SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64)
        {
            return IntegerCount;
        }

        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T })
        {
            return null;
        }

        foreach (var candidate in new[] { "Count", "Length" })
        {
            if (ReadsIntegerProperty(type, candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The <c>BatchCountMember</c> of an integer argument: the argument is the count.</summary>
    internal const string IntegerCount = "";

    /// <summary>
    /// Whether <c>value.Name</c> reads a usable integer property: for a class or struct, the most derived member of that
    /// name decides (an explicit <c>int ICollection.Count</c> is not found by that name — LINQ's <c>Count()</c> is, CS0428 —
    /// and a <c>string Count</c> of the type's own hides an inherited integer one, CS0029); for an interface or a type
    /// parameter, the type and its interfaces. Not one marked <c>[Obsolete(…, true)]</c>, obsolete with a diagnostic id or
    /// experimental: reading it raises that diagnostic in the generated file (a stranger's hostile-code trial).
    /// </summary>
    private static bool ReadsIntegerProperty(ITypeSymbol type, string name)
    {
        if (type.TypeKind is TypeKind.Interface or TypeKind.TypeParameter)
        {
            return new[] { type }.Concat(type.AllInterfaces).Any(t => t.GetMembers(name).Any(m => IsUsableIntegerProperty(m)));
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            var members = current.GetMembers(name).Where(m => !(m is IPropertySymbol { ExplicitInterfaceImplementations.IsEmpty: false })).ToList();
            if (members.Count > 0)
            {
                return members.Count == 1 && IsUsableIntegerProperty(members[0]);
            }
        }

        return false;
    }

    /// <summary>
    /// For a class with no <c>Count</c> or <c>Length</c> readable by name, an accessible interface it implements whose
    /// integer <c>Count</c> is usable (the class implements it explicitly), or null.
    /// </summary>
    private static INamedTypeSymbol? ExplicitCountInterface(ITypeSymbol type, Compilation compilation) =>
        type.TypeKind != TypeKind.Class
            ? null
            : type.AllInterfaces.FirstOrDefault(i => compilation.IsSymbolAccessibleWithin(i, compilation.Assembly)
                && i.GetMembers("Count").Any(m => IsUsableIntegerProperty(m)));

    private static bool IsUsableIntegerProperty(ISymbol member) =>
        member is IPropertySymbol { IsStatic: false, IsIndexer: false, GetMethod: { DeclaredAccessibility: Accessibility.Public } getter } property
        && property.DeclaredAccessibility == Accessibility.Public
        && property.Type.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64
        && !Logging.UnreadableMarks.Any(property)
        && !IsObsoleteError(property) && !IsObsoleteError(getter);

    private static bool IsObsoleteError(ISymbol symbol) =>
        symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "System.ObsoleteAttribute" && a.ConstructorArguments.Length == 2 && a.ConstructorArguments[1].Value is true);
}
