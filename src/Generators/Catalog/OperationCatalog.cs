using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Instrumentation.Generators.Common;
using Instrumentation.Generators.Operations;

namespace Instrumentation.Generators.Catalog;

/// <summary>
/// The spans and metrics sections of the catalog from the operation models: one span item per span name (operations
/// sharing a name merged), one metric item per instrument name (label values merged as in <c>MetricDeclarations</c>).
/// </summary>
internal static class OperationCatalog
{
    private static readonly string[] TenantAttributes = { "device_uuid", "org_id", "project_id" };

    public static CatalogPartModel? Build(ImmutableArray<OperationModel> models, GeneratorSettings settings)
    {
        if (!settings.Enabled || !settings.LanguageSupported || !settings.InterceptorsEnabled || models.IsEmpty)
        {
            return null;
        }

        // The operations the emitted code instruments: one per method, minus metric-definition conflicts (INS0005).
        var operations = IsolatedEmission.WithoutConflicts(OperationEmitter.Distinct(models));
        var instruments = new InstrumentCatalog();
        foreach (var operation in operations)
        {
            _ = instruments.Add(operation);
        }

        return new CatalogPartModel(
            "Operations",
            settings.AssemblyName,
            new[]
            {
                new CatalogSection("spans", Spans(operations), RegisterAtRunTime: true),
                new CatalogSection("metrics", Metrics(instruments), RegisterAtRunTime: false),
            }.ToEquatableArray());
    }

    private static string Spans(List<OperationModel> operations)
    {
        var items = operations
            .GroupBy(o => o.SpanName)
            .OrderBy(g => g.Key, System.StringComparer.Ordinal)
            .Select(group =>
            {
                var ops = group.OrderBy(o => o.Key, System.StringComparer.Ordinal).ToList();
                var attributes = ops
                    .SelectMany(Attributes)
                    .GroupBy(a => a.Name)
                    .Select(g => g.First())
                    .OrderBy(a => a.Name, System.StringComparer.Ordinal)
                    .Select(a => CatalogJson.Field(a, withTenant: true))
                    .ToList();
                var logs = new List<string> { "OperationFailed" };
                if (ops.Any(o => o.LogStart))
                {
                    logs.Add("OperationStarted");
                }

                if (ops.Any(o => o.LogCompletion))
                {
                    logs.Add("OperationCompleted");
                }

                var metrics = ops.SelectMany(o => o.Instruments).Select(i => i.Name).Distinct().OrderBy(n => n, System.StringComparer.Ordinal);
                return (IReadOnlyList<KeyValuePair<string, string>>)new[]
                {
                    Pair("name", CatalogJson.Quote(group.Key)),
                    Pair("kind", CatalogJson.Quote(Kind(ops[0].Kind))),
                    Pair("operations", CatalogJson.Strings(ops.Select(o => o.Key))),
                    Pair("attributes", CatalogJson.Lines(attributes, 3)),
                    Pair("logs", CatalogJson.Strings(logs)),
                    Pair("metrics", CatalogJson.Strings(metrics)),
                };
            });
        return CatalogJson.Section(items);
    }

    /// <summary>The attributes an operation's span can carry: tenant attributes, then marked parameters.</summary>
    private static IEnumerable<CatalogField> Attributes(OperationModel operation)
    {
        var fromContext = operation.ContainingTypeIsTenantScoped
            || operation.Parameters.Any(p => p.Tenant is TenantRole.Context or TenantRole.NullableContext or TenantRole.Scoped);
        foreach (var name in TenantAttributes)
        {
            var role = name switch
            {
                "org_id" => TenantRole.OrgId,
                "project_id" => TenantRole.ProjectId,
                _ => TenantRole.DeviceUuid,
            };
            if (fromContext || operation.Parameters.Any(p => p.Tenant == role))
            {
                yield return new CatalogField(name, true, null);
            }
        }

        foreach (var parameter in operation.Parameters)
        {
            if (parameter.SpanAttributeName is { } attribute)
            {
                yield return new CatalogField(attribute, false, CatalogJson.Classification(parameter.Classification, parameter.Foreign));
            }
        }
    }

    private static string Metrics(InstrumentCatalog catalog)
    {
        var items = catalog.Instruments
            .OrderBy(i => i.Name, System.StringComparer.Ordinal)
            .Select(instrument =>
            {
                var labels = catalog.LabelValues(instrument.Name)
                    .Select(l => "{ \"name\": " + CatalogJson.Quote(l.Name)
                        + ", \"values\": " + CatalogJson.Quote(Camel(l.Kind.ToString()))
                        + ", \"known\": " + CatalogJson.Strings(l.Values) + " }")
                    .ToList();
                return (IReadOnlyList<KeyValuePair<string, string>>)new[]
                {
                    Pair("name", CatalogJson.Quote(instrument.Name)),
                    Pair("kind", CatalogJson.Quote(Camel(InstrumentCatalog.Kind(instrument.Role)))),
                    Pair("unit", CatalogJson.Quote(instrument.Unit)),
                    Pair("description", CatalogJson.Quote(instrument.Description)),
                    Pair("labels", CatalogJson.Lines(labels, 3)),
                };
            });
        return CatalogJson.Section(items);
    }

    private static string Kind(OperationKindModel kind) => Camel(kind.ToString());

    private static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name.Substring(1);

    private static KeyValuePair<string, string> Pair(string key, string value) => new(key, value);
}
