using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;

namespace EdgeIngest.Storage;

/// <summary>Counts a client can check its load run against (LoadGen: lost = acknowledged − stored).</summary>
public sealed partial class EdgeStore
{
    /// <summary>Messages stored (distinct message ids) from the devices of one project.</summary>
    public async Task<long> CountProjectMessagesAsync(string projectId, CancellationToken cancellationToken)
    {
        await using var connection = await _connection.OpenAsync(cancellationToken);
        await using var command = Sql.Command(connection, null,
            "SELECT COUNT(*) FROM ingested_messages m JOIN devices d ON d.device_uuid = m.device_uuid WHERE d.project_id = @project", ("@project", projectId));
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }
}
