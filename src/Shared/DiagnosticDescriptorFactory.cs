using Microsoft.CodeAnalysis;

namespace Instrumentation.Diagnostics;

/// <summary>
/// The one place descriptors are created: every descriptor is enabled by default and links to its
/// own page under <c>docs/diagnostics</c>. Severity stays configurable through <c>.editorconfig</c>.
/// </summary>
internal static class DiagnosticDescriptorFactory
{
    /// <summary>Where the diagnostic pages live.</summary>
    public const string HelpLinkBase = "https://github.com/instrumentation-sdk/instrumentation/blob/main/docs/diagnostics/";

    /// <summary>Creates a descriptor with the help link of <paramref name="id"/>.</summary>
    public static DiagnosticDescriptor Create(
        string id,
        string title,
        string messageFormat,
        string category,
        DiagnosticSeverity defaultSeverity,
        string? description = null)
    {
        return new DiagnosticDescriptor(
            id,
            title,
            messageFormat,
            category,
            defaultSeverity,
            isEnabledByDefault: true,
            description: description,
            helpLinkUri: HelpLink(id));
    }

    /// <summary>
    /// Creates a descriptor with the help link of <paramref name="id"/> and custom tags, such as
    /// <see cref="WellKnownDiagnosticTags.CompilationEnd"/> for a diagnostic reported from a compilation-end action
    /// (so that IDEs know it is only computed for the whole compilation).
    /// </summary>
    public static DiagnosticDescriptor Create(
        string id,
        string title,
        string messageFormat,
        string category,
        DiagnosticSeverity defaultSeverity,
        string? description,
        params string[] customTags)
    {
        return new DiagnosticDescriptor(
            id,
            title,
            messageFormat,
            category,
            defaultSeverity,
            isEnabledByDefault: true,
            description: description,
            helpLinkUri: HelpLink(id),
            customTags: customTags);
    }

    /// <summary>The help link of a diagnostic id.</summary>
    public static string HelpLink(string id) => HelpLinkBase + id + ".md";
}
