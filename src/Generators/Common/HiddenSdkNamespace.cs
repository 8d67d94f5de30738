using System.Linq;
using Instrumentation.Generators.Operations;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Common;

/// <summary>
/// INS0033: a type named <c>Instrumentation</c> in the project's global namespace (a legacy helper, a class at the end of
/// a top-level <c>Program.cs</c>), or a type of the project's whose full name is another namespace the generated code
/// names (<c>Instrumentation.Operations</c>, a stranger's hostile name; CS0437 and errors in the generated file). Every <c>global::Instrumentation.…</c> name of the generated code then binds to that type,
/// and the namespaces the generated files declare collide with it (CS0101) — a build broken in generated files a stranger
/// could not read (a stranger's trial, x3). Nothing is generated then, and a warning says why (the build stays as it was without the SDK). A referenced assembly's
/// type of that name is no problem: the namespace wins there (CS0435, suppressed in the generated files).
/// </summary>
internal static class HiddenSdkNamespace
{
    /// <summary>The namespaces generated code names <c>global::</c> or declares its types in (the SDK's and its own).</summary>
    private static readonly string[] ChildNamespaces = { "Operations", "Logging", "Funnel", "Redaction", "Correlation", "Observability", "Generated" };

    /// <summary>
    /// The project's own non-generic type whose full name is one of those namespaces' — <c>Instrumentation</c> in the global
    /// namespace, or <c>Instrumentation.Operations</c> in a namespace <c>Instrumentation</c> of the project's — as the name
    /// written in the message and its location; null when it has none.
    /// </summary>
    public static HiddenBy? Find(Compilation compilation)
    {
        var global = compilation.Assembly.GlobalNamespace;
        if (global.GetTypeMembers("Instrumentation").FirstOrDefault(t => t.Arity == 0) is { } root)
        {
            return Of(root);
        }

        foreach (var ns in global.GetNamespaceMembers())
        {
            if (ns.Name != "Instrumentation")
            {
                continue;
            }

            foreach (var child in ChildNamespaces)
            {
                if (ns.GetTypeMembers(child).FirstOrDefault(t => t.Arity == 0) is { } type)
                {
                    return Of(type);
                }
            }
        }

        return null;
    }

    private static HiddenBy Of(INamedTypeSymbol type) =>
        new(type.ToDisplayString(), type.Locations.FirstOrDefault(l => l.IsInSource));

    /// <summary>Reports INS0033 for <paramref name="hidden"/>, saying what is not generated.</summary>
    public static void Report(SourceProductionContext context, HiddenBy hidden, string notGenerated) =>
        context.ReportDiagnostic(DiagnosticInfo.Create(RobustnessDiagnostics.SdkNamespaceHidden, hidden.Location, hidden.TypeName, notGenerated)
            .ToDiagnostic(RobustnessDiagnostics.SdkNamespaceHidden));
}

/// <summary>The project's type that hides the SDK's namespace (compared by name and location: reported again when it moves).</summary>
internal sealed record HiddenBy(string TypeName, Location? Location);
