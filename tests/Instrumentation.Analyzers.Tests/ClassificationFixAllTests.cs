using System.Threading.Tasks;
using Instrumentation.Analyzers.Tests.Infrastructure;
using Instrumentation.CodeFixes;
using Microsoft.CodeAnalysis.CodeFixes;
using Xunit;

namespace Instrumentation.Analyzers.Tests;

/// <summary>
/// INS1010/INS1011 fixes where several values meet: two values of one call are both wrapped by Fix All (in one pass),
/// a declaration written twice is marked once, the attribute line keeps the file's line endings, and a Microsoft
/// classification of another taxonomy is redacted with that classification.
/// </summary>
public sealed class ClassificationFixAllTests
{
    private const string Usings = PersonalDataTests.Usings;
    private const string Redact = "global::Instrumentation.Redaction.Redactors.Redact(global::Instrumentation.DataClass.Personal, ";

    [Fact]
    public async Task Fix_all_redacts_every_value_of_one_call()
    {
        const string source = Usings + """
            public class C
            {
                public void M(ILogger logger, string email, string phone) => logger.LogInformation("{Email} {Phone}", {|INS1010:email|}, {|INS1010:phone|});
            }
            """;
        const string fixedSource = Usings + """
            public class C
            {
                public void M(ILogger logger, string email, string phone) => logger.LogInformation("{Email} {Phone}", 
            """ + Redact + "email), " + Redact + "phone));\n}";

        await Verify<PersonalDataAnalyzer, AddClassificationCodeFix>.CodeFixAsync(source, fixedSource, actionIndex: 1);
    }

    [Fact]
    public async Task Fix_all_marks_and_redacts_every_value_of_one_call()
    {
        const string source = Usings + """
            public class C
            {
                public void M(ILogger logger, string email, string phone) => logger.LogInformation("{Email} {Phone}", {|INS1010:email|}, {|INS1010:phone|});
            }
            """;
        const string fixedSource = Usings + """
            public class C
            {
                public void M(ILogger logger, [PersonalData] string email, [PersonalData] string phone) => logger.LogInformation("{Email} {Phone}", 
            """ + Redact + "email), " + Redact + "phone));\n}";

        await Verify<PersonalDataAnalyzer, AddClassificationCodeFix>.CodeFixAsync(source, fixedSource, actionIndex: 0);
    }

    [Fact]
    public async Task Fix_all_redacts_a_value_with_the_class_its_declaration_is_marked_with()
    {
        // The log's placeholder says secret, the tag key says personal: the parameter is marked [SecretData] once, and
        // both sinks redact it as a secret (Fix All wrapped the tag as personal data, which a MaskRedactor shows in part).
        const string source = Usings + """
            public class C
            {
                public void M(ILogger logger, string token)
                {
                    logger.LogInformation("Token {Token}", {|INS1010:token|});
                    System.Diagnostics.Activity.Current?.SetTag({|INS1010:"email"|}, token);
                }
            }
            """;
        const string fixedSource = Usings + """
            public class C
            {
                public void M(ILogger logger, [SecretData] string token)
                {
                    logger.LogInformation("Token {Token}", global::Instrumentation.Redaction.Redactors.Redact(global::Instrumentation.DataClass.Secret, token));
                    System.Diagnostics.Activity.Current?.SetTag("email", global::Instrumentation.Redaction.Redactors.Redact(global::Instrumentation.DataClass.Secret, token));
                }
            }
            """;

        await Verify<PersonalDataAnalyzer, AddClassificationCodeFix>.CodeFixAsync(source, fixedSource, actionIndex: 0);
    }

    [Fact]
    public async Task Fix_all_of_mark_and_redact_also_redacts_values_whose_declaration_cannot_be_marked()
    {
        // dotnet format applies one action's Fix All: a local and a field declared with another have no declaration
        // to mark, and were left in clear until a second run chose "Redact it here".
        const string source = Usings + """
            public class C
            {
                private string phone = "", fax = "";
                public void M(ILogger logger, string email)
                {
                    var password = email + "!";
                    logger.LogInformation("{Email} {Password} {Phone}", {|INS1010:email|}, {|INS1010:password|}, {|INS1010:phone|});
                }
            }
            """;
        const string fixedSource = Usings + """
            public class C
            {
                private string phone = "", fax = "";
                public void M(ILogger logger, [PersonalData] string email)
                {
                    var password = email + "!";
                    logger.LogInformation("{Email} {Password} {Phone}", global::Instrumentation.Redaction.Redactors.Redact(global::Instrumentation.DataClass.Personal, email), global::Instrumentation.Redaction.Redactors.Redact(global::Instrumentation.DataClass.Secret, password), global::Instrumentation.Redaction.Redactors.Redact(global::Instrumentation.DataClass.Personal, phone));
                }
            }
            """;

        await Verify<PersonalDataAnalyzer, AddClassificationCodeFix>.CodeFixAsync(source, fixedSource, actionIndex: 0);
    }

