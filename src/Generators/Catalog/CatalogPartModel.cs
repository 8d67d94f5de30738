using Instrumentation.Generators.Common;

namespace Instrumentation.Generators.Catalog;

/// <summary>
/// One generator's part of the telemetry catalog, as plain text: the sections (name → JSON array) for the assembly
/// named. Equatable by value, so an edit that does not change the catalog leaves the emission step cached.
/// </summary>
internal sealed record CatalogPartModel(string PartName, string AssemblyName, EquatableArray<CatalogSection> Sections);

/// <summary>A section of <c>telemetry.json</c> (<c>spans</c>, <c>metrics</c>, <c>logEvents</c>, <c>funnelEvents</c>) and its JSON array.</summary>
/// <param name="Name">The section name.</param>
/// <param name="Json">The JSON array.</param>
/// <param name="RegisterAtRunTime">Whether the module initializer hands it to <c>TelemetryCatalog</c> (metrics go through <c>MetricCatalog</c>).</param>
internal sealed record CatalogSection(string Name, string Json, bool RegisterAtRunTime);
