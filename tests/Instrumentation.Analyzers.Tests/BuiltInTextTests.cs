using System.Threading.Tasks;
using Instrumentation.Analyzers.Tests.Infrastructure;
using Instrumentation.CodeFixes;
using Xunit;

namespace Instrumentation.Analyzers.Tests;

/// <summary>
/// A value built into a log message or a span tag's text — <c>logger.LogWarning($"Password {password}")</c>,
/// <c>SetTag("owner", $"o {owner.Email}")</c> — reached the sink with no INS1010/INS1011, while the same value passed as a
/// template argument was reported (a trial of the analyzers on real code). The message is all a sink gets, scrubbed only of
/// what looks like an address, a card or a key=value secret: "Password hunter2" went out whole.
/// </summary>
public sealed class BuiltInTextTests
{
    [Fact]
    public async Task Values_built_into_a_log_message_or_a_tag_text_are_reported_and_plain_ones_are_not()
    {
        const string source = PersonalDataTests.Usings + """
            public sealed class Owner
            {
                [PersonalData] public string Email { get; set; } = "";
                public string Team { get; set; } = "";
                public string Phone { get; set; } = "";
            }
            public class C
            {
                public void M(ILogger logger, string password, Owner owner, int count, string note)
                {
                    logger.LogWarning($"Password {{|INS1010:password|}}");
                    logger.LogInformation("Owner " + {|INS1011:owner.Email|} + " of " + owner.Team);
                    logger.LogInformation($"Processed {count} items: {note} for {owner.Team}");
                    logger.LogInformation($"Owner {owner}");
                    Activity.Current?.SetTag("owner", $"o {{|INS1011:owner.Email|}}");
                    Activity.Current?.SetTag("team", $"t {owner.Team} {count}");
                }
            }
            """;

        await Verify<PersonalDataAnalyzer>.AnalyzerAsync(source);
    }

    [Fact]
    public async Task An_object_whose_text_prints_its_classified_members_is_reported_when_built_into_a_text()
    {
        // A security review: a record's generated ToString() and an override of the app's wrote [SecretData] members in
        // clear through $"… {user}" and "… " + leaker, with no diagnostic. A class that prints only its type name stays quiet.
        const string source = PersonalDataTests.Usings + """
            public sealed record User(string Name, [property: SecretData] string Pin);
            public sealed class Leaker
            {
                [SecretData] public string Pin { get; set; } = "";
                public override string ToString() => "pin=" + Pin;
            }
            public sealed class Plain
            {
                [SecretData] public string Pin { get; set; } = "";
            }
            public class C
            {
                public void M(ILogger logger, User user, Leaker leaker, Plain plain)
                {
                    logger.LogInformation($"hand interp {{|INS1011:user|}}");
                    logger.LogInformation("hand tostring " + {|INS1011:leaker|});
                    logger.LogInformation($"plain {plain} named {user.Name}");
                    throw new InvalidOperationException("rejected " + {|INS1011:user|});
                }
            }
            """;

        await Verify<PersonalDataAnalyzer>.AnalyzerAsync(source);
    }

    [Fact]
    public async Task The_fix_writes_the_object_with_its_classified_members_redacted_inside_the_text()
    {
        const string source = PersonalDataTests.Usings + """
            public sealed record User(string Name, [property: SecretData] string Pin);
            public class C
            {
                public void M(ILogger logger, User user) => logger.LogInformation($"signed in {{|INS1011:user|}}");
            }
            """;
        const string fixedSource = PersonalDataTests.Usings + """
            public sealed record User(string Name, [property: SecretData] string Pin);
            public class C
            {
                public void M(ILogger logger, User user) => logger.LogInformation($"signed in {(global::Instrumentation.Redaction.TelemetryValues.Object(user))}");
            }
            """;
        await Verify<PersonalDataAnalyzer, AddClassificationCodeFix>.CodeFixAsync(source, fixedSource);
    }
}
