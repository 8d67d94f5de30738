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
    /// The folder every source generator's trees are rooted in, taken from the SDK's own generated trees (with a trailing
    /// '/'), or null when the compilation has none or their paths are relative. The command-line compiler names a
    /// generator's tree "&lt;base&gt;/&lt;assembly&gt;/&lt;generator type&gt;/&lt;hint name&gt;" with the base the
    /// CompilerGeneratedFilesOutputPath when EmitCompilerGeneratedFiles writes the files out, and otherwise the folder of
    /// the output assembly (obj/&lt;configuration&gt;/&lt;target&gt;/) — a full path either way; only hosts that set no
    /// base (tests, some IDE hosts) use relative paths.
    /// </summary>
    public static string? Base(Compilation compilation)
    {
        foreach (var tree in compilation.SyntaxTrees)
        {
            if (!IsOwn(tree) || !System.IO.Path.IsPathRooted(tree.FilePath))
            {
                continue;
            }

            var path = tree.FilePath.Replace('\\', '/');
            var at = path.LastIndexOf("/" + OwnGenerators + "/" + OwnGenerators + ".", System.StringComparison.Ordinal);
            if (at >= 0)
            {
                return path.Substring(0, at + 1);
            }
        }

        return null;
    }

    /// <summary>
    /// A source generator's output, not a generated file of the project (T4, gRPC tools: the operation generator sees
    /// those). MSBuild passes the project's files with full paths; a generator's tree is
    /// "&lt;base&gt;/&lt;assembly&gt;/&lt;generator type&gt;/&lt;hint name&gt;" (<see cref="Base"/>), where the hint
    /// name may have folders of its own (Razor's "Components/Pages/Counter_razor.g.cs"), or relative when the host sets
    /// no base. <paramref name="generatedBase"/> is <see cref="Base"/> of the compilation.
    /// </summary>
    public static bool Contains(SyntaxTree tree, string? generatedBase)
    {
        if (!System.IO.Path.IsPathRooted(tree.FilePath))
        {
            return true;
        }

        var path = tree.FilePath.Replace('\\', '/');
        if (generatedBase is not null)
        {
            return path.StartsWith(generatedBase, System.StringComparison.Ordinal) && IsGeneratorPath(path.Substring(generatedBase.Length));
        }

        // No tree of the SDK's own to take the base from: written out, "…/generated/<assembly>/<namespace-qualified
        // generator type>/<hint name>". A folder of the project that is merely called "generated" (checked-in protoc or
        // NSwag output), or a checkout under such a folder, is the project's own code.
        var at = path.IndexOf("/generated/", System.StringComparison.Ordinal);
        return at >= 0 && IsGeneratorPath(path.Substring(at + "/generated/".Length));
    }

    // "<assembly>/<namespace-qualified generator type>/<hint name, possibly with folders>".
    private static bool IsGeneratorPath(string relative)
    {
        var segments = relative.Split('/');
        return segments.Length >= 3 && segments[1].IndexOf('.') >= 0;
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
    public static Location Locate(SyntaxNode node, IMethodSymbol method, string? generatedBase, out string at)
    {
        var location = node.GetLocation();
        var span = location.GetMappedLineSpan();
        at = System.IO.Path.GetFileName(span.Path) + "(" + (span.StartLinePosition.Line + 1) + "," + (span.StartLinePosition.Character + 1) + ")";
        if (span.HasMappedPath)
        {
            return location;
        }

        var definition = (method.ReducedFrom ?? method).OriginalDefinition;
        var own = definition.Locations.FirstOrDefault(l => l.IsInSource && l.SourceTree is { } tree && !Contains(tree, generatedBase))
            ?? definition.PartialImplementationPart?.Locations.FirstOrDefault(l => l.IsInSource && l.SourceTree is { } tree && !Contains(tree, generatedBase));
        return own ?? location;
    }

    /// <summary>True when a part of <paramref name="method"/> (either half of a partial method) is declared outside generator output.</summary>
    public static bool HasOwnDeclaration(IMethodSymbol method, string? generatedBase)
    {
        foreach (var part in new[] { method, method.PartialDefinitionPart, method.PartialImplementationPart })
        {
            if (part is not null && part.DeclaringSyntaxReferences.Any(r => !Contains(r.SyntaxTree, generatedBase)))
            {
                return true;
            }
        }

        return false;
    }
}
