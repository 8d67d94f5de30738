namespace Instrumentation.Redaction;

/// <summary>Replaces the whole value with <c>[REDACTED]</c>.</summary>
public sealed class EraseRedactor : IRedactor
{
    /// <summary>The replacement text.</summary>
    public const string Replacement = "[REDACTED]";

    /// <summary>A shared instance.</summary>
    public static readonly EraseRedactor Instance = new();

    /// <inheritdoc />
    public string Redact(string value) => Replacement;
}
