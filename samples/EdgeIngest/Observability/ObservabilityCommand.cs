using System;
using System.IO;
using Instrumentation.Observability;

namespace EdgeIngest.Observability;

/// <summary>
/// <c>observability --out DIR</c>: writes alerts.yml (Prometheus rules) and dashboard.json (Grafana);
/// <c>--write-telemetry-docs FILE</c>: writes the markdown page of every signal EdgeIngest emits (docs/edgeingest-telemetry.md).
/// </summary>
public static class ObservabilityCommand
{
    public const string Usage = "EdgeIngest observability [--out DIR] [--write-telemetry-docs FILE]";

    /// <summary>The command that regenerates the checked-in page.</summary>
    public const string TelemetryDocsCommand = "dotnet run --project samples/EdgeIngest -c Release -- observability --write-telemetry-docs docs/edgeingest-telemetry.md";

    /// <summary>The telemetry page: this assembly's catalog (registered by its generated module initializers) with the plan's alerts and panels.</summary>
    public static string RenderTelemetryDocs() =>
        TelemetryDocumentation.Render(
            TelemetryCatalog.Current,
            typeof(ObservabilityCommand).Assembly.GetName().Name!,
            EdgeIngestObservability.Create(),
            TelemetryDocsCommand);

    public static int Run(string[] args)
    {
        string? output = null;
        string? docs = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (i + 1 < args.Length && args[i] == "--out" && output is null)
            {
                output = args[++i];
            }
            else if (i + 1 < args.Length && args[i] == "--write-telemetry-docs" && docs is null)
            {
                docs = args[++i];
            }
            else
            {
                Console.Error.WriteLine("error: unknown, repeated or incomplete option '" + args[i] + "'");
                Console.Error.WriteLine("usage: " + Usage);
                return 2;
            }
        }

        if (string.IsNullOrWhiteSpace(output) && string.IsNullOrWhiteSpace(docs))
        {
            Console.Error.WriteLine("error: --out or --write-telemetry-docs is required");
            Console.Error.WriteLine("usage: " + Usage);
            return 2;
        }

        if (docs is not null && WriteTelemetryDocs(docs) is var failed && failed != 0)
        {
            return failed;
        }

        if (output is null)
        {
            return 0;
        }

        ObservabilityPlan plan;
        try
        {
            plan = EdgeIngestObservability.Create();
        }
        catch (Exception error) when (error is ArgumentException or InvalidOperationException)
        {
            // A declaration names something the attributes no longer declare: a bug to fix in EdgeIngestObservability.
            Console.Error.WriteLine("error: the alert rules or panels do not match the metric catalog: " + error.Message);
            return 1;
        }

        try
        {
            var (rules, dashboard) = plan.WriteFiles(output);
            Console.WriteLine("alert rules: " + rules);
            Console.WriteLine("dashboard:   " + dashboard);
            return 0;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            Console.Error.WriteLine("error: cannot write to '" + output + "': " + error.Message);
            return 2;
        }
    }

    private static int WriteTelemetryDocs(string path)
    {
        try
        {
            var full = Path.GetFullPath(path);
            if (Path.GetDirectoryName(full) is { } directory)
            {
                Directory.CreateDirectory(directory);
            }

            File.WriteAllText(full, RenderTelemetryDocs());
            Console.WriteLine("telemetry docs: " + full);
            return 0;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            Console.Error.WriteLine("error: cannot write '" + path + "': " + error.Message);
            return 2;
        }
    }
}
