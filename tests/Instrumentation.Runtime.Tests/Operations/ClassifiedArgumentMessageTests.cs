using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Instrumentation.Logging;
using Instrumentation.Testing;
using Xunit;

namespace Instrumentation.Runtime.Tests.Operations;

public enum Favourite
{
    Red,
    Green,
}

/// <summary>Operations whose classified arguments .NET itself quotes in the messages of the exceptions they throw.</summary>
public sealed class PeopleSamples
{
    private static readonly Dictionary<string, int> Ages = new(StringComparer.Ordinal) { ["Grace Hopper"] = 85 };

    [Operation("people.lookup")]
    public int Lookup([PersonalData] string fullName) => Ages[fullName];

    [Operation("people.parse_pin")]
    public int ParsePin([SecretData] string pin) => int.Parse(pin, System.Globalization.CultureInfo.InvariantCulture);

    [Operation("people.check_birth_year")]
    public void CheckBirthYear([PersonalData] int birthYear) => ArgumentOutOfRangeException.ThrowIfGreaterThan(birthYear, 2010);

    [Operation("people.import")]
    public int Import([PersonalData] string fullName)
    {
        try
        {
            return Ages[fullName];
        }
        catch (KeyNotFoundException e)
        {
            throw new InvalidOperationException("import failed", e);
        }
    }

    [Operation("people.lookup_async")]
    public Task<int> LookupAsync([PersonalData] string fullName) => Task.FromResult(Ages[fullName]);

#pragma warning disable INS1011 // on purpose: the message quotes the classified value, as .NET's own messages do
    [Operation("people.lookup_faulted")]
    public Task<int> LookupFaulted([PersonalData] string fullName) => Task.FromException<int>(new KeyNotFoundException("no entry for " + fullName));
#pragma warning restore INS1011

    [Operation("people.lookup_pair")]
    public int LookupPair([PersonalData] string first, [PersonalData] string fullName) => Ages[fullName] + first.Length;

    [Operation("people.lookup_plain")]
    public int LookupPlain(string fullName) => Ages[fullName];
}

/// <summary>
/// A stranger's leak hunt: .NET's own exception messages quote the arguments they reject — a dictionary's missing key,
/// a string that is no number, a value out of range — and a failed operation wrote them in clear on its span
/// (<c>exception.message</c>), its failure log and the JSON console although the parameter was <c>[PersonalData]</c>.
/// A failed call now keeps the text of its classified arguments with its exception, and every message the SDK writes
/// of that exception (and of the exceptions inside it) has them redacted — also when the app logs it later.
/// </summary>
public sealed class ClassifiedArgumentMessageTests
{
    private readonly PeopleSamples _people = new();

    private static string SpanMessage(TelemetryCapture capture, string name) => Assert.IsType<string>(capture.Span(name).Tag("exception.message"));

    [Fact]
    public void A_key_a_number_and_a_range_quoted_by_NET_are_redacted_on_the_span_and_in_the_failure_log()
    {
        using var capture = TelemetryCapture.Start();

        var lookup = Assert.Throws<KeyNotFoundException>(() => _people.Lookup("Ada Lovelace"));
        var pin = Assert.Throws<FormatException>(() => _people.ParsePin("4711-secretpin"));
        var year = Assert.Throws<ArgumentOutOfRangeException>(() => _people.CheckBirthYear(2015));

        // The caller still gets .NET's own exception, message and all.
        Assert.Contains("Ada Lovelace", lookup.Message, StringComparison.Ordinal);
        Assert.Equal("The given key '[REDACTED]' was not present in the dictionary.", SpanMessage(capture, "people.lookup"));
        Assert.Equal("The input string '[REDACTED]' was not in a correct format.", SpanMessage(capture, "people.parse_pin"));
        var range = SpanMessage(capture, "people.check_birth_year");
        Assert.DoesNotContain("2015", range, StringComparison.Ordinal);
        Assert.Contains("'2010'", range, StringComparison.Ordinal);

        var texts = capture.Logs.SelectMany(l => l.Fields.Select(f => f.Key + "=" + f.Value).Append(l.Message)).ToList();
        Assert.Contains(texts, t => t.Contains("The given key '[REDACTED]'", StringComparison.Ordinal));
        foreach (var canary in new[] { "Ada Lovelace", "4711-secretpin", "2015" })
        {
            Assert.DoesNotContain(texts, t => t.Contains(canary, StringComparison.Ordinal));
        }

        // The app logs the same exception later, through the SDK's sinks: still redacted.
        Assert.Equal("The given key '[REDACTED]' was not present in the dictionary.", RedactedException.From(lookup)!.Message);
        Assert.Contains("[REDACTED]", RedactedException.From(pin)!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_inner_exception_and_a_task_that_failed_before_it_returned_are_redacted_too()
    {
        using var capture = TelemetryCapture.Start();

        var import = Assert.Throws<InvalidOperationException>(() => _people.Import("Ada Lovelace"));
        Assert.Throws<KeyNotFoundException>(() => { _ = _people.LookupAsync("Ada Lovelace"); });
        var faulted = _people.LookupFaulted("Ada Lovelace");

        Assert.True(faulted.IsFaulted);
        var stackTrace = RedactedException.From(import)!.StackTrace ?? string.Empty;
        Assert.DoesNotContain("Ada Lovelace", RedactedException.From(import)!.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Ada Lovelace", stackTrace, StringComparison.Ordinal);
        Assert.Equal("The given key '[REDACTED]' was not present in the dictionary.", SpanMessage(capture, "people.lookup_async"));
        Assert.Equal("no entry for [REDACTED]", SpanMessage(capture, "people.lookup_faulted"));
    }

    [Fact]
    public void A_classified_text_inside_a_longer_one_does_not_leave_the_rest_of_it()
    {
        using var capture = TelemetryCapture.Start();

        Assert.Throws<KeyNotFoundException>(() => _people.LookupPair("Ada", "Ada Lovelace"));

        Assert.Equal("The given key '[REDACTED]' was not present in the dictionary.", SpanMessage(capture, "people.lookup_pair"));
    }

    [Fact]
    public void An_unclassified_argument_is_left_as_the_message_has_it()
    {
        using var capture = TelemetryCapture.Start();

        Assert.Throws<KeyNotFoundException>(() => _people.LookupPlain("Ada Lovelace"));

        Assert.Equal("The given key 'Ada Lovelace' was not present in the dictionary.", SpanMessage(capture, "people.lookup_plain"));
    }
}
