using System;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Instrumentation.Analyzers.Tests.Infrastructure;
using Instrumentation.CodeFixes;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace Instrumentation.Analyzers.Tests;

/// <summary>INS1010: personal or secret data reaching a sink unclassified, by name or by type, and the classification fixes.</summary>
public sealed class PersonalDataTests
{
    internal const string Usings = "using System; using System.Collections.Generic; using System.Diagnostics; using System.Diagnostics.Metrics; using System.Net; using Instrumentation; using Microsoft.Extensions.Logging;\n";

    [Fact]
    public async Task Declared_sinks_by_name_or_type_and_the_fix_classifies_the_parameter()
    {
        const string source = Usings + """
            public static partial class Log
            {
                [LogMethod(LogLevel.Information, "Signed in {email} with {apiKey} ({count})")]
                public static partial void SignedIn(ILogger logger, string {|#0:email|}, string {|#1:apiKey|}, int count);
            }
            public class C
            {
                [Operation("auth.check")]
                public void Check([SpanAttribute] string {|#2:phoneNumber|}, [LogField] string requestId, [SpanAttribute, PersonalData] string userEmail, [SpanAttribute("client")] IPAddress {|#3:peer|}) { }
            }
            public static partial class Log { public static partial void SignedIn(ILogger logger, string email, string apiKey, int count) { } }
            """;
        var expected = new[]
        {
            Declared(0, "email", "an e-mail address", "a log", "PersonalData"),
            Declared(1, "apiKey", "a secret or API key", "a log", "SecretData"),
            Declared(2, "phoneNumber", "a phone number", "a span attribute", "PersonalData"),
            Declared(3, "peer", "an IP address", "a span attribute", "PersonalData"),
        };

        await Verify<PersonalDataAnalyzer>.AnalyzerAsync(source, expected);

        // One fix on phoneNumber: only it is classified, the other three stay reported.
        const string one = Usings + """
            public static partial class Log
            {
                [LogMethod(LogLevel.Information, "Signed in {email} with {apiKey} ({count})")]
                public static partial void SignedIn(ILogger logger, string {|INS1010:email|}, string {|INS1010:apiKey|}, int count);
            }
            public class C
            {
                [Operation("auth.check")]
                public void Check([SpanAttribute][PersonalData] string phoneNumber, [LogField] string requestId, [SpanAttribute, PersonalData] string userEmail, [SpanAttribute("client")] IPAddress {|INS1010:peer|}) { }
            }
            public static partial class Log { public static partial void SignedIn(ILogger logger, string email, string apiKey, int count) { } }
            """;
        await Verify<PersonalDataAnalyzer, AddClassificationCodeFix>.CodeFixOneAsync(Marked(source, "INS1010"), one, Pick.At("INS1010", "phoneNumber"));
        await VerifyAll.AnalyzerAsync(one);

        // Every fix, one by one and by Fix All: the classification fits each (SecretData for the API key), nothing left.
        const string all = Usings + """
            public static partial class Log
            {
                [LogMethod(LogLevel.Information, "Signed in {email} with {apiKey} ({count})")]
                public static partial void SignedIn(ILogger logger, [PersonalData] string email, [SecretData] string apiKey, int count);
            }
            public class C
            {
                [Operation("auth.check")]
                public void Check([SpanAttribute][PersonalData] string phoneNumber, [LogField] string requestId, [SpanAttribute, PersonalData] string userEmail, [SpanAttribute("client")][PersonalData] IPAddress peer) { }
            }
            public static partial class Log { public static partial void SignedIn(ILogger logger, string email, string apiKey, int count) { } }
            """;
        await Verify<PersonalDataAnalyzer, AddClassificationCodeFix>.CodeFixAsync(Marked(source, "INS1010"), all);
        await VerifyAll.AnalyzerAsync(all);
    }

