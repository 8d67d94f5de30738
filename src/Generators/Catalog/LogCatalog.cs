using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Instrumentation.Generators.Common;
using Instrumentation.Generators.Logging;

namespace Instrumentation.Generators.Catalog;

/// <summary>
/// The log events section of the catalog: one item per category (the declaring type) and event id; overloads that
/// share a derived id are merged (fields united).
/// </summary>
internal static class LogCatalog
{
    public static CatalogPartModel? Build(ImmutableArray<LogMethodModel> models, string assemblyName)
    {
        if (models.IsEmpty)
        {
            return null;
        }

        var items = models
            .GroupBy(m => (Category: Category(m.TypeKey), m.EventId))
            .OrderBy(g => g.Key.Category, System.StringComparer.Ordinal)
            .ThenBy(g => g.Key.EventId)
            .Select(group =>
            {
                var methods = group.OrderBy(m => m.Display, System.StringComparer.Ordinal).ToList();
                var first = methods[0];
                var fields = methods
                    .SelectMany(Fields)
                    .GroupBy(f => f.Name)
                    .Select(g => g.First())
                    .OrderBy(f => f.Name, System.StringComparer.Ordinal)
                    .Select(f => CatalogJson.Field(f, withTenant: false))
                    .ToList();
                return (IReadOnlyList<KeyValuePair<string, string>>)new[]
                {
                    new KeyValuePair<string, string>("category", CatalogJson.Quote(group.Key.Category)),
                    new KeyValuePair<string, string>("eventId", group.Key.EventId.ToString(CultureInfo.InvariantCulture)),
                    new KeyValuePair<string, string>("name", CatalogJson.Quote(first.EventName)),
                    new KeyValuePair<string, string>("level", CatalogJson.Quote(first.LevelName)),
                    new KeyValuePair<string, string>("template", CatalogJson.Quote(first.Template)),
                    new KeyValuePair<string, string>("fields", CatalogJson.Lines(fields, 3)),
                };
            });

        return new CatalogPartModel(
            "Logging",
            assemblyName,
            new[] { new CatalogSection("logEvents", CatalogJson.Section(items), RegisterAtRunTime: true) }.ToEquatableArray());
    }

    /// <summary>The declaring type's full name as a category: no <c>global::</c> prefix.</summary>
    private static string Category(string typeKey) =>
        typeKey.StartsWith("global::", System.StringComparison.Ordinal) ? typeKey.Substring("global::".Length) : typeKey;

    /// <summary>The structured fields of the state: parameters (not the logger; the exception and a <c>[LogProperties]</c> parameter only when the template uses them) and expanded properties.</summary>
    private static IEnumerable<CatalogField> Fields(LogMethodModel model)
    {
        foreach (var parameter in model.Parameters.Concat(model.Properties))
        {
            var stored = parameter.Kind switch
            {
                LogValueKind.Logger => false,
                LogValueKind.Exception => parameter.IsReferenced,
                _ => parameter.IsReferenced || !parameter.IsExpanded || parameter.ParentIndex >= 0,
            };
            if (!stored)
            {
                continue;
            }

            yield return new CatalogField(parameter.StructuredName, false, CatalogJson.Classification(parameter.Classification, parameter.Foreign));
        }
    }
}
