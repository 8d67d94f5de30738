using System.Collections.Immutable;
using System.Linq;
using Instrumentation.Analyzers.Guard;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Instrumentation.Analyzers;

/// <summary>
/// INS1030: an instrumented method used as a method group (converted to a delegate) — interceptors only
/// replace calls, so calls through the delegate record nothing. INS1031: a call of an instrumented
/// method in a project whose <c>InterceptorsNamespaces</c> does not include <c>Instrumentation.Generated</c>. INS1033: a
/// call in the user's code that binds to an instrumented method only with code another source generator writes (an
/// argument <c>JsonContext.Default.Order</c>, a receiver that is an MVVM-generated property, a local typed by such code):
/// the operation generator binds calls without other generators' output, failed to bind this one, and left it as it is.
/// Checked only for calls no interceptor replaces, by binding the call again in the compilation without those trees
/// (the generator's view).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UninstrumentableCallAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics =>
        ImmutableArray.Create(AnalyzerDiagnostics.MethodGroupNotInstrumented, AnalyzerDiagnostics.CallNotInstrumented, AnalyzerDiagnostics.CallNeedsOtherGeneratedCode, AnalyzerDiagnostics.InterceptedCallBindsElsewhere, AnalyzerDiagnostics.InternalAnalyzerError);

    /// <summary>
    /// What to do about a method group. One passed as a plain <see cref="System.Delegate"/> — a minimal API handler,
    /// <c>app.MapPost("/orders", Handlers.Place)</c> — is read by the framework: its parameter names bind route and
    /// query values and its attributes (<c>[Authorize]</c>, <c>[FromBody]</c>) configure the endpoint, and a lambda that
    /// only calls it has neither (a trial's naive wrap made an [Authorize] endpoint anonymous).
    /// </summary>
    private static string MethodGroupAdvice(IMethodReferenceOperation reference)
    {
        if (reference.Type is IFunctionPointerTypeSymbol || reference.Parent is IAddressOfOperation || reference.Parent is IConversionOperation { Type: IFunctionPointerTypeSymbol })
        {
            // '&Svc.Twice' for a delegate*: a lambda cannot be its target (a stranger's trial found the advice impossible).
            return "it is taken as a function pointer (&method), which calls it directly, and a lambda cannot be the target of &; point the function pointer at a static method of your own that calls this one";
        }

        var conversion = reference.Parent is IDelegateCreationOperation creation ? creation.Parent : reference.Parent;
        return conversion is IConversionOperation { Type.SpecialType: SpecialType.System_Delegate }
            ? "it is passed as a Delegate (a minimal API handler), whose parameter names and attributes ([Authorize], [FromBody], …) the framework reads and a lambda that calls it would not have; keep the method group and annotate the methods of your own it calls, or give the lambda the same parameter names and attributes"
            : "wrap it in a lambda";
    }

    /// <summary>
    /// True when the compiler is told to accept interceptors from <c>Instrumentation.Generated</c>: the
    /// <c>InterceptorsNamespaces</c> feature of the parse options (what the compiler itself reads).
    /// </summary>
    private static bool InterceptorsEnabled(Compilation compilation)
    {
        foreach (var tree in compilation.SyntaxTrees)
        {
            var features = tree.Options.Features;
            foreach (var key in new[] { "InterceptorsNamespaces", "InterceptorsPreviewNamespaces" })
            {
                if (features.TryGetValue(key, out var value) && value.Split(';').Any(n => n.Trim() == "Instrumentation.Generated"))
                {
                    return true;
                }
            }

            return false;
        }

        return true;
    }

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterGuardedCompilationStartAction(nameof(UninstrumentableCallAnalyzer), start =>
        {
            var symbols = KnownSymbols.Create(start.Compilation);
            if (symbols.InstrumentedOperation is null)
            {
                return;
            }

            var options = start.Options.AnalyzerConfigOptionsProvider.GlobalOptions;
            var compiledOut = options.TryGetValue("build_property.InstrumentationEnabled", out var enabled) && enabled.Trim().Equals("false", System.StringComparison.OrdinalIgnoreCase);
            var interceptorsOff = !compiledOut && !InterceptorsEnabled(start.Compilation);
            var generatedBase = GeneratorOutput.Base(start.Compilation);

            start.RegisterOperationAction(c =>
            {
                var reference = (IMethodReferenceOperation)c.Operation;
                // 'base.Run' as a method group: no interceptor can replace a base call either (INS0012), so a lambda gains nothing.
                if (reference.Parent is not INameOfOperation && reference.Instance?.Syntax is not Microsoft.CodeAnalysis.CSharp.Syntax.BaseExpressionSyntax && symbols.IsInstrumented(reference.Method))
                {
                    c.ReportDiagnostic(Diagnostic.Create(AnalyzerDiagnostics.MethodGroupNotInstrumented, reference.Syntax.GetLocation(), reference.Method.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat), MethodGroupAdvice(reference)));
                }
            }, OperationKind.MethodReference);

            // Only where another generator's output is part of the compilation (and interceptors are on): elsewhere every
            // call binds in the generator's view as it does here.
            if (!compiledOut && !interceptorsOff && start.Compilation.SyntaxTrees.Any(t => GeneratorOutput.Contains(t, generatedBase) && !GeneratorOutput.IsOwn(t)))
            {
                var generatorView = new System.Lazy<Compilation>(() => start.Compilation.RemoveSyntaxTrees(start.Compilation.SyntaxTrees.Where(t => GeneratorOutput.Contains(t, generatedBase))));
                // One action for every call of the user's code, the instrumented check made once per call.
                start.RegisterOperationAction(c =>
                {
                    var invocation = (IInvocationOperation)c.Operation;
                    if (invocation.Syntax is not InvocationExpressionSyntax syntax || c.Operation.SemanticModel is not { } model)
                    {
                        return;
                    }

                    var target = invocation.TargetMethod;
                    if (!symbols.IsIntercepted(target))
                    {
                        // INS1034: the SDK's interceptor on a call the build binds to another method (an extension method
                        // another generator writes in a closer namespace, with the same parameters, passes the compiler's
                        // signature check): the interceptor would run the instrumented method instead — reported, never silent.
#pragma warning disable RSEXPERIMENTAL002 // the interceptor the compiler binds to this call
                        if (model.GetInterceptorMethod(syntax, c.CancellationToken) is { } interceptor
#pragma warning restore RSEXPERIMENTAL002
                            && interceptor.ContainingNamespace?.ToDisplayString() is { } ns
                            && (ns == "Instrumentation.Generated" || ns.StartsWith("Instrumentation.Generated.", System.StringComparison.Ordinal)))
                        {
                            c.ReportDiagnostic(Diagnostic.Create(AnalyzerDiagnostics.InterceptedCallBindsElsewhere, syntax.GetLocation(), Display(target)));
                        }

                        return;
                    }

                    // INS1033: an instrumented method's call no interceptor replaces, which the generator's view binds otherwise.
                    if (symbols.IsInstrumented(target)
                        && UninterceptedCalls.IsMissed(model, syntax, target, c.CancellationToken)
                        && GeneratedTypeIn((target.ReducedFrom ?? target).OriginalDefinition, generatedBase) is null
                        && !BindsAlike(generatorView.Value, syntax, target, c.CancellationToken))
                    {
                        // The method itself may be declared in that code (a method with the attribute in a Razor component's
                        // @code block, called from its .razor.cs): then no local's type helps (a helper's Blazor trial).
                        var declaredThere = DeclaredOnlyInOtherGeneratedCode((target.ReducedFrom ?? target).OriginalDefinition, generatedBase);
                        c.ReportDiagnostic(Diagnostic.Create(
                            AnalyzerDiagnostics.CallNeedsOtherGeneratedCode,
                            syntax.GetLocation(),
                            "This call of '" + Display(target) + "' binds",
                            declaredThere
                                ? "the method itself is declared there: a Razor component's @code block or the like"
                                : "its receiver, an argument or the type of a local it uses comes from that code",
                            declaredThere
                                ? "it runs without a span or metrics. Move the method into your own code (the component's .razor.cs partial class), or annotate a method of yours that it calls."
                                : "it runs without a span or metrics. Give the generated value its type in your own code (a local declared with its type, not var) so that the call binds without it."));
                    }
                }, OperationKind.Invocation);

                // An annotated method whose signature uses a type only another generator declares (a parameter of
                // Mediator's generated Mediator type): the generator sees an unresolved type there and instruments none
                // of its calls, and no call-site finding can tell (the generator's view binds them to the same method).
                start.RegisterSymbolAction(c =>
                {
                    var method = (IMethodSymbol)c.Symbol;
                    if (symbols.HasOperationAttribute(method) && GeneratedTypeIn(method, generatedBase) is { } generated && method.Locations.FirstOrDefault() is { IsInSource: true } location)
                    {
                        c.ReportDiagnostic(Diagnostic.Create(
                            AnalyzerDiagnostics.CallNeedsOtherGeneratedCode,
                            location,
                            "'" + method.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat) + "' compiles",
                            "its signature uses '" + generated.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat) + "'",
                            "none of its calls is instrumented. Use a type of your own or of a referenced assembly in its signature (an interface the generated type implements), or annotate a method of yours that calls it."));
                    }
                }, SymbolKind.Method);
            }

            if (interceptorsOff)
            {
                start.RegisterOperationAction(c =>
                {
                    var invocation = (IInvocationOperation)c.Operation;
                    if (symbols.IsInstrumented(invocation.TargetMethod))
                    {
                        c.ReportDiagnostic(Diagnostic.Create(AnalyzerDiagnostics.CallNotInstrumented, invocation.Syntax.GetLocation(), invocation.TargetMethod.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat)));
                    }
                }, OperationKind.Invocation);
            }
        });
    }

    /// <summary>True when <paramref name="syntax"/> binds to the same method in <paramref name="generatorView"/> (the compilation without other generators' output).</summary>
    private static bool BindsAlike(Compilation generatorView, InvocationExpressionSyntax syntax, IMethodSymbol target, System.Threading.CancellationToken cancellationToken)
    {
        if (!generatorView.ContainsSyntaxTree(syntax.SyntaxTree))
        {
            return true;
        }

#pragma warning disable RS1030 // not the analyzed compilation: the generator's view of it, which the analysis context cannot give
        var bound = generatorView.GetSemanticModel(syntax.SyntaxTree).GetSymbolInfo(syntax, cancellationToken).Symbol as IMethodSymbol;
#pragma warning restore RS1030
        return bound is not null
            && (bound.ReducedFrom ?? bound).OriginalDefinition.GetDocumentationCommentId() == (target.ReducedFrom ?? target).OriginalDefinition.GetDocumentationCommentId();
    }

    /// <summary>True when every declaration of <paramref name="method"/> is in another source generator's output.</summary>
    private static bool DeclaredOnlyInOtherGeneratedCode(IMethodSymbol method, string? generatedBase) =>
        method.DeclaringSyntaxReferences.Length > 0
        && method.DeclaringSyntaxReferences.All(r => GeneratorOutput.Contains(r.SyntaxTree, generatedBase) && !GeneratorOutput.IsOwn(r.SyntaxTree));

    /// <summary>The first type in <paramref name="method"/>'s signature that only another generator declares, or null.</summary>
    private static INamedTypeSymbol? GeneratedTypeIn(IMethodSymbol method, string? generatedBase)
    {
        var found = GeneratedType(method.ReturnType, generatedBase);
        foreach (var parameter in method.Parameters)
        {
            found ??= GeneratedType(parameter.Type, generatedBase);
        }

        return found;
    }

    private static INamedTypeSymbol? GeneratedType(ITypeSymbol type, string? generatedBase)
    {
        switch (type)
        {
            case IArrayTypeSymbol array:
                return GeneratedType(array.ElementType, generatedBase);
            case IPointerTypeSymbol pointer:
                return GeneratedType(pointer.PointedAtType, generatedBase);
            case INamedTypeSymbol named:
                if (!named.DeclaringSyntaxReferences.IsEmpty
                    && named.DeclaringSyntaxReferences.All(r => GeneratorOutput.Contains(r.SyntaxTree, generatedBase) && !GeneratorOutput.IsOwn(r.SyntaxTree)))
                {
                    return named;
                }

                foreach (var argument in named.TypeArguments)
                {
                    if (GeneratedType(argument, generatedBase) is { } inArgument)
                    {
                        return inArgument;
                    }
                }

                return named.ContainingType is { } containing ? GeneratedType(containing, generatedBase) : null;
            default:
                return null;
        }
    }

    private static string Display(IMethodSymbol method) => method.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat);
}
