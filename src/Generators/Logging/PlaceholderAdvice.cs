using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Instrumentation.Generators.Logging;

/// <summary>
/// INS0101's location and advice: the placeholder itself inside the template literal (rather than the whole attribute),
/// and what was most likely meant — a position (<c>{0}</c>) where names are used, a misspelt parameter name, spaces
/// inside the braces (<c>{ value }</c>), or the parameters no placeholder names yet.
/// </summary>
internal static class PlaceholderAdvice
{
    /// <summary>The text appended to the message (starting with <c>": "</c>), or empty.</summary>
    public static string For(string placeholder, IReadOnlyList<string> parameterNames, IReadOnlyCollection<string> referenced)
    {
        var trimmed = placeholder.Trim();
        if (trimmed.Length != placeholder.Length && trimmed.Length > 0)
        {
            // "{ value }": Microsoft.Extensions.Logging keeps the spaces in the name, so the SDK does not trim them either.
            const string Spaces = ": the spaces inside its braces are part of its name, as Microsoft.Extensions.Logging reads a placeholder (the [LoggerMessage] generator reports SYSLIB1014 for it); ";
            return parameterNames.Contains(trimmed.TrimStart('@'), StringComparer.OrdinalIgnoreCase)
                ? Spaces + "write '{" + trimmed + "}'"
                : Spaces + "without them" + (For(trimmed, parameterNames, referenced) is { Length: > 0 } more ? more : ", it matches no parameter either");
        }

        var name = placeholder.TrimStart('@');
        var unreferenced = parameterNames.Where(p => !referenced.Contains(p, StringComparer.OrdinalIgnoreCase)).ToList();
        if (name.Length > 0 && name.All(c => c is >= '0' and <= '9'))
        {
            return parameterNames.Count == 0
                ? ": placeholders are parameter names, not positions, and the method has no parameter to log"
                : ": placeholders are parameter names, not positions (" + Quoted(parameterNames.Select(p => "{" + p + "}")) + ")";
        }

        var close = parameterNames
            .Select(p => (Name: p, Distance: Instrumentation.Text.EditDistance.Between(name.ToLowerInvariant(), p.ToLowerInvariant())))
            .Where(c => c.Distance <= Math.Max(1, name.Length / 3))
            .OrderBy(c => c.Distance)
            .ToList();
        if (close.Count > 0 && (close.Count == 1 || close[0].Distance < close[1].Distance))
        {
            return ": did you mean '{" + close[0].Name + "}'?";
        }

        return unreferenced.Count == 0 ? string.Empty : ": no placeholder names " + Quoted(unreferenced.Select(p => "'" + p + "'"));
    }

    /// <summary>
    /// The placeholder's span in the template when the template is a string literal written in the attribute, positional
    /// or named <c>message:</c> (an
    /// interpolated, concatenated or constant template has no such place); otherwise null.
    /// </summary>
    public static Location? Locate(AttributeSyntax? attribute, string placeholder)
    {
        if (TemplateArgument.Find(attribute) is not LiteralExpressionSyntax { Token: var token } literal
            || !literal.IsKind(SyntaxKind.StringLiteralExpression))
        {
            return null;
        }

        // The token's source text: the placeholder is written as it is unless escapes spell it, where it is not found.
        var text = token.Text;
        for (var at = text.IndexOf("{" + placeholder, StringComparison.Ordinal); at >= 0; at = text.IndexOf("{" + placeholder, at + 1, StringComparison.Ordinal))
        {
            var end = at + 1 + placeholder.Length;
            var escaped = at > 0 && text[at - 1] == '{';
            if (!escaped && end < text.Length && text[end] is '}' or ',' or ':')
            {
                var close = text.IndexOf('}', end);
                var length = (close < 0 ? end : close + 1) - at;
                return Location.Create(literal.SyntaxTree, new TextSpan(token.SpanStart + at, length));
            }
        }

        return null;
    }

    private static string Quoted(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count == 1 ? list[0] : string.Join(", ", list.Take(list.Count - 1)) + " or " + list[list.Count - 1];
    }
}
