using System.Threading;
using System.Threading.Tasks;
using Instrumentation.Analyzers.Tests.Infrastructure;
using Instrumentation.CodeFixes;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace Instrumentation.Analyzers.Tests;

/// <summary>INS1010 fixes where the value's declaration is in another project of the solution.</summary>
public sealed class ClassificationCrossProjectTests
{
    private const string Usings = PersonalDataTests.Usings;

    [Fact]
    public async Task A_value_declared_in_a_referenced_project_is_reported_and_redacted_here()
    {
        // In a workspace (the IDE, dotnet format) a referenced project's source is 'in source': the analyzer put the
        // property's location there on the diagnostic, reporting it threw (not part of the compilation), and INS0036 came
        // instead of INS1010, so dotnet format fixed nothing. Its declaration is not this project's: only redact here.
        var test = Verify<PersonalDataAnalyzer, AddClassificationCodeFix>.Create();
        test.TestCode = Usings + """
            public static class Use
            {
                public static void A(ILogger logger, Lib.User user) => logger.LogInformation("Mail {Email}", {|INS1010:user.Email|});
            }
            """;
        test.FixedCode = Usings + """
            public static class Use
            {
                public static void A(ILogger logger, Lib.User user) => logger.LogInformation("Mail {Email}", global::Instrumentation.Redaction.Redactors.Redact(global::Instrumentation.DataClass.Personal, user.Email));
            }
            """;
        AddLib(test.TestState, "namespace Lib;\npublic record User(string Email);\n");
        AddLib(test.FixedState, "namespace Lib;\npublic record User(string Email);\n");
        test.CodeActionIndex = 0;
        await test.RunAsync(CancellationToken.None);
    }

    private static void AddLib(SolutionState state, string source)
    {
        var lib = new ProjectState("Lib", Microsoft.CodeAnalysis.LanguageNames.CSharp, "/Lib/", "cs");
        lib.AdditionalReferences.AddRange(AnalyzerHarness.References);
        lib.Sources.Add(("/Lib/User.cs", source));
        state.AdditionalProjects.Add("Lib", lib);
        state.AdditionalProjectReferences.Add("Lib");
    }
}
