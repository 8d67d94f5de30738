using System;
using System.Threading;
using System.Threading.Tasks;
using Instrumentation.Analyzers.Tests.Infrastructure;
using Instrumentation.CodeFixes;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace Instrumentation.Analyzers.Tests;

/// <summary>
/// INS1010 for personal or secret data inside an object a sink writes whole (a newcomer's trial, 2026-12-05: a
/// <c>record Contact(string Name, string Email, string PhoneNumber)</c> passed to a <c>[LogMethod]</c> or a hand-written
/// log call got no warning, and the phone number was written in clear — the scrubber does not know phone numbers).
/// Reported at the sink, with the member's declaration as the one the fix marks.
/// </summary>
public sealed class PersonalMemberTests
{
    private const string Source = PersonalDataTests.Usings + """
        public sealed record Contact(string Name, string {|#1:PhoneNumber|});
        public sealed class Order
        {
            public Contact Buyer { get; set; } = new("", "");
            public int Count { get; set; }
        }
        public sealed class Device
        {
            public string Label { get; set; } = "";
            [NonSensitiveData] public string PublicToken { get; set; } = "";
            [PersonalData] public string OwnerEmail { get; set; } = "";
        }
        public static partial class Log
        {
            [LogMethod(LogLevel.Information, "Order {order}")]
            public static partial void Placed(ILogger logger, Order {|#0:order|});

            [LogMethod(LogLevel.Information, "Device {device}")]
            public static partial void Seen(ILogger logger, Device device);
        }
        public static partial class Log
        {
            public static partial void Placed(ILogger logger, Order order) { }
            public static partial void Seen(ILogger logger, Device device) { }
        }
        public class C
        {
            public void M(ILogger logger, Contact contact, Contact[] contacts)
            {
                logger.LogInformation("{Contact}", {|#2:contact|});
                Activity.Current?.SetTag("contacts", {|#3:contacts|});
                logger.LogInformation("{Name}", contact.Name);
            }
        }
        """;

    [Fact]
    public async Task An_unclassified_personal_member_of_an_object_a_sink_writes_whole_is_reported_at_the_sink_with_its_declaration()
    {
        await Verify<PersonalDataAnalyzer>.AnalyzerAsync(
            Source,
            Member(0, "order.Buyer.PhoneNumber", "a log"),
            Member(2, "contact.PhoneNumber", "a log"),
            Member(3, "contacts.PhoneNumber", "a span attribute"));
    }

    [Fact]
    public async Task Marking_the_member_clears_the_generated_sink_and_leaves_the_hand_written_calls_to_INS1011()
    {
        // The fix marks the record's positional parameter for its property; the [LogMethod] then redacts it (nothing
        // left there), and the hand-written calls, which write the object as it is, get INS1011 with their own fix.
        var marked = Source
            .Replace("{|#0:order|}", "{|INS1010:order|}", StringComparison.Ordinal)
            .Replace("{|#1:PhoneNumber|}", "PhoneNumber", StringComparison.Ordinal)
            .Replace("{|#2:contact|}", "{|INS1010:contact|}", StringComparison.Ordinal)
            .Replace("{|#3:contacts|}", "{|INS1010:contacts|}", StringComparison.Ordinal);
        var fixedSource = Source
            .Replace("string {|#1:PhoneNumber|}", "[property: PersonalData] string PhoneNumber", StringComparison.Ordinal)
            .Replace("{|#0:order|}", "order", StringComparison.Ordinal)
            .Replace("{|#2:contact|}", "{|INS1011:contact|}", StringComparison.Ordinal)
            .Replace("{|#3:contacts|}", "{|INS1011:contacts|}", StringComparison.Ordinal);
        var test = Verify<PersonalDataAnalyzer, AddClassificationCodeFix>.Create();
        test.TestCode = marked;
        test.FixedCode = fixedSource;
        test.FixOnly(Pick.At("INS1010", "order"));
        // The fix writes the 'property:' target as an identifier token where the parser reads a keyword: the text, and
        // the build, are the same (as in PersonalDataTests).
        test.CodeActionValidationMode = CodeActionValidationMode.None;
        await test.RunAsync(CancellationToken.None);

        // The fixed source compiles and every analyzer and generator reports exactly what its markup holds.
        await VerifyAll.AnalyzerAsync(fixedSource);
    }

