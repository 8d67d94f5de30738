using System.Threading.Tasks;
using Instrumentation.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Instrumentation.Analyzers.Tests;

/// <summary>
/// INS1013: a sinks trial put <c>[PersonalData]</c> and <c>[SecretData]</c> on an existing <c>[LoggerMessage]</c> method's
/// parameters, as the README says for classifying data, and the name and PIN reached the JSON console and the OTLP export in
/// clear: the runtime's generator ignores classifications. The same method as <c>[LogMethod]</c> is redacted and not reported.
/// </summary>
public sealed class LoggerMessageClassificationTests
{
    [Fact]
    public async Task Classified_parameters_of_a_LoggerMessage_method_are_INS1013_and_LogMethod_ones_are_not()
    {
        const string source = PersonalDataTests.Usings + """
            public static partial class Log
            {
                [LoggerMessage(Level = LogLevel.Information, Message = "Welcome {name} <{email}>, pin {pin} at {site}")]
                static partial void Welcome(ILogger logger, [PersonalData] string {|#0:name|}, [PersonalData] string {|#1:email|}, [SecretData] string {|#2:pin|}, string site);

                [LogMethod(LogLevel.Information, "Welcome {name}, pin {pin}")]
                static partial void WelcomeSdk(ILogger logger, [PersonalData] string name, [SecretData] string pin);
            }
            """;

        await Verify<PersonalDataAnalyzer>.AnalyzerAsync(
            source,
            Verify<PersonalDataAnalyzer>.Diagnostic("INS1013").WithLocation(0).WithArguments("name", "PersonalData"),
            Verify<PersonalDataAnalyzer>.Diagnostic("INS1013").WithLocation(1).WithArguments("email", "PersonalData"),
            Verify<PersonalDataAnalyzer>.Diagnostic("INS1013").WithLocation(2).WithArguments("pin", "SecretData"));
    }

    [Fact]
    public async Task Not_reported_where_Microsoft_Gen_Logging_generates_LoggerMessage_methods()
    {
        // Microsoft.Extensions.Telemetry.Abstractions (its [LogProperties] stands for it here) swaps in Microsoft.Gen.Logging,
        // which redacts classified parameters under EnableRedaction().
        const string source = PersonalDataTests.Usings + """
            namespace Microsoft.Extensions.Logging { public sealed class LogPropertiesAttribute : System.Attribute { } }
            public static partial class Log
            {
                [LoggerMessage(Level = LogLevel.Information, Message = "Welcome {name}")]
                static partial void Welcome(ILogger logger, [PersonalData] string name);
            }
            """;

        await Verify<PersonalDataAnalyzer>.AnalyzerAsync(source);
    }

    [Fact]
    public async Task An_unclassified_personal_parameter_of_a_LoggerMessage_method_is_INS1010_and_the_fix_classifies_it()
    {
        const string source = PersonalDataTests.Usings + """
            public static partial class Log
            {
                [LoggerMessage(Level = LogLevel.Information, Message = "Order {orderId} placed for {customerEmail}")]
                static partial void Placed(ILogger logger, string orderId, string {|INS1010:customerEmail|});
            }
            """;
        const string fixedSource = PersonalDataTests.Usings + """
            public static partial class Log
            {
                [LoggerMessage(Level = LogLevel.Information, Message = "Order {orderId} placed for {customerEmail}")]
                static partial void Placed(ILogger logger, string orderId, [PersonalData] string customerEmail);
            }
            """;

        await Verify<PersonalDataAnalyzer>.AnalyzerAsync(source);
        await Verify<PersonalDataAnalyzer, Instrumentation.CodeFixes.AddClassificationCodeFix>.CodeFixAsync(source, fixedSource, null, null,
            Verify<PersonalDataAnalyzer>.Diagnostic("INS1013").WithSpan(5, 86, 5, 99).WithArguments("customerEmail", "PersonalData"));
    }
}
