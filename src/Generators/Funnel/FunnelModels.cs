using Instrumentation.Generators.Common;
using Instrumentation.Generators.Operations;

namespace Instrumentation.Generators.Funnel;

/// <summary>How a funnel value is stored (the runtime's <c>FunnelValue</c> factory it goes through).</summary>
internal enum FunnelValueType
{
    Text,
    Int64,
    UInt64,
    Double,
    Decimal,
    Bool,
    Guid,
    Enum,
    DateTime,
    DateTimeOffset,
    TimeSpan,

    /// <summary>Not storable: a diagnostic (INS0204) is reported instead.</summary>
    Unsupported,
}

/// <summary>
/// A compile-time-checked path to a value: a parameter (by ordinal) or the return value, then members.
/// <see cref="ConditionalSteps"/> says, per member, whether its receiver may be null (so <c>?.</c> is used).
/// </summary>
internal sealed record PathModel(
    string Text,
    bool FromReturn,
    int ParameterOrdinal,
    EquatableArray<string> Members,
    EquatableArray<bool> ConditionalSteps,
    bool RootMayBeNull,
    FunnelValueType ValueType,
    string TypeName,
    bool FinalIsNullableValue,
    int Classification = 0,
    Logging.DataClassificationModel? Foreign = null);

/// <summary>One named property of an event.</summary>
internal sealed record FunnelPropertyModel(string Name, PathModel Path);

/// <summary>One <c>[FunnelEvent]</c> of a method.</summary>
internal sealed record FunnelEventModel(
    string EventName,
    bool OncePerEntity,
    PathModel? Entity,
    PathModel? Org,
    PathModel? Project,
    PathModel? User,
    EquatableArray<FunnelPropertyModel> Properties,
    string? SinceProperty,
    string? SinceEvent,
    PathModel? SinceTimestamp = null,
    string? DurationProperty = null);

/// <summary>The funnel events of one method (keyed like operations, by the method's documentation id).</summary>
internal sealed record FunnelMethodModel(
    string Key,
    EquatableArray<FunnelEventModel> Events,
    ReturnShape ReturnShape);

/// <summary>The result of parsing one method's funnel events: the model emission uses, and diagnostics.</summary>
internal sealed record FunnelParseResult(FunnelMethodModel Model, EquatableArray<DiagnosticInfo> Diagnostics);
