using System.Collections.Generic;
using Instrumentation.Generators.Common;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Instrumentation.Text;

namespace Instrumentation.Generators.Logging;

/// <summary>
/// Applies what the template's text makes of its placeholders (<see cref="PlaceholderContext"/>) to the parameters: a
/// value after a secret name is redacted as a secret-named one is (INS0106); a value glued to the text is read with that
/// text, and the message is scrubbed whole (INS0107). Each is reported once per parameter, at its placeholder.
/// </summary>
internal static class TemplateContext
{
    /// <summary>Updates <paramref name="parameters"/>, adds the diagnostics; true when the message must be scrubbed whole.</summary>
    public static bool Apply(
        List<TemplatePart> parts,
        List<LogParameterModel> parameters,
        IMethodSymbol method,
        AttributeSyntax? attribute,
        Location? fallback,
        string display,
        List<DiagnosticInfo> diagnostics)
    {
        var findings = PlaceholderContext.Of(parts, part => IsFree(parameters[part.ParameterIndex]));
        var scrubsMessage = false;
        var reported = new HashSet<int>();
        for (var i = 0; i < parts.Count; i++)
        {
            if (findings[i] is not { } finding)
            {
                continue;
            }

            var index = parts[i].ParameterIndex;
            var parameter = parameters[index];
            var symbol = method.Parameters[index];
            if (finding.SecretByPosition)
            {
                // A classified value is replaced already, a secret-named one redacted: nothing to do, nothing to say.
                if (!Redactable(parameter, symbol) || SecretNameRule.IsSecret(parameter.Name))
                {
                    continue;
                }

                parameters[index] = parameter with
                {
                    SecretByPosition = true,
                    Kind = parameter.Kind == LogValueKind.Scalar ? LogValueKind.Runtime : parameter.Kind,
                };
                Report(LogMethodDiagnostics.SecretByPosition);
                continue;
            }

            scrubsMessage = true;
            if (parameter.GlueBefore is null)
            {
                parameters[index] = parameter with { GlueBefore = finding.Before, GlueAfter = finding.After };
            }

            Report(LogMethodDiagnostics.PlaceholderGluedToText);

            void Report(DiagnosticDescriptor descriptor)
            {
                if (reported.Add(index))
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        descriptor,
                        PlaceholderAdvice.Locate(attribute, parts[i].Text) ?? LiteralSecretAdvice.Locate(attribute) ?? fallback,
                        parts[i].Text,
                        display));
                }
            }
        }

        GroupGluedValues(parts, parameters, findings);
        return scrubsMessage;
    }

    /// <summary>
    /// Values glued to each other (<c>{key}={value}</c>, <c>SSN {area}-{group}-{serial}</c>, <c>{a}{b}</c>): each is read
    /// with the whole group (<c>LogValueFormatter.GluedValue</c>), since scrubbed alone each piece passes while together
    /// they make what the message redacts. A group runs from a glued placeholder to the next non-glued one (literal text
    /// between glued values stays in the group).
    /// </summary>
    private static void GroupGluedValues(List<TemplatePart> parts, List<LogParameterModel> parameters, PlaceholderFinding?[] findings)
    {
        var start = -1;
        for (var i = 0; i <= parts.Count; i++)
        {
            var glued = i < parts.Count && parts[i].IsPlaceholder && findings[i] is { Glued: true };
            if (glued)
            {
                start = start < 0 ? i : start;
                continue;
            }

            if (i < parts.Count && !parts[i].IsPlaceholder)
            {
                continue;
            }

            if (start >= 0)
            {
                Group(parts, parameters, start, LastPlaceholder(parts, i));
            }

            start = -1;
        }
    }

    private static int LastPlaceholder(List<TemplatePart> parts, int before)
    {
        var i = before - 1;
        while (!parts[i].IsPlaceholder)
        {
            i--;
        }

        return i;
    }

    private static void Group(List<TemplatePart> parts, List<LogParameterModel> parameters, int first, int last)
    {
        var members = new List<int>();
        var literals = new List<string> { Literal(parts, first - 1) };
        for (var i = first; i <= last; i++)
        {
            if (parts[i].IsPlaceholder)
            {
                members.Add(parts[i].ParameterIndex);
                literals.Add(Literal(parts, i + 1));
            }
        }

        if (members.Count < 2)
        {
            return;
        }

        var group = members.ToEquatableArray();
        var text = literals.ToEquatableArray();
        foreach (var index in members)
        {
            if (parameters[index].GlueMembers.IsEmpty)
            {
                parameters[index] = parameters[index] with { GlueLiterals = text, GlueMembers = group };
            }
        }
    }

    private static string Literal(List<TemplatePart> parts, int i) =>
        i >= 0 && i < parts.Count && !parts[i].IsPlaceholder ? parts[i].Text : string.Empty;

    /// <summary>Unclassified text, or a value rendered at run time, under a name that is no secret name.</summary>
    private static bool IsFree(LogParameterModel parameter) =>
        parameter.Kind is LogValueKind.Text or LogValueKind.Runtime && !parameter.SecretByPosition && !parameter.HoldsSecretElements && !SecretNameRule.IsSecret(parameter.Name);

    /// <summary>What a secret name redacts: text, a value rendered at run time, a number, Guid or date (not a flag or enum).</summary>
    private static bool Redactable(LogParameterModel parameter, IParameterSymbol symbol) => parameter.Kind switch
    {
        LogValueKind.Text or LogValueKind.Runtime => true,
        LogValueKind.Scalar => !Classifications.IsNonSensitive(symbol) && SecretScalars.IsRedactable(symbol.Type),
        _ => false,
    };
}
