using Instrumentation.Diagnostics;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Operations;

/// <summary>Descriptors of the operation generator (INS0001–INS0099).</summary>
internal static class OperationDiagnostics
{
    public static readonly DiagnosticDescriptor InvalidSpanName = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.InvalidSpanName,
        "Invalid span name",
        "The span name '{0}' of '{1}' is not valid: use lower-case dotted segments such as 'ws.ingest.receive'",
        DiagnosticCategories.Usage,
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidMetricName = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.InvalidMetricName,
        "Invalid metric name",
        "The metric name '{0}' on '{1}' is not valid: {2}",
        DiagnosticCategories.Usage,
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InaccessibleOperation = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.InaccessibleOperation,
        "Instrumented method is not accessible to generated code",
        "'{0}' cannot be instrumented because it or a containing type is {1}: {2}",
        DiagnosticCategories.Usage,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor UnsupportedParameterRole = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.UnsupportedParameterRole,
        "Parameter cannot play this role",
        "Parameter '{0}' of '{1}' cannot be {2}: {3}",
        DiagnosticCategories.Usage,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor ConflictingMetricDefinition = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.ConflictingMetricDefinition,
        "Conflicting metric definitions",
        "The metric '{0}' is declared by '{1}' as {2} but by '{3}' as {4}: one name must have one instrument type, unit and label set; give this operation a name of its own with {5} = \"…\" on its attribute, or declare the same labels and unit",
        DiagnosticCategories.Usage,
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor MissingTenantContext = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.MissingTenantContext,
        "Operation has no tenant context",
        "'{0}' is a{1} operation but {2}: add a TenantContext parameter, implement ITenantScoped, or mark parameters with [OrgId] and [ProjectId]",
        DiagnosticCategories.Tenancy,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor StaticOperationOfTenantScopedType = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.StaticOperationOfTenantScopedType,
        "Static operation of an ITenantScoped type records no tenant",
        "'{0}' is static, so the tenant of its type '{1}' (ITenantScoped) is not recorded on its span, logs or labels: make it an instance method (CA1822 suggests static for a method that reads no instance data: suppress it here), or take a TenantContext parameter",
        DiagnosticCategories.Tenancy,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor UnsupportedMethodShape = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.UnsupportedMethodShape,
        "Method shape cannot be instrumented",
        "'{0}' cannot be instrumented: {1}",
        DiagnosticCategories.Usage,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor DuplicateParameterRole = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.DuplicateParameterRole,
        "Parameter role declared twice",
        "'{0}' marks more than one parameter as {1}: only '{2}' is used",
        DiagnosticCategories.Usage,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor DuplicateMetricLabel = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.DuplicateMetricLabel,
        "Duplicate metric label",
        "The label '{0}' appears twice on {1} of '{2}'",
        DiagnosticCategories.Usage,
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidFailureReasons = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.InvalidFailureReasons,
        "Invalid failure reasons",
        "FailureReasons of '{0}' {1}",
        DiagnosticCategories.Usage,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SpanAttributeNameTaken = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.SpanAttributeNameTaken,
        "Span attribute name already set on the span",
        "The span attribute '{0}' of '{1}' is also set by {2}: one value replaces the other on the span",
        DiagnosticCategories.Usage,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor[] All =
    {
        InvalidSpanName, InvalidMetricName, InaccessibleOperation, UnsupportedParameterRole,
        ConflictingMetricDefinition, MissingTenantContext, StaticOperationOfTenantScopedType, UnsupportedMethodShape, DuplicateParameterRole,
        DuplicateMetricLabel, InvalidFailureReasons, SpanAttributeNameTaken,
    };

    public static DiagnosticDescriptor Find(string id)
    {
        if (id == Common.InternalDiagnostics.InternalError.Id)
        {
            return Common.InternalDiagnostics.InternalError;
        }

        if (id == Logging.LogMethodDiagnostics.UnreadableClassification.Id)
        {
            return Logging.LogMethodDiagnostics.UnreadableClassification;
        }

        foreach (var descriptor in RobustnessDiagnostics.All)
        {
            if (descriptor.Id == id)
            {
                return descriptor;
            }
        }

        foreach (var descriptor in All)
        {
            if (descriptor.Id == id)
            {
                return descriptor;
            }
        }

        throw new System.ArgumentException("Unknown diagnostic id " + id, nameof(id));
    }
}
