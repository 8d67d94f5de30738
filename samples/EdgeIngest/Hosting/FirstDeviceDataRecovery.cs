using System.Threading;
using System.Threading.Tasks;
using EdgeIngest.Storage;
using Instrumentation.Funnel;

namespace EdgeIngest.Hosting;

/// <summary>
/// At start, before the app accepts connections: emits the <c>FirstDeviceData</c> funnel event of every device
/// whose first batch was acknowledged (it has a <c>device_first_data</c> row, written in the batch's
/// transaction) but whose event never reached the funnel store — the app was killed between the ack and the
/// funnel writer's next store. The event gets the time the first batch was stored and its
/// <c>time_since_registration_s</c> from the device's registration, exactly like the live event; the funnel
/// store's once-per-entity index keeps one row if the live event was stored meanwhile (another instance).
/// </summary>
public static class FirstDeviceDataRecovery
{
    /// <summary>The event name the ingest path's attribute emits (ReadingWriter.InsertReadingsAsync).</summary>
    public const string EventType = "FirstDeviceData";

    /// <summary>
    /// Emits the missing events; returns how many. <paramref name="funnelFile"/>: the SQLite file of the funnel store when
    /// it is not the app's own database (<see cref="FunnelLocation"/>), else null.
    /// </summary>
    public static async Task<int> RecoverAsync(EdgeStore store, string? funnelFile, CancellationToken cancellationToken)
    {
        var missing = await store.FindMissingFirstDataAsync(funnelFile, cancellationToken);
        foreach (var row in missing)
        {
            var item = new FunnelEvent(EventType)
            {
                OrgId = row.OrgId,
                ProjectId = row.ProjectId,
                EntityId = row.DeviceUuid,
                OncePerEntity = true,
                SinceProperty = "time_since_registration_s",
                SinceEvent = "DeviceRegistered",
                SinceStart = FunnelValue.DateTimeOffset(row.RegisteredAt),
                CreatedAt = row.FirstAt,
            };
            item.Properties.Add("device_uuid", row.DeviceUuid);
            item.Properties.Add("org_id", row.OrgId);
            FunnelEvents.Emit(in item);
        }

        return missing.Count;
    }
}
