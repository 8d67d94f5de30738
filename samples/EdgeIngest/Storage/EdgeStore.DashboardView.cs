using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using EdgeIngest.Domain;

namespace EdgeIngest.Storage;

/// <summary>One widget as the dashboard page shows it: its device's name and the sensor it follows.</summary>
public sealed record WidgetView(string WidgetId, string DeviceUuid, string DeviceName, SensorKind Sensor);

/// <summary>What the dashboard page needs to lay out its widgets before the first reading arrives.</summary>
public sealed partial class EdgeStore
{
    /// <summary>The dashboard's name and widgets (oldest first), or null when there is no such dashboard.</summary>
    public async Task<(string Name, IReadOnlyList<WidgetView> Widgets)?> LoadDashboardViewAsync(string dashboardId, CancellationToken cancellationToken)
    {
        await using var connection = await _connection.OpenAsync(cancellationToken);
        string name;
        await using (var command = Sql.Command(connection, null, "SELECT name FROM dashboards WHERE dashboard_id = @dashboard", ("@dashboard", dashboardId)))
        {
            if (await command.ExecuteScalarAsync(cancellationToken) is not string found)
            {
                return null;
            }

            name = found;
        }

        var widgets = new List<WidgetView>();
        await using var list = Sql.Command(connection, null,
            "SELECT w.widget_id, w.device_uuid, v.name, w.sensor FROM widgets w JOIN devices v ON v.device_uuid = w.device_uuid WHERE w.dashboard_id = @dashboard ORDER BY w.created_at, w.widget_id",
            ("@dashboard", dashboardId));
        await using var reader = await list.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (Enum.TryParse<SensorKind>(reader.GetString(3), out var sensor))
            {
                widgets.Add(new WidgetView(reader.GetString(0), reader.GetString(1), reader.GetString(2), sensor));
            }
        }

        return (name, widgets);
    }
}
