using System.Collections.Generic;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Instrumentation.Generators.Logging;

/// <summary>
/// Where a <c>[LogMethod]</c> attribute writes its message template: the second positional argument, or the one named
/// <c>message:</c> (in any position). The diagnostics about the template (INS0101, INS0104–INS0107) point into it.
/// </summary>
internal static class TemplateArgument
{
    /// <summary>The template argument's expression, or null when the attribute has none in source.</summary>
    public static ExpressionSyntax? Find(AttributeSyntax? attribute)
    {
        if (attribute?.ArgumentList is not { } list)
        {
            return null;
        }

        var position = 0;
        foreach (var argument in list.Arguments)
        {
            if (argument.NameEquals is not null)
            {
                continue;
            }

            if (argument.NameColon is { } named ? named.Name.Identifier.ValueText == "message" : position == 1)
            {
                return argument.Expression;
            }

            position++;
        }

        return null;
    }

    /// <summary>
    /// The source span of the template's characters [<paramref name="position"/>, <paramref name="position"/> +
    /// <paramref name="length"/>) when the template is a string literal written in the attribute — regular (through its
    /// escapes), verbatim or raw — otherwise null (a constant, a concatenation, an interpolation).
    /// </summary>
    public static Location? Locate(AttributeSyntax? attribute, int position, int length)
    {
        if (Find(attribute) is not LiteralExpressionSyntax { Token: var token } literal
            || !literal.IsKind(SyntaxKind.StringLiteralExpression)
            || position < 0
            || length < 0)
        {
            return null;
        }

        var spans = SourceSpans(token.Text, out var value);

        // Read as the compiler reads it, or not at all: a literal this reading gets wrong has no place to point at.
        if (spans is null || value != token.ValueText || position + length > value.Length || (length == 0 && position == value.Length))
        {
            return null;
        }

        var start = spans[position].Start;
        var end = length == 0 ? start : spans[position + length - 1].End;
        return Location.Create(literal.SyntaxTree, TextSpan.FromBounds(token.SpanStart + start, token.SpanStart + end));
    }

    /// <summary>
    /// For each character of a string literal's value, where the token's text writes it (an escape: the whole escape; both
    /// halves of a surrogate pair written as one <c>\U</c> escape: that escape); null for a form not read here (an
    /// unknown escape, an interpolation). <paramref name="value"/> is the value so read, which the caller compares with the
    /// compiler's.
    /// </summary>
    private static List<(int Start, int End)>? SourceSpans(string text, out string value)
    {
        var offsets = new List<(int Start, int End)>();
        var builder = new System.Text.StringBuilder();
        value = string.Empty;
        if (text.StartsWith("\"\"\"", System.StringComparison.Ordinal))
        {
            var quotes = 0;
            while (quotes < text.Length && text[quotes] == '"')
            {
                quotes++;
            }

            var close = text.Length - quotes;
            if (close < quotes)
            {
                return null;
            }

            var newline = text.IndexOf('\n', quotes);
            if (newline < 0 || newline >= close)
            {
                // Single-line raw literal: its content as written.
                for (var i = quotes; i < close; i++)
                {
                    offsets.Add((i, i + 1));
                    builder.Append(text[i]);
                }
            }
            else
            {
                // Multi-line raw literal: the lines between the opening line and the closing one, each without the closing
                // line's indentation (a blank line may have less), joined by their own line breaks.
                var closingLine = text.LastIndexOf('\n', close - 1) + 1;
                var indentation = text.Substring(closingLine, close - closingLine);
                var contentEnd = closingLine - 1 > 0 && text[closingLine - 2] == '\r' ? closingLine - 2 : closingLine - 1;
                for (var line = newline + 1; line < contentEnd;)
                {
                    var next = text.IndexOf('\n', line);
                    var lineEnd = next < 0 || next >= contentEnd ? contentEnd : next > line && text[next - 1] == '\r' ? next - 1 : next;
                    int from;
                    if (string.CompareOrdinal(text, line, indentation, 0, indentation.Length) == 0 && lineEnd - line >= indentation.Length)
                    {
                        from = line + indentation.Length;
                    }
                    else if (text.Substring(line, lineEnd - line).Trim().Length == 0)
                    {
                        from = lineEnd;
                    }
                    else
                    {
                        return null;
                    }

                    for (var i = from; i < lineEnd; i++)
                    {
                        offsets.Add((i, i + 1));
                        builder.Append(text[i]);
                    }

                    if (lineEnd == contentEnd)
                    {
                        break;
                    }

                    // The line break as written (\r\n or \n).
                    for (var i = lineEnd; i <= next; i++)
                    {
                        offsets.Add((i, i + 1));
                        builder.Append(text[i]);
                    }

                    line = next + 1;
                }
            }
        }
        else if (text.StartsWith("@\"", System.StringComparison.Ordinal))
        {
            for (var i = 2; i < text.Length - 1; i++)
            {
                // "" is one quote.
                var width = text[i] == '"' ? 2 : 1;
                offsets.Add((i, i + width));
                builder.Append(text[i]);
                i += width - 1;
            }
        }
        else if (text.StartsWith("\"", System.StringComparison.Ordinal))
        {
            for (var i = 1; i < text.Length - 1; i++)
            {
                var at = i;
                if (text[i] != '\\' || i + 1 >= text.Length - 1)
                {
                    offsets.Add((at, at + 1));
                    builder.Append(text[i]);
                    continue;
                }

                var escape = text[++i];
                switch (escape)
                {
                    case 'x':
                    case 'u':
                    case 'U':
                        var max = escape == 'x' ? 4 : escape == 'u' ? 4 : 8;
                        var digits = 0;
                        while (digits < max && i + 1 + digits < text.Length - 1 && IsHexDigit(text[i + 1 + digits]))
                        {
                            digits++;
                        }

                        if (digits == 0 || !uint.TryParse(text.Substring(i + 1, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code) || code > 0x10FFFF)
                        {
                            return null;
                        }

                        i += digits;
                        var decoded = code > 0xFFFF ? char.ConvertFromUtf32((int)code) : ((char)code).ToString();
                        foreach (var ch in decoded)
                        {
                            offsets.Add((at, i + 1));
                            builder.Append(ch);
                        }

                        break;
                    default:
                        var simple = escape switch
                        {
                            '\'' => '\'',
                            '"' => '"',
                            '\\' => '\\',
                            '0' => '\0',
                            'a' => '\a',
                            'b' => '\b',
                            'e' => '\u001b',
                            'f' => '\f',
                            'n' => '\n',
                            'r' => '\r',
                            't' => '\t',
                            'v' => '\v',
                            _ => (char?)null,
                        };
                        if (simple is null)
                        {
                            return null;
                        }

                        offsets.Add((at, i + 1));
                        builder.Append(simple.Value);
                        break;
                }
            }
        }
        else
        {
            return null;
        }

        value = builder.ToString();
        return offsets;
    }

    private static bool IsHexDigit(char c) => c is >= '0' and <= '9' or >= 'a' and <= 'f' or >= 'A' and <= 'F';
}
