namespace Instrumentation.Diagnostics;

internal static partial class DiagnosticIds
{
    /// <summary>A [MetricLabel] parameter is high-cardinality by name or type.</summary>
    public const string HighCardinalityLabel = "INS1001";

    /// <summary>A hand-written System.Diagnostics.Metrics tag is high-cardinality by key or value.</summary>
    public const string HighCardinalityTag = "INS1002";

    /// <summary>Personal or secret data reaches a log, span attribute, label or log field unclassified.</summary>
    public const string UnclassifiedPersonalData = "INS1010";

    /// <summary>A value marked [PersonalData]/[SecretData] is written by a hand-written log, span or metric call without redaction.</summary>
    public const string ClassifiedDataUnredacted = "INS1011";

    /// <summary>A span name does not follow the lower-case dotted convention.</summary>
    public const string SpanNameConvention = "INS1020";

    /// <summary>A metric name does not follow the snake-case-with-unit convention.</summary>
    public const string MetricNameConvention = "INS1021";

    /// <summary>One metric name is created with different instrument types or units.</summary>
    public const string DuplicateMetricName = "INS1022";

    /// <summary>An instrumented method is used as a method group (delegate): those calls are not instrumented.</summary>
    public const string MethodGroupNotInstrumented = "INS1030";

    /// <summary>An instrumented method is called from a project where the interceptors are not enabled.</summary>
    public const string CallNotInstrumented = "INS1031";

    /// <summary>An instrumented method is called from code another source generator wrote (Razor, …), which the instrumentation generator cannot see.</summary>
    public const string CallInOtherGeneratedCode = "INS1032";

    /// <summary>A call in the user's code binds to an instrumented method only with code another source generator writes, so the instrumentation generator could not bind it.</summary>
    public const string CallNeedsOtherGeneratedCode = "INS1033";

    /// <summary>The SDK's interceptor replaces a call that the build binds to another method (one another source generator wrote): it would run the wrong method.</summary>
    public const string InterceptedCallBindsElsewhere = "INS1034";

    /// <summary>A parameter role ([SpanAttribute], [MetricLabel], [LogField], [Batch], …) on a method without an operation attribute: it records nothing.</summary>
    public const string ParameterRoleWithoutOperation = "INS1035";
}
