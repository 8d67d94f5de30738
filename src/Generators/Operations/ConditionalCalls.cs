using System.Collections.Generic;
using System.Linq;
using Instrumentation.Generators.Common;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Instrumentation.Generators.Operations;

/// <summary>
/// Calls of <c>[Conditional("SYMBOL")]</c> methods. The compiler keeps such a call only where one of its symbols is
/// defined at the call: in the project (<c>DefineConstants</c>) or by a <c>#define</c> at the top of the calling file.
/// <list type="bullet">
/// <item>A call the compiler omits is not intercepted: nothing would run it.</item>
/// <item>A call it keeps is forwarded by the interceptor in a generated file, where the compiler decides again with
/// that file's symbols: a symbol the user defined only in the calling file would drop the forwarded call, so the
/// method's body would silently stop running. The generated file therefore <c>#define</c>s the symbols of the
/// conditional methods it forwards to (<see cref="WriteDefines"/>): its interceptors run only for calls the user's
/// file kept, so the forwarded call always runs when the original would have.</item>
/// </list>
/// </summary>
internal static class ConditionalCalls
{
    private const string ConditionalAttribute = "System.Diagnostics.ConditionalAttribute";

    /// <summary>The symbols of the method's <c>[Conditional]</c> attributes, its own or those of the method it overrides (sorted, distinct).</summary>
    public static List<string> Symbols(IMethodSymbol method)
    {
        var symbols = new SortedSet<string>(System.StringComparer.Ordinal);
        for (IMethodSymbol? current = method; current is not null; current = current.OverriddenMethod)
        {
            foreach (var attribute in current.GetAttributes())
            {
                if (attribute.AttributeClass?.ToDisplayString() == ConditionalAttribute
                    && attribute.ConstructorArguments.Length == 1
                    && attribute.ConstructorArguments[0].Value is string symbol)
                {
                    symbols.Add(symbol);
                }
            }
        }

        return symbols.ToList();
    }

    /// <summary>True when the compiler omits a call of a method with these conditional symbols from <paramref name="tree"/>.</summary>
    public static bool IsOmitted(EquatableArray<string> symbols, SyntaxTree tree)
    {
        if (symbols.IsEmpty)
        {
            return false;
        }

        var defined = DefinedIn(tree);
        foreach (var symbol in symbols)
        {
            if (defined.Contains(symbol))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Writes a <c>#define</c> for each symbol the forwarded calls need. Call it before the file's first token
    /// (comments and other directives may precede it). Symbols that are not C# identifiers are skipped: no call of
    /// such a method is ever kept, so none is intercepted.
    /// </summary>
    public static void WriteDefines(SourceWriter w, IEnumerable<string> symbols)
    {
        foreach (var symbol in symbols.Where(SyntaxFacts.IsValidIdentifier).Distinct().OrderBy(s => s, System.StringComparer.Ordinal))
        {
            w.Line("#define " + symbol + " // the intercepted calls of [Conditional(\"" + symbol + "\")] methods were kept by their files: the forwarded calls must be too");
        }
    }

    /// <summary>
    /// The symbols defined in <paramref name="tree"/>: the project's, then the file's own <c>#define</c>/<c>#undef</c>
    /// in order (C# allows them only before the first token, so they apply to the whole file).
    /// </summary>
    private static HashSet<string> DefinedIn(SyntaxTree tree)
    {
        var defined = new HashSet<string>(tree.Options is CSharpParseOptions options ? options.PreprocessorSymbolNames : Enumerable.Empty<string>(), System.StringComparer.Ordinal);
        var root = tree.GetRoot();
        foreach (var trivia in root.GetLeadingTrivia())
        {
            switch (trivia.GetStructure())
            {
                case DefineDirectiveTriviaSyntax { IsActive: true } define:
                    defined.Add(define.Name.ValueText);
                    break;
                case UndefDirectiveTriviaSyntax { IsActive: true } undefine:
                    defined.Remove(undefine.Name.ValueText);
                    break;
            }
        }

        return defined;
    }
}
