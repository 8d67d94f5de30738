using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Instrumentation.Generators.Logging;

/// <summary>
/// INS0105's location and words: the template argument of <c>[LogMethod]</c>, what its literal text holds and what the
/// generated log writes instead. The words never repeat the value found, so the build log does not carry it either.
/// </summary>
internal static class LiteralSecretAdvice
{
    /// <summary>What was found, in words: <c>an e-mail address and a bearer token</c>.</summary>
    public static string Found(LiteralFindings found)
    {
        var words = new List<string>();
        Add(words, found, LiteralFindings.Secret, "a secret value after a secret name (such as password=…)");
        Add(words, found, LiteralFindings.BearerToken, "a bearer token");
        Add(words, found, LiteralFindings.Email, "an e-mail address");
        Add(words, found, LiteralFindings.Ssn, "a social security number");
        Add(words, found, LiteralFindings.Card, "a payment card number");
        return Join(words);
    }

    /// <summary>What the generated log writes instead, in the scrubber's words: <c>[EMAIL] and [REDACTED]</c>.</summary>
    public static string Replacements(LiteralFindings found)
    {
        var words = new List<string>();
        Add(words, found, LiteralFindings.Secret | LiteralFindings.BearerToken, Text.ScrubPatterns.Redacted);
        Add(words, found, LiteralFindings.Email, Text.ScrubPatterns.Email);
        Add(words, found, LiteralFindings.Ssn, Text.ScrubPatterns.Ssn);
        Add(words, found, LiteralFindings.Card, Text.ScrubPatterns.Card);
        return Join(words);
    }

    /// <summary>The template argument (<see cref="TemplateArgument"/>); null when the attribute has none in source.</summary>
    public static Location? Locate(AttributeSyntax? attribute) => TemplateArgument.Find(attribute)?.GetLocation();

    private static void Add(List<string> words, LiteralFindings found, LiteralFindings any, string word)
    {
        if ((found & any) != 0)
        {
            words.Add(word);
        }
    }

    private static string Join(List<string> words) =>
        words.Count == 1 ? words[0] : string.Join(", ", words.GetRange(0, words.Count - 1)) + " and " + words[words.Count - 1];
}
