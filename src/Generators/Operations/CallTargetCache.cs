using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Operations;

/// <summary>What a call of one annotated method declared in this compilation needs: the operation's key and the interceptor signature.</summary>
internal sealed record SourceCallTarget(string OperationKey, InterceptorSignature Signature);

/// <summary>
/// What a call of one annotated method declared in a referenced assembly needs, read once from metadata: the parsed
/// operation and funnel events, or why calls of it cannot be instrumented (<see cref="FailureDescriptor"/> and
/// <see cref="FailureReason"/>, reported at each call). <see cref="SignatureFeature"/>: a feature of the interceptor's
/// signature newer than the C# 11 the generated file needs otherwise (a <c>params</c> collection, an <c>allows ref struct</c>
/// constraint, a <c>ref readonly</c> parameter), which the declaring library's C# had and a caller's may not have, and
/// <see cref="SignatureLanguage"/> the version it needs.
/// </summary>
internal sealed record ReferencedCallTarget(
    string DeclaringAssembly,
    string Display,
    string OperationKey,
    InterceptorSignature Signature,
    OperationModel? Operation,
    Funnel.FunnelMethodModel? Funnel,
    DiagnosticDescriptor? FailureDescriptor,
    string? FailureReason,
    Microsoft.CodeAnalysis.CSharp.LanguageVersion SignatureLanguage = Common.LanguageRequirement.Operations,
    string? SignatureFeature = null);

/// <summary>
/// The call targets of one binding pass (one compilation), per invoked method's original definition: a library
/// called 1,900 times from its tests was parsed from metadata, and its interceptor signature built, 1,900 times
/// (issue 18 §7). Symbols belong to one compilation, so a cache lives for one <see cref="CallSiteBinder.BindAll"/>.
/// Trees are bound on several threads (<see cref="Common.ParallelWork"/>): a target is read once, by the first thread
/// that needs it, and only a thread that needs the same target waits for it; a target already read is returned
/// without a lock. (One lock around the whole cache made the binding threads wait for each other: about a tenth of
/// their time on LiteDB's library, in a sampling profile of <c>tools/realworld/GeneratorProfile</c>.) A target that
/// throws is not stored: each of its calls then gets its own INS0999.
/// </summary>
internal sealed class CallTargetCache
{
    // More lock stripes than the default (one per core): the binding threads add entries at the same time.
    private static readonly int Stripes = Common.ParallelWork.Cores * 8;

    private readonly ConcurrentDictionary<IMethodSymbol, Lazy<SourceCallTarget?>> _source = new(Stripes, 256, SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, Lazy<ReferencedCallTarget?>> _referenced = new(Stripes, 256, SymbolEqualityComparer.Default);

    /// <summary>The target when <paramref name="definition"/> is (or implements/overrides) an annotated method; otherwise null.</summary>
    public SourceCallTarget? Source(IMethodSymbol definition) =>
        _source.TryGetValue(definition, out var read) ? Value(_source, definition, read) : Read(_source, definition, () => CallSiteFinder.Target(definition));

    /// <summary>The target when <paramref name="definition"/>'s annotated declaration is in a referenced assembly; otherwise null.</summary>
    public ReferencedCallTarget? Referenced(IMethodSymbol definition, Compilation compilation, CancellationToken cancellationToken) =>
        _referenced.TryGetValue(definition, out var read)
            ? Value(_referenced, definition, read)
            : Read(_referenced, definition, () => ReferencedCallFinder.Target(definition, compilation, cancellationToken));

    private static T? Read<T>(ConcurrentDictionary<IMethodSymbol, Lazy<T?>> cache, IMethodSymbol definition, Func<T?> read)
        where T : class =>
        Value(cache, definition, cache.GetOrAdd(definition, new Lazy<T?>(read, LazyThreadSafetyMode.ExecutionAndPublication)));

    private static T? Value<T>(ConcurrentDictionary<IMethodSymbol, Lazy<T?>> cache, IMethodSymbol definition, Lazy<T?> entry)
        where T : class
    {
        try
        {
            return entry.Value;
        }
        catch
        {
            // Not stored: the next call reads it again (and fails on its own, with its own INS0999).
            ((ICollection<KeyValuePair<IMethodSymbol, Lazy<T?>>>)cache).Remove(new KeyValuePair<IMethodSymbol, Lazy<T?>>(definition, entry));
            throw;
        }
    }
}
