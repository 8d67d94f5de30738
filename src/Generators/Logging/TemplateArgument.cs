using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Instrumentation.Generators.Logging;

/// <summary>
/// Where a <c>[LogMethod]</c> attribute writes its message template: the second positional argument, or the one named
/// <c>message:</c> (in any position). The diagnostics about the template (INS0101, INS0105–INS0107) point into it.
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
}
