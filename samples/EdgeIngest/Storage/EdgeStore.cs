using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using EdgeIngest.Domain;
using EdgeIngest.Flows;
using Instrumentation;

namespace EdgeIngest.Storage;

/// <summary>
/// The EdgeIngest store: tenants and their credentials, devices, dashboards, widgets, flows, alerts and
/// readings. A batch of readings is written in one transaction (time-series points, replay guard and
/// readings) so a batch is stored whole or not at all.
/// </summary>
public sealed partial class EdgeStore
{
    private static readonly JsonSerializerOptions DefinitionJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly StoreConnection _connection;
    private readonly StoreHealth _health = new();
    private readonly SemaphoreSlim _sqliteWriter = new(1, 1);
    private readonly ConcurrentDictionary<string, DeviceIdentity> _devicesByTokenHash = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _orgsByKeyHash = new(StringComparer.Ordinal);
    private long _revocations;

    public EdgeStore(StoreConnection connection)
    {
        _connection = connection;
    }

    public string Description => _connection.Description;

    /// <summary>
    /// "SQLite" or "PostgreSQL": what the open <c>/ready</c> endpoint says of the store. Not <see cref="Description"/>,
    /// which holds the file's absolute path or the server's host (an unauthenticated endpoint gave them away in a
    /// newcomer's trial; the start-up log line still names them for the operator).
    /// </summary>
    public string Kind => _connection.IsPostgres ? "PostgreSQL" : "SQLite";

    /// <summary>Changes each time this instance revokes a device: open device connections re-check themselves when it moves.</summary>
    public long RevocationGeneration => Interlocked.Read(ref _revocations);

    /// <summary>
    /// Creates the tables, columns and indexes that are missing. On PostgreSQL it runs in one transaction under
    /// an advisory lock, so N instances starting at once on a fresh database create the schema once (without
    /// the lock, concurrent <c>CREATE TABLE IF NOT EXISTS</c> fail with 23505 on <c>pg_type</c>).
    /// </summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _connection.OpenForSchemaAsync(cancellationToken);
        if (_connection.IsPostgres)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await Sql.ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(" + Schema.PostgresLockKey + ")", cancellationToken);
            await ExecuteAllAsync(connection, transaction, Schema.Tables, cancellationToken);
            foreach (var (table, column, type) in Schema.AddedColumns)
            {
                await Sql.ExecuteAsync(connection, transaction, $"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {column} {type}", cancellationToken);
            }

            await ExecuteAllAsync(connection, transaction, Schema.Indexes, cancellationToken);
            await InitializeClusterAsync(connection, transaction, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return;
        }

        await ExecuteAllAsync(connection, null, Schema.Tables, cancellationToken);
        foreach (var (table, column, type) in Schema.AddedColumns)
        {
            if (!await ColumnExistsAsync(connection, table, column, cancellationToken))
            {
                await Sql.ExecuteAsync(connection, null, $"ALTER TABLE {table} ADD COLUMN {column} {type}", cancellationToken);
            }
        }

        await ExecuteAllAsync(connection, null, Schema.Indexes, cancellationToken);
    }

    /// <summary>
    /// Whether the store can write now: a write probe (one row of <c>store_probe</c> updated and committed),
    /// waiting at most <paramref name="timeout"/> for a busy store. A store that only reads is not ready.
    /// </summary>
    public async Task<bool> IsReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _connection.OpenAsync(timeout, cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var command = Sql.Command(connection, transaction,
                "INSERT INTO store_probe (id, probed_at) VALUES (1, @at) ON CONFLICT (id) DO UPDATE SET probed_at = excluded.probed_at",
                ("@at", Sql.Timestamp(DateTimeOffset.UtcNow))))
            {
                command.CommandTimeout = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds));
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            _connection.ConfirmDurable();
            return true;
        }
        catch (DbException)
        {
            _health.Failed(StoreActivity.Probe);
            return false;
        }
    }

    // INS0207: the creating user's id is personal data here and stays redacted in the funnel ('[REDACTED]' for every user,
    // with the default redactor). EdgeIngest's funnel counts orgs, projects and devices, never users, so nothing is
    // counted wrong; a product that counts users would key them by a surrogate id or configure an HmacRedactor.
#pragma warning disable INS0207
    [FunnelEvent("OrgCreated", OrgId = "return.OrgId", UserId = "userId", Properties = new[] { "org_id=return.OrgId", "user_id=userId" })]
