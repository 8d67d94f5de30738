using System.Collections.Generic;
using System.Text;

namespace Instrumentation.Generators.Logging;

/// <summary>
/// Parses a message template at compile time: literal text, <c>{{</c>/<c>}}</c> escapes,
/// <c>{name[,alignment][:format]}</c>. The alignment must be a whole number; an empty format (<c>{a:}</c>) is none.
/// </summary>
internal static class MessageTemplate
{
    /// <summary>
    /// A placeholder: its name as written (spaces inside the braces included, as Microsoft.Extensions.Logging reads it), its
    /// alignment (<c>-5</c>) and its format (<c>F2</c>), an empty format being none, and its text as the template writes it
    /// (<c>{total, 8 :F2}</c>).
    /// </summary>
    public sealed record Placeholder(string Name, string? Alignment, string? Format, string Source);

    /// <summary>
    /// What is wrong with a malformed template: the reason, and where in the template's value it is (the offending brace,
    /// or the whole placeholder), so that INS0104 can point at it.
    /// </summary>
    public sealed record Error(string Reason, int Position, int Length);

    /// <summary>Splits the template; returns an error instead of throwing.</summary>
    public static (List<(string? Literal, Placeholder? Hole)> Parts, Error? Error) Parse(string template)
    {
        var parts = new List<(string?, Placeholder?)>();
        var literal = new StringBuilder();
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c == '{')
            {
                if (i + 1 < template.Length && template[i + 1] == '{')
                {
                    literal.Append('{');
                    i++;
                    continue;
                }

                var end = template.IndexOf('}', i + 1);
                if (end < 0)
                {
                    return (parts, new Error("'{' at position " + i + " is never closed (write '{{' for a literal brace)", i, 1));
                }

                var body = template.Substring(i + 1, end - i - 1);
                var inner = body.IndexOf('{');
                if (inner >= 0)
                {
                    // As .NET's composite formatting reads a placeholder (and so Microsoft.Extensions.Logging's
                    // LogValuesFormatter): its format ends at the first '}' and cannot hold a '{' — '{{' is no escape
                    // there. A '{' in the format is the offending brace; one before any ':' leaves this '{' unclosed.
                    var colon = body.IndexOf(':');
                    if (colon >= 0 && colon < inner)
                    {
                        var holeName = body.Substring(0, body.IndexOfAny(new[] { ',', ':' }));
                        return (parts, new Error(
                            "'{' at position " + (i + 1 + inner) + " is inside the format of the placeholder '{" + holeName + "}' that opens at position " + i
                                + ": a format ends at its first '}' and cannot hold a '{', not even a doubled one ('{{' is no escape there; Microsoft.Extensions.Logging throws a FormatException for it)",
                            i + 1 + inner,
                            1));
                    }

                    return (parts, new Error(
                        "'{' at position " + i + " is never closed: the '{' at position " + (i + 1 + inner) + " comes before any '}' (write '{{' for a literal brace)",
                        i,
                        1));
                }

                var split = body.IndexOfAny(new[] { ',', ':' });
                // The name is read as written, spaces too, as Microsoft.Extensions.Logging names the field ("{ value }" is
                // the field " value ", which its [LoggerMessage] generator binds to no parameter): such a placeholder
                // matches no parameter (INS0101, which says so). Only a name that is no name even without them is
                // malformed here.
                var name = split < 0 ? body : body.Substring(0, split);
                if (!IsName(name.Trim()))
                {
                    return (parts, new Error("'{" + body + "}' is not a placeholder name", i, end - i + 1));
                }

                if (literal.Length > 0)
                {
                    parts.Add((literal.ToString(), null));
                    literal.Clear();
                }

                string? alignment = null;
                string? format = null;
                if (split >= 0)
                {
                    var colon = body.IndexOf(':', split);
                    if (body[split] == ',')
                    {
                        alignment = (colon < 0 ? body.Substring(split + 1) : body.Substring(split + 1, colon - split - 1)).Trim();
                        if (!IsAlignment(alignment))
                        {
                            return (parts, new Error("the alignment ',"
                                + alignment + "' of '{" + name + "}' is not a whole number", i, end - i + 1));
                        }
                    }

                    if (colon >= 0 && colon + 1 < body.Length)
                    {
                        format = body.Substring(colon + 1);
                    }
                }

                parts.Add((null, new Placeholder(name, alignment, format, template.Substring(i, end - i + 1))));
                i = end;
            }
            else if (c == '}')
            {
                if (i + 1 < template.Length && template[i + 1] == '}')
                {
                    literal.Append('}');
                    i++;
                    continue;
                }

                return (parts, new Error("'}' at position " + i + " has no opening '{' (write '}}' for a literal brace)", i, 1));
            }
            else
            {
                literal.Append(c);
            }
        }

        if (literal.Length > 0)
        {
            parts.Add((literal.ToString(), null));
        }

        return (parts, null);
    }

    private static bool IsAlignment(string text)
    {
        var start = text.StartsWith("-", System.StringComparison.Ordinal) ? 1 : 0;
        if (text.Length == start || text.Length - start > 6)
        {
            return false;
        }

        for (var i = start; i < text.Length; i++)
        {
            if (text[i] < '0' || text[i] > '9')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsName(string name)
    {
        if (name.Length == 0)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsLetterOrDigit(c) || c == '_' || c == '@' || c == '.'))
            {
                return false;
            }
        }

        return true;
    }
}
