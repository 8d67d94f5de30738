using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Linq;
using System.Reflection;

namespace Instrumentation.Observability;

/// <summary>
/// The spans, log events and funnel events the code declares, built at compile time: generated module initializers
/// of every instrumented assembly register their part (the same JSON the build writes to <c>telemetry.json</c>,
/// docs/telemetry-catalog.md). Metrics are in <see cref="MetricCatalog"/>, which this catalog exposes as
/// <see cref="Metrics"/>.
/// </summary>
/// <remarks>
/// <see cref="Current"/> holds what the assemblies loaded so far registered (an assembly registers when it is first
/// used; the entry assembly before <c>Main</c>).
/// </remarks>
public sealed class TelemetryCatalog
{
    /// <summary>The section of spans (the JSON property name in <c>telemetry.json</c>).</summary>
    public const string SpansSection = "spans";

    /// <summary>The section of log events.</summary>
    public const string LogEventsSection = "logEvents";

    /// <summary>The section of funnel events.</summary>
    public const string FunnelEventsSection = "funnelEvents";

    private static readonly object Gate = new();
    /// <summary>The prefix of the assembly metadata keys that carry catalog sections (the generators' attributes).</summary>
    private const string MetadataPrefix = "Instrumentation.TelemetryCatalog.";

    // A section is registered with its JSON, or with the assembly whose metadata attribute carries it (read at Build).
    private static readonly List<(string Assembly, string Section, string? Json, Assembly? Carrier)> Registrations = new();
    private static TelemetryCatalog? _current;

    /// <summary>Creates a catalog of the given items (each list is ordered by identity).</summary>
    /// <param name="spans">The spans.</param>
    /// <param name="logEvents">The log events.</param>
    /// <param name="funnelEvents">The funnel events.</param>
    /// <param name="metrics">The metrics (null: <see cref="MetricCatalog.Current"/>).</param>
    public TelemetryCatalog(
        IEnumerable<SpanDescriptor> spans,
        IEnumerable<LogEventDescriptor> logEvents,
        IEnumerable<FunnelEventDescriptor> funnelEvents,
        MetricCatalog? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(spans);
        ArgumentNullException.ThrowIfNull(logEvents);
        ArgumentNullException.ThrowIfNull(funnelEvents);
        Spans = spans.OrderBy(s => s.Name, StringComparer.Ordinal).ThenBy(s => s.Assembly, StringComparer.Ordinal).ToArray();
        LogEvents = logEvents
            .OrderBy(e => e.Category, StringComparer.Ordinal)
            .ThenBy(e => e.EventId)
            .ThenBy(e => e.Assembly, StringComparer.Ordinal)
            .ToArray();
        FunnelEvents = funnelEvents.OrderBy(e => e.Name, StringComparer.Ordinal).ThenBy(e => e.Assembly, StringComparer.Ordinal).ToArray();
        _metrics = metrics;
    }

    private readonly MetricCatalog? _metrics;

    /// <summary>Everything registered so far by the generated code of the loaded assemblies.</summary>
    public static TelemetryCatalog Current
    {
        get
        {
            lock (Gate)
            {
                return _current ??= Build(Registrations);
            }
        }
    }

    /// <summary>Every span, ordered by name.</summary>
    public IReadOnlyList<SpanDescriptor> Spans { get; }

    /// <summary>Every log event, ordered by category then event id.</summary>
    public IReadOnlyList<LogEventDescriptor> LogEvents { get; }

    /// <summary>Every funnel event, ordered by name.</summary>
    public IReadOnlyList<FunnelEventDescriptor> FunnelEvents { get; }

    /// <summary>The metrics (the catalog given at construction, else <see cref="MetricCatalog.Current"/>).</summary>
    public MetricCatalog Metrics => _metrics ?? MetricCatalog.Current;

    /// <summary>The assemblies that registered items, ordered.</summary>
    public IReadOnlyList<string> Assemblies =>
        Spans.Select(s => s.Assembly)
            .Concat(LogEvents.Select(e => e.Assembly))
            .Concat(FunnelEvents.Select(e => e.Assembly))
            .Distinct(StringComparer.Ordinal)
            .OrderBy(a => a, StringComparer.Ordinal)
            .ToArray();

    /// <summary>The items of one assembly (metrics: those of its generated meter).</summary>
    /// <param name="assembly">The assembly name.</param>
    /// <returns>A catalog of that assembly's items.</returns>
    public TelemetryCatalog ForAssembly(string assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var meter = "Instrumentation.Generated." + assembly;
        return new TelemetryCatalog(
            Spans.Where(s => s.Assembly == assembly),
            LogEvents.Where(e => e.Assembly == assembly),
            FunnelEvents.Where(e => e.Assembly == assembly),
            new MetricCatalog(Metrics.Metrics.Where(m => m.MeterName == meter)));
    }

