using System.Collections.Generic;
using System.Linq;
using Instrumentation.Generators.Common;
using Instrumentation.Naming;
using Microsoft.CodeAnalysis;

namespace Instrumentation.Generators.Operations;

/// <summary>
/// Decides an operation's instruments: default names per kind (overridable on the attribute, "" turns
/// one off), units, and the label set of each instrument.
/// </summary>
internal static class InstrumentPlanner
{
    public const int DurationFlag = 1;
    public const int CallsFlag = 2;
    public const int FailuresFlag = 4;
    public const int MessagesFlag = 8;
    public const int BatchSizeFlag = 16;
    public const int ActiveFlag = 32;
    public const int QueueSizeFlag = 64;

    public static int Flag(InstrumentRole role) => role switch
    {
        InstrumentRole.Duration => DurationFlag,
        InstrumentRole.Calls => CallsFlag,
        InstrumentRole.Failures => FailuresFlag,
        InstrumentRole.Messages => MessagesFlag,
        InstrumentRole.BatchSize => BatchSizeFlag,
        InstrumentRole.Active => ActiveFlag,
        _ => QueueSizeFlag,
    };

    public static EquatableArray<InstrumentModel> Plan(
        OperationKindModel kind,
        string spanName,
        Dictionary<string, TypedConstant> named,
        EquatableArray<ParameterModel> parameters,
        int orgTargets,
        int projectTargets,
        string? failureReasonLabel,
        EquatableArray<string> failureReasons,
        string display,
        Location? location,
        System.Func<int, Location?> parameterLocation,
        List<DiagnosticInfo> diagnostics)
    {
        var defaults = Defaults(kind, spanName);
        // A label given twice is one mistake: one INS0009 per repeating source (at the parameter that repeats it), naming
        // every metric it would be doubled on — not one per metric at the attribute.
        var duplicates = new List<(string Label, int Source, List<string> Metrics)>();
        var hasBatch = false;
        var hasQueueSize = false;
        foreach (var parameter in parameters)
        {
            hasBatch |= parameter.BatchCountMember is not null;
            hasQueueSize |= parameter.IsQueueSize;
        }

        // A role this kind of operation records nowhere is a mistake the user cannot see (the attribute was read and
        // dropped): INS0004 at the parameter, as for any role a parameter cannot play.
        foreach (var parameter in parameters)
        {
            if (parameter.BatchCountMember is not null && kind is not (OperationKindModel.Ingest or OperationKindModel.Operation))
            {
                diagnostics.Add(DiagnosticInfo.Create(OperationDiagnostics.UnsupportedParameterRole, parameterLocation(parameter.Ordinal) ?? location, parameter.Name, display, "[Batch]",
                    "a " + KindName(kind) + " has no messages counter or batch-size histogram; [Batch] feeds those of an [Ingest] or an [Operation]"));
            }

            if (parameter.IsQueueSize && kind != OperationKindModel.Broadcast)
            {
                diagnostics.Add(DiagnosticInfo.Create(OperationDiagnostics.UnsupportedParameterRole, parameterLocation(parameter.Ordinal) ?? location, parameter.Name, display, "[QueueSize]",
                    "only a [Broadcast] records a queue size"));
            }
        }

        var instruments = new List<InstrumentModel>();
        void Add(InstrumentRole role, string property, string? defaultName, bool applies, string unit, string description)
        {
            if (!applies)
            {
                return;
            }

            var name = named.TryGetValue(property, out var value) && value.Value is string configured ? configured : defaultName;
            if (string.IsNullOrEmpty(name))
            {
                return;
            }

            if (!GeneratorNameRules.IsAcceptedMetricName(name!))
            {
                // A name derived from the span name (a newcomer's trial: "ünïcode.spän" passed INS0001 and then got three
                // INS0002 for names nobody wrote) says where it comes from and what to change.
                var derived = !(named.TryGetValue(property, out var set) && set.Value is string);
                diagnostics.Add(DiagnosticInfo.Create(
                    OperationDiagnostics.InvalidMetricName,
                    location,
                    name!,
                    display,
                    derived
                        ? "it is derived from the span name, and a metric name is ASCII letters, digits and '_', '.', '-', '/', starting with a letter, at most 255 characters: give the span an ASCII name, or name the metric with " + property
                        : "use lower snake case letters, digits and underscores, starting with a letter"));
                return;
            }

            var labels = Labels(role, parameters, orgTargets, projectTargets, failureReasonLabel, failureReasons, name!, duplicates);
            instruments.Add(new InstrumentModel(
                role,
                name!,
                unit,
                description,
                labels.Select(l => l.Name).ToEquatableArray(),
                labels.ToEquatableArray()));
        }

        Add(InstrumentRole.Duration, "DurationMetric", defaults.Duration, true, "ms", "Duration of the operation");
        Add(InstrumentRole.Calls, "CallsMetric", defaults.Calls, true, "{call}", "Calls of the operation");
        Add(InstrumentRole.Failures, "FailuresMetric", defaults.Failures, true, "{failure}", "Failed calls of the operation");
        // A [Batch] argument feeds a messages counter and a batch-size histogram on an [Ingest] and on an [Operation]
        // (BatchAttribute says so for any operation; on an [Operation] it used to be read and then recorded nowhere).
        var batchMetrics = kind is OperationKindModel.Ingest or OperationKindModel.Operation && hasBatch;
        Add(InstrumentRole.Messages, "MessagesMetric", defaults.Messages, batchMetrics, "{message}", kind == OperationKindModel.Ingest ? "Messages ingested" : "Messages in the batches the operation processed");
        Add(InstrumentRole.BatchSize, "BatchSizeMetric", defaults.BatchSize, batchMetrics, "{message}", "Messages per batch");
        Add(InstrumentRole.Active, "ActiveMetric", defaults.Active, kind is OperationKindModel.Flow or OperationKindModel.Operation, "{execution}", "Executions in progress");
        Add(InstrumentRole.QueueSize, "QueueSizeMetric", defaults.QueueSize, kind == OperationKindModel.Broadcast && hasQueueSize, "{item}", "Queue size seen by the operation");
        foreach (var (label, source, metrics) in duplicates)
        {
            var quoted = metrics.Select(m => "'" + m + "'").ToList();
            var names = quoted.Count == 1
                ? "metric " + quoted[0]
                : "metrics " + string.Join(", ", quoted.Take(quoted.Count - 1)) + " and " + quoted[quoted.Count - 1];
            var at = source >= 0 ? parameterLocation(source) ?? location : location;
            diagnostics.Add(DiagnosticInfo.Create(OperationDiagnostics.DuplicateMetricLabel, at, label, names, display));
        }

        return instruments.ToEquatableArray();
    }

