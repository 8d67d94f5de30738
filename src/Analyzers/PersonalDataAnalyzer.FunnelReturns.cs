using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Instrumentation.Analyzers;

/// <summary>
/// A funnel event method that stores its return value as a property (<c>[return: EventProperty("mail")]</c>, or
/// <c>"mail=return"</c> in <c>Properties</c>) and returns a classified value while its return is not classified
/// (<c>string Invite(Customer c) =&gt; c.Email</c>, <c>Customer.Email</c> marked <c>[PersonalData]</c>): the generated
/// funnel code redacts by the return's classification, so the e-mail address went into the <c>product_events</c> row in
/// clear (a leak stranger's trial, no diagnostic). INS1010 at the returned value; the fix marks the return
/// (<c>[return: PersonalData]</c>), which redacts the stored property and changes nothing the method returns to its caller.
/// </summary>
public sealed partial class PersonalDataAnalyzer
{
    private static void AnalyzeFunnelReturn(OperationAnalysisContext context, KnownSymbols symbols, ReportedSites reported)
    {
        if (context.IsGeneratedCode
            || context.Operation is not IReturnOperation { ReturnedValue: { } returned } ret
            || context.ContainingSymbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary } method
            || InsideNestedFunction(ret)
            || StoredReturnProperty(symbols, method) is not { } property
            || symbols.ClassificationName(method.GetReturnTypeAttributes()) is not null
            || symbols.TypeClassificationName(ResultType(method)) is not null
            || method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(context.CancellationToken) is not MethodDeclarationSyntax declarationSyntax)
        {
            return;
        }

        var value = OperationHelpers.Unwrap(returned);
        if (IsRedacted(symbols, value) || ClassificationOfArgument(symbols, value, context.CancellationToken) is not { } classified
            || !reported.TryAdd(AnalyzerDiagnostics.UnclassifiedPersonalData, value.Syntax))
        {
            return;
        }

        ReportToMark(
            context,
            value,
            declarationSyntax.Identifier.GetLocation(),
            classified.Attribute,
            "the return value of " + method.Name,
            "classified data ('" + classified.Name + "', marked [" + classified.Attribute + "], is returned)",
            "the funnel event property '" + property + "'",
            "mark it [return: " + classified.Attribute + "] so the stored property is redacted (the caller still gets the value)");
    }

    /// <summary>
    /// The name of the funnel event property <paramref name="method"/> stores its return value in as it is — an
    /// <c>[EventProperty]</c> on the return or a <c>Properties</c> entry whose path is <c>return</c> itself (a member path,
    /// <c>return.Email</c>, is redacted by the member's own classification) — or null.
    /// </summary>
    private static string? StoredReturnProperty(KnownSymbols symbols, IMethodSymbol method)
    {
        if (symbols.FunnelEvent is null || method.ReturnsVoid)
        {
            return null;
        }

        var funnel = method.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, symbols.FunnelEvent));
        if (funnel is null)
        {
            return null;
        }

        if (symbols.EventProperty is not null
            && method.GetReturnTypeAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, symbols.EventProperty)) is { } onReturn)
        {
            return onReturn.ConstructorArguments.Length > 0 && onReturn.ConstructorArguments[0].Value is string { Length: > 0 } given ? given : "result";
        }

        foreach (var named in funnel.NamedArguments)
        {
            if (named.Key != "Properties" || named.Value.Kind != TypedConstantKind.Array || named.Value.IsNull)
            {
                continue;
            }

            foreach (var item in named.Value.Values)
            {
                var pair = item.Value as string ?? string.Empty;
                var equals = pair.IndexOf('=');
                if (equals > 0 && pair.Substring(equals + 1).Trim() == "return")
                {
                    return pair.Substring(0, equals).Trim();
                }
            }
        }

        return null;
    }

    /// <summary>The value a method's result holds: <c>T</c> of <c>Task&lt;T&gt;</c>/<c>ValueTask&lt;T&gt;</c>, else the return type.</summary>
    private static ITypeSymbol ResultType(IMethodSymbol method) =>
        method.ReturnType is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1, Name: "Task" or "ValueTask", ContainingNamespace: { Name: "Tasks", ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } } } awaited
            ? awaited.TypeArguments[0]
            : method.ReturnType;

    /// <summary>Whether <paramref name="operation"/> is inside a lambda or a local function (its return is not the method's).</summary>
    private static bool InsideNestedFunction(IOperation operation)
    {
        for (var parent = operation.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return true;
            }
        }

        return false;
    }
}
