using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace TemporalFlow.Adapters.Postgres;

/// <summary>
/// Creates and migrates the TemporalFlow schema when a worker starts, before it takes work: each migration runs once,
/// in order, inside a transaction, under an advisory lock so workers starting together do not race.
/// </summary>
public sealed partial class DatabaseMigrator(NpgsqlDataSource dataSource, ILogger<DatabaseMigrator> logger) : IHostedService
{
    private const long AdvisoryLockKey = 0x7465_6d70_666c_6f77; // "tempflow"

    public static IReadOnlyList<(int Version, string Name, string Sql)> Migrations { get; } =
    [
        (1, "event ledger", """
            CREATE TABLE IF NOT EXISTS event_ledger (
                event_id       text PRIMARY KEY,
                source         text,
                event_type     text NOT NULL,
                payload        jsonb NOT NULL,
                received_at    timestamptz NOT NULL,
                status         text NOT NULL CHECK (status IN ('routed', 'rejected', 'dead-lettered')),
                route          text,
                workflow_id    text,
                reason         text,
                config_version text,
                updated_at     timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX IF NOT EXISTS event_ledger_status ON event_ledger (status, received_at);
            CREATE INDEX IF NOT EXISTS event_ledger_type_source ON event_ledger (event_type, source);
            """),
        (2, "incidents", """
            CREATE SEQUENCE IF NOT EXISTS incident_number;
            CREATE TABLE IF NOT EXISTS incidents (
                incident_id      text PRIMARY KEY,
                number           text NOT NULL UNIQUE DEFAULT 'INC-' || lpad(nextval('incident_number')::text, 6, '0'),
                event_id         text NOT NULL,
                state            text NOT NULL CHECK (state IN ('open', 'acknowledged', 'resolved')),
                severity         text,
                classified_by    text,
                escalation_level int NOT NULL DEFAULT 0,
                title            text NOT NULL,
                source           text,
                service          text,
                analysis         jsonb,
                acknowledged_by  text,
                resolved_by      text,
                resolution       text,
                opened_at        timestamptz NOT NULL,
                updated_at       timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX IF NOT EXISTS incidents_state ON incidents (state, opened_at);
            CREATE TABLE IF NOT EXISTS incident_timeline (
                incident_id text NOT NULL REFERENCES incidents (incident_id),
                sequence    int NOT NULL,
                at          timestamptz NOT NULL,
                kind        text NOT NULL,
                actor       text,
                note        text NOT NULL,
                PRIMARY KEY (incident_id, sequence)
            );
            CREATE TABLE IF NOT EXISTS incident_notifications (
                incident_id text NOT NULL REFERENCES incidents (incident_id),
                level       int NOT NULL,
                channel     text NOT NULL,
                sent_at     timestamptz,
                PRIMARY KEY (incident_id, level, channel)
            );
            """),
    ];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await Execute(connection, "SELECT pg_advisory_lock(@key)", cancellationToken, ("key", AdvisoryLockKey));
        try
        {
            await Execute(connection, """
                CREATE TABLE IF NOT EXISTS schema_migrations (version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())
                """, cancellationToken);
            foreach (var (version, name, sql) in Migrations)
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await using var check = new NpgsqlCommand("SELECT 1 FROM schema_migrations WHERE version = @v", connection, transaction);
                check.Parameters.AddWithValue("v", version);
                if (await check.ExecuteScalarAsync(cancellationToken) is not null)
                {
                    continue;
                }
                await using var migrate = new NpgsqlCommand(sql, connection, transaction);
                await migrate.ExecuteNonQueryAsync(cancellationToken);
                await using var record = new NpgsqlCommand("INSERT INTO schema_migrations (version, name) VALUES (@v, @n)", connection, transaction);
                record.Parameters.AddWithValue("v", version);
                record.Parameters.AddWithValue("n", name);
                await record.ExecuteNonQueryAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                LogApplied(logger, version, name);
            }
        }
        finally
        {
            await Execute(connection, "SELECT pg_advisory_unlock(@key)", CancellationToken.None, ("key", AdvisoryLockKey));
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied database migration {Version}: {Name}")]
    private static partial void LogApplied(ILogger logger, int version, string name);
}
