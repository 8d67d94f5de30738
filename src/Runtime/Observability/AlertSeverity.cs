namespace Instrumentation.Observability;

/// <summary>The <c>severity</c> label of an alert, which Alertmanager routes on.</summary>
public enum AlertSeverity
{
    /// <summary><c>warning</c>: look at it during working hours.</summary>
    Warning,

    /// <summary><c>page</c>: wake someone up.</summary>
    Page,

    /// <summary><c>critical</c>: data is being lost or the service is down; page immediately.</summary>
    Critical,
}
