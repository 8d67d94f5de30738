using System.Collections.Generic;
using Microsoft.CodeAnalysis.Operations;

namespace Instrumentation.Analyzers;

/// <summary>Reads message templates of hand-written <c>ILogger</c> calls.</summary>
internal static class LogTemplates
{
    /// <summary>The placeholder names of a constant message template, in order (<c>{Email}</c>, <c>{@User}</c>, <c>{Id:D}</c>).</summary>
    public static List<string> Placeholders(IArgumentOperation? template)
    {
        var names = new List<string>();
        if (template is null || OperationHelpers.Unwrap(template.Value).ConstantValue is not { HasValue: true, Value: string text })
        {
            return names;
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '{')
            {
                continue;
            }

            if (i + 1 < text.Length && text[i + 1] == '{')
            {
                i++;
                continue;
            }

            var end = text.IndexOf('}', i);
            if (end < 0)
            {
                break;
            }

            var name = text.Substring(i + 1, end - i - 1).TrimStart('@', '$');
            var cut = name.IndexOfAny(new[] { ':', ',' });
            names.Add(cut >= 0 ? name.Substring(0, cut) : name);
            i = end;
        }

        return names;
    }
}
