using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Instrumentation.Generators.Common;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Operations;

/// <summary>
/// The simple names a call must have to reach an annotated method: the names of the methods that carry an
/// operation or funnel attribute, in source and in referenced assemblies. An override, an implementation of an
/// interface method and a call through <c>using static</c>, an alias or an extension all keep the declaration's
/// name in C#, so any invocation whose name is not in this set cannot be a call of an annotated method and is
/// never bound.
/// </summary>
internal static class AnnotatedNames
{
    /// <summary>The attribute types whose methods are instrumented at their call sites.</summary>
    private static readonly string[] AttributeMetadataNames =
    {
        MetadataNames.Ingest, MetadataNames.Broadcast, MetadataNames.Flow, MetadataNames.FlowNode, MetadataNames.Operation, MetadataNames.FunnelEvent,
    };

    /// <summary>Sorted, distinct union of names.</summary>
    public static EquatableArray<string> Merge(IEnumerable<string> names) =>
        new(names.Where(static n => n.Length > 0).Distinct(StringComparer.Ordinal).OrderBy(static n => n, StringComparer.Ordinal).ToArray());

    /// <summary>
    /// Names of annotated methods declared in referenced assemblies. Only an assembly that defines one of the
    /// attribute types or references an assembly that does can carry one, so the framework is never walked.
    /// </summary>
    public static EquatableArray<string> InReferences(Compilation compilation, CancellationToken cancellationToken)
    {
        var attributeAssemblies = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in AttributeMetadataNames)
        {
            foreach (var type in compilation.GetTypesByMetadataName(name))
            {
                if (type.ContainingAssembly is { } assembly && !SymbolEqualityComparer.Default.Equals(assembly, compilation.Assembly))
                {
                    attributeAssemblies.Add(assembly.Identity.Name);
                }
            }
        }

        var names = new List<string>();
        if (attributeAssemblies.Count == 0)
        {
            return EquatableArray<string>.Empty;
        }

        foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (attributeAssemblies.Contains(assembly.Identity.Name)
                || assembly.Modules.Any(module => module.ReferencedAssemblies.Any(identity => attributeAssemblies.Contains(identity.Name))))
            {
                Collect(assembly.GlobalNamespace, names, cancellationToken);
            }
        }

        return Merge(names);
    }

    private static void Collect(INamespaceOrTypeSymbol container, List<string> names, CancellationToken cancellationToken)
    {
        foreach (var member in container.GetMembers())
        {
            switch (member)
            {
                case INamespaceOrTypeSymbol nested:
                    Collect(nested, names, cancellationToken);
                    break;
                case IMethodSymbol method when CallSiteFinder.HasOperationAttribute(method):
                    names.Add(method.Name);
                    break;
            }
        }
    }
}

/// <summary>
/// Compilations are "equal" here when they have the same assembly name and the same reference objects: what
/// <see cref="AnnotatedNames.InReferences"/> reads then cannot have changed, so it does not run again on an edit.
/// </summary>
internal sealed class SameReferences : IEqualityComparer<Compilation>
{
    public static readonly SameReferences Instance = new();

    public bool Equals(Compilation? x, Compilation? y)
    {
        if (ReferenceEquals(x, y))
        {
            return true;
        }

        return x is not null && y is not null
            && string.Equals(x.AssemblyName, y.AssemblyName, StringComparison.Ordinal)
            && x.References.SequenceEqual(y.References, ReferenceIdentity.Instance);
    }

    public int GetHashCode(Compilation obj) => obj.AssemblyName?.Length ?? 0;

    /// <summary>Reference identity of metadata references (a changed project reference is a new object).</summary>
    internal sealed class ReferenceIdentity : IEqualityComparer<MetadataReference>
    {
        public static readonly ReferenceIdentity Instance = new();

        public bool Equals(MetadataReference? x, MetadataReference? y) => ReferenceEquals(x, y);

        public int GetHashCode(MetadataReference obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
    }
}
