using System;
using Instrumentation.Funnel.Stores;
using Xunit;

namespace Instrumentation.Funnel.Tests;

/// <summary>
/// A PostgreSQL connection string the store cannot read is refused without repeating it: Npgsql's own message echoes the
/// value, lower-cased, password included (a probe of EdgeIngest's funnel report printed
/// <c>Couldn't set postgres://edge:topsecret99@…</c> for a URL it did not read).
/// </summary>
public sealed class StoreConnectionErrorTests
{
    [Theory]
    [InlineData("postgres://edge:TopSecret99@127.0.0.1:1/edge?frobnicate=1")]
    [InlineData("postgresql://edge:TopSecret99@127.0.0.1:notaport/edge")]
    [InlineData("postgres://edge:TopSecret99@/edge")]
    [InlineData("Host=127.0.0.1;Username=edge;Password=TopSecret99;Bogus=TopSecret99")]
    [InlineData("Host=127.0.0.1;Username=edge;Password=TopSecret99;SSL Mode=TopSecret99")]
    public void An_unreadable_connection_string_is_refused_without_its_password(string db)
    {
        foreach (var open in new Func<SqlFunnelStore>[] { () => SqlFunnelStore.Open(db), () => SqlFunnelStore.OpenReadOnly(db) })
        {
            var error = Assert.Throws<ArgumentException>(open);
            Assert.DoesNotContain("topsecret99", error.ToString(), StringComparison.OrdinalIgnoreCase);
            Assert.Contains("PostgreSQL", error.Message, StringComparison.Ordinal);
        }
    }
}
