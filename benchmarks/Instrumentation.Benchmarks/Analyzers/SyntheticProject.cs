using System.Collections.Generic;
using System.Text;

namespace Instrumentation.Benchmarks.Analyzers;

/// <summary>
/// The synthetic project of the compile-share benchmark: <c>files × perFile</c> annotated methods (each called once,
/// so each gets an interceptor) and as many hand-written metric calls in the shapes the analyzers follow (inline
/// <c>KeyValuePair</c>s, <c>TagList</c> with <c>Add</c>, arrays in locals, <c>KeyValuePair.Create</c>, bounded values),
/// one in twenty of them with a high-cardinality tag so the analyzers also report.
/// </summary>
internal static class SyntheticProject
{
    public static IEnumerable<(string Path, string Text)> Sources(int files, int perFile)
    {
        yield return ("/src/Shared.cs", """
            using System.Diagnostics.Metrics;
            namespace Synthetic;
            public enum Kind { Read, Write, Delete }
            public static class Instruments
            {
                public static readonly Meter Meter = new("synthetic");
                public static readonly Counter<long> Calls = Meter.CreateCounter<long>("synthetic_calls_total");
                public static readonly Histogram<double> Latency = Meter.CreateHistogram<double>("synthetic_latency_ms", "ms");
                public static readonly UpDownCounter<long> Active = Meter.CreateUpDownCounter<long>("synthetic_active");
                public static readonly string[] Regions = { "eu", "us", "ap" };
            }
            """);

        for (var f = 0; f < files; f++)
        {
            yield return ("/src/Services/Service" + f + ".cs", Service(f, perFile));
            yield return ("/src/Metrics/Recorder" + f + ".cs", Recorder(f, perFile));
        }
    }

    private static string Service(int file, int count)
    {
        var builder = new StringBuilder("using Instrumentation;\nnamespace Synthetic;\npublic sealed class Service" + file + "\n{\n");
        for (var i = 0; i < count; i++)
        {
            var n = file * count + i;
            builder.Append("    [Operation(\"synthetic.op").Append(n).Append("\")]\n")
                .Append("    public int Op").Append(n).Append("(TenantContext tenant, [SpanAttribute] int value, [MetricLabel] Kind kind) => value + 1;\n");
        }

        builder.Append("    public int CallAll(TenantContext tenant)\n    {\n        var total = 0;\n");
        for (var i = 0; i < count; i++)
        {
            builder.Append("        total += Op").Append(file * count + i).Append("(tenant, ").Append(i).Append(", Kind.Read);\n");
        }

        return builder.Append("        return total;\n    }\n}\n").ToString();
    }

    private static string Recorder(int file, int count)
    {
        var builder = new StringBuilder("using System.Collections.Generic;\nusing System.Diagnostics;\nusing Instrumentation;\nnamespace Synthetic;\n")
            .Append("public sealed class Recorder").Append(file).Append("\n{\n");
        for (var i = 0; i < count; i++)
        {
            builder.Append("    public void Record").Append(i).Append("(Kind kind, bool ok, int status, [BoundedValues(\"eu\", \"us\")] string region, string userId, double elapsed)\n    {\n");
            switch (i % 5)
            {
                case 0:
                    builder.Append("        Instruments.Calls.Add(1, new KeyValuePair<string, object?>(\"kind\", kind), new KeyValuePair<string, object?>(\"ok\", ok));\n");
                    break;
                case 1:
                    builder.Append("        var tags = new TagList { { \"kind\", kind.ToString() } };\n        tags.Add(\"status\", status);\n        Instruments.Latency.Record(elapsed, tags);\n");
                    break;
                case 2:
                    builder.Append("        var tags = new[] { KeyValuePair.Create(\"region\", (object?)region), KeyValuePair.Create(\"cache\", (object?)(ok ? \"hit\" : \"miss\")) };\n        Instruments.Calls.Add(1, tags);\n");
                    break;
                case 3:
                    builder.Append("        Instruments.Active.Add(1, new KeyValuePair<string, object?>(\"region\", Instruments.Regions[status % 3]));\n");
                    break;
                default:
                    builder.Append(i % 20 == 4
                        ? "        Instruments.Latency.Record(elapsed, new KeyValuePair<string, object?>(\"user_id\", userId));\n"
                        : "        Instruments.Latency.Record(elapsed, new KeyValuePair<string, object?>(\"kind\", kind switch { Kind.Read => \"r\", _ => \"w\" }));\n");
                    break;
            }

            builder.Append("    }\n");
        }

        return builder.Append("}\n").ToString();
    }
}
