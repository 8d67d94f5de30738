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
/// Trees are bound on several threads (<see cref="Common.ParallelWork"/>): a target is read under the cache's lock,
/// so each is read once (cheap next to binding the calls). A target that throws is not stored: each of its calls then
/// gets its own INS0999.
/// </summary>
internal sealed class CallTargetCache
{
    private readonly Dictionary<IMethodSymbol, SourceCallTarget?> _source = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<IMethodSymbol, ReferencedCallTarget?> _referenced = new(SymbolEqualityComparer.Default);

    /// <summary>The target when <paramref name="definition"/> is (or implements/overrides) an annotated method; otherwise null.</summary>
    public SourceCallTarget? Source(IMethodSymbol definition)
    {
        lock (_source)
        {
            if (!_source.TryGetValue(definition, out var target))
            {
                target = CallSiteFinder.Target(definition);
                _source[definition] = target;
            }

            return target;
        }
    }

    /// <summary>The target when <paramref name="definition"/>'s annotated declaration is in a referenced assembly; otherwise null.</summary>
    public ReferencedCallTarget? Referenced(IMethodSymbol definition, Compilation compilation, CancellationToken cancellationToken)
    {
        lock (_referenced)
        {
            if (!_referenced.TryGetValue(definition, out var target))
            {
                target = ReferencedCallFinder.Target(definition, compilation, cancellationToken);
                _referenced[definition] = target;
            }

            return target;
        }
    }
}
