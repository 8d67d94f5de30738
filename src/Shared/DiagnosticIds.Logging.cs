namespace Instrumentation.Diagnostics;

internal static partial class DiagnosticIds
{
    /// <summary>A [LogMethod] method has a shape the generator cannot implement.</summary>
    public const string InvalidLogMethod = "INS0100";

    /// <summary>A template placeholder matches no parameter.</summary>
    public const string PlaceholderWithoutParameter = "INS0101";

    /// <summary>A parameter is not referenced by the template.</summary>
    public const string ParameterWithoutPlaceholder = "INS0102";

    /// <summary>Two log methods of one type share an event id.</summary>
    public const string DuplicateEventId = "INS0103";

    /// <summary>The message template is malformed.</summary>
    public const string InvalidTemplate = "INS0104";

    /// <summary>The literal text of a template holds what the run-time scrubber replaces (a secret, an e-mail address, …).</summary>
    public const string SecretInTemplateText = "INS0105";

    /// <summary>A placeholder follows a secret name in the template's text (<c>password={value}</c>): its value is redacted.</summary>
    public const string SecretByPosition = "INS0106";

    /// <summary>A placeholder is glued to the template's text (<c>{user}@example.org</c>): the message is scrubbed whole.</summary>
    public const string PlaceholderGluedToText = "INS0107";
}
