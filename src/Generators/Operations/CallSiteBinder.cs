using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Instrumentation.Generators.Common;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Operations;

/// <summary>Every call site (source and referenced operations) of a compilation, in tree and document order.</summary>
internal sealed record BoundCallSites(EquatableArray<CallSiteOutcome> Sources, EquatableArray<ReferencedCallResult> Referenced);

/// <summary>
/// Binds the invocations that can call an annotated method, per syntax tree, and remembers each tree's result so
/// that an edit binds again only what it can have changed (issue 18 §3):
/// <list type="bullet">
/// <item>Only invocations whose simple name is an annotated method's name (<see cref="AnnotatedNames"/>) are bound;
/// the others cannot reach one.</item>
/// <item>A tree's result is reused while the tree object is the same (the edit did not touch it) and the
/// <see cref="Stamp"/> — the <see cref="CompilationShape"/> (declaration shape of every tree, references, options)
/// and the name set — is the same. A body, a comment or whitespace edited in one file therefore binds that file only. Any declaration
/// change (a new class, member, overload, base type, using, attribute, directive) may change what any call binds
/// to (a better overload, a receiver of another type), so it rebinds every name-matched call of every tree.</item>
/// </list>
/// Trees to bind are bound on the machine's cores when the compilation builds concurrently (<see cref="ParallelWork"/>;
/// the compiler runs generators on one thread, and binding is most of this generator's cold cost), each into its own
/// slot, so the result and its order are those of binding them one by one.
/// The memory belongs to one pipeline (<see cref="OperationGenerator.Initialize"/> makes one per driver, so two
/// projects sharing a generator instance and a linked file's tree never share it) and is keyed weakly by tree, so it
/// never keeps a compilation alive. Emitted text is unaffected: what is reused is exactly what binding the same tree
/// under an equal stamp returns (the snapshot and corpus tests, and <c>CallSiteDiscoveryTests</c>' comparisons with
/// a cold run, hold it to that).
/// </summary>
internal sealed class CallSiteBinder
{
    private readonly ConditionalWeakTable<SyntaxTree, Slot> _results = new();

    public BoundCallSites BindAll(Compilation compilation, EquatableArray<string> names, CancellationToken cancellationToken)
    {
        // Nothing annotated in the project or its references: no invocation can reach an annotated method, so no tree
        // is indexed or bound (a project that references the SDK without annotating anything pays nothing here).
        if (names.IsEmpty)
        {
            return new BoundCallSites(EquatableArray<CallSiteOutcome>.Empty, EquatableArray<ReferencedCallResult>.Empty);
        }

        var trees = compilation.SyntaxTrees.ToList();
        var concurrent = compilation.Options.ConcurrentBuild;
        var indexes = new CallSiteIndex[trees.Count];
        ParallelWork.ForEach(Enumerable.Range(0, trees.Count).ToList(), concurrent, i => indexes[i] = CallSiteIndex.For(trees[i], cancellationToken), cancellationToken);

        var stamp = new Stamp(CompilationShape.For(compilation, cancellationToken), names);
        var nameSet = new HashSet<string>(names, System.StringComparer.Ordinal);
        var results = new TreeResult?[trees.Count];
        var pending = new List<int>();
        for (var i = 0; i < trees.Count; i++)
        {
            var current = _results.GetValue(trees[i], static _ => new Slot()).Current;
            if (current is not null && current.Stamp.Matches(stamp))
            {
                results[i] = current;
            }
            else
            {
                pending.Add(i);
            }
        }

        // The trees with the most candidates first, so that the last one bound does not keep one core busy alone.
        pending.Sort((a, b) => indexes[b].Candidates.Length != indexes[a].Candidates.Length
            ? indexes[b].Candidates.Length.CompareTo(indexes[a].Candidates.Length)
            : a.CompareTo(b));
        var targets = new CallTargetCache();
        ParallelWork.ForEach(pending, concurrent, i =>
        {
            var result = Bind(compilation, trees[i], indexes[i], nameSet, stamp, targets, cancellationToken);
            _results.GetValue(trees[i], static _ => new Slot()).Current = result;
            results[i] = result;
        }, cancellationToken);

        var sources = new List<CallSiteOutcome>();
        var referenced = new List<ReferencedCallResult>();
        var duplicated = DuplicatedTrees(trees, results, cancellationToken);
        for (var i = 0; i < results.Length; i++)
        {
            if (duplicated is not null && duplicated.Contains(i))
            {
                sources.AddRange(BindDuplicated(compilation, trees[i], indexes[i], nameSet, targets, cancellationToken));
                continue;
            }

            sources.AddRange(results[i]!.Sources);
            referenced.AddRange(results[i]!.Referenced);
        }

        return new BoundCallSites(new EquatableArray<CallSiteOutcome>(sources.ToArray()), new EquatableArray<ReferencedCallResult>(referenced.ToArray()));
    }

