using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Instrumentation.Generators.Operations;

/// <summary>
/// The trimming and AOT annotations of an intercepted method, written out for its interceptor. In a project with the
/// trim or AOT analyzers on (<c>IsAotCompatible</c>, <c>IsTrimmable</c>, <c>EnableTrimAnalyzer</c>), an interceptor
/// that calls a <c>[RequiresUnreferencedCode]</c>, <c>[RequiresDynamicCode]</c> or <c>[RequiresAssemblyFiles]</c>
/// method without the same attribute warns IL2026 / IL3050 / IL3002 in generated code, and one that passes its own
/// unannotated <c>Type</c> parameter or type parameter where the method asks for <c>[DynamicallyAccessedMembers]</c>
/// warns IL2067 / IL2091 — errors under TreatWarningsAsErrors. The result's annotation is repeated so the interceptor
/// promises what the method does. With the
/// annotations repeated, the interceptor makes the method's own promises and asks its own requirements; the caller's
/// analysis is the one it already had.
/// </summary>
internal static class TrimAnnotations
{
    private static readonly HashSet<string> MethodNames = new(System.StringComparer.Ordinal)
    {
        "RequiresUnreferencedCodeAttribute", "RequiresDynamicCodeAttribute", "RequiresAssemblyFilesAttribute",
    };

    private static readonly HashSet<string> ValueNames = new(System.StringComparer.Ordinal)
    {
        "DynamicallyAccessedMembersAttribute",
    };

    /// <summary>
    /// The method's own requirements, and for a static method those its types declare (a <c>[RequiresUnreferencedCode]</c>
    /// class makes every static member require it) unless the method states the same one itself.
    /// </summary>
    public static string Method(IMethodSymbol method)
    {
        var attributes = method.GetAttributes().ToList();
        if (method.IsStatic)
        {
            for (var type = method.ContainingType; type is not null; type = type.ContainingType)
            {
                foreach (var inherited in type.GetAttributes())
                {
                    if (inherited.AttributeClass is { } inheritedType
                        && MethodNames.Contains(inheritedType.Name)
                        && !attributes.Any(a => a.AttributeClass?.Name == inheritedType.Name))
                    {
                        attributes.Add(inherited);
                    }
                }
            }
        }

        return Write(attributes, MethodNames, string.Empty, string.Empty);
    }

    public static string Parameter(IParameterSymbol parameter) => Write(parameter.GetAttributes(), ValueNames, string.Empty, " ");

    public static string Return(IMethodSymbol method) =>
        method.ReturnsVoid ? string.Empty : Write(method.GetReturnTypeAttributes(), ValueNames, "return: ", string.Empty);

    public static string TypeParameter(ITypeParameterSymbol typeParameter) => Write(typeParameter.GetAttributes(), ValueNames, string.Empty, " ");

    private static string Write(IEnumerable<AttributeData> attributes, HashSet<string> names, string target, string suffix) =>
        CodeAnalysisAttributeText.Write(attributes, names, target, suffix, static (_, argument) => Argument(argument));

    /// <summary>An enum as a cast of its value (<c>DynamicallyAccessedMemberTypes.All</c> is -1), anything else as C#.</summary>
    private static string Argument(TypedConstant argument)
    {
        if (argument.Kind == TypedConstantKind.Enum && argument.Type is { } enumType && argument.Value is { } value)
        {
            var number = System.Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
            return "(" + Common.SymbolNames.Type(enumType) + ")(" + number + ")";
        }

        return argument.ToCSharpString();
    }
}
