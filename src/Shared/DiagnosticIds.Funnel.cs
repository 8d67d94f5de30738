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
}
