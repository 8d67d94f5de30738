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
/// arguments — the path a real team's annotations take. A labelled method's span name ends with its labels
/// (<see cref="SpanNameSuffix"/>): overloads share a span name, so their metric names, and one label set per name is the rule
/// (INS0005, an error). Decided from syntax alone, so what only the compiler knows (a
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

        foreach (var parameter in method.ParameterList.Parameters)
        {
            var reason = WhyNot(parameter, typeParameters);
            if (reason is not null)
            {
                tally.Skip("parameter-" + reason);
                continue;
            }

            var isBool = IsBool(parameter);
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

    /// <summary>
    /// <c>.by_flag_other</c> for a method whose <c>bool</c> parameters <c>flag</c> and <c>other</c> become labels, empty
    /// for one without: the span (and metric) name then differs from an overload's with other labels.
    /// </summary>
    public static string SpanNameSuffix(MethodDeclarationSyntax method)
    {
        var typeParameters = TypeParametersInScope(method);
        var labels = method.ParameterList.Parameters
            .Where(p => WhyNot(p, typeParameters) is null && IsBool(p))
            .Select(p => p.Identifier.ValueText.ToLowerInvariant())
            .ToList();
        return labels.Count == 0 ? string.Empty : ".by_" + string.Join("_", labels);
    }

    private static bool IsBool(ParameterSyntax parameter) =>
        parameter.Type is PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.BoolKeyword };

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
