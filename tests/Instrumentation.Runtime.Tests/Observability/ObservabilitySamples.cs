using System;
using Instrumentation;

namespace Instrumentation.Runtime.Tests.Observability;

/// <summary>Twenty channels: with a bounded zone label, more combinations than the zero-series cap.</summary>
public enum Channel
{
    C01, C02, C03, C04, C05, C06, C07, C08, C09, C10,
    C11, C12, C13, C14, C15, C16, C17, C18, C19, C20,
}

public sealed class GatewayException : Exception, IHasErrorCode
{
    public GatewayException(string errorCode)
        : base("gateway refused: " + errorCode)
    {
        ErrorCode = errorCode;
    }

    public string ErrorCode { get; }
}

/// <summary>Operations whose failure counters get zero series (or, above the cap, none).</summary>
public static class GatewayService
{
    [Operation("gateway.auth", FailuresMetric = "gateway_auth_failures_total", FailureReasons = new[] { "invalid_token", "device_revoked" })]
    public static void Authenticate(string token)
    {
        if (token != "good")
        {
            throw new GatewayException(token);
        }
    }

    [Operation("gateway.route", DurationMetric = "", CallsMetric = "", FailuresMetric = "gateway_route_failures_total")]
    public static void Route(
        [MetricLabel("channel")] Channel channel,
        [MetricLabel("zone"), BoundedValues("z01", "z02", "z03", "z04", "z05", "z06", "z07", "z08", "z09", "z10", "z11", "z12")] string zone)
    {
    }
}
