using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Instrumentation.Generators.Common;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Instrumentation.Generators.Logging;

/// <summary>
/// Writes the parts of a partial method's implementation that must repeat its declaration: parameter
/// modifiers (<c>this</c>, <c>params</c>, <c>scoped</c>, <c>ref</c>/<c>out</c>/<c>in</c>/<c>ref readonly</c>), type
/// parameters and their constraints.
/// </summary>
internal static class LogSignatures
{
    public static string Parameter(IParameterSymbol parameter, CancellationToken cancellationToken)
    {
        var modifiers = string.Empty;
        if (parameter.Ordinal == 0 && parameter.ContainingSymbol is IMethodSymbol { IsExtensionMethod: true })
        {
            modifiers += "this ";
        }

        if (parameter.IsParams)
        {
            modifiers += "params ";
        }

        var declaredScoped = parameter.DeclaringSyntaxReferences
            .Select(r => r.GetSyntax(cancellationToken))
            .OfType<ParameterSyntax>()
            .Any(p => p.Modifiers.Any(SyntaxKind.ScopedKeyword));
        if (declaredScoped)
        {
            modifiers += "scoped ";
        }

        modifiers += parameter.RefKind switch
        {
            RefKind.Ref => "ref ",
            RefKind.Out => "out ",
            RefKind.In => "in ",
            RefKind.RefReadOnlyParameter => "ref readonly ",
            _ => string.Empty,
        };
        return modifiers + SymbolNames.Type(parameter.Type) + " @" + parameter.Name;
    }

    public static string TypeParameters(IMethodSymbol method) =>
        method.TypeParameters.Length == 0 ? string.Empty : "<" + string.Join(", ", method.TypeParameters.Select(t => "@" + t.Name)) + ">";

    public static string Constraints(IMethodSymbol method)
    {
        var clauses = new List<string>();
        foreach (var parameter in method.TypeParameters)
        {
            var parts = new List<string>();
            if (parameter.HasReferenceTypeConstraint)
            {
                parts.Add(parameter.ReferenceTypeConstraintNullableAnnotation == NullableAnnotation.Annotated ? "class?" : "class");
            }
            else if (parameter.HasUnmanagedTypeConstraint)
            {
                parts.Add("unmanaged");
            }
            else if (parameter.HasValueTypeConstraint)
            {
                parts.Add("struct");
            }
            else if (parameter.HasNotNullConstraint)
            {
                parts.Add("notnull");
            }

            parts.AddRange(parameter.ConstraintTypes.Select(SymbolNames.Type));
            if (parameter.HasConstructorConstraint)
            {
                parts.Add("new()");
            }

            if (parameter.AllowsRefLikeType)
            {
                parts.Add("allows ref struct");
            }

            if (parts.Count > 0)
            {
                clauses.Add("where @" + parameter.Name + " : " + string.Join(", ", parts));
            }
        }

        return string.Join(" ", clauses);
    }
}
