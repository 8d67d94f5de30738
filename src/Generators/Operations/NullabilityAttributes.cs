using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Instrumentation.Generators.Operations;

/// <summary>
/// The <c>System.Diagnostics.CodeAnalysis</c> attributes of an intercepted method's parameters and return,
/// written out for the interceptor, so its signature makes the same nullability promises (no CS9159, and
/// flow analysis at the call site is unchanged).
/// </summary>
internal static class NullabilityAttributes
{
    private static readonly HashSet<string> ParameterNames = new(System.StringComparer.Ordinal)
    {
        "AllowNullAttribute", "DisallowNullAttribute", "MaybeNullAttribute", "NotNullAttribute",
        "MaybeNullWhenAttribute", "NotNullWhenAttribute", "NotNullIfNotNullAttribute", "DoesNotReturnIfAttribute",
        "UnscopedRefAttribute",
    };

    private static readonly HashSet<string> ReturnNames = new(System.StringComparer.Ordinal)
    {
        "MaybeNullAttribute", "NotNullAttribute", "NotNullIfNotNullAttribute",
    };

    private static readonly HashSet<string> MethodNames = new(System.StringComparer.Ordinal)
    {
        "DoesNotReturnAttribute",
    };

    /// <summary>
    /// <c>[DoesNotReturn]</c> of the intercepted method: an interceptor without it is CS8770 (a warning, an error under
    /// TreatWarningsAsErrors). <c>MemberNotNull</c> names members of the method's own type, which a static interceptor has
    /// not, and the compiler does not compare it.
    /// </summary>
    public static bool DoesNotReturn(IMethodSymbol method) =>
        method.GetAttributes().Any(a => a.AttributeClass is { Name: "DoesNotReturnAttribute" } type
            && type.ContainingNamespace?.ToDisplayString() == "System.Diagnostics.CodeAnalysis");

    /// <summary><c>[return: MaybeNull]</c> of the intercepted method (see <see cref="InterceptorSignature"/>).</summary>
    public static bool ReturnMaybeNull(IMethodSymbol method) =>
        !method.ReturnsVoid
        && method.GetReturnTypeAttributes().Any(a => a.AttributeClass is { Name: "MaybeNullAttribute" } type
            && type.ContainingNamespace?.ToDisplayString() == "System.Diagnostics.CodeAnalysis");

    public static string Method(IMethodSymbol method) =>
        Write(method.GetAttributes(), MethodNames, System.Array.Empty<SignatureParameterModel>(), string.Empty, string.Empty);

    public static string Parameter(IParameterSymbol parameter, IReadOnlyList<SignatureParameterModel> parameters) =>
        Write(parameter.GetAttributes(), ParameterNames, parameters, string.Empty, " ");

    public static string Return(IMethodSymbol method, IReadOnlyList<SignatureParameterModel> parameters) =>
        method.ReturnsVoid ? string.Empty : Write(method.GetReturnTypeAttributes(), ReturnNames, parameters, "return: ", string.Empty);

    private static string Write(IEnumerable<AttributeData> attributes, HashSet<string> names, IReadOnlyList<SignatureParameterModel> parameters, string target, string suffix) =>
        CodeAnalysisAttributeText.Write(attributes, names, target, suffix, (attribute, argument) => Argument(attribute, argument, parameters));

    /// <summary>NotNullIfNotNull names a parameter: it must name the interceptor's parameter, which may be renamed.</summary>
    private static string Argument(string attribute, TypedConstant argument, IReadOnlyList<SignatureParameterModel> parameters)
    {
        if (attribute == "NotNullIfNotNullAttribute" && argument.Value is string name)
        {
            for (var i = 0; i < parameters.Count; i++)
            {
                if (parameters[i].Name == name)
                {
                    return Common.CSharpLiteral.String(InterceptorNames.Parameter(parameters[i], i).TrimStart('@'));
                }
            }
        }

        return argument.ToCSharpString();
    }
}
