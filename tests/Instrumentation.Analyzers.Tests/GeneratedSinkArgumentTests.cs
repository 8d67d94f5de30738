using System.Threading.Tasks;
using Instrumentation.Analyzers.Tests.Infrastructure;
using Instrumentation.CodeFixes;
using Xunit;

namespace Instrumentation.Analyzers.Tests;

/// <summary>
/// A classified value passed to a generated sink's parameter that is not classified — <c>Log.Copied(logger, user.Pin)</c>
/// — was written as any unclassified string, only scrubbed, with no diagnostic (a security review): the generated code
/// redacts by the parameter's classification, not the argument's. A classified parameter and a redacted argument stay
/// quiet (an operation parameter that is no sink gets INS1010: <see cref="OperationArgumentTests"/>).
/// </summary>
public sealed class GeneratedSinkArgumentTests
{
    private const string Declarations = """
        public sealed record User(string Name, [property: SecretData] string Pin, [property: PersonalData] string Email);
        public static partial class Log
        {
            [LogMethod(LogLevel.Information, "copied {value}")]
            public static partial void Copied(ILogger logger, string value);

            [LogMethod(LogLevel.Information, "kept {pin}")]
            public static partial void Kept(ILogger logger, [SecretData] string pin);

            [LogMethod(LogLevel.Information, "thing {thing}")]
            public static partial void Thing(ILogger logger, object thing);
        }
        public static partial class Log
        {
            public static partial void Copied(ILogger logger, string value) { }
            public static partial void Kept(ILogger logger, string pin) { }
            public static partial void Thing(ILogger logger, object thing) { }
        }
        public class Accounts
        {
            [Operation("accounts.touch")]
            public void Touch([SpanAttribute] string contact, [LogField("note")] string note, string plain) { }
        }

        """;

    [Fact]
    public async Task A_classified_value_passed_to_an_unclassified_sink_parameter_is_reported()
    {
        const string source = PersonalDataTests.Usings + Declarations + """
            public class C
            {
                public void M(ILogger logger, User user, Accounts accounts)
                {
                    Log.Copied(logger, {|INS1011:user.Pin|});
                    Log.Copied(logger, user.Name);
                    Log.Kept(logger, user.Pin);
                    Log.Copied(logger, Redactors.Redact(DataClass.Secret, user.Pin));
                    accounts.Touch({|INS1011:user.Email|}, {|INS1011:user.Pin|}, {|INS1010:user.Email|});
                    Log.Copied(logger, $"login for {{|INS1011:user.Email|}} as {user.Name}");
                    Log.Copied(logger, "pin " + {|INS1011:user.Pin|});
                    Log.Copied(logger, $"user {{|INS1011:user|}}");
                    accounts.Touch("x", $"note {{|INS1011:user.Pin|}}", "y");
                    Log.Copied(logger, $"named {user.Name} {Redactors.Redact(DataClass.Secret, user.Pin)}");
                    Log.Thing(logger, new { Contact = {|INS1011:user.Email|}, user.Name });
                    Log.Thing(logger, ({|INS1011:user.Email|}, user.Name, ({|INS1011:user.Pin|}, 1)));
                    logger.LogInformation("pair {Pair}", new { {|INS1011:user.Pin|}, user.Name });
                    logger.LogInformation("plain {Pair}", new { user.Name, Count = 2 });
                    Activity.Current?.SetTag("pair", ({|INS1011:user.Email|}, 1));
                    var pin = user.Pin;
                    var name = user.Name;
                    var either = "none";
                    if (name.Length > 3) either = user.Email;
                    Log.Copied(logger, {|INS1011:pin|});
                    Log.Copied(logger, name);
                    logger.LogInformation("either {Either}", {|INS1011:either|});
                    Activity.Current?.SetTag("pin", {|INS1011:pin|});
                }
            }
            """;

        await Verify<PersonalDataAnalyzer>.AnalyzerAsync(source.Replace("using Instrumentation;", "using Instrumentation; using Instrumentation.Redaction;", System.StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_value_behind_a_conditional_a_coalescing_or_a_switch_is_checked_in_each_branch()
    {
        // An analyzer trial: '(object)pin' and 'pin!' were reported, 'b ? fullName : "anon"', 'nick ?? "anon"' and a switch
        // arm were not — each writes the value on some run.
        const string source = PersonalDataTests.Usings + Declarations + """
            public class C
            {
                public void M(ILogger logger, User user, bool b, string? nick, [PersonalData] string? alias, string email, string? password)
                {
                    logger.LogInformation("{A}", b ? {|INS1011:user.Email|} : "anon");
                    logger.LogInformation("{A}", {|INS1011:alias|} ?? "anon");
                    logger.LogInformation("{A}", b switch { true => {|INS1011:user.Pin|}, false => "none" });
                    Log.Copied(logger, b ? {|INS1011:user.Pin|} : user.Name);
                    logger.LogInformation("{A}", b ? {|INS1010:email|} : "anon");
                    logger.LogInformation("{A}", {|INS1010:password|} ?? "none");
                    var either = b ? user.Email : "anon";
                    logger.LogInformation("{A}", {|INS1011:either|});
                    logger.LogInformation("{A}", b ? user.Name : nick ?? "anon");
                    logger.LogInformation("{A}", {|INS1011:alias|} switch { "" => "none", var n => n });
                    logger.LogInformation("{A}", nick switch { "" => "none", var n => n });
                }
            }
            """;

        await Verify<PersonalDataAnalyzer>.AnalyzerAsync(source);
    }

    [Fact]
    public async Task The_fix_redacts_the_argument_with_its_class()
    {
        const string source = PersonalDataTests.Usings + Declarations + """
            public class C
            {
                public void M(ILogger logger, User user) => Log.Copied(logger, {|INS1011:user.Pin|});
            }
            """;
        const string fixedSource = PersonalDataTests.Usings + Declarations + """
            public class C
            {
                public void M(ILogger logger, User user) => Log.Copied(logger, global::Instrumentation.Redaction.Redactors.Redact(global::Instrumentation.DataClass.Secret, user.Pin));
            }
            """;
        await Verify<PersonalDataAnalyzer, AddClassificationCodeFix>.CodeFixAsync(source, fixedSource);
    }
}
