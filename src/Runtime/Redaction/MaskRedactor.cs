using System;

namespace Instrumentation.Redaction;

/// <summary>
/// Masks all but the last <c>N</c> characters (<c>************4242</c>). Values not longer than twice
/// <c>N</c> are masked entirely, so a short value is never mostly revealed.
/// </summary>
public sealed class MaskRedactor : IRedactor
{
    private readonly int _keepLast;
    private readonly char _mask;

    /// <summary>Creates the redactor.</summary>
    public MaskRedactor(int keepLast = 4, char mask = '*')
    {
        if (keepLast < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(keepLast), keepLast, "keepLast cannot be negative.");
        }

        _keepLast = keepLast;
        _mask = mask;
    }

    /// <inheritdoc />
    public string Redact(string value)
    {
        if (value.Length <= _keepLast * 2)
        {
            return new string(_mask, value.Length);
        }

        return string.Create(value.Length, (value, _keepLast, _mask), static (span, state) =>
        {
            var masked = state.value.Length - state._keepLast;
            span[..masked].Fill(state._mask);
            state.value.AsSpan(masked).CopyTo(span[masked..]);
        });
    }
}
