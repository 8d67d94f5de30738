using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Operations;

namespace Instrumentation.CodeFixes;

/// <summary>
/// The declarations that must change together when a method's signature changes (the interface members it implements,
/// the methods it overrides, and their other implementations and overrides), and the calls of them in a solution.
/// </summary>
internal static class MethodFamily
{
    /// <summary>The method plus the interface members it implements, the methods it overrides, and their other implementations/overrides; null when one is not in source.</summary>
    public static async Task<List<IMethodSymbol>?> FamilyAsync(IMethodSymbol method, Solution solution, CancellationToken cancellationToken)
    {
        var family = new List<IMethodSymbol>();
        var pending = new Queue<IMethodSymbol>();
        void Add(IMethodSymbol candidate)
        {
            candidate = candidate.OriginalDefinition;
            if (!family.Contains(candidate, SymbolEqualityComparer.Default))
            {
                family.Add(candidate);
                pending.Enqueue(candidate);
            }
        }

        Add(method);
        while (pending.Count > 0)
        {
            var current = pending.Dequeue();
            if (current.OverriddenMethod is { } overridden)
            {
                Add(overridden);
            }

            foreach (var explicitImplementation in current.ExplicitInterfaceImplementations)
            {
                Add(explicitImplementation);
            }

            foreach (var iface in current.ContainingType.AllInterfaces)
            {
                foreach (var member in iface.GetMembers(current.Name).OfType<IMethodSymbol>())
                {
                    if (SymbolEqualityComparer.Default.Equals(current.ContainingType.FindImplementationForInterfaceMember(member)?.OriginalDefinition, current))
                    {
                        Add(member);
                    }
                }
            }

            if (current.ContainingType.TypeKind == TypeKind.Interface)
            {
                foreach (var implementation in await SymbolFinder.FindImplementationsAsync(current, solution, cancellationToken: cancellationToken).ConfigureAwait(false))
                {
                    if (implementation is IMethodSymbol implementationMethod)
                    {
                        Add(implementationMethod);
                    }
                }
            }

            if (current.IsVirtual || current.IsAbstract || current.IsOverride)
            {
                foreach (var overriding in await SymbolFinder.FindOverridesAsync(current, solution, cancellationToken: cancellationToken).ConfigureAwait(false))
                {
                    if (overriding is IMethodSymbol overridingMethod)
                    {
                        Add(overridingMethod);
                    }
                }
            }
        }

        foreach (var member in family)
        {
            if (member.DeclaringSyntaxReferences.Length == 0
                || Declarations(member).Any(r => solution.GetDocument(r.SyntaxTree) is null || r.GetSyntax(cancellationToken) is not MethodDeclarationSyntax))
            {
                return null;
            }
        }

        return family;
    }

    /// <summary>Where the method is declared: both parts of a partial method.</summary>
    public static IEnumerable<SyntaxReference> Declarations(IMethodSymbol method) =>
        method.DeclaringSyntaxReferences
            .Concat(method.PartialImplementationPart?.DeclaringSyntaxReferences ?? System.Collections.Immutable.ImmutableArray<SyntaxReference>.Empty)
            .Concat(method.PartialDefinitionPart?.DeclaringSyntaxReferences ?? System.Collections.Immutable.ImmutableArray<SyntaxReference>.Empty)
            .Distinct();

    /// <summary>Every invocation of a family member in the solution; null when one is referenced other than by a call (method group, delegate).</summary>
    public static async Task<List<(DocumentId Document, Microsoft.CodeAnalysis.Text.TextSpan Span)>?> CallSitesAsync(List<IMethodSymbol> family, Solution solution, CancellationToken cancellationToken)
    {
        var calls = new List<(DocumentId, Microsoft.CodeAnalysis.Text.TextSpan)>();
        foreach (var member in family)
        {
            foreach (var referenced in await SymbolFinder.FindReferencesAsync(member, solution, cancellationToken).ConfigureAwait(false))
            {
                foreach (var location in referenced.Locations)
                {
                    var root = await location.Document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                    var name = root?.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
                    if (name is null || name.FirstAncestorOrSelf<CrefSyntax>() is not null || IsInNameOf(name))
                    {
                        continue;
                    }

                    // c.Store(...), c?.Store(...) (a member binding) or Store(...).
                    var callee = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access
                        : name.Parent is MemberBindingExpressionSyntax binding && binding.Name == name ? binding
                        : name;
                    if (callee.Parent is not InvocationExpressionSyntax invocation || invocation.Expression != callee)
                    {
                        return null;
                    }

                    var key = (location.Document.Id, invocation.Span);
                    if (!calls.Contains(key))
                    {
                        calls.Add(key);
                    }
                }
            }
        }

        return calls;
    }

    private static bool IsInNameOf(SyntaxNode node) =>
        node.Ancestors().OfType<InvocationExpressionSyntax>().Any(i => i.Expression is IdentifierNameSyntax { Identifier.ValueText: "nameof" });
}