    private static TreeResult Bind(Compilation compilation, SyntaxTree tree, CallSiteIndex index, HashSet<string> names, Stamp stamp, CallTargetCache targets, CancellationToken cancellationToken)
    {
        SemanticModel? model = null;
        var sources = ImmutableArray.CreateBuilder<CallSiteOutcome>();
        var referenced = ImmutableArray.CreateBuilder<ReferencedCallResult>();
        foreach (var candidate in index.Candidates)
        {
            // An invocation with no name invokes a delegate value (f()(x), handlers[i](x), Creator!()): C# calls a
            // method only through its simple or member-access name (M!() is CS8598), so it never reaches one.
            if (candidate.Name is null || !names.Contains(candidate.Name))
            {
                continue;
            }

            cancellationToken.ThrowIfCancellationRequested();
            model ??= BindingModel.For(compilation, tree);
            if (GuardedTransforms.CallSite(candidate.Node, model, targets, cancellationToken) is { } outcome)
            {
                sources.Add(outcome);
            }

            if (!candidate.IsBaseCall && GuardedTransforms.ReferencedCallSite(candidate.Node, model, targets, cancellationToken) is { } call)
            {
                referenced.Add(call);
            }
        }

        return new TreeResult(stamp, sources.ToImmutable(), referenced.ToImmutable());
    }

    /// <summary>
    /// The trees with calls to intercept whose text is identical to another tree of the compilation (a file copied
    /// into a second folder, one file reached by two paths, a symbolic link), or null. An [InterceptsLocation] names a file by
    /// its content's checksum, so the compiler rejects an interceptor for such a call (CS9233, "duplicated elsewhere
    /// in the compilation") and the generated file did not compile. Decided on every run, after the per-tree cache:
    /// whether a tree has a twin depends on the other trees.
    /// </summary>
    private static HashSet<int>? DuplicatedTrees(List<SyntaxTree> trees, TreeResult?[] results, CancellationToken cancellationToken)
    {
        HashSet<int>? duplicated = null;
        Dictionary<int, List<int>>? byLength = null;
        for (var i = 0; i < trees.Count; i++)
        {
            var result = results[i]!;
            if (!result.Sources.Any(static o => o.Site is not null) && !result.Referenced.Any(static r => r.Model is not null))
            {
                continue;
            }

            if (byLength is null)
            {
                byLength = new Dictionary<int, List<int>>();
                for (var j = 0; j < trees.Count; j++)
                {
                    var length = trees[j].Length;
                    if (!byLength.TryGetValue(length, out var list))
                    {
                        byLength[length] = list = new List<int>();
                    }

                    list.Add(j);
                }
            }

            var text = trees[i].GetText(cancellationToken);
            foreach (var j in byLength[trees[i].Length])
            {
                if (j != i && text.ContentEquals(trees[j].GetText(cancellationToken)))
                {
                    (duplicated ??= new HashSet<int>()).Add(i);
                    break;
                }
            }
        }

        return duplicated;
    }

    /// <summary>The calls of a tree that has a twin (<see cref="DuplicatedTrees"/>): each call that would be intercepted is INS0023 instead; other outcomes as usual.</summary>
    private static List<CallSiteOutcome> BindDuplicated(Compilation compilation, SyntaxTree tree, CallSiteIndex index, HashSet<string> names, CallTargetCache targets, CancellationToken cancellationToken)
    {
        var outcomes = new List<CallSiteOutcome>();
        var model = BindingModel.For(compilation, tree);
        var path = tree.FilePath ?? string.Empty;
        var file = path.Substring(path.LastIndexOfAny(new[] { '/', '\\' }) + 1);
        foreach (var candidate in index.Candidates)
        {
            if (candidate.Name is null || !names.Contains(candidate.Name))
            {
                continue;
            }

            cancellationToken.ThrowIfCancellationRequested();
            var outcome = GuardedTransforms.CallSite(candidate.Node, model, targets, cancellationToken);
            var intercepted = outcome?.Site is not null;
            if (outcome is not null && !intercepted)
            {
                outcomes.Add(outcome);
            }

            if (!intercepted && !candidate.IsBaseCall && GuardedTransforms.ReferencedCallSite(candidate.Node, model, targets, cancellationToken) is { } call)
            {
                if (call.Model is null)
                {
                    outcomes.AddRange(call.Diagnostics.Select(static d => new CallSiteOutcome(null, d)));
                    continue;
                }

                intercepted = true;
            }

            if (intercepted)
            {
                outcomes.Add(new CallSiteOutcome(null, DiagnosticInfo.Create(RobustnessDiagnostics.DuplicatedFileNotInstrumented, candidate.Node.GetLocation(), candidate.Name, file)));
            }
        }

        return outcomes;
    }

    /// <summary>Everything outside a tree that what its calls bind to can depend on: the compilation's shape and the names bound.</summary>
    private sealed class Stamp
    {
        private readonly CompilationShape _shape;
        private readonly EquatableArray<string> _names;

        public Stamp(CompilationShape shape, EquatableArray<string> names)
        {
            _shape = shape;
            _names = names;
        }

        public bool Matches(Stamp other) =>
            ReferenceEquals(this, other) || (_shape.Matches(other._shape) && _names.Equals(other._names));
    }

    private sealed class TreeResult
    {
        public TreeResult(Stamp stamp, ImmutableArray<CallSiteOutcome> sources, ImmutableArray<ReferencedCallResult> referenced)
        {
            Stamp = stamp;
            Sources = sources;
            Referenced = referenced;
        }

        public Stamp Stamp { get; }

        public ImmutableArray<CallSiteOutcome> Sources { get; }

        public ImmutableArray<ReferencedCallResult> Referenced { get; }
    }

    /// <summary>The latest result for one tree (replaced whole; a reference write is atomic).</summary>
    private sealed class Slot
    {
        public volatile TreeResult? Current;
    }
}
