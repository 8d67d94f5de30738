using Instrumentation.Generators.Common;

namespace Instrumentation.Generators.Operations;

/// <summary>
/// A call, in this compilation, of an annotated method declared in a referenced assembly: the operation and
/// funnel models read from the declaration's metadata (the same parser as for a declaration in source), the
/// declaring assembly (whose source and meter the call records into), and the call site. Plain data only.
/// </summary>
internal sealed record ReferencedCallModel(
    string DeclaringAssembly,
    OperationModel? Operation,
    Funnel.FunnelMethodModel? Funnel,
    CallSiteModel Site);

/// <summary>One call of a referenced operation: a model when it can be instrumented, else diagnostics at the call.</summary>
internal sealed record ReferencedCallResult(ReferencedCallModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>Tracking names of the cross-project steps (used by the incremental-caching tests).</summary>
internal static class ReferencedTrackingNames
{
    public const string ReferencedCalls = nameof(ReferencedCalls);
    public const string ReferencedCallModels = nameof(ReferencedCallModels);
    public const string AllReferencedCalls = nameof(AllReferencedCalls);
}
