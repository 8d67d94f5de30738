using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Instrumentation.Generators.Common;
using Instrumentation.Generators.Funnel;
using Instrumentation.Generators.Operations;

namespace Instrumentation.Generators.Catalog;

/// <summary>The funnel events section of the catalog: one item per event name (methods emitting one name merged).</summary>
internal static class FunnelCatalog
{
    public static CatalogPartModel? Build(ImmutableArray<FunnelMethodModel> models, GeneratorSettings settings)
    {
        if (!settings.Enabled || !settings.LanguageSupported || !settings.InterceptorsEnabled)
        {
            return null;
        }

        var events = models
            .GroupBy(m => m.Key)
            .Select(g => g.First())
            .SelectMany(m => m.Events.Select(e => (Method: m.Key, Event: e)))
            .ToList();
        if (events.Count == 0)
        {
            return null;
        }

        var items = events
            .GroupBy(e => e.Event.EventName)
            .OrderBy(g => g.Key, System.StringComparer.Ordinal)
            .Select(group =>
            {
                var properties = group
                    .SelectMany(e => Properties(e.Event))
                    .GroupBy(p => p.Name)
                    .Select(g => g.First())
                    .OrderBy(p => p.Name, System.StringComparer.Ordinal)
                    .Select(p => CatalogJson.Field(p, withTenant: false))
                    .ToList();
                return (IReadOnlyList<KeyValuePair<string, string>>)new[]
                {
                    new KeyValuePair<string, string>("name", CatalogJson.Quote(group.Key)),
                    new KeyValuePair<string, string>("oncePerEntity", CatalogJson.Bool(group.Any(e => e.Event.OncePerEntity))),
                    new KeyValuePair<string, string>("operations", CatalogJson.Strings(group.Select(e => e.Method).Distinct().OrderBy(k => k, System.StringComparer.Ordinal))),
                    new KeyValuePair<string, string>("properties", CatalogJson.Lines(properties, 3)),
                };
            });

        return new CatalogPartModel(
            "Funnel",
            settings.AssemblyName,
            new[] { new CatalogSection("funnelEvents", CatalogJson.Section(items), RegisterAtRunTime: true) }.ToEquatableArray());
    }

    /// <summary>The named properties of an event, and the ones the SDK computes (time since, duration).</summary>
    private static IEnumerable<CatalogField> Properties(FunnelEventModel item)
    {
        foreach (var property in item.Properties)
        {
            yield return new CatalogField(property.Name, false, CatalogJson.Classification(property.Path.Classification, property.Path.Foreign));
        }

        if (item.SinceProperty is { } since)
        {
            yield return new CatalogField(since, false, null);
        }

        if (item.DurationProperty is { } duration)
        {
            yield return new CatalogField(duration, false, null);
        }
    }
}
