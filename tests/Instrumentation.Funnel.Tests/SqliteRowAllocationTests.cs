using System;
using System.IO;
using System.Threading.Tasks;
using Instrumentation.Funnel.Stores;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Instrumentation.Funnel.Tests;

/// <summary>The SQLite writer binds each row's values without a string of its own for the id and the time.</summary>
public sealed class SqliteRowAllocationTests
{
    [Fact]
    public async Task A_stored_row_allocates_nothing_beyond_its_batch_and_keeps_the_id_and_time_text()
    {
        var path = Path.Combine(Path.GetTempPath(), "funnel-row-alloc-" + Guid.NewGuid().ToString("N") + ".db");
        try
        {
            await using var store = SqlFunnelStore.Open(path);
            await store.EnsureSchemaAsync(default);
            await using var writer = await SqliteBatchWriter.OpenAsync(store, default);
            var at = new DateTimeOffset(2026, 12, 7, 10, 11, 12, 345, TimeSpan.FromHours(2));
            StoredFunnelEvent[] Rows(int count)
            {
                var rows = new StoredFunnelEvent[count];
                for (var i = 0; i < count; i++)
                {
                    rows[i] = new StoredFunnelEvent("FlowExecuted", null, "org-1", "project-1", null, "{\"node_count\":4}", at, OncePerEntity: false, EventId: Guid.NewGuid());
                }

                return rows;
            }

            writer.Write(Rows(20), default); // the first calls compile and tier the path
            var small = Rows(50);
            var large = Rows(150);

            var before = GC.GetAllocatedBytesForCurrentThread();
            writer.Write(small, default);
            var afterSmall = GC.GetAllocatedBytesForCurrentThread();
            writer.Write(large, default);
            var afterLarge = GC.GetAllocatedBytesForCurrentThread();

            // What 100 more rows add: the batch's result array grows by a byte a row; the id and time were two strings
            // (~180 B) a row before.
            var perRow = ((afterLarge - afterSmall) - (afterSmall - before)) / 100.0;
            Assert.InRange(perRow, 0, 8);

            await using var read = new SqliteConnection("Data Source=" + path + ";Pooling=False");
            await read.OpenAsync();
            await using var command = read.CreateCommand();
            command.CommandText = "SELECT event_id, created_at FROM product_events WHERE event_id = @id";
            command.Parameters.AddWithValue("@id", large[7].EventId!.Value.ToString("D"));
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal(large[7].EventId!.Value.ToString("D"), reader.GetString(0));
            Assert.Equal("2026-12-07T08:11:12.345Z", reader.GetString(1));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(path) + "*"))
            {
                File.Delete(file);
            }
        }
    }
}
