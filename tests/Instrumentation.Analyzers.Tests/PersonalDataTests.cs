using System.Linq;
using System.Threading.Tasks;
using Instrumentation.Analyzers.Tests.Infrastructure;
using Instrumentation.CodeFixes;
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
                public static partial void SignedIn(ILogger logger, string email, string apiKey, int count);
            }
            public class C
            {
                [Operation("auth.check")]
                public void Check([SpanAttribute] string phoneNumber, [LogField] string requestId, [SpanAttribute, PersonalData] string userEmail, [SpanAttribute("client")] IPAddress peer) { }
            }
            public static partial class Log { public static partial void SignedIn(ILogger logger, string email, string apiKey, int count) { } }
            """;

        var diagnostics = await AnalyzerHarness.DiagnosticsAsync(source);

        Assert.Equal(new[] { "email", "apiKey", "phoneNumber", "peer" }, diagnostics.Select(d => d.At(source)).ToArray());
        Assert.All(diagnostics, d => Assert.Equal("INS1010", d.Id));
        Assert.Contains("[SecretData]", diagnostics[1].GetMessage());
        Assert.Contains("a span attribute", diagnostics[2].GetMessage());
        Assert.Contains("an IP address", diagnostics[3].GetMessage());
        var fixedSource = await AnalyzerHarness.ApplyFixAsync(source, diagnostics[2], new AddClassificationCodeFix());
        Assert.Contains("public void Check([SpanAttribute][PersonalData] string phoneNumber", fixedSource);
        Assert.Equal(new[] { "email", "apiKey", "peer" }, (await AnalyzerHarness.CompileAndAnalyzeAsync(fixedSource)).Select(d => d.At(fixedSource)).ToArray());

        var all = await AnalyzerHarness.FixAllAsync(source, "INS1010", new AddClassificationCodeFix());
        Assert.Contains("[SecretData] string apiKey", all);
        Assert.Contains("[PersonalData] IPAddress peer", all);
        Assert.Empty(await AnalyzerHarness.CompileAndAnalyzeAsync(all));
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
                    logger.LogInformation("login {Password} from {City} {Email}", password, city, email);
                    logger.LogWarning("sent to {Email}", address);
                    logger.Log(LogLevel.Information, "peer {Peer}", peer);
                    using var scope = logger.BeginScope("scope {Phone}", phone);
                    Activity.Current?.SetTag("user.email", city);
                    Activity.Current?.AddTag("city", city);
                    using var activity = Source.StartActivity("jobs.run", ActivityKind.Internal, default(ActivityContext), new[] { new KeyValuePair<string, object?>("user.phone", city) });
                    Calls.Add(1, new KeyValuePair<string, object?>("email", city));
                    Activity.Current?.SetTag("ok", global::Instrumentation.Redaction.Redactors.Redact(DataClass.Personal, phone));
                    Activity.Current?.SetTag("user.email", global::Instrumentation.Redaction.Redactors.Redact(DataClass.Personal, city));
                }
            }
            """;

        var diagnostics = (await AnalyzerHarness.DiagnosticsAsync(source)).Where(d => d.Id == "INS1010").ToArray();

        Assert.Equal(
            new[] { "password", "address", "peer", "phone", "\"user.email\"", "\"user.phone\"", "\"email\"" },
            diagnostics.Select(d => d.At(source)).ToArray());
        Assert.Contains("a log scope", diagnostics[3].GetMessage());
        Assert.Contains("a metric label", diagnostics[6].GetMessage());
        Assert.Contains("redact it with Redactors.Redact or mark its declaration [SecretData]", diagnostics[0].GetMessage());
    }

    [Fact]
    public async Task The_fix_classifies_the_parameter_property_or_field_whose_value_a_hand_written_call_writes()
    {
        var files = new[]
        {
            ("/src/User.cs", Usings + """
                public sealed class User
                {
                    public string Email { get; set; } = "";

                    /// <summary>Phone.</summary>
                    public string PhoneNumber = "";
                }
                public sealed record Customer(string Email);
                """),
            ("/src/Service.cs", Usings + """
                public class Service
                {
                    public void M(ILogger logger, User user, Customer customer, string password)
                    {
                        logger.LogInformation("user {Email} {Phone} {Customer}", user.Email, user.PhoneNumber, customer.Email);
                        logger.LogInformation("pw {Pw}", password);
                    }
                }
                """),
        };

        var diagnostics = await AnalyzerHarness.DiagnosticsAsync(files);
        Assert.Equal(new[] { "user.Email", "user.PhoneNumber", "customer.Email", "password" }, diagnostics.Select(d => d.At(files[1].Item2)).ToArray());
        Assert.Equal(new[] { "Email", "PhoneNumber", "Email", "password" }, diagnostics.Select(d => d.AdditionalLocations[0].At(d.AdditionalLocations[0].SourceTree!.FilePath == "/src/User.cs" ? files[0].Item2 : files[1].Item2)).ToArray());

        var property = await AnalyzerHarness.ApplyFixAsync(files, diagnostics[0], new AddClassificationCodeFix());
        Assert.Contains("    [PersonalData]\n    public string Email { get; set; } = \"\";", property["/src/User.cs"]);
        var field = await AnalyzerHarness.ApplyFixAsync(files, diagnostics[1], new AddClassificationCodeFix());
        Assert.Contains("    /// <summary>Phone.</summary>\n    [PersonalData]\n    public string PhoneNumber = \"\";", field["/src/User.cs"]);
        var record = await AnalyzerHarness.ApplyFixAsync(files, diagnostics[2], new AddClassificationCodeFix());
        Assert.Contains("record Customer([property: PersonalData] string Email);", record["/src/User.cs"]);
        var parameter = await AnalyzerHarness.ApplyFixAsync(files, diagnostics[3], new AddClassificationCodeFix());
        Assert.Contains("[SecretData] string password", parameter["/src/Service.cs"]);

        // A hand-written call writes a classified value as it is, so marking also redacts it at the call (no INS1011 left).
        Assert.Contains("Redactors.Redact(global::Instrumentation.DataClass.Personal, user.Email)", property["/src/Service.cs"]);
        Assert.Contains("Redactors.Redact(global::Instrumentation.DataClass.Personal, user.PhoneNumber)", field["/src/Service.cs"]);
        Assert.Contains("Redactors.Redact(global::Instrumentation.DataClass.Personal, customer.Email)", record["/src/Service.cs"]);
        Assert.Contains("Redactors.Redact(global::Instrumentation.DataClass.Secret, password)", parameter["/src/Service.cs"]);

        foreach (var (fixedFiles, remaining) in new[] { (property, 3), (field, 3), (record, 3), (parameter, 3) })
        {
            Assert.Equal(remaining, (await AnalyzerHarness.DiagnosticsAsync(fixedFiles.Select(p => (p.Key, p.Value)).ToArray())).Length);
        }

        var redacted = await AnalyzerHarness.ApplyFixAsync(files, diagnostics[3], new AddClassificationCodeFix(), actionIndex: 1);
        Assert.Contains("global::Instrumentation.Redaction.Redactors.Redact(global::Instrumentation.DataClass.Secret, password)", redacted["/src/Service.cs"]);
        Assert.Equal(3, (await AnalyzerHarness.DiagnosticsAsync(redacted.Select(p => (p.Key, p.Value)).ToArray())).Length);
    }

    [Fact]
    public async Task Fix_all_marks_a_declaration_used_twice_once()
    {
        const string source = Usings + """
            public class C
            {
                public void M(ILogger logger, string email)
                {
                    logger.LogInformation("a {Email}", email);
                    Activity.Current?.SetTag("contact", email);
                }
            }
            """;
        var diagnostics = await AnalyzerHarness.DiagnosticsAsync(source);
        Assert.Equal(new[] { "email", "email" }, diagnostics.Select(d => d.At(source)).ToArray());

        var all = await AnalyzerHarness.FixAllAsync(source, "INS1010", new AddClassificationCodeFix());

        Assert.Contains("public void M(ILogger logger, [PersonalData] string email)", all);
        Assert.Empty(await AnalyzerHarness.CompileAndAnalyzeAsync(all));
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
                    logger.LogInformation("user {Email}", user.Email);
                    Activity.Current?.SetTag("key", user.ApiKey);
                    logger.LogInformation("phone {Phone}", phone);
                    logger.LogInformation("phone {Phone}", global::Instrumentation.Redaction.Redactors.Redact(DataClass.Personal, phone));
                    logger.LogInformation("session {Token}", sessionToken);
                }
            }
            public static partial class Log { public static partial void Checked(ILogger logger, string email) { } }
            """;

        var diagnostics = await AnalyzerHarness.DiagnosticsAsync(source);

        Assert.Equal(new[] { "user.Email", "user.ApiKey", "phone" }, diagnostics.Select(d => d.At(source)).ToArray());
        Assert.All(diagnostics, d => Assert.Equal("INS1011", d.Id));
        Assert.Contains("marked [SecretData]", diagnostics[1].GetMessage());
        Assert.Contains("this hand-written log call", diagnostics[0].GetMessage());

        var fixedSource = await AnalyzerHarness.ApplyFixAsync(source, diagnostics[1], new AddClassificationCodeFix());
        Assert.Contains("SetTag(\"key\", global::Instrumentation.Redaction.Redactors.Redact(global::Instrumentation.DataClass.Secret, user.ApiKey))", fixedSource);
        var all = await AnalyzerHarness.FixAllAsync(source, "INS1011", new AddClassificationCodeFix());
        Assert.Empty(await AnalyzerHarness.CompileAndAnalyzeAsync(all));
    }
    [Fact]
    public async Task Log_method_parameters_are_INS1010_with_the_generators_running_for_every_family()
    {
        const string source = Usings + """
            public static partial class Log
            {
                [LogMethod(LogLevel.Information, "Signed in {email}")]
                public static partial void SignedIn(ILogger logger, string email);

                [LogMethod(LogLevel.Information, "Profile {password} {sessionToken} {clientSecret} {ssn} {cardNumber} {phone} {ipAddress} {city}")]
                public static partial void Profile(ILogger logger, string password, string sessionToken, string clientSecret, string ssn, string cardNumber, string phone, string ipAddress, string city);
            }
            """;

        var diagnostics = (await AnalyzerHarness.BuildDiagnosticsAsync(source))
            .Where(d => d.Id.StartsWith("INS", System.StringComparison.Ordinal))
            .ToArray();

        Assert.All(diagnostics, d => Assert.Equal("INS1010", d.Id));
        Assert.All(diagnostics, d => Assert.Equal(AnalyzerHarness.DefaultPath, d.Location.SourceTree?.FilePath));
        Assert.Equal(
            new[] { "email", "password", "sessionToken", "clientSecret", "ssn", "cardNumber", "phone", "ipAddress" },
            diagnostics.Select(d => d.At(source)).ToArray());
        Assert.Equal((5, 64), diagnostics[0].LineColumn());
        Assert.Contains("an e-mail address", diagnostics[0].GetMessage());
        Assert.Contains("a social security number", diagnostics[4].GetMessage());
        Assert.Contains("a card number", diagnostics[5].GetMessage());
        Assert.Contains("a phone number", diagnostics[6].GetMessage());
        Assert.Contains("an IP address", diagnostics[7].GetMessage());
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
                    Activity.Current?.SetTag("account", account);
                    logger.LogInformation("{Holder}", holder);
                    logger.LogInformation("{Members}", members);
                    logger.LogInformation("{Account}", global::Instrumentation.Redaction.TelemetryValues.Object(account));
                    logger.LogInformation("{Name} {Plain}", account.Name, plain);
                }
            }
            """;

        var diagnostics = await AnalyzerHarness.DiagnosticsAsync(source);

        Assert.Equal(new[] { "account", "account", "holder", "members" }, diagnostics.Select(d => d.At(source)).ToArray());
        Assert.All(diagnostics, d => Assert.Equal("INS1011", d.Id));
        Assert.Equal((14, 44), diagnostics[0].LineColumn());
        Assert.Contains("'account.Email' is marked [PersonalData] but this hand-written log call", diagnostics[0].GetMessage());
        Assert.Contains("this hand-written call (a span attribute)", diagnostics[1].GetMessage());
        Assert.Contains("'holder.Owner.Email'", diagnostics[2].GetMessage());
        Assert.Contains("'members.Password' is marked [SecretData]", diagnostics[3].GetMessage());

        var fixedSource = await AnalyzerHarness.ApplyFixAsync(source, diagnostics[1], new AddClassificationCodeFix());
        Assert.Contains("SetTag(\"account\", global::Instrumentation.Redaction.TelemetryValues.Object(account))", fixedSource);
        var all = await AnalyzerHarness.FixAllAsync(source, "INS1011", new AddClassificationCodeFix());
        Assert.Empty(await AnalyzerHarness.CompileAndAnalyzeAsync(all));
    }

    [Fact]
    public async Task Microsoft_compliance_classifications_count_and_NoDataClassification_is_not_sensitive()
    {
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
                    logger.LogInformation("{City}", city);
                    logger.LogInformation("{Customer}", customer);
                }
            }
            """;

        var build = await AnalyzerHarness.BuildDiagnosticsAsync(source);
        Assert.DoesNotContain(build, d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
        var diagnostics = build.Where(d => d.Id.StartsWith("INS", System.StringComparison.Ordinal)).ToArray();

        Assert.Equal(new[] { "city", "customer" }, diagnostics.Select(d => d.At(source)).ToArray());
        Assert.All(diagnostics, d => Assert.Equal("INS1011", d.Id));
        Assert.Contains("'city' is marked [PrivateData]", diagnostics[0].GetMessage());
        Assert.Contains("'customer.Address' is marked [PrivateData]", diagnostics[1].GetMessage());
    }
}
