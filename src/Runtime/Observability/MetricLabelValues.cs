namespace Instrumentation.Observability;

/// <summary>What is known, at compile time, about the values of a metric label.</summary>
public enum MetricLabelValues
{
    /// <summary>Any value can occur (tenant ids such as <c>org</c> and <c>project</c>); none are listed.</summary>
    Unknown,

    /// <summary>
    /// The listed values are every value the generated code can write: enum members in snake case,
    /// <c>true</c>/<c>false</c>, bounded strings, plus the fallbacks <c>other</c> and <c>none</c>.
    /// </summary>
    Closed,

    /// <summary>
    /// The listed values are declared as expected (<c>FailureReasons</c> on an operation attribute); other
    /// values can still occur.
    /// </summary>
    Expected,
}
