using System.Threading.Tasks;
using Instrumentation.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Instrumentation.Analyzers.Tests;

/// <summary>
/// A stranger's leak hunt wrote a classified value through telemetry APIs beyond logs, span tags and metric tags, each
/// exported or sent as it is, with no diagnostic: a span event's name, a tag's key, a logger's category, a log event's
/// name, interpolation through <c>string.Create</c>/<c>FormattableString.Invariant</c>, OpenTelemetry's
/// <c>Baggage.Create</c>, a parent context's trace state, the <c>TelemetrySpan</c> shim and <c>Status.WithDescription</c>,
/// <c>ActivityTagsCollection.Add</c>, an <c>ActivitySource</c>'s or <c>Meter</c>'s own tags, a resource attribute, a health
/// check's description and data, a <c>LoggerMessage.DefineScope</c> delegate and an exception's base-constructor message.
/// The same calls with unclassified values are not reported.
/// </summary>
public sealed class TelemetryApiSinkTests
{
    private const string Stubs = PersonalDataTests.Usings + """
        using System.Globalization;

        namespace OpenTelemetry
        {
            public readonly struct Baggage
            {
                public static Baggage Create(Dictionary<string, string>? baggageItems = null) => default;
            }
        }

        namespace OpenTelemetry.Trace
        {
            public readonly struct Status
            {
                public static readonly Status Error = default;
                public Status WithDescription(string? description) => this;
            }

            public class TelemetrySpan
            {
                public TelemetrySpan SetAttribute(string key, string? value) => this;
                public TelemetrySpan AddEvent(string name) => this;
                public TelemetrySpan UpdateName(string name) => this;
                public void SetStatus(Status value) { }
            }
        }

        namespace OpenTelemetry.Resources
        {
            public class ResourceBuilder { }
            public static class ResourceBuilderExtensions
            {
                public static ResourceBuilder AddAttributes(this ResourceBuilder resourceBuilder, IEnumerable<KeyValuePair<string, object>> attributes) => resourceBuilder;
            }
        }

        namespace Microsoft.Extensions.Diagnostics.HealthChecks
        {
            public readonly struct HealthCheckResult
            {
                public HealthCheckResult(int status, string? description = null, Exception? exception = null, IReadOnlyDictionary<string, object>? data = null) { }
                public static HealthCheckResult Unhealthy(string? description = null, Exception? exception = null, IReadOnlyDictionary<string, object>? data = null) => default;
            }
        }

        public sealed class Person
        {
            [PersonalData] public string Email { get; set; } = "";
            public string Handle { get; set; } = "";
        }

        public sealed record Buyer([property: PersonalData] string Name, string Plan);
        public sealed record Order(int Id, Buyer B);

        """;

    [Fact]
    public async Task Names_keys_categories_and_interpolations_are_checked()
    {
        const string source = Stubs + """
            public class C
            {
                public void M(Activity activity, Counter<int> counter, ILoggerFactory factory, ILogger logger, Person p)
                {
                    activity.AddEvent(new ActivityEvent("sent to " + {|INS1011:p.Email|}));
                    activity.AddEvent(new ActivityEvent("sent to " + p.Handle));
                    activity.SetTag("user." + {|INS1011:p.Email|}, 1);
                    activity.SetTag("user." + p.Handle, 1);
                    counter.Add(1, new KeyValuePair<string, object?>("u_" + {|INS1011:p.Email|}, 1));
                    counter.Add(1, new KeyValuePair<string, object?>("u_" + p.Handle, 1));
                    factory.CreateLogger("Tenant." + {|INS1011:p.Email|});
                    factory.CreateLogger("Tenant." + p.Handle);
                    logger.Log(LogLevel.Information, new EventId(5, {|INS1011:p.Email|}), "sent");
                    logger.Log(LogLevel.Information, new EventId(6, p.Handle), "sent");
                    logger.LogInformation("{V}", string.Create(CultureInfo.InvariantCulture, $"for {{|INS1011:p.Email|}}"));
                    logger.LogInformation("{V}", FormattableString.Invariant($"for {{|INS1011:p.Email|}}"));
                    logger.LogInformation("{V}", FormattableString.Invariant($"for {p.Handle}"));
                }
            }
            """;

        await Verify<PersonalDataAnalyzer>.AnalyzerAsync(source);
    }

