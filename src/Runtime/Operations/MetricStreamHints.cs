using System.Collections.Concurrent;

namespace Instrumentation.Operations;

/// <summary>
/// The instruments a plain operation creates and records without labels, noted before they are created: an
/// OpenTelemetry view (<c>MetricStreamSizes</c>) then sizes their streams to one series even when their assembly was
/// loaded after the meter provider started and its metric catalog is not described yet (a library whose first call
/// comes after start creates all its plain operations' instruments at once: with OpenTelemetry's default of 2,000
/// preallocated series, about 180 KB each).
/// </summary>
/// <remarks>
/// Instruments are shared by meter and name (<see cref="SharedTelemetry"/>), and a meter is one assembly's: no operation
/// with labels records into a plain operation's instrument, because the generator rejects one name declared with two
/// label sets in a compilation (INS0005), and another assembly's calls of an operation use that operation's own shape.
/// </remarks>
internal static class MetricStreamHints
{
    private static readonly ConcurrentDictionary<(string Meter, string Name), bool> WithoutLabels = new();

    /// <summary>Notes that the named instruments of <paramref name="meterName"/> are recorded without labels.</summary>
    public static void NoteWithoutLabels(string meterName, string? first, string? second, string? third)
    {
        Note(meterName, first);
        Note(meterName, second);
        Note(meterName, third);
    }

    /// <summary>Whether the instrument was noted as recorded without labels.</summary>
    public static bool IsWithoutLabels(string meterName, string name) => WithoutLabels.ContainsKey((meterName, name));

    private static void Note(string meterName, string? name)
    {
        if (name is not null)
        {
            WithoutLabels.TryAdd((meterName, name), true);
        }
    }
}
