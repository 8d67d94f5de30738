using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Instrumentation.RealWorld;

/// <summary>
/// The --tag-parameters mode: besides <c>[Operation]</c>, every parameter of an annotated method whose value the
/// generated code can read becomes a span attribute, and every <c>bool</c> parameter also a metric label (bounded by
/// its type). This moves the methods off the shared plain-operation shape onto the per-operation classes that capture
/// arguments — the path a real team's annotations take. Overloads (which share a span name, so their metrics) get no label. Decided from syntax alone, so what only the compiler knows (a
/// library's own ref struct, an alias of a pointer) is left to the generator, whose INS0003 warning is then counted.
/// </summary>
internal static class ParameterTags
{
    private static readonly HashSet<string> RefStructNames = new(System.StringComparer.Ordinal)
    {
        "Span", "ReadOnlySpan", "Utf8JsonReader", "Utf8JsonWriter", "SpanSplitEnumerator", "TypedReference", "ArgIterator",
        "RuntimeArgumentHandle", "ValueStringBuilder", "DefaultInterpolatedStringHandler",
    };

    /// <summary>The text changes that tag the method's parameters; counts what it did and what it left.</summary>
    public static IEnumerable<TextChangeAt> For(MethodDeclarationSyntax method, Tally tally)
    {
        var typeParameters = TypeParametersInScope(method);

        // Overloads share the annotator's span name and so their metric names; a label on one and not on the other is
        // INS0005 (one name, two label sets), an error: overloaded methods get span attributes only.
        var overloaded = method.Parent is TypeDeclarationSyntax type
            && type.Members.OfType<MethodDeclarationSyntax>().Count(m => m.Identifier.ValueText == method.Identifier.ValueText) > 1;
        foreach (var parameter in method.ParameterList.Parameters)
        {
            var reason = WhyNot(parameter, typeParameters);
            if (reason is not null)
            {
                tally.Skip("parameter-" + reason);
                continue;
            }

            var isBool = !overloaded && parameter.Type is PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.BoolKeyword };
            var text = isBool
                ? "[global::Instrumentation.SpanAttribute, global::Instrumentation.MetricLabel] "
                : "[global::Instrumentation.SpanAttribute] ";
            tally.Tagged++;
            if (isBool)
            {
                tally.Labelled++;
            }

            // Before the modifiers: attributes go first ('[A] this T x', '[A] params T[] x', '[A] ref T x').
            var anchor = parameter.Modifiers.Count > 0 ? parameter.Modifiers[0] : parameter.Type!.GetFirstToken();
            yield return new TextChangeAt(anchor.SpanStart, text);
        }
    }

    private static string? WhyNot(ParameterSyntax parameter, HashSet<string> typeParameters)
    {
        if (parameter.Type is null)
        {
            return "arglist";
        }

        if (parameter.Modifiers.Any(m => m.IsKind(SyntaxKind.OutKeyword)))
        {
            return "out";
        }

        if (parameter.AttributeLists.SelectMany(l => l.Attributes).Any(a => a.Name.ToString().EndsWith("SpanAttribute", System.StringComparison.Ordinal)))
        {
            return "already-tagged";
        }

        // A bare type parameter is left out (most are unconstrained: INS0004); a type built from one (List<T>,
        // Action<T>) is tagged — the generator keeps a reference as an object and refuses a value type with INS0004.
        if (parameter.Type is IdentifierNameSyntax bare && typeParameters.Contains(bare.Identifier.ValueText))
        {
            return "type-parameter";
        }

        foreach (var node in parameter.Type.DescendantNodesAndSelf())
        {
            switch (node)
            {
                case PointerTypeSyntax or FunctionPointerTypeSyntax:
                    return "pointer";
                case SimpleNameSyntax name when RefStructNames.Contains(name.Identifier.ValueText):
                    return "ref-struct";
            }
        }

        return null;
    }

    private static HashSet<string> TypeParametersInScope(MethodDeclarationSyntax method)
    {
        var names = new HashSet<string>(System.StringComparer.Ordinal);
        for (SyntaxNode? node = method; node is not null; node = node.Parent)
        {
            var list = node switch
            {
                MethodDeclarationSyntax m => m.TypeParameterList,
                TypeDeclarationSyntax t => t.TypeParameterList,
                _ => null,
            };
            if (list is not null)
            {
                names.UnionWith(list.Parameters.Select(p => p.Identifier.ValueText));
            }
        }

        return names;
    }
}

/// <summary>An insertion at a position of the file.</summary>
internal readonly record struct TextChangeAt(int Position, string Text);
