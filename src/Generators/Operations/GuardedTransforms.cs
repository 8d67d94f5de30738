using System;
using System.Linq;
using System.Threading;
using Instrumentation.Generators.Common;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Operations;

/// <summary>A call site, or the INS0999 that handling it raised (never both).</summary>
internal sealed record CallSiteOutcome(CallSiteModel? Site, DiagnosticInfo? Failure);

/// <summary>
/// The operation generator's per-declaration and per-call-site transforms, each isolated: an exception
/// while handling one becomes one INS0999 at that place and the others are handled as usual.
/// </summary>
internal static class GuardedTransforms
{
    public static OperationParseResult OperationDeclaration(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not IMethodSymbol method || context.Attributes.Length == 0)
        {
            return new OperationParseResult(null, EquatableArray<DiagnosticInfo>.Empty);
        }

        try
        {
            FaultInjection.Check(FaultInjection.Stage.Parse, method.Name);
            return OperationParser.Parse(method, context.Attributes[0], cancellationToken);
        }
        catch (Exception exception) when (GeneratorGuard.IsCatchable(exception))
        {
            var failure = GeneratorGuard.Failure(exception, method.Locations.FirstOrDefault(), GeneratorGuard.Describe(method));
            return new OperationParseResult(null, new EquatableArray<DiagnosticInfo>(new[] { failure }));
        }
    }

    public static Funnel.FunnelParseResult FunnelDeclaration(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not IMethodSymbol method)
        {
            return Empty(string.Empty, EquatableArray<DiagnosticInfo>.Empty);
        }

        try
        {
            FaultInjection.Check(FaultInjection.Stage.Parse, method.Name);
            return Funnel.FunnelParser.Parse(method, context.Attributes, cancellationToken);
        }
        catch (Exception exception) when (GeneratorGuard.IsCatchable(exception))
        {
            var failure = GeneratorGuard.Failure(exception, method.Locations.FirstOrDefault(), GeneratorGuard.Describe(method));
            return Empty(string.Empty, new EquatableArray<DiagnosticInfo>(new[] { failure }));
        }
    }

    public static CallSiteOutcome? CallSite(GeneratorSyntaxContext context, CancellationToken cancellationToken)
    {
        try
        {
            if (context.Node is Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax invocation)
            {
                var name = invocation.Expression switch
                {
                    Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
                    Microsoft.CodeAnalysis.CSharp.Syntax.SimpleNameSyntax simple => simple.Identifier.ValueText,
                    _ => string.Empty,
                };
                FaultInjection.Check(FaultInjection.Stage.CallSite, name);
            }

            var site = CallSiteFinder.Transform(context, cancellationToken);
            return site is null ? null : new CallSiteOutcome(site, null);
        }
        catch (Exception exception) when (GeneratorGuard.IsCatchable(exception))
        {
            return new CallSiteOutcome(null, GeneratorGuard.Failure(exception, context.Node.GetLocation(), "the call '" + Shorten(context.Node.ToString()) + "'"));
        }
    }

    private static Funnel.FunnelParseResult Empty(string key, EquatableArray<DiagnosticInfo> diagnostics) =>
        new(new Funnel.FunnelMethodModel(key, EquatableArray<Funnel.FunnelEventModel>.Empty, ReturnShape.Void), diagnostics);

    private static string Shorten(string text) => text.Length <= 80 ? text : text.Substring(0, 77) + "...";
}
