namespace Instrumentation.Observability;

/// <summary>One point of a <see cref="PanelSeries"/>.</summary>
public sealed class PanelPoint
{
    /// <summary>Creates a point.</summary>
    /// <param name="unixSeconds">The evaluation time, Unix seconds (fractions allowed).</param>
    /// <param name="value">The value, in the panel's unit.</param>
    public PanelPoint(double unixSeconds, double value)
    {
        UnixSeconds = unixSeconds;
        Value = value;
    }

    /// <summary>The evaluation time, Unix seconds.</summary>
    public double UnixSeconds { get; }

    /// <summary>The value, in the panel's unit.</summary>
    public double Value { get; }
}
