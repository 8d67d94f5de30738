using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Instrumentation.Generators.Common;
using Instrumentation.Generators.Operations;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Funnel;

/// <summary>Reads the <c>[FunnelEvent]</c> attributes of a method; every path is resolved and type-checked here.</summary>
internal static class FunnelParser
{
    public static FunnelParseResult Parse(IMethodSymbol method, ImmutableArray<AttributeData> attributes, Compilation compilation, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var display = method.ToDisplayString(SymbolNames.Display);
        var location = method.Locations.FirstOrDefault();
        var key = OperationParser.GetKey(method);
        var (shape, _) = OperationParser.GetReturnShape(method);
        var problem = OperationParser.FindShapeProblem(method) ?? OperationParser.FindInaccessibility(method)
            ?? Common.ExternAliases.Problem(method, compilation, attributes.FirstOrDefault()?.AttributeClass);
        if (problem is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(FunnelDiagnostics.UnsupportedMethod, location, display, problem));
            return new FunnelParseResult(new FunnelMethodModel(key, EquatableArray<FunnelEventModel>.Empty, shape), diagnostics.ToEquatableArray());
        }

        var resultType = shape switch
        {
            ReturnShape.Value => method.ReturnType,
            ReturnShape.TaskOfT or ReturnShape.ValueTaskOfT => ((INamedTypeSymbol)method.ReturnType).TypeArguments[0],
            _ => null,
        };

        var events = new List<FunnelEventModel>();
        foreach (var attribute in attributes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (BrokenDeclarations.HasUnboundArgument(attribute))
            {
                // Not a constant (CS0182): the compiler's error says so; its value would read as a missing name or path.
                continue;
            }

            var attributeLocation = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? location;
            var name = attribute.ConstructorArguments.Length > 0 ? attribute.ConstructorArguments[0].Value as string : null;
            if (!IsName(name))
            {
                diagnostics.Add(DiagnosticInfo.Create(FunnelDiagnostics.InvalidName, attributeLocation, name ?? "(null)", "event", display, "use letters, digits and underscores"));
                continue;
            }

            var named = attribute.NamedArguments.ToDictionary(p => p.Key, p => p.Value);
            string? Text(string property) => named.TryGetValue(property, out var value) ? value.Value as string : null;
            var failed = false;
            PathModel? Resolve(string? path)
            {
                if (path is null)
                {
                    return null;
                }

                var resolved = ResolvePath(method, resultType, path, compilation, out var error);
                if (resolved is null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(FunnelDiagnostics.UnresolvedPath, attributeLocation, path, name!, display, error!));
                    failed = true;
                }
                else if (resolved.ValueType == FunnelValueType.Unsupported)
                {
                    diagnostics.Add(DiagnosticInfo.Create(FunnelDiagnostics.UnsupportedValueType, attributeLocation, path, name!, display, resolved.TypeName));
                    failed = true;
                    return null;
                }

                return resolved;
            }

            void TimeSinceProblem(string problem)
            {
                diagnostics.Add(DiagnosticInfo.Create(FunnelDiagnostics.InvalidTimeSince, attributeLocation, name!, display, problem));
                failed = true;
            }

            void CheckName(string? value, string kind)
            {
                if (value is not null && !IsName(value))
                {
                    diagnostics.Add(DiagnosticInfo.Create(FunnelDiagnostics.InvalidName, attributeLocation, value, kind, display, "use letters, digits and underscores"));
                    failed = true;
                }
            }

