using System.Threading;
using System.Threading.Tasks;
using Instrumentation.Analyzers.Tests.Infrastructure;
using Instrumentation.CodeFixes;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace Instrumentation.Analyzers.Tests;

/// <summary>
/// A stranger's leak hunt: <c>public string Display =&gt; $"{First} {Last}"</c> beside <c>[PersonalData] First</c> and
/// <c>Last</c> went out in clear on a span attribute, a log and a funnel row, beside two <c>[REDACTED]</c>, with no
/// diagnostic: every sink redacts the classified members and writes the computed one as it is. INS1010 now reports it
/// at the sink, with the property to mark; the fix classifies it.
/// </summary>
public sealed class ComputedFromClassifiedTests
{
    private const string Usings = PersonalDataTests.Usings;

    [Fact]
    public async Task A_property_computed_from_classified_members_is_reported_and_the_fix_classifies_it()
    {
        const string source = Usings + """
            public sealed record Person([property: PersonalData] string First, [property: PersonalData] string Last)
            {
                public string {|#1:Display|} => $"{First} {Last}";
                public int Age { get; init; }
                public string Years => Age.ToString(System.Globalization.CultureInfo.InvariantCulture) + " years";
            }
            public static partial class Log
            {
                [LogMethod(LogLevel.Information, "Bought {person}")]
                public static partial void Bought(ILogger logger, Person {|#0:person|});
                public static partial void Bought(ILogger logger, Person person) { }
            }
            """;
        const string fixedSource = Usings + """
            public sealed record Person([property: PersonalData] string First, [property: PersonalData] string Last)
            {
                [PersonalData]
                public string Display => $"{First} {Last}";
                public int Age { get; init; }
                public string Years => Age.ToString(System.Globalization.CultureInfo.InvariantCulture) + " years";
            }
            public static partial class Log
            {
                [LogMethod(LogLevel.Information, "Bought {person}")]
                public static partial void Bought(ILogger logger, Person person);
                public static partial void Bought(ILogger logger, Person person) { }
            }
            """;
        var test = Verify<PersonalDataAnalyzer, AddClassificationCodeFix>.Create();
        test.TestCode = source;
        test.FixedCode = fixedSource;
        test.ExpectedDiagnostics.Add(Verify<PersonalDataAnalyzer>.Diagnostic("INS1010").WithLocation(0).WithLocation(1)
            .WithArguments("person.Display", "a value computed from its object's classified members 'First', 'Last'", "a log", "mark 'Person.Display' [PersonalData] so the SDK's sinks redact it"));
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_secret_member_makes_it_secret_and_members_of_other_objects_do_not_count()
    {
        const string source = Usings + """
            public sealed class Login
            {
                [SecretData] public string Pin { get; set; } = "";
                public string Handle { get; set; } = "";
                public string {|#1:Masked|} { get { return this.Pin.Substring(0, 1) + "***"; } }
            }
            public sealed class Badge
            {
                [PersonalData] public string Holder { get; set; } = "";
                public Login Owner { get; set; } = new();
                public string Label => Owner.Handle + "/" + Owner.Masked.Length;
            }
            public class C
            {
                [Operation("auth.check")]
                public void Check([SpanAttribute] Login {|#0:login|}, [SpanAttribute] Badge {|#2:badge|}) { }
            }
            """;
        var test = Verify<PersonalDataAnalyzer>.Create();
        test.TestCode = source;
        test.ExpectedDiagnostics.Add(Verify<PersonalDataAnalyzer>.Diagnostic("INS1010").WithLocation(0).WithLocation(1)
            .WithArguments("login.Masked", "a value computed from its object's classified member 'Pin'", "a span attribute", "mark 'Login.Masked' [SecretData] so the SDK's sinks redact it"));
        // The login inside a badge is rendered too; the badge's own Label reads members of another object, not its own.
        test.ExpectedDiagnostics.Add(Verify<PersonalDataAnalyzer>.Diagnostic("INS1010").WithLocation(2).WithLocation(1)
            .WithArguments("badge.Owner.Masked", "a value computed from its object's classified member 'Pin'", "a span attribute", "mark 'Login.Masked' [SecretData] so the SDK's sinks redact it"));
        await test.RunAsync(CancellationToken.None);
    }
}
