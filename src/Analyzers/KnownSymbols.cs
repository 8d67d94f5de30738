using System.Linq;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Analyzers;

/// <summary>The types the analyzers look for, resolved once per compilation.</summary>
internal sealed class KnownSymbols
{
    private KnownSymbols(Compilation compilation)
    {
        MetricLabel = compilation.GetTypeByMetadataName("Instrumentation.MetricLabelAttribute");
        SpanAttribute = compilation.GetTypeByMetadataName("Instrumentation.SpanAttributeAttribute");
        LogField = compilation.GetTypeByMetadataName("Instrumentation.LogFieldAttribute");
        BoundedValues = compilation.GetTypeByMetadataName("Instrumentation.BoundedValuesAttribute");
        LogMethod = compilation.GetTypeByMetadataName("Instrumentation.LogMethodAttribute");
        DataClassification = compilation.GetTypeByMetadataName("Instrumentation.DataClassAttribute");
        ComplianceClassification = compilation.GetTypeByMetadataName("Microsoft.Extensions.Compliance.Classification.DataClassificationAttribute");
        NoDataClassification = compilation.GetTypeByMetadataName("Microsoft.Extensions.Compliance.Classification.NoDataClassificationAttribute");
        TelemetryValues = compilation.GetTypeByMetadataName("Instrumentation.Redaction.TelemetryValues");
        NonSensitiveData = compilation.GetTypeByMetadataName("Instrumentation.NonSensitiveDataAttribute");
        InstrumentedOperation = compilation.GetTypeByMetadataName("Instrumentation.InstrumentedOperationAttribute");
        FunnelEvent = compilation.GetTypeByMetadataName("Instrumentation.FunnelEventAttribute");
        EventProperty = compilation.GetTypeByMetadataName("Instrumentation.EventPropertyAttribute");
        Meter = compilation.GetTypeByMetadataName("System.Diagnostics.Metrics.Meter");
        Counter = compilation.GetTypeByMetadataName("System.Diagnostics.Metrics.Counter`1");
        Histogram = compilation.GetTypeByMetadataName("System.Diagnostics.Metrics.Histogram`1");
        UpDownCounter = compilation.GetTypeByMetadataName("System.Diagnostics.Metrics.UpDownCounter`1");
        Gauge = compilation.GetTypeByMetadataName("System.Diagnostics.Metrics.Gauge`1");
        Measurement = compilation.GetTypeByMetadataName("System.Diagnostics.Metrics.Measurement`1");
        TagList = compilation.GetTypeByMetadataName("System.Diagnostics.TagList");
        KeyValuePair = compilation.GetTypeByMetadataName("System.Collections.Generic.KeyValuePair`2");
        KeyValuePairFactory = compilation.GetTypeByMetadataName("System.Collections.Generic.KeyValuePair");
        Logger = compilation.GetTypeByMetadataName("Microsoft.Extensions.Logging.ILogger");
        TenantContext = compilation.GetTypeByMetadataName("Instrumentation.TenantContext");
        TenantScoped = compilation.GetTypeByMetadataName("Instrumentation.ITenantScoped");
        OrgId = compilation.GetTypeByMetadataName("Instrumentation.OrgIdAttribute");
        ProjectId = compilation.GetTypeByMetadataName("Instrumentation.ProjectIdAttribute");
        DeviceUuid = compilation.GetTypeByMetadataName("Instrumentation.DeviceUuidAttribute");
        Batch = compilation.GetTypeByMetadataName("Instrumentation.BatchAttribute");
        Redactors = compilation.GetTypeByMetadataName("Instrumentation.Redaction.Redactors");
        QueueSize = compilation.GetTypeByMetadataName("Instrumentation.QueueSizeAttribute");
        ActivitySource = compilation.GetTypeByMetadataName("System.Diagnostics.ActivitySource");
        Activity = compilation.GetTypeByMetadataName("System.Diagnostics.Activity");
        LoggerExtensions = compilation.GetTypeByMetadataName("Microsoft.Extensions.Logging.LoggerExtensions");
    }

    public INamedTypeSymbol? MetricLabel { get; }
    public INamedTypeSymbol? SpanAttribute { get; }
    public INamedTypeSymbol? LogField { get; }
    public INamedTypeSymbol? BoundedValues { get; }
    public INamedTypeSymbol? LogMethod { get; }
    public INamedTypeSymbol? DataClassification { get; }

