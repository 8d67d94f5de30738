using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Instrumentation.RealWorld;

/// <summary>The span name of an annotated method: lower-case namespace, type chain and method, dotted.</summary>
internal static class SpanNames
{
    public static string For(MethodDeclarationSyntax method)
    {
        var parts = new List<string> { method.Identifier.ValueText };
        for (var node = method.Parent; node is not null; node = node.Parent)
        {
            switch (node)
            {
                case BaseTypeDeclarationSyntax type:
                    parts.Add(type.Identifier.ValueText);
                    break;
                case BaseNamespaceDeclarationSyntax ns:
                    parts.AddRange(ns.Name.ToString().Split('.').Reverse());
                    break;
            }
        }

        parts.Reverse();
        return string.Join(".", parts).ToLowerInvariant();
    }
}
