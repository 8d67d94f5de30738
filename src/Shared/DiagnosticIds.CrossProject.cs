namespace Instrumentation.Diagnostics;

internal static partial class DiagnosticIds
{
    /// <summary>A call of an annotated method of a referenced assembly cannot be instrumented (its declaration has a shape or attribute problem).</summary>
    public const string ReferencedOperationNotInstrumented = "INS0030";

    /// <summary>A call of an annotated method of a referenced assembly cannot be instrumented: the method, or a member its telemetry reads, is not accessible here.</summary>
    public const string ReferencedOperationInaccessible = "INS0031";
}
