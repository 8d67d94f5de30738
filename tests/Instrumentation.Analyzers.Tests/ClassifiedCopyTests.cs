using System;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Instrumentation.Analyzers.Tests.Infrastructure;
using Instrumentation.CodeFixes;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace Instrumentation.Analyzers.Tests;

/// <summary>
/// INS1011 for a classified value copied into something a hand-written call writes element by element or as text: a
/// <c>Tuple</c>, a key-value pair, a list, a set, a dictionary, a collection expression, an interpolated or concatenated
/// string (a security review: value tuples, arrays and anonymous objects were reported, these were not, and the values
/// left in clear). The classification does not travel with the value into any of them. A value redacted or rendered by
/// the SDK on its way in is not reported.
/// </summary>
public sealed class ClassifiedCopyTests
{
    private const string Usings = PersonalDataTests.Usings + "using Instrumentation.Redaction;\n";

    private const string User = """
        public sealed record User([property: PersonalData] string Email, [property: SecretData] string Pin, [property: PersonalData] List<string> Emails);
        """;

    private const string Shapes = Usings + User + """
        public class C
        {
            public void M(ILogger logger, User user, [PersonalData] string city, string note)
            {
                logger.LogInformation("Tuple {T}", Tuple.Create({|#0:user.Email|}, 1));
                logger.LogInformation("Tuple {T}", new Tuple<string, int>({|#1:user.Pin|}, 2));
                logger.LogInformation("List {L}", new List<string> { {|#2:user.Email|}, note });
                logger.LogInformation("List {L}", (List<string>)[{|#3:city|}, .. {|#4:user.Emails|}]);
                logger.LogInformation("Set {S}", new HashSet<string>({|#5:user.Emails|}));
                logger.LogInformation("Pair {P}", new KeyValuePair<string, string>("email", {|#6:user.Email|}));
                logger.LogInformation("Pair {P}", KeyValuePair.Create("pin", {|#7:user.Pin|}));
                logger.LogInformation("Map {M}", new Dictionary<string, string> { ["email"] = {|#8:user.Email|} });
            logger.LogInformation("Map {M}", new Dictionary<string, string> { { "pin", {|#9:user.Pin|} } });
                logger.LogInformation("Text {T}", $"sent to {{|#10:user.Email|}}");
                logger.LogInformation("Text {T}", "sent to " + {|#11:city|});
                logger.LogInformation("Nested {T}", Tuple.Create($"pin {{|#12:user.Pin|}}", new[] { {|#13:city|} }));
                using var scope = logger.BeginScope(new Dictionary<string, object> { ["Email"] = {|#14:user.Email|}, ["Note"] = note });
                Activity.Current?.SetTag("pair", KeyValuePair.Create("email", {|#15:user.Email|}));

                // Not reported: redacted or rendered on the way in, a name, a length, unclassified values.
                logger.LogInformation("Tuple {T}", Tuple.Create(Redactors.Redact(DataClass.Personal, user.Email), nameof(user.Email)));
                logger.LogInformation("Text {T}", $"sent to {(Redactors.Redact(DataClass.Personal, user.Email))} ({user.Email.Length})");
                logger.LogInformation("List {L}", new List<string>(capacity: 2) { note, TelemetryValues.Text("note", note)! });
                logger.LogInformation("Pair {P}", KeyValuePair.Create("user", TelemetryValues.Object(user)));
                logger.LogInformation("Text {T}", $"{note} ({user.Emails.Count} addresses)");
            }
        }
        """;

    private static readonly DiagnosticResult[] ShapesExpected =
    {
        Unredacted(0, "Email", "PersonalData"),
        Unredacted(1, "Pin", "SecretData"),
        Unredacted(2, "Email", "PersonalData"),
        Unredacted(3, "city", "PersonalData"),
        Unredacted(4, "Emails", "PersonalData"),
        Unredacted(5, "Emails", "PersonalData"),
        Unredacted(6, "Email", "PersonalData"),
        Unredacted(7, "Pin", "SecretData"),
        Unredacted(8, "Email", "PersonalData"),
        Unredacted(9, "Pin", "SecretData"),
        Unredacted(10, "Email", "PersonalData"),
        Unredacted(11, "city", "PersonalData"),
        Unredacted(12, "Pin", "SecretData"),
        Unredacted(13, "city", "PersonalData"),
        Unredacted(14, "Email", "PersonalData", "this hand-written log scope call"),
        Unredacted(15, "Email", "PersonalData", "this hand-written call (a span attribute)"),
    };

    [Fact]
    public async Task A_classified_value_copied_into_a_tuple_a_pair_a_collection_or_a_text_is_INS1011_at_the_value()
    {
        await Verify<PersonalDataAnalyzer>.AnalyzerAsync(Shapes, ShapesExpected);
    }

    [Fact]
    public async Task The_same_with_the_generators_running()
    {
        await Verify<PersonalDataAnalyzer>.AnalyzerWithGeneratorsAsync(Shapes, ShapesExpected);
    }

