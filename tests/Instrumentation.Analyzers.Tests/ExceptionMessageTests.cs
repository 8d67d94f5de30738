using System.Threading;
using System.Threading.Tasks;
using Instrumentation.Analyzers.Tests.Infrastructure;
using Instrumentation.CodeFixes;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace Instrumentation.Analyzers.Tests;

/// <summary>
/// INS1011 for a classified value built into an exception's message. A newcomer's trial: an annotated library method
/// threw <c>new ArgumentException("empty blob for " + ownerEmail, …)</c> with a <c>[PersonalData]</c> name in it, and the
/// name reached the failed call's span (<c>exception.message</c>), its failure log and the JSON log's exception fields in
/// clear — the scrubber finds e-mail addresses, not names — with no diagnostic.
/// </summary>
public sealed class ExceptionMessageTests
{
    private const string Source = PersonalDataTests.Usings + """
        public sealed record Owner([property: PersonalData] string Name, string Team);
        public sealed class InvalidBlobException : InvalidOperationException
        {
            public InvalidBlobException(string message, int code) : base(message) => Code = code;
            public int Code { get; }
        }
        public class BlobStore
        {
            [Operation("storage.blob.put")]
            public void Put(string data, [PersonalData] string ownerEmail, Owner owner, [SecretData] string key)
            {
                if (data.Length == 0) throw new ArgumentException("empty blob for " + {|#0:ownerEmail|}, nameof(ownerEmail));
                if (data.Length > 10) throw new InvalidBlobException($"too large for {{|#1:owner.Name|}} of {owner.Team}", 413);
                if (data == "x") throw new InvalidOperationException(string.Format("key {0} rejected", {|#2:key|}));
                if (data == "y") throw new InvalidOperationException("for " + global::Instrumentation.Redaction.Redactors.Redact(DataClass.Personal, ownerEmail));
                var message = "not an exception: " + ownerEmail;
            }
        }
        """;

    [Fact]
    public async Task A_classified_value_in_an_exceptions_message_is_reported_where_it_is_built_in()
    {
        await Verify<PersonalDataAnalyzer>.AnalyzerAsync(
            Source,
            Unredacted(0, "ownerEmail", "PersonalData"),
            Unredacted(1, "Name", "PersonalData"),
            Unredacted(2, "key", "SecretData"));
    }

    [Fact]
    public async Task The_fix_redacts_the_value_where_it_is_built_into_the_message()
    {
        const string source = PersonalDataTests.Usings + """
            public class C
            {
                public void M([PersonalData] string ownerEmail) => throw new ArgumentException("empty blob for " + {|INS1011:ownerEmail|});
            }
            """;
        const string fixedSource = PersonalDataTests.Usings + """
            public class C
            {
                public void M([PersonalData] string ownerEmail) => throw new ArgumentException("empty blob for " + global::Instrumentation.Redaction.Redactors.Redact(global::Instrumentation.DataClass.Personal, ownerEmail));
            }
            """;
        await Verify<PersonalDataAnalyzer, AddClassificationCodeFix>.CodeFixAsync(source, fixedSource);
    }

    [Fact]
    public async Task In_an_interpolated_message_the_fix_puts_the_redaction_in_parentheses()
    {
        // {global::…} reads "::" as the start of a format string: CS0103 'global' after the fix (a newcomer's trial).
        const string source = PersonalDataTests.Usings + """
            public class C
            {
                public void M([PersonalData] string ownerEmail, int size)
                {
                    if (size == 0) throw new ArgumentException($"empty blob for {{|INS1011:ownerEmail|}}");
                    if (size == 1) throw new ArgumentException($@"blob {{|INS1011:ownerEmail|},20} of {size}");
                }
            }
            """;
        const string fixedSource = PersonalDataTests.Usings + """
            public class C
            {
                public void M([PersonalData] string ownerEmail, int size)
                {
                    if (size == 0) throw new ArgumentException($"empty blob for {(global::Instrumentation.Redaction.Redactors.Redact(global::Instrumentation.DataClass.Personal, ownerEmail))}");
                    if (size == 1) throw new ArgumentException($@"blob {(global::Instrumentation.Redaction.Redactors.Redact(global::Instrumentation.DataClass.Personal, ownerEmail)),20} of {size}");
                }
            }
            """;
        await Verify<PersonalDataAnalyzer, AddClassificationCodeFix>.CodeFixAsync(source, fixedSource);
    }

    private static DiagnosticResult Unredacted(int location, string name, string attribute) =>
        Verify<PersonalDataAnalyzer>.Diagnostic("INS1011").WithLocation(location)
            .WithArguments(name, attribute, "this hand-written call (an exception's message)")
            .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations);
}
