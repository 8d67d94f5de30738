using System;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Instrumentation.Funnel;

/// <summary>
/// One funnel-event value (a property or an id) held without allocation: text by reference, numbers,
/// booleans, <see cref="Guid"/>s, enum values, dates and durations as raw bits. Turning it into text or
/// JSON happens later, on the writer's background thread (<see cref="ToString"/>,
/// <see cref="WriteTo"/>), so the hot path never formats.
/// </summary>
/// <remarks>
/// JSON forms: text, Guid ("D" format), enum (member name), <see cref="DateTime"/> and
/// <see cref="DateTimeOffset"/> (ISO 8601 "O") are strings; integers are exact 64-bit numbers;
/// floating-point numbers are numbers (NaN and infinities as the strings "NaN", "Infinity", "-Infinity");
/// a <see cref="TimeSpan"/> is a number of seconds; a missing value is null.
/// </remarks>
public readonly struct FunnelValue : IEquatable<FunnelValue>
{
    // What the value is: a string (text), a Type (an enum value of that type) or one of the markers below.
    private readonly object? _reference;
    private readonly Bits _bits;

    private FunnelValue(object? reference, Bits bits)
    {
        _reference = reference;
        _bits = bits;
    }

    /// <summary>The kind of value held.</summary>
    public FunnelValueKind Kind => _reference switch
    {
        null => FunnelValueKind.Null,
        string => FunnelValueKind.Text,
        Type => FunnelValueKind.Enum,
        KindMarker marker => marker.Kind,
        _ => FunnelValueKind.Null,
    };

    /// <summary>True when there is no value (JSON null).</summary>
    public bool IsNull => _reference is null;

    /// <summary>A text value (null stays null).</summary>
    public static FunnelValue Text(string? value) => new(value, default);

    /// <summary>An integer value, stored exactly.</summary>
    public static FunnelValue Int64(long? value) => value is { } v ? new(KindMarker.Int64, new Bits { A = v }) : default;

    /// <summary>An unsigned 64-bit integer value, stored exactly.</summary>
    public static FunnelValue UInt64(ulong? value) => value is { } v ? new(KindMarker.UInt64, new Bits { A = unchecked((long)v) }) : default;

    /// <summary>A floating-point value.</summary>
    public static FunnelValue Double(double? value) => value is { } v ? new(KindMarker.Double, new Bits { Double = v }) : default;

    /// <summary>A decimal value, stored exactly.</summary>
    public static FunnelValue Decimal(decimal? value) => value is { } v ? new(KindMarker.Decimal, new Bits { Decimal = v }) : default;

    /// <summary>A boolean value.</summary>
    public static FunnelValue Bool(bool? value) => value is { } v ? new(KindMarker.Bool, new Bits { A = v ? 1 : 0 }) : default;

    /// <summary>A Guid, formatted ("D") only when written.</summary>
    public static FunnelValue Guid(Guid? value) => value is { } v ? new(KindMarker.Guid, new Bits { Guid = v }) : default;

    /// <summary>An enum value of <paramref name="enumType"/> (its numeric value), named only when written.</summary>
    public static FunnelValue Enum(Type enumType, long? value) =>
        value is { } v && enumType is { IsEnum: true } ? new(enumType, new Bits { A = v }) : default;

    /// <summary>A date and time (<see cref="DateTimeKind.Local"/> values are converted to UTC when written).</summary>
    public static FunnelValue DateTime(DateTime? value) => value is { } v ? new(KindMarker.DateTime, new Bits { A = v.Ticks, B = (long)v.Kind }) : default;

    /// <summary>A date and time with its offset.</summary>
    public static FunnelValue DateTimeOffset(DateTimeOffset? value) => value is { } v ? new(KindMarker.DateTimeOffset, new Bits { A = v.UtcTicks, B = v.Offset.Ticks }) : default;

    /// <summary>A duration, written as seconds.</summary>
    public static FunnelValue TimeSpan(TimeSpan? value) => value is { } v ? new(KindMarker.TimeSpan, new Bits { A = v.Ticks }) : default;

    /// <summary>A text value.</summary>
    public static implicit operator FunnelValue(string? value) => Text(value);

    /// <summary>The instant held by a <see cref="FunnelValueKind.DateTime"/> or <see cref="FunnelValueKind.DateTimeOffset"/> value, else null.</summary>
    public DateTimeOffset? AsInstant()
    {
        switch (Kind)
        {
            case FunnelValueKind.DateTimeOffset:
                return new DateTimeOffset(_bits.A, System.TimeSpan.Zero);
            case FunnelValueKind.DateTime:
                var value = new DateTime(_bits.A, (DateTimeKind)_bits.B);
                // Unspecified is taken as UTC (what databases usually hand back); Local is converted.
                return new DateTimeOffset(value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : System.DateTime.SpecifyKind(value, DateTimeKind.Utc));
            default:
                return null;
        }
    }

    /// <summary>The value as invariant text (null when there is no value). Allocates: for the writer, not the hot path.</summary>
    public override string? ToString()
    {
        switch (Kind)
        {
            case FunnelValueKind.Null:
                return null;
            case FunnelValueKind.Text:
                return (string)_reference!;
            case FunnelValueKind.Int64:
                return _bits.A.ToString(CultureInfo.InvariantCulture);
            case FunnelValueKind.UInt64:
                return unchecked((ulong)_bits.A).ToString(CultureInfo.InvariantCulture);
            case FunnelValueKind.Double:
                return _bits.Double.ToString("R", CultureInfo.InvariantCulture);
            case FunnelValueKind.Decimal:
                return _bits.Decimal.ToString(CultureInfo.InvariantCulture);
            case FunnelValueKind.Bool:
                return _bits.A != 0 ? "true" : "false";
            case FunnelValueKind.Guid:
                return _bits.Guid.ToString("D");
            case FunnelValueKind.Enum:
                return System.Enum.ToObject((Type)_reference!, _bits.A).ToString();
            case FunnelValueKind.DateTime:
                var local = new DateTime(_bits.A, (DateTimeKind)_bits.B);
                return (local.Kind == DateTimeKind.Local ? local.ToUniversalTime() : local).ToString("O", CultureInfo.InvariantCulture);
            case FunnelValueKind.DateTimeOffset:
                return new DateTimeOffset(_bits.A, System.TimeSpan.Zero).ToOffset(new TimeSpan(_bits.B)).ToString("O", CultureInfo.InvariantCulture);
            case FunnelValueKind.TimeSpan:
                return Seconds().ToString("R", CultureInfo.InvariantCulture);
            default:
                return null;
        }
    }

    /// <summary>Writes the value as the JSON property <paramref name="name"/>.</summary>
    public void WriteTo(Utf8JsonWriter json, string name)
    {
        ArgumentNullException.ThrowIfNull(json);
        switch (Kind)
        {
            case FunnelValueKind.Null:
                json.WriteNull(name);
                break;
            case FunnelValueKind.Int64:
                json.WriteNumber(name, _bits.A);
                break;
            case FunnelValueKind.UInt64:
                json.WriteNumber(name, unchecked((ulong)_bits.A));
                break;
            case FunnelValueKind.Double when double.IsFinite(_bits.Double):
                json.WriteNumber(name, _bits.Double);
                break;
            case FunnelValueKind.Decimal:
                json.WriteNumber(name, _bits.Decimal);
                break;
            case FunnelValueKind.Bool:
                json.WriteBoolean(name, _bits.A != 0);
                break;
            case FunnelValueKind.TimeSpan:
                json.WriteNumber(name, Seconds());
                break;
            default:
                json.WriteString(name, ToString());
                break;
        }
    }

    /// <inheritdoc />
    public bool Equals(FunnelValue other)
    {
        if (_reference is string text)
        {
            return other._reference is string otherText && string.Equals(text, otherText, StringComparison.Ordinal);
        }

        return ReferenceEquals(_reference, other._reference) && _bits.A == other._bits.A && _bits.B == other._bits.B;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is FunnelValue other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _reference is string text
        ? StringComparer.Ordinal.GetHashCode(text)
        : HashCode.Combine(_reference, _bits.A, _bits.B);

    /// <summary>Same kind and value.</summary>
    public static bool operator ==(FunnelValue left, FunnelValue right) => left.Equals(right);

    /// <summary>Different kind or value.</summary>
    public static bool operator !=(FunnelValue left, FunnelValue right) => !left.Equals(right);

    private double Seconds() => _bits.A / (double)System.TimeSpan.TicksPerSecond;

    /// <summary>The 16 bytes of a value: two longs, a double, a decimal or a Guid.</summary>
    [StructLayout(LayoutKind.Explicit)]
    private struct Bits
    {
        [FieldOffset(0)]
        public long A;

        [FieldOffset(8)]
        public long B;

        [FieldOffset(0)]
        public double Double;

        [FieldOffset(0)]
        public decimal Decimal;

        [FieldOffset(0)]
        public Guid Guid;
    }

    /// <summary>One shared object per kind, so the kind costs no extra field.</summary>
    private sealed class KindMarker
    {
        public static readonly KindMarker Int64 = new(FunnelValueKind.Int64);
        public static readonly KindMarker UInt64 = new(FunnelValueKind.UInt64);
        public static readonly KindMarker Double = new(FunnelValueKind.Double);
        public static readonly KindMarker Decimal = new(FunnelValueKind.Decimal);
        public static readonly KindMarker Bool = new(FunnelValueKind.Bool);
        public static readonly KindMarker Guid = new(FunnelValueKind.Guid);
        public static readonly KindMarker DateTime = new(FunnelValueKind.DateTime);
        public static readonly KindMarker DateTimeOffset = new(FunnelValueKind.DateTimeOffset);
        public static readonly KindMarker TimeSpan = new(FunnelValueKind.TimeSpan);

        private KindMarker(FunnelValueKind kind) => Kind = kind;

        public FunnelValueKind Kind { get; }
    }
}

/// <summary>What a <see cref="FunnelValue"/> holds.</summary>
public enum FunnelValueKind
{
    /// <summary>No value (JSON null).</summary>
    Null,

    /// <summary>Text.</summary>
    Text,

    /// <summary>A signed integer (any size up to 64 bits).</summary>
    Int64,

    /// <summary>An unsigned 64-bit integer.</summary>
    UInt64,

    /// <summary>A float or double.</summary>
    Double,

    /// <summary>A decimal.</summary>
    Decimal,

    /// <summary>A boolean.</summary>
    Bool,

    /// <summary>A Guid.</summary>
    Guid,

    /// <summary>An enum value.</summary>
    Enum,

    /// <summary>A <see cref="System.DateTime"/>.</summary>
    DateTime,

    /// <summary>A <see cref="System.DateTimeOffset"/>.</summary>
    DateTimeOffset,

    /// <summary>A <see cref="System.TimeSpan"/>.</summary>
    TimeSpan,
}