    /// <summary>
    /// Registers one section of an assembly's catalog (JSON, schema of docs/telemetry-catalog.md). Called by generated
    /// module initializers; not for application code. Malformed text is ignored.
    /// </summary>
    /// <param name="assembly">The assembly name.</param>
    /// <param name="section"><see cref="SpansSection"/>, <see cref="LogEventsSection"/> or <see cref="FunnelEventsSection"/>.</param>
    /// <param name="json">The section's JSON array.</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static void Register(string assembly, string section, string json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return;
        }

        Add(assembly, section, json, null);
    }

    /// <summary>
    /// Registers one section of an assembly's catalog that <paramref name="carrier"/> holds in its
    /// <c>[assembly: AssemblyMetadata("Instrumentation.TelemetryCatalog.&lt;section&gt;", json)]</c> attribute — the one
    /// the build reads for <c>telemetry.json</c> — so the JSON is in the assembly once, and no string literal of it counts
    /// against the 16 MB of user strings an assembly may hold. Read when <see cref="Current"/> is next built (a collectible
    /// assembly at once, so that the catalog does not keep it from unloading). Called by
    /// generated module initializers; not for application code. A missing or malformed section is ignored.
    /// </summary>
    /// <param name="assembly">The assembly name.</param>
    /// <param name="section"><see cref="SpansSection"/>, <see cref="LogEventsSection"/> or <see cref="FunnelEventsSection"/>.</param>
    /// <param name="carrier">The assembly whose metadata attribute holds the section's JSON array.</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static void Register(string assembly, string section, Assembly carrier)
    {
        if (carrier is null)
        {
            return;
        }

        // A collectible assembly (a plug-in in an unloadable AssemblyLoadContext) is read now: holding it here would
        // keep it from unloading. Any other assembly stays loaded anyway and is read when the catalog is first built.
        if (carrier.IsCollectible)
        {
            var json = ReadMetadata(carrier, section);
            if (!string.IsNullOrEmpty(json))
            {
                Add(assembly, section, json, null);
            }

            return;
        }

        Add(assembly, section, null, carrier);
    }

    private static void Add(string assembly, string section, string? json, Assembly? carrier)
    {
        if (string.IsNullOrEmpty(assembly) || string.IsNullOrEmpty(section))
        {
            return;
        }

        lock (Gate)
        {
            if (Registrations.Any(r => r.Assembly == assembly && r.Section == section))
            {
                return;
            }

            Registrations.Add((assembly, section, json, carrier));
            _current = null;
        }
    }

    /// <summary>The JSON of <paramref name="section"/> in <paramref name="carrier"/>'s catalog metadata, or null.</summary>
    private static string? ReadMetadata(Assembly carrier, string section)
    {
        try
        {
            var key = MetadataPrefix + section;
            foreach (var attribute in carrier.GetCustomAttributes<AssemblyMetadataAttribute>())
            {
                if (string.Equals(attribute.Key, key, StringComparison.Ordinal))
                {
                    return attribute.Value;
                }
            }
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // An assembly whose attributes cannot be read (e.g. one loaded for reflection only) contributes nothing.
        }

        return null;
    }

    /// <summary>
    /// Builds a catalog from registered sections (JSON parsed here, once per snapshot). A section registered by its
    /// carrying assembly is read from the attribute the first time and kept as text, so a later snapshot (after another
    /// assembly registered) does not read the attributes again. Called under <see cref="Gate"/>.
    /// </summary>
    private static TelemetryCatalog Build(List<(string Assembly, string Section, string? Json, Assembly? Carrier)> registrations)
    {
        var spans = new List<SpanDescriptor>();
        var logs = new List<LogEventDescriptor>();
        var funnels = new List<FunnelEventDescriptor>();
        for (var i = 0; i < registrations.Count; i++)
        {
            var (assembly, section, json, carrier) = registrations[i];
            if (json is null && carrier is not null)
            {
                json = ReadMetadata(carrier, section) ?? string.Empty;
                registrations[i] = (assembly, section, json, null);
            }

            if (!string.IsNullOrEmpty(json))
            {
                TelemetryCatalogJson.Read(assembly, section, json, spans, logs, funnels);
            }
        }

        return new TelemetryCatalog(spans, logs, funnels);
    }
}
