using System;
using EdgeIngest.Storage;
using Xunit;

namespace EdgeIngest.Tests;

/// <summary>
/// Command-line values an operator got wrong. <c>--db</c> as a PostgreSQL URL: a bad value of a setting Npgsql knows is reported as a bad value, not as an unknown
/// setting (an operator's trial: <c>sslmode=bogus</c> and <c>connect_timeout=abc</c> read "not a PostgreSQL connection
/// setting Npgsql knows", although the docs list both).
/// </summary>
public sealed class CommandLineValueTests
{
    [Theory]
    [InlineData("sslmode=bogus", "sslmode")]
    [InlineData("connect_timeout=abc", "connect_timeout")]
    public void A_known_setting_with_a_bad_value_is_named_as_such(string query, string key)
    {
        var error = Assert.Throws<ArgumentException>(() => DbArgument.Normalize("postgres://edge:hunter2@127.0.0.1:5432/edge?" + query));

        Assert.StartsWith("--db: the URL parameter '" + key + "' has a value Npgsql does not accept", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_setting_is_named_as_unknown_and_known_ones_pass()
    {
        var error = Assert.Throws<ArgumentException>(() => DbArgument.Normalize("postgres://edge@127.0.0.1/edge?frobnicate=1"));
        Assert.Equal("--db: the URL parameter 'frobnicate' is not a PostgreSQL connection setting Npgsql knows.", error.Message);

        var normalized = DbArgument.Normalize("postgres://edge@127.0.0.1/edge?sslmode=require&connect_timeout=5");
        Assert.Contains("SSL Mode=Require", normalized, StringComparison.Ordinal);
        Assert.Contains("Timeout=5", normalized, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void An_empty_spill_folder_is_refused_naming_the_flag(string value)
    {
        var error = Assert.Throws<ArgumentException>(() => EdgeIngest.Hosting.EdgeIngestOptions.Parse(new[] { "--spill-dir", value }));
        Assert.Equal("--spill-dir takes a folder, not an empty value.", error.Message);
    }
}
