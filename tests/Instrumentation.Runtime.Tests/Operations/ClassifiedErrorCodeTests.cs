using System;
using Instrumentation.Logging;
using Instrumentation.Testing;
using Xunit;

namespace Instrumentation.Runtime.Tests.Operations;

/// <summary>An exception whose error code carries personal data, and says so.</summary>
public sealed class ClassifiedCodeException(string code) : Exception("coded failure"), IHasErrorCode
{
    [PersonalData]
    public string ErrorCode { get; } = code;
}

/// <summary>The same, classified on the positional parameter the code is read from.</summary>
public sealed class PositionalCodeException([SecretData] string errorCode) : Exception("coded failure"), IHasErrorCode
{
    public string ErrorCode => errorCode;
}

/// <summary>The same, through an explicit implementation.</summary>
public sealed class ExplicitCodeException(string code) : Exception("coded failure"), IHasErrorCode
{
    [PersonalData]
    string IHasErrorCode.ErrorCode => code;
}

/// <summary>
/// A stranger's trial: an <see cref="IHasErrorCode.ErrorCode"/> marked <c>[PersonalData]</c> became the failure counter's
/// <c>reason</c> label (<c>failures_total{reason="zq73coded"}</c> on <c>/metrics</c> and in OTLP) and the JSON console's
/// <c>error_code</c>, in clear and with no diagnostic. A classified code now labels the failure with the exception's type,
/// as a code that is no code does, and is written redacted.
/// </summary>
public sealed class ClassifiedErrorCodeTests
{
    private static readonly TenantContext Tenant = new("org-c", "proj-c");
    private readonly HostileExceptionSamples _samples = new();

    public static TheoryData<Exception> Classified() => new()
    {
        new ClassifiedCodeException("zq73coded"),
        new PositionalCodeException("zq73coded"),
        new ExplicitCodeException("zq73coded"),
    };

    [Theory]
    [MemberData(nameof(Classified))]
    public void A_classified_code_is_no_label_value_and_is_logged_redacted(Exception exception)
    {
        using (var capture = TelemetryCapture.Start())
        {
            Assert.Same(exception, Record.Exception(() => _samples.Fail(Tenant, exception)));
            var failure = Assert.Single(capture.Metric("hostile_fail_failures_total").Measurements);
            Assert.Equal(exception.GetType().Name, failure.Tags["reason"]);
        }

        Assert.Equal("[REDACTED]", RedactedException.From(exception)!.ErrorCode);
    }

    [Fact]
    public void An_unclassified_code_keeps_its_value()
    {
        Assert.Equal("device_revoked", RedactedException.From(new InputCodedException("device_revoked"))!.ErrorCode);
    }
}