    /// <summary>Microsoft.Extensions.Compliance's base attribute: every subclass (any taxonomy) classifies.</summary>
    public INamedTypeSymbol? ComplianceClassification { get; }

    /// <summary>Microsoft's <c>[NoDataClassification]</c>: declared not sensitive.</summary>
    public INamedTypeSymbol? NoDataClassification { get; }

    /// <summary>The run-time helper that renders values by the redaction rules.</summary>
    public INamedTypeSymbol? TelemetryValues { get; }
    public INamedTypeSymbol? InstrumentedOperation { get; }
    public INamedTypeSymbol? FunnelEvent { get; }
    public INamedTypeSymbol? EventProperty { get; }
    public INamedTypeSymbol? Meter { get; }
    public INamedTypeSymbol? Counter { get; }
    public INamedTypeSymbol? Histogram { get; }
    public INamedTypeSymbol? UpDownCounter { get; }
    public INamedTypeSymbol? Gauge { get; }
    public INamedTypeSymbol? Measurement { get; }
    public INamedTypeSymbol? TagList { get; }
    public INamedTypeSymbol? KeyValuePair { get; }
    public INamedTypeSymbol? KeyValuePairFactory { get; }
    public INamedTypeSymbol? Logger { get; }
    public INamedTypeSymbol? TenantContext { get; }
    public INamedTypeSymbol? TenantScoped { get; }
    public INamedTypeSymbol? OrgId { get; }
    public INamedTypeSymbol? ProjectId { get; }
    public INamedTypeSymbol? DeviceUuid { get; }
    public INamedTypeSymbol? Batch { get; }
    public INamedTypeSymbol? Redactors { get; }
    public INamedTypeSymbol? QueueSize { get; }
    public INamedTypeSymbol? ActivitySource { get; }
    public INamedTypeSymbol? Activity { get; }
    public INamedTypeSymbol? LoggerExtensions { get; }

    public static KnownSymbols Create(Compilation compilation) => new(compilation);

    /// <summary>
    /// INS1010's and INS1011's walks over the members of a type a sink writes whole, once per type and compilation: every
    /// call that writes a value of the type asks again, and the walk reaches its whole type graph (an entity model of a
    /// few hundred types took seconds of analysis for a few thousand log calls).
    /// </summary>
    internal System.Collections.Concurrent.ConcurrentDictionary<ITypeSymbol, (string Path, ISymbol Member, (string Kind, string Attribute) Match)?> UnclassifiedMembers { get; }
        = new(SymbolEqualityComparer.Default);

    /// <summary>See <see cref="UnclassifiedMembers"/>.</summary>
    internal System.Collections.Concurrent.ConcurrentDictionary<ITypeSymbol, (string Path, string Attribute)?> ClassifiedMembers { get; }
        = new(SymbolEqualityComparer.Default);

    public bool Has(ISymbol symbol, INamedTypeSymbol? attribute)
    {
        if (attribute is null)
        {
            return false;
        }

        foreach (var data in symbol.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(data.AttributeClass, attribute))
            {
                return true;
            }
        }

