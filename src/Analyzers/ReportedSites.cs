using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Instrumentation.Analyzers;

/// <summary>
/// The sites a diagnostic was reported at in one compilation, so a value that several sinks or checks reach is reported
/// once per diagnostic. Keyed by the diagnostic as well: an object with a classified member and another, unclassified,
/// personal member is INS1011 and INS1010 at the same argument, two findings with two fixes (keyed by the site alone, the
/// INS1011 hid the INS1010, and after its fix nothing reported the unclassified member).
/// </summary>
internal sealed class ReportedSites
{
    private readonly ConcurrentDictionary<(SyntaxTree Tree, TextSpan Span, string Id), byte> _sites = new();

    /// <summary>True the first time <paramref name="descriptor"/> is reported at this site.</summary>
    public bool TryAdd(DiagnosticDescriptor descriptor, SyntaxTree tree, TextSpan span) => _sites.TryAdd((tree, span, descriptor.Id), 0);

    /// <summary>True the first time <paramref name="descriptor"/> is reported at <paramref name="node"/>.</summary>
    public bool TryAdd(DiagnosticDescriptor descriptor, SyntaxNode node) => TryAdd(descriptor, node.SyntaxTree, node.Span);
}
