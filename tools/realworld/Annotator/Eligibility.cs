using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Instrumentation.RealWorld;

/// <summary>
/// Which methods get the attribute: the shapes the Operation generator accepts without an INS error
/// (see OperationParser.FindShapeProblem / FindInaccessibility), decided from syntax alone.
/// </summary>
internal static class Eligibility
{
    private static readonly string[] OurAttributes =
    {
        "Operation", "Ingest", "Broadcast", "Flow", "FlowNode", "LogMethod", "FunnelEvent",
    };

    /// <summary>Null when the method is annotated; else a short reason used as a counter name.</summary>
    public static string? WhyNot(MethodDeclarationSyntax method, bool includeAbstract = false, bool includeInterface = false)
    {
        if (method.Parent is InterfaceDeclarationSyntax && includeInterface)
        {
            return WhyNotInterfaceMember(method);
        }

        if (method.Parent is not (ClassDeclarationSyntax or StructDeclarationSyntax or RecordDeclarationSyntax))
        {
            return method.Parent is InterfaceDeclarationSyntax ? "interface" : "not-in-a-type";
        }

        // An abstract method can carry the attribute (calls through the base type are then intercepted, which
        // INS0013 asks for); --include-abstract turns that on.
        var isAbstract = Has(method.Modifiers, SyntaxKind.AbstractKeyword);
        if (isAbstract ? !includeAbstract : (method.Body is null && method.ExpressionBody is null))
        {
            return isAbstract ? "abstract" : "no-body";
        }

        if (Has(method.Modifiers, SyntaxKind.ExternKeyword))
        {
            return "no-body";
        }

        if (!IsReachable(method.Modifiers, nested: true))
        {
            return "not-accessible";
        }

        for (var type = method.Parent as BaseTypeDeclarationSyntax; type is not null; type = type.Parent as BaseTypeDeclarationSyntax)
        {
            if (Has(type.Modifiers, SyntaxKind.FileKeyword))
            {
                return "file-local-type";
            }

            if (!IsReachable(type.Modifiers, nested: type.Parent is BaseTypeDeclarationSyntax))
            {
                return "type-not-accessible";
            }
        }

        if (Has(method.Modifiers, SyntaxKind.AsyncKeyword)
            && method.ReturnType is PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword })
        {
            return "async-void";
        }

        if (method.ReturnType is RefTypeSyntax)
        {
            return "ref-return";
        }

        if (method.ParameterList.Parameters.Any(p => p.Type is null))
        {
            return "arglist";
        }

        if (IsIterator(method))
        {
            return "iterator";
        }

        if (method.AttributeLists.SelectMany(l => l.Attributes).Any(a => IsOurs(a.Name)))
        {
            return "already-annotated";
        }

        return null;
    }

    /// <summary>
    /// An interface member (--include-interface, what INS0016 asks for: calls through the interface are then
    /// intercepted): an instance member that is public (the default) — not static (static abstract/virtual members are
    /// called through a type parameter), not private, not an iterator, ref return or __arglist — in reachable types.
    /// </summary>
    private static string? WhyNotInterfaceMember(MethodDeclarationSyntax method)
    {
        if (Has(method.Modifiers, SyntaxKind.StaticKeyword))
        {
            return "interface-static";
        }

        if (Has(method.Modifiers, SyntaxKind.PrivateKeyword) || Has(method.Modifiers, SyntaxKind.ProtectedKeyword))
        {
            return "not-accessible";
        }

        for (var type = method.Parent as BaseTypeDeclarationSyntax; type is not null; type = type.Parent as BaseTypeDeclarationSyntax)
        {
            if (Has(type.Modifiers, SyntaxKind.FileKeyword))
            {
                return "file-local-type";
            }

            var nestedInInterface = type.Parent is InterfaceDeclarationSyntax && !type.Modifiers.Any(m => m.IsKind(SyntaxKind.PrivateKeyword) || m.IsKind(SyntaxKind.ProtectedKeyword) || m.IsKind(SyntaxKind.InternalKeyword));
            if (!nestedInInterface && !IsReachable(type.Modifiers, nested: type.Parent is BaseTypeDeclarationSyntax))
            {
                return "type-not-accessible";
            }
        }

        if (method.ReturnType is RefTypeSyntax)
        {
            return "ref-return";
        }

        if (method.ParameterList.Parameters.Any(p => p.Type is null))
        {
            return "arglist";
        }

        if (IsIterator(method))
        {
            return "iterator";
        }

        if (method.AttributeLists.SelectMany(l => l.Attributes).Any(a => IsOurs(a.Name)))
        {
            return "already-annotated";
        }

        return null;
    }

    private static bool IsReachable(SyntaxTokenList modifiers, bool nested)
    {
        if (Has(modifiers, SyntaxKind.PublicKeyword))
        {
            return true;
        }

        if (Has(modifiers, SyntaxKind.PrivateKeyword))
        {
            return false; // private, private protected
        }

        if (Has(modifiers, SyntaxKind.InternalKeyword))
        {
            return true; // internal, protected internal
        }

        if (Has(modifiers, SyntaxKind.ProtectedKeyword))
        {
            return false;
        }

        return !nested; // no modifier: internal for a top-level type, private for a member or nested type
    }

    private static bool IsIterator(MethodDeclarationSyntax method)
    {
        SyntaxNode? body = (SyntaxNode?)method.Body ?? method.ExpressionBody;
        return body is not null && body
            .DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
            .OfType<YieldStatementSyntax>()
            .Any();
    }

    private static bool IsOurs(NameSyntax name)
    {
        var text = name.ToString();
        var last = text.Substring(text.LastIndexOf('.') + 1);
        return OurAttributes.Any(a => last == a || last == a + "Attribute");
    }

    private static bool Has(SyntaxTokenList modifiers, SyntaxKind kind) => modifiers.Any(m => m.IsKind(kind));
}
