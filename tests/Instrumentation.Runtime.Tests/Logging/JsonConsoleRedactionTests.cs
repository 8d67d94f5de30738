using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Instrumentation.Logging;
using Instrumentation.Redaction;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Instrumentation.Runtime.Tests.Logging;

/// <summary>
/// The SDK's JSON console (<c>AddInstrumentationJsonConsole</c>) writes hand-written lines by the same rules as the
/// OpenTelemetry processor: it only scrubbed their message, so an object's classified member its <c>ToString()</c> prints
/// (a phone number the scrubber does not recognize) reached the console in clear.
/// </summary>
public sealed class JsonConsoleRedactionTests
{
    private const string Email = "canary.jdoe@example.org";
    private const string Phone = "555-0142-7781";

    [Fact]
    public void A_hand_written_object_reaches_the_json_console_with_its_classified_members_redacted()
    {
        var lines = Lines(logger => logger.LogInformation("updated {Account} with {Card:full}", new CanaryAccount { Name = "jdoe", Email = Email, Phone = Phone }, new CanaryCard("jdoe", Phone)));

        var line = Assert.Single(lines);
        Assert.Contains("\"msg\":\"updated CanaryAccount { Name = jdoe, Email = [REDACTED], Phone = [REDACTED] } with CanaryCard { Holder = jdoe, Phone = [REDACTED] }\"", line, StringComparison.Ordinal);
        Assert.DoesNotContain(Phone, line, StringComparison.Ordinal);
    }

