using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Instrumentation.Funnel.Stores;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Instrumentation.Funnel.Tests;

/// <summary>
/// Issue 13: funnel text properties follow the rules of every other sink — secret names redacted, free text scrubbed —
/// where events leave the process (the writer's serializer), not on the emitting thread. A canary e-mail, a secret and
/// a card number in funnel properties never reach SQLite rows, exported log records, spill files or dead-letter files —
/// nor does a store's error message that quotes the rejected row (a trigger's, a custom store's) reach the dead-letter file.
/// </summary>
public sealed class FunnelRedactionTests : IDisposable
{
    private const string EmailCanary = "canary.funnel@pii-canary.test";
    private const string SecretCanary = "s3cr3t-canary-9f2b7c";
    private const string CardCanary = "4111 1111 1111 1111";
    private static readonly string[] Canaries = { EmailCanary, SecretCanary, CardCanary, "4111111111111111" };

    private readonly TempDirectory _temp = new();

    public void Dispose()
    {
        FunnelEvents.Install(null);
        _temp.Dispose();
    }

    private static FunnelEvent Leaky(string type, string user = "u-1")
    {
        var item = new FunnelEvent(type) { UserId = user, OrgId = "org-1" };
        item.Properties.Add("note", "invited by " + EmailCanary + " paying with " + CardCanary);
        item.Properties.Add("client_secret", SecretCanary);
        item.Properties.Add("api_key", FunnelValue.Guid(Guid.Parse("7d2c1f0e-5b9a-4c3d-8e6f-a1b2c3d4e5f6")));
        item.Properties.Add("plan", "pro");
        item.Properties.Add("seats", 3L);
        return item;
    }

    [Fact]
    public void Properties_are_redacted_and_scrubbed_when_read_for_a_sink_and_kept_as_emitted()
    {
        var item = Leaky("SignedUp");

        Assert.Equal("invited by [EMAIL] paying with [CARD]", item.Properties.SafeValueAt(0).ToString());
        Assert.Equal("[REDACTED]", item.Properties.SafeValueAt(1).ToString());
        Assert.Equal("[REDACTED]", item.Properties.SafeValueAt(2).ToString());
        Assert.Equal("pro", item.Properties.SafeValueAt(3).ToString());
        Assert.Equal(FunnelValue.Int64(3), item.Properties.SafeValueAt(4));

        // The emitted event itself is untouched: the emitting thread did no work.
        Assert.Equal(SecretCanary, item.Properties.ValueAt(1).ToString());
    }

    [Fact]
    public async Task No_canary_reaches_sqlite_rows_exported_records_or_the_dead_letter_file()
    {
        using var logs = new OtelLogCapture();
        var path = _temp.File("events.db");
        await using var store = SqlFunnelStore.Open(path);
        await store.EnsureSchemaAsync(default);
        await using (var connection = new SqliteConnection("Data Source=" + path))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TRIGGER reject_poison BEFORE INSERT ON product_events WHEN NEW.user_id = 'poison' BEGIN SELECT RAISE(ABORT, 'poison row from " + EmailCanary + " with ghp_" + new string('A', 36) + "'); END;";
            await command.ExecuteNonQueryAsync();
        }

        FunnelWriter writer;
        await using (writer = await FunnelWriter.StartAsync(store, _temp.Options(), logs.Factory))
        {
            var stored = Leaky("SignedUp");
            var rejected = Leaky("SignedUp", user: "poison");
            var unconvertible = Leaky(string.Empty); // no type: it cannot become a row, it is described in the dead-letter file
            FunnelEvents.Emit(in stored);
            FunnelEvents.Emit(in rejected);
            FunnelEvents.Emit(in unconvertible);
            Assert.True(await writer.FlushAsync(TimeSpan.FromSeconds(30)));
        }