    [Fact]
    public async Task Baggage_trace_state_the_OpenTelemetry_shim_link_tags_scopes_resources_and_health_checks_are_checked()
    {
        const string source = Stubs + """
            public class C
            {
                private static readonly Func<ILogger, string, IDisposable?> Scope = LoggerMessage.DefineScope<string>("scope {S}");

                public void M(ILogger logger, OpenTelemetry.Trace.TelemetrySpan span, ActivityTraceId trace, ActivitySpanId spanId, OpenTelemetry.Resources.ResourceBuilder resource, Person p)
                {
                    OpenTelemetry.Baggage.Create(new Dictionary<string, string> { ["u"] = {|INS1011:p.Email|} });
                    OpenTelemetry.Baggage.Create(new Dictionary<string, string> { ["u"] = p.Handle });
                    _ = new ActivityContext(trace, spanId, ActivityTraceFlags.Recorded, traceState: "u=" + {|INS1011:p.Email|});
                    _ = new ActivityContext(trace, spanId, ActivityTraceFlags.Recorded, traceState: "u=" + p.Handle);
                    span.SetAttribute("u", {|INS1011:p.Email|});
                    span.AddEvent("ev " + {|INS1011:p.Email|});
                    span.UpdateName("shim " + {|INS1011:p.Email|});
                    span.SetStatus(OpenTelemetry.Trace.Status.Error.WithDescription({|INS1011:p.Email|}));
                    span.SetAttribute("u", p.Handle);
                    span.UpdateName("shim " + p.Handle);
                    var tags = new ActivityTagsCollection();
                    tags.Add("to", {|INS1011:p.Email|});
                    tags.Add("handle", p.Handle);
                    _ = new ActivitySource("App.Hand2", "1", new KeyValuePair<string, object?>[] { new("owner", {|INS1011:p.Email|}) });
                    _ = new Meter("App.Hand2", "1", new KeyValuePair<string, object?>[] { new("owner", {|INS1011:p.Email|}) });
                    _ = new Meter("App.Hand3", "1", new KeyValuePair<string, object?>[] { new("owner", p.Handle) });
                    OpenTelemetry.Resources.ResourceBuilderExtensions.AddAttributes(resource, new[] { new KeyValuePair<string, object>("owner", {|INS1011:p.Email|}) });
                    _ = Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Unhealthy("mailbox of " + {|INS1011:p.Email|} + " unreachable", data: new Dictionary<string, object> { ["owner"] = {|INS1011:p.Email|} });
                    _ = Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Unhealthy("mailbox of " + p.Handle + " unreachable");
                    _ = new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult(0, {|INS1011:p.Email|});
                    using var scope = Scope(logger, {|INS1011:p.Email|});
                    using var plain = Scope(logger, p.Handle);
                }
            }
            """;

        await Verify<PersonalDataAnalyzer>.AnalyzerAsync(source);
    }

    [Fact]
    public async Task An_exception_whose_base_constructor_message_prints_a_record_with_classified_members_is_reported()
    {
        const string source = Stubs + """
            public sealed class OrderFailedException(Order order) : Exception($"order failed: {{|INS1011:order|}}")
            {
                public Order Order { get; } = order;
            }

            public sealed class PlainFailedException(int id) : Exception($"order {id} failed");

            public sealed class LegacyFailedException : Exception
            {
                public LegacyFailedException(Person p) : base("failed for " + {|INS1011:p.Email|}) { }
                public LegacyFailedException(int id) : base("failed for " + id) { }
            }
            """;

        await Verify<PersonalDataAnalyzer>.AnalyzerAsync(source);
    }
}
