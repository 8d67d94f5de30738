namespace Instrumentation.Benchmarks.Operations;

/// <summary>The low-cardinality metric label of every benchmark workload.</summary>
public enum SensorKind
{
    Temperature,
    Humidity,
}