    [Fact]
    public async Task A_member_whose_type_cannot_hold_what_its_name_says_is_not_reported()
    {
        // A flag, an enum, a cancellation token, a date that is not a date of birth, a property nobody can read: the
        // sinks write 'True', 'Visa', a type name, a time, or nothing. A date of birth is still reported.
        const string source = PersonalDataTests.Usings + """
            public enum CardType { Visa, Amex }
            public sealed class Account
            {
                public bool EmailConfirmed { get; set; }
                public bool? PhoneNumberConfirmed { get; set; }
                public CardType CardType { get; set; }
                public CardType? MobileCardType;
                public double Pan { get; set; }
                public float? MobileZoom;
                public System.Threading.CancellationToken CancellationToken { get; set; }
                public System.DateTime TokenExpiresAt { get; set; }
                public System.TimeSpan TokenLifetime { get; set; }
                public string Password { set { } }
                public string ApiKey { private get; set; } = "";
                public string Name { get; set; } = "";
            }
            public sealed class Person
            {
                public Account Account { get; set; } = new();
                public System.DateTime {|#1:DateOfBirth|} { get; set; }
            }
            public class C
            {
                public void M(ILogger logger, Account account, Person person)
                {
                    logger.LogInformation("{Account}", account);
                    logger.LogInformation("{Person}", {|#0:person|});
                }
            }
            """;
        await Verify<PersonalDataAnalyzer>.AnalyzerAsync(
            source,
            Verify<PersonalDataAnalyzer>.Diagnostic("INS1010").WithLocation(0).WithLocation(1)
                .WithArguments("person.DateOfBirth", "a date of birth", "a log", "mark 'Person.DateOfBirth' [PersonalData] so the SDK's sinks redact it"));
    }

    [Fact]
    public async Task A_framework_generic_type_the_sinks_write_as_a_placeholder_is_not_searched()
    {
        // Lazy<T>, Task<T>: LogValueShapes writes 'Lazy<Contact> { … }' with no value in it. Collections, pairs and
        // tuples write their elements, and are still searched.
        const string source = PersonalDataTests.Usings + """
            public sealed record Contact(string Name, string {|#9:PhoneNumber|});
            public static partial class Log
            {
                [LogMethod(LogLevel.Information, "Seen {lazy} {task} {list} {pairs} {tuple}")]
                public static partial void Seen(ILogger logger, System.Lazy<Contact> lazy, System.Threading.Tasks.Task<Contact> task,
                    List<Contact> {|#0:list|}, Dictionary<string, Contact> {|#1:pairs|}, (int, Contact) {|#2:tuple|});
                public static partial void Seen(ILogger logger, System.Lazy<Contact> lazy, System.Threading.Tasks.Task<Contact> task,
                    List<Contact> list, Dictionary<string, Contact> pairs, (int, Contact) tuple) { }
            }
            """;
        await Verify<PersonalDataAnalyzer>.AnalyzerAsync(
            source,
            Verify<PersonalDataAnalyzer>.Diagnostic("INS1010").WithLocation(0).WithLocation(9)
                .WithArguments("list.PhoneNumber", "a phone number", "a log", "mark 'Contact.PhoneNumber' [PersonalData] so the SDK's sinks redact it"),
            Verify<PersonalDataAnalyzer>.Diagnostic("INS1010").WithLocation(1).WithLocation(9)
                .WithArguments("pairs.PhoneNumber", "a phone number", "a log", "mark 'Contact.PhoneNumber' [PersonalData] so the SDK's sinks redact it"),
            Verify<PersonalDataAnalyzer>.Diagnostic("INS1010").WithLocation(2).WithLocation(9)
                .WithArguments("tuple.PhoneNumber", "a phone number", "a log", "mark 'Contact.PhoneNumber' [PersonalData] so the SDK's sinks redact it"));
    }