            var once = named.TryGetValue("OncePerEntity", out var onceValue) && onceValue.Value is true;
            var entity = Resolve(Text("EntityId"));
            var org = Resolve(Text("OrgId"));
            var project = Resolve(Text("ProjectId"));
            var user = Resolve(Text("UserId"));
            if (once && Text("EntityId") is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(FunnelDiagnostics.OncePerEntityWithoutEntity, attributeLocation, name!, display));
                failed = true;
            }

            // A classified id is stored redacted, and the default redactor makes every one the same text: a stranger's
            // OncePerEntity event with a classified EntityId would have been kept for the first user only.
            foreach (var (idName, idPath) in new[] { ("EntityId", entity), ("UserId", user), ("OrgId", org), ("ProjectId", project) })
            {
                if (idPath is { Classification: not 0 })
                {
                    var consequence = idName == "EntityId" && once
                        ? ", so this once-per-entity event is kept for the first entity only"
                        : ", so nothing that reads the stored events can tell them apart";
                    diagnostics.Add(DiagnosticInfo.Create(FunnelDiagnostics.ClassifiedId, attributeLocation, name!, display, idName, consequence));
                }
            }

            var properties = new List<FunnelPropertyModel>();
            if (named.TryGetValue("Properties", out var list) && list.Kind == TypedConstantKind.Array && !list.IsNull)
            {
                foreach (var item in list.Values)
                {
                    var pair = item.Value as string ?? string.Empty;
                    var equals = pair.IndexOf('=');
                    var propertyName = equals > 0 ? pair.Substring(0, equals).Trim() : pair.Trim();
                    var path = equals > 0 ? pair.Substring(equals + 1).Trim() : pair.Trim();
                    if (!IsName(propertyName))
                    {
                        diagnostics.Add(DiagnosticInfo.Create(FunnelDiagnostics.InvalidName, attributeLocation, propertyName, "property", display, "write properties as \"name=path\""));
                        failed = true;
                        continue;
                    }

                    if (Resolve(path) is { } resolved)
                    {
                        properties.Add(new FunnelPropertyModel(propertyName, resolved));
                    }
                }
            }

            foreach (var parameter in method.Parameters)
            {
                var eventProperty = parameter.GetAttributes().FirstOrDefault(a => MetadataNames.Is(a.AttributeClass, "EventPropertyAttribute"));
                if (eventProperty is not null)
                {
                    var propertyName = eventProperty.ConstructorArguments.Length > 0 && eventProperty.ConstructorArguments[0].Value is string { Length: > 0 } given ? given : SymbolNames.ToSnakeCase(parameter.Name);
                    if (Resolve(parameter.Name) is { } resolved)
                    {
                        properties.Add(new FunnelPropertyModel(propertyName, resolved));
                    }
                }
            }

            var returnProperty = method.GetReturnTypeAttributes().FirstOrDefault(a => MetadataNames.Is(a.AttributeClass, "EventPropertyAttribute"));
            if (returnProperty is not null && Resolve("return") is { } returned)
            {
                var propertyName = returnProperty.ConstructorArguments.Length > 0 && returnProperty.ConstructorArguments[0].Value is string { Length: > 0 } given ? given : "result";
                properties.Add(new FunnelPropertyModel(propertyName, returned));
            }

            var sinceProperty = Text("SinceProperty");
            var sinceEvent = Text("SinceEvent");
            var sinceTimestampPath = Text("SinceTimestamp");
            CheckName(sinceProperty, "property");
            CheckName(sinceEvent, "event");
            PathModel? sinceTimestamp = null;
            if (sinceTimestampPath is not null)
            {
                var resolved = ResolvePath(method, resultType, sinceTimestampPath, compilation, out var error);
                if (resolved is null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(FunnelDiagnostics.UnresolvedPath, attributeLocation, sinceTimestampPath, name!, display, error!));
                    failed = true;
                }
                else if (resolved.ValueType is not (FunnelValueType.DateTime or FunnelValueType.DateTimeOffset))
                {
                    TimeSinceProblem("SinceTimestamp '" + sinceTimestampPath + "' is a '" + resolved.TypeName + "', not a DateTime or DateTimeOffset");
                }
                else
                {
                    sinceTimestamp = resolved;
                }
            }

            if (sinceProperty is null && (sinceEvent is not null || sinceTimestampPath is not null))
            {
                TimeSinceProblem("SinceEvent and SinceTimestamp need SinceProperty, the name of the property to write");
            }
            else if (sinceProperty is not null && sinceEvent is null && sinceTimestampPath is null)
            {
                TimeSinceProblem("SinceProperty needs SinceEvent (an event of the same entity) or SinceTimestamp (a DateTime or DateTimeOffset value)");
            }
            else if (sinceEvent is not null && sinceTimestampPath is not null)
            {
                TimeSinceProblem("give either SinceEvent or SinceTimestamp, not both");
            }
            else if (sinceEvent is not null && Text("EntityId") is null)
            {
                TimeSinceProblem("SinceEvent '" + sinceEvent + "' is found by entity, and the event has no EntityId");
            }

            var durationProperty = Text("DurationProperty");
            CheckName(durationProperty, "property");
            if (durationProperty is not null && !method.GetAttributes().Any(a => OperationParser.TryGetKind(a.AttributeClass, out _)))
            {
                diagnostics.Add(DiagnosticInfo.Create(FunnelDiagnostics.DurationWithoutOperation, attributeLocation, name!, display));
                failed = true;
            }

            if (properties.Count + (sinceProperty is null ? 0 : 1) + (durationProperty is null ? 0 : 1) > 8)
            {
                diagnostics.Add(DiagnosticInfo.Create(FunnelDiagnostics.InvalidName, attributeLocation, name!, "event", display, "an event carries at most 8 properties"));
                failed = true;
            }

            if (!failed)
            {
                events.Add(new FunnelEventModel(name!, once, entity, org, project, user, properties.ToEquatableArray(), sinceProperty, sinceEvent, sinceTimestamp, durationProperty));
            }
        }

        return new FunnelParseResult(new FunnelMethodModel(key, events.ToEquatableArray(), shape), diagnostics.ToEquatableArray());
    }

    private static PathModel? ResolvePath(IMethodSymbol method, ITypeSymbol? resultType, string path, Compilation compilation, out string? error)
    {
        error = null;
        var segments = path.Split('.');
        ITypeSymbol? type;
        var classification = 0;
        Logging.DataClassificationModel? foreign = null;
        var fromReturn = segments[0] == "return";
        var ordinal = -1;
        if (fromReturn)
        {
            if (resultType is null)
            {
                error = "the method returns no value";
                return null;
            }

            if (ContainsTypeParameter(resultType))
            {
                error = "the return type depends on a type parameter";
                return null;
            }

            type = resultType;

            // [return: SecretData] classifies the result as a parameter's attribute does (a sinks trial stored an issued
            // API key read from "return" in clear, while the same key from a [SecretData] parameter was redacted).
            classification = System.Math.Max(Logging.Classifications.Of(method.GetReturnTypeAttributes()), Logging.Classifications.OfType(resultType));
            foreign = classification == 1
                ? Logging.ForeignClassifications.Of(method.GetReturnTypeAttributes(), compilation) ?? Logging.ForeignClassifications.OfType(resultType, compilation)
                : null;
        }
        else
        {
            var parameter = method.Parameters.FirstOrDefault(p => p.Name == segments[0]);
            if (parameter is null)
            {
                error = "there is no parameter '" + segments[0] + "' (paths start with a parameter name or 'return')";
                return null;
            }

            if (parameter.Type.IsRefLikeType)
            {
                error = "'" + parameter.Name + "' is a ref struct and cannot be read after the call";
                return null;
            }

            ordinal = parameter.Ordinal;
            type = parameter.Type;
            classification = Logging.Classifications.Of(parameter);
            foreign = classification == 1 ? Logging.ForeignClassifications.Of(parameter, compilation) : null;
        }

        var rootMayBeNull = type.IsReferenceType || IsNullable(type);
        var members = new List<string>();
        var conditional = new List<bool>();
        var mayBeNull = rootMayBeNull;
        foreach (var segment in segments.Skip(1))
        {
            var underlying = Underlying(type!);
            var member = FindMember(underlying, segment);
            var (memberClassification, memberForeign) = MemberClassification(underlying, segment, compilation);
            if (memberClassification > classification)
            {
                classification = memberClassification;
                foreign = memberForeign;
            }
            else if (memberClassification == 1 && classification == 1 && foreign is null)
            {
                foreign = memberForeign;
            }

            if (member is null)
            {
                error = "'" + underlying.Name + "' has no readable member '" + segment + "'";
                return null;
            }

            members.Add(segment);
            conditional.Add(mayBeNull);
            type = member;
            mayBeNull = mayBeNull || type.IsReferenceType || IsNullable(type);
        }

        var nullableValue = IsNullable(type!) || (conditional.Any(c => c) && !type!.IsReferenceType);
        var underlyingType = Underlying(type!);
        return new PathModel(path, fromReturn, ordinal, members.ToEquatableArray(), conditional.ToEquatableArray(), rootMayBeNull, Classify(underlyingType), SymbolNames.Type(underlyingType), nullableValue, classification, classification == 1 ? foreign : null);
    }

    /// <summary>How a value of <paramref name="type"/> (not nullable) is stored; anything else is unsupported.</summary>
    private static FunnelValueType Classify(ITypeSymbol type)
    {
        if (type.TypeKind == TypeKind.Enum)
        {
            return FunnelValueType.Enum;
        }

        switch (type.SpecialType)
        {
            case SpecialType.System_String:
                return FunnelValueType.Text;
            case SpecialType.System_Boolean:
                return FunnelValueType.Bool;
            case SpecialType.System_SByte:
            case SpecialType.System_Byte:
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
            case SpecialType.System_Int32:
            case SpecialType.System_UInt32:
            case SpecialType.System_Int64:
            case SpecialType.System_IntPtr:
                return FunnelValueType.Int64;
            case SpecialType.System_UInt64:
            case SpecialType.System_UIntPtr:
                return FunnelValueType.UInt64;
            case SpecialType.System_Single:
            case SpecialType.System_Double:
                return FunnelValueType.Double;
            case SpecialType.System_Decimal:
                return FunnelValueType.Decimal;
            case SpecialType.System_DateTime:
                return FunnelValueType.DateTime;
        }

        if (type.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true })
        {
            switch (type.Name)
            {
                case "Guid":
                    return FunnelValueType.Guid;
                case "DateTimeOffset":
                    return FunnelValueType.DateTimeOffset;
                case "TimeSpan":
                    return FunnelValueType.TimeSpan;
            }
        }

        return FunnelValueType.Unsupported;
    }

    /// <summary>
    /// The classification of the member a path segment reads, by the rules spans and logs use
    /// (<see cref="Logging.Classifications.OfMember(ISymbol, INamedTypeSymbol)"/>): on the member, a member it overrides,
    /// an interface's declaration, a positional parameter of the type or a base type, an auto-property's
    /// <c>[field: …]</c> or the member's type. The member may be declared in a base type (a derived record's inherited
    /// positional property) or, for an interface, in an interface it extends. (A stranger's trial stored an e-mail in
    /// clear in a funnel row when its classification was on the overridden property or the base record's parameter;
    /// spans and logs redacted the same value.)
    /// </summary>
    private static (int Classification, Logging.DataClassificationModel? Foreign) MemberClassification(ITypeSymbol type, string name, Compilation compilation)
    {
        if (type is not INamedTypeSymbol owner)
        {
            return (0, null);
        }

        var declaringTypes = new List<INamedTypeSymbol>();
        for (var current = owner; current is not null; current = current.BaseType)
        {
            declaringTypes.Add(current);
        }

        if (owner.TypeKind == TypeKind.Interface)
        {
            declaringTypes.AddRange(owner.AllInterfaces);
        }

        foreach (var declaring in declaringTypes)
        {
            foreach (var member in declaring.GetMembers(name))
            {
                if (member is IPropertySymbol or IFieldSymbol)
                {
                    var classification = Logging.Classifications.OfMember(member, owner);
                    return (classification, classification == 1 ? Logging.ForeignClassifications.OfMember(member, owner, compilation) : null);
                }
            }
        }

        return (0, null);
    }

    private static ITypeSymbol Underlying(ITypeSymbol type) =>
        type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable ? nullable.TypeArguments[0] : type;

    private static bool IsNullable(ITypeSymbol type) => type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T;

    private static ITypeSymbol? FindMember(ITypeSymbol type, string name)
    {
        if (name.Length == 0)
        {
            // A path with an empty segment ("account.") never names a member, not even a property declared without a name
            // (the user's syntax error; found by the mutation fuzzer with seed 173: the generated read ended in '.').
            return null;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            var members = current.GetMembers(name);
            if (members.Length > 1)
            {
                // Two members of one name (CS0102, the user's error): reading it is ambiguous (CS0229), so the path does
                // not resolve (INS0200) rather than reaching generated code (found by the mutation fuzzer).
                return null;
            }

            foreach (var member in members)
            {
                switch (member)
                {
                    case IPropertySymbol { IsStatic: false, IsIndexer: false, GetMethod: not null } property when Reachable(property):
                        return property.Type;
                    case IFieldSymbol { IsStatic: false } field when Reachable(field):
                        return field.Type;
                }
            }
        }

        if (type.TypeKind == TypeKind.Interface)
        {
            foreach (var iface in type.AllInterfaces)
            {
                if (FindMember(iface, name) is { } found)
                {
                    return found;
                }
            }
        }

        return null;
    }

    private static bool Reachable(ISymbol symbol) =>
        symbol.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal;

    private static bool ContainsTypeParameter(ITypeSymbol type) => type switch
    {
        ITypeParameterSymbol => true,
        IArrayTypeSymbol array => ContainsTypeParameter(array.ElementType),
        INamedTypeSymbol named => named.TypeArguments.Any(ContainsTypeParameter),
        _ => false,
    };

    private static bool IsName(string? name) =>
        !string.IsNullOrEmpty(name) && name!.All(c => char.IsLetterOrDigit(c) || c == '_');
}
