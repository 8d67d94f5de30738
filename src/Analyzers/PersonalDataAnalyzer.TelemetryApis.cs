using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Instrumentation.Analyzers;

/// <summary>
/// The hand-written sinks of the telemetry APIs beyond logs, span tags and metric tags: every text they take is exported
/// or sent as it is. A stranger's leak hunt wrote a classified value through each of these with no diagnostic: a span
/// event's name, a tag's key (span or metric), a logger's category, a log event's name, OpenTelemetry's
/// <c>Baggage.Create</c>, a parent context's trace state, OpenTelemetry's <c>TelemetrySpan</c> shim and its
/// <c>Status.WithDescription</c>, <c>ActivityTagsCollection.Add</c> (link and event tags), an <c>ActivitySource</c>'s or
/// <c>Meter</c>'s own tags, a resource attribute, a health check's description and data, a
/// <c>LoggerMessage.DefineScope</c> delegate, and an exception's base-constructor message.
/// </summary>
public sealed partial class PersonalDataAnalyzer
{
    private static void AnalyzeTelemetryApiInvocation(OperationAnalysisContext context, KnownSymbols symbols, ReportedSites reported, IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        if (method.MethodKind == MethodKind.Constructor && IsException(type))
        {
            // ': base($"order failed: {order}")' — the message of every exception of that type.
            foreach (var argument in invocation.Arguments.Where(a => a.Parameter?.Type.SpecialType == SpecialType.System_String))
            {
                ReportMessageParts(context, symbols, reported, argument.Value);
            }

            return;
        }

        if (method.Name == "CreateLogger" && InNamespace(type, "Microsoft", "Extensions", "Logging") && invocation.Argument("categoryName") is { } category)
        {
            // The category is every line's logger name, on the console and as OTLP's scope name.
            CheckValue(context, symbols, reported, category.Value, "a logger category", null);
        }
        else if (IsDefinedScopeDelegate(method, symbols))
        {
            for (var i = 1; i < invocation.Arguments.Length; i++)
            {
                CheckValue(context, symbols, reported, invocation.Arguments[i].Value, "a log scope", null);
            }
        }
        else if (type is { Name: "Baggage" } && InNamespace(type, "OpenTelemetry") && method.Name is "Create" or "SetBaggage"
            && invocation.Arguments.Length >= 1 && invocation.Arguments[0].Parameter?.Type.SpecialType != SpecialType.System_String)
        {
            CheckTags(context, symbols, reported, invocation.Arguments[0].Value, "baggage");
        }
        else if (type is { Name: "TelemetrySpan" } && InNamespace(type, "OpenTelemetry", "Trace"))
        {
            AnalyzeTelemetrySpan(context, symbols, reported, invocation);
        }
        else if (type is { Name: "Status" } && InNamespace(type, "OpenTelemetry", "Trace") && method.Name == "WithDescription" && invocation.Arguments.Length == 1)
        {
            CheckValue(context, symbols, reported, invocation.Arguments[0].Value, "a span status", null);
        }
        else if (type is { Name: "ActivityTagsCollection" } && InNamespace(type, "System", "Diagnostics") && method.Name == "Add" && invocation.Arguments.Length == 2)
        {
            CheckTag(context, symbols, reported, invocation.Arguments[0].Value, invocation.Arguments[1].Value, "a span attribute");
        }
        else if (method.Name == "AddAttributes" && type is { Name: "ResourceBuilderExtensions" } && InNamespace(type, "OpenTelemetry", "Resources") && invocation.Argument("attributes") is { } attributes)
        {
            CheckTags(context, symbols, reported, attributes.Value, "a resource attribute (on every export)");
        }
        else if (IsHealthCheckResult(type) && method.Name is "Healthy" or "Degraded" or "Unhealthy")
        {
            CheckHealthCheckResult(context, symbols, reported, invocation.Arguments);
        }
    }

