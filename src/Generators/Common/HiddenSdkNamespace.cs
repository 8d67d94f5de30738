using System.Linq;
using Instrumentation.Generators.Operations;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Common;

/// <summary>
/// INS0033: a type named <c>Instrumentation</c> in the project's global namespace (a legacy helper, a class at the end of
/// a top-level <c>Program.cs</c>). Every <c>global::Instrumentation.…</c> name of the generated code then binds to that type,
/// and the namespaces the generated files declare collide with it (CS0101) — a build broken in generated files a stranger
/// could not read (a stranger's trial, x3). Nothing is generated then, and a warning says why (the build stays as it was without the SDK). A referenced assembly's
/// type of that name is no problem: the namespace wins there (CS0435, suppressed in the generated files).
/// </summary>
internal static class HiddenSdkNamespace
{
    /// <summary>The project's own non-generic global type <c>Instrumentation</c>, as the name written in the message and its location; null when it has none.</summary>
    public static HiddenBy? Find(Compilation compilation)
    {
        var type = compilation.Assembly.GlobalNamespace.GetTypeMembers("Instrumentation").FirstOrDefault(t => t.Arity == 0);
        return type is null ? null : new HiddenBy(type.ToDisplayString(), type.Locations.FirstOrDefault(l => l.IsInSource));
    }

    /// <summary>Reports INS0033 for <paramref name="hidden"/>, saying what is not generated.</summary>
    public static void Report(SourceProductionContext context, HiddenBy hidden, string notGenerated) =>
        context.ReportDiagnostic(DiagnosticInfo.Create(RobustnessDiagnostics.SdkNamespaceHidden, hidden.Location, hidden.TypeName, notGenerated)
            .ToDiagnostic(RobustnessDiagnostics.SdkNamespaceHidden));
}

/// <summary>The project's type that hides the SDK's namespace (compared by name and location: reported again when it moves).</summary>
internal sealed record HiddenBy(string TypeName, Location? Location);
