using System.Linq;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Operations;

/// <summary>
/// An interceptor of a method that requires preview features (<c>[RequiresPreviewFeatures]</c> on the method or one of
/// its types) requires them too. The .NET analyzers check every use of a preview API, the generated code included, and
/// report CA2252 as an error: without the mark the interceptor's own call of the method broke the build of a project that
/// calls it only from code that opted in. The user's own call keeps exactly the diagnostics it had.
/// </summary>
internal static class PreviewFeatureMarker
{
    public const string Attribute = "[global::System.Runtime.Versioning.RequiresPreviewFeatures(\"Intercepts a method that requires preview features.\")]";

    public static string For(IMethodSymbol method)
    {
        if (RequiresPreview(method))
        {
            return Attribute;
        }

        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            if (RequiresPreview(type))
            {
                return Attribute;
            }
        }

        return string.Empty;
    }

    private static bool RequiresPreview(ISymbol symbol) =>
        symbol.GetAttributes().Any(a => a.AttributeClass is { Name: "RequiresPreviewFeaturesAttribute" } type
            && type.ContainingNamespace?.ToDisplayString() == "System.Runtime.Versioning");
}
