using System;
using System.Collections.Generic;
using System.Linq;
using Instrumentation.Generators.Logging;

namespace Instrumentation.Analyzers.Contract;

/// <summary>
/// The field names a <c>[LogMethod]</c> template gives its parameters, as the log generator names them: a parameter the
/// template writes is the field of the placeholder's first spelling (<c>{UserId}</c> for a parameter <c>userId</c>, as
/// Microsoft.Extensions.Logging lists it), one it does not is its own name. The template is read by the generator's own
/// reader (<see cref="MessageTemplate"/>, linked into this assembly); a malformed template (INS0104) names nothing.
/// </summary>
internal static class TemplateFieldNames
{
    /// <summary>The placeholders' names in order, as written; empty when the template is malformed or absent.</summary>
    public static List<string> Placeholders(string? template)
    {
        if (template is null)
        {
            return new List<string>();
        }

        var (parts, error) = MessageTemplate.Parse(template);
        return error is null ? parts.Where(p => p.Hole is not null).Select(p => p.Hole!.Name).ToList() : new List<string>();
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
