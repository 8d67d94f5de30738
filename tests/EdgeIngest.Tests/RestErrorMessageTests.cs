using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using EdgeIngest.Storage;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace EdgeIngest.Tests;

/// <summary>
/// A stranger's probe: REST refusals the framework made before an endpoint ran answered with ASP.NET Core's internal
/// text ("Implicit body inferred for parameter "body" but no body was provided. Did you mean to use a Service
/// instead?", "Failed to bind parameter "Nullable&lt;int&gt; limit" from "abc".") and a 50 MB body with 413
/// <c>bad_request</c>. Each now gets the app's own message and code in the usual <c>{code, message, request_id}</c>.
/// </summary>
public sealed class RestErrorMessageTests : IClassFixture<ServerFixture>
{
    private readonly EdgeIngestServer _server;

    public RestErrorMessageTests(ServerFixture fixture) => _server = fixture.Server;

    [Theory]
    [InlineData("", "The request body is empty: send a JSON object.")]
    [InlineData("null", "The request body is JSON null: send a JSON object.")]
    public async Task An_empty_or_null_body_is_malformed_json_with_a_clear_message(string body, string message)
    {
        var tenant = await _server.ProvisionAsync("empty-" + body.Length);
        var orgsBefore = await CountAsync("orgs");
        var devicesBefore = await CountAsync("devices");

        using var org = await PostAsync("api/orgs", body, null);
        using var device = await PostAsync($"api/projects/{tenant.ProjectId}/devices", body, tenant.ApiKey);

        await AssertErrorAsync(org, HttpStatusCode.BadRequest, "malformed_json", message);
        await AssertErrorAsync(device, HttpStatusCode.BadRequest, "malformed_json", message);
        Assert.Equal(orgsBefore, await CountAsync("orgs"));
        Assert.Equal(devicesBefore, await CountAsync("devices"));
    }

    [Fact]
    public async Task A_post_without_any_body_or_content_type_is_told_the_body_is_empty()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/orgs");

