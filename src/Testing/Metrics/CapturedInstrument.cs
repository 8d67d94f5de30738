using System.Collections.Generic;
using System.Linq;
using Instrumentation.Testing.Internal;

namespace Instrumentation.Testing;

/// <summary>
/// The measurements of one instrument recorded in the scope of a <see cref="TelemetryCapture"/>, with sums and
/// counts filtered by tags: <c>capture.Counter("ingest_messages_total").Sum(("org", "a"))</c>.
/// </summary>
public sealed class CapturedInstrument
{
    internal CapturedInstrument(string name, IReadOnlyList<CapturedMeasurement> measurements)
    {
        Name = name;
        Measurements = measurements;
    }

    /// <summary>The instrument name.</summary>
    public string Name { get; }

    /// <summary>The instrument kind (from its first measurement).</summary>
    public CapturedInstrumentKind Kind => Measurements.Count == 0 ? CapturedInstrumentKind.Other : Measurements[0].Kind;

    /// <summary>The measurements in the order they were recorded.</summary>
    public IReadOnlyList<CapturedMeasurement> Measurements { get; }

    /// <summary>The sum of the values of the measurements carrying all <paramref name="tags"/> (all of them when none are given).</summary>
    /// <param name="tags">Pairs such as <c>("org", "a")</c>.</param>
    /// <exception cref="TelemetryAssertionException">A tag key that no measurement of the instrument carries (misspelled).</exception>
    public double Sum(params (string Key, object? Value)[] tags) => Where(tags).Sum(m => m.Value);

    /// <summary>How many measurements carry all <paramref name="tags"/> (for a histogram: how many values were recorded).</summary>
    /// <param name="tags">Pairs such as <c>("org", "a")</c>.</param>
    /// <exception cref="TelemetryAssertionException">A tag key that no measurement of the instrument carries (misspelled).</exception>
    public int Count(params (string Key, object? Value)[] tags) => Where(tags).Count();

    /// <summary>The values of the measurements carrying all <paramref name="tags"/>, in recording order.</summary>
    /// <param name="tags">Pairs such as <c>("org", "a")</c>.</param>
    /// <exception cref="TelemetryAssertionException">A tag key that no measurement of the instrument carries (misspelled).</exception>
    public IReadOnlyList<double> Values(params (string Key, object? Value)[] tags) => Where(tags).Select(m => m.Value).ToList();

    /// <summary>The single measurement carrying all <paramref name="tags"/>.</summary>
    /// <param name="tags">Pairs such as <c>("org", "a")</c>.</param>
    /// <exception cref="TelemetryAssertionException">None or several match; the message lists the measurements.</exception>
    public CapturedMeasurement Single(params (string Key, object? Value)[] tags)
    {
        var matching = Where(tags).ToList();
        if (matching.Count == 1)
        {
            return matching[0];
        }

        throw new TelemetryAssertionException(
            $"Expected exactly one measurement of '{Name}' with tags {TagValues.Format(tags)} but found {matching.Count}. Measurements: {Describe()}.");
    }

    /// <summary>Every measurement, for failure messages.</summary>
    public override string ToString() => $"{Name}: {Describe()}";

    private IEnumerable<CapturedMeasurement> Where((string Key, object? Value)[] tags)
    {
        if (tags is null || tags.Length == 0)
        {
            return Measurements;
        }

        // A key no measurement carries is a misspelled one: Sum(("chanel", …)) == 0 would pass whatever the code did.
        foreach (var (key, _) in tags)
        {
            if (Measurements.Count > 0 && !Measurements.Any(m => m.Tags.ContainsKey(key)))
            {
                var seen = Measurements.SelectMany(m => m.Tags.Keys).Distinct().OrderBy(k => k, System.StringComparer.Ordinal);
                throw new TelemetryAssertionException(
                    $"No measurement of '{Name}' has the tag '{key}' (misspelled?). Tags seen: {string.Join(", ", seen)}. Measurements: {Describe()}.");
            }
        }

        return Measurements.Where(m => m.HasTags(tags));
    }

    private string Describe() => Measurements.Count == 0
        ? "none"
        : string.Join("; ", Measurements.Select(m => TagValues.Text(m.Value) + " " + TagValues.Format(m.Tags)));
}