    [Fact]
    public async Task A_member_of_an_anonymous_type_is_redacted_with_the_value()
    {
        // 'mark '.Email' [PersonalData]' named no type and could not be followed: an anonymous type cannot be classified.
        var test = Verify<PersonalDataAnalyzer, AddClassificationCodeFix>.Create();
        test.TestCode = PersonalDataTests.Usings + """
            public class C
            {
                public void M(ILogger logger, string e) => logger.LogInformation("{X}", {|#0:new { Email = e }|});
            }
            """;
        test.ExpectedDiagnostics.Add(Verify<PersonalDataAnalyzer>.Diagnostic("INS1010").WithLocation(0).WithLocation(0).WithArguments(
            "new { Email = e }.Email", "an e-mail address", "a log",
            "'Email' is a member of an anonymous type, which cannot be classified: redact the value with Redactors.Redact, or write only the members that are not personal or secret data"));
        test.FixedCode = PersonalDataTests.Usings + """
            public class C
            {
                public void M(ILogger logger, string e) => logger.LogInformation("{X}", global::Instrumentation.Redaction.Redactors.Redact(global::Instrumentation.DataClass.Personal, new { Email = e }));
            }
            """;
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_secret_named_tuple_element_is_reported_and_the_whole_value_is_what_is_redacted()
    {
        // A newcomer's trial: (string User, string Password) creds reached a span, a log field and a log message as
        // "(tuple-user, TuplePw1)" with no warning — the element names exist only at compile time, so no sink sees them.
        await Verify<PersonalDataAnalyzer>.AnalyzerAsync(
            PersonalDataTests.Usings + """
            public static partial class Log
            {
                [LogMethod(LogLevel.Information, "Wrote {creds}")]
                public static partial void Wrote(ILogger logger, (string User, string Password) {|#0:creds|});
                public static partial void Wrote(ILogger logger, (string User, string Password) creds) { }
            }
            public static class Use
            {
                public static void A(ILogger logger, (string User, string Password) creds, (string, string) unnamed)
                {
                    logger.LogWarning("tuple {Creds}", {|#1:creds|});
                    logger.LogWarning("tuple {Pair}", unnamed);
                }
            }
            """,
            Verify<PersonalDataAnalyzer>.Diagnostic("INS1010").WithLocation(0).WithLocation(0).WithArguments(
                "creds.Password", "a password", "a log",
                "'Password' is an element of a tuple, which cannot be classified (its names are gone at run time: the SDK's sinks redact a tuple with a secret-named element whole; any other tuple, and every tuple a hand-written call writes, is written element by element): mark 'creds' [SecretData] so the SDK's sinks redact it whole"),
            Verify<PersonalDataAnalyzer>.Diagnostic("INS1010").WithLocation(1).WithLocation(1).WithArguments(
                "creds.Password", "a password", "a log",
                "'Password' is an element of a tuple, which cannot be classified (its names are gone at run time: the SDK's sinks redact a tuple with a secret-named element whole; any other tuple, and every tuple a hand-written call writes, is written element by element): redact the value with Redactors.Redact, or write only the members that are not personal or secret data"));
    }

    [Fact]
    public async Task A_member_declared_in_a_file_a_tool_writes_is_redacted_with_the_parameter_not_marked_there()
    {
        // A gRPC team's trial: the fix wrote [PersonalData] into Grpc.Tools' obj/…/Provisioning.cs, and the next protoc
        // run took it away again; the parameter is what the fix marks, and the message says how to classify the member.
        var test = Verify<PersonalDataAnalyzer, AddClassificationCodeFix>.Create();
        const string source = PersonalDataTests.Usings + """
            public static partial class Log
            {
                [LogMethod(LogLevel.Information, "Registering {request}")]
                public static partial void Registering(ILogger logger, Provisioning.RegisterRequest {|#0:request|});
                public static partial void Registering(ILogger logger, Provisioning.RegisterRequest request) { }
            }
            """;
        test.TestCode = source;
        test.ExpectedDiagnostics.Add(Verify<PersonalDataAnalyzer>.Diagnostic("INS1010").WithLocation(0).WithLocation(0).WithArguments(
            "request.Email", "an e-mail address", "a log",
            "'Provisioning.RegisterRequest.Email' is declared in Provisioning.cs, which a tool writes (an attribute there is lost when it rewrites the file; a partial class can classify it through an interface it implements, README, Classifying data): mark 'request' [PersonalData] so the SDK's sinks redact it whole"));
        test.FixedCode = source.Replace("Provisioning.RegisterRequest {|#0:request|}", "[PersonalData] Provisioning.RegisterRequest request", StringComparison.Ordinal);
        const string generated = "// <auto-generated>\n//     Generated by the protocol buffer compiler.  DO NOT EDIT!\n// </auto-generated>\nnamespace Provisioning;\npublic sealed partial class RegisterRequest { public string Email { get; set; } = \"\"; }\n";
        test.TestState.Sources.Add(("obj/Debug/net10.0/Protos/Provisioning.cs", generated));
        test.FixedState.Sources.Add(("obj/Debug/net10.0/Protos/Provisioning.cs", generated));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_member_declared_in_another_project_is_redacted_with_the_value_or_the_parameter()
    {
        // 'mark 'User.Email' [PersonalData]' could not be followed here (in a package it cannot be followed at all), and
        // no fix was offered: the log method's parameter is marked, and the hand-written call's value is redacted.
        var test = Verify<PersonalDataAnalyzer, AddClassificationCodeFix>.Create();
        test.TestCode = PersonalDataTests.Usings + """
            public static partial class Log
            {
                [LogMethod(LogLevel.Information, "User {user}")]
                public static partial void Seen(ILogger logger, Lib.User {|#0:user|});
                public static partial void Seen(ILogger logger, Lib.User user) { }
            }
            public static class Use
            {
                public static void A(ILogger logger, Lib.User user) => logger.LogInformation("User {User}", {|#1:user|});
            }
            """;
        test.ExpectedDiagnostics.Add(Verify<PersonalDataAnalyzer>.Diagnostic("INS1010").WithLocation(0).WithLocation(0).WithArguments(
            "user.Email", "an e-mail address", "a log", "'Lib.User.Email' is not declared in this project: mark 'user' [PersonalData] so the SDK's sinks redact it whole"));
        test.ExpectedDiagnostics.Add(Verify<PersonalDataAnalyzer>.Diagnostic("INS1010").WithLocation(1).WithLocation(1).WithArguments(
            "user.Email", "an e-mail address", "a log", "'Lib.User.Email' is not declared in this project: redact the value with Redactors.Redact, or write only the members that are not personal or secret data"));
        test.FixedCode = PersonalDataTests.Usings + """
            public static partial class Log
            {
                [LogMethod(LogLevel.Information, "User {user}")]
                public static partial void Seen(ILogger logger, [PersonalData] Lib.User user);
                public static partial void Seen(ILogger logger, Lib.User user) { }
            }
            public static class Use
            {
                public static void A(ILogger logger, Lib.User user) => logger.LogInformation("User {User}", global::Instrumentation.Redaction.Redactors.Redact(global::Instrumentation.DataClass.Personal, user));
            }
            """;
        AddLib(test.TestState, "namespace Lib;\npublic record User(string Email);\n");
        AddLib(test.FixedState, "namespace Lib;\npublic record User(string Email);\n");
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_classification_on_the_interface_counts_for_the_implementation_as_the_sinks_read_it()
    {
        // The generator and the run-time formatter redact Phone through IContact's classification (ClassifiedValueTests),
        // so the member rule does not report it, and a hand-written call that writes the object as it is gets INS1011.
        const string source = PersonalDataTests.Usings + """
            public interface IContact { [PersonalData] string Phone { get; } }
            public sealed class Contact : IContact { public string Phone { get; init; } = ""; public string Display { get; init; } = ""; }
            public static partial class Log
            {
                [LogMethod(LogLevel.Information, "Contact {contact}")]
                public static partial void Seen(ILogger logger, Contact contact);
                public static partial void Seen(ILogger logger, Contact contact) { }
            }
            public class C
            {
                public void M(Contact contact) => Activity.Current?.SetTag("contact", {|#0:contact|});
            }
            """;
        await Verify<PersonalDataAnalyzer>.AnalyzerAsync(
            source,
            Verify<PersonalDataAnalyzer>.Diagnostic("INS1011").WithLocation(0).WithLocation(0)
                .WithArguments("contact.Phone", "PersonalData", "this hand-written call (a span attribute)"));
    }

    // A security review: Customer's e-mail is [PersonalData], its phone number is not. The call got INS1011 only (one
    // diagnostic per argument: the INS1011 hid the INS1010), and after INS1011's fix, TelemetryValues.Object, nothing was
    // reported while the phone number was still written in clear (that rendering redacts classified members only).
    private const string CustomerSource = PersonalDataTests.Usings + """
        public sealed record Customer([property: PersonalData] string Email, string {|#9:PhoneNumber|});
        public class C
        {
            public void M(ILogger logger, Customer customer)
            {
                logger.LogInformation("Notified {Customer}", {|#0:customer|});
                Activity.Current?.SetTag("customer", {|#1:customer|});
            }
        }
        """;

    private const string Rendered = "global::Instrumentation.Redaction.TelemetryValues.Object(";

    [Fact]
    public async Task An_unclassified_personal_member_beside_a_classified_one_is_INS1010_as_well_as_INS1011()
    {
        var before = new[]
        {
            CustomerEmail(0, "this hand-written log call"),
            CustomerPhone(0, "a log"),
            CustomerEmail(1, "this hand-written call (a span attribute)"),
            CustomerPhone(1, "a span attribute"),
        };
        await Verify<PersonalDataAnalyzer>.AnalyzerAsync(CustomerSource, before);

        // INS1011's fix on the log call renders the object with its classified members redacted; the phone number is
        // still reported there, at the object it renders.
        var test = Verify<PersonalDataAnalyzer, AddClassificationCodeFix>.Create();
        test.TestCode = CustomerSource;
        test.ExpectedDiagnostics.AddRange(before);
        test.FixedCode = CustomerSource.Replace("{|#0:customer|}", Rendered + "{|#0:customer|})", StringComparison.Ordinal);
        test.FixOnly(d => d.Id == "INS1011" && d.Location.GetLineSpan().StartLinePosition.Line == 6);
        test.FixedState.ExpectedDiagnostics.AddRange(new[] { before[1], before[2], before[3] });
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task An_object_rendered_by_TelemetryValues_Object_is_INS1010_for_its_unclassified_member_and_marking_it_clears_the_call()
    {
        // The source as INS1011's fix leaves it (checked by the test above), on a log call and a span tag.
        var source = CustomerSource
            .Replace("{|#0:customer|}", Rendered + "{|#0:customer|})", StringComparison.Ordinal)
            .Replace("{|#1:customer|}", Rendered + "{|#1:customer|})", StringComparison.Ordinal);
        await Verify<PersonalDataAnalyzer>.AnalyzerAsync(source, CustomerPhone(0, "a log"), CustomerPhone(1, "a span attribute"));

        // INS1010's fix marks the member: the rendering redacts it, and nothing is left.
        var test = Verify<PersonalDataAnalyzer, AddClassificationCodeFix>.Create();
        test.TestCode = source;
        test.ExpectedDiagnostics.Add(CustomerPhone(0, "a log"));
        test.ExpectedDiagnostics.Add(CustomerPhone(1, "a span attribute"));
        test.FixedCode = source
            .Replace("string {|#9:PhoneNumber|}", "[property: PersonalData] string PhoneNumber", StringComparison.Ordinal)
            .Replace("{|#0:customer|}", "customer", StringComparison.Ordinal)
            .Replace("{|#1:customer|}", "customer", StringComparison.Ordinal);
        // The 'property:' target is written as an identifier token where the parser reads a keyword: same text.
        test.CodeActionValidationMode = CodeActionValidationMode.None;
        await test.RunAsync(CancellationToken.None);
    }

    private static DiagnosticResult CustomerEmail(int location, string sink) =>
        Verify<PersonalDataAnalyzer>.Diagnostic("INS1011").WithLocation(location).WithLocation(location)
            .WithArguments("customer.Email", "PersonalData", sink);

    private static DiagnosticResult CustomerPhone(int location, string sink) =>
        Verify<PersonalDataAnalyzer>.Diagnostic("INS1010").WithLocation(location).WithLocation(9)
            .WithArguments("customer.PhoneNumber", "a phone number", sink, "mark 'Customer.PhoneNumber' [PersonalData] so the SDK's sinks redact it");

    // Holder is met six levels down through Chain first, where its Entry is beyond the limit, and then one level down
    // through Direct. The walks kept one set of visited types and never searched Holder again: no report at all.
    private const string ChainAndDirect = """
        public sealed class Holder { public Contact Entry { get; set; } = new("", ""); }
        public sealed class L1 { public L2 Next { get; set; } = new(); }
        public sealed class L2 { public L3 Next { get; set; } = new(); }
        public sealed class L3 { public L4 Next { get; set; } = new(); }
        public sealed class L4 { public L5 Next { get; set; } = new(); }
        public sealed class L5 { public Holder Held { get; set; } = new(); }
        public sealed class Envelope { public L1 Chain { get; set; } = new(); public Holder Direct { get; set; } = new(); }
        """;

    [Fact]
    public async Task An_unclassified_member_of_a_type_first_met_at_the_depth_limit_is_found_where_it_is_met_closer()
    {
        await Verify<PersonalDataAnalyzer>.AnalyzerAsync(
            PersonalDataTests.Usings + ChainAndDirect + """
                public sealed record Contact(string Name, string {|#1:PhoneNumber|});
                public static partial class Log
                {
                    [LogMethod(LogLevel.Information, "Envelope {envelope}")]
                    public static partial void Seen(ILogger logger, Envelope {|#0:envelope|});
                    public static partial void Seen(ILogger logger, Envelope envelope) { }
                }
                """,
            Member(0, "envelope.Direct.Entry.PhoneNumber", "a log"));
    }

    [Fact]
    public async Task A_classified_member_of_a_type_first_met_at_the_depth_limit_is_found_where_it_is_met_closer()
    {
        await Verify<PersonalDataAnalyzer>.AnalyzerAsync(
            PersonalDataTests.Usings + ChainAndDirect + """
                public sealed record Contact(string Name, [property: PersonalData] string PhoneNumber);
                public class C
                {
                    public void M(Envelope envelope) => Activity.Current?.SetTag("envelope", {|#0:envelope|});
                }
                """,
            Verify<PersonalDataAnalyzer>.Diagnostic("INS1011").WithLocation(0).WithLocation(0)
                .WithArguments("envelope.Direct.Entry.PhoneNumber", "PersonalData", "this hand-written call (a span attribute)"));
    }

    private static void AddLib(SolutionState state, string source)
    {
        var lib = new ProjectState("Lib", Microsoft.CodeAnalysis.LanguageNames.CSharp, "/Lib/", "cs");
        lib.AdditionalReferences.AddRange(AnalyzerHarness.References);
        lib.Sources.Add(("/Lib/User.cs", source));
        state.AdditionalProjects.Add("Lib", lib);
        state.AdditionalProjectReferences.Add("Lib");
    }

    private static DiagnosticResult Member(int location, string path, string sink) =>
        Verify<PersonalDataAnalyzer>.Diagnostic("INS1010").WithLocation(location).WithLocation(1)
            .WithArguments(path, "a phone number", sink, "mark 'Contact.PhoneNumber' [PersonalData] so the SDK's sinks redact it");
}
