using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Instrumentation.TestServers.Otlp;

/// <summary>A received span: name, ids and attributes.</summary>
public sealed record ReceivedSpan(string Name, string TraceId, string SpanId, string ParentSpanId, IReadOnlyDictionary<string, string?> Attributes);

/// <summary>A received log record: event name (field or attribute), body and attributes.</summary>
public sealed record ReceivedLog(string? EventName, string? Body, IReadOnlyDictionary<string, string?> Attributes);

/// <summary>
/// An OTLP/HTTP (protobuf) receiver on 127.0.0.1 that decodes what the official OpenTelemetry exporter sends
/// to <c>/v1/traces</c>, <c>/v1/metrics</c> and <c>/v1/logs</c>.
/// </summary>
public sealed class OtlpHttpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OtlpHttpReceiver(WebApplication app, string endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    public string Endpoint { get; }

    public ConcurrentQueue<ReceivedSpan> Spans { get; } = new();

    public ConcurrentQueue<ReceivedLog> Logs { get; } = new();

    public ConcurrentQueue<string> MetricNames { get; } = new();

    /// <summary>When set, every export is answered with this HTTP status and nothing is kept (a collector in trouble).</summary>
    public int? FailWith { get; set; }

    /// <summary>Every request body as received (protobuf), for tests that search the raw payloads.</summary>
    public ConcurrentQueue<byte[]> Payloads { get; } = new();

    public static async Task<OtlpHttpReceiver> StartAsync()
    {
        var endpoint = "http://127.0.0.1:" + FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(endpoint);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new OtlpHttpReceiver(app, endpoint);
        app.Use(async (context, next) =>
        {
            if (receiver.FailWith is { } status)
            {
                await BodyAsync(context);
                context.Response.StatusCode = status;
                return;
            }

            await next(context);
        });
        app.MapPost("/v1/traces", async context => receiver.OnTraces(receiver.Keep(await BodyAsync(context))));
        app.MapPost("/v1/logs", async context => receiver.OnLogs(receiver.Keep(await BodyAsync(context))));
        app.MapPost("/v1/metrics", async context => receiver.OnMetrics(receiver.Keep(await BodyAsync(context))));
        await app.StartAsync();
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private ByteString Keep(ByteString body)
    {
        Payloads.Enqueue(body.ToByteArray());
        return body;
    }

    private static async Task<ByteString> BodyAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        context.Response.ContentType = "application/x-protobuf";
        return ByteString.CopyFrom(buffer.ToArray());
    }

    private void OnTraces(ByteString request)
    {
        foreach (var resourceSpans in ProtoFields.Messages(request, 1))
        {
            foreach (var scopeSpans in ProtoFields.Messages(resourceSpans, 2))
            {
                foreach (var span in ProtoFields.Messages(scopeSpans, 2))
                {
                    Spans.Enqueue(new ReceivedSpan(
                        ProtoFields.String(span, 5) ?? string.Empty,
                        ProtoFields.Hex(span, 1),
                        ProtoFields.Hex(span, 2),
                        ProtoFields.Hex(span, 4),
                        ProtoFields.Attributes(span, 9)));
                }
            }
        }
    }

    private void OnLogs(ByteString request)
    {
        foreach (var resourceLogs in ProtoFields.Messages(request, 1))
        {
            foreach (var scopeLogs in ProtoFields.Messages(resourceLogs, 2))
            {
                foreach (var record in ProtoFields.Messages(scopeLogs, 2))
                {
                    var attributes = ProtoFields.Attributes(record, 6);
                    var eventName = ProtoFields.String(record, 12) ?? (attributes.TryGetValue("event.name", out var name) ? name : null);
                    string? body = null;
                    foreach (var any in ProtoFields.Messages(record, 5))
                    {
                        body = ProtoFields.String(any, 1);
                    }

                    Logs.Enqueue(new ReceivedLog(eventName, body, attributes));
                }
            }
        }
    }

    private void OnMetrics(ByteString request)
    {
        foreach (var resourceMetrics in ProtoFields.Messages(request, 1))
        {
            foreach (var scopeMetrics in ProtoFields.Messages(resourceMetrics, 2))
            {
                foreach (var metric in ProtoFields.Messages(scopeMetrics, 2))
                {
                    MetricNames.Enqueue(ProtoFields.String(metric, 1) ?? string.Empty);
                }
            }
        }
    }
}
