using System.Collections.Generic;
using System.Linq;
using Instrumentation.Generators.Common;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Operations;

/// <summary>
/// Annotated methods that the compiler also calls by itself: the pattern methods of <c>foreach</c>, <c>using</c>,
/// <c>await</c>, deconstruction, interpolated string handlers, <c>fixed</c>, collection initializers and ranges. Those
/// calls are not written in source, so no interceptor can replace them (found on nietras/Sep, whose readers are mostly
/// enumerated by <c>foreach</c>). INS0018 (Info) at the attribute says so; calls written in source are instrumented.
/// </summary>
internal static class ImplicitCallers
{
    public static DiagnosticInfo? Check(IMethodSymbol method, GeneratorAttributeSyntaxContext context)
    {
        if (method.MethodKind == MethodKind.Ordinary && FrameworkEntryPoint(method) is { } entry)
        {
            return DiagnosticInfo.Create(
                RobustnessDiagnostics.FrameworkCallsNotInstrumented,
                context.Attributes[0].ApplicationSyntaxReference?.GetSyntax().GetLocation() ?? method.Locations.FirstOrDefault(),
                method.ContainingType.Name + "." + method.Name,
                entry.What,
                entry.Framework);
        }

        if (method.MethodKind != MethodKind.Ordinary || Construct(method) is not { } construct)
        {
            return null;
        }

        var location = context.Attributes[0].ApplicationSyntaxReference?.GetSyntax().GetLocation() ?? method.Locations.FirstOrDefault();
        return DiagnosticInfo.Create(
            RobustnessDiagnostics.ImplicitCallsNotInstrumented,
            location,
            method.ContainingType.Name + "." + method.Name,
            construct);
    }

    /// <summary>
    /// A method a framework finds by reflection and invokes through its own dispatcher, or null: a public instance method
    /// of a SignalR hub (<c>Hub</c>, <c>Hub&lt;T&gt;</c>), an MVC controller (<c>ControllerBase</c>, not
    /// <c>[NonAction]</c>) or a Razor Pages handler (<c>On&lt;Verb&gt;…</c> of a <c>PageModel</c> or page, not <c>[NonHandler]</c>). A helper's SignalR app annotated its hub methods and got no span and no word about it.
    /// </summary>
    public static (string What, string Framework)? FrameworkEntryPoint(IMethodSymbol method)
    {
        if (method.IsStatic || method.DeclaredAccessibility != Accessibility.Public || method.IsOverride
            || method.ContainingType is not { TypeKind: TypeKind.Class } type)
        {
            return null;
        }

        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            var name = current.OriginalDefinition.ToDisplayString();
            if (name is "Microsoft.AspNetCore.SignalR.Hub" or "Microsoft.AspNetCore.SignalR.Hub<T>")
            {
                return ("a SignalR hub method", "SignalR");
            }

            if (name is "Microsoft.AspNetCore.Mvc.ControllerBase"
                && !method.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "Microsoft.AspNetCore.Mvc.NonActionAttribute"))
            {
                return ("an MVC controller action", "ASP.NET Core MVC");
            }

