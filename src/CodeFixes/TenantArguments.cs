using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Operations;

namespace Instrumentation.CodeFixes;

/// <summary>The tenant a call site passes when the tenant fix adds a <c>TenantContext</c> parameter to the method it calls.</summary>
internal static class TenantArguments
{
    /// <summary>
    /// What a call site passes, in order: the new parameter itself when the caller is one of the changed methods
    /// (<c>base.Run(n, tenant)</c>); the caller's one <c>TenantContext</c> local or parameter; a context built from the
    /// call's own org and project arguments; the <c>Tenant</c> of the caller's one <c>ITenantScoped</c> local or parameter;
    /// the caller type's one <c>TenantContext</c> field or property (<c>Tenant</c> of an <c>ITenantScoped</c> type);
    /// otherwise <c>default</c>, visible at the call for the reader to replace.
    /// </summary>
    public static ExpressionSyntax For(
        InvocationExpressionSyntax invocation,
        SemanticModel model,
        IInvocationOperation? operation,
        int? orgOrdinal,
        int? projectOrdinal,
        List<IMethodSymbol> family,
        string parameterName,
        CancellationToken cancellationToken)
    {
        var position = invocation.SpanStart;
        var caller = model.GetEnclosingSymbol(position, cancellationToken);
        if (caller is IMethodSymbol callerMethod && family.Contains(callerMethod.OriginalDefinition, SymbolEqualityComparer.Default))
        {
            return SyntaxFactory.IdentifierName(parameterName);
        }

        // A static local function or lambda sees neither the variables around it nor 'this'; a field or property
        // initializer sees no instance member; a static member sees no primary constructor parameter.
        var staticFunction = invocation.Ancestors().FirstOrDefault(n =>
            (n is LocalFunctionStatementSyntax local && local.Modifiers.Any(SyntaxKind.StaticKeyword))
            || (n is AnonymousFunctionExpressionSyntax lambda && lambda.Modifiers.Any(SyntaxKind.StaticKeyword)));
        var member = invocation.Ancestors().OfType<MemberDeclarationSyntax>().FirstOrDefault();
        var inInitializer = invocation.Ancestors().TakeWhile(n => n != member).Any(n =>
            n is EqualsValueClauseSyntax { Parent: PropertyDeclarationSyntax or VariableDeclaratorSyntax { Parent.Parent: BaseFieldDeclarationSyntax } });
        var memberSymbol = member is null ? null
            : member is FieldDeclarationSyntax field ? field.Declaration.Variables.Select(v => model.GetDeclaredSymbol(v, cancellationToken)).FirstOrDefault()
            : member is EventFieldDeclarationSyntax eventField ? eventField.Declaration.Variables.Select(v => model.GetDeclaredSymbol(v, cancellationToken)).FirstOrDefault()
            : model.GetDeclaredSymbol(member, cancellationToken);
        var isStaticContext = (caller?.IsStatic ?? true) || staticFunction is not null || inInitializer || (memberSymbol?.IsStatic ?? false);
        var callerType = model.GetEnclosingSymbol(position, cancellationToken)?.ContainingType;
        var assigned = AssignedOnEntry(invocation, model);
        var visible = model.LookupSymbols(position)
            .Where(s => s is not ILocalSymbol || s.Locations.FirstOrDefault() is not { } declared || declared.SourceSpan.Start < position)
            .ToList();
        var variables = visible.Where(s => s is ILocalSymbol or IParameterSymbol && IsUsableVariable(s, staticFunction, isStaticContext, assigned)).ToList();
        var members = visible.Where(s => s is IFieldSymbol or IPropertySymbol && (s.IsStatic || (!isStaticContext && IsOwnMember(s, callerType)))).ToList();

        var contexts = variables.Where(s => IsTenantContext(TypeOf(s))).ToList();
        if (contexts.Count == 1)
        {
            return SyntaxFactory.IdentifierName(contexts[0].Name);
        }

        if (contexts.Count == 0 && operation is not null && orgOrdinal is { } orgAt && projectOrdinal is { } projectAt)
        {
            var org = operation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == orgAt && a.ArgumentKind == ArgumentKind.Explicit)?.Syntax as ArgumentSyntax;
            var project = operation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == projectAt && a.ArgumentKind == ArgumentKind.Explicit)?.Syntax as ArgumentSyntax;
            if (org is not null && project is not null && IsSimple(org.Expression) && IsSimple(project.Expression))
            {
                var typeName = CodeFixHelpers.AttributeName(invocation, "TenantContext");
                return SyntaxFactory.ParseExpression("new " + typeName + "(" + org.Expression.WithoutTrivia() + ", " + project.Expression.WithoutTrivia() + ")");
            }
        }

        var scoped = variables.Where(s => TypeOf(s) is { } type && IsTenantScoped(type)).ToList();
        if (contexts.Count == 0 && scoped.Count == 1)
        {
            return SyntaxFactory.ParseExpression(scoped[0].Name + ".Tenant");
        }

        var memberContexts = members.Where(s => IsTenantContext(TypeOf(s))).ToList();
        if (contexts.Count == 0 && scoped.Count == 0 && memberContexts.Count == 1)
        {
            return SyntaxFactory.IdentifierName(memberContexts[0].Name);
        }

        return SyntaxFactory.LiteralExpression(SyntaxKind.DefaultLiteralExpression);
    }

    /// <summary>
    /// The variables definitely assigned where the call's statement starts (null where no statement holds the call:
    /// an expression-bodied member, whose only variables are its parameters).
    /// </summary>
    private static ISet<ISymbol>? AssignedOnEntry(InvocationExpressionSyntax invocation, SemanticModel model)
    {
        if (invocation.FirstAncestorOrSelf<StatementSyntax>() is not { } statement)
        {
            return null;
        }

        var flow = model.AnalyzeDataFlow(statement);
        return flow is { Succeeded: true } ? new HashSet<ISymbol>(flow.DefinitelyAssignedOnEntry, SymbolEqualityComparer.Default) : null;
    }

    private static bool IsUsableVariable(ISymbol variable, SyntaxNode? staticFunction, bool isStaticContext, ISet<ISymbol>? assigned)
    {
        var declared = variable.Locations.FirstOrDefault();
        if (staticFunction is not null && (declared is null || !staticFunction.Span.Contains(declared.SourceSpan)))
        {
            return false;
        }

        if (variable is IParameterSymbol { ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.Constructor } constructor }
            && constructor.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is TypeDeclarationSyntax) && isStaticContext)
        {
            // A primary constructor parameter, read from a static member.
            return false;
        }

        if (variable is IParameterSymbol { RefKind: RefKind.Out })
        {
            return assigned?.Contains(variable) ?? false;
        }

        return variable is not ILocalSymbol || assigned is null || assigned.Contains(variable);
    }

    /// <summary>An instance member the caller's <c>this</c> has (not one of an enclosing type, which a nested type cannot read without an instance).</summary>
    private static bool IsOwnMember(ISymbol member, INamedTypeSymbol? callerType)
    {
        for (var type = callerType; type is not null; type = type.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, member.ContainingType.OriginalDefinition))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsTenantContext(ITypeSymbol? type) =>
        type is { Name: "TenantContext" } && type.ContainingNamespace?.ToDisplayString() == "Instrumentation";

    private static ITypeSymbol? TypeOf(ISymbol symbol) => symbol switch
    {
        ILocalSymbol local => local.Type,
        IParameterSymbol parameter => parameter.Type,
        IFieldSymbol field => field.Type,
        IPropertySymbol property => property.Type,
        _ => null,
    };

    private static bool IsTenantScoped(ITypeSymbol type) =>
        type.AllInterfaces.Append(type as INamedTypeSymbol).Any(i => i is { Name: "ITenantScoped" } && i.ContainingNamespace?.ToDisplayString() == "Instrumentation");

    private static bool IsSimple(ExpressionSyntax expression) =>
        expression is IdentifierNameSyntax or LiteralExpressionSyntax || (expression is MemberAccessExpressionSyntax access && IsSimple(access.Expression));
}
