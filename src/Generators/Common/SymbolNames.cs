using System.Text;
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
    public static string ToSnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                var previousIsLowerOrDigit = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]));
                var nextIsLower = i + 1 < name.Length && char.IsLower(name[i + 1]) && i > 0 && char.IsUpper(name[i - 1]);
                if (builder.Length > 0 && builder[builder.Length - 1] != '_' && (previousIsLowerOrDigit || nextIsLower))
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c == '-' || c == ' ' || c == '.' ? '_' : c);
            }
        }

        return builder.ToString().TrimStart('_');
    }
}
