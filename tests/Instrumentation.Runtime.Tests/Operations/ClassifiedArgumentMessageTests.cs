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

/// <summary>A value classified by its type: every value of it is personal data, members and all.</summary>
[PersonalData]
public struct BloodGroup
{
    public string Group { get; set; }
}

/// <summary>An applicant: the name is personal data, the reference is not.</summary>
public sealed record Applicant([property: PersonalData] string FullName, string Reference);

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

    [Operation("people.lookup_later")]
    public async Task<int> LookupLaterAsync([PersonalData] string fullName)
    {
        await Task.Yield();
        return Ages[fullName];
    }

    [Operation("people.check_later")]
    public async Task CheckLaterAsync([PersonalData] string fullName, [PersonalData] int birthYear)
    {
        await Task.Yield();
        _ = Ages[fullName];
        ArgumentOutOfRangeException.ThrowIfGreaterThan(birthYear, 2010);
    }

    [Operation("people.lookup_later_value")]
    public async ValueTask<int> LookupLaterValueAsync([PersonalData] string fullName)
    {
        await Task.Yield();
        return Ages[fullName];
    }

    [Operation("people.parse_later_value")]
    public async ValueTask ParseLaterValueAsync([SecretData] string pin)
    {
        await Task.Yield();
        _ = int.Parse(pin, System.Globalization.CultureInfo.InvariantCulture);
    }

    [Operation("people.check_birth_date")]
    public void CheckBirthDate([PersonalData] DateTime birthDate) => ArgumentOutOfRangeException.ThrowIfGreaterThan(birthDate, new DateTime(2000, 1, 1));

    [Operation("people.check_birthday")]
    public void CheckBirthday([PersonalData] DateOnly birthday) => ArgumentOutOfRangeException.ThrowIfGreaterThan(birthday, new DateOnly(2000, 1, 1));

    [Operation("people.index_names")]
    public int IndexNames([PersonalData] List<string> names) => names.ToDictionary(n => n, StringComparer.Ordinal).Count;

    [Operation("people.lookup_generic")]
    public int LookupGeneric<T>([PersonalData] T key) => Ages[key?.ToString() ?? string.Empty];

    [Operation("people.lookup_member")]
    public int LookupMember(Applicant applicant) => Ages[applicant.FullName];

    [Operation("people.lookup_group")]
    public int LookupGroup(BloodGroup blood) => Ages[blood.Group];

    [Operation("people.lookup_upper")]
    public int LookupUpper([PersonalData] string fullName) => Ages[fullName.ToUpperInvariant()];

    [Operation("people.import_wrapped")]
    public int ImportWrapped(string source, [PersonalData] string fullName)
    {
        try
        {
            return Ages[fullName];
        }
        catch (KeyNotFoundException e)
        {
            throw new InvalidOperationException("import from " + source + " failed: " + e.Message, e);
        }
    }

    /// <summary>Not a plain operation (its region is a span attribute): the generated operation class awaits it.</summary>
    [Operation("people.lookup_later_in_region")]
    public async Task<int> LookupLaterInRegionAsync([SpanAttribute("people.region")] string region, [PersonalData] string fullName)
    {
        await Task.Yield();
        return Ages[fullName] + region.Length;
    }

    /// <summary>Not a plain operation, ValueTask: the generated operation class's pooled awaiter.</summary>
    [Operation("people.parse_later_in_region")]
    public async ValueTask<int> ParseLaterInRegionAsync([SpanAttribute("people.region")] string region, [SecretData] string pin)
    {
        await Task.Yield();
        return int.Parse(pin, System.Globalization.CultureInfo.InvariantCulture) + region.Length;
    }
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
    public async Task A_task_that_fails_after_its_first_await_is_redacted_too()
    {
        using var capture = TelemetryCapture.Start();

        var later = await Assert.ThrowsAsync<KeyNotFoundException>(() => _people.LookupLaterAsync("Ada Lovelace"));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _people.CheckLaterAsync("Grace Hopper", 2015));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => _people.LookupLaterValueAsync("Ada Lovelace").AsTask());
        await Assert.ThrowsAsync<FormatException>(() => _people.ParseLaterValueAsync("4711-secretpin").AsTask());
        await Assert.ThrowsAsync<KeyNotFoundException>(() => _people.LookupLaterInRegionAsync("eu", "Ada Lovelace"));
        await Assert.ThrowsAsync<FormatException>(() => _people.ParseLaterInRegionAsync("eu", "4711-secretpin").AsTask());

        // The caller still gets .NET's own exception, message and all.
        Assert.Contains("Ada Lovelace", later.Message, StringComparison.Ordinal);
        Assert.Equal("The given key '[REDACTED]' was not present in the dictionary.", SpanMessage(capture, "people.lookup_later"));
        var range = SpanMessage(capture, "people.check_later");
        Assert.DoesNotContain("2015", range, StringComparison.Ordinal);
        Assert.Contains("'2010'", range, StringComparison.Ordinal);
        Assert.Equal("The given key '[REDACTED]' was not present in the dictionary.", SpanMessage(capture, "people.lookup_later_value"));
        Assert.Equal("The input string '[REDACTED]' was not in a correct format.", SpanMessage(capture, "people.parse_later_value"));
        Assert.Equal("The given key '[REDACTED]' was not present in the dictionary.", SpanMessage(capture, "people.lookup_later_in_region"));
        Assert.Equal("The input string '[REDACTED]' was not in a correct format.", SpanMessage(capture, "people.parse_later_in_region"));

        var texts = capture.Logs.SelectMany(l => l.Fields.Select(f => f.Key + "=" + f.Value).Append(l.Message)).ToList();
        foreach (var canary in new[] { "Ada Lovelace", "4711-secretpin", "2015" })
        {
            Assert.DoesNotContain(texts, t => t.Contains(canary, StringComparison.Ordinal));
        }

        Assert.Equal("The given key '[REDACTED]' was not present in the dictionary.", RedactedException.From(later)!.Message);
    }

    [Fact]
    public void Dates_collections_type_parameters_and_classified_members_are_redacted_too()
    {
        using var capture = TelemetryCapture.Start();

        Assert.Throws<ArgumentOutOfRangeException>(() => _people.CheckBirthDate(new DateTime(2006, 4, 5, 6, 7, 8, DateTimeKind.Unspecified)));
        Assert.Throws<ArgumentOutOfRangeException>(() => _people.CheckBirthday(new DateOnly(2006, 4, 5)));
        Assert.Throws<ArgumentException>(() => _people.IndexNames(["Ada Lovelace", "Ada Lovelace"]));
        Assert.Throws<KeyNotFoundException>(() => _people.LookupGeneric("Ada Lovelace"));
        Assert.Throws<KeyNotFoundException>(() => _people.LookupMember(new Applicant("Ada Lovelace", "ref-17")));
        Assert.Throws<KeyNotFoundException>(() => _people.LookupUpper("Ada Lovelace"));
        Assert.Throws<KeyNotFoundException>(() => _people.LookupGroup(new BloodGroup { Group = "AB negative rare" }));

        foreach (var (span, clear) in new[]
        {
            ("people.check_birth_date", "2006"),
            ("people.check_birthday", "2006"),
            ("people.index_names", "Ada Lovelace"),
            ("people.lookup_generic", "Ada Lovelace"),
            ("people.lookup_member", "Ada Lovelace"),
            ("people.lookup_upper", "ADA LOVELACE"),
            ("people.lookup_group", "AB negative rare"),
        })
        {
            var message = SpanMessage(capture, span);
            Assert.DoesNotContain(clear, message, StringComparison.Ordinal);
            Assert.Contains("[REDACTED]", message, StringComparison.Ordinal);
        }

        // The unclassified bound is kept, as the message has it.
        Assert.Contains("2000", SpanMessage(capture, "people.check_birth_date"), StringComparison.Ordinal);
    }

    [Fact]
    public void An_exception_wrapping_or_aggregating_one_whose_arguments_are_classified_is_redacted_too()
    {
        using var capture = TelemetryCapture.Start();

        var wrapped = Assert.Throws<InvalidOperationException>(() => _people.ImportWrapped("crm", "Ada Lovelace"));
        var inner = Assert.Throws<KeyNotFoundException>(() => _people.Lookup("Grace Lovelace"));
        var aggregate = new AggregateException(inner);
        var rewrapped = new InvalidOperationException("retry gave up: " + inner.Message, inner);

        Assert.Equal("import from crm failed: The given key '[REDACTED]' was not present in the dictionary.", SpanMessage(capture, "people.import_wrapped"));
        Assert.DoesNotContain("Lovelace", RedactedException.From(aggregate)!.Message, StringComparison.Ordinal);
        Assert.Equal("retry gave up: The given key '[REDACTED]' was not present in the dictionary.", RedactedException.From(rewrapped)!.Message);
        Assert.Contains("Ada Lovelace", wrapped.Message, StringComparison.Ordinal);
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