    private static List<LabelValuesModel> Labels(
        InstrumentRole role,
        EquatableArray<ParameterModel> parameters,
        int orgTargets,
        int projectTargets,
        string? failureReasonLabel,
        EquatableArray<string> failureReasons,
        string metricName,
        List<(string Label, int Source, List<string> Metrics)> duplicates)
    {
        var flag = Flag(role);
        var labels = new List<LabelValuesModel>();

        // source: the ordinal of the parameter that gives the label, -1 for the attribute (org, project, reason).
        void Add(string label, LabelValueKind kind, IEnumerable<string> values, int source = -1)
        {
            if (labels.Any(l => l.Name == label))
            {
                var index = duplicates.FindIndex(d => d.Label == label && d.Source == source);
                if (index < 0)
                {
                    duplicates.Add((label, source, new List<string>()));
                    index = duplicates.Count - 1;
                }

                duplicates[index].Metrics.Add(metricName);
                return;
            }

            labels.Add(new LabelValuesModel(label, kind, values.ToEquatableArray()));
        }

        if ((orgTargets & flag) != 0)
        {
            Add("org", LabelValueKind.Unknown, Enumerable.Empty<string>());
        }

        if ((projectTargets & flag) != 0)
        {
            Add("project", LabelValueKind.Unknown, Enumerable.Empty<string>());
        }

        foreach (var parameter in parameters)
        {
            if (parameter.Label is { } label && (label.Targets & flag) != 0)
            {
                Add(label.LabelName, LabelValueKind.Closed, LabelValueSets.Of(label), parameter.Ordinal);
            }
        }

        if (role == InstrumentRole.Failures && failureReasonLabel is not null)
        {
            Add(failureReasonLabel, LabelValueKind.Expected, LabelValueSets.Normalize(failureReasons));
        }

        return labels;
    }

    private static string KindName(OperationKindModel kind) => kind switch
    {
        OperationKindModel.Ingest => "[Ingest]",
        OperationKindModel.Broadcast => "[Broadcast]",
        OperationKindModel.Flow => "[Flow]",
        OperationKindModel.FlowNode => "[FlowNode]",
        _ => "[Operation]",
    };

    private static (string? Duration, string? Calls, string? Failures, string? Messages, string? BatchSize, string? Active, string? QueueSize) Defaults(
        OperationKindModel kind,
        string spanName)
    {
        switch (kind)
        {
            case OperationKindModel.Ingest:
                return ("ingest_processing_latency_ms", "ingest_calls_total", "ingest_failures_total", "ingest_messages_total", "ingest_batch_size", null, null);
            case OperationKindModel.Broadcast:
                return ("broadcast_latency_ms", "broadcast_calls_total", "broadcast_failures_total", null, null, null, "broadcast_queue_size");
            case OperationKindModel.Flow:
                return ("flow_exec_duration_ms", "flow_exec_total", "flow_failures_total", null, null, "flow_exec_active", null);
            case OperationKindModel.FlowNode:
                return ("node_exec_duration_ms", "node_exec_total", "node_failures_total", null, null, null, null);
            default:
                var stem = SymbolNames.ToSnakeCase(spanName).Replace("-", "_").Replace("/", "_");
                return (stem + "_duration_ms", stem + "_calls_total", stem + "_failures_total", stem + "_messages_total", stem + "_batch_size", null, null);
        }
    }
}
