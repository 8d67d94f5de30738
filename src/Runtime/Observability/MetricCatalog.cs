using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading;

namespace Instrumentation.Observability;

/// <summary>
/// The metrics the code declares. Generated code registers every instrument it creates from a module
/// initializer (name, kind, unit, description, labels and the label values known at compile time); the
/// SDK adds its own (the funnel meter). Alert rules and dashboards are declared against a catalog
/// (<see cref="ObservabilityPlan"/>), and the zero series published by <c>AddGeneratedInstrumentation()</c>
/// come from it.
/// </summary>
/// <remarks>
/// <see cref="Current"/> holds what the assemblies loaded so far registered (an assembly registers when it
/// is first used; the entry assembly before <c>Main</c>). Tests and tools can build their own catalog from
/// descriptors.
/// </remarks>
public sealed class MetricCatalog
{
    /// <summary>
    /// The most label combinations an instrument gets zero series for; an instrument with more (for
    /// example method × path × status) gets none, so that a catalog cannot flood the exposition.
    /// </summary>
    public const int MaxZeroSeriesPerInstrument = 256;

    private static readonly object Gate = new();
    private static readonly List<Registration> Registrations = new();
    private static bool _describeOnRegistration;
    private static MetricCatalog? _current;

    private readonly Dictionary<string, MetricDescriptor> _byName = new(StringComparer.Ordinal);

    /// <summary>
    /// Creates a catalog of <paramref name="metrics"/>. When several meters declare one name with the same kind and unit
    /// (one family at <c>/metrics</c>, its series added up), the name is looked up as one metric with every meter's labels
    /// (<see cref="Merge"/>); declared differently (another kind or unit, left out of <c>/metrics</c>), the first meter's
    /// by meter name is looked up.
    /// </summary>
    /// <param name="metrics">The declared metrics.</param>
    public MetricCatalog(IEnumerable<MetricDescriptor> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var list = new List<MetricDescriptor>();
        foreach (var metric in metrics)
        {
            ArgumentNullException.ThrowIfNull(metric, nameof(metrics));
            list.Add(metric);
        }

        Metrics = list
            .OrderBy(m => m.Name, StringComparer.Ordinal)
            .ThenBy(m => m.MeterName, StringComparer.Ordinal)
            .ToArray();

        // Built from the ordered list, so that a lookup does not depend on which assembly loaded first (the rule builder
        // rejected a valid 'by' label of one project, or of the other, depending on which library an app used first).
        foreach (var group in Metrics.GroupBy(m => m.Name, StringComparer.Ordinal))
        {
            var declared = group.ToList();
            _byName[group.Key] = declared.Count == 1 || declared.Any(m => m.Kind != declared[0].Kind || m.Unit != declared[0].Unit)
                ? declared[0]
                : Merge(declared);
        }
    }

    /// <summary>
    /// One metric for a name several meters declare alike: every label of any of them; a label's values are closed only
    /// when every meter that has it closes them (then their union), listed as expected when all list some, else unknown.
    /// </summary>
    private static MetricDescriptor Merge(List<MetricDescriptor> declared)
    {
        var labels = new List<MetricLabel>();
        foreach (var name in declared.SelectMany(m => m.Labels).Select(l => l.Name).Distinct(StringComparer.Ordinal))
        {
            var forms = declared.Select(m => m.Label(name)).Where(l => l is not null).Select(l => l!).ToList();
            var values = forms.SelectMany(l => l.Values).Distinct(StringComparer.Ordinal).ToArray();
            labels.Add(forms.Any(l => l.ValueKind == MetricLabelValues.Unknown) ? MetricLabel.Unknown(name)
                : forms.All(l => l.ValueKind == MetricLabelValues.Closed) ? MetricLabel.Closed(name, values)
                : MetricLabel.Expected(name, values));
        }

        var first = declared[0];
        return new MetricDescriptor(first.MeterName, first.Name, first.Kind, first.Unit, first.Description, labels.ToArray());
    }

