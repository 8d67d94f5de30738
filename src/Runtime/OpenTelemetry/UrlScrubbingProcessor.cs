using System;
using System.Diagnostics;
using Instrumentation.Redaction;
using global::OpenTelemetry;

namespace Instrumentation.OpenTelemetry;

/// <summary>
/// Scrubs the URL attributes of other libraries' spans — ASP.NET Core's request span (which
/// <see cref="InstrumentationOptions.TraceAspNetCoreRequests"/> brings in) and HttpClient's — when they end, before the
/// exporters after it read them: <c>url.path</c>, <c>url.full</c>, <c>url.query</c> and the older <c>http.target</c> and
/// <c>http.url</c> go through the <see cref="TextScrubber"/>, as every log line does. Those libraries replace query values
/// but keep the path, so an address, token or card number the app (or a caller) put in a path segment
/// (<c>/orgs/ada@example.com/projects</c>) reached OTLP as it was. Identifiers, route values and everything the scrubber
/// does not recognize are kept. The SDK's own spans carry no URL and are skipped by their source name.
/// </summary>
internal sealed class UrlScrubbingProcessor : BaseProcessor<Activity>
{
    private static readonly string[] UrlTags = { "url.path", "url.full", "url.query", "http.target", "http.url" };

    /// <inheritdoc />
    public override void OnEnd(Activity data)
    {
        if (data.Source.Name.StartsWith(InstrumentationProviderBuilderExtensions.GeneratedNamePrefix, StringComparison.Ordinal))
        {
            return;
        }

        Scrub(data);
    }

    /// <summary>Replaces each URL attribute of <paramref name="activity"/> whose text the scrubber changes.</summary>
    internal static void Scrub(Activity activity)
    {
        // Collected first: an activity's tags cannot change while they are enumerated. Most spans have none to change.
        string? firstKey = null;
        string? firstValue = null;
        string[]? moreKeys = null;
        string[]? moreValues = null;
        var more = 0;
        foreach (ref readonly var tag in activity.EnumerateTagObjects())
        {
            if (tag.Value is not string text || Array.IndexOf(UrlTags, tag.Key) < 0)
            {
                continue;
            }

            var scrubbed = TextScrubber.Scrub(text);
            if (ReferenceEquals(scrubbed, text))
            {
                continue;
            }

            if (firstKey is null)
            {
                (firstKey, firstValue) = (tag.Key, scrubbed);
            }
            else
            {
                moreKeys ??= new string[UrlTags.Length];
                moreValues ??= new string[UrlTags.Length];
                if (more < moreKeys.Length)
                {
                    moreKeys[more] = tag.Key;
                    moreValues[more] = scrubbed;
                    more++;
                }
            }
        }

        if (firstKey is null)
        {
            return;
        }

        activity.SetTag(firstKey, firstValue);
        for (var i = 0; i < more; i++)
        {
            activity.SetTag(moreKeys![i], moreValues![i]);
        }
    }
}
