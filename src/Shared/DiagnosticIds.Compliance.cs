namespace Instrumentation.Diagnostics;

internal static partial class DiagnosticIds
{
    /// <summary>A custom Microsoft.Extensions.Compliance classification cannot be read at compile time; redacted as personal data.</summary>
    public const string UnreadableClassification = "INS1012";
}
