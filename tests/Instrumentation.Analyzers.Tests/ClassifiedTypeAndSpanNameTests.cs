using System.Threading.Tasks;
using Instrumentation.Analyzers.Tests.Infrastructure;
using Instrumentation.CodeFixes;
using Xunit;

namespace Instrumentation.Analyzers.Tests;

/// <summary>
/// A stranger's leak hunt: values written in clear with no diagnostic — a value whose <em>type</em> is classified
/// (<c>[HealthData] class Diagnosis</c>, an interface marked <c>[SecretData]</c>), an auto-property classified on its
/// backing field (<c>[field: PersonalData]</c>), and four hand-written sinks: a span's <c>DisplayName</c> and
/// <c>TraceStateString</c>, the name given to <c>StartActivity</c>, OpenTelemetry's <c>Baggage.SetBaggage</c> (sent in the
/// outgoing <c>baggage</c> header) and a <c>LoggerMessage.Define</c> delegate.
/// </summary>
public sealed class ClassifiedTypeAndSpanNameTests
{
    private const string Types = PersonalDataTests.Usings + """
        using Microsoft.Extensions.Compliance.Classification;

        namespace OpenTelemetry
        {
            public readonly struct Baggage
            {
                public static Baggage SetBaggage(string name, string? value, Baggage baggage = default) => baggage;
            }
        }

        public sealed class HealthDataAttribute : DataClassificationAttribute
        {
            public HealthDataAttribute() : base(new DataClassification("Contoso", "Health")) { }
        }

        [HealthData]
        public sealed class Diagnosis { public string Code { get; set; } = ""; }

        [SecretData]
        public interface ICredential { string Value { get; } }

        public sealed class ApiCredential : ICredential { public string Value { get; set; } = ""; }

        public sealed class Patient
        {
            public Diagnosis Dx { get; set; } = new();
            [field: PersonalData] public string Contact { get; set; } = "";
            public string Ward { get; set; } = "";
        }

        """;

    [Fact]
    public async Task A_value_whose_type_is_classified_and_a_backing_field_classification_are_reported_at_hand_written_sinks()
    {
        const string source = Types + """
            public class C
            {
                public void M(ILogger logger, Activity activity, Diagnosis dx, ApiCredential credential, Patient patient)
                {
                    logger.LogInformation("diagnosed {Dx}", {|INS1011:dx|});
                    logger.LogInformation("with {Credential}", {|INS1011:credential|});
                    activity.SetTag("contact", {|INS1011:patient.Contact|});
                    activity.SetTag("dx", {|INS1011:patient.Dx|});
                    activity.SetTag("ward", patient.Ward);
                    activity.SetTag("code", dx.Code);
                }
            }
            """;

        await Verify<PersonalDataAnalyzer>.AnalyzerAsync(source);
    }

    [Fact]
    public async Task Span_names_the_trace_state_OpenTelemetry_baggage_and_LoggerMessage_Define_delegates_are_checked()
    {
        const string source = Types + """
            public class C
            {
                private static readonly Action<ILogger, string, Exception?> Defined = LoggerMessage.Define<string>(LogLevel.Information, new EventId(1), "defined {Email}");
                private static readonly Action<ILogger, string, int, Exception?> Counted = LoggerMessage.Define<string, int>(LogLevel.Information, new EventId(2), "{Ward} {Count}");

                public void M(ILogger logger, Activity activity, ActivitySource source, [PersonalData] string email, [SecretData] string pin, string ward)
                {
                    activity.DisplayName = "op " + {|INS1011:email|};
                    activity.DisplayName = "op " + ward;
                    activity.TraceStateString = $"app={{|INS1011:pin|}}";
                    activity.TraceStateString = "app=" + ward;
                    activity.TraceStateString = "app=" + {|INS1011:email|}.Replace("@", "_");
                    activity.TraceStateString = "app=" + ward.Replace("w", {|INS1011:pin|}).Trim();
                    activity.TraceStateString = "app=" + ward.Trim().ToUpperInvariant();
                    source.StartActivity({|INS1011:email|});
                    source.StartActivity("plain");
                    OpenTelemetry.Baggage.SetBaggage("user", {|INS1011:email|});
                    OpenTelemetry.Baggage.SetBaggage("ward", ward);
                    Defined(logger, {|INS1011:email|}, null);
                    Counted(logger, ward, 3, null);
                }
            }
            """;

        await Verify<PersonalDataAnalyzer>.AnalyzerAsync(source);
    }

    [Fact]
    public async Task The_fix_redacts_the_string_a_transformation_is_called_on_and_the_result_compiles_without_a_nullable_warning()
    {
        const string source = Types + """
            #nullable enable
            public class C
            {
                public void M(Activity activity, [PersonalData] string email)
                {
                    activity.TraceStateString = "app=" + {|INS1011:email|}.Replace("@", "_");
                }
            }
            """;
        const string fixedSource = Types + """
            #nullable enable
            public class C
            {
                public void M(Activity activity, [PersonalData] string email)
                {
                    activity.TraceStateString = "app=" + global::Instrumentation.Redaction.Redactors.Redact(global::Instrumentation.DataClass.Personal, email).Replace("@", "_");
                }
            }
            """;

        await Verify<PersonalDataAnalyzer, AddClassificationCodeFix>.CodeFixAsync(source, fixedSource);
    }

    [Fact]
    public async Task The_text_a_log_formatter_builds_is_checked_as_a_message_is()
    {
        const string source = Types + """
            public sealed record User(string Handle, [property: PersonalData] string FullName);
            public class C
            {
                public void M(ILogger logger, User u)
                {
                    logger.Log(LogLevel.Information, new EventId(3), "audit", null, (s, e) => $"Audit for {{|INS1011:u.FullName|}}");
                    logger.Log(LogLevel.Information, new EventId(4), "audit", null, (s, e) => { return "Audit for " + {|INS1011:u.FullName|}; });
                    logger.Log(LogLevel.Information, new EventId(5), "audit", null, (s, e) => "Audit for " + u.Handle + " " + s);
                }
            }
            """;

        await Verify<PersonalDataAnalyzer>.AnalyzerAsync(source);
    }

    [Fact]
    public async Task An_error_code_built_from_a_classified_value_is_reported_and_a_constant_code_is_not()
    {
        const string source = Types + """
            public sealed class AccountLockedException(string handle) : Exception("account locked"), IHasErrorCode
            {
                [PersonalData] public string Handle { get; } = handle;
                public string ErrorCode => "locked_" + {|INS1011:Handle|};
            }
            public sealed class ExplicitCodeException([SecretData] string pin) : Exception("bad pin"), IHasErrorCode
            {
                string IHasErrorCode.ErrorCode { get { return $"pin_{{|INS1011:pin|}}"; } }
            }
            public sealed class ClassifiedCodeException([SecretData] string errorCode) : Exception("bad code"), IHasErrorCode
            {
                public string ErrorCode => errorCode;
            }
            public sealed class QuotaException : Exception, IHasErrorCode
            {
                public string ErrorCode => "quota_exceeded";
            }
            """;

        await Verify<PersonalDataAnalyzer>.AnalyzerAsync(source);
    }
}
