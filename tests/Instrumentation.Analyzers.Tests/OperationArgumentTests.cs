using System.Threading;
using System.Threading.Tasks;
using Instrumentation.Analyzers.Tests.Infrastructure;
using Instrumentation.CodeFixes;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace Instrumentation.Analyzers.Tests;

/// <summary>
/// A stranger's leak hunt: <c>Outer([PersonalData] string name) =&gt; Inner(name)</c>, where <c>[Operation] Inner(string
/// key)</c> failed with "The given key 'Ada Lovelace' was not present in the dictionary.": the inner operation's span and
/// failure log recorded the name in clear, before the outer operation (which redacts its own classified arguments in the
/// message) saw the exception. INS1010 now reports the argument, and the fix marks the inner parameter.
/// </summary>
public sealed class OperationArgumentTests
{
    private const string Usings = PersonalDataTests.Usings;

    private const string Declarations = """
        public sealed record Customer(string Id, [property: PersonalData] string FullName, [property: SecretData] string Pin);
        public interface IStore { [Operation("store.find")] int Find(string {|#8:key|}); }
        public sealed class Store : IStore { public int Find(string key) => key.Length; }
        """;

    private const string FixedDeclarations = """
        public sealed record Customer(string Id, [property: PersonalData] string FullName, [property: SecretData] string Pin);
        public interface IStore { [Operation("store.find")] int Find([PersonalData] string key); }
        public sealed class Store : IStore { public int Find(string key) => key.Length; }
        """;

    [Fact]
    public async Task A_classified_value_passed_to_an_operations_unclassified_parameter_is_reported_and_the_fix_marks_that_parameter()
    {
        const string source = Usings + Declarations + """
            public sealed class Service
            {
                private readonly Dictionary<string, int> _ages = new();

                [Operation("outer")]
                public int Outer([PersonalData] string name, Customer customer, IStore store)
                {
                    var pin = customer.Pin;
                    return Inner({|#0:name|}, 1) + Check({|#2:pin|}) + Inner({|#4:customer.FullName|}, 2) + Plain(name) + store.Find({|#7:name|})
                        + Inner(global::Instrumentation.Redaction.Redactors.Redact(global::Instrumentation.DataClass.Personal, name), 3) + Inner(customer.Id, 4) + Safe(name);
                }

                [Operation("inner")]
                public int Inner(string {|#1:key|}, int attempt) => _ages[key] + attempt;

                [Operation("check")]
                public int Check(string {|#3:code|}) => int.Parse(code, System.Globalization.CultureInfo.InvariantCulture);

                [Operation("safe")]
                public int Safe([NonSensitiveData] string label) => label.Length;

                public int Plain(string text) => text.Length;
            }
            """;
        const string fixedSource = Usings + FixedDeclarations + """
            public sealed class Service
            {
                private readonly Dictionary<string, int> _ages = new();

                [Operation("outer")]
                public int Outer([PersonalData] string name, Customer customer, IStore store)
                {
                    var pin = customer.Pin;
                    return Inner(name, 1) + Check(pin) + Inner(customer.FullName, 2) + Plain(name) + store.Find(name)
                        + Inner(global::Instrumentation.Redaction.Redactors.Redact(global::Instrumentation.DataClass.Personal, name), 3) + Inner(customer.Id, 4) + Safe(name);
                }

                [Operation("inner")]
                public int Inner([PersonalData] string key, int attempt) => _ages[key] + attempt;

                [Operation("check")]
                public int Check([SecretData] string code) => int.Parse(code, System.Globalization.CultureInfo.InvariantCulture);

                [Operation("safe")]
                public int Safe([NonSensitiveData] string label) => label.Length;

                public int Plain(string text) => text.Length;
            }
            """;
        var test = Verify<PersonalDataAnalyzer, AddClassificationCodeFix>.Create();
        test.TestCode = source;
        test.FixedCode = fixedSource;
        test.ExpectedDiagnostics.Add(Reported(0, 1, "key", "name", "PersonalData", "Inner"));
        test.ExpectedDiagnostics.Add(Reported(2, 3, "code", "pin (customer.Pin)", "SecretData", "Check"));
        test.ExpectedDiagnostics.Add(Reported(4, 1, "key", "FullName", "PersonalData", "Inner"));
        test.ExpectedDiagnostics.Add(Reported(7, 8, "key", "name", "PersonalData", "Find"));
        test.NumberOfFixAllIterations = 1;
        await test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task With_the_generators_present_the_call_is_reported_once_and_a_sink_parameter_keeps_its_own_diagnostic()
    {
        const string source = Usings + """
            public sealed class Service
            {
                private readonly Dictionary<string, int> _ages = new();

                [Operation("outer")]
                public int Outer([PersonalData] string name) => Inner({|#0:name|}) + Tagged({|#2:name|});

                [Operation("inner")]
                public int Inner(string {|#1:key|}) => _ages[key];

                [Operation("tagged")]
                public int Tagged([SpanAttribute("who")] string who) => who.Length;
            }
            """;

        // A parameter that is a sink of its own keeps its own diagnostic (INS1011, whose fix redacts the value there).
        await Verify<PersonalDataAnalyzer>.AnalyzerWithGeneratorsAsync(
            source,
            Reported(0, 1, "key", "name", "PersonalData", "Inner"),
            Verify<PersonalDataAnalyzer>.Diagnostic("INS1011").WithLocation(2).WithLocation(2)
                .WithArguments("name", "PersonalData", "the generated sink's parameter 'who', which is not classified,"));
    }

    private static DiagnosticResult Reported(int at, int declaration, string parameter, string value, string attribute, string method) =>
        Verify<PersonalDataAnalyzer>.Diagnostic("INS1010").WithLocation(at).WithLocation(at).WithLocation(declaration)
            .WithArguments(
                parameter,
                "classified data ('" + value + "', marked [" + attribute + "], is passed to it)",
                "the failure message of the operation '" + method + "'",
                "mark '" + method + "(" + parameter + ")' [" + attribute + "] so a failure message that quotes it is redacted");
}