    private static void AnalyzeTelemetrySpan(OperationAnalysisContext context, KnownSymbols symbols, ReportedSites reported, IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (method.Name == "SetAttribute" && invocation.Arguments.Length == 2)
        {
            CheckTag(context, symbols, reported, invocation.Arguments[0].Value, invocation.Arguments[1].Value, "a span attribute");
        }
        else if (method.Name == "AddEvent" && invocation.Argument("name") is { } name)
        {
            CheckValue(context, symbols, reported, name.Value, "a span event", null);
        }
        else if (method.Name == "UpdateName" && invocation.Argument("name") is { } spanName)
        {
            CheckValue(context, symbols, reported, spanName.Value, "a span name", null);
        }
    }

    private static void AnalyzeTelemetryApiCreation(OperationAnalysisContext context, KnownSymbols symbols, ReportedSites reported, IObjectCreationOperation creation)
    {
        var type = creation.Type as INamedTypeSymbol;
        if (type is null)
        {
            return;
        }

        if (InNamespace(type, "System", "Diagnostics") && type.Name == "ActivityEvent" && creation.Argument("name") is { } eventName)
        {
            CheckValue(context, symbols, reported, eventName.Value, "a span event", null);
        }
        else if (InNamespace(type, "System", "Diagnostics") && type.Name == "ActivityContext" && creation.Argument("traceState") is { } traceState)
        {
            // Sent in every outgoing request's 'tracestate' header of the spans it parents, and exported with them.
            CheckValue(context, symbols, reported, traceState.Value, "the trace state", null);
        }
        else if (((InNamespace(type, "System", "Diagnostics") && type.Name == "ActivitySource") || (InNamespace(type, "System", "Diagnostics", "Metrics") && type.Name == "Meter"))
            && creation.Argument("tags") is { } scopeTags)
        {
            CheckTags(context, symbols, reported, scopeTags.Value, "a telemetry scope attribute (on every export)");
        }
        else if (InNamespace(type, "Microsoft", "Extensions", "Logging") && type.Name == "EventId" && creation.Argument("name") is { } logEventName)
        {
            CheckValue(context, symbols, reported, logEventName.Value, "a log event name", null);
        }
        else if (IsHealthCheckResult(type))
        {
            CheckHealthCheckResult(context, symbols, reported, creation.Arguments);
        }
    }

    /// <summary>A health check's description and data: logged by the health check service and written by report writers.</summary>
    private static void CheckHealthCheckResult(OperationAnalysisContext context, KnownSymbols symbols, ReportedSites reported, System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter?.Name == "description")
            {
                CheckValue(context, symbols, reported, argument.Value, "a health check report", null);
            }
            else if (argument.Parameter?.Name == "data")
            {
                CheckTags(context, symbols, reported, argument.Value, "a health check report");
            }
        }
    }

    private static bool IsHealthCheckResult(ITypeSymbol? type) =>
        type is { Name: "HealthCheckResult" } && InNamespace(type, "Microsoft", "Extensions", "Diagnostics", "HealthChecks");

    /// <summary>
    /// The invocation of a delegate of the shape <c>LoggerMessage.DefineScope</c> returns:
    /// <c>Func&lt;ILogger, T1, …, IDisposable?&gt;</c> with at least one value.
    /// </summary>
    private static bool IsDefinedScopeDelegate(IMethodSymbol method, KnownSymbols symbols) =>
        method.MethodKind == MethodKind.DelegateInvoke
        && method.Parameters.Length >= 2
        && method.ContainingType is { Name: "Func" } func && InNamespace(func, "System")
        && OperationHelpers.Is(method.Parameters[0].Type, symbols.Logger)
        && method.ReturnType is { Name: "IDisposable" } returned && InNamespace(returned, "System");

    /// <summary>True when <paramref name="type"/> is declared in exactly the namespace <paramref name="parts"/> (outermost first).</summary>
    private static bool InNamespace(ITypeSymbol? type, params string[] parts)
    {
        var ns = type?.ContainingNamespace;
        for (var i = parts.Length - 1; i >= 0; i--)
        {
            if (ns is null || ns.Name != parts[i])
            {
                return false;
            }

            ns = ns.ContainingNamespace;
        }

        return ns is { IsGlobalNamespace: true };
    }
}
