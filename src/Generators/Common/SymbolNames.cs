using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Common;

/// <summary>How symbols are written into generated code, and naming conversions.</summary>
internal static class SymbolNames
{
    /// <summary>Fully qualified with <c>global::</c> and nullable reference annotations.</summary>
    public static readonly SymbolDisplayFormat FullyQualified = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>Short form for messages: <c>Type.Method(int, string)</c>.</summary>
    public static readonly SymbolDisplayFormat Display = SymbolDisplayFormat.CSharpShortErrorMessageFormat;

    public static string Type(ITypeSymbol type)
    {
        var text = type.ToDisplayString(FullyQualified);
        return text.IndexOf("nint", System.StringComparison.Ordinal) < 0 && text.IndexOf("nuint", System.StringComparison.Ordinal) < 0
            ? text
            : WithNativeIntegersSpelledOut(type);
    }

    /// <summary>
    /// <c>nint</c>/<c>nuint</c> written as <c>global::System.IntPtr</c>/<c>UIntPtr</c> (the same types since .NET 7): the
    /// contextual keywords bind to a type of that name where the project declares one (CS8981 warns about it), and the
    /// generated signature then named the project's type (CS9144 in the generated file, a stranger's hostile names).
    /// </summary>
    private static string WithNativeIntegersSpelledOut(ITypeSymbol type)
    {
        var builder = new System.Text.StringBuilder();
        foreach (var part in type.ToDisplayParts(FullyQualified))
        {
            var text = part.ToString();
            builder.Append(part.Kind == SymbolDisplayPartKind.Keyword && text is "nint" or "nuint"
                ? (text == "nint" ? "global::System.IntPtr" : "global::System.UIntPtr")
                : text);
        }

        return builder.ToString();
    }

    /// <summary><c>orgId</c> → <c>org_id</c>, <c>DeviceUUID</c> → <c>device_uuid</c>, <c>TimeSeries</c> → <c>time_series</c>.</summary>
    public static string ToSnakeCase(string name) => Instrumentation.Naming.GeneratorNameRules.ToSnakeCase(name);
}
