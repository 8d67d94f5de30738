using System;
using System.Collections.Generic;
using System.Globalization;

namespace EdgeIngest.Hosting;

/// <summary>
/// The command line: <c>[--urls URL] [--db PATH_OR_CONNSTRING] [--demo N] [--duration SECONDS] [--metrics-auth USER:PASS]</c>
/// and the operating limits of docs/operations.md (<c>--store-timeout</c>).
/// </summary>
public sealed record EdgeIngestOptions(string Urls, string Db, int DemoDevices, TimeSpan? Duration, string? MetricsUser, string? MetricsPassword)
{
    /// <summary>How long a write waits for a busy or locked store before the frame is refused as <c>store_unavailable</c> (<c>--store-timeout</c>).</summary>
    public TimeSpan StoreTimeout { get; init; } = Storage.StoreConnection.DefaultTimeout;

    /// <summary>Open WebSockets (device and dashboard together) above which upgrades get 503 <c>too_many_connections</c> (<c>--max-connections</c>).</summary>
    public int MaxConnections { get; init; } = DefaultMaxConnections;

    /// <summary>How long an authenticated device socket may stay silent (<c>--idle-timeout</c>).</summary>
    public TimeSpan IdleTimeout { get; init; } = Ingest.SocketLimits.Default.IdleTimeout;

    /// <summary>How long a started frame may take to finish (<c>--frame-timeout</c>).</summary>
    public TimeSpan FrameTimeout { get; init; } = Ingest.SocketLimits.Default.FrameTimeout;

    /// <summary>How long a graceful stop waits for sockets to close and work to finish (<c>--shutdown-timeout</c>).</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Ratio of new traces sampled (<c>--sampling-ratio</c>, 0 to 1); null: the SDK's default (100 % in Development, 10 % otherwise).
    /// </summary>
    public double? SamplingRatio { get; init; }

    /// <summary>
    /// Export the whole local trace of a failed or slow operation in an unsampled trace (<c>--complete-error-traces</c>,
    /// <c>InstrumentationOptions.CompleteErrorTraces</c>; docs/alerts-and-sampling.md).
    /// </summary>
    public bool CompleteErrorTraces { get; init; }

    /// <summary>Folder of the funnel spill and dead-letter files (<c>--spill-dir</c>); null: <c>funnel-spill</c> next to the app.</summary>
    public string? SpillDirectory { get; init; }

    /// <summary>A Prometheus server that scrapes this app (<c>--prometheus-url</c>): the observability panels are queried there instead of in-process.</summary>
    public Uri? PrometheusUrl { get; init; }

    /// <summary>How often the in-process observability history snapshots the metrics (<c>--panel-interval</c>, default 5 s; kept for 10 minutes).</summary>
    public TimeSpan PanelInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The default connection cap.</summary>
    public const int DefaultMaxConnections = 10_000;

    public const string DefaultUrls = "http://127.0.0.1:5080";
    public const string DefaultDb = "edgeingest.db";

    public static EdgeIngestOptions Parse(IReadOnlyList<string> args)
    {
        var urls = DefaultUrls;
        var db = DefaultDb;
        var demo = 0;
        TimeSpan? duration = null;
        string? user = null;
        string? password = null;
        var storeTimeout = Storage.StoreConnection.DefaultTimeout;
        var maxConnections = DefaultMaxConnections;
        var idleTimeout = Ingest.SocketLimits.Default.IdleTimeout;
        var frameTimeout = Ingest.SocketLimits.Default.FrameTimeout;
        var shutdownTimeout = TimeSpan.FromSeconds(10);
        string? spillDirectory = null;
        double? samplingRatio = null;
        var completeErrorTraces = false;
        Uri? prometheusUrl = null;
        var panelInterval = TimeSpan.FromSeconds(5);
        for (var i = 0; i < args.Count; i++)
        {
            string Value()
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new ArgumentException(args[i] + " needs a value.");
                }

                return args[++i];
            }

