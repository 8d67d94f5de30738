using System.Collections.Generic;
using System.Linq;
using Instrumentation.Generators.Common;

namespace Instrumentation.Generators.Operations;

/// <summary>
/// Emits <c>MetricDeclarations</c>: every instrument of the compilation as plain data (name, kind, unit,
/// description, labels and their known values) and the list of instruments (the catalog finds one by its name). The module
/// initializer hands both to <c>Instrumentation.Observability.MetricCatalog</c>, which alert rules,
/// dashboards and zero series read. Instruments are listed by ordinal name, so the output is deterministic.
/// </summary>
internal static class MetricCatalogEmitter
{
    public const string ClassName = "MetricDeclarations";
    private const string Ns = "global::Instrumentation.Observability.";
    private const string Plain = "global::Instrumentation.Operations.PlainOperationMetrics";

    /// <summary>
    /// <paramref name="declared"/>: the instruments with a generated field (those some operation that is not plain
    /// records). With <paramref name="withPlainOperations"/>, both lists add what the plain operations hold
    /// (<c>PlainOperationMetrics</c>), so the catalog still sees every instrument of the assembly.
    /// </summary>
    public static void Emit(SourceWriter w, InstrumentCatalog catalog, IReadOnlyList<InstrumentModel> declared, bool withPlainOperations)
    {
        var instruments = declared.OrderBy(i => i.Name, System.StringComparer.Ordinal).ToList();
        var plainHead = withPlainOperations ? Plain + ".Describe(" : string.Empty;
        var plainTail = withPlainOperations ? ", " + PlainOperationEmitter.ClassName + ".All())" : string.Empty;
        w.Line("/// <summary>The instruments of this assembly as data, for the metric catalog (alert rules, dashboards, zero series).</summary>");
        w.Line("[" + OperationEmitter.GeneratedCode + "]");
        w.Open("file static class " + ClassName);
        if (instruments.Count == 0)
        {
            w.Line("public static " + Ns + "MetricDescriptor[] Describe() => " + plainHead + "global::System.Array.Empty<" + Ns + "MetricDescriptor>()" + plainTail + ";");
        }
        else
        {
            w.Line("public static " + Ns + "MetricDescriptor[] Describe() => " + plainHead + "new " + Ns + "MetricDescriptor[]");
            w.Line("{");
            foreach (var instrument in instruments)
            {
                EmitDescriptor(w, instrument, catalog.LabelValues(instrument.Name));
            }

            w.Line("}" + plainTail + ";");
        }

        w.Line();
        // The instruments as a list the catalog indexes by their names: the switch over every metric name this
        // replaces cost about a third of the generated code's compile time on a library with 954 instruments (issue 18 §7).
        var listHead = withPlainOperations ? Plain + ".Instruments(" : string.Empty;
        if (instruments.Count == 0)
        {
            w.Line("public static global::System.Diagnostics.Metrics.Instrument[] All() => " + listHead + "global::System.Array.Empty<global::System.Diagnostics.Metrics.Instrument>()" + plainTail + ";");
        }
        else
        {
            w.Line("public static global::System.Diagnostics.Metrics.Instrument[] All() => " + listHead + "new global::System.Diagnostics.Metrics.Instrument[]");
            w.Line("{");
            foreach (var instrument in instruments)
            {
                w.Line("    Instruments." + InstrumentCatalog.FieldName(instrument.Name) + ",");
            }

            w.Line("}" + plainTail + ";");
        }

        w.Close();
        w.Line();
    }

    private static void EmitDescriptor(SourceWriter w, InstrumentModel instrument, IReadOnlyList<LabelValuesModel> labels)
    {
        var head = "    new(GeneratedTelemetry.Name, " + CSharpLiteral.String(instrument.Name)
            + ", " + Ns + "MetricInstrumentKind." + InstrumentCatalog.Kind(instrument.Role)
            + ", " + CSharpLiteral.String(instrument.Unit)
            + ", " + CSharpLiteral.String(instrument.Description);
        if (labels.Count == 0)
        {
            w.Line(head + "),");
            return;
        }

        w.Line(head + ",");
        for (var i = 0; i < labels.Count; i++)
        {
            w.Line("        " + Label(labels[i]) + (i == labels.Count - 1 ? ")," : ","));
        }
    }

    private static string Label(LabelValuesModel label)
    {
        var arguments = new List<string> { CSharpLiteral.String(label.Name) };
        arguments.AddRange(label.Values.Select(v => CSharpLiteral.String(v)));
        return Ns + "MetricLabel." + label.Kind + "(" + string.Join(", ", arguments) + ")";
    }
}
