using System.Threading.Tasks;
using Instrumentation.Analyzers.Tests.Infrastructure;
using Instrumentation.CodeFixes;
using Xunit;

namespace Instrumentation.Analyzers.Tests;

/// <summary>
/// A stranger's worker wrote classified values in clear through sinks INS1011 did not know: a span's status description,
/// the tags of a span event (and so of a link and of <c>AddException</c>), and text made by a call rather than by
/// interpolation — a record's <c>profile.ToString()</c> printed its <c>[SecretData]</c> member into a log and a span
/// attribute, <c>string.Concat("x", secret)</c> carried the secret — with no diagnostic, where the same values
/// interpolated or passed to <c>SetTag</c> were reported.
/// </summary>
public sealed class SpanPartsAndTextCallTests
{
    private const string Types = PersonalDataTests.Usings + """
        public sealed record Profile(string Name, [property: SecretData] string Motto);
        public sealed class Owner
        {
            [PersonalData] public string Email { get; set; } = "";
            public string Team { get; set; } = "";
        }

        """;

    [Fact]
    public async Task A_classified_value_in_a_span_status_description_is_reported_and_plain_text_is_not()
    {
        const string source = Types + """
            public class C
            {
                public void M([PersonalData] string email, Owner owner, string reason)
                {
                    Activity.Current?.SetStatus(ActivityStatusCode.Error, {|INS1011:email|});
                    Activity.Current?.SetStatus(ActivityStatusCode.Error, $"rejected for {{|INS1011:owner.Email|}}");
                    Activity.Current?.SetStatus(ActivityStatusCode.Error, "rejected: " + reason + " by " + owner.Team);
                    Activity.Current?.SetStatus(ActivityStatusCode.Ok);
                }
            }
            """;

        await Verify<PersonalDataAnalyzer>.AnalyzerAsync(source);
    }

    [Fact]
    public async Task The_tags_of_a_span_event_a_link_and_an_exception_event_are_checked_as_span_attributes_are()
    {
        const string source = Types + """
            public class C
            {
                public void M(Activity activity, [PersonalData] string email, [SecretData] string apiSecret, Owner owner, string note, Exception error)
                {
                    activity.AddEvent(new ActivityEvent("received", tags: new ActivityTagsCollection { ["email"] = {|INS1011:email|}, ["count"] = 3, ["note"] = note }));
                    activity.AddEvent(new ActivityEvent("keyed", default, new ActivityTagsCollection { { "secret", {|INS1011:apiSecret|} }, { "team", owner.Team } }));
                    var link = new ActivityLink(default, new ActivityTagsCollection { ["owner"] = $"o {{|INS1011:owner.Email|}}" });
                    activity.AddEvent(new ActivityEvent("named", tags: new ActivityTagsCollection { [{|INS1010:"email"|}] = note }));
                    activity.AddException(error, new TagList { { "who", {|INS1011:email|} } });
                    activity.AddEvent(new ActivityEvent("copied", tags: new ActivityTagsCollection(new Dictionary<string, object?>(StringComparer.Ordinal) { ["pin"] = {|INS1011:apiSecret|} })));
                    activity.AddEvent(new ActivityEvent("plain"));
                }
            }
            """;

        await Verify<PersonalDataAnalyzer>.AnalyzerAsync(source);
    }

    [Fact]
    public async Task Text_made_by_ToString_or_by_string_Concat_Format_and_Join_is_checked_as_interpolated_text_is()
    {
        const string source = Types + """
            public class C
            {
                public void M(ILogger logger, Profile profile, Owner owner, [SecretData] string secret, string note, int count)
                {
                    logger.LogInformation("p7 {Text}", {|INS1011:profile|}.ToString());
                    Activity.Current?.SetTag("p5", {|INS1011:profile|}.ToString());
                    logger.LogInformation("joined {Text}", string.Concat("x", {|INS1011:secret|}));
                    logger.LogInformation("formatted {Text}", string.Format("{0} and {1}", note, {|INS1011:owner.Email|}));
                    logger.LogInformation("listed {Text}", string.Join(", ", note, {|INS1011:secret|}));
                    logger.LogInformation("fine {Text}", string.Concat(note, count.ToString(), owner.Team, owner.ToString()));
                    throw new InvalidOperationException(string.Concat("profile ", {|INS1011:profile|}.ToString()));
                }
            }
            """;

        await Verify<PersonalDataAnalyzer>.AnalyzerAsync(source);
    }

    [Fact]
    public async Task The_fix_renders_the_object_in_place_of_its_ToString_call()
    {
        const string source = Types + """
            public class C
            {
                public void M(ILogger logger, Profile profile)
                {
                    logger.LogInformation("p7 {Text}", {|INS1011:profile|}.ToString());
                    Activity.Current?.SetTag("p5", {|INS1011:profile|}.ToString());
                    logger.LogInformation($"p8 {{|INS1011:profile|}.ToString()}");
                }
            }
            """;
        const string fixedSource = Types + """
            public class C
            {
                public void M(ILogger logger, Profile profile)
                {
                    logger.LogInformation("p7 {Text}", global::Instrumentation.Redaction.TelemetryValues.Object(profile));
                    Activity.Current?.SetTag("p5", global::Instrumentation.Redaction.TelemetryValues.Object(profile));
                    logger.LogInformation($"p8 {(global::Instrumentation.Redaction.TelemetryValues.Object(profile))}");
                }
            }
            """;

        await Verify<PersonalDataAnalyzer, AddClassificationCodeFix>.CodeFixAsync(source, fixedSource);
    }

    [Fact]
    public async Task The_fix_redacts_a_span_status_description_where_it_is_written()
    {
        const string source = Types + """
            public class C
            {
                public void M([PersonalData] string email) => Activity.Current?.SetStatus(ActivityStatusCode.Error, {|INS1011:email|});
            }
            """;
        const string fixedSource = Types + """
            public class C
            {
                public void M([PersonalData] string email) => Activity.Current?.SetStatus(ActivityStatusCode.Error, global::Instrumentation.Redaction.Redactors.Redact(global::Instrumentation.DataClass.Personal, email));
            }
            """;

        await Verify<PersonalDataAnalyzer, AddClassificationCodeFix>.CodeFixAsync(source, fixedSource);
    }
}
