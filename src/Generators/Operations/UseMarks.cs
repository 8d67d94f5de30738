using System.Collections.Generic;
using System.Linq;
using Instrumentation.Generators.Common;

namespace Instrumentation.Generators.Operations;

/// <summary>
/// The marks generated code repeats where it names what the user's method names, written the same way by every emitter:
/// <c>[Obsolete]</c> and <c>[RequiresPreviewFeatures]</c> on a generated type (<see cref="ObsoleteMarker"/>,
/// <see cref="PreviewFeatureMarker"/>), and the <c>[Experimental]</c> ids a generated file disables (<see cref="ExperimentalIds"/>).
/// </summary>
internal static class UseMarks
{
    /// <summary>Writes the marks of a generated type that names the method's types (its state, labels, log fields).</summary>
    public static void WriteTypeMarks(SourceWriter w, bool isObsolete, bool requiresPreview)
    {
        if (isObsolete)
        {
            w.Line(ObsoleteMarker.Attribute);
        }

        if (requiresPreview)
        {
            w.Line(PreviewFeatureMarker.Attribute);
        }
    }

    /// <summary>Disables, for the whole generated file, the warning ids of what it repeats where the user opted in (<c>[Experimental]</c> ids, a log method's <c>[Obsolete]</c> types; nothing when there are none).</summary>
    public static void DisableWarnings(SourceWriter w, IEnumerable<string> ids, string why)
    {
        var sorted = ids.Distinct().OrderBy(id => id, System.StringComparer.Ordinal).ToList();
        if (sorted.Count > 0)
        {
            w.Line("#pragma warning disable " + string.Join(", ", sorted) + " // " + why);
        }
    }
}
