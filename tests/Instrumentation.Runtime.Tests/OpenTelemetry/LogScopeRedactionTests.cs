using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Instrumentation.OpenTelemetry;
using Instrumentation.Runtime.Tests.Logging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using Xunit;

namespace Instrumentation.Runtime.Tests.OpenTelemetry;

public static partial class ScopedLog
{
    [LogMethod(LogLevel.Information, "profile shown for {handle}")]
    public static partial void ProfileShown(ILogger logger, string handle);
}

/// <summary>
/// Log scopes reach OTLP as attributes of every record written inside them when <c>IncludeScopes</c> is on (Aspire's
/// service defaults turn it on): ASP.NET Core's <c>RequestPath</c> scope with an address in the path, and a hand-written
/// <c>BeginScope("order for {Email}", email)</c> or a dictionary scope with a password, went out in clear on hand-written
/// and generated lines alike; the SDK's processor scrubbed the record's own attributes only.
/// </summary>
public sealed class LogScopeRedactionTests : IDisposable
{
    private static readonly string[] Canaries = { "scope.canary@example.com", "path.canary@example.com", "scope-pass-canary", "123-45-6789" };

    // The registration declares parent-based sampling for the process; the host's disposal releases its logging.
    public void Dispose() => Instrumentation.Operations.OperationSettings.ParentBasedSampling = false;

    [Fact]
    public async Task Log_scopes_reach_otlp_by_the_rules_of_a_hand_written_line()
    {
        await using var receiver = await Instrumentation.TestServers.Otlp.OtlpHttpReceiver.StartAsync();
        Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.Endpoint);
        Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        try
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            // As Aspire's AddServiceDefaults() does.
            builder.Logging.AddOpenTelemetry(o =>
            {
                o.IncludeScopes = true;
                o.IncludeFormattedMessage = true;
            });
            builder.Services.AddOpenTelemetry().WithGeneratedInstrumentation(o => o.SamplingRatio = 1);
            await using var app = builder.Build();
            app.MapGet("/users/{email}", (string email, ILoggerFactory factory) =>
            {
                var logger = factory.CreateLogger("Tests.Scopes");
                using (logger.BeginScope("order for {Email}", "scope.canary@example.com"))
                using (logger.BeginScope(new Dictionary<string, object?> { ["db_password"] = "scope-pass-canary", ["ssn"] = "123-45-6789", ["note"] = "kept" }))
                {
                    logger.LogInformation("hand-written inside scopes");
                    ScopedLog.ProfileShown(logger, "ada");
                }

                logger.LogInformation("after the scopes");
                return "ok";
            });

            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var client = new HttpClient { BaseAddress = new Uri(address) };
            Assert.Equal("ok", await client.GetStringAsync("/users/path.canary@example.com"));
            Assert.True(app.Services.GetRequiredService<LoggerProvider>().ForceFlush(10_000));
            await app.StopAsync();
        }
        finally
        {
            Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT", null);
            Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_PROTOCOL", null);
        }

        var inside = new[]
        {
            Assert.Single(receiver.Logs, l => l.Body == "hand-written inside scopes"),
            Assert.Single(receiver.Logs, l => l.Body == "profile shown for ada"),
        };
        foreach (var log in inside)
        {
            Assert.Equal("[EMAIL]", log.Attributes["Email"]);
            Assert.Equal("[REDACTED]", log.Attributes["db_password"]);
            Assert.Equal("[SSN]", log.Attributes["ssn"]);
            Assert.Equal("kept", log.Attributes["note"]);
            Assert.Equal("/users/[EMAIL]", log.Attributes["RequestPath"]);
        }

        var after = Assert.Single(receiver.Logs, l => l.Body == "after the scopes");
        Assert.False(after.Attributes.ContainsKey("Email"), "a record written after the scopes carries none of them");
        Assert.Equal("/users/[EMAIL]", after.Attributes["RequestPath"]);
        var payloads = receiver.Payloads.Select(p => Encoding.UTF8.GetString(p)).ToList();
        Assert.NotEmpty(payloads);
        foreach (var canary in Canaries)
        {
            Assert.DoesNotContain(payloads, p => p.Contains(canary, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Scopes_are_replaced_before_a_later_processor_buffers_them()
    {
        var processor = new ScopeReadingProcessor();
        using (var factory = LoggerFactory.Create(b => b.AddOpenTelemetry(o =>
        {
            o.IncludeScopes = true;
            o.AddInstrumentationProcessor().AddProcessor(processor);
        })))
        {
            var logger = factory.CreateLogger("Tests.Scopes");
            using (logger.BeginScope("card {Card}", "4111 1111 1111 1111"))
            using (logger.BeginScope("plain scope text scope.canary@example.com"))
            using (logger.BeginScope(new Dictionary<string, object?> { ["apiKey"] = Guid.Empty }))
            {
                logger.LogInformation("inside");
            }

            logger.LogInformation("outside");
        }

        Assert.Equal(
            new[] { "Card=[CARD]", "{OriginalFormat}=card {Card}", "=plain scope text [EMAIL]", "apiKey=[REDACTED]" },
            processor.Scopes[0]);
        Assert.Empty(processor.Scopes[1]);
    }

    private sealed class ScopeReadingProcessor : BaseProcessor<LogRecord>
    {
        public List<List<string>> Scopes { get; } = new();

        public override void OnEnd(LogRecord data)
        {
            // What the batch processor does before an exporter reads the scopes on another thread.
            data.GetType().GetMethod("Buffer", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!.Invoke(data, null);
            var scopes = new List<string>();
            data.ForEachScope(static (scope, list) =>
            {
                foreach (var field in scope)
                {
                    list.Add(field.Key + "=" + field.Value);
                }
            }, scopes);
            Scopes.Add(scopes);
        }
    }
}
