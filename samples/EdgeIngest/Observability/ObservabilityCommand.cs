using System;
using System.IO;
using Instrumentation.Observability;

namespace EdgeIngest.Observability;

/// <summary><c>observability --out DIR</c>: writes alerts.yml (Prometheus rules) and dashboard.json (Grafana).</summary>
public static class ObservabilityCommand
{
    public const string Usage = "EdgeIngest observability --out DIR";

    public static int Run(string[] args)
    {
        string? output = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (i + 1 < args.Length && args[i] == "--out" && output is null)
            {
                output = args[++i];
            }
            else
            {
                Console.Error.WriteLine("error: unknown, repeated or incomplete option '" + args[i] + "'");
                Console.Error.WriteLine("usage: " + Usage);
                return 2;
            }
        }

        if (string.IsNullOrWhiteSpace(output))
        {
            Console.Error.WriteLine("error: --out is required");
            Console.Error.WriteLine("usage: " + Usage);
            return 2;
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
}
