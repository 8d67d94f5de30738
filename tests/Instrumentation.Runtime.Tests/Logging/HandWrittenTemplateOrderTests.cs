using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Instrumentation.Logging;
using Instrumentation.OpenTelemetry;
using Instrumentation.Redaction;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Instrumentation.Runtime.Tests.Logging;

/// <summary>
/// A hand-written line's message is written again from its template with the safe values. The values are those of the
/// template's holes, found by name: Microsoft.Extensions.Logging's own [LoggerMessage] generator (without
/// Microsoft.Extensions.Telemetry) lists its state in the method's parameter order, which is not the template's when the
/// message names them in another order or leaves one out (SYSLIB1015). Taken by position, the values changed places.
/// </summary>
public sealed class HandWrittenTemplateOrderTests : IDisposable
{
    private const string Email = "canary.jdoe@example.org";
    private const string Phone = "555-0142-7781";
    private const string Safe = "CanaryAccount { Name = jdoe, Email = [REDACTED], Phone = [REDACTED] }";
    private readonly ProcessedLogs _logs = new();

    public void Dispose() => _logs.Dispose();

    private static CanaryAccount Account() => new() { Name = "jdoe", Email = Email, Phone = Phone };

    [Fact]
    public void Values_listed_in_parameter_order_stay_where_the_template_puts_them()
    {
        // [LoggerMessage(Message = "{Note} for {Account}")] void Swapped(ILogger logger, CanaryAccount account, string note)
        var state = new MelGeneratedState("{Note} for {Account}", ("Account", Account()), ("Note", "note-x"));

        Assert.Equal("note-x for " + Safe, Otel(state));
        Assert.Equal("note-x for " + Safe, Console(state));
    }

    [Fact]
    public void A_parameter_the_template_leaves_out_does_not_take_a_hole()
    {
        // [LoggerMessage(Message = "seen {Account}")] void Unreferenced(ILogger logger, string extra, CanaryAccount account)
        var state = new MelGeneratedState("seen {Account}", ("extra", "extra-x"), ("Account", Account()));

        Assert.Equal("seen " + Safe, Otel(state));
        Assert.Equal("seen " + Safe, Console(state));
    }

    [Fact]
    public void A_name_the_template_repeats_takes_its_one_value_twice()
    {
        var state = new MelGeneratedState("{Account} / {Note} / {Account}", ("Note", "n"), ("Account", Account()));

        Assert.Equal(Safe + " / n / " + Safe, Otel(state));
    }

    [Fact]
    public void Microsoft_logging_states_keep_their_messages()
    {
        var logger = _logs.Factory.CreateLogger("Order");
        var account = Account();

        logger.LogInformation("{{Account}} {Account} {{{B}}} {A} {A} {0}", account, "b", "a1", "a2", 7);
        Assert.Equal("{Account} " + Safe + " {b} a1 a2 7", _logs.Records.Last().FormattedMessage);

        logger.LogInformation("no holes {{x}}", account);
        Assert.Equal("no holes {{x}}", _logs.Records.Last().FormattedMessage);

        logger.LogInformation("{A,-6}|{B,8:N1}|{C}", null, 2.4, account, "extra");
        Assert.Equal("(null)|     2.4|" + Safe, _logs.Records.Last().FormattedMessage);
    }

    /// <summary>
    /// A stranger's trial: an app's own state with a template and a formatter that writes more than the template
    /// (<c>(s, e) => "Audit two for " + user.FullName</c>) had its formatter's text written in clear by the JSON console, where
    /// the OpenTelemetry exporter sent the template. The message of such a state is its template with its values.
    /// </summary>
    [Fact]
    public void An_apps_own_state_is_written_from_its_template_not_by_its_formatter()
    {
        var leaky = new MelGeneratedState("Audit two");
        Assert.Equal("Audit two", ConsoleWith(leaky, static (_, _) => "Audit two for Ada Lovelace"));

        var withValue = new MelGeneratedState("Audit of {Handle}", ("Handle", "ada_l"));
        Assert.Equal("Audit of ada_l", ConsoleWith(withValue, static (_, _) => "Audit of ada_l, Ada Lovelace"));

        // A formatter that writes exactly its template with its values comes out the same.
        var plain = new MelGeneratedState("{Note} at {Count}", ("Note", "n-1"), ("Count", 3));
        Assert.Equal("n-1 at 3", ConsoleWith(plain, MelGeneratedState.Format));
    }

    private static string ConsoleWith(MelGeneratedState state, Func<MelGeneratedState, Exception?, string> formatter)
    {
        using var writer = new StringWriter();
        new JsonConsoleFormatter().Write(new Microsoft.Extensions.Logging.Abstractions.LogEntry<MelGeneratedState>(LogLevel.Information, "Order", default, state, null, formatter), null, writer);
        var line = writer.ToString();
        var start = line.IndexOf("\"msg\":\"", StringComparison.Ordinal) + 7;
        return line[start..line.IndexOf("\",\"logger\"", StringComparison.Ordinal)];
    }

    private string? Otel(MelGeneratedState state)
    {
        _logs.Factory.CreateLogger("Order").Log(LogLevel.Information, default, state, null, MelGeneratedState.Format);
        return _logs.Records.Last().FormattedMessage;
    }

    private static string Console(MelGeneratedState state)
    {
        using var writer = new StringWriter();
        new JsonConsoleFormatter().Write(new Microsoft.Extensions.Logging.Abstractions.LogEntry<MelGeneratedState>(LogLevel.Information, "Order", default, state, null, MelGeneratedState.Format), null, writer);
        var line = writer.ToString();
        var start = line.IndexOf("\"msg\":\"", StringComparison.Ordinal) + 7;
        return line[start..line.IndexOf("\",\"logger\"", StringComparison.Ordinal)];
    }

    /// <summary>The shape of the state Microsoft's [LoggerMessage] generator emits when it cannot use LoggerMessage.Define.</summary>
    private sealed class MelGeneratedState(string template, params (string Key, object? Value)[] parameters) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public int Count => parameters.Length + 1;

        public KeyValuePair<string, object?> this[int index] =>
            index == parameters.Length ? new("{OriginalFormat}", template) : new(parameters[index].Key, parameters[index].Value);

        public static string Format(MelGeneratedState state, Exception? exception)
        {
            // The generated ToString(): an interpolated string of the template, each hole its parameter's value.
            var text = new StringBuilder(state.Template);
            foreach (var (key, value) in state.Parameters)
            {
                text.Replace("{" + key + "}", value?.ToString() ?? "(null)");
            }

            return text.ToString();
        }

        private string Template => template;

        private (string Key, object? Value)[] Parameters => parameters;

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            for (var i = 0; i < Count; i++)
            {
                yield return this[i];
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
