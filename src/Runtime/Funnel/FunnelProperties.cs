using System;
using System.Globalization;

namespace Instrumentation.Funnel;

/// <summary>
/// Up to <see cref="Capacity"/> event properties stored inline in a struct, so enqueuing an event
/// allocates nothing. Values are text or numbers; the writer serializes them to JSON.
/// </summary>
public struct FunnelProperties
{
    /// <summary>How many properties an event can carry.</summary>
    public const int Capacity = 8;

    private Slot _p0, _p1, _p2, _p3, _p4, _p5, _p6, _p7;

    /// <summary>How many properties were added.</summary>
    public int Count { get; private set; }

    /// <summary>Adds a text property (null is written as JSON null).</summary>
    public void Add(string name, string? value) => Set(new Slot(name, value, 0, SlotKind.Text));

    /// <summary>Adds a number property.</summary>
    public void Add(string name, double value) => Set(new Slot(name, null, value, SlotKind.Number));

    /// <summary>Adds a number property.</summary>
    public void Add(string name, long value) => Set(new Slot(name, null, value, SlotKind.Number));

    /// <summary>Adds a boolean property.</summary>
    public void Add(string name, bool value) => Set(new Slot(name, null, value ? 1 : 0, SlotKind.Bool));

    /// <summary>Calls <paramref name="visitor"/> for each property in order.</summary>
    public readonly void ForEach(Action<string, object?> visitor)
    {
        for (var i = 0; i < Count; i++)
        {
            var slot = Get(i);
            visitor(slot.Name!, slot.Kind switch
            {
                SlotKind.Text => slot.Text,
                SlotKind.Bool => slot.Number != 0,
                _ => slot.Number,
            });
        }
    }

    /// <summary>The value of a property by name (text, number or bool), or null.</summary>
    public readonly object? Find(string name)
    {
        object? found = null;
        ForEach((key, value) =>
        {
            if (key == name)
            {
                found = value;
            }
        });
        return found;
    }

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

    private readonly Slot Get(int index) => index switch
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

    private enum SlotKind : byte
    {
        Text,
        Number,
        Bool,
    }

    private readonly struct Slot
    {
        public Slot(string name, string? text, double number, SlotKind kind)
        {
            Name = name;
            Text = text;
            Number = number;
            Kind = kind;
        }

        public string? Name { get; }

        public string? Text { get; }

        public double Number { get; }

        public SlotKind Kind { get; }
    }

    /// <summary>Formats a number property the way the JSON writer does.</summary>
    public static string FormatNumber(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
