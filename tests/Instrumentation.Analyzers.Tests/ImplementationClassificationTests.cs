using System.Threading.Tasks;
using Instrumentation.Analyzers.Tests.Infrastructure;
using Instrumentation.CodeFixes;
using Xunit;

namespace Instrumentation.Analyzers.Tests;

/// <summary>
/// An operation declared on an interface member records that member's parameters, for calls through the interface and on
/// the implementing type alike. A sinks trial classified only the implementation's parameter
/// (<c>Profiles.Update([PersonalData] string fullName)</c>) and the span carried <c>full_name: Ada Canarylace</c>, with no
/// warning. INS1010 now reports the declaration's parameter, and the fix marks it.
/// </summary>
public sealed class ImplementationClassificationTests
{
    [Fact]
    public async Task A_classification_only_on_the_implementation_is_INS1010_at_the_declaration_and_the_fix_marks_it()
    {
        const string source = PersonalDataTests.Usings + """
            public interface IProfiles
            {
                [Operation("profiles.update")]
                void Update([SpanAttribute("full_name")] string {|#0:fullName|}, [SpanAttribute] string plan, [SpanAttribute("nick")] string nick);
            }
            public abstract class ProfilesBase : IProfiles
            {
                public abstract void Update(string fullName, string plan, string nick);
            }
            public sealed class Profiles : ProfilesBase
            {
                public override void Update([PersonalData] string fullName, string plan, string nick) { }
            }
            public sealed class OtherProfiles : IProfiles
            {
                public void Update(string fullName, string plan, string nick) { }
            }
            """;
        const string fixedSource = PersonalDataTests.Usings + """
            public interface IProfiles
            {
                [Operation("profiles.update")]
                void Update([SpanAttribute("full_name")][PersonalData] string fullName, [SpanAttribute] string plan, [SpanAttribute("nick")] string nick);
            }
            public abstract class ProfilesBase : IProfiles
            {
                public abstract void Update(string fullName, string plan, string nick);
            }
            public sealed class Profiles : ProfilesBase
            {
                public override void Update([PersonalData] string fullName, string plan, string nick) { }
            }
            public sealed class OtherProfiles : IProfiles
            {
                public void Update(string fullName, string plan, string nick) { }
            }
            """;

        await Verify<PersonalDataAnalyzer>.AnalyzerAsync(
            source,
            Verify<PersonalDataAnalyzer>.Diagnostic("INS1010").WithLocation(0).WithLocation(0)
                .WithArguments("fullName", "a value classified [PersonalData] where 'IProfiles.Update' is implemented or overridden", "a span attribute", "the operation records this declaration's parameter, for calls through it and on the implementing types alike: mark it [PersonalData] here too"));
        await Verify<PersonalDataAnalyzer, AddClassificationCodeFix>.CodeFixAsync(source.Replace("{|#0:fullName|}", "{|INS1010:fullName|}", System.StringComparison.Ordinal), fixedSource);
    }

    [Fact]
    public async Task A_classification_only_on_an_override_of_an_annotated_virtual_method_is_INS1010_at_the_declaration()
    {
        const string source = PersonalDataTests.Usings + """
            public class Accounts
            {
                [Operation("accounts.rename")]
                public virtual void Rename([LogField("holder")] string {|#0:holder|}, [LogField("region")] string region) { }
            }
            public sealed class AuditedAccounts : Accounts
            {
                public override void Rename([SecretData] string holder, string region) { }
            }
            """;

        await Verify<PersonalDataAnalyzer>.AnalyzerAsync(
            source,
            Verify<PersonalDataAnalyzer>.Diagnostic("INS1010").WithLocation(0).WithLocation(0)
                .WithArguments("holder", "a value classified [SecretData] where 'Accounts.Rename' is implemented or overridden", "a log field", "the operation records this declaration's parameter, for calls through it and on the implementing types alike: mark it [SecretData] here too"));
    }
}