    [Fact]
    public void Secret_named_values_are_redacted_and_free_text_scrubbed()
    {
        var lines = Lines(logger => logger.LogInformation("login {User} with {Password} from {Note}", "jdoe", "hunter2-canary", "mail " + Email));

        var line = Assert.Single(lines);
        Assert.Contains("\"msg\":\"login jdoe with [REDACTED] from mail [EMAIL]\"", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_whose_members_cannot_be_read_is_a_placeholder_and_the_secret_next_to_it_stays_redacted()
    {
        var lines = Lines(logger => logger.LogInformation("{Password} {Thing}", "hunter2-canary", new ThrowingMembers()));

        var line = Assert.Single(lines);
        Assert.Contains("\"msg\":\"[REDACTED] ThrowingMembers { \u2026 }\"", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_line_whose_redaction_fails_is_written_without_its_message_not_in_clear()
    {
        // Another library's state (not Microsoft.Extensions.Logging's): a value whose ToString() throws makes the
        // redaction fail after the secret-named value was found.
        var lines = Lines(logger => logger.Log(LogLevel.Information, default, new CustomState("hunter2-canary"), null, static (_, _) => "token hunter2-canary"));

        var line = Assert.Single(lines);
        Assert.DoesNotContain("hunter2", line, StringComparison.Ordinal);
        Assert.Contains("withheld", line, StringComparison.Ordinal);
    }

    [Fact]
    public void An_exception_keeps_its_stack_trace_and_inner_exception_with_every_message_redacted()
    {
        // A newcomer's worker crashed with the JSON console on and printed no stack trace (the plain console prints one).
        Exception thrown;
        try
        {
            ThrowNested();
            return;
        }
        catch (InvalidOperationException e)
        {
            thrown = e;
        }

        var lines = Lines(logger => logger.LogError(thrown, "job failed"));

        var line = Assert.Single(lines);
        var fields = System.Text.Json.JsonDocument.Parse(line).RootElement;
        var stack = fields.GetProperty("exception_stacktrace").GetString()!;
        Assert.StartsWith("System.InvalidOperationException: job for [EMAIL] failed ---> System.ArgumentException: password=[REDACTED]", stack, StringComparison.Ordinal);
        Assert.Contains(nameof(ThrowNested), stack, StringComparison.Ordinal);
        Assert.Contains("End of inner exception stack trace", stack, StringComparison.Ordinal);
        Assert.DoesNotContain(Email, line, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", line, StringComparison.Ordinal);
        Assert.Equal("job for [EMAIL] failed", fields.GetProperty("exception_message").GetString());
    }

    [Fact]
    public void Every_inner_exception_of_an_aggregate_is_kept_redacted_as_dotnet_prints_them()
    {
        // A stranger's worker: the stack trace field held only the aggregate's first inner exception, where .NET's own
        // ToString() (and so the plain console) lists every one.
        Exception thrown;
        try
        {
            throw new AggregateException("batch failed", new FormatException("first for " + Email), new ArgumentException("second password=hunter2-canary"), new TimeoutException("third"));
        }
        catch (AggregateException e)
        {
            thrown = e;
        }

        var line = Assert.Single(Lines(logger => logger.LogError(thrown, "job failed")));
        var stack = System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("exception_stacktrace").GetString()!;
        Assert.StartsWith("System.AggregateException: batch failed (first for [EMAIL]) (second password=[REDACTED]) (third) ---> System.FormatException: first for [EMAIL]", stack, StringComparison.Ordinal);
        Assert.Contains(" ---> (Inner Exception #1) System.ArgumentException: second password=[REDACTED]<---", stack, StringComparison.Ordinal);
        Assert.Contains(" ---> (Inner Exception #2) System.TimeoutException: third<---", stack, StringComparison.Ordinal);
        Assert.Contains(nameof(Every_inner_exception_of_an_aggregate_is_kept_redacted_as_dotnet_prints_them), stack, StringComparison.Ordinal);
        Assert.DoesNotContain(Email, line, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", line, StringComparison.Ordinal);
    }

    [Fact]
    public void An_aggregate_of_thousands_keeps_a_bounded_number_of_inner_exceptions_and_says_how_many_it_left_out()
    {
        var inner = Enumerable.Range(0, 1000).Select(i => new InvalidOperationException("item " + i)).ToArray();
        var nested = new AggregateException("outer", new AggregateException("middle", inner), new FormatException("last"));

        var text = RedactedException.From(nested)!.ToString();

        Assert.Contains("(Inner Exception #1) System.FormatException: last<---", text, StringComparison.Ordinal);
        // 64 kept in all: the outer aggregate's two, then the middle one's first 62.
        Assert.Contains("(Inner Exception #61) System.InvalidOperationException: item 61<---", text, StringComparison.Ordinal);
        Assert.DoesNotContain("item 62<---", text, StringComparison.Ordinal);
        Assert.Contains("(938 more inner exceptions not kept)<---", text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_exception_never_thrown_has_no_stack_trace_field()
    {
        var lines = Lines(logger => logger.LogError(new InvalidOperationException("not thrown"), "job failed"));

        var line = Assert.Single(lines);
        Assert.DoesNotContain("exception_stacktrace", line, StringComparison.Ordinal);
        Assert.Contains("\"exception_type\":\"System.InvalidOperationException\"", line, StringComparison.Ordinal);
    }

    private static void ThrowNested()
    {
        try
        {
            throw new ArgumentException("password=hunter2-canary");
        }
        catch (ArgumentException inner)
        {
            throw new InvalidOperationException("job for " + Email + " failed", inner);
        }
    }

    private static List<string> Lines(Action<ILogger> log)
    {
        var logger = new FormatterLogger();
        log(logger);
        return logger.Lines;
    }

    /// <summary>Writes each entry with the real formatter, as the console logger hands it over.</summary>
    private sealed class FormatterLogger : ILogger
    {
        private readonly JsonConsoleFormatter _formatter = new();

        public List<string> Lines { get; } = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            using var writer = new StringWriter();
            _formatter.Write(new Microsoft.Extensions.Logging.Abstractions.LogEntry<TState>(logLevel, "Tests.Console", eventId, state, exception, formatter), null, writer);
            Lines.Add(writer.ToString());
        }
    }

    private sealed class CanaryCard(string holder, string phone) : IFormattable
    {
        public string Holder { get; } = holder;

        [PersonalData]
        public string Phone { get; } = phone;

        public override string ToString() => Holder;

        public string ToString(string? format, IFormatProvider? formatProvider) => format == "full" ? Holder + " " + Phone : Holder;
    }

    /// <summary>A state of another library: a secret-named value and one whose <c>ToString()</c> throws.</summary>
    internal sealed class CustomState(string token) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public int Count => 2;

        public KeyValuePair<string, object?> this[int index] => index == 0 ? new("token", token) : new("thing", new ThrowingText());

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            yield return this[0];
            yield return this[1];
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    internal sealed class ThrowingText
    {
        public int Size { get; } = 1;

        public override string ToString() => throw new InvalidOperationException("no text");
    }

    /// <summary>A value whose members cannot be read: its getter throws (its own text is harmless).</summary>
    private sealed class ThrowingMembers
    {
        public string Value => throw new InvalidOperationException("getter fails");

        public override string ToString() => "thing";
    }
}