    [Fact]
    public async Task Mark_keeps_the_indentation_of_a_parameter_that_starts_its_line()
    {
        // The same loss as INS0006's Mark fix: the attribute went in front of the line's indentation, which the formatter
        // then dropped (column 0), for a [LogMethod] parameter and a positional record parameter alike.
        const string source = Usings + """
            public sealed record Contact(
                string Name,
                string {|#1:PhoneNumber|}); // shown on the invoice
            public static partial class Log
            {
                [LogMethod(LogLevel.Information, "Signed in {email} {contact}")]
                public static partial void SignedIn(
                    ILogger logger,
                    string {|#0:email|},     // who
                    Contact {|#2:contact|}); // how to reach them
                public static partial void SignedIn(ILogger logger, string email, Contact contact) { }
            }
            """;
        const string fixedSource = Usings + """
            public sealed record Contact(
                string Name,
                [property: PersonalData] string PhoneNumber); // shown on the invoice
            public static partial class Log
            {
                [LogMethod(LogLevel.Information, "Signed in {email} {contact}")]
                public static partial void SignedIn(
                    ILogger logger,
                    [PersonalData] string email,     // who
                    Contact contact); // how to reach them
                public static partial void SignedIn(ILogger logger, string email, Contact contact) { }
            }
            """;
        var test = Verify<PersonalDataAnalyzer, AddClassificationCodeFix>.Create();
        test.TestCode = source;
        test.FixedCode = fixedSource;
        test.ExpectedDiagnostics.Add(Declared(0, "email", "an e-mail address", "a log", "PersonalData"));
        test.ExpectedDiagnostics.Add(Verify<PersonalDataAnalyzer>.Diagnostic("INS1010").WithLocation(2).WithLocation(1)
            .WithArguments("contact.PhoneNumber", "a phone number", "a log", "mark 'Contact.PhoneNumber' [PersonalData] so the SDK's sinks redact it"));
        // The 'property:' target is written as an identifier token where the parser reads a keyword: same text (as in PersonalMemberTests).
        test.CodeActionValidationMode = CodeActionValidationMode.None;
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_value_whose_type_cannot_hold_what_its_name_says_is_not_reported_as_an_objects_member_is_not()
    {
        // Found by tagging every parameter of Polly, MediatR and Sep (tools/realworld, ANNOTATE_TAGS=true): each
        // '[SpanAttribute] CancellationToken cancellationToken' was "looks like a token … mark it [SecretData]" (41 times),
        // while the same member of a logged object was not reported. A flag, an enum, a cancellation token or a duration
        // cannot hold a secret or an address; a date can hold only a date of birth; a string or a number still can, but not an
        // integer named as a count or a length of one (emailCount, passwordLength: found by an analyzer probe).
        const string source = Usings + """
            public enum CardKind { Visa }
            public sealed class Options { public Func<string, bool>? TryMatchCustomToken { get; set; } public Action? OnPasswordChanged { get; set; } }
            public static partial class Log
            {
                [LogMethod(LogLevel.Information, "Checked {emailConfirmed} {cardNumber} {passwordAge} {dateOfBirth} {tokenExpiresAt}")]
                public static partial void Checked(ILogger logger, bool emailConfirmed, CardKind cardNumber, TimeSpan passwordAge, DateTime {|#0:dateOfBirth|}, DateTime tokenExpiresAt);
            }
            public class C
            {
                [Operation("auth.check")]
                public void Check([SpanAttribute] System.Threading.CancellationToken cancellationToken, [SpanAttribute] bool? hasPassword, [SpanAttribute] Func<string, bool> tryMatchToken, [SpanAttribute] Options options, [LogField] string {|#1:token|}, [SpanAttribute] int {|#2:apiKey|}, [SpanAttribute] int emailCount, [SpanAttribute] long? passwordLength, [SpanAttribute] long {|#4:phoneNumber|}) { }

                public void Write(ILogger logger, Activity activity, System.Threading.CancellationToken cancellationToken, bool emailConfirmed, string email)
                {
                    logger.LogInformation("Cancelled {Token} confirmed {Email}", cancellationToken, emailConfirmed);
                    activity.SetTag("token_valid", emailConfirmed);
                    activity.SetTag({|#3:"api_token"|}, email);
                    int emailCount = 2, passwordLength = 12, tokenAttempts = 3;
                    logger.LogInformation("{EmailCount} {PasswordLength} {TokenAttempts}", emailCount, passwordLength, tokenAttempts);
                }
            }
            public static partial class Log { public static partial void Checked(ILogger logger, bool emailConfirmed, CardKind cardNumber, TimeSpan passwordAge, DateTime dateOfBirth, DateTime tokenExpiresAt) { } }
            """;
        var expected = new[]
        {
            Declared(0, "dateOfBirth", "a date of birth", "a log", "PersonalData"),
            Declared(1, "token", "a token", "a log field", "SecretData"),
            Declared(2, "apiKey", "a secret or API key", "a span attribute", "SecretData"),
            HandWritten(3, "api_token", "a token", "a span attribute", "SecretData"),
            Declared(4, "phoneNumber", "a phone number", "a span attribute", "PersonalData"),
        };

        await Verify<PersonalDataAnalyzer>.AnalyzerAsync(source, expected);
    }

    [Fact]
    public async Task A_value_whose_type_has_classified_members_is_judged_by_its_members_not_by_its_name()
    {
        // A stranger's leak hunt: '[SpanAttribute] CardRs? card' of a record struct whose Number is [SecretData] was
        // "looks like a card number … mark it [SecretData]", and the fix would have redacted the whole card, brand and all;
        // the generated sinks already write it as 'CardRs { Number = [REDACTED], Brand = visa }'. A type with no
        // classified member (a value object) is still judged by the name, and a log method's parameter too.
        const string source = Usings + """
            public record struct CardRs([property: SecretData] string Number, string Brand);
            public sealed record Wallet(CardRs[] Cards);
            public sealed record CardRef(string Value);
            public static partial class Log
            {
                [LogMethod(LogLevel.Information, "Paid with {card} and {cardNumber}")]
                public static partial void Paid(ILogger logger, CardRs card, CardRef {|#2:cardNumber|});
            }
            public class C
            {
                [Operation("pay")]
                public void Pay([SpanAttribute] CardRs card, [SpanAttribute] CardRs? creditCard, [LogField] Wallet cardNumber, [SpanAttribute] CardRef {|#0:savedCard|}, [SpanAttribute] CardRef? {|#1:creditCardNumber|}) { }
            }
            public static partial class Log { public static partial void Paid(ILogger logger, CardRs card, CardRef cardNumber) { } }
            """;
        var expected = new[]
        {
            Declared(0, "savedCard", "a card number", "a span attribute", "SecretData"),
            Declared(1, "creditCardNumber", "a card number", "a span attribute", "SecretData"),
            Declared(2, "cardNumber", "a card number", "a log", "SecretData"),
        };

        await Verify<PersonalDataAnalyzer>.AnalyzerAsync(source, expected);
    }

    [Fact]
    public async Task Span_attributes_by_name_and_by_type_are_classified_by_the_fix_one_by_one_and_with_fix_all()
    {
        const string source = Usings + """
            public class C
            {
                [Operation("auth.check")]
                public void Check([SpanAttribute] string {|INS1010:phoneNumber|}, [LogField] string requestId, [SpanAttribute, PersonalData] string userEmail, [SpanAttribute("client")] IPAddress {|INS1010:peer|}) { }
            }
            """;
        const string fixedSource = Usings + """
            public class C
            {
                [Operation("auth.check")]
                public void Check([SpanAttribute][PersonalData] string phoneNumber, [LogField] string requestId, [SpanAttribute, PersonalData] string userEmail, [SpanAttribute("client")][PersonalData] IPAddress peer) { }
            }
            """;

        await Verify<PersonalDataAnalyzer>.AnalyzerAsync(source);
        await Verify<PersonalDataAnalyzer, AddClassificationCodeFix>.CodeFixAsync(source, fixedSource);
        await VerifyAll.AnalyzerAsync(fixedSource);
    }

    [Fact]
    public async Task A_metric_label_that_looks_personal_is_not_offered_a_mark_that_would_make_it_INS0004()
    {
        // Found by an analyzer probe: "Mark 'email' [PersonalData]" on a [MetricLabel] parameter traded INS1010 for the
        // generator's INS0004 error (a classified value cannot be a metric label). The analyzer now advises making it a span
        // attribute (INS1001's fix), where marking it is offered (previous test), and offers no mark here.
        const string source = Usings + """
            using Label = Instrumentation.MetricLabelAttribute;
            public class C
            {
                [Operation("auth.check")]
                public void Check([MetricLabel] string {|#0:email|}, [global::Instrumentation.MetricLabel] string {|INS1010:phone|}, [Label, SpanAttribute] string {|INS1010:mobile|}) { }
            }
            """;

        // The advice says what to do instead, and no fix is offered (also through an alias, and next to [SpanAttribute]).
        await Verify<PersonalDataAnalyzer>.AnalyzerAsync(source, Verify<PersonalDataAnalyzer>.Diagnostic("INS1010").WithLocation(0).WithLocation(0)
            .WithArguments("email", "an e-mail address", "a metric label", "it cannot be a metric label, classified or not: make it a [SpanAttribute] (INS1001's fix) and mark it [PersonalData]"));
        var marked = source.Replace("{|#0:email|}", "{|INS1010:email|}", System.StringComparison.Ordinal);
        await Verify<PersonalDataAnalyzer, AddClassificationCodeFix>.CodeFixAsync(marked, marked);
    }

    [Fact]
    public async Task Hand_written_sinks_logs_scopes_span_tags_activity_tags_and_metric_tags()
    {
        const string source = Usings + """
            public class C
            {
                static readonly ActivitySource Source = new("s");
                static readonly Counter<long> Calls = new Meter("m").CreateCounter<long>("calls_total");
                public void M(ILogger logger, string password, string city, [PersonalData] string email, string address, IPAddress peer, string phone)
                {
                    logger.LogInformation("login {Password} from {City} {Email}", {|#0:password|}, city, {|#1:email|});
                    logger.LogWarning("sent to {Email}", {|#2:address|});
                    logger.Log(LogLevel.Information, "peer {Peer}", {|#3:peer|});
                    using var scope = logger.BeginScope("scope {Phone}", {|#4:phone|});
                    Activity.Current?.SetTag({|#5:"user.email"|}, city);
                    Activity.Current?.AddTag("city", city);
                    using var activity = Source.StartActivity("jobs.run", ActivityKind.Internal, default(ActivityContext), new[] { new KeyValuePair<string, object?>({|#6:"user.phone"|}, city) });
                    Calls.Add(1, new KeyValuePair<string, object?>({|#7:"email"|}, city));
                    Activity.Current?.SetTag("ok", global::Instrumentation.Redaction.Redactors.Redact(DataClass.Personal, phone));
                    Activity.Current?.SetTag("user.email", global::Instrumentation.Redaction.Redactors.Redact(DataClass.Personal, city));
                }
            }
            """;

        // The [PersonalData] email written as it is is INS1011 (the old harness filtered it out; this analyzer reports both ids).
        await Verify<PersonalDataAnalyzer>.AnalyzerAsync(
            source,
            HandWritten(0, "password", "a password", "a log", "SecretData"),
            Unredacted(1, "email", "PersonalData", "this hand-written log call"),
            HandWritten(2, "address", "an e-mail address", "a log", "PersonalData"),
            HandWritten(3, "peer", "an IP address", "a log", "PersonalData"),
            HandWritten(4, "phone", "a phone number", "a log scope", "PersonalData"),
            HandWritten(5, "user.email", "an e-mail address", "a span attribute", "PersonalData"),
            HandWritten(6, "user.phone", "a phone number", "a span attribute", "PersonalData"),
            HandWritten(7, "email", "an e-mail address", "a metric label", "PersonalData"));
    }

    [Fact]
    public async Task The_fix_classifies_the_parameter_property_or_field_whose_value_a_hand_written_call_writes()
    {
        const string user = Usings + """
            public sealed class User
            {
                public string {|#4:Email|} { get; set; } = "";

                /// <summary>Phone.</summary>
                public string {|#5:PhoneNumber|} = "";
            }
            public sealed record Customer(string {|#6:Email|});
            """;
        const string service = Usings + """
            public class Service
            {
                public void M(ILogger logger, User user, Customer customer, string {|#7:password|})
                {
                    logger.LogInformation("user {Email} {Phone} {Customer}", {|#0:user.Email|}, {|#1:user.PhoneNumber|}, {|#2:customer.Email|});
                    logger.LogInformation("pw {Pw}", {|#3:password|});
                }
            }
            """;

        // Primary location: the value; additional locations: the declaration the fix classifies, then the value again.
        var analyzer = Verify<PersonalDataAnalyzer>.Create();
        analyzer.TestState.Sources.Add(("/src/User.cs", user));
        analyzer.TestState.Sources.Add(("/src/Service.cs", service));
        analyzer.ExpectedDiagnostics.AddRange(new[]
        {
            WithDeclaration(0, 4, "Email", "an e-mail address", "PersonalData"),
            WithDeclaration(1, 5, "PhoneNumber", "a phone number", "PersonalData"),
            WithDeclaration(2, 6, "Email", "an e-mail address", "PersonalData"),
            WithDeclaration(3, 7, "password", "a password", "SecretData"),
        });
        await analyzer.RunAsync(CancellationToken.None);

        // A hand-written call writes a classified value as it is, so marking also redacts it at the call (no INS1011 left);
        // the three other values stay reported.
        const string redact = "global::Instrumentation.Redaction.Redactors.Redact(global::Instrumentation.DataClass.";
        await FixOneAsync(
            "user.Email",
            0,
            UserSource.Replace("    public string Email", "    [PersonalData]\n    public string Email", StringComparison.Ordinal),
            Service(redact + "Personal, user.Email)", Left("user.PhoneNumber"), Left("customer.Email"), Left("password")));
        await FixOneAsync(
            "user.PhoneNumber",
            0,
            UserSource.Replace("    /// <summary>Phone.</summary>\n", "    /// <summary>Phone.</summary>\n    [PersonalData]\n", StringComparison.Ordinal),
            Service(Left("user.Email"), redact + "Personal, user.PhoneNumber)", Left("customer.Email"), Left("password")));
        await FixOneAsync(
            "customer.Email",
            0,
            UserSource.Replace("record Customer(string Email);", "record Customer([property: PersonalData] string Email);", StringComparison.Ordinal),
            Service(Left("user.Email"), Left("user.PhoneNumber"), redact + "Personal, customer.Email)", Left("password")),
            textOnly: true);
        await FixOneAsync(
            "password",
            0,
            UserSource,
            Service(Left("user.Email"), Left("user.PhoneNumber"), Left("customer.Email"), redact + "Secret, password)")
                .Replace("string password)", "[SecretData] string password)", StringComparison.Ordinal));

        // The second action redacts at the call only and leaves the declaration as it is.
        await FixOneAsync(
            "password",
            1,
            UserSource,
            Service(Left("user.Email"), Left("user.PhoneNumber"), Left("customer.Email"), redact + "Secret, password)"));
    }

    [Fact]
    public async Task Fix_all_marks_a_declaration_used_twice_once()
    {
        const string source = Usings + """
            public class C
            {
                public void M(ILogger logger, string email)
                {
                    logger.LogInformation("a {Email}", {|#0:email|});
                    Activity.Current?.SetTag("contact", {|#1:email|});
                }
            }
            """;
        const string fixedSource = Usings + """
            public class C
            {
                public void M(ILogger logger, [PersonalData] string email)
                {
                    logger.LogInformation("a {Email}", global::Instrumentation.Redaction.Redactors.Redact(global::Instrumentation.DataClass.Personal, email));
                    Activity.Current?.SetTag("contact", global::Instrumentation.Redaction.Redactors.Redact(global::Instrumentation.DataClass.Personal, email));
                }
            }
            """;

        await Verify<PersonalDataAnalyzer>.AnalyzerAsync(
            source,
            HandWritten(0, "email", "an e-mail address", "a log", "PersonalData"),
            HandWritten(1, "email", "an e-mail address", "a span attribute", "PersonalData"));
        await Verify<PersonalDataAnalyzer, AddClassificationCodeFix>.CodeFixAsync(Marked(source, "INS1010"), fixedSource);
        await VerifyAll.AnalyzerAsync(fixedSource);
    }

    [Fact]
    public async Task Classified_values_written_by_hand_written_calls_are_INS1011_and_NonSensitiveData_is_silent()
    {
        const string source = Usings + """
            public sealed record User([property: PersonalData] string Email, [property: SecretData] string ApiKey);
            public static partial class Log
            {
                [LogMethod(LogLevel.Information, "Mailbox {email} checked")]
                public static partial void Checked(ILogger logger, [NonSensitiveData] string email);
            }
            public class C
            {
                public void M(ILogger logger, User user, [PersonalData] string phone, [NonSensitiveData] string sessionToken)
                {
                    logger.LogInformation("user {Email}", {|#0:user.Email|});
                    Activity.Current?.SetTag("key", {|#1:user.ApiKey|});
                    logger.LogInformation("phone {Phone}", {|#2:phone|});
                    logger.LogInformation("phone {Phone}", global::Instrumentation.Redaction.Redactors.Redact(DataClass.Personal, phone));
                    logger.LogInformation("session {Token}", sessionToken);
                }
            }
            public static partial class Log { public static partial void Checked(ILogger logger, string email) { } }
            """;

        await Verify<PersonalDataAnalyzer>.AnalyzerAsync(
            source,
            Unredacted(0, "Email", "PersonalData", "this hand-written log call"),
            Unredacted(1, "ApiKey", "SecretData", "this hand-written call (a span attribute)"),
            Unredacted(2, "phone", "PersonalData", "this hand-written log call"));

        const string redact = "global::Instrumentation.Redaction.Redactors.Redact(global::Instrumentation.DataClass.";
        var one = source
            .Replace("{|#0:user.Email|}", "{|INS1011:user.Email|}", StringComparison.Ordinal)
            .Replace("{|#1:user.ApiKey|}", redact + "Secret, user.ApiKey)", StringComparison.Ordinal)
            .Replace("{|#2:phone|}", "{|INS1011:phone|}", StringComparison.Ordinal);
        await Verify<PersonalDataAnalyzer, AddClassificationCodeFix>.CodeFixOneAsync(Marked(source, "INS1011"), one, Pick.At("INS1011", "user.ApiKey"));
        await VerifyAll.AnalyzerAsync(one);

        var all = source
            .Replace("{|#0:user.Email|}", redact + "Personal, user.Email)", StringComparison.Ordinal)
            .Replace("{|#1:user.ApiKey|}", redact + "Secret, user.ApiKey)", StringComparison.Ordinal)
            .Replace("{|#2:phone|}", redact + "Personal, phone)", StringComparison.Ordinal);
        await Verify<PersonalDataAnalyzer, AddClassificationCodeFix>.CodeFixAsync(Marked(source, "INS1011"), all);
        await VerifyAll.AnalyzerAsync(all);
    }

    [Fact]
    public async Task A_secret_classified_through_an_interface_is_INS1011_as_a_secret_and_the_fix_redacts_it_as_one()
    {
        // A gRPC team's trial: [SecretData] on an interface that a protobuf partial class implements was reported as
        // [PersonalData], and the fix redacted the API key as personal data (a mask that kept its last four characters).
        const string source = Usings + """
            public interface IHasApiKey { [SecretData] string ApiKey { get; } }
            public sealed class RegisterRequest : IHasApiKey { public string ApiKey { get; init; } = ""; }
            public class C
            {
                public void M(RegisterRequest request) => throw new InvalidOperationException("no device for key " + {|#0:request.ApiKey|});
            }
            """;
        await Verify<PersonalDataAnalyzer>.AnalyzerAsync(source, Unredacted(0, "ApiKey", "SecretData", "this hand-written call (an exception's message)"));
        var fixedSource = source.Replace("{|#0:request.ApiKey|}", "global::Instrumentation.Redaction.Redactors.Redact(global::Instrumentation.DataClass.Secret, request.ApiKey)", StringComparison.Ordinal);
        await Verify<PersonalDataAnalyzer, AddClassificationCodeFix>.CodeFixAsync(Marked(source, "INS1011"), fixedSource);
    }

    [Fact]
    public async Task A_classified_value_in_the_detail_of_a_status_an_exception_is_made_from_is_INS1011()
    {
        // gRPC's shape (a gRPC team's trial): RpcException(new Status(StatusCode.NotFound, $"... {request.ApiKey}")); the
        // detail became the failure log's exception_message with no diagnostic. A non-string argument stays unread.
        const string source = Usings + """
            public sealed class Status { public Status(int code, string detail) { } }
            public sealed class RpcException : Exception { public RpcException(Status status) { } public RpcException(Status status, object trailers) { } }
            public sealed class Request { [SecretData] public string ApiKey { get; init; } = ""; [PersonalData] public int Age { get; init; } }
            public class C
            {
                public void M(Request request) => throw new RpcException(new Status(5, $"no device for key {{|#0:request.ApiKey|}}"));
                public void N(Request request) => throw new RpcException(new Status(5, "not found"), request.Age);
            }
            """;
        await Verify<PersonalDataAnalyzer>.AnalyzerAsync(source, Unredacted(0, "ApiKey", "SecretData", "this hand-written call (an exception's message)"));
    }

    [Fact]
    public async Task Log_method_parameters_are_INS1010_with_the_generators_running_for_every_family()
    {
        // Every analyzer and every generator, as in a build: the markup is all they report (nothing in generated files).
        const string source = Usings + """
            public static partial class Log
            {
                [LogMethod(LogLevel.Information, "Signed in {email}")]
                public static partial void SignedIn(ILogger logger, string email);

                [LogMethod(LogLevel.Information, "Profile {password} {sessionToken} {clientSecret} {ssn} {cardNumber} {phone} {ipAddress} {city}")]
                public static partial void Profile(ILogger logger, string {|#1:password|}, string {|#2:sessionToken|}, string {|#3:clientSecret|}, string {|#4:ssn|}, string {|#5:cardNumber|}, string {|#6:phone|}, string {|#7:ipAddress|}, string city);
            }
            """;
        var test = new VerifyAll.Test { TestCode = source, WithGenerators = true };
        test.ExpectedDiagnostics.AddRange(new[]
        {
            // Line 5, column 64 of the source as written (an explicit span: it checks the line and column too).
            VerifyAll.Diagnostic("INS1010").WithSpan(5, 64, 5, 69).WithArguments("email", "an e-mail address", "a log", "mark it [PersonalData] so it is redacted")
                .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations),
            LogParameter(1, "password", "a password", "SecretData"),
            LogParameter(2, "sessionToken", "a token", "SecretData"),
            LogParameter(3, "clientSecret", "a secret or API key", "SecretData"),
            LogParameter(4, "ssn", "a social security number", "PersonalData"),
            LogParameter(5, "cardNumber", "a card number", "SecretData"),
            LogParameter(6, "phone", "a phone number", "PersonalData"),
            LogParameter(7, "ipAddress", "an IP address", "PersonalData"),
        });
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Objects_with_classified_members_written_by_hand_are_INS1011_and_the_fix_renders_them_redacted()
    {
        const string source = Usings + """
            public sealed class Account
            {
                public string Name { get; set; } = "";
                [PersonalData] public string Email { get; set; } = "";
            }
            public sealed record Holder(string Label, Account Owner);
            public sealed record Member(string Handle, [SecretData] string Password);
            public sealed class Plain { public string Name { get; set; } = ""; }
            public class C
            {
                public void M(ILogger logger, Account account, Holder holder, Member[] members, Plain plain)
                {
                    logger.LogInformation("{Account}", account);
                    Activity.Current?.SetTag("account", {|#1:account|});
                    logger.LogInformation("{Holder}", {|#2:holder|});
                    logger.LogInformation("{Members}", {|#3:members|});
                    logger.LogInformation("{Account}", global::Instrumentation.Redaction.TelemetryValues.Object(account));
                    logger.LogInformation("{Name} {Plain}", account.Name, plain);
                }
            }
            """;

        await Verify<PersonalDataAnalyzer>.AnalyzerAsync(
            source,
            // Line 14, column 44 of the source as written (an explicit span: it checks the line and column too).
            Verify<PersonalDataAnalyzer>.Diagnostic("INS1011").WithSpan(14, 44, 14, 51).WithArguments("account.Email", "PersonalData", "this hand-written log call")
                .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations),
            Unredacted(1, "account.Email", "PersonalData", "this hand-written call (a span attribute)"),
            Unredacted(2, "holder.Owner.Email", "PersonalData", "this hand-written log call"),
            Unredacted(3, "members.Password", "SecretData", "this hand-written log call"));

        const string rendered = "global::Instrumentation.Redaction.TelemetryValues.Object(";
        var marked = Marked(source, "INS1011").Replace("(\"{Account}\", account)", "(\"{Account}\", {|INS1011:account|})", StringComparison.Ordinal);
        var one = source
            .Replace("(\"{Account}\", account)", "(\"{Account}\", {|INS1011:account|})", StringComparison.Ordinal)
            .Replace("{|#1:account|}", rendered + "account)", StringComparison.Ordinal)
            .Replace("{|#2:holder|}", "{|INS1011:holder|}", StringComparison.Ordinal)
            .Replace("{|#3:members|}", "{|INS1011:members|}", StringComparison.Ordinal);
        await Verify<PersonalDataAnalyzer, AddClassificationCodeFix>.CodeFixOneAsync(marked, one, d => d.Id == "INS1011" && d.Location.GetLineSpan().StartLinePosition.Line == 14);
        await VerifyAll.AnalyzerAsync(one);

        var all = source
            .Replace("(\"{Account}\", account)", "(\"{Account}\", " + rendered + "account))", StringComparison.Ordinal)
            .Replace("{|#1:account|}", rendered + "account)", StringComparison.Ordinal)
            .Replace("{|#2:holder|}", rendered + "holder)", StringComparison.Ordinal)
            .Replace("{|#3:members|}", rendered + "members)", StringComparison.Ordinal);
        await Verify<PersonalDataAnalyzer, AddClassificationCodeFix>.CodeFixAsync(marked, all);
        await VerifyAll.AnalyzerAsync(all);
    }

