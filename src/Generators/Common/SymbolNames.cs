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

    public static string Type(ITypeSymbol type) => type.ToDisplayString(FullyQualified);

    /// <summary><c>orgId</c> → <c>org_id</c>, <c>DeviceUUID</c> → <c>device_uuid</c>, <c>TimeSeries</c> → <c>time_series</c>.</summary>
    public static string ToSnakeCase(string name) => Instrumentation.Naming.GeneratorNameRules.ToSnakeCase(name);
}
