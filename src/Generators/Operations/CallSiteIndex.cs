using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Instrumentation.Generators.Operations;

/// <summary>An invocation that may call an annotated method, with the simple name it calls (null: a shape with no name).</summary>
internal readonly struct CallCandidate
{
    public CallCandidate(InvocationExpressionSyntax node, string? name, bool isBaseCall)
    {
        Node = node;
        Name = name;
        IsBaseCall = isBaseCall;
    }

    public InvocationExpressionSyntax Node { get; }

    public string? Name { get; }

    /// <summary><c>base.M()</c>: reported (INS0032-style robustness diagnostic), never intercepted or sent to the referenced pipeline.</summary>
    public bool IsBaseCall { get; }
}

/// <summary>
/// What one syntax tree offers call-site discovery, read from syntax alone and kept per tree object (a tree the
/// edit did not touch is the same object in the next compilation, so its index is never rebuilt): the invocations
/// with the simple name each one calls, and a hash of the tree's declaration shape — everything except the bodies
/// of methods, constructors, operators, accessors and local functions — which is what another file's binding can
/// depend on. Directives (<c>#nullable</c>, <c>#if</c>) count as shape wherever they are.
/// </summary>
internal sealed class CallSiteIndex
{
    private static readonly ConditionalWeakTable<SyntaxTree, CallSiteIndex> Indexes = new();

    private CallSiteIndex(ImmutableArray<CallCandidate> candidates, ulong declarationHash)
    {
        Candidates = candidates;
        DeclarationHash = declarationHash;
    }

    public ImmutableArray<CallCandidate> Candidates { get; }

    public ulong DeclarationHash { get; }

    /// <summary>The index of <paramref name="tree"/>, built once per tree object.</summary>
    public static CallSiteIndex For(SyntaxTree tree, CancellationToken cancellationToken)
    {
        if (Indexes.TryGetValue(tree, out var index))
        {
            return index;
        }

        index = Build(tree.GetRoot(cancellationToken), cancellationToken);
        return Indexes.GetValue(tree, _ => index);
    }

    /// <summary>The simple name an invocation calls (<c>x.M()</c>, <c>M&lt;T&gt;()</c>, <c>x?.M()</c>, <c>(x.M)()</c>), or null.</summary>
    public static string? CalledName(InvocationExpressionSyntax invocation)
    {
        var expression = invocation.Expression;
        while (expression is ParenthesizedExpressionSyntax parenthesized)
        {
            expression = parenthesized.Expression;
        }

        return expression switch
        {
            MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
            MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
            _ => null,
        };
    }

    private static CallSiteIndex Build(SyntaxNode root, CancellationToken cancellationToken)
    {
        var candidates = ImmutableArray.CreateBuilder<CallCandidate>();
        var hash = new ShapeHash();

        // Document order, iteratively (deeply nested expressions must not overflow the stack). A body's end
        // position marks the tokens that do not count as declaration shape.
        var bodyEnd = -1;
        foreach (var item in root.DescendantNodesAndTokens())
        {
            if (item.IsNode)
            {
                var node = item.AsNode()!;
                if (node.SpanStart >= bodyEnd && IsBody(node))
                {
                    bodyEnd = node.FullSpan.End;
                }

                if (node is InvocationExpressionSyntax invocation)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (CallSiteFinder.IsCandidate(invocation, cancellationToken))
                    {
                        candidates.Add(new CallCandidate(invocation, CalledName(invocation), isBaseCall: false));
                    }
                    else if (GuardedTransforms.IsBaseCall(invocation))
                    {
                        candidates.Add(new CallCandidate(invocation, CalledName(invocation), isBaseCall: true));
                    }
                }

                continue;
            }

            var token = item.AsToken();
            if (token.SpanStart >= bodyEnd)
            {
                hash.Add(token.RawKind);
                hash.Add(token.Text);
            }

            if (token.ContainsDirectives)
            {
                AddDirectives(token.LeadingTrivia, ref hash);
                AddDirectives(token.TrailingTrivia, ref hash);
            }
        }

        return new CallSiteIndex(candidates.ToImmutable(), hash.Value);
    }

    private static void AddDirectives(SyntaxTriviaList trivia, ref ShapeHash hash)
    {
        foreach (var item in trivia)
        {
            if (item.IsDirective)
            {
                hash.Add(item.RawKind);
                hash.Add(item.ToString());
            }
        }
    }

    /// <summary>A body whose content no other file can observe: what it binds to never changes another file's binding.</summary>
    private static bool IsBody(SyntaxNode node) =>
        (node is BlockSyntax or ArrowExpressionClauseSyntax)
        && node.Parent is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or LocalFunctionStatementSyntax
            or PropertyDeclarationSyntax or IndexerDeclarationSyntax;

    /// <summary>FNV-1a, 64 bits, over token kinds and texts (stable across processes, unlike string.GetHashCode).</summary>
    private struct ShapeHash
    {
        private const ulong Prime = 1099511628211UL;
        private ulong _value;
        private bool _started;

        public ulong Value => _started ? _value : 14695981039346656037UL;

        public void Add(int value)
        {
            Start();
            unchecked
            {
                for (var i = 0; i < 4; i++)
                {
                    _value = (_value ^ (byte)(value >> (8 * i))) * Prime;
                }
            }
        }

        public void Add(string text)
        {
            Start();
            unchecked
            {
                foreach (var c in text)
                {
                    _value = (_value ^ (byte)c) * Prime;
                    _value = (_value ^ (byte)(c >> 8)) * Prime;
                }

                // A separator so that "ab" + "c" and "a" + "bc" differ.
                _value = (_value ^ 0xFF) * Prime;
            }
        }

        private void Start()
        {
            if (!_started)
            {
                _value = 14695981039346656037UL;
                _started = true;
            }
        }
    }
}
