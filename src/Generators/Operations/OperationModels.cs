using Instrumentation.Generators.Common;

namespace Instrumentation.Generators.Operations;

/// <summary>The operation kinds (mirrors <c>Instrumentation.OperationKind</c>).</summary>
internal enum OperationKindModel
{
    Ingest,
    Broadcast,
    Flow,
    FlowNode,
    Operation,
}

/// <summary>How the annotated method returns.</summary>
internal enum ReturnShape
{
    Void,
    Value,
    Task,
    TaskOfT,
    ValueTask,
    ValueTaskOfT,
}

/// <summary>Where a parameter's value goes, besides the call itself.</summary>
internal enum TenantRole
{
    None,
    Context,
    NullableContext,
    Scoped,
    OrgId,
    ProjectId,
    DeviceUuid,
}

/// <summary>How a value is turned into a tag or label without boxing.</summary>
internal enum ValueKind
{
    String,
    Bool,
    Enum,
    Integer,
    Floating,
    Guid,
    Other,
}

/// <summary>How a latency-start parameter is read.</summary>
internal enum LatencyStartKind
{
    None,
    StopwatchTimestamp,
    DateTimeOffset,
    DateTime,
}

/// <summary>The instruments an operation can have.</summary>
internal enum InstrumentRole
{
    Duration,
    Calls,
    Failures,
    Messages,
    BatchSize,
    Active,
    QueueSize,
}

/// <summary>A typed value read from a parameter (kind, nullability, enum members for names).</summary>
internal sealed record ValueModel(
    ValueKind Kind,
    bool IsNullableValueType,
    bool IsReferenceType,
    string TypeName,
    EquatableArray<string> EnumMembers,
    EquatableArray<string> EnumCases = default);

/// <summary>A metric label fed by a parameter.</summary>
internal sealed record ParameterLabelModel(
    string LabelName,
    int Targets,
    ValueModel Value,
    EquatableArray<string> BoundedValues);

/// <summary>One parameter of the annotated method and the roles its value plays.</summary>
/// <remarks>
/// <c>HoldsSecretElements</c>: an unclassified tuple with a secret-named element (<c>(string User, string Password)</c>),
/// written <c>[REDACTED]</c> whole on every sink (<see cref="Common.SecretTupleElements"/>).
/// <c>RememberedOnFailure</c>: a classified value, or an object with classified members, whose text a failed call keeps
/// with its exception so that a message quoting it is redacted (<see cref="RememberedArguments"/>);
/// <c>RememberedMembersOnly</c>: not classified itself, so only its value's classified members are kept.
/// <c>BatchCountVia</c>: the interface a class's explicitly implemented <c>Count</c> is read through, or null.
/// </remarks>
internal sealed record ParameterModel(
    string Name,
    int Ordinal,
    string TypeName,
    bool IsOut,
    TenantRole Tenant,
    string? SpanAttributeName,
    ParameterLabelModel? Label,
    string? LogFieldName,
    string? BatchCountMember,
    bool BatchIsReferenceType,
    bool IsQueueSize,
    LatencyStartKind LatencyStart,
    ValueModel Value,
    int Classification = 0,
    Logging.DataClassificationModel? Foreign = null,
    bool IsNonSensitive = false,
    bool HoldsSecretElements = false,
    int FormatterIndex = -1,
    bool RememberedOnFailure = false,
    string? BatchCountVia = null,
    bool RememberedMembersOnly = false);

/// <summary>
/// What is known at compile time about a label's values (mirrors <c>Instrumentation.Observability.MetricLabelValues</c>).
/// </summary>
internal enum LabelValueKind
{
    /// <summary>Any value (tenant ids): nothing can be listed.</summary>
    Unknown,

    /// <summary>The listed values are every value the generated code can write (enum texts, bools, bounded strings).</summary>
    Closed,

    /// <summary>The listed values are declared as expected (failure reasons); others can still occur.</summary>
    Expected,
}

/// <summary>A label of an instrument and its values as far as the compilation knows them.</summary>
internal sealed record LabelValuesModel(string Name, LabelValueKind Kind, EquatableArray<string> Values);

/// <summary>
/// One instrument of an operation: a resolved name, the labels it carries and, in the same order, what
/// is known of each label's values (for the metric catalog).
/// </summary>
internal sealed record InstrumentModel(
    InstrumentRole Role,
    string Name,
    string Unit,
    string Description,
    EquatableArray<string> LabelNames,
    EquatableArray<LabelValuesModel> LabelValues = default);

/// <summary>
/// Everything needed to emit an annotated method's telemetry, as plain data (no symbols or syntax).
/// </summary>
internal sealed record OperationModel(
    string Key,
    string MethodDisplay,
    OperationKindModel Kind,
    string SpanName,
    EquatableArray<InstrumentModel> Instruments,
    EquatableArray<ParameterModel> Parameters,
    int OrgLabelTargets,
    int ProjectLabelTargets,
    string? FailureReasonLabel,
    bool ContainingTypeIsTenantScoped,
    bool SkipUnsampledRoot,
    bool LogStart,
    bool LogCompletion,
    ReturnShape ReturnShape,
    string? ResultTypeName,
    bool IsObsolete = false,
    bool RequiresPreview = false,
    SpanKindModel SpanKind = SpanKindModel.Internal,
    EquatableArray<Logging.FormatterModel> Formatters = default);

/// <summary>The span's kind, <c>[Operation(Kind = …)]</c>: the members of <c>System.Diagnostics.ActivityKind</c>, same values.</summary>
internal enum SpanKindModel
{
    Internal = 0,
    Server = 1,
    Client = 2,
    Producer = 3,
    Consumer = 4,
}

/// <summary>
/// The result of parsing one annotated method: a model when it can be instrumented, diagnostics, and
/// the attribute's location for diagnostics that compare operations (only the diagnostics pipeline
/// reads it; emission sees the model alone).
/// </summary>
internal sealed record OperationParseResult(OperationModel? Model, EquatableArray<DiagnosticInfo> Diagnostics, Microsoft.CodeAnalysis.Location? AttributeLocation = null);
