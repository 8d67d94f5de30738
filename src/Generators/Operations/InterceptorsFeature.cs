using System.Linq;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Operations;

/// <summary>
/// Whether the compiler accepts interceptors from <c>Instrumentation.Generated</c> (the
/// <c>InterceptorsNamespaces</c> parse-options feature, as the analyzer behind INS1031 reads it).
/// </summary>
internal static class InterceptorsFeature
{
    public const string Namespace = "Instrumentation.Generated";

    public static bool Enabled(ParseOptions options)
    {
        foreach (var key in new[] { "InterceptorsNamespaces", "InterceptorsPreviewNamespaces" })
        {
            if (options.Features.TryGetValue(key, out var value) && value.Split(';').Any(n => n.Trim() == Namespace))
            {
                return true;
            }
        }

        return false;
    }
}