#pragma warning restore INS0207
    public async Task<CreatedOrg> CreateOrgAsync(string name, [PersonalData] string userId, [PersonalData] string? ownerEmail, CancellationToken cancellationToken)
    {
        var apiKey = Secrets.New("ek_");
        var orgId = await InsertAsync("INSERT INTO orgs (org_id, name, created_at, api_key_hash, owner_email) VALUES (@id, @name, @at, @key, @email)", cancellationToken,
            ("@name", name), ("@key", Secrets.Hash(apiKey)), ("@email", ownerEmail));
        return new CreatedOrg(orgId, apiKey);
    }

    /// <summary>The org an API key belongs to, or null.</summary>
    public async Task<string?> FindOrgByApiKeyAsync(string apiKey, CancellationToken cancellationToken)
    {
        var hash = Secrets.Hash(apiKey);
        if (_orgsByKeyHash.TryGetValue(hash, out var cached))
        {
            return cached;
        }

        var orgId = await ScalarAsync("SELECT org_id FROM orgs WHERE api_key_hash = @hash", cancellationToken, ("@hash", hash));
        if (orgId is not null)
        {
            _orgsByKeyHash[hash] = orgId;
        }

        return orgId;
    }

    [FunnelEvent("ProjectCreated", OrgId = "orgId", ProjectId = "return", Properties = new[] { "project_id=return", "org_id=orgId" })]
    public async Task<string> CreateProjectAsync(string orgId, string name, CancellationToken cancellationToken)
    {
        if (!await OrgExistsAsync(orgId, cancellationToken))
        {
            throw new EdgeIngestException(ErrorCodes.NotFound, "Org " + orgId + " does not exist.");
        }

        return await InsertAsync("INSERT INTO projects (project_id, org_id, name, created_at) VALUES (@id, @org, @name, @at)", cancellationToken, ("@org", orgId), ("@name", name));
    }

    public async Task<bool> OrgExistsAsync(string orgId, CancellationToken cancellationToken) =>
        await ScalarAsync("SELECT org_id FROM orgs WHERE org_id = @org", cancellationToken, ("@org", orgId)) is not null;

    /// <summary>The org that owns a project, or null when there is no such project.</summary>
    public Task<string?> OrgOfProjectAsync(string projectId, CancellationToken cancellationToken) =>
        ScalarAsync("SELECT org_id FROM projects WHERE project_id = @project", cancellationToken, ("@project", projectId));

    /// <summary>The org that owns a device, or null.</summary>
    public Task<string?> OrgOfDeviceAsync(string deviceUuid, CancellationToken cancellationToken) =>
        ScalarAsync("SELECT org_id FROM devices WHERE device_uuid = @device", cancellationToken, ("@device", deviceUuid));

    /// <summary>The org that owns a dashboard, or null.</summary>
    public Task<string?> OrgOfDashboardAsync(string dashboardId, CancellationToken cancellationToken) =>
        ScalarAsync("SELECT org_id FROM dashboards WHERE dashboard_id = @dashboard", cancellationToken, ("@dashboard", dashboardId));

    [FunnelEvent("DeviceRegistered", OncePerEntity = true, EntityId = "return.Device.DeviceUuid", OrgId = "return.Device.OrgId", ProjectId = "projectId", Properties = new[] { "device_uuid=return.Device.DeviceUuid", "org_id=return.Device.OrgId" })]
    public async Task<RegisteredDevice> RegisterDeviceAsync(string projectId, string name, CancellationToken cancellationToken)
    {
        var orgId = await OrgOfProjectAsync(projectId, cancellationToken) ?? throw new EdgeIngestException(ErrorCodes.NotFound, "Project " + projectId + " does not exist.");
        var token = Secrets.New(string.Empty);
        var now = DateTimeOffset.UtcNow;
        var deviceUuid = await InsertAsync(
            "INSERT INTO devices (device_uuid, org_id, project_id, name, token_hash, revoked, created_at) VALUES (@id, @org, @project, @name, @hash, 0, @at)",
            cancellationToken,
            ("@org", orgId),
            ("@project", projectId),
            ("@name", name),
            ("@hash", Secrets.Hash(token)));
        return new RegisteredDevice(new DeviceIdentity(deviceUuid, orgId, projectId, now), token);
    }

    /// <summary>Revokes a device: its token no longer connects, and its open connections close at their next frame.</summary>
    public async Task<bool> RevokeDeviceAsync(string deviceUuid, CancellationToken cancellationToken)
    {
        int changed;
        await using (var connection = await _connection.OpenAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            changed = await Sql.ExecuteAsync(connection, transaction, "UPDATE devices SET revoked = 1 WHERE device_uuid = @device", cancellationToken, ("@device", deviceUuid));
            await AnnounceAsync(connection, transaction, new Cluster.ClusterMessage { Kind = Cluster.ClusterMessage.RevokedKind, DeviceUuid = deviceUuid }, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        ForgetDevice(deviceUuid);
        return changed > 0;
    }

    /// <summary>The device a token belongs to (revoked or not), or null; a store outage is <c>store_unavailable</c>.</summary>
    public async Task<DeviceRecord?> FindDeviceByTokenAsync(string token, CancellationToken cancellationToken)
    {
        var hash = Secrets.Hash(token);
        if (_devicesByTokenHash.TryGetValue(hash, out var cached))
        {
            return new DeviceRecord(cached, Revoked: false);
        }

        try
        {
            return await ReadDeviceAsync(hash, cancellationToken);
        }
        catch (DbException error)
        {
            throw Unavailable(error, StoreActivity.Auth);
        }
    }

    private async Task<DeviceRecord?> ReadDeviceAsync(string hash, CancellationToken cancellationToken)
    {
        var revocationsBefore = Volatile.Read(ref _revocations);
        await using var connection = await _connection.OpenAsync(cancellationToken);
        await using var command = Sql.Command(connection, null, "SELECT device_uuid, org_id, project_id, revoked, created_at FROM devices WHERE token_hash = @hash", ("@hash", hash));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var device = new DeviceIdentity(reader.GetString(0), reader.GetString(1), reader.GetString(2), Sql.ParseTimestamp(reader.GetString(4)));
        var revoked = Convert.ToInt64(reader.GetValue(3), CultureInfo.InvariantCulture) != 0;
        if (!revoked)
        {
            _devicesByTokenHash[hash] = device;
            if (Volatile.Read(ref _revocations) != revocationsBefore)
            {
                // A revocation ran while the row was read: the row may be stale, so it is not kept (the next lookup reads again).
                _devicesByTokenHash.TryRemove(hash, out _);
            }
        }

        return new DeviceRecord(device, revoked);
    }

    /// <summary>Whether a device exists and is revoked; a store outage is <c>store_unavailable</c>.</summary>
    public async Task<DeviceState> DeviceStateAsync(string deviceUuid, CancellationToken cancellationToken)
    {
        string? revoked;
        try
        {
            revoked = await ScalarAsync("SELECT CAST(revoked AS TEXT) FROM devices WHERE device_uuid = @device", cancellationToken, ("@device", deviceUuid));
        }
        catch (DbException error)
        {
            throw Unavailable(error, StoreActivity.Auth);
        }

        return revoked is null ? DeviceState.Unknown : revoked != "0" ? DeviceState.Revoked : DeviceState.Active;
    }

    public async Task<CreatedDashboard> CreateDashboardAsync(string projectId, string name, CancellationToken cancellationToken)
    {
        var orgId = await OrgOfProjectAsync(projectId, cancellationToken) ?? throw new EdgeIngestException(ErrorCodes.NotFound, "Project " + projectId + " does not exist.");
        var token = Secrets.New("dt_");
        var dashboardId = await InsertAsync("INSERT INTO dashboards (dashboard_id, org_id, project_id, name, created_at, token_hash) VALUES (@id, @org, @project, @name, @at, @token)", cancellationToken,
            ("@org", orgId), ("@project", projectId), ("@name", name), ("@token", Secrets.Hash(token)));
        return new CreatedDashboard(new DashboardIdentity(dashboardId, orgId, projectId), token);
    }

    /// <summary>A dashboard and the hash of its token, or null when there is no such dashboard.</summary>
    public async Task<DashboardRecord?> FindDashboardAsync(string dashboardId, CancellationToken cancellationToken)
    {
        await using var connection = await _connection.OpenAsync(cancellationToken);
        await using var command = Sql.Command(connection, null, "SELECT org_id, project_id, token_hash FROM dashboards WHERE dashboard_id = @dashboard", ("@dashboard", dashboardId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken) || await reader.IsDBNullAsync(2, cancellationToken))
        {
            return null;
        }

        return new DashboardRecord(new DashboardIdentity(dashboardId, reader.GetString(0), reader.GetString(1)), reader.GetString(2));
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
        await AnnounceAsync(connection, null, new Cluster.ClusterMessage { Kind = Cluster.ClusterMessage.WidgetKind, EntityId = widgetId }, cancellationToken);
        return new Widget(widgetId, dashboardId, orgId, deviceUuid, sensor, now);
    }

    /// <summary>Every widget, to subscribe them again after a restart.</summary>
    public async Task<IReadOnlyList<Widget>> LoadWidgetsAsync(CancellationToken cancellationToken)
    {
        var widgets = new List<Widget>();
        await using var connection = await _connection.OpenAsync(cancellationToken);
        await using var command = Sql.Command(connection, null, "SELECT widget_id, dashboard_id, org_id, device_uuid, sensor, created_at FROM widgets");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (Enum.TryParse<SensorKind>(reader.GetString(4), out var sensor))
            {
                widgets.Add(new Widget(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), sensor, Sql.ParseTimestamp(reader.GetString(5))));
            }
        }

        return widgets;
    }

    [FunnelEvent("FlowCreated", OrgId = "return.OrgId", ProjectId = "projectId", Properties = new[] { "flow_uuid=return.FlowId", "project_id=projectId" })]
    public async Task<FlowDefinition> CreateFlowAsync(string projectId, string name, string template, SensorKind sensor, FlowGraph graph, CancellationToken cancellationToken)
    {
        var orgId = await OrgOfProjectAsync(projectId, cancellationToken) ?? throw new EdgeIngestException(ErrorCodes.NotFound, "Project " + projectId + " does not exist.");
        var (nodes, edges) = graph.ToSpec();
        var flowId = await InsertAsync(
            "INSERT INTO flows (flow_id, org_id, project_id, name, template, sensor, definition, created_at) VALUES (@id, @org, @project, @name, @template, @sensor, @definition, @at)",
            cancellationToken,
            ("@org", orgId), ("@project", projectId), ("@name", name), ("@template", template), ("@sensor", sensor.ToString()),
            ("@definition", JsonSerializer.Serialize(new FlowDocument(nodes, edges), DefinitionJson)));
        await AnnounceAsync(new Cluster.ClusterMessage { Kind = Cluster.ClusterMessage.FlowKind, EntityId = flowId }, cancellationToken);
        return new FlowDefinition(flowId, orgId, projectId, name, template, sensor, graph);
    }

    /// <summary>Every stored flow, rebuilt (and validated again) from its definition; definitions that no longer validate are returned as skipped.</summary>
    public async Task<(IReadOnlyList<FlowDefinition> Flows, IReadOnlyList<string> Skipped)> LoadFlowsAsync(CancellationToken cancellationToken, string? onlyFlowId = null)
    {
        var flows = new List<FlowDefinition>();
        var skipped = new List<string>();
        await using var connection = await _connection.OpenAsync(cancellationToken);
        await using var command = onlyFlowId is null
            ? Sql.Command(connection, null, "SELECT flow_id, org_id, project_id, name, template, sensor, definition FROM flows")
            : Sql.Command(connection, null, "SELECT flow_id, org_id, project_id, name, template, sensor, definition FROM flows WHERE flow_id = @flow", ("@flow", onlyFlowId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var flowId = reader.GetString(0);
            try
            {
                var document = JsonSerializer.Deserialize<FlowDocument>(reader.GetString(6), DefinitionJson) ?? throw new JsonException("empty definition");
                var graph = FlowGraph.Build(document.Nodes, document.Edges ?? Array.Empty<FlowEdgeSpec>());
                var sensor = Enum.Parse<SensorKind>(reader.GetString(5));
                flows.Add(new FlowDefinition(flowId, reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), sensor, graph));
            }
            catch (Exception error) when (error is JsonException or EdgeIngestException or ArgumentException)
            {
                skipped.Add(flowId);
            }
        }

        return (flows, skipped);
    }

    private sealed record FlowDocument(IReadOnlyList<FlowNodeSpec>? Nodes, IReadOnlyList<FlowEdgeSpec>? Edges);

    public async Task InsertAlertAsync(Alert alert, CancellationToken cancellationToken)
    {
        await using var connection = await _connection.OpenAsync(cancellationToken);
        await Sql.ExecuteAsync(connection, null,
            "INSERT INTO alerts (alert_id, flow_id, node_id, org_id, project_id, device_uuid, sensor, severity, message, value, reading_count, created_at) VALUES (@id, @flow, @node, @org, @project, @device, @sensor, @severity, @message, @value, @count, @at)",
            cancellationToken,
            ("@id", alert.AlertId), ("@flow", alert.FlowId), ("@node", alert.NodeId), ("@org", alert.OrgId), ("@project", alert.ProjectId), ("@device", alert.DeviceUuid),
            ("@sensor", alert.Sensor.ToString()), ("@severity", DomainNames.Severity(alert.Severity)), ("@message", alert.Message), ("@value", alert.Value), ("@count", alert.Count),
            ("@at", Sql.Timestamp(alert.CreatedAt)));
        await AnnounceAsync(connection, null, new Cluster.ClusterMessage { Kind = Cluster.ClusterMessage.AlertKind, Alert = alert }, cancellationToken);
    }

    /// <summary>The latest alerts of a project, newest first.</summary>
    public async Task<IReadOnlyList<Alert>> ListAlertsAsync(string projectId, int limit, CancellationToken cancellationToken)
    {
        var alerts = new List<Alert>();
        await using var connection = await _connection.OpenAsync(cancellationToken);
        await using var command = Sql.Command(connection, null,
            "SELECT alert_id, flow_id, node_id, org_id, project_id, device_uuid, sensor, severity, message, value, reading_count, created_at FROM alerts WHERE project_id = @project ORDER BY created_at DESC LIMIT @limit",
            ("@project", projectId), ("@limit", limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            alerts.Add(new Alert(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                Enum.Parse<SensorKind>(reader.GetString(6)), DomainNames.ParseSeverity(reader.GetString(7)) ?? AlertSeverity.Warning, reader.GetString(8),
                Convert.ToDouble(reader.GetValue(9), CultureInfo.InvariantCulture), Convert.ToInt32(reader.GetValue(10), CultureInfo.InvariantCulture), Sql.ParseTimestamp(reader.GetString(11))));
        }

        return alerts;
    }

    /// <summary>
    /// Stores one ingested message in one transaction: the time-series points, the replay guard and the
    /// readings. Returns false when the message id was already stored for this device (a replay: nothing is
    /// stored again, the device is acknowledged). A store failure stores nothing and is reported as
    /// <c>store_unavailable</c>; a value the store cannot hold as <c>invalid_message</c>.
    /// </summary>
    public async Task<bool> StoreBatchAsync(TenantContext tenant, string messageId, SensorKind sensor, IReadOnlyList<Reading> readings, ReadingWriter writer, CancellationToken cancellationToken)
    {
        var serialize = !_connection.IsPostgres;
        if (serialize && !await _sqliteWriter.WaitAsync(_connection.Timeout, cancellationToken))
        {
            // Writes queue behind one that waits for a locked file: refuse instead of leaving the device without an answer.
            _health.Failed(StoreActivity.Ingest);
            throw new EdgeIngestException(ErrorCodes.StoreUnavailable, "The store is busy; nothing was stored, retry later.") { MessageId = messageId };
        }

        try
        {
            await using var unit = new WriteUnit(_connection);
            unit.BeforeCommit((connection, transaction, ct) => OnBatchCommittingAsync(connection, transaction, tenant, messageId, sensor, readings, ct));
            await writer.WriteTimeSeriesAsync(tenant, unit, sensor, readings, cancellationToken);
            await writer.InsertReadingsAsync(tenant, unit, messageId, sensor, readings, cancellationToken);
            OnBatchCommitted(tenant);
            return true;
        }
        catch (EdgeIngestException error) when (error.ErrorCode == ErrorCodes.ReplayedMessage)
        {
            return false;
        }
        catch (EdgeIngestException error) when (error.ErrorCode == ErrorCodes.StoreUnavailable)
        {
            _health.Failed(StoreActivity.Ingest);
            throw;
        }
        catch (DbException error)
        {
            throw IngestError(error, messageId);
        }
        finally
        {
            if (serialize)
            {
                _sqliteWriter.Release();
            }
        }
    }

    /// <summary>
    /// What a failed write of a batch means for the device: a value the store refuses (PostgreSQL SQLSTATE class
    /// 22, for example 22021 for a NUL character) is bad input the device must not resend; anything else is an
    /// outage (<c>store_unavailable</c>, resend later), counted in <c>store_errors_total</c>.
    /// </summary>
    internal EdgeIngestException IngestError(DbException error, string messageId)
    {
        if (StoreErrors.IsBadValue(error))
        {
            return new EdgeIngestException(ErrorCodes.InvalidMessage, "The frame holds a value the store cannot keep (for example a NUL character).", error) { MessageId = messageId };
        }

        _health.Failed(StoreActivity.Ingest);
        return new EdgeIngestException(ErrorCodes.StoreUnavailable, "The store could not take the batch; nothing was stored, retry later.", error) { MessageId = messageId };
    }

    /// <summary>Readings stored for one device under one org (tenant isolation checks).</summary>
    public async Task<long> CountReadingsAsync(string orgId, string deviceUuid, CancellationToken cancellationToken)
    {
        await using var connection = await _connection.OpenAsync(cancellationToken);
        await using var command = Sql.Command(connection, null, "SELECT COUNT(*) FROM sensor_readings WHERE org_id = @org AND device_uuid = @device", ("@org", orgId), ("@device", deviceUuid));
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    /// <summary>Distinct orgs with readings stored within <paramref name="window"/>.</summary>
    public async Task<long> CountActiveOrgsAsync(TimeSpan window, CancellationToken cancellationToken)
    {
        await using var connection = await _connection.OpenAsync(cancellationToken);
        await using var command = Sql.Command(connection, null, "SELECT COUNT(DISTINCT org_id) FROM sensor_readings WHERE ts >= @since", ("@since", Sql.Timestamp(DateTimeOffset.UtcNow - window)));
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    public async Task<long> CountAsync(string table, CancellationToken cancellationToken)
    {
        if (table is not ("sensor_readings" or "ts_points" or "ingested_messages" or "devices" or "orgs" or "alerts"))
        {
            throw new ArgumentException("Unknown table " + table, nameof(table));
        }

        await using var connection = await _connection.OpenAsync(cancellationToken);
        await using var command = Sql.Command(connection, null, "SELECT COUNT(*) FROM " + table);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A store failure outside ingest (REST, auth lookups): <c>store_unavailable</c>, counted in <c>store_errors_total</c>;
    /// a value the store refuses (SQLSTATE class 22) is <c>invalid_message</c> (400) instead.
    /// </summary>
    internal EdgeIngestException Unavailable(DbException error, StoreActivity activity)
    {
        if (StoreErrors.IsBadValue(error))
        {
            return new EdgeIngestException(ErrorCodes.InvalidMessage, "The request holds a value the store cannot keep (for example a NUL character).", error);
        }

        _health.Failed(activity);
        return new EdgeIngestException(ErrorCodes.StoreUnavailable, "The store is unavailable; retry later.", error);
    }

    private static async Task ExecuteAllAsync(DbConnection connection, DbTransaction? transaction, string statements, CancellationToken cancellationToken)
    {
        foreach (var statement in statements.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            await Sql.ExecuteAsync(connection, transaction, statement, cancellationToken);
        }
    }

    private static async Task<bool> ColumnExistsAsync(DbConnection connection, string table, string column, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = Sql.Command(connection, null, $"SELECT {column} FROM {table} WHERE 1 = 0");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return true;
        }
        catch (DbException)
        {
            return false;
        }
    }

    private async Task<string?> ScalarAsync(string query, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var connection = await _connection.OpenAsync(cancellationToken);
        await using var command = Sql.Command(connection, null, query, parameters);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    private async Task<string> InsertAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var id = Guid.NewGuid().ToString();
        var all = new List<(string, object?)>(parameters) { ("@id", id), ("@at", Sql.Timestamp(DateTimeOffset.UtcNow)) };
        await using var connection = await _connection.OpenAsync(cancellationToken);
        await Sql.ExecuteAsync(connection, null, sql, cancellationToken, all.ToArray());
        return id;
    }
}

/// <summary>A device as the store holds it now.</summary>
public enum DeviceState
{
    /// <summary>No such device (deleted).</summary>
    Unknown,

    /// <summary>May write.</summary>
    Active,

    /// <summary>Revoked: its token no longer connects.</summary>
    Revoked,
}
