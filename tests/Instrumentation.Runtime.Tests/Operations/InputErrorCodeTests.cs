using System;
using System.Diagnostics.Metrics;
using System.Linq;
using Instrumentation.Logging;
using Instrumentation.Observability;
using Instrumentation.Operations;
using Instrumentation.Testing;
using Xunit;

namespace Instrumentation.Runtime.Tests.Operations;

/// <summary>An exception whose error code is built from the request, as a careless handler writes it.</summary>
public sealed class InputCodedException(string code) : Exception("rejected"), IHasErrorCode
{
    public string ErrorCode => code;
}

/// <summary>
/// A security review built an exception's <see cref="IHasErrorCode.ErrorCode"/> from a query string: the failure counter's
/// <c>reason</c> label took it as it was (<c>ghp_…</c> tokens and <c>password=…</c> in Prometheus' <c>/metrics</c>, one new
/// series per request) and the JSON console wrote it unscrubbed in <c>error_code</c>.
/// </summary>
public sealed class InputErrorCodeTests
{
    private static readonly TenantContext Tenant = new("org-c", "proj-c");
    private readonly HostileExceptionSamples _samples = new();

    [Theory]
    [InlineData("ghp_16C7e42F292c6912E7710c838347Ae178B4a")]
    [InlineData("password=FLOWPW-CANARY")]
    [InlineData("user ada@example.com rejected")]
    [InlineData("Bearer abcdefghijklmnop1234")]
    public void A_code_that_is_no_code_or_holds_a_secret_labels_the_failure_with_the_exception_type(string code)
    {
        using var capture = TelemetryCapture.Start();

        Assert.Throws<InputCodedException>(() => _samples.Fail(Tenant, new InputCodedException(code)));

        var failure = Assert.Single(capture.Metric("hostile_fail_failures_total").Measurements);
        Assert.Equal(nameof(InputCodedException), failure.Tags["reason"]);
    }

    [Fact]
    public void A_code_keeps_its_value_as_the_label()
    {
        using var capture = TelemetryCapture.Start();

        Assert.Throws<InputCodedException>(() => _samples.Fail(Tenant, new InputCodedException("device_revoked")));

        Assert.Equal("device_revoked", Assert.Single(capture.Metric("hostile_fail_failures_total").Measurements).Tags["reason"]);
    }

    [Theory]
    [InlineData("ghp_16C7e42F292c6912E7710c838347Ae178B4a", "[REDACTED]")]
    [InlineData("password=FLOWPW-CANARY", "password=[REDACTED]")]
    [InlineData("card_declined", "card_declined")]
    public void The_error_code_log_field_is_scrubbed_like_the_message(string code, string logged)
    {
        // The JSON console writes this RedactedException's ErrorCode as error_code; the OTLP processor read it scrubbed.
        var redacted = RedactedException.From(new InputCodedException(code))!;

        Assert.Equal(logged, redacted.ErrorCode);
    }

    [Fact]
    public void Only_the_first_codes_of_the_process_become_label_values_later_ones_are_other()
    {
        var label = new ErrorCodeLabel(maxDistinct: 3);

        var values = new[] { "a_1", "a_2", "a_3", "a_4", "a_1", "a_5", "not a code" }.Select(code => label.Of(code, "TheException")).ToArray();

        Assert.Equal(new[] { "a_1", "a_2", "a_3", ErrorCodeLabel.Other, "a_1", ErrorCodeLabel.Other, "TheException" }, values);
    }

    [Fact]
    public void A_declared_failure_reason_stays_its_own_label_after_the_other_codes_used_up_the_budget()
    {
        // A newcomer's trial: after 200 other codes, FailureReasons = new[] { "card_declined" } was counted as "other", and
        // the increase() alert on its zero series never fired.
        var label = new ErrorCodeLabel(maxDistinct: 2);
        label.Declare(new[] { "card_declined", "not a code" });

        var values = new[] { "a_1", "a_2", "a_3", "card_declined", "not a code" }.Select(code => label.Of(code, "TheException")).ToArray();

        Assert.Equal(new[] { "a_1", "a_2", ErrorCodeLabel.Other, "card_declined", "TheException" }, values);
        Assert.Equal(ErrorCodeLabel.Other, label.Of("a_4", "TheException"));
    }

    [Fact]
    public void The_metric_catalog_declares_an_assembly_s_failure_reasons_when_it_describes_them()
    {
        var meter = "Instrumentation.Generated.DeclaredReasons" + Guid.NewGuid().ToString("N");
        var reason = "declared_" + Guid.NewGuid().ToString("N")[..8];
        MetricCatalog.Register(
            meter,
            () => new[] { new MetricDescriptor(meter, "declared_failures_total", MetricInstrumentKind.Counter, "{failure}", "d", MetricLabel.Expected("reason", reason)) },
            (Func<string, Instrument?>)(_ => null));

        _ = MetricCatalog.RegisteredSources().Single(r => r.MeterName == meter).Metrics;

        Assert.True(ErrorCodeLabel.Process.IsDeclared(reason));
    }

    [Theory]
    [InlineData("device_revoked", true)]
    [InlineData("HTTP:404", true)]
    [InlineData("payments/card-declined.v2", true)]
    [InlineData("", false)]
    [InlineData("two words", false)]
    [InlineData("sk_live_4eC39HqLyjWDarjtT1zdp7dc", false)]
    [InlineData("a_very_long_code_that_goes_on_and_on_past_sixty_four_characters_x", false)]
    public void Looks_like_a_code(string code, bool expected) => Assert.Equal(expected, ErrorCodeLabel.LooksLikeCode(code));
}
