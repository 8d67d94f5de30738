using System;
using System.Collections.Generic;

namespace Instrumentation.Analyzers.Contract;

/// <summary>
/// The field names a <c>[LogMethod]</c> template gives its parameters, as the log generator names them: a parameter the
/// template writes is the field of the placeholder's first spelling (<c>{UserId}</c> for a parameter <c>userId</c>, as
/// Microsoft.Extensions.Logging lists it), one it does not is its own name. A malformed template (INS0104) names nothing.
/// </summary>
internal static class TemplateFieldNames
{
    /// <summary>The placeholders' names in order, as written; empty when the template is malformed or absent.</summary>
    public static List<string> Placeholders(string? template)
    {
        var names = new List<string>();
        if (template is null)
        {
            return names;
        }

        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c == '{')
            {
                if (i + 1 < template.Length && template[i + 1] == '{')
                {
                    i++;
                    continue;
                }

                var end = template.IndexOf('}', i + 1);
                if (end < 0)
                {
                    return new List<string>();
                }

                var body = template.Substring(i + 1, end - i - 1);
                var split = body.IndexOfAny(new[] { ',', ':' });
                names.Add(split < 0 ? body : body.Substring(0, split));
                i = end;
            }
            else if (c == '}' && i + 1 < template.Length && template[i + 1] == '}')
            {
                i++;
            }
        }

        return names;
    }

    /// <summary>The field a parameter named <paramref name="parameterName"/> writes, given the template's placeholders.</summary>
    public static string For(string parameterName, List<string> placeholders)
    {
        foreach (var placeholder in placeholders)
        {
            if (string.Equals(placeholder.TrimStart('@'), parameterName, StringComparison.OrdinalIgnoreCase))
            {
                return placeholder;
            }
        }

        return parameterName;
    }
}
