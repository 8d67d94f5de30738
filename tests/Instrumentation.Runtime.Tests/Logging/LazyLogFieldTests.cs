using System;
using System.Linq;
using Instrumentation.Correlation;
using Instrumentation.OpenTelemetry;
using Instrumentation.Redaction;
using Instrumentation.Runtime.Tests.Operations;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Instrumentation.Runtime.Tests.Logging;

/// <summary>Operations whose <c>[LogField]</c> values need the sink rules (scrubbing, object rendering, redaction).</summary>
public static class LazyFieldOperations
{
    [Operation("lazy.note")]
    public static int Note([LogField("note")] string note) => note.Length;

    [Operation("lazy.member")]
    public static int Member([LogField("member")] CanaryMember? member) => member is null ? 0 : 1;

    [Operation("lazy.secret")]
    public static int Secret([LogField("api_key"), SecretData] string? apiKey) => apiKey is null ? 0 : 1;

    [Operation("lazy.logged")]
    public static void Logged([LogField("note")] string note, [LogField("member")] CanaryMember member, [LogField("api_key"), SecretData] string apiKey, ILogger logger)
    {
        AppLog.ReadingsReceived(logger, "dev-lazy", 1, 1.5);
        AppLog.ReadingsReceived(logger, "dev-lazy", 2, 2.5);
    }
}

/// <summary>
/// Issue 13: a <c>[LogField]</c> value is made safe (scrubbed, rendered, redacted) when a log line reads it, not when the
/// operation starts: an operation that writes no log spends nothing on it (asserted in allocated bytes: a value that the
/// scrubber rewrites costs exactly what a clean one costs), and every written line still carries the safe text.
/// </summary>
public sealed class LazyLogFieldTests : IDisposable
{
    private const string Email = "canary.lazy@pii-canary.test";
    private const string Password = "Canary-Lazy-Pa55";
    private readonly CapturingLoggerProvider _provider = new();
    private readonly ILoggerFactory _factory;

    public LazyLogFieldTests()
    {
        Redactors.Reset();
        _factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Information).AddProvider(_provider));
        InstrumentationLogging.Use(_factory);
    }

    public void Dispose()
    {
        InstrumentationLogging.Reset();
        Redactors.Reset();
        _factory.Dispose();
    }

    [Fact]
    public void Without_a_written_log_a_field_that_needs_scrubbing_costs_what_a_clean_one_costs()
    {
        Assert.True(CorrelationContext.IsEnabled, "lines can be written: operations push correlation frames");
        var clean = "note-without-anything-to-scrub-000";
        var dirty = "mail " + Email + " card 4111 1111 1111 1111";

        var cleanBytes = Allocations.InFewestRound(() => LazyFieldOperations.Note(clean));
        var dirtyBytes = Allocations.InFewestRound(() => LazyFieldOperations.Note(dirty));

        Assert.Equal(cleanBytes, dirtyBytes);
        Assert.Empty(_provider.Logs);
    }

    [Fact]
    public void Without_a_written_log_an_object_field_is_not_rendered_and_a_classified_one_not_redacted()
    {
        Assert.True(CorrelationContext.IsEnabled);
        var member = new CanaryMember("handle", Email, Password);

        // Baselines with a value too (a field without a value pushes no frame, issue 18 §2), of a different length: a
        // rendering or a (length-preserving) mask made now would allocate a different number of bytes for each.
        var small = new CanaryMember("h", "a@b.c", "p");
        var absent = Allocations.InFewestRound(() => LazyFieldOperations.Member(small));
        var rendered = Allocations.InFewestRound(() => LazyFieldOperations.Member(member));
        Assert.Equal(absent, rendered);

        Redactors.Configure(new MaskRedactor(), new MaskRedactor());
        var longKey = Password + Password + Password + Password;
        var noKey = Allocations.InFewestRound(() => LazyFieldOperations.Secret("k"));
        var key = Allocations.InFewestRound(() => LazyFieldOperations.Secret(longKey));
        Assert.Equal(noKey, key);
        Assert.Empty(_provider.Logs);
    }

    [Fact]
    public void Every_written_line_carries_the_safe_text_and_the_frame_makes_it_once()
    {
        var logger = _factory.CreateLogger("Tests.Lazy");

        LazyFieldOperations.Logged("mail " + Email, new CanaryMember("handle", Email, Password), Password, logger);

        var lines = _provider.Logs.Where(l => l.Message.StartsWith("Device dev-lazy", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, lines.Count);
        foreach (var line in lines)
        {
            Assert.Equal("mail [EMAIL]", line.Field("note"));
            Assert.Equal("CanaryMember { Handle = handle, Email = [REDACTED], Password = [REDACTED] }", line.Field("member"));
            Assert.Equal("[REDACTED]", line.Field("api_key"));
            Assert.DoesNotContain(line.Texts(), t => t.Contains(Email, StringComparison.Ordinal) || t.Contains(Password, StringComparison.Ordinal));
        }

        // Both lines read the same text: made once for the operation's frame, not once per line.
        Assert.Same(lines[0].Field("note"), lines[1].Field("note"));
        Assert.Same(lines[0].Field("member"), lines[1].Field("member"));
    }
}
