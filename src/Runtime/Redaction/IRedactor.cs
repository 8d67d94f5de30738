namespace Instrumentation.Redaction;

/// <summary>Turns a classified value into something safe to write to any sink.</summary>
public interface IRedactor
{
    /// <summary>The redacted form of <paramref name="value"/> (never the value itself).</summary>
    string Redact(string value);
}
