using System.Collections.Generic;
using System.Text;

namespace Instrumentation.Generators.Logging;

/// <summary>Parses a message template at compile time: literal text, <c>{{</c>/<c>}}</c> escapes, <c>{name[,align][:format]}</c>.</summary>
internal static class MessageTemplate
{
    public sealed record Placeholder(string Name, string? Spec);

    /// <summary>Splits the template; returns an error text instead of throwing.</summary>
    public static (List<(string? Literal, Placeholder? Hole)> Parts, string? Error) Parse(string template)
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
                    return (parts, "'{' at position " + i + " is never closed (write '{{' for a literal brace)");
                }

                var body = template.Substring(i + 1, end - i - 1);
                if (body.IndexOf('{') >= 0)
                {
                    return (parts, "'{' at position " + i + " is never closed (write '{{' for a literal brace)");
                }

                var split = body.IndexOfAny(new[] { ',', ':' });
                var name = (split < 0 ? body : body.Substring(0, split)).Trim();
                if (!IsName(name))
                {
                    return (parts, "'{" + body + "}' is not a placeholder name");
                }

                if (literal.Length > 0)
                {
                    parts.Add((literal.ToString(), null));
                    literal.Clear();
                }

                parts.Add((null, new Placeholder(name, split < 0 ? null : body.Substring(split))));
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

                return (parts, "'}' at position " + i + " has no opening '{' (write '}}' for a literal brace)");
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
