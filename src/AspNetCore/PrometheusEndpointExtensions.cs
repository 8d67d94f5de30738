using System;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using Instrumentation.Prometheus;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Instrumentation.OpenTelemetry;

/// <summary>Serves the Prometheus text exposition of the host's metrics: <c>app.MapPrometheusMetrics()</c>.</summary>
public static class PrometheusEndpointExtensions
{
    /// <summary>
    /// Maps <c>GET <paramref name="pattern"/></c> to the Prometheus text (format 0.0.4) of everything the host's
    /// meter provider aggregates, read from the <see cref="PrometheusScrapeReader"/> that
    /// <see cref="InstrumentationHostingExtensions.WithGeneratedInstrumentation"/> registers. With
    /// <paramref name="basicAuthUser"/> and <paramref name="basicAuthPassword"/>, a scrape without those
    /// credentials gets 401 (compared in constant time).
    /// </summary>
    /// <param name="endpoints">The application (<c>WebApplication</c>) or another route builder.</param>
    /// <param name="pattern">The route, default <c>/metrics</c>.</param>
    /// <param name="basicAuthUser">Optional HTTP Basic user name; requires <paramref name="basicAuthPassword"/>.</param>
    /// <param name="basicAuthPassword">Optional HTTP Basic password.</param>
    /// <returns>The endpoint, for more conventions (for example <c>RequireHost</c>).</returns>
    /// <exception cref="InvalidOperationException">No <see cref="PrometheusScrapeReader"/> is registered.</exception>
    public static IEndpointConventionBuilder MapPrometheusMetrics(this IEndpointRouteBuilder endpoints, string pattern = "/metrics", string? basicAuthUser = null, string? basicAuthPassword = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        if ((basicAuthUser is null) != (basicAuthPassword is null))
        {
            throw new ArgumentException("Basic authentication needs both a user name and a password.", nameof(basicAuthPassword));
        }

        var reader = endpoints.ServiceProvider.GetService<PrometheusScrapeReader>()
            ?? throw new InvalidOperationException("No PrometheusScrapeReader is registered: call builder.Services.AddOpenTelemetry().WithGeneratedInstrumentation() (or register one and add it to your MeterProvider) before MapPrometheusMetrics().");
        var expected = basicAuthUser is null ? null : Encoding.UTF8.GetBytes(basicAuthUser + ":" + basicAuthPassword);

        // A RequestDelegate, not a Delegate: the Delegate overload builds its handler with reflection (a trim and
        // NativeAOT warning, IL2026/IL3050, in every app that publishes so).
        return endpoints.MapGet(pattern, context =>
        {
            if (expected is not null && !IsAuthorized(context.Request.Headers.Authorization.ToString(), expected))
            {
                context.Response.Headers.WWWAuthenticate = "Basic realm=\"metrics\"";
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return Task.CompletedTask;
            }

            var body = Encoding.UTF8.GetBytes(reader.Scrape());
            context.Response.ContentType = PrometheusTextFormatter.ContentType;
            context.Response.ContentLength = body.Length;
            return context.Response.Body.WriteAsync(body, 0, body.Length, context.RequestAborted);
        });
    }

    private static bool IsAuthorized(string header, byte[] expected)
    {
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        byte[] decoded;
        try
        {
            decoded = Convert.FromBase64String(header.Substring(6).Trim());
        }
        catch (FormatException)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(decoded, expected);
    }
}