    [Fact]
    public async Task The_fix_redacts_the_value_where_it_is_copied_in_and_nothing_is_left()
    {
        const string source = Usings + User + """
            public class C
            {
                public void M(ILogger logger, User user)
                {
                    logger.LogInformation("Text {T}", $"sent to {{|#0:user.Email|}}");
                    logger.LogInformation("Pair {P}", KeyValuePair.Create("pin", {|#1:user.Pin|}));
                    logger.LogInformation("List {L}", new List<string> { {|#2:user.Email|} });
                }
            }
            """;
        const string fixedSource = Usings + User + """
            public class C
            {
                public void M(ILogger logger, User user)
                {
                    logger.LogInformation("Text {T}", $"sent to {(global::Instrumentation.Redaction.Redactors.Redact(global::Instrumentation.DataClass.Personal, user.Email))}");
                    logger.LogInformation("Pair {P}", KeyValuePair.Create("pin", global::Instrumentation.Redaction.Redactors.Redact(global::Instrumentation.DataClass.Secret, user.Pin)));
                    logger.LogInformation("List {L}", new List<string> { global::Instrumentation.Redaction.Redactors.Redact(global::Instrumentation.DataClass.Personal, user.Email) });
                }
            }
            """;
        await Verify<PersonalDataAnalyzer, AddClassificationCodeFix>.CodeFixAsync(Marked(source), fixedSource);

        // The fixed source compiles, and no analyzer or generator reports anything in it.
        var all = new VerifyAll.Test { TestCode = fixedSource, WithGenerators = true };
        await all.RunAsync(System.Threading.CancellationToken.None);
    }

    [Fact]
    public async Task A_local_built_from_a_classified_value_is_INS1011_where_it_reaches_the_log()
    {
        // The local carries the value as the text or the tuple it was copied into. A local named like a secret is
        // redacted as one (the stricter class), whatever it was copied from.
        const string source = Usings + User + """
            public class C
            {
                public void M(ILogger logger, User user, string note)
                {
                    var message = $"Notified {user.Email}";
                    logger.LogInformation({|#0:message|});
                    var pair = Tuple.Create(note, user.Pin);
                    logger.LogInformation("Pair {P}", {|#1:pair|});
                    var password = user.Email + "!";
                    logger.LogInformation("Password {Password}", {|#2:password|});
                    var safe = $"Notified {(Redactors.Redact(DataClass.Personal, user.Email))}";
                    logger.LogInformation(safe);
                    var plain = $"Notified {note}";
                    logger.LogInformation(plain);
                }
            }
            """;
        await Verify<PersonalDataAnalyzer>.AnalyzerAsync(
            source,
            Unredacted(0, "message (user.Email)", "PersonalData"),
            Unredacted(1, "pair (user.Pin)", "SecretData"),
            Unredacted(2, "password (user.Email)", "PersonalData"));

        var fixedSource = source
            .Replace("{|#0:message|}", "global::Instrumentation.Redaction.Redactors.Redact(global::Instrumentation.DataClass.Personal, message)", StringComparison.Ordinal)
            .Replace("{|#1:pair|}", "global::Instrumentation.Redaction.Redactors.Redact(global::Instrumentation.DataClass.Secret, pair)", StringComparison.Ordinal)
            .Replace("{|#2:password|}", "global::Instrumentation.Redaction.Redactors.Redact(global::Instrumentation.DataClass.Secret, password)", StringComparison.Ordinal);
        await Verify<PersonalDataAnalyzer, AddClassificationCodeFix>.CodeFixAsync(Marked(source), fixedSource);
    }

    [Fact]
    public async Task A_text_passed_as_an_argument_is_checked_value_by_value_as_a_message_is()
    {
        // INS1010 too: a personal-named value built into the text is reported at that value (it was not reported at all
        // under a placeholder that says nothing); a text none of whose values is reported is still judged whole by its
        // placeholder.
        const string source = Usings + """
            public class C
            {
                public void M(ILogger logger, string {|#2:email|}, string first, string last)
                {
                    logger.LogInformation("Sent {Text}", $"to {{|#0:email|}}");
                    logger.LogInformation("Sent {Email}", {|#1:$"{first}.{last}@example.com"|});
                }
            }
            """;
        await Verify<PersonalDataAnalyzer>.AnalyzerAsync(
            source,
            Verify<PersonalDataAnalyzer>.Diagnostic("INS1010").WithLocation(0).WithLocation(2).WithLocation(0)
                .WithArguments("email", "an e-mail address", "a log", "redact it with Redactors.Redact or mark its declaration [PersonalData]"),
            Verify<PersonalDataAnalyzer>.Diagnostic("INS1010").WithLocation(1).WithLocation(1)
                .WithArguments("Email", "an e-mail address", "a log", "redact it with Redactors.Redact or mark its declaration [PersonalData]"));
    }

    /// <summary>INS1011 at a value: the value is the primary and the one additional location.</summary>
    private static DiagnosticResult Unredacted(int location, string name, string attribute, string sink = "this hand-written log call") =>
        Verify<PersonalDataAnalyzer>.Diagnostic("INS1011").WithLocation(location).WithLocation(location).WithArguments(name, attribute, sink);

    private static string Marked(string source) => Regex.Replace(source, @"\{\|#\d+:", "{|INS1011:");
}
