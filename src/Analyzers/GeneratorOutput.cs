using System.Linq;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Analyzers;

/// <summary>
/// Which syntax trees another source generator wrote while compiling — the code the operation generator never sees —
/// and where a finding about such code is best reported.
/// </summary>
internal static class GeneratorOutput
{
    /// <summary>The SDK's own generators' trees (their paths contain the assembly name).</summary>
    public const string OwnGenerators = "Instrumentation.Generators";

    /// <summary>
    /// A source generator's output, not a generated file of the project (T4, gRPC tools: the operation generator sees
    /// those). MSBuild passes the project's files with full paths; a generator's trees are named
    /// "&lt;assembly&gt;/&lt;generator type&gt;/&lt;hint name&gt;", relative, or under the CompilerGeneratedFilesOutputPath
    /// ("generated" by default) when EmitCompilerGeneratedFiles writes them out — exactly those three parts after it.
    /// </summary>
    public static bool Contains(SyntaxTree tree)
    {
        if (!System.IO.Path.IsPathRooted(tree.FilePath))
        {
            return true;
        }

        // Written out: "…/generated/<assembly>/<namespace-qualified generator type>/<hint name>". A folder of the project
        // that is merely called "generated" (checked-in protoc or NSwag output), or a checkout under such a folder, is
        // the project's own code.
        var path = tree.FilePath.Replace('\\', '/');
        var at = path.LastIndexOf("/generated/", System.StringComparison.Ordinal);
        if (at < 0)
        {
            return false;
        }

        var segments = path.Substring(at + "/generated/".Length).Split('/');
        return segments.Length == 3 && segments[1].IndexOf('.') >= 0;
    }

    /// <summary>A tree the SDK's own generators wrote.</summary>
    public static bool IsOwn(SyntaxTree tree) => tree.FilePath.Contains(OwnGenerators);

    /// <summary>
    /// Where to report a finding at <paramref name="node"/> in another generator's output: the node itself when the
    /// generator maps it into a file of the user's (Razor's <c>#line</c> directives point into the .razor file);
    /// otherwise the user's own declaration of <paramref name="method"/>, because a generated file usually disables
    /// warnings (<c>#pragma warning disable</c>: MVVM, the regex generator) and is not a file the user opens.
    /// <paramref name="at"/> then names the generated file and position.
    /// </summary>
    public static Location Locate(SyntaxNode node, IMethodSymbol method, out string at)
    {
        var location = node.GetLocation();
        var span = location.GetMappedLineSpan();
        at = System.IO.Path.GetFileName(span.Path) + "(" + (span.StartLinePosition.Line + 1) + "," + (span.StartLinePosition.Character + 1) + ")";
        if (span.HasMappedPath)
        {
            return location;
        }

        var definition = (method.ReducedFrom ?? method).OriginalDefinition;
        var own = definition.Locations.FirstOrDefault(l => l.IsInSource && l.SourceTree is { } tree && !Contains(tree))
            ?? definition.PartialImplementationPart?.Locations.FirstOrDefault(l => l.IsInSource && l.SourceTree is { } tree && !Contains(tree));
        return own ?? location;
    }

    /// <summary>True when a part of <paramref name="method"/> (either half of a partial method) is declared outside generator output.</summary>
    public static bool HasOwnDeclaration(IMethodSymbol method)
    {
        foreach (var part in new[] { method, method.PartialDefinitionPart, method.PartialImplementationPart })
        {
            if (part is not null && part.DeclaringSyntaxReferences.Any(r => !Contains(r.SyntaxTree)))
            {
                return true;
            }
        }

        return false;
    }
}
