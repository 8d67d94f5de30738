using System.Text;

namespace Instrumentation.Generators.Tests.Infrastructure;

/// <summary>Synthetic compilations with many annotated methods (scale tests and benchmarks).</summary>
public static class SyntheticSources
{
    public static string Operations(int count)
    {
        var builder = new StringBuilder();
        builder.AppendLine("using Instrumentation;");
        builder.AppendLine("namespace Synthetic;");
        builder.AppendLine("public sealed class Service");
        builder.AppendLine("{");
        for (var i = 0; i < count; i++)
        {
            builder.Append("    [Operation(\"synthetic.op").Append(i).Append("\")] public int Op").Append(i)
                .Append("(TenantContext tenant, [SpanAttribute] int value) => value + ").Append(i).AppendLine(";");
        }

        builder.AppendLine("    public int CallAll()");
        builder.AppendLine("    {");
        builder.AppendLine("        var tenant = new TenantContext(\"o\", \"p\");");
        builder.AppendLine("        var total = 0;");
        for (var i = 0; i < count; i++)
        {
            builder.Append("        total += Op").Append(i).AppendLine("(tenant, 1);");
        }

        builder.AppendLine("        return total;");
        builder.AppendLine("    }");
        builder.AppendLine("}");
        return builder.ToString();
    }
}
