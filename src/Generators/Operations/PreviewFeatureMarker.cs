using System.Linq;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Operations;

/// <summary>
/// An interceptor of a method that requires preview features (<c>[RequiresPreviewFeatures]</c> on the method, on a type
/// it is declared in, or on a type its signature names) requires them too, and so does the operation's generated class
/// (its state and label code name the same types). The .NET analyzers check every use of a preview API, the generated
/// code included, and report CA2252 as an error: without the mark the generated code broke the build of a project that
/// calls the method only from code that opted in. The user's own call keeps exactly the diagnostics it had.
/// </summary>
internal static class PreviewFeatureMarker
{
    public const string Attribute = "[global::System.Runtime.Versioning.RequiresPreviewFeatures(\"Intercepts a method that requires preview features.\")]";

    public static string For(IMethodSymbol method) => Applies(method) ? Attribute : string.Empty;

    public static bool Applies(IMethodSymbol method) => SignatureSymbols.Any(method, RequiresPreview);

    private static bool RequiresPreview(ISymbol symbol) =>
        symbol.GetAttributes().Any(a => a.AttributeClass is { Name: "RequiresPreviewFeaturesAttribute" } type
            && type.ContainingNamespace?.ToDisplayString() == "System.Runtime.Versioning");
}