        using var response = await _server.Http.SendAsync(request);

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "malformed_json", "The request body is empty: send a JSON object.");
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("2.5")]
    [InlineData("1e3")]
    public async Task A_limit_that_is_not_a_whole_number_is_invalid_message_naming_limit(string limit)
    {
        var tenant = await _server.ProvisionAsync("limit");

        using var response = await _server.SendAsync(HttpMethod.Get, $"api/projects/{tenant.ProjectId}/alerts?limit={limit}", null, tenant.ApiKey);

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_message", "'limit' must be a whole number (it is clamped to 1..500).");
    }

    [Theory]
    [InlineData("7")]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("99999999999999999999")]
    [InlineData("")]
    public async Task A_whole_number_limit_of_any_size_is_clamped_and_answered(string limit)
    {
        var tenant = await _server.ProvisionAsync("limit-ok");

        using var response = await _server.SendAsync(HttpMethod.Get, $"api/projects/{tenant.ProjectId}/alerts?limit={limit}", null, tenant.ApiKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.ValueKind);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_50_MB_body_is_413_body_too_large_naming_the_limit(bool chunked)
    {
        // Over Kestrel's default request body limit (30,000,000 bytes): with a Content-Length it is refused before it is
        // read, a chunked one when the limit is crossed. A raw socket: the server answers before the upload ends, and
        // HttpClient reports the closed connection ("broken pipe") instead of the answer, as many clients would not.
        var orgsBefore = await CountAsync("orgs");
        var uri = new Uri(_server.BaseUrl);
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(uri.Host, uri.Port);
        var stream = client.GetStream();
        const int total = 50 * 1024 * 1024;
        var headers = "POST /api/orgs HTTP/1.1\r\nHost: " + uri.Authority + "\r\nContent-Type: application/json\r\n"
            + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + total + "\r\n") + "\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(headers));
        var upload = Task.Run(async () =>
        {
            var block = new byte[64 * 1024];
            block.AsSpan().Fill((byte)'x');
            Encoding.ASCII.GetBytes("{\"name\":\"").CopyTo(block, 0);
            try
            {
                // A declared length is refused at the first read: one block is enough. A chunked body is sent whole.
                for (var sent = 0; sent < (chunked ? total : block.Length); sent += block.Length)
                {
                    if (chunked)
                    {
                        await stream.WriteAsync(Encoding.ASCII.GetBytes(block.Length.ToString("x", System.Globalization.CultureInfo.InvariantCulture) + "\r\n"));
                    }

                    await stream.WriteAsync(block);
                    if (chunked)
                    {
                        await stream.WriteAsync(Encoding.ASCII.GetBytes("\r\n"));
                    }

                    block.AsSpan(0, 9).Fill((byte)'x');
                }
            }
            catch (System.IO.IOException)
            {
                // The server answered and closed the connection while the rest was on its way.
            }
            catch (ObjectDisposedException)
            {
                // The test read the answer and closed the socket before this task wrote (a CI run on a busy machine
                // started the upload only then).
            }
        });

        var answer = await ReadAnswerAsync(stream);

        Assert.StartsWith("HTTP/1.1 413 ", answer.Head, StringComparison.Ordinal);
        using var error = JsonDocument.Parse(answer.Body);
        Assert.Equal("body_too_large", error.RootElement.GetProperty("code").GetString());
        Assert.Equal("The request body is larger than the limit of 30000000 bytes.", error.RootElement.GetProperty("message").GetString());
        Assert.False(string.IsNullOrEmpty(error.RootElement.GetProperty("request_id").GetString()));
        client.Close();
        await upload;
        Assert.Equal(orgsBefore, await CountAsync("orgs"));
    }

    /// <summary>Reads an HTTP/1.1 answer's head and its JSON body (plain or in chunks) until the body's object closes.</summary>
    private static async Task<(string Head, string Body)> ReadAnswerAsync(System.IO.Stream stream)
    {
        using var timeout = new System.Threading.CancellationTokenSource(30_000);
        var received = new StringBuilder();
        var buffer = new byte[8192];
        while (true)
        {
            var text = received.ToString();
            var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (headEnd >= 0)
            {
                var rest = text[(headEnd + 4)..];
                var open = rest.IndexOf('{', StringComparison.Ordinal);
                var close = rest.LastIndexOf('}');
                if (open >= 0 && close > open)
                {
                    return (text[..headEnd], rest[open..(close + 1)]);
                }
            }

            var read = await stream.ReadAsync(buffer, timeout.Token);
            if (read == 0)
            {
                throw new InvalidOperationException("The connection closed before a JSON answer: " + text);
            }

            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
    }

    [Theory]
    [InlineData("{\"name\":\"a\\u0000b\"}", "name must not hold control characters (NUL, line breaks, tabs, escape codes).")]
    [InlineData("{\"name\":\"line\\nbreak\"}", "name must not hold control characters (NUL, line breaks, tabs, escape codes).")]
    [InlineData("{\"name\":\"ok\",\"user_id\":\"u\\u0000\"}", "user_id must not hold a NUL character.")]
    [InlineData("{\"name\":\"ok\",\"owner_email\":\"a\\u0000@example.com\"}", "owner_email must not hold a NUL character.")]
    public async Task Text_the_store_cannot_keep_or_a_name_with_control_characters_is_refused_before_anything_is_stored(string body, string message)
    {
        // A stranger's probe: a NUL in a name was stored on SQLite and failed the insert on PostgreSQL (as 500); the device
        // path already refused it in a message id.
        var orgsBefore = await CountAsync("orgs");

        using var org = await PostAsync("api/orgs", body, null);

        await AssertErrorAsync(org, HttpStatusCode.BadRequest, "invalid_message", message);
        Assert.Equal(orgsBefore, await CountAsync("orgs"));
    }

    [Fact]
    public async Task An_alert_message_with_a_NUL_is_refused_as_an_invalid_node_parameter()
    {
        var tenant = await _server.ProvisionAsync("nul-alert");
        const string flow = """{"name":"f","sensor":"temperature","nodes":[{"id":"hot","type":"threshold","max":30},{"id":"page","type":"alert","severity":"info","message":"too hot\u0000"}],"edges":[{"from":"hot","to":"page"}]}""";

        using var response = await PostAsync($"api/projects/{tenant.ProjectId}/flows", flow, tenant.ApiKey);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {text}");
        Assert.Contains("invalid_node_parameters", text, StringComparison.Ordinal);
        Assert.Contains("message must not hold a NUL character", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"name\":5}", "$.name")]
    [InlineData("[]", "$")]
    [InlineData("{\"name\":\"a\",\"Name\":\"b\"}", "'name'")]
    public async Task A_body_of_the_wrong_shape_is_told_what_and_where_without_the_apps_type_names(string body, string where)
    {
        // A stranger's probe: "The JSON value could not be converted to EdgeIngest.Api.ApiEndpoints+OrgRequest. Path: $ |
        // LineNumber: 0 | BytePositionInLine: 1." — the app's internal type names and the reader's byte positions.
        using var response = await PostAsync("api/orgs", body, null);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {text}");
        using var error = JsonDocument.Parse(text);
        Assert.Equal("malformed_json", error.RootElement.GetProperty("code").GetString());
        var message = error.RootElement.GetProperty("message").GetString()!;
        Assert.StartsWith("The request body could not be read as JSON: ", message, StringComparison.Ordinal);
        Assert.Contains(where, message, StringComparison.Ordinal);
        Assert.DoesNotContain("EdgeIngest", message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", message, StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> PostAsync(string path, string body, string? apiKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return await _server.Http.SendAsync(request);
    }

    private Task<long> CountAsync(string table) => _server.App.Services.GetRequiredService<EdgeStore>().CountAsync(table, default);

    private static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code, string message)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{(int)response.StatusCode} {text}");
        using var error = JsonDocument.Parse(text);
        Assert.Equal(code, error.RootElement.GetProperty("code").GetString());
        Assert.Equal(message, error.RootElement.GetProperty("message").GetString());
        Assert.Equal(response.Headers.GetValues("X-Request-ID").Single(), error.RootElement.GetProperty("request_id").GetString());
        Assert.DoesNotContain("parameter", text, StringComparison.OrdinalIgnoreCase);
    }
}
