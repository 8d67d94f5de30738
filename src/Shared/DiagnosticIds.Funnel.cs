namespace Instrumentation.Diagnostics;

internal static partial class DiagnosticIds
{
    /// <summary>A funnel-event path (entity, org, project, user or property) does not resolve.</summary>
    public const string UnresolvedFunnelPath = "INS0200";

    /// <summary>A once-per-entity event has no entity id.</summary>
    public const string OncePerEntityWithoutEntity = "INS0201";

    /// <summary>A funnel event name or property name is invalid.</summary>
    public const string InvalidFunnelName = "INS0202";

    /// <summary>A funnel event is declared on a method that cannot be intercepted.</summary>
    public const string UnsupportedFunnelMethod = "INS0203";

    /// <summary>A funnel-event value has a type an event cannot store.</summary>
    public const string UnsupportedFunnelValueType = "INS0204";

    /// <summary>A time-since property cannot be computed as declared.</summary>
    public const string InvalidFunnelTimeSince = "INS0205";

    /// <summary>A funnel duration property on a method without an operation attribute.</summary>
    public const string FunnelDurationWithoutOperation = "INS0206";

    /// <summary>A funnel event's entity, user, org or project id is read from classified data: stored redacted, every id alike.</summary>
    public const string ClassifiedFunnelId = "INS0207";
}