    [Fact]
    public async Task Microsoft_compliance_classifications_count_and_NoDataClassification_is_not_sensitive()
    {
        // Every analyzer and generator, as in a build: no compile error and exactly these two diagnostics.
        const string source = Usings + """
            using Microsoft.Extensions.Compliance.Classification;
            public sealed class PrivateDataAttribute : DataClassificationAttribute
            {
                public PrivateDataAttribute() : base(new DataClassification("Contoso", "Private")) { }
            }
            public sealed class Customer
            {
                public string Id { get; set; } = "";
                [PrivateData] public string Address { get; set; } = "";
            }
            public static partial class Log
            {
                [LogMethod(LogLevel.Information, "Mailed {email} {phone}")]
                public static partial void Mailed(ILogger logger, [PrivateData] string email, [NoDataClassification] string phone);
            }
            public class C
            {
                public void M(ILogger logger, [PrivateData] string city, Customer customer)
                {
                    logger.LogInformation("{City}", {|#0:city|});
                    logger.LogInformation("{Customer}", {|#1:customer|});
                }
            }
            """;
        var test = new VerifyAll.Test { TestCode = source, WithGenerators = true };
        test.ExpectedDiagnostics.Add(VerifyAll.Diagnostic("INS1011").WithLocation(0).WithArguments("city", "PrivateData", "this hand-written log call")
            .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
        test.ExpectedDiagnostics.Add(VerifyAll.Diagnostic("INS1011").WithLocation(1).WithArguments("customer.Address", "PrivateData", "this hand-written log call")
            .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
        await test.RunAsync(CancellationToken.None);
    }

    private const string UserSource = Usings + """
        public sealed class User
        {
            public string Email { get; set; } = "";

            /// <summary>Phone.</summary>
            public string PhoneNumber = "";
        }
        public sealed record Customer(string Email);
        """;

    /// <summary>INS1010 at a declared sink (the parameter is also the one additional location, where the fix adds the attribute).</summary>
    private static DiagnosticResult Declared(int location, string name, string kind, string sink, string attribute) =>
        Verify<PersonalDataAnalyzer>.Diagnostic("INS1010").WithLocation(location).WithLocation(location)
            .WithArguments(name, kind, sink, "mark it [" + attribute + "] so it is redacted");

    /// <summary>INS1010 at a hand-written call (its additional locations are asserted where a test lists them: <see cref="WithDeclaration"/>).</summary>
    private static DiagnosticResult HandWritten(int location, string name, string kind, string sink, string attribute) =>
        Verify<PersonalDataAnalyzer>.Diagnostic("INS1010").WithLocation(location)
            .WithArguments(name, kind, sink, "redact it with Redactors.Redact or mark its declaration [" + attribute + "]")
            .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations);

    /// <summary>INS1010 at a hand-written log call: the value, then the declaration and the value as additional locations.</summary>
    private static DiagnosticResult WithDeclaration(int location, int declaration, string name, string kind, string attribute) =>
        Verify<PersonalDataAnalyzer>.Diagnostic("INS1010").WithLocation(location).WithLocation(declaration).WithLocation(location)
            .WithArguments(name, kind, "a log", "redact it with Redactors.Redact or mark its declaration [" + attribute + "]");

    /// <summary>INS1011: the value is the primary and the one additional location.</summary>
    private static DiagnosticResult Unredacted(int location, string name, string attribute, string sink) =>
        Verify<PersonalDataAnalyzer>.Diagnostic("INS1011").WithLocation(location).WithLocation(location).WithArguments(name, attribute, sink);

    /// <summary>INS1010 on a [LogMethod] parameter, from every analyzer and generator.</summary>
    private static DiagnosticResult LogParameter(int location, string name, string kind, string attribute) =>
        VerifyAll.Diagnostic("INS1010").WithLocation(location)
            .WithArguments(name, kind, "a log", "mark it [" + attribute + "] so it is redacted")
            .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations);

