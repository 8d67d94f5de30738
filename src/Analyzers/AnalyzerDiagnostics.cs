using Instrumentation.Diagnostics;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Analyzers;

/// <summary>The one catalog of analyzer descriptors (INS1000–INS1099, and INS0036 for the analyzers' own failures).</summary>
internal static class AnalyzerDiagnostics
{
    public static readonly DiagnosticDescriptor HighCardinalityLabel = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.HighCardinalityLabel,
        "High-cardinality metric label",
        "Metric label '{0}' is high-cardinality: {1}; make it a span attribute",
        DiagnosticCategories.Cardinality,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor HighCardinalityTag = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.HighCardinalityTag,
        "High-cardinality metric tag",
        "Metric tag '{0}' is high-cardinality: {1}; remove it from the measurement (put it on the span instead)",
        DiagnosticCategories.Cardinality,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor UnclassifiedPersonalData = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.UnclassifiedPersonalData,
        "Unclassified personal or secret data",
        "'{0}' looks like {1} and reaches {2} without a classification: {3}",
        DiagnosticCategories.Privacy,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor ClassifiedDataUnredacted = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.ClassifiedDataUnredacted,
        "Classified data written unredacted",
        "'{0}' is marked [{1}] but {2} passes it as it is: a classified value on its own, a span tag or a metric tag leaves in clear, and an object's classified members are redacted only by the SDK's JSON console and OpenTelemetry log processor; wrap it in Redactors.Redact",
        DiagnosticCategories.Privacy,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor LoggerMessageClassifiedParameter = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.LoggerMessageClassifiedParameter,
        "Classified parameter of a [LoggerMessage] method is logged as it is",
        "'{0}' is marked [{1}] but the runtime's [LoggerMessage] generator writes it as it is on every sink; write the method as [LogMethod] (same template and EventId), which redacts it",
        DiagnosticCategories.Privacy,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SpanNameConvention = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.SpanNameConvention,
        "Span name convention",
        "Span name '{0}' should be lower-case dotted segments such as 'ws.ingest.receive'{1}",
        DiagnosticCategories.Naming,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor MetricNameConvention = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.MetricNameConvention,
        "Metric name convention",
        "Metric name '{0}' should be lower snake case {1}{2}",
        DiagnosticCategories.Naming,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor DuplicateMetricName = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.DuplicateMetricName,
        "Metric name declared twice differently",
        "Metric '{0}' is created as {1} here but as {2} by {3}: one name must have one instrument type, unit and label set",
        DiagnosticCategories.Naming,
        DiagnosticSeverity.Warning,
        description: null,
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor MethodGroupNotInstrumented = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.MethodGroupNotInstrumented,
        "Instrumented method used as a method group",
        "'{0}' is instrumented, but calls through this delegate are not: {1}",
        DiagnosticCategories.Usage,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor ParameterRoleWithoutOperation = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.ParameterRoleWithoutOperation,
        "Parameter attribute on a method without an operation attribute",
        "[{0}] on parameter '{1}' records nothing: '{2}' has no operation attribute ([Operation], [Ingest], [Broadcast], [Flow] or [FlowNode]), so its calls get no span, metric or log field; annotate '{2}', or move the attribute to the parameter of the annotated method that receives this value",
        DiagnosticCategories.Usage,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor CallInOtherGeneratedCode = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.CallInOtherGeneratedCode,
        "Call in code another source generator wrote is not instrumented",
        "{0} in code another source generator wrote (a Razor component, a sync method generated from an async one, …), which the instrumentation generator cannot see: {1}. To record it, call it from, or annotate, a method of your own.",
        DiagnosticCategories.Usage,
        DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor CallNeedsOtherGeneratedCode = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.CallNeedsOtherGeneratedCode,
        "Call that binds only with another source generator's code is not instrumented",
        "{0} only with code another source generator writes ({1}), which the instrumentation generator cannot see: {2}",
        DiagnosticCategories.Usage,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor InterceptedCallBindsElsewhere = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.InterceptedCallBindsElsewhere,
        "Intercepted call binds to another method",
        "The SDK intercepts this call as a call of an instrumented method, but the build binds it to '{0}', which another source generator wrote: the interceptor runs the instrumented method instead. Rename the instrumented method, or call '{0}' through its class name.",
        DiagnosticCategories.Usage,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor CallNotInstrumented = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.CallNotInstrumented,
        "Call of an instrumented method is not intercepted",
        "'{0}' is instrumented, but this project does not enable the generated interceptors (InterceptorsNamespaces lacks Instrumentation.Generated), so this call records nothing",
        DiagnosticCategories.Usage,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor InternalAnalyzerError = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.InternalAnalyzerError,
        "Internal error in an instrumentation analyzer",
        "The instrumentation analyzer {0} failed on {1} ({2}: {3}), so it was not checked there; everything else was. This is a bug: please report it with this message and the code.",
        DiagnosticCategories.Usage,
        DiagnosticSeverity.Warning,
        "An analyzer threw while analysing one declaration or expression. Only that one is left unchecked; the failure is reported here instead of stopping the analyzer for the whole compilation (AD0001).");

    public static readonly DiagnosticDescriptor[] All =
    {
        HighCardinalityLabel, HighCardinalityTag, UnclassifiedPersonalData, ClassifiedDataUnredacted, LoggerMessageClassifiedParameter, SpanNameConvention, MetricNameConvention,
        DuplicateMetricName, MethodGroupNotInstrumented, CallNotInstrumented, CallInOtherGeneratedCode, CallNeedsOtherGeneratedCode, InterceptedCallBindsElsewhere, ParameterRoleWithoutOperation, InternalAnalyzerError,
    };
}
