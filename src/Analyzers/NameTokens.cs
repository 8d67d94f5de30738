using System.Collections.Generic;
using System.Text;

namespace Instrumentation.Analyzers;

/// <summary>Splits identifiers and keys (<c>userId</c>, <c>user_id</c>, <c>user.id</c>, <c>USER-ID</c>) into lower-case words.</summary>
internal static class NameTokens
{
    public static List<string> Split(string name)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        void Flush()
        {
            if (current.Length > 0)
            {
                tokens.Add(current.ToString().ToLowerInvariant());
                current.Clear();
            }
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (!char.IsLetterOrDigit(c))
            {
                Flush();
                continue;
            }

            if (char.IsUpper(c) && current.Length > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1]))))
            {
                Flush();
            }

            current.Append(c);
        }

        Flush();
        return tokens;
    }
}