    /// <summary>The <c>{|#n:…|}</c> locations of <paramref name="source"/> as diagnostics with <paramref name="id"/> (for the code-fix verifier).</summary>
    private static string Marked(string source, string id) => Regex.Replace(source, @"\{\|#\d+:", "{|" + id + ":");

    private static string Left(string value) => "{|INS1010:" + value + "|}";

    private static string Service(string email, string phone, string customer, string password) => (Usings + """
        public class Service
        {
            public void M(ILogger logger, User user, Customer customer, string password)
            {
                logger.LogInformation("user {Email} {Phone} {Customer}", EMAIL, PHONE, CUSTOMER);
                logger.LogInformation("pw {Pw}", PASSWORD);
            }
        }
        """).Replace("EMAIL", email, StringComparison.Ordinal).Replace("PHONE", phone, StringComparison.Ordinal)
        .Replace("CUSTOMER", customer, StringComparison.Ordinal).Replace("PASSWORD", password, StringComparison.Ordinal);

    /// <summary>One fix (action <paramref name="actionIndex"/>) on the value <paramref name="at"/> of Service.cs; both files after it (markup: what is left).</summary>
    /// <param name="textOnly">
    /// Compare the fixed text only: the fix writes the <c>property:</c> target of <c>[property: PersonalData]</c> as an
    /// identifier token where the parser reads a keyword, so the trees differ though the text (and the build) is the same.
    /// </param>
    private static async Task FixOneAsync(string at, int actionIndex, string fixedUser, string fixedService, bool textOnly = false)
    {
        var test = Verify<PersonalDataAnalyzer, AddClassificationCodeFix>.Create();
        test.TestState.Sources.Add(("/src/User.cs", UserSource));
        test.TestState.Sources.Add(("/src/Service.cs", Service(Left("user.Email"), Left("user.PhoneNumber"), Left("customer.Email"), Left("password"))));
        test.FixedState.Sources.Add(("/src/User.cs", fixedUser));
        test.FixedState.Sources.Add(("/src/Service.cs", fixedService));
        test.CodeActionIndex = actionIndex;
        test.FixOnly(Pick.At("INS1010", at));
        if (textOnly)
        {
            test.CodeActionValidationMode = CodeActionValidationMode.None;
        }

        await test.RunAsync(CancellationToken.None);

        // The fixed files compile and every analyzer reports exactly what their markup holds.
        var all = new VerifyAll.Test();
        all.TestState.Sources.Add(("/src/User.cs", fixedUser));
        all.TestState.Sources.Add(("/src/Service.cs", fixedService));
        await all.RunAsync(CancellationToken.None);
    }
}
