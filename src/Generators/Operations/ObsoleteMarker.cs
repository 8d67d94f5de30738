using System.Linq;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Operations;

/// <summary>
/// An interceptor of an obsolete method (or of a method of an obsolete type, or one whose signature names an obsolete
/// type) is marked <c>[Obsolete]</c> itself, and so is the operation's generated class (its state and label code name
/// the same types; references to the class are plain CS0618, which the generated files disable). Inside an obsolete member the compiler reports no use of obsolete members:
/// without the mark, <c>[Obsolete(…, error: true)]</c> is error CS0619 in the generated code (which no pragma can
/// silence) wherever the user calls it from an obsolete caller, and an obsoletion with its own <c>DiagnosticId</c> is a
/// warning with that id there. The user's own call keeps exactly the diagnostics it had.
/// </summary>
internal static class ObsoleteMarker
{
    public const string Attribute = "[global::System.Obsolete(\"Intercepts an obsolete method or type; called by the compiler only.\")]";

    public static string For(IMethodSymbol method) => Applies(method) ? Attribute : string.Empty;

    public static bool Applies(IMethodSymbol method) => SignatureSymbols.Any(method, IsObsolete);

    private static bool IsObsolete(ISymbol symbol) =>
        symbol.GetAttributes().Any(a => a.AttributeClass is { Name: "ObsoleteAttribute" } type && type.ContainingNamespace?.ToDisplayString() == "System");
}
