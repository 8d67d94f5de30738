using System.Threading;
using System.Threading.Tasks;
using Instrumentation.Analyzers.Tests.Infrastructure;
using Instrumentation.CodeFixes;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace Instrumentation.Analyzers.Tests;

/// <summary>
/// A leak stranger's case: <c>[FunnelEvent("InviteSent")] [return: EventProperty("mail")] string Invite(Customer c) =&gt;
/// c.Email</c>, with <c>Customer.Email</c> marked <c>[PersonalData]</c>, stored the address in the funnel row in clear and
/// reported nothing: the generated funnel code redacts a return value by the return's classification. INS1010 now reports
/// the returned value, and the fix marks the return (<c>[return: PersonalData]</c>), which the generator honours; what the
/// method returns to its caller does not change.
/// </summary>
public sealed class FunnelReturnTests
{
    private const string Usings = PersonalDataTests.Usings + "using System.Threading.Tasks;\n";

    private const string Customer = """
        public sealed record Customer(string Id, [property: PersonalData] string Email, [property: SecretData] string Pin, string Plan);
        """;

    [Fact]
    public async Task A_classified_value_returned_into_a_funnel_property_is_reported_and_the_fix_marks_the_return()
    {
        const string source = Usings + Customer + """
            public sealed class Invites
            {
                [FunnelEvent("InviteSent", UserId = "owner")]
                [return: EventProperty("mail")]
                public string {|#1:Invite|}(string owner, Customer customer) => {|#0:customer.Email|};

                [FunnelEvent("PinIssued", Properties = new[] { "pin=return" })]
                public async Task<string> {|#3:IssueAsync|}(Customer customer)
                {
                    await Task.Yield();
                    var pin = customer.Pin;
                    return {|#2:pin|};
                }
            }
            """;
        const string fixedSource = Usings + Customer + """
            public sealed class Invites
            {
                [return: PersonalData]
                [FunnelEvent("InviteSent", UserId = "owner")]
                [return: EventProperty("mail")]
                public string Invite(string owner, Customer customer) => customer.Email;

                [return: SecretData]
                [FunnelEvent("PinIssued", Properties = new[] { "pin=return" })]
                public async Task<string> IssueAsync(Customer customer)
                {
                    await Task.Yield();
                    var pin = customer.Pin;
                    return pin;
                }
            }
            """;
        var test = Verify<PersonalDataAnalyzer, AddClassificationCodeFix>.Create();
        test.TestCode = source;
        test.FixedCode = fixedSource;
        test.ExpectedDiagnostics.Add(Reported(0, 1, "Invite", "Email", "PersonalData", "mail"));
        test.ExpectedDiagnostics.Add(Reported(2, 3, "IssueAsync", "pin (customer.Pin)", "SecretData", "pin"));
        test.NumberOfFixAllIterations = 1;
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_return_already_classified_an_unclassified_value_a_member_path_or_a_lambdas_return_is_not_reported()
    {
        const string source = Usings + Customer + """
            public sealed class Invites
            {
                [FunnelEvent("A")]
                [return: PersonalData, EventProperty("mail")]
                public string Classified(Customer customer) => customer.Email;

                [FunnelEvent("B")]
                [return: EventProperty("plan")]
                public string Unclassified(Customer customer) => customer.Plan;

                // A member path is redacted by the member's own classification: the generator reads Customer.Email's.
                [FunnelEvent("C", Properties = new[] { "mail=return.Email" })]
                public Customer Path(Customer customer) => customer;

                // Not stored at all: no funnel property names the return.
                [FunnelEvent("D")]
                public string NotStored(Customer customer) => customer.Email;

                // The lambda's return is not the method's.
                [FunnelEvent("E")]
                [return: EventProperty("count")]
                public int Lambda(Customer customer)
                {
                    Func<string> read = () => customer.Email;
                    return read().Length;
                }

                // Redacted where it is returned.
                [FunnelEvent("G")]
                [return: EventProperty("mail")]
                public string Redacted(Customer customer) => global::Instrumentation.Redaction.Redactors.Redact(global::Instrumentation.DataClass.Personal, customer.Email);
            }
            """;
        await Verify<PersonalDataAnalyzer>.AnalyzerAsync(source);
    }

    [Fact]
    public async Task With_the_generators_present_the_return_is_reported_once()
    {
        const string source = Usings + Customer + """
            public sealed class Invites
            {
                [FunnelEvent("InviteSent", UserId = "owner")]
                [return: EventProperty("mail")]
                public string {|#1:Invite|}(string owner, Customer customer) => {|#0:customer.Email|};
            }
            """;
        await Verify<PersonalDataAnalyzer>.AnalyzerWithGeneratorsAsync(source, Reported(0, 1, "Invite", "Email", "PersonalData", "mail"));
    }

    private static DiagnosticResult Reported(int at, int method, string methodName, string value, string attribute, string property) =>
        Verify<PersonalDataAnalyzer>.Diagnostic("INS1010").WithLocation(at).WithLocation(at).WithLocation(method)
            .WithArguments(
                "the return value of " + methodName,
                "classified data ('" + value + "', marked [" + attribute + "], is returned)",
                "the funnel event property '" + property + "'",
                "mark it [return: " + attribute + "] so the stored property is redacted (the caller still gets the value)");
}
