using System.Collections.Generic;

namespace Instrumentation.Generators.Common;

/// <summary>
/// Hint names for generated files, unique within one output: two types whose names flatten to the same
/// file-name fragment (<c>A.B</c> and <c>A_B</c>, <c>C&lt;T&gt;</c> and <c>C_T_</c>) get numbered names instead
/// of making <c>AddSource</c> throw. Deterministic when the callers add in a deterministic order.
/// </summary>
internal sealed class UniqueHintNames
{
    private readonly HashSet<string> _used = new(System.StringComparer.OrdinalIgnoreCase);

    /// <summary>The hint name for <paramref name="stem"/>: <c>stem.g.cs</c>, or <c>stem.2.g.cs</c>, … when taken.</summary>
    public string For(string stem)
    {
        var name = stem + ".g.cs";
        for (var suffix = 2; !_used.Add(name); suffix++)
        {
            name = stem + "." + suffix.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".g.cs";
        }

        return name;
    }
}
