using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using EdgeIngest.Domain;
using Instrumentation;

namespace EdgeIngest.Storage;

/// <summary>
/// The EdgeIngest store: tenants, devices, dashboards, widgets, flows, and readings. A batch of
/// readings is written in one transaction (readings, replay guard and time-series points) so a batch is
/// stored whole or not at all.
/// </summary>
public sealed class EdgeStore
{
    private readonly StoreConnection _connection;
    private readonly SemaphoreSlim _sqliteWriter = new(1, 1);
    private readonly ConcurrentDictionary<string, DeviceIdentity> _devicesByTokenHash = new(StringComparer.Ordinal);

    public EdgeStore(StoreConnection connection)
    {
        _connection = connection;
    }

    public string Description => _connection.Description;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _connection.OpenAsync(cancellationToken);
        foreach (var statement in Schema.Create.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            await Sql.ExecuteAsync(connection, null, statement, cancellationToken);
        }
    }

    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _connection.OpenAsync(cancellationToken);
            await using var command = Sql.Command(connection, null, "SELECT COUNT(*) FROM orgs");
            await command.ExecuteScalarAsync(cancellationToken);
            return true;
        }
        catch (DbException)
        {
            return false;
        }
    }

    [FunnelEvent("OrgCreated", OrgId = "return", UserId = "userId", Properties = new[] { "org_id=return", "user_id=userId" })]
    public Task<string> CreateOrgAsync(string name, string userId, CancellationToken cancellationToken) =>
        InsertAsync("INSERT INTO orgs (org_id, name, created_at) VALUES (@id, @name, @at)", cancellationToken, ("@name", name));

    [FunnelEvent("ProjectCreated", OrgId = "orgId", ProjectId = "return", Properties = new[] { "project_id=return", "org_id=orgId" })]
    public async Task<string> CreateProjectAsync(string orgId, string name, CancellationToken cancellationToken)
    {
        await RequireAsync("SELECT COUNT(*) FROM orgs WHERE org_id = @org", cancellationToken, ("@org", orgId));
        return await InsertAsync("INSERT INTO projects (project_id, org_id, name, created_at) VALUES (@id, @org, @name, @at)", cancellationToken, ("@org", orgId), ("@name", name));
    }

    [FunnelEvent("DeviceRegistered", OncePerEntity = true, EntityId = "return.Device.DeviceUuid", OrgId = "return.Device.OrgId", ProjectId = "projectId", Properties = new[] { "device_uuid=return.Device.DeviceUuid", "org_id=return.Device.OrgId" })]
    public async Task<RegisteredDevice> RegisterDeviceAsync(string projectId, string name, CancellationToken cancellationToken)
    {
        var orgId = await OrgOfProjectAsync(projectId, cancellationToken);
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = DateTimeOffset.UtcNow;
        var deviceUuid = await InsertAsync(
            "INSERT INTO devices (device_uuid, org_id, project_id, name, token_hash, revoked, created_at) VALUES (@id, @org, @project, @name, @hash, 0, @at)",
            cancellationToken,
            ("@org", orgId),
            ("@project", projectId),
            ("@name", name),
            ("@hash", HashToken(token)));
        return new RegisteredDevice(new DeviceIdentity(deviceUuid, orgId, projectId, now), token);
    }

    public async Task<bool> RevokeDeviceAsync(string deviceUuid, CancellationToken cancellationToken)
    {
        await using var connection = await _connection.OpenAsync(cancellationToken);
        var changed = await Sql.ExecuteAsync(connection, null, "UPDATE devices SET revoked = 1 WHERE device_uuid = @device", cancellationToken, ("@device", deviceUuid));
        foreach (var pair in _devicesByTokenHash)
        {
            if (pair.Value.DeviceUuid == deviceUuid)
            {
                _devicesByTokenHash.TryRemove(pair.Key, out _);
            }
        }

        return changed > 0;
    }

    /// <summary>The device a token belongs to, or an error with the reason (unknown, revoked).</summary>
    public async Task<DeviceIdentity> FindDeviceByTokenAsync(string token, CancellationToken cancellationToken)
    {
        var hash = HashToken(token);
        if (_devicesByTokenHash.TryGetValue(hash, out var cached))
        {
            return cached;
        }

        await using var connection = await _connection.OpenAsync(cancellationToken);
        await using var command = Sql.Command(connection, null, "SELECT device_uuid, org_id, project_id, revoked, created_at FROM devices WHERE token_hash = @hash", ("@hash", hash));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new EdgeIngestException(ErrorCodes.UnknownDevice, "No device has this token.");
        }

        if (Convert.ToInt64(reader.GetValue(3), System.Globalization.CultureInfo.InvariantCulture) != 0)
        {
            throw new EdgeIngestException(ErrorCodes.RevokedDevice, "This device was revoked.");
        }

        var device = new DeviceIdentity(reader.GetString(0), reader.GetString(1), reader.GetString(2), Sql.ParseTimestamp(reader.GetString(4)));
        _devicesByTokenHash[hash] = device;
        return device;
    }

    public async Task<string> CreateDashboardAsync(string projectId, string name, CancellationToken cancellationToken)
    {
        var orgId = await OrgOfProjectAsync(projectId, cancellationToken);
        return await InsertAsync("INSERT INTO dashboards (dashboard_id, org_id, project_id, name, created_at) VALUES (@id, @org, @project, @name, @at)", cancellationToken, ("@org", orgId), ("@project", projectId), ("@name", name));
    }

    [FunnelEvent("FirstDashboardWidget", OncePerEntity = true, EntityId = "return.OrgId", OrgId = "return.OrgId", Properties = new[] { "dashboard_uuid=return.DashboardId", "org_id=return.OrgId" })]
    [FunnelEvent("WidgetCreated", OncePerEntity = true, EntityId = "return.WidgetId", OrgId = "return.OrgId", Properties = new[] { "widget_id=return.WidgetId" })]
    public async Task<Widget> CreateWidgetAsync(string dashboardId, string deviceUuid, SensorKind sensor, CancellationToken cancellationToken)
    {
        await using var connection = await _connection.OpenAsync(cancellationToken);
        string orgId;
        await using (var command = Sql.Command(connection, null, "SELECT d.org_id FROM dashboards d JOIN devices v ON v.org_id = d.org_id WHERE d.dashboard_id = @dashboard AND v.device_uuid = @device", ("@dashboard", dashboardId), ("@device", deviceUuid)))
        {
            orgId = await command.ExecuteScalarAsync(cancellationToken) as string
                ?? throw new EdgeIngestException(ErrorCodes.WrongTenant, "The dashboard and the device must exist and belong to one org.");
        }

        var now = DateTimeOffset.UtcNow;
        var widgetId = Guid.NewGuid().ToString();
        await Sql.ExecuteAsync(connection, null, "INSERT INTO widgets (widget_id, dashboard_id, org_id, device_uuid, sensor, created_at) VALUES (@id, @dashboard, @org, @device, @sensor, @at)", cancellationToken,
            ("@id", widgetId), ("@dashboard", dashboardId), ("@org", orgId), ("@device", deviceUuid), ("@sensor", sensor.ToString()), ("@at", Sql.Timestamp(now)));
        return new Widget(widgetId, dashboardId, orgId, deviceUuid, sensor, now);
    }

    public async Task<string?> OrgOfDashboardAsync(string dashboardId, CancellationToken cancellationToken)
    {
        await using var connection = await _connection.OpenAsync(cancellationToken);
        await using var command = Sql.Command(connection, null, "SELECT org_id FROM dashboards WHERE dashboard_id = @dashboard", ("@dashboard", dashboardId));
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    [FunnelEvent("FlowCreated", OrgId = "return.OrgId", ProjectId = "projectId", Properties = new[] { "flow_uuid=return.FlowId", "project_id=projectId" })]
    public async Task<FlowDefinition> CreateFlowAsync(string projectId, string name, string template, SensorKind sensor, IReadOnlyList<FlowNodeDefinition> nodes, CancellationToken cancellationToken)
    {
        var orgId = await OrgOfProjectAsync(projectId, cancellationToken);
        var flowId = await InsertAsync(
            "INSERT INTO flows (flow_id, org_id, project_id, name, template, sensor, definition, created_at) VALUES (@id, @org, @project, @name, @template, @sensor, @definition, @at)",
            cancellationToken,
            ("@org", orgId), ("@project", projectId), ("@name", name), ("@template", template), ("@sensor", sensor.ToString()), ("@definition", JsonSerializer.Serialize(nodes)));
        return new FlowDefinition(flowId, orgId, projectId, name, template, sensor, nodes);
    }

    /// <summary>
    /// Stores one ingested message: the replay guard, the readings and the time-series points, in one
    /// transaction. A replayed message id stores nothing.
    /// </summary>
    public async Task StoreBatchAsync(TenantContext tenant, string deviceUuid, string messageId, SensorKind sensor, IReadOnlyList<Reading> readings, ReadingWriter writer, CancellationToken cancellationToken)
    {
        var serialize = !_connection.IsPostgres;
        if (serialize)
        {
            await _sqliteWriter.WaitAsync(cancellationToken);
        }

        try
        {
            await using var connection = await _connection.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var fresh = await Sql.ExecuteAsync(connection, transaction,
                "INSERT INTO ingested_messages (device_uuid, message_id, received_at) VALUES (@device, @message, @at) ON CONFLICT DO NOTHING",
                cancellationToken, ("@device", deviceUuid), ("@message", messageId), ("@at", Sql.Timestamp(DateTimeOffset.UtcNow)));
            if (fresh == 0)
            {
                await transaction.RollbackAsync(cancellationToken);
                throw new EdgeIngestException(ErrorCodes.ReplayedMessage, "Message " + messageId + " was already ingested.");
            }

            await writer.InsertReadingsAsync(tenant, connection, transaction, messageId, sensor, readings, cancellationToken);
            await writer.WriteTimeSeriesAsync(tenant, connection, transaction, sensor, readings, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            if (serialize)
            {
                _sqliteWriter.Release();
            }
        }
    }

    /// <summary>Readings stored for one device under one org (tenant isolation checks).</summary>
    public async Task<long> CountReadingsAsync(string orgId, string deviceUuid, CancellationToken cancellationToken)
    {
        await using var connection = await _connection.OpenAsync(cancellationToken);
        await using var command = Sql.Command(connection, null, "SELECT COUNT(*) FROM sensor_readings WHERE org_id = @org AND device_uuid = @device", ("@org", orgId), ("@device", deviceUuid));
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Distinct orgs with readings stored within <paramref name="window"/>.</summary>
    public async Task<long> CountActiveOrgsAsync(TimeSpan window, CancellationToken cancellationToken)
    {
        await using var connection = await _connection.OpenAsync(cancellationToken);
        await using var command = Sql.Command(connection, null, "SELECT COUNT(DISTINCT org_id) FROM sensor_readings WHERE ts >= @since", ("@since", Sql.Timestamp(DateTimeOffset.UtcNow - window)));
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<long> CountAsync(string table, CancellationToken cancellationToken)
    {
        if (table is not ("sensor_readings" or "ts_points" or "ingested_messages" or "devices" or "orgs"))
        {
            throw new ArgumentException("Unknown table " + table, nameof(table));
        }

        await using var connection = await _connection.OpenAsync(cancellationToken);
        await using var command = Sql.Command(connection, null, "SELECT COUNT(*) FROM " + table);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<string> OrgOfProjectAsync(string projectId, CancellationToken cancellationToken)
    {
        await using var connection = await _connection.OpenAsync(cancellationToken);
        await using var command = Sql.Command(connection, null, "SELECT org_id FROM projects WHERE project_id = @project", ("@project", projectId));
        return await command.ExecuteScalarAsync(cancellationToken) as string
            ?? throw new EdgeIngestException(ErrorCodes.InvalidMessage, "Project " + projectId + " does not exist.");
    }

    private async Task RequireAsync(string countQuery, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var connection = await _connection.OpenAsync(cancellationToken);
        await using var command = Sql.Command(connection, null, countQuery, parameters);
        if (Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            throw new EdgeIngestException(ErrorCodes.InvalidMessage, "The referenced entity does not exist.");
        }
    }

    private async Task<string> InsertAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var id = Guid.NewGuid().ToString();
        var all = new List<(string, object?)>(parameters) { ("@id", id), ("@at", Sql.Timestamp(DateTimeOffset.UtcNow)) };
        await using var connection = await _connection.OpenAsync(cancellationToken);
        await Sql.ExecuteAsync(connection, null, sql, cancellationToken, all.ToArray());
        return id;
    }

    private static string HashToken(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
