using System.Collections.Generic;
using System.Text;

namespace Instrumentation.Generators.Logging;

/// <summary>
/// A message template with its literal text as the run-time scrubber writes it (INS0105): each run of literal text between
/// placeholders (its <c>{{</c> and <c>}}</c> read as braces) is scrubbed by <see cref="TemplateLiteralScrubber"/>, and the
/// placeholders are kept as written. Run by run, not the whole message: a placeholder's value is redacted or scrubbed on
/// its own, and the scrubber would take a placeholder for a value (<c>token={id}</c> is <c>token=</c> and a bracketed
/// value to it).
/// </summary>
internal static class TemplateScrubbing
{
    /// <summary>
    /// The template and its parts with their literal text scrubbed, and what was replaced; <paramref name="template"/> and
    /// <paramref name="parts"/> themselves when nothing was.
    /// </summary>
    public static (string Template, List<(string? Literal, MessageTemplate.Placeholder? Hole)> Parts, LiteralFindings Found) Scrub(
        string template,
        List<(string? Literal, MessageTemplate.Placeholder? Hole)> parts)
    {
        var found = LiteralFindings.None;
        var scrubbed = new List<(string? Literal, MessageTemplate.Placeholder? Hole)>(parts.Count);
        foreach (var (literal, hole) in parts)
        {
            if (literal is null)
            {
                scrubbed.Add((null, hole));
                continue;
            }

            var (text, inLiteral) = TemplateLiteralScrubber.Scrub(literal);
            found |= inLiteral;
            scrubbed.Add((text, null));
        }

        if (found == LiteralFindings.None)
        {
            return (template, parts, found);
        }

        // The template again, its literal braces doubled: the {OriginalFormat} field and the telemetry catalog show it.
        var builder = new StringBuilder(template.Length);
        foreach (var (literal, hole) in scrubbed)
        {
            if (hole is not null)
            {
                builder.Append(hole.Source);
                continue;
            }

            foreach (var c in literal!)
            {
                builder.Append(c switch
                {
                    '{' => "{{",
                    '}' => "}}",
                    _ => c.ToString(),
                });
            }
        }

        return (builder.ToString(), scrubbed, found);
    }
}