        return false;
    }

    public AttributeData? Get(ISymbol symbol, INamedTypeSymbol? attribute)
    {
        if (attribute is null)
        {
            return null;
        }

        foreach (var data in symbol.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(data.AttributeClass, attribute))
            {
                return data;
            }
        }

        return null;
    }

    /// <summary><c>[NonSensitiveData]</c>, when the compilation references the SDK.</summary>
    public INamedTypeSymbol? NonSensitiveData { get; }

    /// <summary>True when the symbol is declared safe to log as it is (<c>[NonSensitiveData]</c> or Microsoft's <c>[NoDataClassification]</c>).</summary>
    public bool IsDeclaredNonSensitive(ISymbol symbol) => Has(symbol, NonSensitiveData) || Has(symbol, NoDataClassification);

    /// <summary>
    /// The classification attribute's short name on the symbol (<c>PersonalData</c>, <c>SecretData</c>, or the name of a
    /// Microsoft.Extensions.Compliance <c>DataClassificationAttribute</c> subclass such as <c>PrivateData</c>), or null.
    /// </summary>
    public string? ClassificationName(ISymbol symbol)
    {
        foreach (var data in symbol.GetAttributes())
        {
            if (data.AttributeClass is { } attribute && IsClassifying(attribute))
            {
                var name = attribute.Name;
                return name.EndsWith("Attribute", System.StringComparison.Ordinal) ? name.Substring(0, name.Length - "Attribute".Length) : name;
            }
        }

        return null;
    }

    public bool IsClassified(ISymbol symbol) => ClassificationName(symbol) is not null;

    private bool IsClassifying(INamedTypeSymbol attribute)
    {
        for (var type = attribute; type is not null; type = type.BaseType)
        {
            if (NoDataClassification is not null && SymbolEqualityComparer.Default.Equals(type, NoDataClassification))
            {
                return false;
            }

            if ((DataClassification is not null && SymbolEqualityComparer.Default.Equals(type, DataClassification))
                || (ComplianceClassification is not null && SymbolEqualityComparer.Default.Equals(type, ComplianceClassification)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the method (or the interface/base declaration it implements) carries an operation attribute.</summary>
    public bool IsInstrumented(IMethodSymbol method) => IsInstrumented(method, funnelEvents: false);

    /// <summary>True when the operation generator intercepts calls of the method: an operation attribute or a funnel event on it or on the declaration it implements.</summary>
    public bool IsIntercepted(IMethodSymbol method) => IsInstrumented(method, funnelEvents: true);

    private bool IsInstrumented(IMethodSymbol method, bool funnelEvents)
    {
        if (InstrumentedOperation is null)
        {
            return false;
        }

        method = (method.ReducedFrom ?? method).OriginalDefinition;
        if (InExtensionBlock(method))
        {
            // The generator reports INS0007 at the declaration and intercepts none of its calls: a method group of it
            // loses nothing a lambda would keep, so advising one (INS1030) would be a false report.
            return false;
        }

        if (Marked(funnelEvents, method))
        {
            return true;
        }

        for (var overridden = method.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
        {
            if (Marked(funnelEvents, overridden.OriginalDefinition))
            {
                return true;
            }
        }

        if (!method.IsStatic && method.ContainingType is { TypeKind: TypeKind.Class or TypeKind.Struct } type)
        {
            foreach (var iface in type.AllInterfaces)
            {
                foreach (var member in iface.GetMembers(method.Name))
                {
                    if (member is IMethodSymbol candidate && Marked(funnelEvents, candidate.OriginalDefinition)
                        && SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(candidate)?.OriginalDefinition, method))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>
    /// A member of a C# 14 extension block (<c>extension(string s) { [Operation(…)] public int M() … }</c>), or the static
    /// method the compiler makes of one declared in source, called as <c>E.M(s)</c>: the generator does not instrument
    /// these (INS0007 at the declaration, INS0030 at a call of another project's). The analyzers are built against a Roslyn without extension blocks: the member's type is neither class,
    /// struct nor interface (the generator's own test), and the implementation method is implicitly declared by syntax
    /// that is not directly in a declaration of its class.
    /// </summary>
    internal static bool InExtensionBlock(IMethodSymbol method)
    {
        if (method.ContainingType is not { } type)
        {
            return false;
        }

        if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct or TypeKind.Interface))
        {
            // Also from a referenced assembly: the generator reports INS0030 at such a call.
            return true;
        }

        if (!method.IsImplicitlyDeclared || !method.IsStatic || method.DeclaringSyntaxReferences.Length == 0)
        {
            return false;
        }

        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is not Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax { Parent: { } parent })
            {
                continue;
            }

            if (!type.DeclaringSyntaxReferences.Any(t => t.SyntaxTree == parent.SyntaxTree && t.Span == parent.Span))
            {
                return true;
            }
        }

        return false;
    }

    private bool Marked(bool funnelEvents, IMethodSymbol method) =>
        HasOperationAttribute(method)
        || (funnelEvents && method.GetAttributes().Any(a => a.AttributeClass is { Name: "FunnelEventAttribute" } c && c.ContainingNamespace?.ToDisplayString() == "Instrumentation"));

    /// <summary>An operation or funnel attribute on the method itself.</summary>
    public bool HasOperationAttribute(IMethodSymbol method)
    {
        foreach (var data in method.GetAttributes())
        {
            for (var type = data.AttributeClass; type is not null; type = type.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(type, InstrumentedOperation))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
