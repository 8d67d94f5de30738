using System;
using Instrumentation.Logging;
using Instrumentation.Redaction;
using Xunit;

namespace Instrumentation.Runtime.Tests.Logging;

/// <summary>
/// <see cref="LogValueFormatter.GluedValue"/>: the structured field of a value written against other values shows it only
/// where the scrubbed message shows it.
/// </summary>
public sealed class GluedValueTests
{
    [Theory]
    [InlineData(new[] { "", "=", "" }, new[] { "client_secret", "s3cr3t-value" }, 0, "client_secret")]
    [InlineData(new[] { "", "=", "" }, new[] { "client_secret", "s3cr3t-value" }, 1, "[REDACTED]")]
    [InlineData(new[] { "SSN ", "-", "-", " on file" }, new[] { "078", "05", "1120" }, 0, "[REDACTED]")]
    [InlineData(new[] { "SSN ", "-", "-", " on file" }, new[] { "078", "05", "1120" }, 2, "[REDACTED]")]
    [InlineData(new[] { "from ", "@", " to ops@example.org" }, new[] { "ada", "example.org" }, 0, "[REDACTED]")]
    [InlineData(new[] { "build ", ".", "" }, new[] { "10", "2" }, 1, "2")]
    [InlineData(new[] { "", " and ", "@example.org" }, new[] { "grace", "ada" }, 0, "grace")]
    [InlineData(new[] { "", " and ", "@example.org" }, new[] { "grace", "ada" }, 1, "[REDACTED]")]
    public void A_value_is_kept_only_where_the_scrubbed_message_shows_it(string[] literals, string[] values, int index, string expected)
    {
        Assert.Equal(expected, LogValueFormatter.GluedValue(index, literals, values));
    }

    [Fact]
    public void A_null_value_stays_null_and_other_nulls_are_read_as_the_message_writes_them()
    {
        Assert.Null(LogValueFormatter.GluedValue(0, ["", "=", ""], [null, "hunter2"]));
        Assert.Equal("x", LogValueFormatter.GluedValue(1, ["", "", ""], [null, "x"]));
    }

    [Fact]
    public void Between_two_redactions_a_value_is_kept_when_a_probe_in_its_place_changes_nothing_else()
    {
        string[] literals = ["token=", " ", " token=", ""];
        Assert.Equal("plain", LogValueFormatter.GluedValue(1, literals, ["abc", "plain", "def"]));
        Assert.Equal(TextScrubber.Redacted, LogValueFormatter.GluedValue(0, literals, ["abc", "plain", "def"]));
    }

    [Fact]
    public void A_value_holding_the_probe_is_redacted_where_its_place_cannot_be_told()
    {
        Assert.Equal(TextScrubber.Redacted, LogValueFormatter.GluedValue(1, ["token=", " ", " token=", ""], ["abc", "a\uFFFF\uFFFEb", "def"]));
    }

    [Fact]
    public void Literals_that_do_not_fit_the_values_are_refused()
    {
        Assert.Throws<ArgumentException>(() => LogValueFormatter.GluedValue(0, ["", ""], ["a", "b"]));
        Assert.Throws<ArgumentException>(() => LogValueFormatter.GluedValue(2, ["", "", ""], ["a", "b"]));
    }
}
