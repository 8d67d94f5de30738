using System.Collections.Generic;
using System.Linq;
using Instrumentation.Generators.Common;
using Instrumentation.Generators.Operations;

namespace Instrumentation.Generators.Funnel;

/// <summary>
/// Writes the statements that enqueue a method's funnel events after it succeeded: a struct is filled
/// from the (already type-checked) paths and copied into the buffer. Nothing runs when no writer is installed.
/// </summary>
internal static class FunnelEmitter
{
    private const string Events = "global::Instrumentation.Funnel.FunnelEvents";

    /// <summary>The parameter ordinals the events read (they must be passed on to an async continuation).</summary>
    public static IEnumerable<int> UsedParameters(FunnelMethodModel funnel) =>
        funnel.Events
            .SelectMany(e => new[] { e.Entity, e.Org, e.Project, e.User }.Concat(e.Properties.Select(p => p.Path)))
            .Where(p => p is not null && !p.FromReturn)
            .Select(p => p!.ParameterOrdinal)
            .Distinct()
            .OrderBy(o => o);

    /// <summary>Writes the emit statements; <paramref name="argument"/> maps a parameter ordinal to its expression.</summary>
    public static void Emit(SourceWriter w, FunnelMethodModel funnel, System.Func<int, string> argument, string? result)
    {
        if (funnel.Events.IsEmpty)
        {
            return;
        }

        w.Open("if (" + Events + ".IsEnabled)");
        var index = 0;
        foreach (var item in funnel.Events)
        {
            var local = "funnel" + index++;
            w.Line("var " + local + " = new global::Instrumentation.Funnel.FunnelEvent(" + CSharpLiteral.String(item.EventName) + ");");
            void Id(string field, PathModel? path)
            {
                if (path is not null)
                {
                    var text = Text(path, argument, result);
                    w.Line(local + "." + field + " = " + (path.Classification == 0 ? text : "global::Instrumentation.Redaction.Redactors.Redact(global::Instrumentation.DataClass." + (path.Classification == 2 ? "Secret" : "Personal") + ", " + text + ")") + ";");
                }
            }

            Id("EntityId", item.Entity);
            Id("OrgId", item.Org);
            Id("ProjectId", item.Project);
            Id("UserId", item.User);
            if (item.OncePerEntity)
            {
                w.Line(local + ".OncePerEntity = true;");
            }

            if (item.SinceProperty is not null)
            {
                w.Line(local + ".SinceProperty = " + CSharpLiteral.String(item.SinceProperty) + ";");
                w.Line(local + ".SinceEvent = " + CSharpLiteral.String(item.SinceEvent) + ";");
            }

            foreach (var property in item.Properties)
            {
                EmitProperty(w, local, property, argument, result);
            }

            w.Line(Events + ".Emit(in " + local + ");");
        }

        w.Close();
    }

    private static void EmitProperty(SourceWriter w, string local, FunnelPropertyModel property, System.Func<int, string> argument, string? result)
    {
        var name = CSharpLiteral.String(property.Name);
        var path = property.Path;
        var expression = Expression(path, argument, result);
        if (path.Classification != 0)
        {
            // Classified data is redacted like in logs before it is stored or exported.
            w.Line(local + ".Properties.Add(" + name + ", global::Instrumentation.Redaction.Redactors.Redact(global::Instrumentation.DataClass." + (path.Classification == 2 ? "Secret" : "Personal") + ", " + Text(path, argument, result) + "));");
            return;
        }

        switch (path.FinalKind)
        {
            case ValueKind.Integer:
            case ValueKind.Floating:
            case ValueKind.Bool:
                var cast = path.FinalKind switch
                {
                    ValueKind.Integer => "(long)",
                    ValueKind.Floating => "(double)",
                    _ => string.Empty,
                };
                if (path.FinalIsNullableValue)
                {
                    w.Open("if (" + expression + " is { } " + local + "_" + property.Name + ")");
                    w.Line(local + ".Properties.Add(" + name + ", " + cast + local + "_" + property.Name + ");");
                    w.Close();
                }
                else
                {
                    w.Line(local + ".Properties.Add(" + name + ", " + cast + "(" + expression + "));");
                }

                break;
            default:
                w.Line(local + ".Properties.Add(" + name + ", " + Text(path, argument, result) + ");");
                break;
        }
    }

    /// <summary>The value as a string (no allocation for strings; ToString otherwise).</summary>
    private static string Text(PathModel path, System.Func<int, string> argument, string? result)
    {
        var expression = Expression(path, argument, result);
        if (path.FinalKind == ValueKind.String)
        {
            return expression;
        }

        var nullable = path.FinalIsNullableValue || path.RootMayBeNull && path.Members.IsEmpty || path.ConditionalSteps.Any(c => c);
        return "(" + expression + ")" + (nullable ? "?." : ".") + "ToString()";
    }

    private static string Expression(PathModel path, System.Func<int, string> argument, string? result)
    {
        var text = path.FromReturn ? result ?? "default" : argument(path.ParameterOrdinal);
        for (var i = 0; i < path.Members.Count; i++)
        {
            text += (path.ConditionalSteps[i] ? "?." : ".") + path.Members[i];
        }

        return text;
    }
}
