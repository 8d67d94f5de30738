using Instrumentation.Generators.Common;

namespace Instrumentation.Generators.Operations;

/// <summary>
/// The initializers that make generated code share its telemetry objects through the runtime's
/// <c>Instrumentation.Operations.SharedTelemetry</c>: one <c>ActivitySource</c> and <c>Meter</c> per name
/// and one instrument per (meter, name, kind, unit), whichever assembly asks first. The declaring
/// assembly's own code and every referencing assembly that intercepts its operations (see
/// <see cref="ReferencedOperationEmitter"/>) therefore record into the same series.
/// </summary>
internal static class SharedTelemetryEmitter
{
    private const string Shared = "global::Instrumentation.Operations.SharedTelemetry";

    /// <summary>The initializer of a <c>Source</c> field; <paramref name="nameExpression"/> is a string expression.</summary>
    public static string Source(string nameExpression) => Shared + ".Source(" + nameExpression + ")";

    /// <summary>The initializer of a <c>Meter</c> field.</summary>
    public static string Meter(string nameExpression) => Shared + ".Meter(" + nameExpression + ")";

    /// <summary>The initializer of an instrument field, created on the meter named by <paramref name="meterNameExpression"/>.</summary>
    public static string Instrument(InstrumentModel instrument, string meterNameExpression)
    {
        var factory = instrument.Role switch
        {
            InstrumentRole.Duration => "Histogram<double>",
            InstrumentRole.BatchSize => "Histogram<long>",
            InstrumentRole.Active => "UpDownCounter<long>",
            InstrumentRole.QueueSize => "Gauge<long>",
            _ => "Counter<long>",
        };
        return Shared + "." + factory + "(" + meterNameExpression + ", " + CSharpLiteral.String(instrument.Name) + ", "
            + CSharpLiteral.String(instrument.Unit) + ", " + CSharpLiteral.String(instrument.Description) + ")";
    }
}
