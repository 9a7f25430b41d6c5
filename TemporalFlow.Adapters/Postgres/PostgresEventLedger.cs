using Npgsql;
using NpgsqlTypes;
using TemporalFlow.Core.Ports;

namespace TemporalFlow.Adapters.Postgres;

/// <summary>The event ledger in PostgreSQL: an upsert per event id, so a retried activity writes the same row again.</summary>
public sealed class PostgresEventLedger(NpgsqlDataSource dataSource) : IEventLedger
{
    public async Task RecordAsync(LedgerEntry entry, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO event_ledger (event_id, source, event_type, payload, received_at, status, route, workflow_id, reason, config_version)
            VALUES (@id, @source, @type, @payload, @received, @status, @route, @workflow, @reason, @version)
            ON CONFLICT (event_id) DO UPDATE SET
                status = EXCLUDED.status, route = EXCLUDED.route, workflow_id = EXCLUDED.workflow_id,
                reason = EXCLUDED.reason, config_version = EXCLUDED.config_version, updated_at = now()
            """);
        command.Parameters.AddWithValue("id", entry.EventId);
        command.Parameters.AddWithValue("source", (object?)entry.Source ?? DBNull.Value);
        command.Parameters.AddWithValue("type", entry.EventType);
        command.Parameters.Add(new NpgsqlParameter("payload", NpgsqlDbType.Jsonb) { Value = entry.PayloadJson });
        command.Parameters.AddWithValue("received", entry.ReceivedAt.ToUniversalTime());
        command.Parameters.AddWithValue("status", entry.Status);
        command.Parameters.AddWithValue("route", (object?)entry.Route ?? DBNull.Value);
        command.Parameters.AddWithValue("workflow", (object?)entry.WorkflowId ?? DBNull.Value);
        command.Parameters.AddWithValue("reason", (object?)entry.Reason ?? DBNull.Value);
        command.Parameters.AddWithValue("version", (object?)entry.ConfigurationVersion ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<LedgerEntry?> FindAsync(string eventId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT event_id, source, event_type, payload::text, received_at, status, route, workflow_id, reason, config_version
            FROM event_ledger WHERE event_id = @id
            """);
        command.Parameters.AddWithValue("id", eventId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        return new LedgerEntry(reader.GetString(0), Text(1), reader.GetString(2), reader.GetString(3),
            reader.GetFieldValue<DateTimeOffset>(4), reader.GetString(5), Text(6), Text(7), Text(8), Text(9));
    }
}