            // Razor Pages finds a page model's handlers by name (On<Verb>[<Handler>][Async]: OnGet, OnPostDeleteAsync)
            // and invokes them through its own executor. A helper's Razor Pages app annotated OnGet and got no span and
            // no word about it.
            if (name is "Microsoft.AspNetCore.Mvc.RazorPages.PageModel" or "Microsoft.AspNetCore.Mvc.RazorPages.PageBase"
                && IsPageHandlerName(method.Name)
                && !method.IsGenericMethod
                && !method.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "Microsoft.AspNetCore.Mvc.RazorPages.NonHandlerAttribute"))
            {
                return ("a Razor Pages handler", "ASP.NET Core Razor Pages");
            }
        }

        if (IsConventionMiddlewareInvoke(method, type))
        {
            return ("a middleware's " + method.Name + " method", "ASP.NET Core (UseMiddleware)");
        }

        return IsPocoController(type) && !method.IsGenericMethod && !HasAttributeNamed(method, "Microsoft.AspNetCore.Mvc.NonActionAttribute")
            ? ("an MVC controller action", "ASP.NET Core MVC")
            : null;
    }

    /// <summary>
    /// A convention-based middleware's <c>Invoke</c>/<c>InvokeAsync(HttpContext, …)</c> in a class whose public constructor
    /// takes the next <c>RequestDelegate</c>: <c>UseMiddleware&lt;T&gt;</c> binds it by reflection (a newcomer's trial on the
    /// realworld example app annotated its error-handling middleware and got no span and no word).
    /// </summary>
    private static bool IsConventionMiddlewareInvoke(IMethodSymbol method, INamedTypeSymbol type) =>
        method.Name is "Invoke" or "InvokeAsync"
        && method.Parameters.Length > 0
        && method.Parameters[0].Type.ToDisplayString() == "Microsoft.AspNetCore.Http.HttpContext"
        && type.InstanceConstructors.Any(c => c.DeclaredAccessibility == Accessibility.Public
            && c.Parameters.Any(p => p.Type.ToDisplayString() == "Microsoft.AspNetCore.Http.RequestDelegate"));

    /// <summary>
    /// A controller MVC finds without <c>ControllerBase</c> (a "POCO controller"): a public, non-abstract, non-generic class
    /// with <c>[Controller]</c> on it or a base, or whose name ends with "Controller", as ASP.NET Core's
    /// ControllerFeatureProvider decides, and not <c>[NonController]</c>. By the name alone only where MVC's own attributes
    /// say the class is one (<c>[Route]</c>, <c>[ApiController]</c>, <c>[HttpGet]</c> on a method…): a web app's
    /// <c>InputController</c> that MVC is never told about must not get a warning (an error under warnings as errors).
    /// A newcomer's trial on gothinkster/aspnetcore-realworld-example-app, whose controllers have no base class, got no
    /// span and no word about it.
    /// </summary>
    private static bool IsPocoController(INamedTypeSymbol type)
    {
        if (type.IsAbstract || type.IsStatic || type.TypeParameters.Length > 0 || !IsPublicAllTheWay(type))
        {
            return false;
        }

        var marked = false;
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (HasAttributeNamed(current, "Microsoft.AspNetCore.Mvc.NonControllerAttribute"))
            {
                return false;
            }

            marked |= HasAttributeNamed(current, "Microsoft.AspNetCore.Mvc.ControllerAttribute");
        }

        return marked
            || (type.Name.EndsWith("Controller", System.StringComparison.OrdinalIgnoreCase)
                && (type.GetAttributes().Any(IsMvcAttribute) || type.GetMembers().OfType<IMethodSymbol>().Any(m => m.GetAttributes().Any(IsMvcAttribute))));
    }

    private static bool IsPublicAllTheWay(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (current.DeclaredAccessibility != Accessibility.Public)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsMvcAttribute(AttributeData attribute) =>
        attribute.AttributeClass?.ContainingNamespace?.ToDisplayString() is "Microsoft.AspNetCore.Mvc" or "Microsoft.AspNetCore.Mvc.Routing";

    private static bool HasAttributeNamed(ISymbol symbol, string name) =>
        symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == name);

    /// <summary>
    /// Whether Razor Pages runs a method of this name as a handler for a request: "On", then an HTTP method, an optional
    /// handler name and an optional "Async" suffix, split as ASP.NET Core's DefaultPageApplicationModelPartsProvider
    /// splits it (the method runs to the next upper-case letter). ASP.NET Core takes any "On…" name for a handler, but
    /// one whose method is not an HTTP method a request uses (OnRefresh is for "REFRESH", OnboardAsync for "BOARD") is
    /// reached by no request: such a method is a helper the app calls itself, and INS0021 saying the framework calls it
    /// was a false warning (an error under warnings as errors).
    /// </summary>
    private static bool IsPageHandlerName(string name)
    {
        if (!name.StartsWith("On", System.StringComparison.Ordinal))
        {
            return false;
        }

        const int start = 2;
        var length = name.EndsWith("Async", System.StringComparison.Ordinal) ? name.Length - "Async".Length : name.Length;
        if (length <= start)
        {
            return false;
        }

        var end = start + 1;
        while (end < length && !char.IsUpper(name[end]))
        {
            end++;
        }

        return System.Array.IndexOf(HttpMethods, name.Substring(start, end - start).ToUpperInvariant()) >= 0;
    }

    private static readonly string[] HttpMethods = { "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "CONNECT" };

    /// <summary>The construct for which the compiler calls <paramref name="method"/> by its shape, or null.</summary>
    public static string? Construct(IMethodSymbol method)
    {
        // An extension method can serve the GetEnumerator/GetAwaiter/Deconstruct patterns too: its receiver is not an argument.
        var parameters = method.IsExtensionMethod ? method.Parameters.Skip(1).ToList() : method.Parameters.ToList();
        var instance = !method.IsStatic || method.IsExtensionMethod;
        if (!instance)
        {
            return CollectionBuilderOf(method) is { } collection
                ? "collection expressions of '" + collection + "' ('[a, b]', [CollectionBuilder])"
                : null;
        }

        var none = parameters.All(p => p.IsOptional);
        var type = method.IsExtensionMethod ? method.Parameters[0].Type : method.ContainingType;
        return method.Name switch
        {
            "GetEnumerator" when none => "'foreach'",
            "MoveNext" when parameters.Count == 0 && !method.IsExtensionMethod => "'foreach'",
            "GetAsyncEnumerator" when none => "'await foreach'",
            "MoveNextAsync" when parameters.Count == 0 && !method.IsExtensionMethod => "'await foreach'",
            "Dispose" when parameters.Count == 0 && !method.IsExtensionMethod => "'using' and 'foreach'",
            "DisposeAsync" when parameters.Count == 0 && !method.IsExtensionMethod => "'await using' and 'await foreach'",
            "GetAwaiter" when parameters.Count == 0 => "'await'",
            "GetResult" when parameters.Count == 0 && !method.IsExtensionMethod && HasMember(type, "IsCompleted") => "'await'",
            "Deconstruct" when parameters.Count > 0 && parameters.All(p => p.RefKind == RefKind.Out) => "deconstruction ('var (a, b) = value')",
            "AppendLiteral" or "AppendFormatted" when !method.IsExtensionMethod && HasAttribute(type, "InterpolatedStringHandlerAttribute") => "interpolated strings",
            // Collection initializers and ranges also take an extension method (Add and Slice for a type of a referenced
            // assembly): the compiler calls it the same way.
            "GetPinnableReference" when parameters.Count == 0 && !method.IsExtensionMethod => "'fixed'",
            "Add" when parameters.Count > 0 && Implements(type, "System.Collections.IEnumerable") => "collection initializers and collection expressions",
            "Slice" when parameters.Count == 2 && (HasMember(type, "Length") || HasMember(type, "Count")) => "ranges ('value[a..b]')",
            _ when IsQueryOperator(method.Name, parameters) => "query expressions ('from x in source where … select …')",
            _ => null,
        };
    }

    /// <summary>
    /// The names a query expression is translated into (C# spec, query expression translation), with at least one
    /// delegate or expression-tree parameter (<c>Cast</c>: a type argument and none), the shape the compiler binds
    /// <c>from … select</c> to. The query is not an invocation in source, so no interceptor can replace the call.
    /// </summary>
    private static bool IsQueryOperator(string name, List<IParameterSymbol> parameters)
    {
        switch (name)
        {
            case "Select" or "Where" or "SelectMany" or "Join" or "GroupJoin" or "OrderBy" or "OrderByDescending"
                or "ThenBy" or "ThenByDescending" or "GroupBy":
                return parameters.Any(p => IsLambdaTarget(p.Type));
            default:
                return false;
        }
    }

    private static bool IsLambdaTarget(ITypeSymbol type) =>
        type.TypeKind == TypeKind.Delegate
        || type is INamedTypeSymbol { Name: "Expression", IsGenericType: true, ContainingNamespace: { Name: "Expressions", ContainingNamespace: { Name: "Linq", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } } };

    /// <summary>
    /// The collection type whose <c>[CollectionBuilder(typeof(Builder), "Create")]</c> names <paramref name="method"/>
    /// (a static method of one <c>ReadOnlySpan&lt;T&gt;</c> parameter returning that type), or null: a collection
    /// expression of that type calls it without an invocation in source.
    /// </summary>
    private static string? CollectionBuilderOf(IMethodSymbol method)
    {
        if (method.Parameters.Length != 1
            || method.Parameters[0].Type is not INamedTypeSymbol { Name: "ReadOnlySpan", IsGenericType: true }
            || method.ReturnType.OriginalDefinition is not INamedTypeSymbol collection)
        {
            return null;
        }

        foreach (var attribute in collection.GetAttributes())
        {
            if (attribute.AttributeClass is { Name: "CollectionBuilderAttribute" } attributeClass
                && attributeClass.ContainingNamespace?.ToDisplayString() == "System.Runtime.CompilerServices"
                && attribute.ConstructorArguments.Length == 2
                && attribute.ConstructorArguments[0].Value is INamedTypeSymbol builder
                && SymbolEqualityComparer.Default.Equals(builder.OriginalDefinition, method.ContainingType.OriginalDefinition)
                && attribute.ConstructorArguments[1].Value is string methodName
                && methodName == method.Name)
            {
                return collection.Name;
            }
        }

        return null;
    }

    private static bool HasMember(ITypeSymbol type, string name)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.GetMembers(name).Any(m => m is IPropertySymbol))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasAttribute(ITypeSymbol type, string name) =>
        type.GetAttributes().Any(a => a.AttributeClass?.Name == name
            && a.AttributeClass.ContainingNamespace?.ToDisplayString() == "System.Runtime.CompilerServices");

    private static bool Implements(ITypeSymbol type, string metadataName) =>
        type.AllInterfaces.Any(i => i.ToDisplayString() == metadataName);
}