            switch (args[i])
            {
                case "--urls":
                    urls = Value();
                    RequireListenUrls(urls);
                    break;
                case "--db":
                    // A postgres:// URL becomes the key/value form both stores (readings and funnel) read.
                    db = Storage.DbArgument.Normalize(Value());
                    break;
                case "--store-timeout":
                    storeTimeout = Seconds("--store-timeout", Value(), 0.1, 300);
                    break;
                case "--idle-timeout":
                    idleTimeout = Seconds("--idle-timeout", Value(), 1, 86_400);
                    break;
                case "--frame-timeout":
                    frameTimeout = Seconds("--frame-timeout", Value(), 0.1, 600);
                    break;
                case "--shutdown-timeout":
                    shutdownTimeout = Seconds("--shutdown-timeout", Value(), 1, 600);
                    break;
                case "--max-connections":
                    var cap = Value();
                    if (!int.TryParse(cap, NumberStyles.None, CultureInfo.InvariantCulture, out maxConnections) || maxConnections < 1)
                    {
                        throw new ArgumentException("--max-connections takes a positive number, not '" + cap + "'.");
                    }

                    break;
                case "--sampling-ratio":
                    var ratio = Value();
                    if (!double.TryParse(ratio, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsedRatio) || !(parsedRatio >= 0 && parsedRatio <= 1))
                    {
                        throw new ArgumentException("--sampling-ratio takes a number from 0 to 1, not '" + ratio + "'.");
                    }

                    samplingRatio = parsedRatio;
                    break;
                case "--complete-error-traces":
                    completeErrorTraces = true;
                    break;
                case "--prometheus-url":
                    var prometheus = Value();
                    if (!Uri.TryCreate(prometheus, UriKind.Absolute, out prometheusUrl) || prometheusUrl.Scheme is not ("http" or "https") || prometheusUrl.Query.Length > 0)
                    {
                        throw new ArgumentException("--prometheus-url takes the http(s) URL of a Prometheus server, not '" + prometheus + "'.");
                    }

                    break;
                case "--panel-interval":
                    panelInterval = Seconds("--panel-interval", Value(), 0.1, 300);
                    break;
                case "--spill-dir":
                    var spill = Value();
                    if (string.IsNullOrWhiteSpace(spill))
                    {
                        // Path.GetFullPath's own message did not name the flag (an operator's trial).
                        throw new ArgumentException("--spill-dir takes a folder, not an empty value.");
                    }

                    spillDirectory = System.IO.Path.GetFullPath(spill);
                    break;
                case "--demo":
                    var devices = Value();
                    if (!int.TryParse(devices, NumberStyles.None, CultureInfo.InvariantCulture, out demo) || demo < 1 || demo > 10_000)
                    {
                        throw new ArgumentException("--demo takes a number of devices from 1 to 10000, not '" + devices + "'.");
                    }

                    break;
                case "--duration":
                    var seconds = Value();
                    if (!double.TryParse(seconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || value < 0 || value > 31_536_000)
                    {
                        throw new ArgumentException("--duration takes a number of seconds (0: until stopped), not '" + seconds + "'.");
                    }

                    // 0 means what leaving it out means: run until Ctrl+C / SIGTERM.
                    duration = value == 0 ? null : TimeSpan.FromSeconds(value);
                    break;
                case "--metrics-auth":
                    var pair = Value();
                    var colon = pair.IndexOf(':', StringComparison.Ordinal);
                    if (colon <= 0 || colon == pair.Length - 1)
                    {
                        throw new ArgumentException("--metrics-auth takes USER:PASS.");
                    }

                    user = pair[..colon];
                    password = pair[(colon + 1)..];
                    break;
                default:
                    throw new ArgumentException("Unknown option '" + args[i] + "'. Usage: " + Usage);
            }
        }

        return new EdgeIngestOptions(urls, db, demo, duration, user, password)
        {
            StoreTimeout = storeTimeout,
            MaxConnections = maxConnections,
            IdleTimeout = idleTimeout,
            FrameTimeout = frameTimeout,
            ShutdownTimeout = shutdownTimeout,
            SpillDirectory = spillDirectory,
            SamplingRatio = samplingRatio,
            CompleteErrorTraces = completeErrorTraces,
            PrometheusUrl = prometheusUrl,
            PanelInterval = panelInterval,
        };
    }

    private static TimeSpan Seconds(string option, string text, double min, double max)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || !double.IsFinite(seconds) || seconds < min || seconds > max)
        {
            throw new ArgumentException(option + " takes a number of seconds from " + min.ToString(CultureInfo.InvariantCulture) + " to " + max.ToString(CultureInfo.InvariantCulture) + ", not '" + text + "'.");
        }

        return TimeSpan.FromSeconds(seconds);
    }

    /// <summary>Each <c>;</c>-separated entry must be an http(s) URL with a host, an optional port of 1–65535 and no path.</summary>
    private static void RequireListenUrls(string urls)
    {
        foreach (var entry in urls.Split(';', StringSplitOptions.TrimEntries))
        {
            // Kestrel also accepts * and + as "any address".
            var checkable = entry.Replace("://*", "://any-address", StringComparison.Ordinal).Replace("://+", "://any-address", StringComparison.Ordinal);
            if (!Uri.TryCreate(checkable, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0
                || uri.Port is < 1 or > 65535 || uri.AbsolutePath != "/" || uri.Query.Length > 0 || !string.IsNullOrEmpty(uri.UserInfo))
            {
                throw new ArgumentException("--urls takes http(s)://HOST:PORT entries separated by ';', not '" + entry + "'.");
            }
        }
    }

    public const string Usage = "EdgeIngest [--urls URL] [--db PATH_OR_CONNSTRING] [--demo N] [--duration SECONDS] [--metrics-auth USER:PASS] [--store-timeout S] [--max-connections N] [--idle-timeout S] [--frame-timeout S] [--shutdown-timeout S] [--spill-dir DIR] [--sampling-ratio R] [--complete-error-traces] [--prometheus-url URL] [--panel-interval S] (see docs/operations.md, docs/alerts-and-sampling.md, docs/observability-view.md)";
}
