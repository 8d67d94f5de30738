namespace EdgeIngest.Storage;

/// <summary>The tables of EdgeIngest, in SQL both SQLite and PostgreSQL accept.</summary>
public static class Schema
{
    public const string Tables = """
        CREATE TABLE IF NOT EXISTS orgs (org_id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at TEXT NOT NULL, api_key_hash TEXT, owner_email TEXT);
        CREATE TABLE IF NOT EXISTS projects (project_id TEXT PRIMARY KEY, org_id TEXT NOT NULL, name TEXT NOT NULL, created_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS devices (device_uuid TEXT PRIMARY KEY, org_id TEXT NOT NULL, project_id TEXT NOT NULL, name TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE, revoked INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS dashboards (dashboard_id TEXT PRIMARY KEY, org_id TEXT NOT NULL, project_id TEXT NOT NULL, name TEXT NOT NULL, created_at TEXT NOT NULL, token_hash TEXT);
        CREATE TABLE IF NOT EXISTS widgets (widget_id TEXT PRIMARY KEY, dashboard_id TEXT NOT NULL, org_id TEXT NOT NULL, device_uuid TEXT NOT NULL, sensor TEXT NOT NULL, created_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS flows (flow_id TEXT PRIMARY KEY, org_id TEXT NOT NULL, project_id TEXT NOT NULL, name TEXT NOT NULL, template TEXT NOT NULL, sensor TEXT NOT NULL, definition TEXT NOT NULL, created_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS alerts (alert_id TEXT PRIMARY KEY, flow_id TEXT NOT NULL, node_id TEXT NOT NULL, org_id TEXT NOT NULL, project_id TEXT NOT NULL, device_uuid TEXT NOT NULL, sensor TEXT NOT NULL, severity TEXT NOT NULL, message TEXT NOT NULL, value DOUBLE PRECISION NOT NULL, reading_count INTEGER NOT NULL, created_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS ingested_messages (device_uuid TEXT NOT NULL, message_id TEXT NOT NULL, received_at TEXT NOT NULL, PRIMARY KEY (device_uuid, message_id));
        CREATE TABLE IF NOT EXISTS sensor_readings (device_uuid TEXT NOT NULL, message_id TEXT NOT NULL, org_id TEXT NOT NULL, project_id TEXT NOT NULL, sensor TEXT NOT NULL, value DOUBLE PRECISION NOT NULL, ts TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS ts_points (series TEXT NOT NULL, ts TEXT NOT NULL, value DOUBLE PRECISION NOT NULL);
        CREATE TABLE IF NOT EXISTS store_probe (id INTEGER PRIMARY KEY, probed_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS device_first_data (device_uuid TEXT PRIMARY KEY, org_id TEXT NOT NULL, project_id TEXT NOT NULL, message_id TEXT NOT NULL, first_at TEXT NOT NULL)
        """;

    /// <summary>The PostgreSQL advisory lock key held while the schema is created (any instance; the funnel store uses its own).</summary>
    public const long PostgresLockKey = 0x4544474553434845; // "EDGESCHE"

    /// <summary>Columns added after the first release: added to an existing database when missing.</summary>
    public static readonly (string Table, string Column, string Type)[] AddedColumns =
    {
        ("orgs", "api_key_hash", "TEXT"),
        ("orgs", "owner_email", "TEXT"),
        ("dashboards", "token_hash", "TEXT"),
    };

    public const string Indexes = """
        CREATE INDEX IF NOT EXISTS ix_sensor_readings_device ON sensor_readings (device_uuid, ts);
        CREATE INDEX IF NOT EXISTS ix_ts_points_series ON ts_points (series, ts);
        CREATE UNIQUE INDEX IF NOT EXISTS ix_orgs_api_key ON orgs (api_key_hash);
        CREATE INDEX IF NOT EXISTS ix_alerts_project ON alerts (project_id, created_at)
        """;
}
