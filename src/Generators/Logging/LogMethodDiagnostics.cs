using Instrumentation.Diagnostics;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Logging;

/// <summary>Descriptors of the log-method generator (INS0100–INS0199).</summary>
internal static class LogMethodDiagnostics
{
    public static readonly DiagnosticDescriptor InvalidLogMethod = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.InvalidLogMethod,
        "Log method cannot be generated",
        "'{0}' cannot be a log method: {1}",
        DiagnosticCategories.Logging,
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor PlaceholderWithoutParameter = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.PlaceholderWithoutParameter,
        "Template placeholder has no parameter",
        "The placeholder '{{{0}}}' in the template of '{1}' matches no parameter{2}",
        DiagnosticCategories.Logging,
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor ParameterWithoutPlaceholder = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.ParameterWithoutPlaceholder,
        "Parameter is not in the template",
        "Parameter '{0}' of '{1}' is not referenced by the message template; it is still logged as a structured field",
        DiagnosticCategories.Logging,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor DuplicateEventId = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.DuplicateEventId,
        "Duplicate log event id",
        "Event id {0} of '{1}' is already used by '{2}' in the same type",
        DiagnosticCategories.Logging,
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidTemplate = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.InvalidTemplate,
        "Malformed message template",
        "The message template of '{0}' is malformed: {1}",
        DiagnosticCategories.Logging,
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor SecretInTemplateText = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.SecretInTemplateText,
        "Message template text holds a secret or personal data",
        "The message template of '{0}' holds {1} in its literal text: the generated log writes {2} instead, as the run-time scrubber does. Move the value out of the template: pass it as a parameter, classified [SecretData] or [PersonalData].",
        DiagnosticCategories.Privacy,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SecretByPosition = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.SecretByPosition,
        "Placeholder follows a secret name in the template text",
        "The placeholder '{{{0}}}' of '{1}' follows a secret name and a separator in the template text (such as password=), so the generated log writes [REDACTED] for its value, as the run-time scrubber does in a hand-written line. Classify the parameter [SecretData], or give it a secret name.",
        DiagnosticCategories.Privacy,
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor PlaceholderGluedToText = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.PlaceholderGluedToText,
        "Placeholder is glued to the template text",
        "The placeholder '{{{0}}}' of '{1}' is written against the template text or another value, so together they can make what the run-time scrubber replaces (an e-mail address, a card or social security number, a secret after its name): the generated log scrubs its whole message as a hand-written line, and the value's field with the text around it. Separate the placeholder with a space, or classify the parameter ([PersonalData], [SecretData] or [NonSensitiveData]).",
        DiagnosticCategories.Privacy,
        DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor UnreadableClassification = DiagnosticDescriptorFactory.Create(
        DiagnosticIds.UnreadableClassification,
        "Custom data classification cannot be read at compile time",
        "The classification of [{1}] on '{0}' cannot be read at compile time; the value is redacted as personal data, not by the redactor mapped to its own classification",
        DiagnosticCategories.Privacy,
        DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor[] All =
    {
        InvalidLogMethod, PlaceholderWithoutParameter, ParameterWithoutPlaceholder, DuplicateEventId, InvalidTemplate,
        SecretInTemplateText, SecretByPosition, PlaceholderGluedToText, UnreadableClassification,
    };

    public static DiagnosticDescriptor Find(string id)
    {
        if (id == Common.InternalDiagnostics.InternalError.Id)
        {
            return Common.InternalDiagnostics.InternalError;
        }

        if (id == Operations.RobustnessDiagnostics.LanguageVersionTooOld.Id)
        {
            return Operations.RobustnessDiagnostics.LanguageVersionTooOld;
        }

        foreach (var descriptor in All)
        {
            if (descriptor.Id == id)
            {
                return descriptor;
            }
        }

        return InvalidLogMethod;
    }
}
