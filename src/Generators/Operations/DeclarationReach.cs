using System.Linq;
using Instrumentation.Generators.Common;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Operations;

/// <summary>
/// Whether calls through the declarations an annotated method overrides or implements reach it. A call is
/// intercepted by what the compiler binds it to, so an attribute only on an override or on an interface
/// implementation instruments the calls written against that type, not those through the base or interface
/// member. Reported at the attribute: INS0013 (base in source: annotate it), INS0016 (interface member in
/// source: annotate it), INS0017 (Info: the member is in a referenced assembly, such as <c>object.ToString</c>
/// or <c>IDisposable.Dispose</c>, which cannot be annotated here).
/// </summary>
internal static class DeclarationReach
{
    public static DiagnosticInfo? Check(IMethodSymbol method, GeneratorAttributeSyntaxContext context)
    {
        if (method.MethodKind != MethodKind.Ordinary)
        {
            // Explicit implementations and other shapes get INS0007 from the parser.
            return null;
        }

        var location = context.Attributes[0].ApplicationSyntaxReference?.GetSyntax().GetLocation() ?? method.Locations.FirstOrDefault();
        if (method.IsOverride && method.OverriddenMethod is not null)
        {
            IMethodSymbol root = method;
            for (var overridden = method.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
            {
                if (CallSiteFinder.FindAnnotatedDeclaration(overridden.OriginalDefinition) is not null)
                {
                    return null;
                }

                root = overridden;
            }

            return Report(method, root, location, RobustnessDiagnostics.AttributeOnlyOnOverride);
        }

        if (method.ContainingType is not { TypeKind: TypeKind.Class or TypeKind.Struct } type || (method.IsStatic && !type.AllInterfaces.Any()))
        {
            return null;
        }

        IMethodSymbol? implemented = null;
        foreach (var iface in type.AllInterfaces)
        {
            foreach (var member in iface.GetMembers(method.Name).OfType<IMethodSymbol>())
            {
                if (!SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(member)?.OriginalDefinition, method.OriginalDefinition))
                {
                    continue;
                }

                if (CallSiteFinder.FindAnnotatedDeclaration(member.OriginalDefinition) is not null)
                {
                    return null;
                }

                implemented ??= member;
            }
        }

        return implemented is null ? null : Report(method, implemented, location, RobustnessDiagnostics.AttributeOnlyOnImplementation);
    }

    /// <summary>The advice for an explicit implementation, which can only be called through its interface member.</summary>
    public static string ExplicitImplementationProblem(IMethodSymbol method)
    {
        var member = method.ExplicitInterfaceImplementations.FirstOrDefault();
        if (member is null)
        {
            return "an explicit interface implementation is only called through its interface member";
        }

        var display = member.OriginalDefinition.ToDisplayString(SymbolNames.Display);
        return member.Locations.Any(l => l.IsInSource)
            ? "an explicit interface implementation is only called through '" + display + "', and a call is intercepted by what it binds to: put the attribute on '" + display + "' instead"
            : "an explicit interface implementation is only called through '" + display + "' (declared in '" + member.ContainingAssembly?.Name
                + "'), and a call is intercepted by what it binds to: call an annotated method of your own from it";
    }

    private static DiagnosticInfo Report(IMethodSymbol method, IMethodSymbol declaration, Location? location, DiagnosticDescriptor whenInSource)
    {
        // A static abstract or virtual interface member cannot be instrumented (INS0007), so advising it would not help.
        var staticMember = declaration.IsStatic;
        var inSource = declaration.OriginalDefinition.Locations.Any(l => l.IsInSource);
        var called = method.ContainingType.Name + "." + method.Name;
        var display = declaration.OriginalDefinition.ToDisplayString(SymbolNames.Display);
        if (inSource && !staticMember)
        {
            // A base a tool wrote (Grpc.Tools' service base in obj/…Grpc.cs, T4, designers) cannot keep an attribute: the
            // tool rewrites the file. Its framework usually calls the method through a delegate it creates, never as
            // written in source, so the advice is the one that works: an annotated method of your own.
            var generatedFile = ToolGeneratedCode.FileOf(declaration.OriginalDefinition);
            var advice = generatedFile is null
                ? "put the attribute on '" + display + "'" + (whenInSource == RobustnessDiagnostics.AttributeOnlyOnImplementation
                    ? " (calls through it and on every implementing type are then instrumented)"
                    : string.Empty)
                : "'" + display + "' is in the tool-generated file '" + generatedFile + "', which cannot keep an attribute, and a framework that "
                    + "calls it through a delegate (gRPC service methods) is not a call in source either: call an annotated method of your own from '"
                    + called + "' (see the page of this diagnostic)";
            return DiagnosticInfo.Create(whenInSource, location, method.ToDisplayString(SymbolNames.Display), called, display, advice);
        }

        return DiagnosticInfo.Create(
            RobustnessDiagnostics.BaseDeclarationNotInSource,
            location,
            method.ToDisplayString(SymbolNames.Display),
            called,
            display,
            staticMember
                ? "a static abstract or virtual interface member, called as 'T." + declaration.Name + "(...)' in generic code, which cannot be instrumented"
                : ReferencedAssemblyReason + " '" + (declaration.ContainingAssembly?.Name ?? "?") + "'");
    }

    /// <summary>The start of INS0017's reason for a member of a referenced assembly (INS0027 is reported for those only).</summary>
    public const string ReferencedAssemblyReason = "declared in the referenced assembly";
}
