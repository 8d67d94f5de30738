using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Analyzers;

/// <summary>
/// The types a depth-limited member walk has searched, each with the shallowest depth it was searched at. A type met
/// again no shallower is skipped (that also ends cycles); met shallower, it is searched again, because members that were
/// beyond the depth limit the first time are within it now. A shared set of visited types missed them: a type first
/// met six levels down was never searched again when met one level down. Each type is searched at most once per depth.
/// </summary>
internal sealed class TypeWalkVisits
{
    private readonly Dictionary<ITypeSymbol, int> _shallowest = new(SymbolEqualityComparer.Default);

    /// <summary>Whether <paramref name="type"/> is to be searched at <paramref name="depth"/>; records it if so.</summary>
    public bool Enter(ITypeSymbol type, int depth)
    {
        if (_shallowest.TryGetValue(type, out var seen) && seen <= depth)
        {
            return false;
        }

        _shallowest[type] = depth;
        return true;
    }
}
