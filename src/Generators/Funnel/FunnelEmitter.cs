using System.Collections.Generic;
using System.Linq;
using Instrumentation.Generators.Common;

namespace Instrumentation.Generators.Funnel;

/// <summary>
/// Writes the statements that enqueue a method's funnel events after it succeeded: a struct is filled
/// from the (already type-checked) paths and copied into the buffer. Nothing runs when no writer is
/// installed; values are stored as they are (a Guid or enum is formatted later, by the writer), and a
/// property getter that throws is counted, never thrown into the app.
/// </summary>
internal static class FunnelEmitter
{
    private const string Events = "global::Instrumentation.Funnel.FunnelEvents";
    private const string Value = "global::Instrumentation.Funnel.FunnelValue";

    /// <summary>The parameter ordinals the events read (they must be passed on to an async continuation).</summary>
    public static IEnumerable<int> UsedParameters(FunnelMethodModel funnel) =>
        funnel.Events
            .SelectMany(e => new[] { e.Entity, e.Org, e.Project, e.User, e.SinceTimestamp }.Concat(e.Properties.Select(p => p.Path)))
            .Where(p => p is not null && !p.FromReturn)
            .Select(p => p!.ParameterOrdinal)
            .Distinct()
            .OrderBy(o => o);

    /// <summary>True when an event takes the operation's measured duration (the caller must provide its start timestamp).</summary>
    public static bool NeedsDuration(FunnelMethodModel? funnel) =>
        funnel is not null && funnel.Events.Any(e => e.DurationProperty is not null);

    /// <summary>
    /// Writes the emit statements; <paramref name="argument"/> maps a parameter ordinal to its expression,
    /// <paramref name="startTimestamp"/> is the <c>Stopwatch</c> timestamp the wrapper took just before the call (for
    /// duration properties; without it no duration is written rather than a wrong one).
    /// </summary>
    public static void Emit(SourceWriter w, FunnelMethodModel funnel, System.Func<int, string> argument, string? result, string? startTimestamp = null)
    {
        if (funnel.Events.IsEmpty)
        {
            return;
        }

        w.Open("if (" + Events + ".IsEnabled)");
        var index = 0;
        foreach (var item in funnel.Events)
        {
            var local = "__funnel" + index++;
            w.Open("try");
            w.Line("global::Instrumentation.Funnel.FunnelEvent " + local + " = new global::Instrumentation.Funnel.FunnelEvent(" + CSharpLiteral.String(item.EventName) + ");");
            void Id(string field, PathModel? path)
            {
                if (path is not null)
                {
                    w.Line(local + "." + field + " = " + ValueOf(path, argument, result) + ";");
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
                if (item.SinceEvent is not null)
                {
                    w.Line(local + ".SinceEvent = " + CSharpLiteral.String(item.SinceEvent) + ";");
                }

                Id("SinceStart", item.SinceTimestamp);
            }

            foreach (var property in item.Properties)
            {
                w.Line(local + ".Properties.Add(" + CSharpLiteral.String(property.Name) + ", " + ValueOf(property.Path, argument, result) + ");");
            }

            if (item.DurationProperty is not null && startTimestamp is not null)
            {
                w.Line(local + ".Properties.Add(" + CSharpLiteral.String(item.DurationProperty) + ", " + Value + ".Double(global::Instrumentation.Operations.OperationTiming.ElapsedMilliseconds(" + startTimestamp + ")));");
            }

            w.Line(Events + ".Emit(in " + local + ");");
            w.Close();
            w.Open("catch (global::System.Exception __funnelError)");
            w.Line("// The method succeeded: a failing property getter must not turn that into an exception.");
            w.Line(Events + ".ReportEmitFailure(" + CSharpLiteral.String(item.EventName) + ", __funnelError);");
            w.Close();
        }

        w.Close();
    }

    /// <summary>The value as a <c>FunnelValue</c>: stored as is (no formatting, no allocation), or redacted text when classified.</summary>
    private static string ValueOf(PathModel path, System.Func<int, string> argument, string? result)
    {
        var expression = Expression(path, argument, result);
        if (path.Classification != 0)
        {
            // Classified data is redacted like in logs before it is stored or exported.
            // A team's own classification keeps its taxonomy, so the app's redactor provider picks the redactor mapped to it.
            var dataClass = Logging.LogMethodEmitter.ClassificationExpression(path.Classification, path.Foreign);
            return Value + ".Text(global::Instrumentation.Redaction.Redactors.Redact(" + dataClass + ", " + expression + "))";
        }

        var nullable = path.FinalIsNullableValue ? "?" : string.Empty;
        return path.ValueType switch
        {
            FunnelValueType.Text => Value + ".Text(" + expression + ")",
            FunnelValueType.Int64 => Value + ".Int64((long" + nullable + ")(" + expression + "))",
            FunnelValueType.UInt64 => Value + ".UInt64(unchecked((ulong" + nullable + ")(" + expression + ")))",
            FunnelValueType.Double => Value + ".Double((double" + nullable + ")(" + expression + "))",
            FunnelValueType.Decimal => Value + ".Decimal(" + expression + ")",
            FunnelValueType.Bool => Value + ".Bool(" + expression + ")",
            FunnelValueType.Guid => Value + ".Guid(" + expression + ")",
            FunnelValueType.Enum => Value + ".Enum(typeof(" + path.TypeName + "), unchecked((long" + nullable + ")(" + expression + ")))",
            FunnelValueType.DateTime => Value + ".DateTime(" + expression + ")",
            FunnelValueType.DateTimeOffset => Value + ".DateTimeOffset(" + expression + ")",
            FunnelValueType.TimeSpan => Value + ".TimeSpan(" + expression + ")",
            _ => "default",
        };
    }

    private static string Expression(PathModel path, System.Func<int, string> argument, string? result)
    {
        var text = path.FromReturn ? result ?? "default" : argument(path.ParameterOrdinal);
        for (var i = 0; i < path.Members.Count; i++)
        {
            text += (path.ConditionalSteps[i] ? "?." : ".") + CSharpLiteral.Identifier(path.Members[i]);
        }

        return text;
    }
}
