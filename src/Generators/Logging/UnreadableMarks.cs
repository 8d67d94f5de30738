using System.Linq;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Logging;

/// <summary>
/// Members the generated formatters leave out because reading them raises a diagnostic in the generated file that the
/// user cannot suppress there: <c>[Experimental]</c> (an error until suppressed at each use), <c>[Obsolete]</c> with a
/// <c>DiagnosticId</c>, a getter that requires unreferenced or dynamic code (IL2026/IL3050 in a trimmed or NativeAOT
/// app), and a member whose type is experimental or obsolete (a stranger's hostile-code trial: MYEXP01, MYOBS03, IL2026
/// in the generated file). Left out is written as less, never as more: the run-time formatter does the same by reading
/// nothing it cannot.
/// </summary>
internal static class UnreadableMarks
{
    /// <summary>Whether the member, or its getter, carries such a mark.</summary>
    public static bool Any(ISymbol member) =>
        Marked(member)
        || (member is IPropertySymbol { GetMethod: { } getter } && (Marked(getter) || RequiresCode(getter)))
        || RequiresCode(member);

    /// <summary>Whether the type, an element or type argument of it, or a type it is nested in is experimental, obsolete with a diagnostic id, or obsolete as an error.</summary>
    public static bool OnType(ITypeSymbol type)
    {
        switch (type)
        {
            case IArrayTypeSymbol array:
                return OnType(array.ElementType);
            case INamedTypeSymbol named:
                for (INamedTypeSymbol? current = named; current is not null; current = current.ContainingType)
                {
                    if (Marked(current) || IsObsoleteError(current))
                    {
                        return true;
                    }
                }

                return named.TypeArguments.Any(OnType);
            default:
                return false;
        }
    }

    private static bool Marked(ISymbol symbol) =>
        symbol.GetAttributes().Any(a => a.AttributeClass is { Name: "ExperimentalAttribute" } c && c.ContainingNamespace?.ToDisplayString() == "System.Diagnostics.CodeAnalysis")
        || symbol.GetAttributes().Any(a => a.AttributeClass is { Name: "ObsoleteAttribute" } c && c.ContainingNamespace?.ToDisplayString() == "System"
            && a.NamedArguments.Any(n => n.Key == "DiagnosticId" && n.Value.Value is string { Length: > 0 }));

    /// <summary><c>[Obsolete(message, true)]</c>: CS0619, an error no pragma removes (the warning-only kind is suppressed in the generated file).</summary>
    private static bool IsObsoleteError(ISymbol symbol) =>
        symbol.GetAttributes().Any(a => a.AttributeClass is { Name: "ObsoleteAttribute" } c && c.ContainingNamespace?.ToDisplayString() == "System"
            && a.ConstructorArguments.Length == 2 && a.ConstructorArguments[1].Value is true);

    private static bool RequiresCode(ISymbol symbol) =>
        symbol.GetAttributes().Any(a => a.AttributeClass is { Name: "RequiresUnreferencedCodeAttribute" or "RequiresDynamicCodeAttribute" or "RequiresAssemblyFilesAttribute" } c
            && c.ContainingNamespace?.ToDisplayString() == "System.Diagnostics.CodeAnalysis");
}
