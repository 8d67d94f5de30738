using System.Collections.Generic;
using System.Linq;
using Instrumentation.Generators.Operations;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Instrumentation.Generators.Common;

/// <summary>
/// The oldest C# version each generator's output compiles with, and INS0015 for a project below it. The
/// operation generator's file needs C# 11 (<c>file</c>-local types, which keep our helper types from clashing
/// with the user's); the log-method generator's needs C# 10 (interpolated string handlers). Below that, nothing
/// is generated (log methods get do-nothing bodies), so the project shows one INS0015 instead of CS8773/CS8936
/// inside generated files.
/// </summary>
internal static class LanguageRequirement
{
    public const LanguageVersion Operations = LanguageVersion.CSharp11;

    public const LanguageVersion Logging = LanguageVersion.CSharp10;

    /// <summary>The effective language version of a tree (<c>latest</c> mapped to a number).</summary>
    public static LanguageVersion Of(ParseOptions? options) =>
        options is CSharpParseOptions csharp ? csharp.LanguageVersion : LanguageVersion.Latest.MapSpecifiedToEffectiveVersion();

    public static bool Meets(ParseOptions? options, LanguageVersion required) => Of(options) >= required;

    /// <summary>INS0015 at <paramref name="location"/>, or null when the tree's version is recent enough.</summary>
    public static DiagnosticInfo? Check(SyntaxTree? tree, LanguageVersion required, Location? location, string what, string consequence)
    {
        var actual = Of(tree?.Options);
        return actual >= required
            ? null
            : DiagnosticInfo.Create(RobustnessDiagnostics.LanguageVersionTooOld, location, what, required.ToDisplayString(), actual.ToDisplayString(), consequence);
    }

    /// <summary>
    /// Of all INS0015 found, the first in source order: the fact is about the project, so one error says it,
    /// at the first annotated declaration (or call) rather than at every one.
    /// </summary>
    public static IEnumerable<DiagnosticInfo> KeepFirst(IEnumerable<DiagnosticInfo> diagnostics)
    {
        DiagnosticInfo? first = null;
        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.Id != RobustnessDiagnostics.LanguageVersionTooOld.Id)
            {
                yield return diagnostic;
            }
            else if (first is null || IsBefore(diagnostic.Location, first.Location))
            {
                first = diagnostic;
            }
        }

        if (first is not null)
        {
            yield return first;
        }
    }

    private static bool IsBefore(Location? candidate, Location? current)
    {
        if (candidate is null)
        {
            return false;
        }

        if (current is null)
        {
            return true;
        }

        var byPath = string.CompareOrdinal(candidate.SourceTree?.FilePath, current.SourceTree?.FilePath);
        return byPath < 0 || (byPath == 0 && candidate.SourceSpan.Start < current.SourceSpan.Start);
    }
}