        Assert.Equal(2, writer.DeadLettered);
        var deadLetter = await File.ReadAllTextAsync(writer.DeadLetterPath);
        var rows = SqliteTexts(path);
        var records = logs.Records.SelectMany(r => r.Values).Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty).ToList();
        Assert.Single(logs.Records);

        var properties = Assert.Single(rows, r => r.Column == "properties").Text;
        Assert.Equal("{\"note\":\"invited by [EMAIL] paying with [CARD]\",\"client_secret\":\"[REDACTED]\",\"api_key\":\"[REDACTED]\",\"plan\":\"pro\",\"seats\":3}", properties);
        Assert.Contains("poison row from [EMAIL] with [REDACTED]", deadLetter, StringComparison.Ordinal);
        Assert.DoesNotContain("ghp_", deadLetter, StringComparison.Ordinal);
        Assert.Contains("cannot be serialized", deadLetter, StringComparison.Ordinal);
        Assert.Contains("[EMAIL]", deadLetter, StringComparison.Ordinal);
        AssertNoCanary("dead-letter file", deadLetter);
        AssertNoCanary("exported log record", string.Join("\n", records));
        AssertNoCanary("SQLite rows", string.Join("\n", rows.Select(r => r.Text)));
    }

    [Fact]
    public async Task The_exported_properties_are_the_stored_json_also_through_the_opentelemetry_processor()
    {
        // Found with a real app exporting OTLP: a NUL before an '@' is written \u0000 in the JSON, and the processor's
        // scrubber, run over that text again, took "u0000@example.com" for an address: "ada\[EMAIL]", invalid JSON.
        using var logs = new OtelLogCapture(withProcessor: true);
        var path = _temp.File("events.db");
        await using var store = SqlFunnelStore.Open(path);
        await store.EnsureSchemaAsync(default);
        FunnelWriter writer;
        await using (writer = await FunnelWriter.StartAsync(store, _temp.Options(), logs.Factory))
        {
            var item = new FunnelEvent("Noted") { UserId = "u-1", OrgId = "org-1" };
            item.Properties.Add("note", "nul\0@example.com, tab\tx@example.com, esc\u001b[0m@example.com and " + EmailCanary);
            FunnelEvents.Emit(in item);
            Assert.True(await writer.FlushAsync(TimeSpan.FromSeconds(30)));
        }

        var stored = Assert.Single(SqliteTexts(path), r => r.Column == "properties").Text;
        var exported = Assert.IsType<string>(Assert.Single(logs.Records)["properties"]);
        using (System.Text.Json.JsonDocument.Parse(exported))
        {
        }

        Assert.Equal(stored, exported);
        AssertNoCanary("exported log record", exported);
    }

    [Fact]
    public async Task No_canary_reaches_the_spill_file_written_while_the_store_is_down()
    {
        var path = _temp.File("events.db");
        await using var store = SqlFunnelStore.Open(path);
        await store.EnsureSchemaAsync(default);
        await using (var connection = new SqliteConnection("Data Source=" + path))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();

            // Every insert fails with "no such table" (a transient failure): the writer retries, then spills at shutdown.
            command.CommandText = "CREATE TRIGGER outage BEFORE INSERT ON product_events BEGIN INSERT INTO missing_table VALUES (1); END;";
            await command.ExecuteNonQueryAsync();
        }

        var options = _temp.Options(o => o.ShutdownFlushTimeout = TimeSpan.FromMilliseconds(300));
        FunnelWriter writer;
        await using (writer = await FunnelWriter.StartAsync(store, options))
        {
            var item = Leaky("SignedUp");
            FunnelEvents.Emit(in item);
        }

        Assert.Equal(1, writer.Spilled);
        var spill = string.Concat(Directory.GetFiles(options.SpillDirectory, "funnel-spill-*.jsonl").Select(File.ReadAllText));
        Assert.Contains("[EMAIL]", spill, StringComparison.Ordinal);
        AssertNoCanary("spill file", spill);
    }

    private static void AssertNoCanary(string sink, string text)
    {
        foreach (var canary in Canaries)
        {
            Assert.False(text.Contains(canary, StringComparison.Ordinal), "'" + canary + "' reached the " + sink + ": " + text);
        }
    }

    private static List<(string Column, string Text)> SqliteTexts(string path)
    {
        var result = new List<(string, string)>();
        using var connection = new SqliteConnection("Data Source=" + path + ";Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT * FROM product_events";
        using var reader = select.ExecuteReader();
        while (reader.Read())
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                if (!reader.IsDBNull(i))
                {
                    var value = reader.GetValue(i);
                    result.Add((reader.GetName(i), value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty));
                }
            }
        }

        return result;
    }
}
