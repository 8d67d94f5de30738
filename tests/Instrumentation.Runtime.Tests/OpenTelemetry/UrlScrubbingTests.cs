using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using Instrumentation.OpenTelemetry;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Xunit;

namespace Instrumentation.Runtime.Tests.OpenTelemetry;

/// <summary>
/// Other libraries' spans that <c>AddGeneratedInstrumentation()</c> exports — ASP.NET Core's request span, HttpClient's —
/// carry the URL path as it is (they replace query values only): an address, token or card number in a path segment
/// reached OTLP (a stranger's probe of EdgeIngest). Their URL attributes are scrubbed when the span ends, before the
/// exporters added after the SDK; identifiers and everything else are kept.
/// </summary>
public sealed class UrlScrubbingTests
{
    [Fact]
    public void Url_attributes_of_other_libraries_spans_are_scrubbed_before_the_exporter_and_the_rest_is_kept()
    {
        var sourceName = "Probe.Http." + Guid.NewGuid().ToString("N");
        var exported = new List<Activity>();
        using var source = new ActivitySource(sourceName);
        using (var provider = Sdk.CreateTracerProviderBuilder()
            .AddGeneratedInstrumentation(o => o.SamplingRatio = 1.0)
            .AddSource(sourceName)
            .AddInMemoryExporter(exported)
            .Build())
        {
            using (var request = source.StartActivity("GET /api/projects/{project}/alerts"))
            {
                Assert.NotNull(request);
                request!.SetTag("url.path", "/api/projects/ada@example.com/alerts");
                request.SetTag("url.full", "https://edge.example/api/orgs/ghp_CanaryPathToken0123456789abcdefABCDEF/cards/4111111111111111?x=Redacted");
                request.SetTag("http.target", "/users/ada%40example.com");
                request.SetTag("url.query", "?email=Redacted");
                request.SetTag("http.route", "/api/projects/{project}/alerts");
                request.SetTag("note", "ada@example.com"); // not a URL attribute: the library's own business, left as it is
                request.SetTag("http.response.status_code", 404);
            }

            using (var plain = source.StartActivity("GET /api/projects/{project}/alerts"))
            {
                plain!.SetTag("url.path", "/api/projects/p-42/alerts");
            }
        }

        Assert.Equal(2, exported.Count);
        var scrubbed = exported[0];
        Assert.Equal("/api/projects/[EMAIL]/alerts", scrubbed.GetTagItem("url.path"));
        var full = (string)scrubbed.GetTagItem("url.full")!;
        Assert.DoesNotContain("ghp_", full, StringComparison.Ordinal);
        Assert.DoesNotContain("4111111111111111", full, StringComparison.Ordinal);
        Assert.StartsWith("https://edge.example/api/orgs/", full, StringComparison.Ordinal);
        Assert.Equal("/users/[EMAIL]", scrubbed.GetTagItem("http.target"));
        Assert.Equal("?email=Redacted", scrubbed.GetTagItem("url.query"));
        Assert.Equal("/api/projects/{project}/alerts", scrubbed.GetTagItem("http.route"));
        Assert.Equal("ada@example.com", scrubbed.GetTagItem("note"));
        Assert.Equal(404, scrubbed.GetTagItem("http.response.status_code"));
        Assert.Equal(7, scrubbed.TagObjects.Count());
        Assert.Equal("/api/projects/p-42/alerts", exported[1].GetTagItem("url.path"));
    }

    [Fact]
    public void A_span_with_nothing_to_scrub_allocates_nothing_in_the_check()
    {
        using var source = new ActivitySource("Probe.Alloc." + Guid.NewGuid().ToString("N"));
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s == source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        using var activity = source.StartActivity("GET")!;
        activity.SetTag("url.path", "/api/projects/p-42/alerts");
        activity.SetTag("http.request.method", "GET");
        UrlScrubbingProcessor.Scrub(activity);

        var before = GC.GetAllocatedBytesForCurrentThread();
        UrlScrubbingProcessor.Scrub(activity);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