    [Theory]
    [InlineData(FixAllScope.Document)]
    [InlineData(FixAllScope.Project)]
    [InlineData(FixAllScope.Solution)]
    public async Task Fix_all_asked_without_a_key_applies_the_first_action_of_the_first_fixable_value(FixAllScope scope)
    {
        // dotnet format asks without a key when no fix is offered for its first diagnostic: Mark (and redact) is the
        // first action offered for the first value here, so both values are marked and redacted.
        const string source = Usings + """
            public class C
            {
                public void M(ILogger logger, string email, string phone) => logger.LogInformation("{Email} {Phone}", email, phone);
            }
            """;
        const string fixedSource = Usings + """
            public class C
            {
                public void M(ILogger logger, [PersonalData] string email, [PersonalData] string phone) => logger.LogInformation("{Email} {Phone}", 
            """ + Redact + "email), " + Redact + "phone));\n}";

        Assert.Equal(fixedSource, await AnalyzerHarness.FixAllWithoutKeyAsync(source, "INS1010", new AddClassificationCodeFix(), scope));
    }

    [Fact]
    public async Task Fix_all_marks_a_property_written_twice_once_and_redacts_both()
    {
        const string source = Usings + """
            public class C
            {
                public string Email { get; set; } = "";
                public void M(ILogger logger) => logger.LogInformation("{A} {B}", {|INS1010:Email|}, {|INS1010:Email|});
            }
            """;
        const string fixedSource = Usings + """
            public class C
            {
                [PersonalData]
                public string Email { get; set; } = "";
                public void M(ILogger logger) => logger.LogInformation("{A} {B}", 
            """ + Redact + "Email), " + Redact + "Email));\n}";

        // One by one, the second value is INS1011 once the property is marked, and its first action redacts it.
        await Verify<PersonalDataAnalyzer, AddClassificationCodeFix>.CodeFixAsync(source, fixedSource, actionIndex: 0);
    }

    [Fact]
    public async Task Fix_all_redacts_every_classified_value_of_one_call()
    {
        const string source = Usings + """
            public class C
            {
                public void M(ILogger logger, [PersonalData] string email, [PersonalData] string phone) => logger.LogInformation("{Email} {Phone}", {|INS1011:email|}, {|INS1011:phone|});
            }
            """;
        const string fixedSource = Usings + """
            public class C
            {
                public void M(ILogger logger, [PersonalData] string email, [PersonalData] string phone) => logger.LogInformation("{Email} {Phone}", 
            """ + Redact + "email), " + Redact + "phone));\n}";

        await Verify<PersonalDataAnalyzer, AddClassificationCodeFix>.CodeFixAsync(source, fixedSource);
    }

    [Fact]
    public async Task The_attribute_line_keeps_the_files_crlf_line_endings()
    {
        var source = (Usings + """
            public class C
            {
                #region fields
                private string email = "";
                #endregion

                public void M(ILogger logger) => logger.LogInformation("{Email}", {|INS1010:email|});
            }
            """).Replace("\n", "\r\n", System.StringComparison.Ordinal);
        var fixedSource = (Usings + """
            public class C
            {
                #region fields
                [PersonalData]
                private string email = "";
                #endregion

                public void M(ILogger logger) => logger.LogInformation("{Email}", 
            """ + Redact + "email));\n}").Replace("\n", "\r\n", System.StringComparison.Ordinal);

        await Verify<PersonalDataAnalyzer, AddClassificationCodeFix>.CodeFixAsync(source, fixedSource, actionIndex: 0);
    }

    [Fact]
    public async Task A_classification_of_another_taxonomy_is_redacted_with_that_classification()
    {
        const string source = Usings + """
            using Microsoft.Extensions.Compliance.Classification;
            public sealed class PrivateDataAttribute : DataClassificationAttribute
            {
                public PrivateDataAttribute() : base(new DataClassification("Contoso", "Private")) { }
            }
            public class C
            {
                public void M(ILogger logger, [PrivateData] string city) => logger.LogInformation("{City}", {|INS1011:city|});
            }
            """;
        const string fixedSource = Usings + """
            using Microsoft.Extensions.Compliance.Classification;
            public sealed class PrivateDataAttribute : DataClassificationAttribute
            {
                public PrivateDataAttribute() : base(new DataClassification("Contoso", "Private")) { }
            }
            public class C
            {
                public void M(ILogger logger, [PrivateData] string city) => logger.LogInformation("{City}", global::Instrumentation.Redaction.Redactors.Redact(new global::PrivateDataAttribute().Classification, city));
            }
            """;

        await Verify<PersonalDataAnalyzer, AddClassificationCodeFix>.CodeFixAsync(source, fixedSource);
    }
}