    /// <summary>
    /// Everything registered so far: the generated declarations of every loaded assembly and the SDK's
    /// own metrics. A new snapshot is made when another assembly registers.
    /// </summary>
    public static MetricCatalog Current
    {
        get
        {
            lock (Gate)
            {
                return _current ??= new MetricCatalog(Registrations.SelectMany(r => r.Metrics).Concat(SdkMetrics.All));
            }
        }
    }

    /// <summary>Every metric, ordered by name (then meter name).</summary>
    public IReadOnlyList<MetricDescriptor> Metrics { get; }

    /// <summary>The metric named <paramref name="name"/>, or null.</summary>
    /// <param name="name">A metric name as it appears at <c>/metrics</c> (for a histogram, without <c>_bucket</c>).</param>
    public MetricDescriptor? Find(string name) => name is not null && _byName.TryGetValue(name, out var metric) ? metric : null;

    /// <summary>The metric named <paramref name="name"/>.</summary>
    /// <param name="name">A metric name as it appears at <c>/metrics</c> (for a histogram, without <c>_bucket</c>).</param>
    /// <exception cref="ArgumentException">The catalog has no such metric; the message names the closest ones.</exception>
    public MetricDescriptor Get(string name)
    {
        if (Find(name) is { } metric)
        {
            return metric;
        }

        var stem = name ?? string.Empty;
        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
        {
            if (stem.EndsWith(suffix, StringComparison.Ordinal) && Find(stem[..^suffix.Length]) is { Kind: MetricInstrumentKind.Histogram } histogram)
            {
                throw new ArgumentException("'" + name + "' is a series of the histogram '" + histogram.Name + "': name the histogram itself.", nameof(name));
            }
        }

        var closest = Metrics
            .Select(m => (m.Name, Distance: Instrumentation.Text.EditDistance.Between(m.Name, stem)))
            .OrderBy(m => m.Distance)
            .ThenBy(m => m.Name, StringComparer.Ordinal)
            .Take(3)
            .Select(m => m.Name)
            .ToList();
        throw new ArgumentException(
            "The metric '" + name + "' is not in the metric catalog ("
            + (Metrics.Count == 0 ? "which is empty: no instrumented assembly is loaded" : Metrics.Count + " metrics; closest: " + string.Join(", ", closest))
            + "). Metric names come from the operation attributes; see MetricCatalog.Current.Metrics.",
            nameof(name));
    }

    /// <summary>
    /// Registers an assembly's declarations. Called by generated module initializers; not for application code.
    /// </summary>
    /// <param name="meterName">The generated meter's name.</param>
    /// <param name="describe">Returns the assembly's metric descriptors (called once, when first needed).</param>
    /// <param name="findInstrument">Returns the generated instrument of a metric name (creates the instruments).</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static void Register(string meterName, Func<MetricDescriptor[]> describe, Func<string, Instrument?> findInstrument)
    {
        if (string.IsNullOrEmpty(meterName) || describe is null || findInstrument is null)
        {
            return;
        }

        Registration registration;
        lock (Gate)
        {
            if (Registrations.Any(r => r.MeterName == meterName))
            {
                return;
            }

            registration = new Registration(meterName, describe, findInstrument);
            Registrations.Add(registration);
            _current = null;
        }

        if (Volatile.Read(ref _describeOnRegistration))
        {
            // A meter provider already listens (an assembly loaded after it started, from its module initializer): describe
            // now, before the assembly's instruments are created, so that their streams are sized from the description and
            // its declared failure reasons are known before its first failure. Outside the lock: describing creates the
            // plain operations' instruments, which the provider's view looks up.
            try
            {
                _ = registration.Metrics;
            }
            catch (Exception)
            {
                // A broken description costs its own zero series and sizes, as at the provider's start; never the load.
            }
        }
    }

    /// <summary>
    /// Makes later registrations describe themselves at once (<see cref="Register(string, Func{MetricDescriptor[]}, Func{string, Instrument?})"/>);
    /// set when a meter provider with the SDK's registration starts. Until then nothing is described at load: a process
    /// nobody listens to pays nothing for it.
    /// </summary>
    internal static void DescribeOnRegistration() => Volatile.Write(ref _describeOnRegistration, true);

