using System;
using System.Globalization;

namespace Instrumentation.Funnel;

/// <summary>
/// Up to <see cref="Capacity"/> event properties stored inline in a struct, so enqueuing an event
/// allocates nothing. Each value is a <see cref="FunnelValue"/>; the writer serializes them to JSON on
/// its background thread.
/// </summary>
public struct FunnelProperties
{
    /// <summary>How many properties an event can carry.</summary>
    public const int Capacity = 8;

    private Slot _p0, _p1, _p2, _p3, _p4, _p5, _p6, _p7;

    /// <summary>How many properties were added.</summary>
    public int Count { get; private set; }

    /// <summary>Adds a property.</summary>
    /// <exception cref="InvalidOperationException">The event already carries <see cref="Capacity"/> properties.</exception>
    public void Add(string name, FunnelValue value) => Set(new Slot(name, value));

    /// <summary>Adds a text property (null is written as JSON null).</summary>
    public void Add(string name, string? value) => Add(name, FunnelValue.Text(value));

    /// <summary>Adds a floating-point property.</summary>
    public void Add(string name, double value) => Add(name, FunnelValue.Double(value));

    /// <summary>Adds an integer property (kept exact: never converted to a double).</summary>
    public void Add(string name, long value) => Add(name, FunnelValue.Int64(value));

    /// <summary>Adds a boolean property.</summary>
    public void Add(string name, bool value) => Add(name, FunnelValue.Bool(value));

    /// <summary>The name of property <paramref name="index"/>.</summary>
    public readonly string NameAt(int index) => Get(index).Name;

    /// <summary>The value of property <paramref name="index"/>.</summary>
    public readonly FunnelValue ValueAt(int index) => Get(index).Value;

    /// <summary>
    /// The value of property <paramref name="index"/> as it may leave the process, by the rules of every other sink
    /// (<see cref="Redaction.TelemetryValues.Text"/>): text under a secret name (<c>api_key</c>, <c>client_secret</c>…)
    /// becomes <c>[REDACTED]</c>, other text is scrubbed of e-mail addresses, card numbers, SSNs, bearer tokens and
    /// <c>password=</c>-style secrets; a number, Guid, date or duration under a secret name becomes <c>[REDACTED]</c>;
    /// enums, booleans and other values are kept. Classified values arrive redacted already.
    /// </summary>
    /// <remarks>
    /// Called where events leave the process — the funnel writer's serializer (store rows, spill and dead-letter files,
    /// exported log records) and the test kit — never by <see cref="Add(string, FunnelValue)"/>, so emitting an event
    /// stays allocation-free. Allocates only when something is replaced.
    /// </remarks>
    /// <param name="index">The property index (0 to <see cref="Count"/> - 1).</param>
    public readonly FunnelValue SafeValueAt(int index)
    {
        var slot = Get(index);
        return FunnelRedaction.Safe(slot.Name, slot.Value);
    }

    /// <summary>The value of a property by name, or a null value when it is missing.</summary>
    public readonly FunnelValue Find(string name)
    {
        for (var i = 0; i < Count; i++)
        {
            var slot = Get(i);
            if (slot.Name == name)
            {
                return slot.Value;
            }
        }

        return default;
    }

    /// <summary>Formats a number property the way the JSON writer does.</summary>
    public static string FormatNumber(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private void Set(Slot slot)
    {
        switch (Count)
        {
            case 0: _p0 = slot; break;
            case 1: _p1 = slot; break;
            case 2: _p2 = slot; break;
            case 3: _p3 = slot; break;
            case 4: _p4 = slot; break;
            case 5: _p5 = slot; break;
            case 6: _p6 = slot; break;
            case 7: _p7 = slot; break;
            default: throw new InvalidOperationException("A funnel event carries at most " + Capacity + " properties.");
        }

        Count++;
    }

    private readonly Slot Get(int index) => (uint)index >= (uint)Count
        ? throw new ArgumentOutOfRangeException(nameof(index))
        : index switch
        {
            0 => _p0,
            1 => _p1,
            2 => _p2,
            3 => _p3,
            4 => _p4,
            5 => _p5,
            6 => _p6,
            _ => _p7,
        };

    private readonly struct Slot
    {
        public Slot(string name, FunnelValue value)
        {
            Name = name;
            Value = value;
        }

        public string Name { get; }

        public FunnelValue Value { get; }
    }
}
