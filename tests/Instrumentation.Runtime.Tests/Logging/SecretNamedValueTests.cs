using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Instrumentation.Logging;
using Instrumentation.OpenTelemetry;
using Instrumentation.Redaction;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Instrumentation.Runtime.Tests.Logging;

/// <summary>
/// A value under a secret name is redacted whatever type holds its text: only strings, numbers and Guids were, so a
/// password in a StringBuilder or a char[], an access token as a JsonElement or a ReadOnlyMemory&lt;char&gt; reached the
/// exported attributes, the message and the JSON console in clear (and a member of that type inside an object).
/// </summary>
public sealed class SecretNamedValueTests : IDisposable
{
    private const string Secret = "hunter2-canary";
    private readonly ProcessedLogs _logs = new();

    public void Dispose() => _logs.Dispose();

    public static TheoryData<string, object> Values() => new()
    {
        { "StringBuilder", new StringBuilder(Secret) },
        { "char[]", Secret.ToCharArray() },
        { "byte[]", Encoding.UTF8.GetBytes(Secret).Take(4).ToArray() },
        { "JsonElement", JsonDocument.Parse("\"" + Secret + "\"").RootElement.Clone() },
        { "ReadOnlyMemory<char>", Secret.AsMemory() },
        { "object", new { Password = new StringBuilder(Secret) } },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void A_secret_named_value_reaches_no_sink_in_clear(string kind, object value)
    {
        var raw = value is byte[] bytes ? string.Join(", ", bytes) : Secret;
        var logger = _logs.Factory.CreateLogger("Secrets");
        logger.LogInformation("login with {Password} ({Kind})", value, kind);

        var record = _logs.Records.Last();
        var texts = record.Attributes.Select(a => Convert.ToString(a.Value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty).Append(record.FormattedMessage ?? string.Empty);
        Assert.DoesNotContain(texts, t => t.Contains(raw, StringComparison.Ordinal));
        Assert.StartsWith("login with " + (kind == "object" ? "{ Password = [REDACTED] }" : "[REDACTED]"), record.FormattedMessage, StringComparison.Ordinal);

        using var writer = new StringWriter();
        var state = new Dictionary<string, object?> { ["Password"] = value, ["{OriginalFormat}"] = "login with {Password}" }.ToList();
        new JsonConsoleFormatter().Write(new Microsoft.Extensions.Logging.Abstractions.LogEntry<List<KeyValuePair<string, object?>>>(LogLevel.Information, "Secrets", default, state, null, (s, _) => "login with " + s[0].Value), null, writer);
        Assert.DoesNotContain(raw, writer.ToString(), StringComparison.Ordinal);
    }
}
