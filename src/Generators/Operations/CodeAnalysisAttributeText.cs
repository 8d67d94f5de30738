using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Operations;

/// <summary>
/// Writes the <c>System.Diagnostics.CodeAnalysis</c> attributes of a symbol that an interceptor repeats (the contracts
/// the compiler and the trim analyzers compare), with <c>global::</c> names, e.g. <c>[return: global::…NotNull]</c>.
/// </summary>
internal static class CodeAnalysisAttributeText
{
    /// <param name="attributes">The symbol's attributes.</param>
    /// <param name="names">The attribute class names to repeat (from <c>System.Diagnostics.CodeAnalysis</c> only).</param>
    /// <param name="target">An attribute target prefix (<c>return: </c>) or empty.</param>
    /// <param name="suffix">Written after each attribute (a space before a parameter or type parameter).</param>
    /// <param name="argument">Writes one argument: the attribute class name and the value.</param>
    public static string Write(IEnumerable<AttributeData> attributes, HashSet<string> names, string target, string suffix, Func<string, TypedConstant, string> argument)
    {
        var builder = new StringBuilder();
        foreach (var attribute in attributes)
        {
            if (attribute.AttributeClass is not { } type
                || !names.Contains(type.Name)
                || type.ContainingNamespace?.ToDisplayString() != "System.Diagnostics.CodeAnalysis")
            {
                continue;
            }

            var arguments = attribute.ConstructorArguments.Select(a => argument(type.Name, a))
                .Concat(attribute.NamedArguments.Select(n => n.Key + " = " + argument(type.Name, n.Value)))
                .ToList();
            builder.Append('[').Append(target).Append("global::System.Diagnostics.CodeAnalysis.").Append(type.Name);
            if (arguments.Count > 0)
            {
                builder.Append('(').Append(string.Join(", ", arguments)).Append(')');
            }

            builder.Append(']').Append(suffix);
        }

        return builder.ToString();
    }
}