    /// <summary>
    /// Registers an assembly's declarations and its instruments as a list (each found by its own name). Called by
    /// generated module initializers; not for application code. A list of field reads is cheap to compile; the
    /// generated <c>switch</c> over every metric name it replaces cost about a third of the generated code's compile
    /// time on a library with 954 instruments.
    /// </summary>
    /// <param name="meterName">The generated meter's name.</param>
    /// <param name="describe">Returns the assembly's metric descriptors (called once, when first needed).</param>
    /// <param name="instruments">Returns the generated instruments (called once, when first needed; creates them).</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static void Register(string meterName, Func<MetricDescriptor[]> describe, Func<Instrument[]> instruments)
    {
        if (instruments is null)
        {
            return;
        }

        var byName = new Lazy<Dictionary<string, Instrument>>(() =>
        {
            var found = new Dictionary<string, Instrument>(StringComparer.Ordinal);
            foreach (var instrument in instruments() ?? Array.Empty<Instrument>())
            {
                if (instrument is not null)
                {
                    found[instrument.Name] = instrument;
                }
            }

            return found;
        });
        Register(meterName, describe, name => name is not null && byName.Value.TryGetValue(name, out var instrument) ? instrument : null);
    }

    /// <summary>
    /// The metric <paramref name="name"/> of the generated meter <paramref name="meterName"/>, if that meter's
    /// registration has already been described; never describes one. For code that runs while instruments are being
    /// published (an OpenTelemetry view, <c>MetricStreamSizes</c>): describing creates instruments, which would call
    /// back into it.
    /// </summary>
    /// <param name="meterName">The instrument's meter name.</param>
    /// <param name="name">The instrument's name.</param>
    internal static MetricDescriptor? FindDescribed(string meterName, string name)
    {
        Registration? registration;
        lock (Gate)
        {
            registration = Registrations.Find(r => r.MeterName == meterName);
        }

        return registration?.FindDescribed(name);
    }

    /// <summary>The registrations so far, in order (the zero-series publisher walks them).</summary>
    internal static IReadOnlyList<Registration> RegisteredSources()
    {
        lock (Gate)
        {
            return Registrations.ToArray();
        }
    }

    /// <summary>One assembly's declarations and the way to reach its instruments.</summary>
    internal sealed class Registration
    {
        private readonly Lazy<MetricDescriptor[]> _metrics;
        private Dictionary<string, MetricDescriptor>? _byName;

        public Registration(string meterName, Func<MetricDescriptor[]> describe, Func<string, Instrument?> findInstrument)
        {
            MeterName = meterName;
            FindInstrument = findInstrument;
            _metrics = new Lazy<MetricDescriptor[]>(() => DeclareReasons(describe() ?? Array.Empty<MetricDescriptor>()));
        }

        public string MeterName { get; }

        /// <summary>
        /// Declares the failure reasons the metrics list (labels of expected values) to the process's error-code label, so
        /// that they stay their own label value however many other codes came first.
        /// </summary>
        private static MetricDescriptor[] DeclareReasons(MetricDescriptor[] metrics)
        {
            foreach (var metric in metrics)
            {
                foreach (var label in metric.Labels)
                {
                    if (label.ValueKind == MetricLabelValues.Expected)
                    {
                        Operations.ErrorCodeLabel.Process.Declare(label.Values);
                    }
                }
            }

            return metrics;
        }

        public Func<string, Instrument?> FindInstrument { get; }

        public IReadOnlyList<MetricDescriptor> Metrics => _metrics.Value;

        /// <summary>The metric named <paramref name="name"/> once the registration is described; null before, or when it has none.</summary>
        /// <param name="name">An instrument name.</param>
        public MetricDescriptor? FindDescribed(string name)
        {
            if (!_metrics.IsValueCreated)
            {
                return null;
            }

            var byName = Volatile.Read(ref _byName);
            if (byName is null)
            {
                byName = new Dictionary<string, MetricDescriptor>(StringComparer.Ordinal);
                foreach (var metric in _metrics.Value)
                {
                    byName.TryAdd(metric.Name, metric);
                }

                Volatile.Write(ref _byName, byName);
            }

            return byName.TryGetValue(name, out var found) ? found : null;
        }
    }
}
