using System.ComponentModel;

namespace Instrumentation.Operations;

/// <summary>
/// An argument whose classified members a failed call keeps with its exception (<see cref="ClassifiedArguments.MembersOf{T}"/>):
/// made by generated code, read by <see cref="ClassifiedArguments.Remember"/>.
/// </summary>
/// <typeparam name="T">The parameter's type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct ClassifiedMembers<T> : IClassifiedMembers
{
    private readonly T _value;

    /// <summary>Marks <paramref name="value"/>.</summary>
    /// <param name="value">The argument.</param>
    public ClassifiedMembers(T value) => _value = value;

    /// <inheritdoc />
    object? IClassifiedMembers.Value => _value;
}

/// <summary>A value whose classified members are kept, not its whole text (<see cref="ClassifiedMembers{T}"/>).</summary>
internal interface IClassifiedMembers
{
    /// <summary>The marked value.</summary>
    object? Value { get; }
}
