using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace Instrumentation.Operations;

/// <summary>
/// Whether any <see cref="MeterListener"/> is started in the process: while none is, no instrument can be
/// enabled, so an operation's "anyone listening?" check need not read its instruments one by one.
/// </summary>
/// <remarks>
/// <para>
/// Issue 18 §6: with nobody listening, each intercepted call checked its source and each of its instruments
/// (<see cref="Instrument.Enabled"/>: three dependent loads per instrument), inlined at every call site — about
/// 140 bytes of machine code per call site. In code that calls hundreds of different small annotated methods that
/// cost about 5 ns per call, where a single method in a loop measures under 1 ns; the copied code was the cost, not
/// the data it reads (with the instruments in fields shared by every operation it stayed). One process-wide count replaces the three instrument checks while no meter listener runs.
/// </para>
/// <para>
/// <c>System.Diagnostics.Metrics</c> has no public "is any listener started" and no notification when a listener
/// enables an instrument; the runtime keeps its started listeners in a private static list
/// (<c>MeterListener.s_allStartedListeners</c>, the same in .NET 8, 9 and 10), added to under its lock before a
/// starting listener is shown any instrument and removed from when it is disposed. It is read here through
/// <see cref="UnsafeAccessorAttribute"/> (trimming and NativeAOT keep the field). On a runtime without that field
/// the answer is always "possible", and every operation checks its instruments as before: nothing is lost, only
/// the saving. A <see cref="MeterListener"/> that is never started sees no instrument unless handed one; calls are
/// not recorded for such a listener until some listener in the process is started.
/// </para>
/// Called by generated code; not for application code.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class MeterListening
{
    /// <summary>Whether the runtime's list of started listeners was found (false: <see cref="Possible"/> is always true).</summary>
    /// <remarks>
    /// The list itself is read through the field on every call, not kept: a runtime that replaced the list would
    /// otherwise leave this class counting an old one, and miss every listener started after.
    /// </remarks>
    internal static readonly bool Tracked = Find(ReadStartedListeners) is not null;

    /// <summary>
    /// False only while no <see cref="MeterListener"/> is started in the process (then no instrument can be
    /// enabled); true otherwise, and always true where the runtime's list of started listeners cannot be read.
    /// </summary>
    public static bool Possible
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => !Tracked || StartedListenersField(null).Count != 0;
    }

    /// <summary>
    /// Whether a listener enabled any of an operation's instruments: false at once while no meter listener runs
    /// (<see cref="Possible"/>, inlined); the instruments are read out of line, so their loads and branches are not
    /// copied into every call site the operation's inlined check reaches.
    /// </summary>
    /// <param name="first">An instrument, or null when the operation turned it off.</param>
    /// <returns>True when one is enabled.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AnyEnabled(Instrument? first) => Possible && Read(first);

    /// <summary>
    /// Whether a listener enabled any of an operation's instruments: false at once while no meter listener runs
    /// (<see cref="Possible"/>, inlined); the instruments are read out of line, so their loads and branches are not
    /// copied into every call site the operation's inlined check reaches.
    /// </summary>
    /// <param name="first">An instrument, or null when the operation turned it off.</param>
    /// <param name="second">An instrument, or null when the operation turned it off.</param>
    /// <returns>True when one is enabled.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AnyEnabled(Instrument? first, Instrument? second) => Possible && Read(first, second);

    /// <summary>
    /// Whether a listener enabled any of an operation's instruments: false at once while no meter listener runs
    /// (<see cref="Possible"/>, inlined); the instruments are read out of line, so their loads and branches are not
    /// copied into every call site the operation's inlined check reaches.
    /// </summary>
    /// <param name="first">An instrument, or null when the operation turned it off.</param>
    /// <param name="second">An instrument, or null when the operation turned it off.</param>
    /// <param name="third">An instrument, or null when the operation turned it off.</param>
    /// <returns>True when one is enabled.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AnyEnabled(Instrument? first, Instrument? second, Instrument? third) => Possible && Read(first, second, third);

    /// <summary>
    /// Whether a listener enabled any of an operation's instruments: false at once while no meter listener runs
    /// (<see cref="Possible"/>, inlined); the instruments are read out of line, so their loads and branches are not
    /// copied into every call site the operation's inlined check reaches.
    /// </summary>
    /// <param name="first">An instrument, or null when the operation turned it off.</param>
    /// <param name="second">An instrument, or null when the operation turned it off.</param>
    /// <param name="third">An instrument, or null when the operation turned it off.</param>
    /// <param name="fourth">An instrument, or null when the operation turned it off.</param>
    /// <returns>True when one is enabled.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AnyEnabled(Instrument? first, Instrument? second, Instrument? third, Instrument? fourth) => Possible && Read(first, second, third, fourth);

    /// <summary>
    /// Whether a listener enabled any of an operation's instruments: false at once while no meter listener runs
    /// (<see cref="Possible"/>, inlined); the instruments are read out of line, so their loads and branches are not
    /// copied into every call site the operation's inlined check reaches.
    /// </summary>
    /// <param name="first">An instrument, or null when the operation turned it off.</param>
    /// <param name="second">An instrument, or null when the operation turned it off.</param>
    /// <param name="third">An instrument, or null when the operation turned it off.</param>
    /// <param name="fourth">An instrument, or null when the operation turned it off.</param>
    /// <param name="fifth">An instrument, or null when the operation turned it off.</param>
    /// <returns>True when one is enabled.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AnyEnabled(Instrument? first, Instrument? second, Instrument? third, Instrument? fourth, Instrument? fifth) => Possible && Read(first, second, third, fourth, fifth);

    /// <summary>
    /// Whether a listener enabled any of an operation's instruments: false at once while no meter listener runs
    /// (<see cref="Possible"/>, inlined); the instruments are read out of line, so their loads and branches are not
    /// copied into every call site the operation's inlined check reaches.
    /// </summary>
    /// <param name="first">An instrument, or null when the operation turned it off.</param>
    /// <param name="second">An instrument, or null when the operation turned it off.</param>
    /// <param name="third">An instrument, or null when the operation turned it off.</param>
    /// <param name="fourth">An instrument, or null when the operation turned it off.</param>
    /// <param name="fifth">An instrument, or null when the operation turned it off.</param>
    /// <param name="sixth">An instrument, or null when the operation turned it off.</param>
    /// <returns>True when one is enabled.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AnyEnabled(Instrument? first, Instrument? second, Instrument? third, Instrument? fourth, Instrument? fifth, Instrument? sixth) => Possible && Read(first, second, third, fourth, fifth, sixth);

    /// <summary>Reads the instruments (null: turned off); true when one is enabled.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static bool Read(Instrument? first) =>
        first is { Enabled: true };

    /// <summary>Reads the instruments (null: turned off); true when one is enabled.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static bool Read(Instrument? first, Instrument? second) =>
        first is { Enabled: true }
        || second is { Enabled: true };

    /// <summary>Reads the instruments (null: turned off); true when one is enabled.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static bool Read(Instrument? first, Instrument? second, Instrument? third) =>
        first is { Enabled: true }
        || second is { Enabled: true }
        || third is { Enabled: true };

    /// <summary>Reads the instruments (null: turned off); true when one is enabled.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static bool Read(Instrument? first, Instrument? second, Instrument? third, Instrument? fourth) =>
        first is { Enabled: true }
        || second is { Enabled: true }
        || third is { Enabled: true }
        || fourth is { Enabled: true };

    /// <summary>Reads the instruments (null: turned off); true when one is enabled.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static bool Read(Instrument? first, Instrument? second, Instrument? third, Instrument? fourth, Instrument? fifth) =>
        first is { Enabled: true }
        || second is { Enabled: true }
        || third is { Enabled: true }
        || fourth is { Enabled: true }
        || fifth is { Enabled: true };

    /// <summary>Reads the instruments (null: turned off); true when one is enabled.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static bool Read(Instrument? first, Instrument? second, Instrument? third, Instrument? fourth, Instrument? fifth, Instrument? sixth) =>
        first is { Enabled: true }
        || second is { Enabled: true }
        || third is { Enabled: true }
        || fourth is { Enabled: true }
        || fifth is { Enabled: true }
        || sixth is { Enabled: true };

    /// <summary>The runtime's list of started listeners, or null when <paramref name="read"/> cannot reach it.</summary>
    /// <param name="read">Reads the list (the runtime's private field; a test passes one that fails).</param>
    internal static List<MeterListener>? Find(Func<List<MeterListener>?> read)
    {
        try
        {
            return read();
        }
        catch (MissingMemberException)
        {
            // MissingFieldException: a runtime whose MeterListener keeps its started listeners otherwise.
            return null;
        }
        catch (NotSupportedException)
        {
            // A runtime without UnsafeAccessor support for this member.
            return null;
        }
    }

    private static List<MeterListener>? ReadStartedListeners() => StartedListenersField(null);

    [UnsafeAccessor(UnsafeAccessorKind.StaticField, Name = "s_allStartedListeners")]
    private static extern ref List<MeterListener> StartedListenersField(MeterListener? listener);
}
