using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Instrumentation.Generators.Operations;

/// <summary>
/// What a generated file says about a call's place, free of the checkout's directories: the comment after each
/// <c>[InterceptsLocation]</c> names the file only (<c>Orders.cs(12,9)</c>), and interceptors are ordered by file
/// name, position and the location data (checksum-based, so equal in every checkout). The same sources therefore
/// generate byte-identical files wherever they are built.
/// </summary>
internal static class CallSiteOrder
{
    /// <summary><c>/any/where/Orders.cs(12,9)</c> → <c>Orders.cs(12,9)</c>.</summary>
    public static string Display(InterceptableLocation location)
    {
        var display = location.GetDisplayLocation();
        var position = display.LastIndexOf('(');
        var path = position < 0 ? display : display.Substring(0, position);
        var name = path.Substring(path.LastIndexOfAny(new[] { '/', '\\' }) + 1);
        return OneLine(position < 0 ? name : name + display.Substring(position));
    }

    /// <summary>
    /// The display text with each character C# ends a line at (CR, LF, NEL, LS, PS) replaced by '?': it is written after
    /// "//" in the generated file, and a file name may hold one (Linux allows "a\u2028b.cs"), which ended the comment and
    /// made the rest of the name code that did not compile.
    /// </summary>
    internal static string OneLine(string text)
    {
        if (text.IndexOfAny(LineBreaks) < 0)
        {
            return text;
        }

        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (System.Array.IndexOf(LineBreaks, chars[i]) >= 0)
            {
                chars[i] = '?';
            }
        }

        return new string(chars);
    }

    private static readonly char[] LineBreaks = { '\r', '\n', '\u0085', '\u2028', '\u2029' };

    /// <summary>The call site of <paramref name="invocation"/> at <paramref name="location"/>, for a call of the operation <paramref name="operationKey"/>.</summary>
    public static CallSiteModel Site(string operationKey, InterceptorSignature signature, InvocationExpressionSyntax invocation, InterceptableLocation location) =>
        new(operationKey, signature, location.Version, location.Data, Display(location), SortKey(invocation, location));

    public static string SortKey(InvocationExpressionSyntax invocation, InterceptableLocation location)
    {
        var path = invocation.SyntaxTree.FilePath ?? string.Empty;
        var name = path.Substring(path.LastIndexOfAny(new[] { '/', '\\' }) + 1);
        return name + ":" + invocation.SpanStart.ToString("D10", System.Globalization.CultureInfo.InvariantCulture) + ":" + location.Data;
    }
}
