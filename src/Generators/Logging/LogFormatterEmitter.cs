using System.Globalization;
using Instrumentation.Generators.Common;

namespace Instrumentation.Generators.Logging;

/// <summary>
/// Writes the formatter of one user type: <c>Type { Member = value, … }</c>, classified members redacted,
/// strings scrubbed, nested user types through their own formatter with the depth raised by one, everything
/// else through the run-time formatter. A non-sealed class whose run-time type is derived goes to the
/// run-time formatter as a whole, so members a derived type adds are never missed.
/// </summary>
internal static class LogFormatterEmitter
{
    private const string Formatter = "global::Instrumentation.Logging.LogValueFormatter";
    private const string Builder = "global::System.Text.StringBuilder";

    public static void Emit(SourceWriter w, FormatterModel formatter, bool hasEntry)
    {
        var index = formatter.Index.ToString(CultureInfo.InvariantCulture);
        var valueType = formatter.IsValueType ? formatter.TypeName : formatter.TypeName + "?";
        if (hasEntry)
        {
            w.Line("private static string? Render" + index + "(" + valueType + " value) =>");
            w.Line("    " + Formatter + ".Render(value, static (builder, v, depth) => Format" + index + "(builder, v, depth), " + CSharpLiteral.String(formatter.DisplayName) + ");");
            w.Line();
        }

        w.Open("private static void Format" + index + "(" + Builder + " builder, " + valueType + " value, int depth)");
        if (!formatter.IsValueType)
        {
            w.Open("if (value is null)");
            w.Line("builder.Append(\"null\");");
            w.Line("return;");
            w.Close();
            w.Line();
        }

        if (formatter.CheckExactType)
        {
            w.Open("if (value.GetType() != typeof(" + formatter.TypeName + "))");
            w.Line(Formatter + ".AppendValue(builder, value, depth);");
            w.Line("return;");
            w.Close();
            w.Line();
        }

        w.Open("if (!" + Formatter + ".BeginObject(builder, " + CSharpLiteral.String(formatter.DisplayName) + ", depth))");
        w.Line("return;");
        w.Close();
        w.Line();
        var first = true;
        foreach (var member in formatter.Members)
        {
            w.Line("builder.Append(" + CSharpLiteral.String((first ? " " : ", ") + member.Name + " = ") + ");");
            first = false;
            var read = "value.@" + member.Name;
            w.Line(member.Render switch
            {
                MemberRender.Classified => Formatter + ".AppendRedacted(builder, " + LogMethodEmitter.ClassificationExpression(member.Classification, member.Foreign) + ", " + read + ");",
                MemberRender.Scalar => Formatter + ".AppendScalar(builder, " + CSharpLiteral.String(member.Name) + ", " + read + ");",
                MemberRender.SafeScalar => Formatter + ".AppendScalar(builder, " + read + ");",
                MemberRender.Text => Formatter + ".AppendText(builder, " + CSharpLiteral.String(member.Name) + ", " + read + ");",
                MemberRender.SafeText => Formatter + ".AppendSafe(builder, " + read + ");",
                MemberRender.Object => "Format" + member.FormatterIndex.ToString(CultureInfo.InvariantCulture) + "(builder, " + read + ", depth + 1);",
                MemberRender.NullableObject => "if (" + read + ".HasValue) Format" + member.FormatterIndex.ToString(CultureInfo.InvariantCulture)
                    + "(builder, " + read + ".GetValueOrDefault(), depth + 1); else builder.Append(\"null\");",
                MemberRender.SecretElements => "builder.Append(" + Formatter + ".Format(true, (object?)" + read + ") ?? \"null\");",
                // As an object: a 'dynamic' member read as it is bound AppendValue through the dynamic binder (IL2026/IL3050
                // in a trimmed or NativeAOT app: a stranger's trial).
                _ => Formatter + ".AppendValue(builder, (object?)" + read + ", depth + 1);",
            });
        }

        w.Line("builder.Append(\" }\");");
        w.Close();
    }
}
