using System;
using System.IO;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Diagnostics;

/// <summary>
/// The one place descriptors are created: every descriptor is enabled by default and links to its
/// own page under <c>docs/diagnostics</c>. Severity stays configurable through <c>.editorconfig</c>.
/// </summary>
/// <remarks>
/// The project has no public web site, so the help link is a <c>file:</c> URI of the page on this machine: the
/// package ships every page under <c>docs/diagnostics/</c>, next to <c>analyzers/dotnet/cs/</c> where this assembly
/// is loaded from (in the NuGet packages folder); inside the repository the pages are the repository's own.
/// </remarks>
internal static class DiagnosticDescriptorFactory
{
    /// <summary>
    /// Where the diagnostic pages live: <c>file:///…/instrumentation.sdk/&lt;version&gt;/docs/diagnostics/</c> when loaded
    /// from the package, <c>file:///…/&lt;repository&gt;/docs/diagnostics/</c> when built in the repository, else the
    /// relative path <c>docs/diagnostics/</c> of the package (for example when an IDE shadow-copies the assembly).
    /// </summary>
    public static readonly string HelpLinkBase = PagesDirectory(typeof(DiagnosticDescriptorFactory).Assembly.Location);

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

    /// <summary>The pages' directory for an assembly at <paramref name="assemblyPath"/> (path arithmetic only, no file access).</summary>
    internal static string PagesDirectory(string? assemblyPath)
    {
        const string Fallback = "docs/diagnostics/";
        if (string.IsNullOrEmpty(assemblyPath) || !Path.IsPathRooted(assemblyPath))
        {
            return Fallback;
        }

        var directory = Path.GetDirectoryName(assemblyPath);
        var dotnet = Path.GetDirectoryName(directory);
        string? root = null;
        if (Path.GetFileName(directory) == "cs" && Path.GetFileName(dotnet) == "dotnet" && Path.GetFileName(Path.GetDirectoryName(dotnet)) == "analyzers")
        {
            // <package>/analyzers/dotnet/cs/Instrumentation.*.dll
            root = Path.GetDirectoryName(Path.GetDirectoryName(dotnet));
        }
        else
        {
            // <repository>/src/<project>/bin/… (or a test project's copy under <repository>/tests/<project>/bin/…)
            foreach (var folder in new[] { "src", "tests" })
            {
                var marker = Path.DirectorySeparatorChar + folder + Path.DirectorySeparatorChar;
                var at = assemblyPath!.LastIndexOf(marker, StringComparison.Ordinal);
                if (at > 0)
                {
                    root = assemblyPath.Substring(0, at);
                    break;
                }
            }
        }

        if (root is null)
        {
            return Fallback;
        }

        return new Uri(Path.Combine(root, "docs", "diagnostics") + Path.DirectorySeparatorChar).AbsoluteUri;
    }
}
