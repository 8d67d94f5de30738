using Instrumentation.Diagnostics;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Funnel;

/// <summary>Descriptors of the funnel-event part of the generator (INS0200–INS0299).</summary>
internal static class FunnelDiagnostics
{
    public static readonly DiagnosticDescriptor UnresolvedPath = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.UnresolvedFunnelPath,
        "Funnel-event value cannot be resolved",
        "'{0}' in funnel event '{1}' of '{2}' cannot be resolved: {3}",
        DiagnosticCategories.Funnel,
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor OncePerEntityWithoutEntity = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.OncePerEntityWithoutEntity,
        "Once-per-entity event without an entity",
        "Funnel event '{0}' of '{1}' is OncePerEntity but has no EntityId",
        DiagnosticCategories.Funnel,
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidName = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.InvalidFunnelName,
        "Invalid funnel event or property name",
        "'{0}' is not a valid funnel {1} name on '{2}': {3}",
        DiagnosticCategories.Funnel,
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnsupportedMethod = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.UnsupportedFunnelMethod,
        "Funnel event on a method that cannot be intercepted",
        "'{0}' cannot emit funnel events: {1}",
        DiagnosticCategories.Funnel,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor UnsupportedValueType = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.UnsupportedFunnelValueType,
        "Funnel-event value of an unsupported type",
        "'{0}' in funnel event '{1}' of '{2}' is a '{3}', which a funnel event cannot store: use string, a number, bool, Guid, an enum, DateTime, DateTimeOffset or TimeSpan (or a member of one of those types)",
        DiagnosticCategories.Funnel,
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidTimeSince = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.InvalidFunnelTimeSince,
        "Time-since property cannot be computed",
        "The time-since property of funnel event '{0}' of '{1}' cannot be computed: {2}",
        DiagnosticCategories.Funnel,
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor DurationWithoutOperation = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.FunnelDurationWithoutOperation,
        "Funnel duration property without an operation",
        "Funnel event '{0}' of '{1}' takes the operation's duration (DurationProperty) but '{1}' has no operation attribute ([Ingest], [Broadcast], [Flow], [FlowNode] or [Operation]) that measures it",
        DiagnosticCategories.Funnel,
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor ClassifiedId = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.ClassifiedFunnelId,
        "Funnel id read from classified data",
        "{2} of funnel event '{0}' of '{1}' reads classified data, so it is stored redacted: with the default EraseRedactor every {2} is the same '[REDACTED]'{3}; read an id that is not personal data (a surrogate key), or configure a redactor that keeps values apart (HmacRedactor)",
        DiagnosticCategories.Funnel,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor[] All = { UnresolvedPath, OncePerEntityWithoutEntity, InvalidName, UnsupportedMethod, UnsupportedValueType, InvalidTimeSince, DurationWithoutOperation, ClassifiedId };

    public static DiagnosticDescriptor Find(string id)
    {
        if (id == Common.InternalDiagnostics.InternalError.Id)
        {
            return Common.InternalDiagnostics.InternalError;
        }

        foreach (var descriptor in All)
        {
            if (descriptor.Id == id)
            {
                return descriptor;
            }
        }

        // A method with only funnel events gets the reach diagnostics of an operation (INS0013, INS0016–INS0018, INS0021):
        // they fell through to INS0200, a bogus error with an unformatted message that broke the build.
        foreach (var descriptor in Operations.RobustnessDiagnostics.All)
        {
            if (descriptor.Id == id)
            {
                return descriptor;
            }
        }

        throw new System.ArgumentException("Unknown diagnostic id " + id, nameof(id));
    }
}
