using System;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Operations;

/// <summary>
/// The semantic model the call-site binder asks what each candidate call binds to: one without nullable analysis. A
/// call's target and its interceptable location do not depend on nullability, and in a nullable-enabled project
/// <c>GetSymbolInfo</c> otherwise runs the nullable walker over the whole method around each call — 87 % of the binding
/// time on Newtonsoft.Json annotated wholesale (issue 18 §7, benchmarks/RESULTS.md). Roslyn marks
/// <c>SemanticModelOptions</c> experimental (RSEXPERIMENTAL001): should a later compiler drop it, the binder falls back
/// to the ordinary model once and for all instead of failing.
/// </summary>
internal static class BindingModel
{
    private static volatile bool s_optionUnavailable;

    public static SemanticModel For(Compilation compilation, SyntaxTree tree)
    {
        if (!s_optionUnavailable)
        {
            try
            {
                return WithoutNullableAnalysis(compilation, tree);
            }
            catch (MissingMethodException)
            {
                s_optionUnavailable = true;
            }
            catch (TypeLoadException)
            {
                s_optionUnavailable = true;
            }
        }

        return compilation.GetSemanticModel(tree);
    }

    // Its own method, never inlined: a compiler without the option fails here (when this method is compiled), inside the try above.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static SemanticModel WithoutNullableAnalysis(Compilation compilation, SyntaxTree tree)
    {
#pragma warning disable RSEXPERIMENTAL001 // see the summary: guarded by the fallback in For
        return compilation.GetSemanticModel(tree, SemanticModelOptions.DisableNullableAnalysis);
#pragma warning restore RSEXPERIMENTAL001
    }
}
