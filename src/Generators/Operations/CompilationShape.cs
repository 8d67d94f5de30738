using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Operations;

/// <summary>
/// Everything of a compilation that what one tree binds to can depend on, apart from that tree itself: the
/// declaration shape of every tree (<see cref="CallSiteIndex.DeclarationHash"/>: all but the bodies of methods,
/// accessors and local functions), the number of trees, the assembly name, the options and the references
/// (by identity). Two compilations with equal shapes bind an unchanged tree identically, so a result computed
/// from that tree under one shape holds under the other (issue 18 §3: an edit inside a body re-binds nothing
/// in the other files). Computed once per compilation object.
/// </summary>
internal sealed class CompilationShape
{
    private static readonly ConditionalWeakTable<Compilation, CompilationShape> Shapes = new();

    private readonly ulong _declarations;
    private readonly int _trees;
    private readonly string? _assemblyName;
    private readonly CompilationOptions _options;
    private readonly MetadataReference[] _references;

    private CompilationShape(ulong declarations, int trees, string? assemblyName, CompilationOptions options, MetadataReference[] references)
    {
        _declarations = declarations;
        _trees = trees;
        _assemblyName = assemblyName;
        _options = options;
        _references = references;
    }

    /// <summary>The shape of <paramref name="compilation"/> (each tree's index is built once per tree object).</summary>
    public static CompilationShape For(Compilation compilation, CancellationToken cancellationToken)
    {
        if (Shapes.TryGetValue(compilation, out var shape))
        {
            return shape;
        }

        var declarations = 14695981039346656037UL;
        var trees = 0;
        foreach (var tree in compilation.SyntaxTrees)
        {
            declarations = unchecked((declarations ^ CallSiteIndex.For(tree, cancellationToken).DeclarationHash) * 1099511628211UL);
            trees++;
        }

        shape = new CompilationShape(declarations, trees, compilation.AssemblyName, compilation.Options, compilation.References.ToArray());
        return Shapes.GetValue(compilation, _ => shape);
    }

    /// <summary>Whether an unchanged tree binds the same under both shapes.</summary>
    public bool Matches(CompilationShape other) =>
        ReferenceEquals(this, other)
        || (_declarations == other._declarations
            && _trees == other._trees
            && string.Equals(_assemblyName, other._assemblyName, System.StringComparison.Ordinal)
            && (ReferenceEquals(_options, other._options) || _options.Equals(other._options))
            && _references.SequenceEqual(other._references, SameReferences.ReferenceIdentity.Instance));
}
