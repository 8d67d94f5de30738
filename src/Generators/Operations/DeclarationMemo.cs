using System;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Operations;

/// <summary>
/// Remembers a declaration transform's result per attributed syntax node, so that an edit the declaration cannot
/// observe does not parse it again (issue 18 §3). <c>ForAttributeWithMetadataName</c> runs its transform for every
/// attributed node on every new compilation — a keystroke in any file re-parses all 2,000 annotated methods of a
/// large project. A node of a tree the edit did not touch is the same object in the next compilation; its result
/// is reused when the <see cref="CompilationShape"/> is also unchanged (no declaration, reference or option moved),
/// because the transforms read only the declaration, its tree and symbols that shape describes. A changed tree
/// gives new nodes, and any declaration change anywhere re-parses everything, exactly as without the memo.
/// <para>
/// One memo per pipeline — per attribute name, since one node can be the target of several pipelines whose results
/// differ — made in <c>Initialize</c>, so per driver (two projects never share results), keyed
/// weakly by node, so it never keeps a compilation alive. The memo holds parse results with their diagnostics;
/// their locations point into the same unchanged tree.
/// </para>
/// </summary>
/// <typeparam name="TResult">The transform's result.</typeparam>
internal sealed class DeclarationMemo<TResult>
    where TResult : class
{
    private readonly ConditionalWeakTable<SyntaxNode, Slot> _results = new();
    private readonly Func<GeneratorAttributeSyntaxContext, CancellationToken, TResult> _transform;

    public DeclarationMemo(Func<GeneratorAttributeSyntaxContext, CancellationToken, TResult> transform)
    {
        _transform = transform;
    }

    /// <summary>The transform's result for <paramref name="context"/>: remembered, or computed and remembered.</summary>
    public TResult Get(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var shape = CompilationShape.For(context.SemanticModel.Compilation, cancellationToken);
        var slot = _results.GetValue(context.TargetNode, static _ => new Slot());
        if (slot.Current is { } remembered && remembered.Shape.Matches(shape))
        {
            return remembered.Result;
        }

        GeneratorWorkProbe.Parsed(context.TargetNode);
        var result = _transform(context, cancellationToken);
        slot.Current = new Entry(shape, result);
        return result;
    }

    private sealed class Entry
    {
        public Entry(CompilationShape shape, TResult result)
        {
            Shape = shape;
            Result = result;
        }

        public CompilationShape Shape { get; }

        public TResult Result { get; }
    }

    /// <summary>The latest result for one node (replaced whole; a reference write is atomic).</summary>
    private sealed class Slot
    {
        public volatile Entry? Current;
    }
}
