namespace Instrumentation.Generators;

/// <summary>Names of the tracked pipeline steps (used by the incremental-caching tests).</summary>
internal static class TrackingNames
{
    public const string IngestOperations = nameof(IngestOperations);
    public const string BroadcastOperations = nameof(BroadcastOperations);
    public const string FlowOperations = nameof(FlowOperations);
    public const string FlowNodeOperations = nameof(FlowNodeOperations);
    public const string GenericOperations = nameof(GenericOperations);
    public const string AllOperations = nameof(AllOperations);
    public const string CallSites = nameof(CallSites);
    public const string AllCallSites = nameof(AllCallSites);
    public const string CallSiteNames = nameof(CallSiteNames);
    public const string BoundCallSites = nameof(BoundCallSites);
    public const string CalledOperations = nameof(CalledOperations);
    public const string Settings = nameof(Settings);
    public const string LogMethods = nameof(LogMethods);
    public const string FunnelEvents = nameof(FunnelEvents);
    public const string FunnelModels = nameof(FunnelModels);
    public const string AllFunnelEvents = nameof(AllFunnelEvents);
    public const string LogMethodModels = nameof(LogMethodModels);
    public const string AllLogMethods = nameof(AllLogMethods);
    public const string OperationCatalog = nameof(OperationCatalog);
    public const string FunnelCatalog = nameof(FunnelCatalog);
    public const string LogCatalog = nameof(LogCatalog);
}
